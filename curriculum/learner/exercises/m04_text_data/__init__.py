"""Module 04 · Text data: public exercise definitions, in notebook order.

Points and outcomes are in the module's syllabus entry; hidden checks in source/04-text-data/hidden_checks.py.
"""
from __future__ import annotations

from curriculum.learner.checks import Exercise, Integer, require

EXERCISES = [
    Exercise(
        grade_id="q401_rows",
        answers={"n_rows": Integer()},
        hint="Which function gives the length of a table, or which attribute gives its shape?",
        checks=[
            require(lambda a: a.n_rows > 0, "`n_rows` should be a positive count of rows."),
        ],
    ),
]
