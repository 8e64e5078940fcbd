"""`curriculum status` says each cause once, with a count, and counts the written answers that wait;
`curriculum formgrader` opens nbgrader's formgrader for the course, and a hand grade entered there
is in `status` and the export with no other step."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from curriculum.instructor.authoring.instructor_files import load_instructor_file
from curriculum.instructor.cli.main import app
from curriculum.instructor.course import Course
from curriculum.instructor.demo import Learner, write_submissions
from curriculum.instructor.grading.parallel import grade
from curriculum.instructor.grading.report import Row, advice, export_csv
from curriculum.instructor.release import release
from curriculum.learner import syllabus

from .conftest import MODULE, free_port, make_course_copy, printed_address

WRITTEN = "w10_interpret_scatter"
NEVER = f"{MODULE} was never released: run `curriculum release {MODULE}`"


def test_advice_says_each_cause_once_with_a_count_and_who():
    data = [Row(f"learner-{i:03d}", MODULE, "submitted_not_graded", None, 16, None, None, False, NEVER)
            for i in range(35)]
    data.append(Row("zoe", MODULE, "failed", None, 16, None, None, False, "the notebook is not valid JSON"))
    data.append(Row("amy", MODULE, "graded", 16, 16, 100.0, True, False, ""))
    lines = advice(data)
    assert lines == [f"  submitted not graded: {MODULE}, 35 learners (learner-000, learner-001, learner-002 and "
                     f"32 more): {NEVER}",
                     f"  failed: {MODULE}, 1 learner (zoe): the notebook is not valid JSON"]


def _said(root: Path) -> str:
    return " ".join(CliRunner().invoke(app, ["--course", str(root), "status"]).output.split())


def _call(url: str, token: str, body: dict | None = None) -> tuple[int, object]:
    request = urllib.request.Request(url, method="PUT" if body is not None else "GET",
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"token {token}"})
    for _ in range(40):
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, None
        except urllib.error.URLError:
            time.sleep(0.5)  # the server prints its address just before it listens
    raise AssertionError(f"nothing answers at {url}")


def test_a_hand_grade_entered_in_the_formgrader_shows_in_status_and_the_export(tmp_path):
    course = Course(make_course_copy(tmp_path / "course"))
    release(course, [MODULE])
    variants = load_instructor_file(course.root, MODULE, "variants").VARIANTS
    write_submissions(course, MODULE, [Learner("ada", choices={g: "reference" for g in variants},
                                               writes_answer=True)], variants)
    assert grade(course, MODULE, ["ada"]).done == ["ada"]
    said = _said(course.root)
    assert f"* {MODULE}: 1 written answer(s) wait for a person ({WRITTEN}: 1)" in said, said
    assert "`curriculum formgrader` opens nbgrader's formgrader for this course" in said

    port = free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "curriculum"), "--course", str(course.root),
                             "formgrader", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True,
                            env={**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")})
    try:
        found, said = printed_address(proc, "formgrader", port)
        assert found, said
        token = found.group(1)
        base = f"http://127.0.0.1:{port}"
        notebooks = _call(f"{base}/formgrader/api/submitted_notebooks/{MODULE}/python-for-data", token)[1]
        grades = _call(f"{base}/formgrader/api/grades?submission_id={notebooks[0]['id']}", token)[1]
        written = next(g for g in grades if g["name"] == WRITTEN)
        status, entered = _call(f"{base}/formgrader/api/grade/{written['id']}", token, {"manual_score": 2})
        assert status == 200 and entered["needs_manual_grade"] is False, entered
        assert _call(f"{base}/assignments/validate", token)[0] == 404  # the learner's extensions are off
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    said = _said(course.root)
    assert "wait for a person" not in said and "pass" in said, said
    row = export_csv(course, tmp_path / "grades.csv").set_index("student").loc["ada"]
    entries = syllabus.load().module(MODULE).exercises
    written_points = next(e.points for e in entries if e.id == WRITTEN)
    assert row["score"] == sum(e.points for e in entries) - written_points + 2 and not row["needs_manual_grade"]
