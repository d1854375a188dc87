"""Reading user files as UTF-8 text, with a size bound and a useful message for every other encoding."""

from __future__ import annotations

import codecs
import errno
import os
import stat
from pathlib import Path


class TextFileError(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def _human_size(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"  # pragma: no cover


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def not_regular(mode: int) -> str | None:
    """Why a file of this `st_mode` is no file to read ("is not a regular file (a FIFO)"), or None for a
    regular file. Opening a FIFO blocks until something writes to it, and /dev/zero never ends."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    return f"is not a regular file ({kind})"


def _unopenable(path: Path, exc: OSError) -> str:
    """The message for a file that cannot be opened: a symlink loop and a broken link named as such."""
    if exc.errno == errno.ELOOP:
        return "is a symlink loop"
    if isinstance(exc, FileNotFoundError) and path.is_symlink():
        return f"is a symlink to {os.readlink(path)}, which does not exist"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a file"
    return f"cannot read file: {exc.strerror or exc}"


def no_file_to_read(path: Path) -> str | None:
    """Why `path`, which is there, is no file to read (a FIFO, a device, a folder, a symlink loop), without
    opening it; None for a regular file or a path that is not there at all. For a check ahead of a reader
    this module does not run (DuckDB's, in `pull`)."""
    try:
        return not_regular(os.stat(path).st_mode)
    except OSError as exc:
        return _unopenable(path, exc) if exc.errno == errno.ELOOP else None


def read_bytes(path: Path, *, max_bytes: int) -> bytes:
    try:
        # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer, and fstat() then
        # refuses it (and any other special file) before a byte is read. A regular file ignores the flag.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise TextFileError(_unopenable(path, exc)) from None
    try:
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            info = os.fstat(handle.fileno())
            refused = not_regular(info.st_mode)
            if refused is not None:
                raise TextFileError(refused)
            size = info.st_size
            if size > max_bytes:
                shown, limit = _human_size(size), _human_size(max_bytes)
                if shown == limit:  # "1.0 MiB, over the 1.0 MiB limit" would not say by how much
                    shown, limit = f"{size:,} bytes", f"{max_bytes:,}-byte"
                raise TextFileError(f"file is {shown}, over the {limit} limit for this kind of file")
            # Read what fstat() promised plus one byte rather than a buffer of the whole limit for every
            # small file; a file that grew reads on up to the limit.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(max_bytes + 1 - len(data))
    except TextFileError:
        raise
    except OSError as exc:
        raise TextFileError(f"cannot read file: {exc.strerror or exc}") from exc
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > max_bytes:  # grew while we looked
        raise TextFileError(f"file is over the {_human_size(max_bytes)} limit for this kind of file")
    return data


_CONTROL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20)) + b"\x7f"


def _looks_binary(data: bytes) -> bool:
    """Text in any encoding has almost no control bytes; random or compressed data has about 11%."""
    sample = data[:4096]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > len(sample) * 0.03


def decode(data: bytes) -> str:
    """Decode UTF-8 (a BOM is accepted and dropped); name the likely encoding when it is not UTF-8."""
    wide_boms = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    if data.startswith(wide_boms) and not data.startswith(codecs.BOM_UTF8):
        raise TextFileError("file is UTF-16 or UTF-32 encoded; save it as UTF-8")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if b"\x00" in data:
        # Lines mean nothing in a binary file, so these point at its start.
        if data[1::2].count(b"\x00") > len(data) // 4 or data[0::2].count(b"\x00") > len(data) // 4:
            raise TextFileError("file looks UTF-16 encoded (it has NUL bytes between characters); "
                                "save it as UTF-8")
        raise TextFileError("file is binary (it contains NUL bytes), not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _looks_binary(data):
            raise TextFileError("file is binary (it is full of control bytes), not a text file; "
                                "was a spreadsheet or archive saved with a .yaml or .csv name?") from exc
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise TextFileError(
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); it may be Latin-1 "
            "or Windows-1252 encoded, so save it as UTF-8",
            line, column,
        ) from exc


def read_text(path: Path, *, max_bytes: int) -> str:
    return decode(read_bytes(path, max_bytes=max_bytes))
