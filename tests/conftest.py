"""Shared fixtures: the repository, a throwaway copy of the course, and an in-process notebook runner."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import matplotlib
import nbformat
import pytest

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parent.parent
MODULE = "00-python-for-data"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def make_course_copy(target: Path) -> Path:
    """A course folder with source/, release/ and the config, but no gradebook or submissions."""
    for name in ("source", "release"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "nbgrader_config.py", target / "nbgrader_config.py")
    (target / "autograded").mkdir()
    os.environ.setdefault("CURRICULUM_DATASETS", str(REPO / "datasets"))
    return target


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    return make_course_copy(tmp_path / "course")


def autograded_points(module: str = MODULE) -> float:
    """Every autograded point of `module` as the syllabus declares them (tests never hard-code totals)."""
    from curriculum.learner import syllabus

    return sum(e.points for e in syllabus.load().module(module).exercises if e.graded_by == "autograder")


def source_notebook(module: str = MODULE):
    return nbformat.read(next((REPO / "source" / module).glob("*.ipynb")), as_version=4)


def setup_code(module: str = MODULE) -> str:
    return "\n".join(c.source for c in source_notebook(module).cells
                     if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")


def readme_table(header: str) -> list[list[str]]:
    """The rows of the README table whose header line starts with `header`, as lists of cells."""
    lines = (REPO / "README.md").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(table_cells(line))
    return rows


def table_cells(line: str) -> list[str]:
    """The cells of one markdown table line."""
    return [cell.strip() for cell in line.strip().strip("|").split(" | ")]
