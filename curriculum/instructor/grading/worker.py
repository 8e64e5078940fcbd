"""The worker's whole job: run one prepared notebook in the sandbox and hand back plain data.

A task carries the notebook (already sanitized by nbgrader, test cells swapped for exports) and the
grader's probe files; the result carries the executed notebook and the answer files the kernel
exported. Workers never open the gradebook or the course folder, so they can be local processes
or Dask workers on other machines; the coordinator judges and records.

Teardown: a task gives its box back however it ends; a worker process that is stopped (SIGTERM, or
SIGINT where it is not ignored) releases the boxes it holds before it dies (see `start_worker`); and a
worker's first task sweeps the boxes of processes that were killed outright (SIGKILL, a lost machine).
"""
from __future__ import annotations

import functools
import itertools
import os
import signal
import stat
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from curriculum.instructor.untrusted import shown
from curriculum.learner.checks.capture import read_regular

MAX_FILES = 500
MAX_ENTRIES = 5_000
MAX_DEPTH = 8
MAX_FILE_BYTES = 25_000_000
MAX_TOTAL_BYTES = 60_000_000
_HELD: set[Path] = set()  # the boxes this process's tasks hold, released if the process is stopped
_STARTED: set[int] = set()  # pids whose worker start (the sweep) is done: a forked child starts again


def read_tree(folder: Path) -> dict[str, bytes]:
    """Regular files under `folder` as {relative path: bytes}: no links followed, sizes capped.

    The kernel wrote this folder, so anything may be in it: FIFOs are never opened (that would
    block), links never followed, and the walk is iterative with caps on depth and entries (a
    folder 1,200 levels deep broke a recursive walk).
    """
    files: dict[str, bytes] = {}
    total = seen = 0
    stack = [(folder, 0)] if folder.is_dir() else []
    while stack:
        current, depth = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(itertools.islice(listing, MAX_ENTRIES), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if seen > MAX_ENTRIES:
                return files
            path = Path(entry.path)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISDIR(info.st_mode):
                if depth < MAX_DEPTH:
                    stack.append((path, depth + 1))
                continue
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                continue  # a link, FIFO, socket or device, or too big: not an answer
            if len(files) >= MAX_FILES or total + info.st_size > MAX_TOTAL_BYTES:
                return files
            data = read_regular(path, MAX_FILE_BYTES)
            if data is not None:
                files[str(path.relative_to(folder))] = data
                total += len(data)
    return files


def write_tree(folder: Path, files: dict[str, bytes]) -> None:
    """Write {relative path: bytes} under `folder`, refusing paths that leave it."""
    root = folder.resolve()
    for relative, data in files.items():
        target = (folder / relative).resolve()
        if root not in target.parents:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


#: Beyond the notebook's own time limit: starting the sandbox, reading answers, cleaning up.
TASK_MARGIN_SECONDS = 120


class TaskTimeout(Exception):
    """The whole task overran: something hung outside the notebook's own watchdog."""


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Raise TaskTimeout in this worker after `seconds` (main thread only: Dask runs tasks in threads,
    where the notebook watchdog still applies but this second line of defence cannot)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _overrun(signum, frame):
        raise TaskTimeout(f"the grading task ran longer than {seconds} s and was stopped")

    previous = signal.signal(signal.SIGALRM, _overrun)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def start_worker(signals: bool = False) -> None:
    """Once per worker process: release the boxes of processes that are gone (a worker killed before it
    could release its own), and (`signals`, main thread only) release this process's boxes when it is
    stopped by SIGTERM or SIGINT, before the signal does what it did before (SIG_IGN stays ignored)."""
    from curriculum.instructor.sandbox.boxes import sweep_stale_boxes

    if signals and threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous = signal.getsignal(signum)
            if previous is not signal.SIG_IGN and getattr(previous, "func", None) is not _release_then:
                signal.signal(signum, functools.partial(_release_then, previous))
    if os.getpid() not in _STARTED:
        _STARTED.add(os.getpid())
        sweep_stale_boxes()


def release_held_boxes() -> None:
    """Give back every box this process's tasks hold (their kernels die with the process)."""
    from curriculum.instructor.sandbox.boxes import release_box

    for box in list(_HELD):
        release_box(box)
        _HELD.discard(box)


def dask_plugin():
    """For a Dask cluster: `start_worker` in every worker as it starts (or joins later), and its boxes
    released when it closes. Registered by every run, so it is idempotent: a second run (a shard) never
    replaces it, which would tear it down under the first run's notebooks."""
    from distributed.core import Status
    from distributed.diagnostics.plugin import WorkerPlugin

    class ReleaseBoxes(WorkerPlugin):
        name = "curriculum-release-boxes"
        idempotent = True

        def setup(self, worker) -> None:  # on the worker's event loop: its main thread in a worker process
            start_worker(signals=True)

        def teardown(self, worker) -> None:
            if worker.status in (Status.closing, Status.closing_gracefully, Status.closed):
                release_held_boxes()

    return ReleaseBoxes()


def _release_then(previous, signum, frame) -> None:
    release_held_boxes()
    if callable(previous):
        previous(signum, frame)
        return
    signal.signal(signum, signal.SIG_DFL)  # die of the signal, as without this handler
    os.kill(os.getpid(), signum)


def execute_task(task: dict) -> dict:
    """Run one notebook in the sandbox; return the executed notebook, outbox files and events."""
    from traitlets.config import Config

    from curriculum.instructor.sandbox.execute import SandboxedExecute

    start_worker()
    task_started = time.monotonic()
    config = Config(task.get("config") or {})
    executor = SandboxedExecute(config=config)
    with deadline(executor.notebook_timeout + TASK_MARGIN_SECONDS):
        result = _run(task, executor)
    result["task_seconds"] = time.monotonic() - task_started  # with the box, the copies and clean-up
    return result


def _run(task: dict, executor) -> dict:
    import nbformat

    from curriculum.instructor.sandbox.boxes import prepare_box, release_box

    box = Path(tempfile.mkdtemp(prefix="curriculum-judge-"))
    _HELD.add(box)  # before it is mounted: a stop from now on releases it
    try:
        prepare_box(box)
        write_tree(box / "inbox", task["inbox"])
        nb = nbformat.reads(task["notebook"], as_version=4)
        resources = {"nbgrader": {"assignment": task["module"], "student": task["student"]},
                     "curriculum": {"box": str(box), "events": []}}
        started = time.monotonic()
        try:
            nb, resources = executor.preprocess(nb, resources)
        except Exception as exc:  # noqa: BLE001 - the machinery's (a learner's crash is handled inside)
            # its message may still quote what the learner's kernel sent: shown safely, it becomes a reason
            return {"error": f"{type(exc).__name__}: {shown(str(exc)[:300])}", "retry": True,
                    "events": resources["curriculum"]["events"]}
        try:
            outbox = read_tree(box / "outbox")
        except Exception as exc:  # noqa: BLE001 - the kernel wrote this folder: a learner's failure
            outbox = {}
            resources["curriculum"]["events"].append(f"the answer folder could not be read ({type(exc).__name__})")
        result = {"notebook": nbformat.writes(nb), "outbox": outbox,
                  "events": resources["curriculum"]["events"], "seconds": time.monotonic() - started}
    finally:
        release_box(box)
        _HELD.discard(box)
    return result
