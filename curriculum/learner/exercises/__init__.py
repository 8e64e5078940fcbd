"""Each module's public exercise definitions (answers, kinds, public checks), found by module id.

A module's exercises live in the folder named after it: `00-python-for-data` in
`m00_python_for_data/`, whose `__init__.py` holds the list `EXERCISES`. The modules are those of the
syllabus with a source folder (built or draft); nothing else lists them. Hidden checks do not
belong in this package: see
source/<module>/hidden_checks.py.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from pathlib import Path

from curriculum.learner import syllabus
from curriculum.learner.checks.core import Exercise


def folder_name(module_id: str) -> str:
    """The folder of a module's exercises: `00-python-for-data` -> `m00_python_for_data`."""
    return "m" + module_id.replace("-", "_")


def definition_file(module_id: str) -> str:
    """Where a module's exercises are defined, as a path to name in messages."""
    return f"curriculum/learner/exercises/{folder_name(module_id)}/__init__.py"


def defined(module_id: str) -> bool:
    """Whether the module has a folder of exercise definitions."""
    return (Path(__file__).parent / folder_name(module_id) / "__init__.py").is_file()


class UnknownExercise(KeyError):
    """No module declares this grade id."""


@lru_cache(maxsize=None)
def module_exercises(module_id: str) -> dict[str, Exercise]:
    """grade_id -> Exercise for one module, in notebook order."""
    if not defined(module_id):
        raise UnknownExercise(f"no exercises are defined for module {module_id!r} (expected "
                              f"{definition_file(module_id)})")
    package = import_module(f"{__name__}.{folder_name(module_id)}")
    return {ex.grade_id: ex for ex in package.EXERCISES}


def find(grade_id: str) -> tuple[str, Exercise]:
    """(module id, Exercise) for a grade id; grade ids are unique across the course."""
    for module in syllabus.load().in_source:
        exercises = module_exercises(module.id) if defined(module.id) else {}
        if grade_id in exercises:
            return module.id, exercises[grade_id]
    raise UnknownExercise(f"no exercise has the id {grade_id!r}")
