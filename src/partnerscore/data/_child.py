"""A child process that reads the report's CSVs while this one loads the scorecards. Private to store.py.

Why a process and not a thread: pandas' C parser keeps taking the GIL back while it reads, so a reading
thread slowed the loading of the scorecards about as much as it saved. A child has its own GIL: it
imports pandas and reads the files while this process loads the scorecards, and this process then never
imports pandas at all.

The child runs the very code an in-process read runs (`_batch_reader.load_many_checked`: many small files
in one parse) on the paths it gets on its stdin, one a line, a batch at a time as they come, and answers
each file in turn on its stdout as soon as its batch is read: a frame of 8 bytes (the length) and a pickle
of the file's series (see `serve`). So the report can build the first partnerships while the child still
reads the last files.

This process never blocks on the child: a path the pipe cannot take at once is not sent (the caller reads
that file itself); the answers that have come are taken in whenever a path is sent (`poll`), and one that
is needed is waited for until a deadline (`answer`).
Anything that goes wrong (no interpreter to start, a crash, a hang, output that is not an answer) ends the
child's part: the files it has not answered are read by the caller: the child can make a report faster,
never different. `Child.close` kills and reaps it, whatever state it is in.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from partnerscore.data._machine import widen_pipe
from partnerscore.data.flat import FlatFile

# The child's whole program. It gets this process' import path, so that it runs this very partnerscore
# (and not, say, a `partnerscore/` folder in the working directory, which `-c` would put first).
_PROGRAM = "import sys; sys.path[:] = sys.argv[1:]; from partnerscore.data._child import serve; serve()"

# The child reads the files asked for in batches of about this many bytes: enough rows for one parse to cost
# far less than a parse per file, while the paths still come in (a thousand 70 KB files make 18 batches).
BATCH_BYTES = 4 << 20

# An answer's frame: its length in bytes, then the pickle. No answer is anywhere near this big (a 200 MB
# CSV, lint's bound, makes ~30 MB of series); anything longer is not an answer.
_FRAME = struct.Struct("<Q")
_MAX_ANSWER_BYTES = 1 << 31

# How long `close` lets a child that has given every answer end on its own before it is killed.
_GRACE_SECONDS = 0.5

# How long `close` waits for a killed child to be gone (it is, at once, unless the kernel holds it).
_REAP_SECONDS = 5.0


class Child:
    """A child process reading CSVs for this one, answering in the order they are asked for.

    One child however many files there are: a child per file would import pandas once per file."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen([sys.executable, "-c", _PROGRAM, *sys.path], bufsize=0,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._asked = 0
        self._asking = True
        self._failed = False
        self._answers: list[FlatFile] = []
        self._pending = bytearray()  # what came of the next answers, not a whole frame yet
        try:
            stdin, stdout = self._stdin_fd(), self._stdout_fd()
            # Room for a thousand paths while the child imports pandas, and never a blocking write; room for
            # the answers while this process is busy, and never a blocking read.
            widen_pipe(stdin)
            widen_pipe(stdout)
            os.set_blocking(stdin, False)
            os.set_blocking(stdout, False)
        except BaseException:
            self.close()
            raise

    def _stdin_fd(self) -> int:
        assert self._proc.stdin is not None
        return self._proc.stdin.fileno()

    def _stdout_fd(self) -> int:
        assert self._proc.stdout is not None
        return self._proc.stdout.fileno()

    def ask(self, path: Path) -> int | None:
        """Queue a file: the number of its answer, or None if the child cannot take it now (the caller
        then reads it itself)."""
        line = os.fsencode(path) + b"\n"
        # A write of at most PIPE_BUF bytes to a pipe is all or nothing: never half a path.
        if not self._asking or line.count(b"\n") > 1 or len(line) > select.PIPE_BUF:
            return None
        try:
            os.write(self._stdin_fd(), line)
        except OSError:  # the pipe is full (the child is behind) or closed (it is gone)
            return None
        self._asked += 1
        return self._asked - 1

    def done_asking(self) -> None:
        """No more paths: the child reads the last ones and ends after their answers."""
        if self._asking:
            self._asking = False
            if self._proc.stdin is not None:
                self._proc.stdin.close()

    def poll(self) -> None:
        """Take in the answers that have come, without waiting."""
        if not self._failed and self._proc.stdout is not None:
            self._take(*self._read_available())

    def answer(self, number: int, deadline: float) -> FlatFile | None:
        """The series of the file asked for as `number`, waiting for it until `deadline` (a time.monotonic()
        time); None when the child did not answer it in time, or answered something else. Stop asking first
        (`done_asking`): the last batch is read once no more paths can come."""
        try:
            while number >= len(self._answers) and not self._failed:
                left = deadline - time.monotonic()
                if left <= 0 or self._proc.stdout is None:
                    self._fail()
                    break
                ready, _, _ = select.select([self._stdout_fd()], [], [], left)
                if ready:
                    self._take(*self._read_available())
        except BaseException:  # Ctrl-C while waiting: no child is left behind
            self._fail()
            raise
        return self._answers[number] if number < len(self._answers) else None

    def _read_available(self) -> tuple[bytes, bool]:
        """What the child has written and this process has not read yet, without waiting; and whether its
        output has ended (it is gone)."""
        chunks: list[bytes] = []
        while True:
            try:
                chunk = os.read(self._stdout_fd(), 1 << 20)
            except BlockingIOError:  # nothing more for now
                return b"".join(chunks), False
            except OSError:
                return b"".join(chunks), True
            if not chunk:
                return b"".join(chunks), True
            chunks.append(chunk)

    def _take(self, chunk: bytes, ended: bool) -> None:
        """Add what came to the answers: every whole frame in it; anything that is not an answer, and an end
        before every file asked for is answered, ends the child's part (the answers before stand: each was
        checked whole)."""
        if self._failed:
            return
        pending = self._pending
        pending += chunk
        start = 0
        try:
            while len(pending) - start >= _FRAME.size:
                (length,) = _FRAME.unpack_from(pending, start)
                if length > _MAX_ANSWER_BYTES:
                    raise ValueError("not an answer from the child")
                if len(pending) - start - _FRAME.size < length:
                    break
                body = bytes(pending[start + _FRAME.size:start + _FRAME.size + length])
                if len(self._answers) >= self._asked:
                    raise ValueError("more answers than files asked for")
                self._answers.append(_answer(body))
                start += _FRAME.size + length
        except Exception:  # noqa: BLE001 - a short or foreign answer: the files it has not answered are read here
            self._fail()
            return
        del pending[:start]
        if ended:
            if pending or len(self._answers) < self._asked or self._asking:
                self._fail()  # gone too early, or in the middle of an answer
            else:
                self.close()  # done: reap it now

    def _fail(self) -> None:
        self._failed = True
        self.close()

    def close(self) -> None:
        """Kill the child if it still runs and reap it; its pipes are closed. Safe to call again. The answers
        taken in so far stay."""
        proc = self._proc
        if proc.returncode is None and not self._asking and not self._failed and len(self._answers) == self._asked:
            # Every answer is in: the child is ending on its own (`serve`); give it the moment that takes.
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=_GRACE_SECONDS)
        self._asking = False
        if proc.returncode is None:
            proc.kill()  # nothing happens if it has ended already
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()
        proc.stdin = proc.stdout = None
        with contextlib.suppress(subprocess.TimeoutExpired):  # a process the kernel holds (stuck on I/O)
            proc.wait(timeout=_REAP_SECONDS)

    @property
    def pid(self) -> int:
        return self._proc.pid

    @property
    def returncode(self) -> int | None:
        """None while the child has not been reaped."""
        return self._proc.returncode


def start() -> Child | None:
    """A new child, or None when none can be started (the caller then reads the files itself)."""
    if not sys.executable:
        return None
    try:
        return Child()
    except (OSError, ValueError):  # no interpreter to start, no pipes, a platform without non-blocking pipes
        return None


def _answer(body: bytes) -> FlatFile:
    """One answer, the whole of `body`: a pickle of (names, days as int32 bytes, values as float64 bytes,
    suspect), made into a FlatFile over those bytes (no numpy here). ValueError (or pickle's own error) if
    `body` is anything else."""
    stream = io.BytesIO(body)
    names, day_bytes, value_bytes, suspect = pickle.load(stream)
    days, values = memoryview(day_bytes).cast("i"), memoryview(value_bytes).cast("d")
    if len(days) != len(values) or sum(length for _, _, length in names) != len(days) or stream.read(1):
        raise ValueError("not an answer from the child")
    return FlatFile(names, days, values, suspect=bool(suspect))


def frame(answer: bytes) -> bytes:
    """An answer as the child writes it: its length, then itself."""
    return _FRAME.pack(len(answer)) + answer


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def serve() -> None:
    """The child: read the CSVs whose paths come on stdin, a batch at a time, and write each file's series in
    turn as soon as its batch is read; end once stdin has ended and every answer is written."""
    import numpy as np
    import pandas  # noqa: F401 - imported before the first path comes, while the report loads its scorecards

    from partnerscore.data._batch_reader import load_many_checked

    # A thread writes the answers: while the report is busy and the pipe full, this one goes on reading.
    answers: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    writer = threading.Thread(target=_write_answers, args=(answers,), daemon=True)
    writer.start()
    pending: list[Path] = []
    pending_bytes = 0

    def read_pending() -> None:
        for (names, days, values), suspect in load_many_checked(pending):
            # Days as int32 (a day ordinal is at most 3,652,059): less to send.
            answer = (names, np.asarray(days, dtype=np.int32).tobytes(),
                      np.asarray(values, dtype=np.float64).tobytes(), suspect)
            answers.put(frame(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)))
        pending.clear()

    for line in sys.stdin.buffer:
        path = Path(os.fsdecode(line.rstrip(b"\n")))
        pending.append(path)
        pending_bytes += _size(path)
        # Small files are read a batch at a time (one parse for many: `_batch_reader`), as their paths come;
        # a big one at once, with those before it.
        if pending_bytes >= BATCH_BYTES:
            read_pending()
            pending_bytes = 0
    read_pending()
    answers.put(None)
    writer.join()
    # Done, and nothing to clean up: end without freeing pandas and the frames object by object, which
    # the report would spend waiting for this exit. (multiprocessing's workers end the same way.)
    os._exit(0)


def _write_answers(answers: queue.SimpleQueue[bytes | None]) -> None:
    out = sys.stdout.buffer
    try:
        while (answer := answers.get()) is not None:
            out.write(answer)
            out.flush()
    except OSError:  # the report has gone (it closed the pipe): nothing more to do
        os._exit(1)
