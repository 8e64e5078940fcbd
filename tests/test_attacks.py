"""The attack suite: 31 hostile notebooks graded in one batch through the sandbox and the judge.

Each attack is the same baseline submission (wrong answers and one right one) plus one attack, so
its score must not exceed the baseline's. Secret markers are planted in the hidden checks, a
solution, the gradebook, an environment variable and a file in the grader's home; none may reach a
graded notebook, a feedback page, a record or the export, and the attacks that search for them must
finish their search. Honest students graded before the attacks keep their grades and files, an
honest student graded in the same batch (two workers at once) gets full marks, the batch never
stops, and every attack gets a recorded reason.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from curriculum.instructor.authoring.instructor_files import load_instructor_file
from curriculum.instructor.course import Course
from curriculum.instructor.demo import Learner, build_submission
from curriculum.instructor.grading import records
from curriculum.instructor.grading.feedback import feedback
from curriculum.instructor.grading.parallel import grade, grade_parallel
from curriculum.instructor.grading.report import export_csv
from curriculum.instructor.release import release
from curriculum.instructor.sandbox.slots import is_sandbox_uid
from curriculum.learner.data import datasets_dir

from .attacks import ATTACKS, COURSE_TOKEN, LISTENER_PORT, PROBES, STILL_GRADED, TAMPERING
from .conftest import MODULE, autograded_points, doc_table, make_course_copy, table_cells

NOTEBOOK = "python-for-data.ipynb"
MARKERS = ["HIDDEN-CHECKS-MARKER-00", "SECRET-SOLUTION-MARKER", "SECRET-GRADEBOOK-MARKER",
           "SECRET-ENV-MARKER", "SECRET-HOME-MARKER"]
HOME_MARKER = Path.home() / ".curriculum-secret-marker"
#: How long after the detached-process attack ran the fixture looks for survivors (stock: 25 s).
SURVIVOR_WAIT = 30
NAMES = list(ATTACKS) + TAMPERING


def _student(name: str) -> str:
    return f"atk-{name}"


def _baseline(course: Course, variants: dict) -> nbformat.NotebookNode:
    exercises = [g for g in variants]
    learner = Learner("baseline", choices={g: "mistake0" for g in exercises})
    learner.choices["q02_shape"] = "reference"
    return build_submission(course, MODULE, learner, variants)


def _attack(nb, name: str, root: Path):
    nb = nbformat.from_dict(json.loads(json.dumps(nb).replace(COURSE_TOKEN, str(root))))
    cells = nb.cells
    ids = [c.metadata.get("nbgrader", {}).get("grade_id", "") for c in cells]
    if name in ATTACKS:
        where, code = ATTACKS[name]
        if where == "setup":
            cells.insert(ids.index("setup") + 1, nbformat.v4.new_code_cell(code.replace(COURSE_TOKEN, str(root))))
        elif where == "last":
            cells.append(nbformat.v4.new_code_cell(code.replace(COURSE_TOKEN, str(root))))
        else:
            cells[ids.index(f"{where}_answer")].source = code.replace(COURSE_TOKEN, str(root))
    elif name == "tampered-test-cell":
        cells[ids.index("q01_predict_mean")].source = "print('[CORRECT] 1 of 1 points.')"
    elif name == "tampered-points":
        cells[ids.index("q01_predict_mean")].metadata.nbgrader["points"] = 100
        answer = cells[ids.index("q04_filter_answer")].metadata.nbgrader
        answer.update(grade=True, points=50)
    elif name == "flipped-cell-role":  # a test cell marked as the learner's answer cell
        cells[ids.index("q01_predict_mean")].metadata.nbgrader["solution"] = True
    elif name == "duplicate-grade-id":
        index = ids.index("q02_shape")
        cells.insert(index + 1, nbformat.from_dict(json.loads(json.dumps(cells[index]))))
        cells.insert(index + 1, nbformat.from_dict(json.loads(json.dumps(cells[index - 1]))))
    return nb


def _submit(course: Course, student: str, nb) -> None:
    folder = course.path("submitted", student, MODULE)
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / NOTEBOOK)


def _hashes(paths: list[Path]) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}


def _cell_scores(course: Course, student: str) -> dict[str, float]:
    with course.gradebook() as gb:
        return {g.name: g.score for nb in gb.find_submission(MODULE, student).notebooks for g in nb.grades}


def _sandbox_processes(since: float = 0.0) -> list[str]:
    """Live sandbox processes started after `since` (a time.time()), one line each to read in a failure.

    A zombie has already exited (it runs nothing, it waits to be reaped), and a process started before
    the batch is not one of its survivors, so neither counts."""
    found = []
    for proc in psutil.process_iter(["pid", "ppid", "uids", "status", "create_time", "cmdline"]):
        info = proc.info
        if not info["uids"] or not is_sandbox_uid(info["uids"].real):
            continue
        if info["status"] == psutil.STATUS_ZOMBIE or (info["create_time"] or 0) < since:
            continue
        command = " ".join(info["cmdline"] or [])[:200]
        found.append(f"pid {info['pid']} (parent {info['ppid']}, {info['status']}, "
                     f"{time.time() - info['create_time']:.0f} s old): {command!r}")
    return found


class Listener(threading.Thread):
    """A loopback server on the host that records any connection."""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", LISTENER_PORT))
        self.sock.listen()
        self.sock.settimeout(0.5)
        self.connections, self.stop = 0, False

    def run(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                pass


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    root = make_course_copy(tmp_path_factory.mktemp("attacks") / "course")
    # short limits keep the suite quick, loose enough for a loaded machine (it runs beside other tests)
    with open(root / "nbgrader_config.py", "a") as fh:
        fh.write("\nc.SandboxedExecute.timeout = 20\nc.SandboxedExecute.notebook_timeout = 120\n")
    course = Course(root)
    release(course, [MODULE])  # creates the assignment and its locked cells in the gradebook
    variants = load_instructor_file(root, MODULE, "variants").VARIANTS
    source_nb = root / "source" / MODULE / NOTEBOOK
    text = source_nb.read_text().replace("### END SOLUTION", "# SECRET-SOLUTION-MARKER\\n### END SOLUTION", 1)
    source_nb.write_text(text)
    HOME_MARKER.write_text("SECRET-HOME-MARKER\n")
    os.environ["CURRICULUM_SECRET_MARKER"] = "SECRET-ENV-MARKER"
    listener = Listener()
    listener.start()
    try:
        reference = Learner("honest-a", choices={g: "reference" for g in variants})
        _submit(course, "honest-a", build_submission(course, MODULE, reference, variants))
        _submit(course, "honest-b", _baseline(course, variants))
        grade(course, MODULE, ["honest-a", "honest-b"])
        with course.gradebook() as gb:
            gb.update_or_create_student("honest-a", last_name="SECRET-GRADEBOOK-MARKER")
        protected = sorted(p for p in [*root.glob("source/**/*"), *root.glob("release/**/*"),
                                       root / "nbgrader_config.py", *root.glob("submitted/honest-*/**/*"),
                                       *root.glob("autograded/honest-*/**/*"), *datasets_dir().glob("*")]
                           if p.is_file())
        before = _hashes(protected)
        honest_before = {s: _cell_scores(course, s) for s in ("honest-a", "honest-b")}
        baseline = _baseline(course, variants)
        _submit(course, "baseline", baseline)
        _submit(course, "honest-c", build_submission(course, MODULE, reference, variants))
        for name in NAMES:
            _submit(course, _student(name), _attack(baseline, name, root))
        # the detached process goes first: the wait for a survivor overlaps the rest of the batch
        students = [_student("detached-process"), "baseline", "honest-c"] + \
            [_student(n) for n in NAMES if n != "detached-process"]
        started, batch_began = time.monotonic(), time.time() - 1
        result = grade_parallel(course, MODULE, students, workers=2)
        seconds = time.monotonic() - started
        feedback(course, MODULE, students)
        export_csv(course, root / "exports" / "grades.csv")
        detached = records.path(course, MODULE, _student("detached-process")).stat().st_mtime
        time.sleep(max(0.0, detached + SURVIVOR_WAIT - time.time()))  # a survivor would strike by now
        for _ in range(40):  # a sandbox still shutting down (not a survivor) ends within seconds
            if not _sandbox_processes(batch_began):
                break
            time.sleep(0.5)
        yield {"root": root, "course": course, "result": result, "before": before,
               "after": _hashes([Path(p) for p in before]), "honest_before": honest_before,
               "listener": listener.connections, "seconds": seconds,
               "leftover": _sandbox_processes(batch_began), "waited": time.time() - detached}
    finally:
        listener.stop = True
        HOME_MARKER.unlink(missing_ok=True)
        os.environ.pop("CURRICULUM_SECRET_MARKER", None)


def _score(course: Course, student: str) -> float:
    with course.gradebook() as gb:
        return gb.find_submission(MODULE, student).score


def test_the_suite_has_at_least_25_attacks():
    assert len(NAMES) >= 25


@pytest.mark.parametrize("name", NAMES)
def test_attack_gains_nothing_leaks_nothing_and_is_recorded(attacked, name):
    course, root, student = attacked["course"], attacked["root"], _student(name)
    record = records.read(course, MODULE, student)
    assert record is not None, "the batch stopped before this attack"
    assert record.reason, "every attack gets a recorded reason"
    if record.status == "graded":
        assert _score(course, student) <= _score(course, "baseline")
    texts = [p.read_text(errors="replace") for p in
             [*root.glob(f"autograded/{student}/**/*.ipynb"), *root.glob(f"feedback/{student}/**/*.html"),
              *root.glob(f"autograded/.records/{MODULE}/{student}.json"),
              *root.glob(f"autograded/.records/{MODULE}/{student}@*.json"), root / "exports" / "grades.csv"]]
    if record.status == "graded":
        assert len(texts) >= 4, "the graded notebook, its feedback, its record and the export"
    for text in texts:
        for marker in MARKERS:
            assert marker not in text, f"{name} leaked {marker}"
        assert "$6$" not in text and "root:*:" not in text, f"{name} read a password file"
    if name in PROBES:  # its search finished, so "found nothing" means nothing was there to find
        assert "PROBE-DONE" in texts[0], f"{name} was stopped before it finished looking"


def test_baseline_scores_its_one_right_answer(attacked):
    assert _score(attacked["course"], "baseline") == 1.0  # q02 is right, everything else wrong


def test_honest_students_keep_their_grades_and_files(attacked):
    course = attacked["course"]
    after = {s: _cell_scores(course, s) for s in ("honest-a", "honest-b")}
    assert after == attacked["honest_before"]  # every cell's grade, not just the totals
    assert sum(after["honest-a"].values()) == autograded_points(MODULE)  # every autograded point
    assert _score(course, "honest-c") == autograded_points(MODULE), \
        "an honest learner graded next to the attacks lost points"
    assert attacked["after"] == attacked["before"], "a protected file changed"


def test_nothing_escapes_the_sandbox(attacked):
    assert attacked["listener"] == 0, "an attack reached a loopback listener on the host"
    assert attacked["waited"] >= SURVIVOR_WAIT
    assert attacked["leftover"] == [], "sandbox processes survived the batch"
    assert not Path("/root/.ipython/profile_default/startup/00-attack.py").exists()
    assert (attacked["root"] / "gradebook.db").read_bytes()[:15] == b"SQLite format 3"


@pytest.mark.parametrize("name", STILL_GRADED)
def test_attacks_on_the_machinery_leave_the_honest_part_graded(attacked, name):
    """A FIFO, a deep folder, a decompression bomb, forged messages or a flipped cell role cost the
    attacker nothing extra but do not make the submission fail or retry: it is graded as it is."""
    course = attacked["course"]
    record = records.read(course, MODULE, _student(name))
    assert record.status == "graded", record.reason
    assert record.tries == 0, "a learner's own failure was taken for the grader's and retried"
    assert _score(course, _student(name)) <= _score(course, "baseline")


def test_learner_html_is_sanitized_in_feedback(attacked):
    root = attacked["root"]
    pages = [p.read_text() for p in root.glob(f"feedback/{_student('script-in-output')}/**/*.html")]
    assert pages and not any("LEARNER-SCRIPT" in p and "<script>document.title" in p for p in pages)
    prompt = [p.read_text() for p in root.glob(f"feedback/{_student('forged-prompt')}/**/*.html")]
    assert prompt and not any("<img src=x onerror" in p for p in prompt)


def test_the_batch_never_stops(attacked):
    result = attacked["result"]
    assert len(result.done) + len(result.failed) == len(NAMES) + 2


def test_sandbox_stops_are_named(attacked):
    course = attacked["course"]
    reasons = {n: records.read(course, MODULE, _student(n)).reason for n in NAMES}
    assert "cell ran longer than" in reasons["sigint-ignored-loop"]
    assert "cell ran longer than" in reasons["fork-bomb"]
    assert "kernel died" in reasons["os-exit"]
    assert "kernel died" in reasons["segfault"]
    assert "output stopped" in reasons["huge-print"]
    assert "output stopped" in reasons["display-update-bomb"]
    assert "filled its scratch space" in reasons["fill-disk"] or "file size limit" in reasons["fill-disk"]
    assert "MemoryError" in reasons["memory-bomb"] or "kernel died" in reasons["memory-bomb"]
    assert "malformed" in reasons["malformed-message"] and "malformed" in reasons["forged-prompt"]
    assert "flag was changed" in reasons["flipped-cell-role"]


def test_outcome_table(attacked):
    """The table in docs/grading-trust.md: run `pytest tests/test_attacks.py -s -k outcome_table` to print it."""
    course, lines = attacked["course"], ["| attack | outcome | score (baseline 1) | recorded reason |",
                                         "|---|---|---|---|"]
    for name in NAMES:
        record = records.read(course, MODULE, _student(name))
        score = _score(course, _student(name)) if record.status == "graded" else "-"
        lines.append(f"| {name} | {record.status} | {score} | {record.reason[:150]} |")
    print("\n".join(lines))
    shown = [row[:3] for row in doc_table("| attack |")]
    assert shown == [table_cells(line)[:3] for line in lines[2:]], \
        "docs/grading-trust.md's attacks table is out of date: paste what this test prints (-s)"
