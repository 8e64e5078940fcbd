"""End to end through nbgrader: the demo class, cheats, feedback without hidden checks, export statuses.

The demo builds every learner's notebook from the released stub, the reference, the alternatives and
the common mistakes, so checking each (learner, exercise) score against the plan tests every
exercise through the real grader, including the released stub (learner-002 submits it untouched).
"""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from curriculum.cli import app
from curriculum.course import Course
from curriculum.demo import plan_class
from curriculum.exercises import MODULES
from curriculum.grading.batch import grade
from curriculum.grading.report import export_csv

from .conftest import MODULE, REPO

SIZE = 30


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    from .conftest import make_course_copy

    root = make_course_copy(tmp_path_factory.mktemp("demo") / "course")
    result = CliRunner().invoke(app, ["--course", str(root), "demo", "--size", str(SIZE)])
    return root, result


def class_plan(root):
    """(module, notebook name, learners) for every module the demo class submits."""
    course = Course(root)
    modules = [m for m in course.modules() if m in MODULES]
    for position, module in enumerate(modules):
        notebook = next((root / "source" / module).glob("*.ipynb")).stem
        yield module, notebook, plan_class(course, module, size=SIZE, position=position)[0]


def test_demo_runs_end_to_end(graded_class):
    root, result = graded_class
    assert result.exit_code == 0, result.output
    total = sum(len(learners) for _, _, learners in class_plan(root))
    assert f"scores matching the plan: {total}/{total}" in result.output
    assert (root / "exports" / "grades.csv").exists()


def test_every_module_in_the_demo_and_every_exercise_scores_as_planned(graded_class):
    root, _ = graded_class
    plan = list(class_plan(root))
    assert {m for m, _, _ in plan} == set(MODULES)
    assert len(plan[0][2]) >= 33
    with Course(root).gradebook() as gb:
        for module, notebook, learners in plan:
            for learner in learners:
                for grade_id, expected in learner.expected.items():
                    got = gb.find_grade(grade_id, notebook, module, learner.student).score
                    assert got == expected, (f"{module} {learner.student} {grade_id} "
                                             f"({learner.choices[grade_id]}): {got} != {expected}")


def test_cheats_gain_nothing(graded_class):
    root, _ = graded_class
    with Course(root).gradebook() as gb:
        for cheat in ("cheat-always-equal", "cheat-patched-testing", "cheat-input-transformer"):
            assert gb.find_submission(MODULE, cheat).score == 0


@pytest.mark.parametrize("module", list(MODULES))
def test_stub_fails_cleanly_without_breaking_later_cells(graded_class, module):
    root, _ = graded_class
    path = next((root / "autograded" / "learner-002" / module).glob("*.ipynb"))
    nb = json.loads(path.read_text())
    tests = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade") and c["cell_type"] == "code"]
    assert tests and all(c["outputs"][0].get("ename") == "NotAttempted" for c in tests)
    # every other code cell after the stubs still ran without an error, and the figures were drawn
    others = [c for c in nb["cells"] if c["cell_type"] == "code" and c not in tests
              and not c["metadata"].get("nbgrader", {}).get("solution")]
    assert all(c["execution_count"] is not None for c in others)
    assert not any(o["output_type"] == "error" for c in others for o in c["outputs"])
    figures = [o for c in others for o in c["outputs"] if o.get("data", {}).get("image/png")]
    assert figures, "the demonstration plots still draw when every answer is a stub"


def test_mistakes_get_their_message_in_feedback(graded_class):
    import html as html_lib

    root, _ = graded_class
    checked = 0
    for module, notebook, learners in class_plan(root):
        for learner in learners:
            if not learner.messages:
                continue
            page = (root / "feedback" / learner.student / module / f"{notebook}.html").read_text()
            for words in learner.messages.values():
                assert words in page or html_lib.escape(words, quote=False) in page, \
                    f"{module} {learner.student}: {words!r} missing"
                checked += 1
    assert checked >= 30


def test_feedback_holds_no_hidden_check_text(graded_class):
    root, _ = graded_class
    hidden_source = (REPO / "source" / MODULE / "hidden_checks.py").read_text()
    hidden_markers = ["HIDDEN-CHECKS-MARKER", "_probe_frame", "_expected_kg", "HIDDEN = {"]
    assert all(m in hidden_source for m in hidden_markers)  # the markers are real text of the hidden file
    for module in MODULES:
        assert "HIDDEN-CHECKS-MARKER" in (REPO / "source" / module / "hidden_checks.py").read_text()
    markers = hidden_markers + ["BEGIN SOLUTION", "export_to_outbox"]
    pages = list((root / "feedback").rglob("*.html"))
    assert len(pages) >= SIZE
    for page in pages:
        text = page.read_text()
        for marker in markers:
            assert marker not in text, f"{page} leaks {marker!r}"


def test_export_tells_statuses_apart(graded_class):
    root, _ = graded_class
    course = Course(root)
    broken = root / "submitted" / "zz-broken" / MODULE
    broken.mkdir(parents=True)
    (broken / "python-for-data.ipynb").write_text("{ this is not a notebook")
    with course.gradebook() as gb:
        gb.update_or_create_student("zz-absent")
    result = grade(course, MODULE, ["zz-broken"])
    assert result.failed and result.failed[0][0] == "zz-broken" and result.failed[0][1]
    frame = export_csv(course, root / "exports" / "after.csv")
    frame = frame[frame.module == MODULE].set_index("student")
    assert frame.loc["zz-broken", "status"] == "failed" and frame.loc["zz-broken", "reason"]
    assert frame.loc["zz-absent", "status"] == "not_submitted"
    assert frame.loc["learner-001", "status"] == "graded" and frame.loc["learner-001", "score"] > 0
    assert frame.loc["learner-002", "status"] == "graded" and frame.loc["learner-002", "score"] == 0


def test_status_command(graded_class):
    root, _ = graded_class
    result = CliRunner().invoke(app, ["--course", str(root), "status"])
    assert result.exit_code == 0 and "learner-001" in result.output
