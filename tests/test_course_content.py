"""Data and content tests: clean sources, release/ in sync, syllabus matches what nbgrader computes."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from curriculum import syllabus
from curriculum.authoring import build_notebook, notebook_text, text_forms
from curriculum.course import Course
from curriculum.exercises import MODULES, module_exercises
from curriculum.release import release

from .conftest import REPO


def source_notebooks():
    return sorted((REPO / "source").glob("*/*.ipynb"))


@pytest.mark.parametrize("path", source_notebooks(), ids=lambda p: p.parent.name)
def test_source_notebooks_diff_cleanly(path):
    nb = json.loads(path.read_text())
    for index, cell in enumerate(nb["cells"]):
        assert cell.get("outputs", []) == [] and cell.get("execution_count") is None
        nbg = cell["metadata"].get("nbgrader")
        expected = nbg["grade_id"].replace("_", "-") if nbg else f"cell-{index:03d}"
        assert cell["id"] == expected


@pytest.mark.parametrize("text", text_forms(REPO / "source"), ids=lambda p: p.parent.name)
def test_ipynb_is_built_from_its_text_form(text):
    assert text.with_suffix(".ipynb").read_text() == notebook_text(build_notebook(text)), \
        "run `curriculum sync` and commit the .ipynb"


def _comparable(path: Path) -> dict:
    nb = nbformat.read(path, as_version=4)
    return json.loads(nbformat.writes(nb))


def test_release_is_in_sync_with_source(course_copy):
    """Regenerate release/ into a temp course through nbgrader and compare with the committed one."""
    fresh = course_copy
    import shutil
    shutil.rmtree(fresh / "release")
    release(Course(fresh))
    committed = sorted(p.relative_to(REPO / "release") for p in (REPO / "release").rglob("*") if p.is_file())
    generated = sorted(p.relative_to(fresh / "release") for p in (fresh / "release").rglob("*") if p.is_file())
    assert committed == generated
    for rel in committed:
        if rel.suffix == ".ipynb":
            assert _comparable(REPO / "release" / rel) == _comparable(fresh / "release" / rel), \
                f"release/{rel} is stale: run `curriculum release`"
    # the gradebook was created by alembic from the venv (the version table exists)
    import sqlite3
    tables = {r[0] for r in sqlite3.connect(fresh / "gradebook.db").execute(
        "select name from sqlite_master where type='table'")}
    assert "alembic_version" in tables


def test_no_hidden_checks_or_solutions_in_release():
    for path in (REPO / "release").rglob("*"):
        if path.is_file():
            text = path.read_text(errors="ignore")
            assert "HIDDEN-CHECKS-MARKER" not in text and "BEGIN SOLUTION" not in text, path
            assert path.suffix == ".ipynb", f"only notebooks are released, found {path}"


def _nbgrader_points(course: Course, module: str) -> dict[str, float]:
    """grade id -> points, as nbgrader's gradebook records them after generating the module."""
    with course.gradebook() as gb:
        assignment = gb.find_assignment(module)
        return {cell.name: float(cell.max_score) for nb in assignment.notebooks for cell in nb.grade_cells}


def test_syllabus_matches_source(course_copy):
    course = Course(course_copy)
    release(course)
    plan = syllabus.load()
    built = {m.id for m in plan.built}
    assert built == {p.name for p in (REPO / "source").iterdir() if p.is_dir()}
    assert built <= set(MODULES)
    for module in plan.built:
        assert {e.id: e.points for e in module.exercises} == _nbgrader_points(course, module.id)
        auto = {e.id for e in module.exercises if e.graded_by == "autograder"}
        assert auto == set(module_exercises(module.id)), "every autograded exercise has a definition"
        assert len(auto) >= 6 and any(e.graded_by == "rubric" for e in module.exercises)
        for ex in module.exercises:
            assert ex.outcomes and set(ex.outcomes) <= set(syllabus.OUTCOMES)
        for ex in module_exercises(module.id).values():
            assert set(ex.outcomes) <= set(next(e.outcomes for e in module.exercises if e.id == ex.grade_id))


def test_syllabus_is_complete_and_ordered():
    plan = syllabus.load()
    ids = [m.id for m in plan.modules]
    assert ids == sorted(ids) and len(ids) == 9
    for m in plan.modules:
        assert m.title and m.objectives and 45 <= m.minutes <= 90 and 0 < m.pass_mark <= 1
        assert all(p in ids[: ids.index(m.id)] for p in m.prerequisites)
    assert set(plan.tracks["decision-maker"]) == {"00-python-for-data", "08-ai-decisions"}


def test_grade_ids_are_unique_across_the_course():
    seen = [gid for m in MODULES for gid in module_exercises(m)]
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("module", list(MODULES))
def test_notebooks_load_only_the_datasets_their_syllabus_lists(module):
    """At grading the sandbox mounts only those files, so an unlisted dataset would fail for all."""
    import re

    listed = set(syllabus.load().module(module).datasets)
    for text_form in (REPO / "source" / module).glob("*.py"):
        if text_form.name in ("hidden_checks.py", "variants.py"):
            continue
        used = set(re.findall(r"""load\(\s*["'](\w+)["']""", text_form.read_text()))
        assert used <= listed, f"{text_form.name} loads {sorted(used - listed)} not listed in the syllabus"
