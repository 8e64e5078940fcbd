"""Registry of each module's public exercise definitions (answers, kinds, public checks).

To add a module: write curriculum/exercises/<name>.py with a list EXERCISES, and map the module id
to it here. Hidden checks do not belong in this package: see source/<module>/hidden_checks.py.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import import_module

from ..checks.core import Exercise

MODULES: dict[str, str] = {
    "00-python-for-data": "curriculum.exercises.python_for_data",
    "01-data-prep": "curriculum.exercises.data_prep",
    "02-training": "curriculum.exercises.training",
}


def definition_file(module_id: str) -> str:
    """Where a module's exercises are defined, as a path to name in messages."""
    return f"{MODULES[module_id].replace('.', '/')}.py"


class UnknownExercise(KeyError):
    """No module declares this grade id."""


@lru_cache(maxsize=None)
def module_exercises(module_id: str) -> dict[str, Exercise]:
    """grade_id -> Exercise for one module, in notebook order."""
    if module_id not in MODULES:
        raise UnknownExercise(f"no exercises are registered for module {module_id!r}")
    return {ex.grade_id: ex for ex in import_module(MODULES[module_id]).EXERCISES}


def find(grade_id: str) -> tuple[str, Exercise]:
    """(module id, Exercise) for a grade id; grade ids are unique across the course."""
    for module_id in MODULES:
        exercises = module_exercises(module_id)
        if grade_id in exercises:
            return module_id, exercises[grade_id]
    raise UnknownExercise(f"no exercise has the id {grade_id!r}")
