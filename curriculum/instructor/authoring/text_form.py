"""Build nbgrader source notebooks from their readable jupytext text form.

The text form (source/<module>/<notebook>.py, percent format) is what authors edit and reviewers
read. Cell tags stand in for nbgrader's verbose metadata:

- ``# %% tags=["setup"] grade_id="setup"``: locked code the learner runs but cannot change;
- ``# %% tags=["answer"] grade_id="q01_mean_answer"``: the learner's answer, with the solution between
  ``### BEGIN SOLUTION`` and ``### END SOLUTION``;
- ``# %% tags=["check"] grade_id="q01_mean"``: the locked test cell that calls ``check``;
- ``# %% [markdown] tags=["written"] grade_id="w01_x"``: a written answer graded by a person.

A graded cell's points come from its line in the syllabus, the one place they are declared; the
"### Exercise N" heading above a graded cell shows them to the learner ("### Exercise N (2 points)"),
written here, never typed. The generated .ipynb carries no outputs and deterministic cell ids, so it
diffs cleanly.
"""
from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat

from curriculum.learner import syllabus

ROLE_METADATA = {
    "setup": dict(grade=False, solution=False, locked=True),
    "answer": dict(grade=False, solution=True, locked=False),
    "check": dict(grade=True, solution=False, locked=True),
    "written": dict(grade=True, solution=True, locked=False),
}
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class AuthoringError(ValueError):
    """A text-form notebook is malformed (unknown role, missing grade id or points)."""


def build_notebook(text_path: Path) -> nbformat.NotebookNode:
    """Read `text_path` (jupytext percent) and return the nbgrader source notebook."""
    nb = jupytext.read(text_path, fmt="py:percent")
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata
        tags = [t for t in meta.pop("tags", [])]
        roles = [t for t in tags if t in ROLE_METADATA]
        grade_id = meta.pop("grade_id", None)
        points = meta.pop("points", None)
        meta.pop("lines_to_next_cell", None)
        if "incorrectly_encoded_metadata" in meta:  # jupytext could not read the cell header
            raise AuthoringError(f"{text_path}: cell {index} has a header jupytext cannot read "
                                 f"({meta['incorrectly_encoded_metadata']!r}); write it like "
                                 '# %% tags=["answer"] grade_id="q01_x_answer"')
        if len(roles) > 1:
            raise AuthoringError(f"{text_path}: cell {index} has several roles {roles}")
        if roles:
            role = roles[0]
            if not grade_id:
                raise AuthoringError(f"{text_path}: {role} cell {index} needs grade_id=...")
            nbg = {"schema_version": 3, "grade_id": grade_id, **ROLE_METADATA[role]}
            if nbg["grade"]:
                nbg["points"] = _declared_points(text_path, role, grade_id, points)
            meta["nbgrader"] = nbg
            cell.id = grade_id.replace("_", "-")
        else:
            cell.id = f"cell-{index:03d}"
        others = [t for t in tags if t not in ROLE_METADATA]
        if others:
            meta["tags"] = others
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    _show_points_in_headings(nb, text_path)
    nb.metadata = {
        "kernelspec": KERNELSPEC,
        "language_info": {"name": "python"},
    }
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


#: The syllabus's `graded_by` for each role of a graded cell.
GRADED_BY = {"check": "autograder", "written": "rubric"}


def _declared_points(text_path: Path, role: str, grade_id: str, typed) -> int | float:
    """A graded cell's points, from its line in the syllabus (never typed in the notebook)."""
    module = text_path.parent.name
    where = f"the exercises of {module} in {syllabus.PATH.relative_to(syllabus.PATH.parents[2])}"
    if typed is not None:
        raise AuthoringError(f"{text_path}: {grade_id} sets points={typed} in its header; points are declared "
                             f"once, in {where}: remove it there")
    try:
        entries = {e.id: e for e in syllabus.load().module(module).exercises}
    except KeyError:
        entries = {}
    if grade_id not in entries:
        raise AuthoringError(f"{text_path}: {grade_id} has no line in {where}; add "
                             f'{{ id = "{grade_id}", points = 1, outcomes = ["O1"] }} '
                             "with its real points and outcomes")
    entry = entries[grade_id]
    if entry.graded_by != GRADED_BY[role]:
        raise AuthoringError(f"{text_path}: {grade_id} is a {role} cell, but {where} says graded_by = "
                             f'"{entry.graded_by}" (a {role} cell is graded_by = "{GRADED_BY[role]}")')
    return int(entry.points) if float(entry.points).is_integer() else entry.points


#: An exercise's heading, with the points an author may have typed after it (refused: sync writes them).
EXERCISE_HEADING = re.compile(r"^(#{2,4} Exercise \d+)( \(\d+(?:\.\d+)? points?\))?[ \t]*$", re.M)


def _points_label(points: int | float) -> str:
    return f"({points:g} point{'' if points == 1 else 's'})"


def _show_points_in_headings(nb: nbformat.NotebookNode, text_path: Path) -> None:
    """Write each graded cell's points after the nearest "### Exercise N" heading above it (no
    further up than the previous graded cell), so the learner sees them where the task is."""
    start = 0
    for index, cell in enumerate(nb.cells):
        nbg = cell.metadata.get("nbgrader", {})
        if not nbg.get("grade"):
            continue
        for above in reversed(nb.cells[start:index]):
            headings = list(EXERCISE_HEADING.finditer(above.source)) if above.cell_type == "markdown" else []
            if headings:
                last = headings[-1]
                if last.group(2):
                    raise AuthoringError(f"{text_path}: '{last.group(0).strip()}' types its points; points are "
                                         f"declared once, in the syllabus, and sync writes them after the "
                                         f"heading: write '{last.group(1)}'")
                above.source = (above.source[:last.start()] + f"{last.group(1)} {_points_label(nbg['points'])}"
                                + above.source[last.end():])
                break
        start = index + 1


def graded_ids(nb: nbformat.NotebookNode) -> list[str]:
    """The grade ids of a notebook's graded cells, in order."""
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]


def text_forms(source_dir: Path) -> list[Path]:
    """Every notebook text form under source/ (a .py that is not hidden_checks or variants)."""
    skip = {"hidden_checks.py", "variants.py"}
    return sorted(p for p in Path(source_dir).glob("*/*.py") if p.name not in skip)


def notebook_text(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def sync(source_dir: Path, check_only: bool = False) -> list[Path]:
    """Write each source .ipynb from its text form; return the ones that were out of date."""
    stale, graded = [], {}
    for text_path in text_forms(source_dir):
        target = text_path.with_suffix(".ipynb")
        nb = build_notebook(text_path)
        graded.setdefault(text_path.parent.name, []).extend(graded_ids(nb))
        wanted = notebook_text(nb)
        if not target.exists() or target.read_text() != wanted:
            stale.append(target)
            if not check_only:
                target.write_text(wanted)
    for module, ids in graded.items():
        _every_line_has_a_cell(module, ids)
    return stale


def _every_line_has_a_cell(module: str, ids: list[str]) -> None:
    """Each exercise the syllabus lists for a module is a graded cell of its notebooks, in order."""
    try:
        listed = [e.id for e in syllabus.load().module(module).exercises]
    except KeyError:
        return  # a notebook with graded cells already failed above
    missing = [gid for gid in listed if gid not in ids]
    if missing:
        raise AuthoringError(f"source/{module}: the syllabus lists {missing}, which no graded cell has; add the cells "
                             "or remove the lines")
    if listed != [gid for gid in ids if gid in listed]:
        raise AuthoringError(f"source/{module}: the syllabus lists the exercises as {listed} but the notebook has "
                             f"them as {ids}: put the syllabus lines in notebook order")
