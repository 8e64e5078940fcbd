"""Control of a grading run: one run at a time per module, and a clean stop on Ctrl-C.

Two `curriculum grade` runs on the same module would grade the same submissions twice and race on
their records; the second one is refused with who holds the lock. Ctrl-C stops between submissions.
"""
from __future__ import annotations

import fcntl
import logging
import os
import signal
import socket
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from curriculum.instructor.course import Course

log = logging.getLogger(__name__)


class GradingInProgress(RuntimeError):
    """Another run is grading the same module (or shard) of this course folder."""


def _take(path: Path, mode: int, what: str) -> IO:
    """Open and flock `path` without waiting; GradingInProgress names who holds it."""
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise GradingInProgress(f"another `curriculum grade` ({holder}) is grading {what} in this course: "
                                "wait for it to finish, or stop it, then run this again") from None
    if mode == fcntl.LOCK_EX:
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}")
        handle.flush()
    return handle


@contextmanager
def one_run_at_a_time(course: Course, module: str, shard: tuple[int, int] | None = None) -> Iterator[None]:
    """Lock the module while grading it: a whole-module run alone, or the shards of one split together.

    A run of the whole module holds autograded/.records/.locks/<module>.lock exclusively; a shard
    I/N shares it and holds its own shard's lock, so shards of one split (all /N) run side by side,
    but never beside a whole-module run, a second copy of the same shard, or a split with another
    N (whose learners would overlap). The kernel drops every lock when the process ends, even after
    a `kill -9`, so no stale lock ever blocks the next run.
    """
    folder = course.path("autograded", ".records", ".locks")
    folder.mkdir(parents=True, exist_ok=True)
    handles: list[IO] = []
    try:
        if shard is None:
            handles.append(_take(folder / f"{module}.lock", fcntl.LOCK_EX, module))
        else:
            index, count = shard
            handles.append(_take(folder / f"{module}.lock", fcntl.LOCK_SH, f"all of {module}"))
            split = _take(folder / f"{module}.split-of-{count}.lock", fcntl.LOCK_SH, module)
            handles.append(split)
            for other in folder.glob(f"{module}.split-of-*.lock"):  # a split with another N is running?
                if other.name != f"{module}.split-of-{count}.lock":
                    _take(other, fcntl.LOCK_EX, f"{module} in shards of another size ({other.stem})").close()
            handles.append(_take(folder / f"{module}.shard-{index}-of-{count}.lock", fcntl.LOCK_EX,
                                 f"shard {index}/{count} of {module}"))
        yield
    finally:
        for handle in reversed(handles):
            if handle.tell():  # an exclusive holder wrote its name: clear it for the next run
                handle.truncate(0)
            handle.close()


class StopOnCtrlC:
    """While grading, the first Ctrl-C asks the coordinator to stop between submissions.

    Raised inside nbgrader, a KeyboardInterrupt is caught by its log capture and would turn a
    half-graded submission into a "failed" record; here nothing half-done is ever recorded, and a
    second Ctrl-C stops at once (the records still say queued or running, so nothing is lost).
    """

    def __enter__(self) -> "StopOnCtrlC":
        self.requested = False
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum, frame) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        log.warning("Stopping after the submission being recorded; those still running go back to the "
                    "queue with the rest (press Ctrl-C again to stop at once)")

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
