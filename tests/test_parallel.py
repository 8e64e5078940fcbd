"""Parallel, resumable grading: the same grades as a serial run, after any kill -9, and on Dask.

A small class (the demo's plan for module 00) is graded once without interruption. Then, at
several random moments (after k records are finished, plus a random fraction of a second), a fresh
copy is graded by `curriculum grade` in a subprocess that is killed with SIGKILL (with its workers
and sandboxes), and graded again: the grades must be identical and every record finished. A worker
killed mid-run is replaced; `--unsafe-no-sandbox` reaches the workers; the Dask test starts a real
scheduler and two workers on loopback.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from curriculum.instructor.course import Course
from curriculum.instructor.demo import plan_class, write_submissions
from curriculum.instructor.grading import records
from curriculum.instructor.grading.parallel import grade_parallel, grader_version, pending
from curriculum.instructor.release import release

from .conftest import MODULE, dask_cluster, make_course_copy

SIZE = 4  # with the cheats, 7 notebooks: enough finished records for every kill moment (0 to 4)
BIN = Path(sys.executable).parent
SEED = 20261126
_rng = random.Random(SEED)
#: (finished records to wait for, then extra seconds) for each kill: two random moments of the run
KILLS = [(k, round(_rng.uniform(0.0, 1.5), 2)) for k in sorted(_rng.sample(range(0, 5), 2))]


def _class_course(target: Path) -> Course:
    course = Course(make_course_copy(target))
    release(course, [MODULE])
    write_submissions(course, MODULE, *plan_class(course, MODULE, size=SIZE))
    return course


def _scores(course: Course) -> dict[str, float]:
    with course.gradebook() as gb:
        return {s.student.id: s.score for s in gb.find_assignment(MODULE).submissions}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    course = _class_course(tmp_path_factory.mktemp("par") / "course")
    result = grade_parallel(course, MODULE, workers=2)
    assert not result.failed, result.failed
    return course, _scores(course)


@pytest.fixture(scope="module")
def planned(tmp_path_factory) -> dict[str, float]:
    """The class's scores as planned, without grading it: the kill and race tests (run apart from the
    rest, `make test`'s second part) compare with these; test_parallel_grades_match_the_plan proves
    that an uninterrupted run gives exactly these."""
    course = Course(make_course_copy(tmp_path_factory.mktemp("plan") / "course"))
    learners, _ = plan_class(course, MODULE, size=SIZE)
    return {one.student: sum(one.expected.values()) for one in learners}


def test_parallel_grades_match_the_plan(reference):
    course, scores = reference
    learners, _ = plan_class(course, MODULE, size=SIZE)
    assert scores == {one.student: sum(one.expected.values()) for one in learners}


def test_a_rerun_grades_only_what_changed(reference):
    course, scores = reference
    students = sorted(scores)
    assert pending(course, MODULE, students, grader_version(course, MODULE)) == []
    changed = students[0]
    notebook = next(course.path("submitted", changed, MODULE).glob("*.ipynb"))
    notebook.write_text(notebook.read_text().replace('"nbformat": 4', '"nbformat": 4 '))
    result = grade_parallel(course, MODULE, workers=2)
    assert sorted(result.skipped) == students[1:]
    assert _scores(course) == scores


def _finished(course: Course) -> int:
    folder = course.path("autograded", ".records", MODULE)
    found = [records.read(course, MODULE, p.stem) for p in folder.glob("*.json") if "@" not in p.stem]
    return sum(1 for r in found if r is not None and r.status == "graded")


def _kill_and_resume(tmp: Path, after: int, extra: float) -> tuple[Course, dict]:
    course = _class_course(tmp / "course")
    env = dict(os.environ, PATH=f"{BIN}:{os.environ['PATH']}")
    proc = subprocess.Popen([str(BIN / "curriculum"), "--course", str(course.root), "grade", MODULE,
                             "--workers", "2"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _finished(course) < after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(extra)
    assert proc.poll() is None, "the run ended before the kill: choose an earlier moment"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    folder = course.path("autograded", ".records", MODULE)
    for path in folder.glob("*.json"):
        json.loads(path.read_text())  # no record is ever half-written
    killed_records = {s: records.read(course, MODULE, s) for s in os.listdir(course.path("submitted"))}
    result = grade_parallel(course, MODULE, workers=2)
    assert not result.failed, result.failed
    return course, killed_records


@pytest.mark.parametrize("after,extra", KILLS, ids=[f"after-{k}-graded+{x}s" for k, x in KILLS])
def test_kill_9_then_rerun_gives_the_same_grades(planned, tmp_path, after, extra):
    expected = planned
    course, at_kill = _kill_and_resume(tmp_path, after, extra)
    assert _scores(course) == expected
    for student in expected:
        record = records.read(course, MODULE, student)
        assert record.status == "graded" and record.grader_version
    # the kill came mid-run, and what it left behind was never taken as done
    states = [r.status if r else None for r in at_kill.values()]
    assert any(state != "graded" for state in states), states
    assert all(state in (None, "queued", "running", "graded") for state in states), states


def test_ctrl_c_stops_cleanly_and_a_rerun_finishes_with_the_same_grades(planned, tmp_path):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) mid-run: the command says
    what is left and exits 130, no record says failed, and the rerun gives the uninterrupted grades."""
    expected = planned
    course = _class_course(tmp_path / "course")
    env = dict(os.environ, PATH=f"{BIN}:{os.environ['PATH']}")
    proc = subprocess.Popen([str(BIN / "curriculum"), "--course", str(course.root), "grade", MODULE,
                             "--workers", "2"], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while _finished(course) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before Ctrl-C"
    os.killpg(proc.pid, signal.SIGINT)
    output, _ = proc.communicate(timeout=120)
    assert proc.returncode == 130, output
    assert "Interrupted:" in output and "left queued" in output and "Traceback" not in output, output
    states = {s: records.read(course, MODULE, s).status for s in os.listdir(course.path("submitted"))}
    assert "failed" not in states.values() and "running" not in states.values(), states
    assert "queued" in states.values(), states
    result = grade_parallel(course, MODULE, workers=2)
    assert not result.failed and not result.left
    assert _scores(course) == expected


def test_a_killed_worker_is_replaced_and_nothing_is_lost(planned, tmp_path):
    expected = planned
    course = _class_course(tmp_path / "course")
    box: dict = {}
    thread = threading.Thread(target=lambda: box.update(result=grade_parallel(course, MODULE, workers=2)))
    thread.start()
    victim, deadline = None, time.monotonic() + 60
    while victim is None and time.monotonic() < deadline:  # a worker that is running a sandbox
        for proc in psutil.Process().children(recursive=True):
            if proc.name() == "bwrap":  # its parent is the worker process that started it
                victim = proc.parent()
                break
        time.sleep(0.05)
    assert victim is not None and victim.pid != os.getpid()
    victim.kill()
    thread.join(timeout=300)
    assert not box["result"].failed, box["result"].failed
    assert _scores(course) == expected


def test_unsafe_flag_reaches_the_workers(reference, tmp_path):
    """Without bubblewrap, `grade --unsafe-no-sandbox` grades in every worker (and says so)."""
    _, expected = reference
    course = _class_course(tmp_path / "course")
    kept = sorted(os.listdir(course.path("submitted")))[:2]  # one per worker is enough to see the flag reach both
    for student in set(os.listdir(course.path("submitted"))) - set(kept):
        shutil.rmtree(course.path("submitted", student))
    expected = {s: expected[s] for s in kept}
    fake_bin = tmp_path / "bin"  # the system's programs, minus bubblewrap
    fake_bin.mkdir()
    for program in Path("/usr/bin").iterdir():
        if program.name != "bwrap":
            (fake_bin / program.name).symlink_to(program)
    env = dict(os.environ, PATH=f"{BIN}:{fake_bin}")
    done = subprocess.run([str(BIN / "curriculum"), "--course", str(course.root), "grade", MODULE,
                           "--workers", "2", "--unsafe-no-sandbox"], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert _scores(course) == expected
    for student in expected:
        assert "WITHOUT the sandbox" in records.read(course, MODULE, student).reason


def test_dask_cluster_gives_the_same_grades(reference, tmp_path):
    _, expected = reference
    with dask_cluster(workers=2) as (address, _):
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
            assert len(client.scheduler_info()["workers"]) == 2
        course = _class_course(tmp_path / "course")
        students = sorted(expected)[:3]  # a task for each worker and one more
        result = grade_parallel(course, MODULE, students, scheduler=address)
        assert not result.failed, result.failed
        assert _scores(course) == {s: expected[s] for s in students}


def test_shards_split_a_class_exactly_once():
    from curriculum.instructor.grading.parallel import in_shard

    students = [f"learner-{i:05d}" for i in range(1000)]
    parts = [[s for s in students if in_shard(s, (i, 4))] for i in range(1, 5)]
    assert sorted(sum(parts, [])) == students
    assert all(150 < len(p) < 350 for p in parts)


def test_one_writer_in_wal_mode_and_workers_get_plain_data(reference, tmp_path, monkeypatch):
    """The gradebook is in WAL mode; a task holds the notebook and probes, never a path to the course."""
    import sqlite3

    from curriculum.instructor.grading import pools

    course, _ = reference
    mode = sqlite3.connect(course.path("gradebook.db")).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    fresh = _class_course(tmp_path / "course")
    sent: list[dict] = []
    original = pools.LocalPool.submit
    monkeypatch.setattr(pools.LocalPool, "submit", lambda self, task: sent.append(task) or original(self, task))
    student = sorted(os.listdir(fresh.path("submitted")))[0]
    assert not grade_parallel(fresh, MODULE, [student], workers=1).failed
    assert len(sent) == 1 and set(sent[0]) == {"student", "module", "notebook_name", "notebook", "inbox",
                                               "events", "sources", "config"}
    text = json.dumps(sent[0], default=lambda b: b.decode("latin-1"))
    assert str(fresh.root) not in text and "gradebook" not in text and "sqlite" not in text


def test_the_coordinator_builds_one_gradebook_engine_per_run_and_grades_the_same(reference, tmp_path, monkeypatch):
    """nbgrader opens a Gradebook ~7 times per pass; during a run they share one engine and its query cache."""
    import nbgrader.api

    course, scores = reference
    fresh = _class_course(tmp_path / "course")
    built: list[str] = []
    original = nbgrader.api.create_engine
    counting = lambda url, **kw: built.append(str(url)) or original(url, **kw)  # noqa: E731
    monkeypatch.setattr(nbgrader.api, "create_engine", counting)
    students = sorted(os.listdir(fresh.path("submitted")))[:2]
    assert not grade_parallel(fresh, MODULE, students, workers=1).failed
    assert len(built) == 1 and built[0] == fresh.db_url
    assert nbgrader.api.create_engine is counting  # the sharing ends with the run
    graded = _scores(fresh)
    assert {s: graded[s] for s in students} == {s: scores[s] for s in students}


def test_a_second_run_on_the_same_module_is_refused_while_one_is_grading(tmp_path):
    from typer.testing import CliRunner

    from curriculum.instructor.cli.main import app
    from curriculum.instructor.grading.parallel import GradingInProgress
    from curriculum.instructor.grading.run_control import one_run_at_a_time

    course = _class_course(tmp_path / "course")
    student = sorted(os.listdir(course.path("submitted")))[0]
    with one_run_at_a_time(course, MODULE):  # a first run holds the module
        with pytest.raises(GradingInProgress, match=f"pid {os.getpid()}"):
            grade_parallel(course, MODULE, [student], workers=1)
        out = CliRunner().invoke(app, ["--course", str(course.root), "grade", MODULE, "--workers", "1"])
        assert out.exit_code == 1 and "is grading 00-python-for-data in this course" in out.output, out.output
        assert "grading 00-python-for-data" not in out.output.replace("is grading", ""), out.output  # no empty bar
        assert records.read(course, MODULE, student) is None  # the refused run changed nothing
        with pytest.raises(GradingInProgress):  # a shard never runs beside the whole module
            with one_run_at_a_time(course, MODULE, (1, 2)):
                pass
    with one_run_at_a_time(course, MODULE, (1, 2)):  # shards of one split run side by side ...
        with one_run_at_a_time(course, MODULE, (2, 2)):
            for clash in [None, (1, 2), (1, 4)]:  # ... but not beside the whole, a twin, or another split
                with pytest.raises(GradingInProgress):
                    with one_run_at_a_time(course, MODULE, clash):
                        pass
    assert not grade_parallel(course, MODULE, [student], workers=1).failed  # free again afterwards


def test_a_new_due_date_regrades_and_marks_late_work(tmp_path):
    from datetime import datetime

    from curriculum.instructor.cli.common import set_due_date

    course = _class_course(tmp_path / "course")
    student = sorted(os.listdir(course.path("submitted")))[0]
    course.path("submitted", student, MODULE, "timestamp.txt").write_text("2025-10-06 09:00:00.000000 UTC")
    assert not grade_parallel(course, MODULE, [student], workers=1).failed
    assert "late" not in records.read(course, MODULE, student).reason
    before = grader_version(course, MODULE)
    set_due_date(course, MODULE, datetime(2000, 1, 1))  # `curriculum release M --due 2000-01-01`
    assert grader_version(course, MODULE) != before
    assert pending(course, MODULE, [student], grader_version(course, MODULE)) == [student]
    assert not grade_parallel(course, MODULE, [student], workers=1).failed
    assert "after the due date" in records.read(course, MODULE, student).reason


def _hand_grade(course: Course, student: str, score: float) -> None:
    """What a person does in nbgrader's formgrader: score the written answer, mark it graded."""
    with course.gradebook() as gb:
        grade = gb.find_grade("w10_interpret_scatter", "python-for-data", MODULE, student)
        grade.manual_score, grade.needs_manual_grade = score, False
        gb.db.commit()


def _waiting_for_a_person(course: Course, student: str) -> bool:
    with course.gradebook() as gb:
        return bool(gb.find_grade("w10_interpret_scatter", "python-for-data", MODULE, student).needs_manual_grade)


def test_a_regrade_keeps_the_hand_grades_of_unchanged_submissions(reference, tmp_path):
    """A new release regrades everyone; only a resubmitted notebook goes back to the graders."""
    course = _class_course(tmp_path / "course")
    same, changed = sorted(os.listdir(course.path("submitted")))[:2]
    assert not grade_parallel(course, MODULE, [same, changed], workers=1).failed
    for student in (same, changed):
        _hand_grade(course, student, 2.0)
        record = records.read(course, MODULE, student)
        record.grader_version = "the grader before a new release"  # as after `curriculum release`
        records.write(course, record)
    path = course.path("submitted", changed, MODULE, "python-for-data.ipynb")
    notebook = nbformat.read(path, as_version=4)
    written = next(c for c in notebook.cells
                   if c.metadata.get("nbgrader", {}).get("grade_id") == "w10_interpret_scatter")
    written.source += "\n\nI rewrote this answer after the deadline."
    nbformat.write(notebook, path)
    record = records.read(course, MODULE, same)  # an interrupted run leaves "queued" ...
    record.status = "queued"  # ... and what was graded last is still known
    records.write(course, record)
    assert not grade_parallel(course, MODULE, [same, changed], workers=1).failed
    assert not _waiting_for_a_person(course, same)
    assert _waiting_for_a_person(course, changed), "a resubmitted written answer must be read again"
    with course.gradebook() as gb:
        assert gb.find_grade("w10_interpret_scatter", "python-for-data", MODULE, same).manual_score == 2.0
    # a release that changes the written answer's points sends it back, unchanged submission or not
    released = course.path("release", MODULE, "python-for-data.ipynb")
    book = nbformat.read(released, as_version=4)
    cell = next(c for c in book.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "w10_interpret_scatter")
    cell.metadata.nbgrader["points"] = 4
    nbformat.write(book, released)
    assert not grade_parallel(course, MODULE, [same], workers=1).failed
    assert _waiting_for_a_person(course, same), "the rubric's points changed: a person must look again"


class _BrokenMachinery:
    """A pool whose every task fails the way a worker without its sandbox does."""

    def __init__(self, workers: int):
        self.sent = 0

    def submit(self, task):
        from concurrent.futures import Future

        self.sent += 1
        future: Future = Future()
        future.set_result({"error": "SandboxUnavailable: bwrap not found", "retry": True, "events": []})
        return future

    def wait_any(self, futures):
        return set(futures)

    def slots(self) -> int:
        return 1

    def close(self, now: bool = False):
        pass


def test_machinery_failures_are_retried_then_given_up_and_never_blamed_on_the_learner(reference, tmp_path,
                                                                                      monkeypatch):
    from curriculum.instructor.grading import parallel

    course = _class_course(tmp_path / "course")
    student = sorted(os.listdir(course.path("submitted")))[0]
    monkeypatch.setattr(parallel, "LocalPool", _BrokenMachinery)
    for run in (1, 2, 3):
        result = grade_parallel(course, MODULE, [student], workers=1)
        record = records.read(course, MODULE, student)
        assert result.failed and record.status == "failed" and "grading machinery failed 3 times" in record.reason
        assert record.tries == run and record.retry == (run < parallel.RUNS)
        assert pending(course, MODULE, [student], grader_version(course, MODULE)) == ([student] if run < 3 else [])
    assert "gave up after 3 runs" in record.reason
    monkeypatch.undo()  # the machines are fixed: a plain rerun leaves it, --retry-failed grades it again
    assert grade_parallel(course, MODULE, [student], workers=1).skipped == [student]
    assert not grade_parallel(course, MODULE, [student], workers=1, retry_failed=True).failed
    assert records.read(course, MODULE, student).status == "graded"


def test_an_unreachable_scheduler_changes_no_record(tmp_path, monkeypatch):
    """The pool is reached first: no submission is marked queued by a run that cannot start."""
    from curriculum.instructor.grading import parallel

    course = _class_course(tmp_path / "course")
    student = sorted(os.listdir(course.path("submitted")))[0]
    records.write(course, records.Record(student, MODULE, "graded", "kept", 1.0, "an old hash", "an old grader"))

    def unreachable(address):
        raise OSError(f"Timed out trying to connect to {address}")

    monkeypatch.setattr(parallel, "DaskPool", unreachable)
    with pytest.raises(OSError):
        grade_parallel(course, MODULE, scheduler="tcp://127.0.0.1:9")
    folder = course.path("autograded", ".records", MODULE)
    assert [p.name for p in folder.glob("*.json")] == [f"{student}.json"]
    assert records.read(course, MODULE, student).reason == "kept"


def test_a_deleted_or_restored_gradebook_is_graded_again_not_skipped(reference, tmp_path):
    """Records are trusted only with the gradebook that holds their grades: after gradebook.db is
    restored from an older backup or deleted, a rerun regrades those learners (not "unchanged")."""
    import shutil

    from curriculum.instructor.grading.report import table

    _, expected = reference
    course = _class_course(tmp_path / "course")
    first, second = sorted(os.listdir(course.path("submitted")))[:2]
    assert not grade_parallel(course, MODULE, [first, second], workers=1).failed
    backup = tmp_path / "backup.db"
    shutil.copy(course.sqlite_path, backup)  # a backup from before the second learner resubmitted
    course.path("submitted", second, MODULE, "timestamp.txt").write_text("2026-11-20 09:00:00.000000 UTC")
    assert not grade_parallel(course, MODULE, [first, second], workers=1).failed
    for suffix in ("", "-wal", "-shm"):
        Path(f"{course.sqlite_path}{suffix}").unlink(missing_ok=True)
    shutil.copy(backup, course.sqlite_path)
    version = grader_version(course, MODULE)
    assert pending(course, MODULE, [first, second], version) == [second]
    row = table(course).set_index(["student", "module"]).loc[(second, MODULE)]
    assert row.status == "submitted_not_graded" and "gradebook.db" in row.reason
    result = grade_parallel(course, MODULE, [first, second], workers=1)
    assert result.skipped == [first] and not result.failed
    for suffix in ("", "-wal", "-shm"):  # deleted: both are graded again into a new gradebook
        Path(f"{course.sqlite_path}{suffix}").unlink(missing_ok=True)
    release(course, [MODULE])
    assert pending(course, MODULE, [first, second], grader_version(course, MODULE)) == [first, second]
    assert not grade_parallel(course, MODULE, [first, second], workers=1).failed
    assert _scores(course) == {s: expected[s] for s in (first, second)}


def test_a_full_disk_or_broken_gradebook_stops_the_run_and_fails_nobody(reference, tmp_path, monkeypatch):
    """The coordinator's own disk or database failing is never recorded as the learner's failure:
    the run stops with the real cause, the rest stays queued, and a rerun gives the usual grades."""
    from curriculum.instructor.grading.parallel import GradingStopped
    from curriculum.instructor.grading.preprocessors import SaveAutoGradesKeepingHandGrades

    _, expected = reference
    course = _class_course(tmp_path / "course")
    students = sorted(os.listdir(course.path("submitted")))[:3]
    expected = {s: expected[s] for s in students}
    real, calls = SaveAutoGradesKeepingHandGrades.preprocess, []

    def full_disk(self, nb, resources):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(self, nb, resources)

    monkeypatch.setattr(SaveAutoGradesKeepingHandGrades, "preprocess", full_disk)
    with pytest.raises(GradingStopped, match="No space left on device.*not the learner's work"):
        grade_parallel(course, MODULE, students, workers=1)
    states = [records.read(course, MODULE, s) for s in students]
    assert [r.status for r in states if r].count("graded") == 1
    assert not any(r.status == "failed" for r in states if r), [r.reason for r in states if r]
    assert pending(course, MODULE, students, grader_version(course, MODULE)) == students[1:]
    # the same submission failing the same way again no longer stops the class: it is failed for a
    # retry (the machinery's failure, not the learner's) and everyone else is graded
    stuck = students[1]

    def stuck_disk(self, nb, resources):
        if resources["nbgrader"]["student"] == stuck:
            raise OSError(28, "No space left on device")
        return real(self, nb, resources)

    monkeypatch.setattr(SaveAutoGradesKeepingHandGrades, "preprocess", stuck_disk)
    result = grade_parallel(course, MODULE, students, workers=1)
    assert [s for s, _ in result.failed] == [stuck] and records.read(course, MODULE, stuck).retry
    monkeypatch.undo()
    assert not grade_parallel(course, MODULE, students, workers=1).failed
    assert _scores(course) == expected


def test_side_files_never_share_a_name_with_another_learners_record(tmp_path):
    """`j.smith` and `j.smith.collect` are both valid ids: one's notes must not be the other's record."""
    course = Course(tmp_path)
    records.write_collect_notes(course, MODULE, "j.smith", ["renamed a file"])
    records.write(course, records.Record("j.smith.collect", MODULE, "graded"))
    assert records.read(course, MODULE, "j.smith.collect").status == "graded"
    assert records.read_collect_notes(course, MODULE, "j.smith") == ["renamed a file"]
    records.write_json(records.path(course, MODULE, "odd"), ["a list, not a record"])
    assert records.read(course, MODULE, "odd") is None


def test_a_record_write_that_dies_midway_keeps_the_previous_record(tmp_path, monkeypatch):
    """A crash while writing (a kill, a full disk) leaves the old record whole, never half a new one."""
    course = Course(tmp_path)
    records.write(course, records.Record("ada", MODULE, "graded", graded_hash="what a person graded"))

    real_fdopen = os.fdopen

    class HalfFullDisk:  # the file takes half of what is written, then the disk is full
        def __init__(self, fd, mode):
            self.fh = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(records.os, "fdopen", HalfFullDisk)
    with pytest.raises(OSError):
        records.write(course, records.Record("ada", MODULE, "running"))
    monkeypatch.undo()
    kept = records.read(course, MODULE, "ada")
    assert (kept.status, kept.graded_hash) == ("graded", "what a person graded")
    assert [p.name for p in course.path("autograded", ".records", MODULE).iterdir()] == ["ada.json"]


def test_a_gradebook_held_by_another_writer_is_waited_for_not_failed(tmp_path):
    """The busy timeout: a second writer waits for the first (here 7 s, beyond sqlite's default 5 s)."""
    import sqlite3

    course = Course(make_course_copy(tmp_path / "course"))
    with course.gradebook() as gb:
        gb.update_or_create_student("first")
    course.use_wal()  # as every grading run does
    holder = sqlite3.connect(course.sqlite_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(7.0, lambda: holder.execute("COMMIT"))
    timer.start()
    try:
        with course.gradebook() as gb:
            gb.update_or_create_student("second")
    finally:
        timer.join()
        holder.close()
    with course.gradebook() as gb:
        assert sorted(s.id for s in gb.students) == ["first", "second"]


def test_only_the_causes_own_type_marks_a_course_fault():
    """Words a learner can make appear in a message ("No space left", "OSError") never stop a run."""
    from curriculum.instructor.grading.parallel import COURSE_FAULT

    assert COURSE_FAULT.search("OSError: [Errno 28] No space left on device")
    assert COURSE_FAULT.search("sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) attempt to write "
                               "a readonly database")
    for learner_made in ("ValueError: output 'OSError: [Errno 28] No space left on device'",
                         "KeyError: 'No space left on device'", "NotOSError: x"):
        assert not COURSE_FAULT.search(learner_made), learner_made


def test_side_files_under_their_old_names_are_still_read(tmp_path):
    """A course collected before side files were named `<student>@...` keeps its notes."""
    course = Course(tmp_path)
    records.write_json(course.path("autograded", ".records", MODULE, "ada.collect.json"), ["renamed earlier"])
    records.write(course, records.Record("bob.collect", MODULE, "graded"))  # a learner's record, not notes
    assert records.read_collect_notes(course, MODULE, "ada") == ["renamed earlier"]
    assert records.read_collect_notes(course, MODULE, "bob") == []
    records.write_collect_notes(course, MODULE, "ada", ["renamed now"])
    assert records.read_collect_notes(course, MODULE, "ada") == ["renamed now"]
