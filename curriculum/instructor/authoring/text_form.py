"""Build nbgrader source notebooks from their readable jupytext text form.

The text form (source/<module>/<notebook>.py, percent format) is what authors edit and reviewers
read. Cell tags stand in for nbgrader's verbose metadata:

- ``# %% tags=["setup"] grade_id="setup"``: locked code the learner runs but cannot change;
- ``# %% tags=["answer"] grade_id="q01_mean_answer"``: the learner's answer, with the solution between
  ``### BEGIN SOLUTION`` and ``### END SOLUTION``;
- ``# %% tags=["check"] grade_id="q01_mean" points=1``: the locked test cell that calls ``check``;
- ``# %% [markdown] tags=["written"] grade_id="w01_x" points=3``: a written answer graded by a person.

The generated .ipynb carries no outputs and deterministic cell ids, so it diffs cleanly.
"""
from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat

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
                if points is None:
                    raise AuthoringError(f"{text_path}: {role} cell {grade_id} needs points=...")
                nbg["points"] = points
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
    nb.metadata = {
        "kernelspec": KERNELSPEC,
        "language_info": {"name": "python"},
    }
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def text_forms(source_dir: Path) -> list[Path]:
    """Every notebook text form under source/ (a .py that is not hidden_checks or variants)."""
    skip = {"hidden_checks.py", "variants.py"}
    return sorted(p for p in Path(source_dir).glob("*/*.py") if p.name not in skip)


def notebook_text(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def sync(source_dir: Path, check_only: bool = False) -> list[Path]:
    """Write each source .ipynb from its text form; return the ones that were out of date."""
    stale = []
    for text_path in text_forms(source_dir):
        target = text_path.with_suffix(".ipynb")
        wanted = notebook_text(build_notebook(text_path))
        if not target.exists() or target.read_text() != wanted:
            stale.append(target)
            if not check_only:
                target.write_text(wanted)
    return stale
