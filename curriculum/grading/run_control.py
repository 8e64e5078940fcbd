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
from typing import Iterator

from ..course import Course

log = logging.getLogger(__name__)


class GradingInProgress(RuntimeError):
    """Another run is grading the same module (or shard) of this course folder."""


@contextmanager
def one_run_at_a_time(course: Course, name: str) -> Iterator[None]:
    """Hold an exclusive lock on autograded/.records/.locks/<name>.lock while grading.

    The kernel drops the lock when the process ends, even after a `kill -9`, so no stale lock
    ever blocks the next run.
    """
    path = course.path("autograded", ".records", ".locks", f"{name}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise GradingInProgress(f"another `curriculum grade` ({holder}) is grading {name} in this course: "
                                    "wait for it to finish, or stop it, then run this again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)


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
        log.warning("Stopping: finishing the submissions in progress, the rest stay queued "
                    "(press Ctrl-C again to stop at once)")

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
