"""Grade a class in parallel, resumably, on local processes or a Dask cluster.

One process, this coordinator, talks to nbgrader and writes the gradebook; workers only run
notebooks (see worker.py). Each submission's state lives in its record: `queued`, then `running`
while in flight, then `graded` or `failed` with the reason, keyed on a hash of the submission and
the grader version. A rerun grades only what changed or never finished; records are written
atomically after the gradebook commit, so a `kill -9` at any point leaves nothing half-written that
counts as done. A worker that dies is replaced and its notebook sent again; if that fails too, the
record says so and is marked for retry, so the next run picks it up: the machinery's failures are
never taken as the learner's.
"""
from __future__ import annotations

import os
import re
import time
from collections import deque
from typing import Callable

from curriculum.instructor.course import Course, failure_cause, shared_engines, submitted_students
from curriculum.instructor.grading import gradebook_marks, intake, passes, records
from curriculum.instructor.grading.feedback import BatchResult
from curriculum.instructor.grading.freshness import graded_as, grader_version, in_shard, pending, written_points
from curriculum.instructor.grading.pools import DaskPool, LocalPool
from curriculum.instructor.grading.run_control import GradingInProgress, StopOnCtrlC, one_run_at_a_time
from curriculum.instructor.grading.run_state import RunState
from curriculum.instructor.sandbox.boxes import sweep_stale_boxes
from curriculum.instructor.untrusted import shown

__all__ = ["GradingInProgress", "GradingStopped", "SchedulerUnreachable", "grade_parallel", "grader_version",
           "in_shard", "pending"]

#: A worker that dies is replaced and its notebook sent again, up to this many tries in one run ...
ATTEMPTS = 3
#: ... and a submission the machinery keeps failing is retried by this many runs, then left failed.
RUNS = 3
#: Failures of this process's own disk or gradebook while it prepares or records a submission (the
#: learner's code runs in a worker, so it cannot cause these here): the run stops, nobody is failed.
#: Matched against the exception's own type at the start of the cause (see batch.failure_cause), never
#: anywhere in it, so no text a learner's notebook makes appear in a message can stop a run.
COURSE_FAULT = re.compile(r"^(?:[\w.]+\.)?(?:OSError|PermissionError|OperationalError|DatabaseError|"
                          r"InterfaceError)(?::|\s*\(|$)")


#: The reason of a submission queued again because the course's disk or gradebook failed.
STOPPED = "grading stopped before this was recorded"


class GradingStopped(RuntimeError):
    """The course's disk or gradebook failed: the run stopped, and what it had not recorded is queued."""


class SchedulerUnreachable(OSError):
    """The Dask scheduler could not be reached; no record was changed."""


def _worker_config(course: Course) -> dict:
    """The configuration a worker needs to run a notebook (it never reads the course's files)."""
    cfg = course.config  # holds --unsafe-no-sandbox too, so it reaches every worker
    return {name: dict(cfg[name]) for name in ("Execute", "SandboxedExecute") if name in cfg}


class _Run:
    """One grading run of one module: prepare (pass A), send, collect, judge and record (pass B)."""

    def __init__(self, course: Course, module: str, version: str, pool, timings: dict,
                 progress: Callable[[str], None] | None):
        self.course, self.module, self.version, self.pool = course, module, version, pool
        self.timings, self.progress = timings, progress
        self.state = RunState()  # this run's tasks, results and events, handed to the steps of both passes
        self.api_a, self.api_b = passes.apis(course, self.state)
        self.config = _worker_config(course)
        self.in_flight: dict = {}  # future -> (student, notebook key)
        self.waiting: dict[str, set] = {}  # student -> keys still running
        self.started: dict[str, float] = {}
        self.meta: dict[str, tuple[str, list[str]]] = {}  # student -> (submission hash, intake notes)
        self.sent: dict = {}  # notebook key -> (task, attempts so far)
        self.retry: set[str] = set()  # students whose failure was the machinery's, not theirs
        self.tries: dict[str, int] = {}  # student -> earlier runs the machinery failed them
        self.graded: dict[str, str] = {}  # student -> what was last graded in full (see graded_as)
        self.written = written_points(course, module)
        self.errors: dict[str, list[str]] = {}  # student -> what the workers reported
        self.done: list[str] = []
        self.failed: list[tuple[str, str]] = []
        self.fault: str | None = None  # the course's disk or gradebook failed: stop (see COURSE_FAULT)
        self.stopped: list[str] = []  # submissions queued again because of such a fault
        self.stopped_before: set[str] = set()  # ... and those that stopped the previous run too

    def _record(self, student: str, status: str, reason: str = "", seconds: float = 0.0,
                retry: bool = False, tries: int | None = None) -> None:
        digest = self.meta.get(student, (records.submission_hash(self.course, self.module, student), []))[0]
        tries = self.tries.get(student, 0) if tries is None else tries
        graded = graded_as(digest, self.written) if status == "graded" else self.graded.get(student, "")
        held = gradebook_marks.mark(self.course, self.module, student) if status == "graded" else ""
        records.write(self.course, records.Record(student, self.module, status, reason, seconds, digest,
                                                  self.version, retry, tries, graded, held))

    def finish(self, student: str, ok: bool, reason: str) -> None:
        course, module = self.course, self.module
        retry = not ok and student in self.retry
        tries = self.tries.get(student, 0) + 1 if retry else 0
        if retry and tries >= RUNS:
            retry, reason = False, (f"{reason}; gave up after {tries} runs: check the grading machines, then "
                                    "`curriculum grade --retry-failed`")
        # the learner's words in the reason (a worker's error, nbgrader's log, a cell's grade id) are shown safely
        notes = shown("; ".join(filter(None, [reason] + records.read_collect_notes(course, module, student)
                                       + self.meta.get(student, ("", []))[1]
                                       + self.state.take_events(student, module))))
        self._record(student, "graded" if ok else "failed", notes,
                     seconds=round(time.monotonic() - self.started[student], 2), retry=retry, tries=tries)
        (self.done.append(student) if ok else self.failed.append((student, notes)))
        self.state.forget(student, self.module)
        if self.progress:
            self.progress(student)

    def stopped_by_fault(self, student: str, reason: str) -> bool:
        """If `reason` is the course's own disk or gradebook failing, stop the run and queue `student`
        again, so that the learner is never failed for it; False if it is the submission's failure.

        A submission that stopped the last run too is failed for retry instead (machinery's fault,
        retried by later runs), so that one submission can never hold up the rest of the class.
        """
        if not COURSE_FAULT.search(reason):
            return False
        reason = shown(reason)  # nbgrader's log line may quote the notebook
        if student in self.stopped_before:
            self.retry.add(student)
            return False
        self.fault = self.fault or f"{student}: {reason}"
        self.stopped.append(student)
        self.state.forget(student, self.module)
        try:
            self._record(student, "queued", f"{STOPPED} ({reason[:200]})")
        except OSError:
            pass  # the record stays "running": a rerun grades it all the same
        return True

    def queue(self, student: str) -> None:
        """Record `student` as queued, keeping what earlier runs knew of the submission."""
        digest = records.submission_hash(self.course, self.module, student)
        before = records.read(self.course, self.module, student)
        if before and before.status == "queued" and before.reason.startswith(STOPPED):
            self.stopped_before.add(student)
        if before and before.retry and before.submission_hash == digest and before.grader_version == self.version:
            self.tries[student] = before.tries
        if before:
            self.graded[student] = before.graded_hash
        if self.graded.get(student) == graded_as(digest, self.written):
            self.state.unchanged.add((student, self.module))  # regraded for a new release or grader
        records.write(self.course, records.Record(student, self.module, "queued", "", 0.0, digest, self.version,
                                                  tries=self.tries.get(student, 0),
                                                  graded_hash=self.graded.get(student, "")))

    def prepare(self, student: str) -> None:
        """Intake and pass A in this process, then send the notebook to a worker."""
        course, module = self.course, self.module
        self.started[student] = time.monotonic()
        self._record(student, "running")
        tick, cpu = time.monotonic(), time.process_time()
        try:
            notes = intake.check(course, module, student).notes
            self.meta[student] = (records.submission_hash(course, module, student), notes)  # after repairs
            result = self.api_a.autograde(module, student, force=True, create=True)
        except intake.Unreadable as exc:
            self.finish(student, False, str(exc))
            return
        except Exception as exc:  # noqa: BLE001
            result = {"success": False, "error": f"{type(exc).__name__}: {exc}"}
        # pass A's sanitizing repairs (restored cells, duplicates): pass B does not sanitize again
        digest, notes = self.meta.get(student, (records.submission_hash(course, module, student), []))
        self.meta[student] = (digest, notes + self.state.take_events(student, module))
        keys = self.state.notebooks(student, module)
        if not result.get("success") and self.stopped_by_fault(student, failure_cause(result)):
            return
        if not result.get("success") or not keys:
            self.finish(student, False, failure_cause(result) if not result.get("success") else "nothing to run")
            return
        self.timings["prepare"].append(time.monotonic() - tick)
        self.timings["coordinator_cpu"].append(time.process_time() - cpu)
        self.waiting[student] = set(keys)
        for key in keys:
            task = dict(self.state.tasks[key], config=self.config)
            self.sent[key] = (task, 1)
            self.in_flight[self.pool.submit(task)] = (student, key)

    def collect(self, future) -> None:
        """Take one worker's result; when a student's notebooks are all back, judge and record."""
        student, key = self.in_flight.pop(future)
        try:
            result = future.result()
            failure = result.get("error") if result.get("retry") else None
        except Exception as exc:  # noqa: BLE001 - a lost worker
            result, failure = {}, f"{type(exc).__name__}: {exc}"
        if failure is not None:  # the machinery failed, not the learner: send again, then record
            task, attempts = self.sent[key]
            if attempts < ATTEMPTS:
                self.sent[key] = (task, attempts + 1)
                self.in_flight[self.pool.submit(task)] = (student, key)
                return
            self.retry.add(student)
            result = {"error": f"the grading machinery failed {attempts} times ({failure[:300]}); "
                               "the next `curriculum grade` tries again"}
        self.state.results[key] = result
        if "error" in result:  # the worker's own words beat nbgrader's "see the above traceback"
            self.errors.setdefault(student, []).append(f"{key[2]}.ipynb: {result['error']}")
        self.timings["execute"].append(result.get("seconds", 0.0))
        self.timings["worker"].append(result.get("task_seconds", 0.0))
        self.waiting[student].discard(key)
        if self.waiting[student]:
            return
        tick, cpu = time.monotonic(), time.process_time()
        try:
            result = self.api_b.autograde(self.module, student, force=True, create=True)
        except Exception as exc:  # noqa: BLE001
            result = {"success": False, "error": f"{type(exc).__name__}: {exc}"}
        ok = bool(result.get("success"))
        if not ok and self.stopped_by_fault(student, failure_cause(result)):
            return
        self.finish(student, ok, "" if ok else "; ".join(self.errors.get(student, [])) or failure_cause(result))
        self.timings["record"].append(time.monotonic() - tick)
        self.timings["coordinator_cpu"].append(time.process_time() - cpu)


def grade_parallel(course: Course, module: str, students: list[str] | None = None, workers: int | None = None,
                   scheduler: str | None = None, progress: Callable[[str], None] | None = None,
                   timings: dict | None = None, shard: tuple[int, int] | None = None,
                   retry_failed: bool = False) -> BatchResult:
    """Grade every submission of `module` that needs it, `workers` at a time (or on `scheduler`).

    The coordinator keeps about two notebooks per worker in flight, so memory stays flat and each
    record's state is true: `queued` until this run prepares it, `running` until it is recorded.
    `timings`, if given, receives per-submission seconds: "execute" (the notebook's run in the
    worker), "worker" (the whole task there, with its box and copies), "prepare" (intake and
    nbgrader's pass A) and "record" (pass B and the record), both in this process. `shard` (I, N)
    says these students are shard I of N: shards of one split may run side by side in this course
    folder, but never beside another run of the whole module (see run_control.py). `retry_failed`
    grades failed submissions again, for when what failed them has been fixed.
    """
    # nbgrader's many Gradebooks (and ours) reuse one engine and its query cache for the whole run
    with one_run_at_a_time(course, module, shard), shared_engines():
        return _grade(course, module, students, workers, scheduler, progress, timings, retry_failed)


def _grade(course: Course, module: str, students: list[str] | None, workers: int | None, scheduler: str | None,
           progress: Callable[[str], None] | None, timings: dict | None, retry_failed: bool) -> BatchResult:
    timings = timings if timings is not None else {}
    for name in ("execute", "worker", "prepare", "record", "coordinator_cpu"):
        timings.setdefault(name, [])
    students = submitted_students(course, module) if students is None else students
    course.use_wal()
    sweep_stale_boxes()
    version = grader_version(course, module)  # reads the due date afresh for this run's intake
    todo = pending(course, module, students, version, retry_failed)
    skipped = [s for s in students if s not in todo]
    for student in skipped:
        if progress:
            progress(student)  # already graded with this grader version: skipped
    if not todo:  # nothing to grade: no workers to start, no scheduler to reach
        return BatchResult(skipped, [], skipped)
    # the pool first: a scheduler that cannot be reached leaves every record as it was
    try:
        pool = DaskPool(scheduler) if scheduler else LocalPool(workers or os.cpu_count() or 1)
    except (OSError, TimeoutError) as exc:
        if not scheduler:
            raise
        raise SchedulerUnreachable(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
    try:
        run = _Run(course, module, version, pool, timings, progress)
        for student in todo:  # every submission this run will grade, before any is started
            run.queue(student)
        queue = deque(todo)
        with StopOnCtrlC() as stop:
            while (queue or run.in_flight) and not stop.requested and not run.fault:
                while queue and len(run.in_flight) < 2 * pool.slots() and not stop.requested and not run.fault:
                    run.prepare(queue.popleft())  # workers may join a cluster: slots() can grow
                if run.in_flight and not run.fault:
                    for future in pool.wait_any(list(run.in_flight)):
                        if run.fault:  # the rest go back to the queue, unjudged
                            break
                        run.collect(future)
        interrupted = stop.requested or run.fault is not None
    except BaseException:  # a second Ctrl-C, or a fault in this process: stop the workers now
        pool.close(now=True)  # and release the boxes they leave (see pools.py)
        raise
    pool.close(now=interrupted)
    # what an interruption left is queued again (never half-recorded), so the next run grades it
    left = list(dict.fromkeys([s for s, _ in run.in_flight.values()] + list(queue))) if interrupted else []
    try:
        for student in left:
            run._record(student, "queued", "the run was interrupted before this submission was graded")
    except OSError:
        pass  # their records still say queued or running: a rerun grades them all the same
    if run.fault:
        raise GradingStopped(
            f"grading {module} stopped: {run.fault}. That is this machine's disk or the gradebook, not the "
            f"learner's work: nobody was failed for it. Fix it, then run `curriculum grade {module}` again: "
            f"it grades the {len(left) + len(run.stopped)} submission(s) left queued and keeps the "
            f"{len(run.done)} graded now.")
    return BatchResult(skipped + run.done, run.failed, skipped, left)


def grade(course: Course, module: str, students: list[str] | None = None,
          progress: Callable[[str], None] | None = None) -> BatchResult:
    """Autograde one submission at a time (one worker): `grade_parallel` with one worker."""
    return grade_parallel(course, module, students, workers=1, progress=progress)
