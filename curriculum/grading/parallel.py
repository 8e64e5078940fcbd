"""Grade a class in parallel, resumably, on local processes or a Dask cluster.

One process, this coordinator, talks to nbgrader and writes the gradebook; workers only run
notebooks (see worker.py). Each submission's state lives in its record: `running` while in flight,
then `graded` or `failed` with the reason, keyed on a hash of the submission and the grader
version. A rerun grades only what changed or never finished; records are written atomically after
the gradebook commit, so a `kill -9` at any point leaves nothing half-written that counts as done.
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from multiprocessing import get_context
from pathlib import Path
from typing import Callable

from traitlets.config import Config

from ..course import Course
from . import intake, passes, records
from .batch import BatchResult, _reason, submitted_students
from ..sandbox.kernel import sweep_stale_boxes
from .worker import execute_task

log = logging.getLogger(__name__)


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            h.update(str(path.name).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def grader_version(course: Course, module: str) -> str:
    """Changes when anything that decides a grade changes: code, checks, release, config."""
    package = Path(__file__).resolve().parent.parent
    files = [*package.rglob("*.py"), *course.path("source", module).glob("*.py"),
             *course.path("release", module).glob("*.ipynb"), course.path("nbgrader_config.py")]
    return _digest([p for p in files if "__pycache__" not in p.parts])


def submission_hash(course: Course, module: str, student: str) -> str:
    folder = course.path("submitted", student, module)
    return _digest([p for p in folder.rglob("*") if p.is_file()])


def in_shard(student: str, shard: tuple[int, int] | None) -> bool:
    """Whether `student` belongs to shard (I, N): a stable split of a class between coordinators."""
    if shard is None:
        return True
    index, count = shard
    return int(hashlib.sha256(student.encode()).hexdigest(), 16) % count == index - 1


def pending(course: Course, module: str, students: list[str], version: str) -> list[str]:
    """Students whose submission has no finished record for this submission and grader version."""
    todo = []
    for student in students:
        record = records.read(course, module, student)
        if (record is None or record.status not in ("graded", "failed")
                or record.submission_hash != submission_hash(course, module, student)
                or record.grader_version != version):
            todo.append(student)
    return todo


class LocalPool:
    """Worker processes on this machine (forkserver: no inherited gradebook connections)."""

    def __init__(self, workers: int):
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("forkserver"))

    def submit(self, task: dict):
        return self.pool.submit(execute_task, task)

    def wait_any(self, futures):
        done, _ = wait(futures, return_when=FIRST_COMPLETED)
        return done

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskPool:
    """Workers of a Dask distributed cluster; tasks carry the notebook, results carry the answers."""

    def __init__(self, address: str):
        from distributed import Client

        self.client = Client(address, timeout=30)

    def submit(self, task: dict):
        return self.client.submit(execute_task, task, pure=False)

    def wait_any(self, futures):
        from distributed import wait as dask_wait

        return dask_wait(list(futures), return_when="FIRST_COMPLETED").done

    def close(self):
        self.client.close()


def _worker_config(course: Course) -> dict:
    cfg = course.config
    return {name: dict(cfg[name]) for name in ("Execute", "SandboxedExecute") if name in cfg}


def grade_parallel(course: Course, module: str, students: list[str] | None = None, workers: int | None = None,
                   scheduler: str | None = None, progress: Callable[[str], None] | None = None,
                   timings: dict | None = None) -> BatchResult:
    """Grade every submission of `module` that needs it, `workers` at a time (or on `scheduler`).

    `timings`, if given, receives per-submission seconds: "execute" (in the worker), "prepare"
    (intake and nbgrader's pass A) and "record" (pass B and the record), both in this process.
    """
    timings = timings if timings is not None else {}
    for name in ("execute", "prepare", "record", "coordinator_cpu"):
        timings.setdefault(name, [])
    students = submitted_students(course, module) if students is None else students
    course.use_wal()
    sweep_stale_boxes()
    version = grader_version(course, module)
    todo = pending(course, module, students, version)
    for student in students:
        if student not in todo and progress:
            progress(student)  # already graded with this grader version: skipped
    skipped = [s for s in students if s not in todo]
    done, failed = list(skipped), []
    api_a = course.api(logging.CRITICAL, Config({"Autograde": {"autograde_preprocessors": passes.PASS_A}}))
    api_b = course.api(logging.CRITICAL, Config({"Autograde": {"autograde_preprocessors": passes.PASS_B,
                                                               "sanitize_preprocessors": passes.PASS_B_SANITIZE}}))
    pool = DaskPool(scheduler) if scheduler else LocalPool(workers or os.cpu_count() or 1)
    in_flight: dict = {}  # future -> (student, notebook key)
    waiting: dict[str, set] = {}  # student -> keys still running
    started: dict[str, float] = {}
    meta: dict[str, tuple[str, list[str]]] = {}

    def finish(student: str, ok: bool, reason: str) -> None:
        notes = "; ".join(filter(None, [reason] + records.read_collect_notes(course, module, student)
                                 + meta.get(student, ("", []))[1] + records.take_events(course, module, student)))
        status = "graded" if ok else "failed"
        records.write(course, records.Record(student, module, status, notes,
                                             round(time.monotonic() - started[student], 2),
                                             meta.get(student, ("", []))[0], version))
        (done.append(student) if ok else failed.append((student, notes)))
        for key in [k for k in passes.TASKS if k[0] == student and k[1] == module]:
            passes.TASKS.pop(key, None)
            passes.RESULTS.pop(key, None)
        if progress:
            progress(student)

    try:
        for student in todo:
            started[student] = time.monotonic()
            digest = submission_hash(course, module, student)
            records.write(course, records.Record(student, module, "running", "", 0.0, digest, version))
            records.take_events(course, module, student)
            tick, cpu = time.monotonic(), time.process_time()
            try:
                notes = intake.check(course, module, student).notes
                meta[student] = (digest, notes)
                result = api_a.autograde(module, student, force=True, create=True)
            except intake.Unreadable as exc:
                meta[student] = (digest, [])
                finish(student, False, str(exc))
                continue
            except Exception as exc:  # noqa: BLE001
                result = {"success": False, "error": f"{type(exc).__name__}: {exc}"}
            # pass A's sanitizing repairs (restored cells, duplicates): pass B does not sanitize again
            meta[student] = (digest, meta[student][1] + records.take_events(course, module, student))
            keys = [k for k in passes.TASKS if k[0] == student and k[1] == module]
            if not result.get("success") or not keys:
                finish(student, False, _reason(result) if not result.get("success") else "nothing to run")
                continue
            timings["prepare"].append(time.monotonic() - tick)
            timings["coordinator_cpu"].append(time.process_time() - cpu)
            waiting[student] = set(keys)
            for key in keys:
                task = dict(passes.TASKS[key], config=_worker_config(course))
                in_flight[pool.submit(task)] = (student, key)
        while in_flight:
            for future in pool.wait_any(list(in_flight)):
                student, key = in_flight.pop(future)
                try:
                    passes.RESULTS[key] = future.result()
                except Exception as exc:  # noqa: BLE001 - a lost worker is a recorded failure
                    passes.RESULTS[key] = {"error": f"worker failed: {type(exc).__name__}: {exc}"}
                timings["execute"].append(passes.RESULTS[key].get("seconds", 0.0))
                waiting[student].discard(key)
                if waiting[student]:
                    continue
                tick, cpu = time.monotonic(), time.process_time()
                try:
                    result = api_b.autograde(module, student, force=True, create=True)
                except Exception as exc:  # noqa: BLE001
                    result = {"success": False, "error": f"{type(exc).__name__}: {exc}"}
                finish(student, bool(result.get("success")), "" if result.get("success") else _reason(result))
                timings["record"].append(time.monotonic() - tick)
                timings["coordinator_cpu"].append(time.process_time() - cpu)
    finally:
        pool.close()
    return BatchResult(done, failed, skipped)
