"""The course commands on a fresh course copy (no demo class): release with a due date, export before
any release, plain `nbgrader autograde` with the course's config, mistakes that change a shared table
through the sandbox, and the controls showing that the demo's cheats fool a naive in-kernel test.

Kept apart from test_pipeline.py (whose demo class takes most of a run) so that another test process
can run them meanwhile.
"""
from __future__ import annotations

import nbformat
import pytest
from typer.testing import CliRunner

from curriculum.instructor.cli.main import app
from curriculum.instructor.course import Course
from curriculum.instructor.demo import CHEAT_TARGET, CHEATS, NAIVE_TESTS, Learner, build_submission, reference_code
from curriculum.learner.syllabus import load as load_syllabus

from .conftest import MODULE, reference_submission


def _run_cells(cells: list[str], tmp_path) -> list:
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=60, allow_errors=True, resources={"metadata": {"path": str(tmp_path)}}).execute()
    return [[o for o in c.outputs if o.output_type == "error"] for c in nb.cells]


@pytest.mark.parametrize("cheat", list(CHEATS))
def test_cheats_would_fool_a_naive_in_kernel_test(cheat, tmp_path):
    """Positive control: the same cheat passes the stock test it targets, so scoring 0 above means something."""
    converts = f"\nassert float(predicted_mean) == {CHEAT_TARGET}, 'the cheat value converts to the right answer'"
    errors = _run_cells([CHEATS[cheat] + converts, NAIVE_TESTS[cheat]], tmp_path)
    assert errors == [[], []], errors
    # and the naive test is not vacuous: it fails an honest wrong answer
    assert _run_cells(["predicted_mean = 0.0", NAIVE_TESTS[cheat]], tmp_path)[1]


# --- the command line: export, release --due, planned modules -----------------------------------

def test_export_refuses_before_any_release_and_writes_where_it_is_told(course_copy, tmp_path, monkeypatch):
    result = CliRunner().invoke(app, ["--course", str(course_copy), "export"])
    assert result.exit_code == 1 and "Nothing has been released yet" in result.output
    assert not (course_copy / "gradebook.db").exists(), "export created an empty gradebook"
    assert CliRunner().invoke(app, ["--course", str(course_copy), "release", MODULE]).exit_code == 0
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["--course", str(course_copy), "export", "-o", "here.csv"])
    assert result.exit_code == 0 and (tmp_path / "here.csv").exists(), result.output  # relative to where I am
    assert CliRunner().invoke(app, ["--course", str(course_copy), "export"]).exit_code == 0
    assert (course_copy / "exports" / "grades.csv").exists()  # the default stays in the course


def test_release_sets_a_due_date_and_names_planned_modules(course_copy):
    from datetime import datetime

    result = CliRunner().invoke(app, ["--course", str(course_copy), "release", MODULE,
                                      "--due", "2026-12-01T17:00+01:00"])
    assert result.exit_code == 0 and "due 2026-12-01 16:00 UTC" in result.output, result.output
    with Course(course_copy).gradebook() as gb:
        assert gb.find_assignment(MODULE).duedate == datetime(2026, 12, 1, 16, 0)
    bad = CliRunner().invoke(app, ["--course", str(course_copy), "release", MODULE, "--due", "next friday"])
    assert bad.exit_code == 2 and bad.output.startswith("Error: --due should be")
    later = next(m.id for m in load_syllabus().modules if m.status == "planned")
    planned = CliRunner().invoke(app, ["--course", str(course_copy), "release", later])
    assert planned.exit_code == 2 and "planned in the syllabus but not built yet" in planned.output
    for command in (["grade", later], ["feedback", later]):
        out = CliRunner().invoke(app, ["--course", str(course_copy), *command])
        assert out.exit_code == 2 and "not built yet" in out.output, command


def test_percent_is_rounded_half_up_like_a_spreadsheet():
    from curriculum.instructor.grading.report import _percent

    assert _percent(13, 16) == 81.3  # Python's round() gives 81.2
    assert _percent(2.3, 8) == 28.8  # float arithmetic gives 28.7499...
    assert _percent(1, 3) == 33.3 and _percent(2, 3) == 66.7 and _percent(0, 0) == 0.0


def test_mistakes_that_change_a_shared_table_lose_their_points_through_the_sandbox(course_copy):
    """A `mistakes_alone` variant (it changes a table later exercises read, so no demo learner makes it)
    graded through nbgrader and the sandbox: the rest of the notebook is the reference."""

    from curriculum.instructor.authoring.instructor_files import load_instructor_file
    from curriculum.instructor.release import release

    course = Course(course_copy)
    cases = [(module, grade_id, i, code, words) for module in course.modules()
             for grade_id, v in load_instructor_file(course_copy, module, "variants").VARIANTS.items()
             for i, (code, words) in enumerate(v.get("mistakes_alone", ()))]
    assert cases, "no variant lists a mistake that changes a shared table"
    release(course, sorted({c[0] for c in cases}))
    for module, grade_id, i, code, words in cases:
        student = f"alone-{grade_id}-{i}"
        source = nbformat.read(next((course_copy / "source" / module).glob("*.ipynb")), as_version=4)
        learner = Learner(student, choices={ex: "reference" for ex in reference_code(source)})
        nb = build_submission(course, module, learner, {})
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == f"{grade_id}_answer":
                cell.source = code
        folder = course_copy / "submitted" / student / module
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / next((course_copy / "source" / module).glob("*.ipynb")).name)
        result = course.api().autograde(module, student, force=True, create=True)
        assert result["success"], result.get("log")
        graded = nbformat.read(next((course_copy / "autograded" / student / module).glob("*.ipynb")), as_version=4)
        check = next(c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
        text = "".join(o.get("text", "") + "".join(o.get("traceback", [])) for o in check.outputs)
        assert words in text, (grade_id, text)
        with course.gradebook() as gb:
            scores = {g.name: g.score for nb_ in gb.find_submission(module, student).notebooks for g in nb_.grades}
        assert scores[grade_id] == 0


def test_plain_nbgrader_autograde_with_the_course_config_judges_in_the_sandbox(course_copy):
    """`nbgrader autograde` with nbgrader_config.py alone (no coordinator) runs the same chain in one
    process: export in the sandbox, judge outside, and the graded test cells keep their own source."""

    from curriculum.instructor.release import release

    from .conftest import autograded_points

    course = Course(course_copy)
    release(course, [MODULE])
    reference_submission(course_copy, "plain", lambda grade_id, code: code)
    result = course.api().autograde(MODULE, "plain", force=True, create=True)
    assert result["success"], result.get("log")
    with course.gradebook() as gb:
        assert gb.find_submission(MODULE, "plain").score == autograded_points()
    graded = nbformat.read(course_copy / "autograded" / "plain" / MODULE / "python-for-data.ipynb", as_version=4)
    checks = [c for c in graded.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]
    assert checks and all(c.source == f'check("{c.metadata.nbgrader.grade_id}")' for c in checks)
    assert all("[CORRECT]" in "".join(o.get("text", "") for o in c.outputs) for c in checks)
