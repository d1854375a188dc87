"""io's readers refuse anything but a regular file before reading a byte, and resolve a symlink loop
without raising (Path.resolve() raises RuntimeError on one in Python 3.11)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from partnerscore.io.paths import is_symlink_loop, real_path
from partnerscore.io.textfile import TextFileError, no_file_to_read, read_bytes

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and symlinks as on POSIX")


def _message(path: Path) -> str:
    with pytest.raises(TextFileError) as caught:
        read_bytes(path, max_bytes=1024)
    assert (caught.value.line, caught.value.column) == (1, 1)
    return caught.value.message


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path):
    os.mkfifo(tmp_path / "a.csv")  # open() without O_NONBLOCK would block here for ever
    assert _message(tmp_path / "a.csv") == "is not a regular file (a FIFO)"
    assert no_file_to_read(tmp_path / "a.csv") == "is not a regular file (a FIFO)"


def test_a_link_to_a_device_loop_or_nothing_is_named_as_such(tmp_path: Path):
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    (tmp_path / "loop.csv").symlink_to("loop.csv")
    (tmp_path / "gone.csv").symlink_to("nowhere.csv")
    assert _message(tmp_path / "zero.csv") == "is not a regular file (a character device)"
    assert _message(tmp_path / "loop.csv") == "is a symlink loop"
    assert _message(tmp_path / "gone.csv") == "is a symlink to nowhere.csv, which does not exist"
    assert no_file_to_read(tmp_path / "loop.csv") == "is a symlink loop"
    assert no_file_to_read(tmp_path / "gone.csv") is None  # not there: the caller's "missing" case


def test_a_regular_file_reads_and_a_loop_resolves_without_raising(tmp_path: Path):
    (tmp_path / "a.csv").write_bytes(b"date,metric,value\n")
    assert read_bytes(tmp_path / "a.csv", max_bytes=1024) == b"date,metric,value\n"
    assert no_file_to_read(tmp_path / "a.csv") is None
    (tmp_path / "loop.csv").symlink_to("loop.csv")
    assert real_path(tmp_path / "loop.csv") == tmp_path.resolve() / "loop.csv"
    assert is_symlink_loop(tmp_path / "loop.csv") and not is_symlink_loop(tmp_path / "a.csv")
