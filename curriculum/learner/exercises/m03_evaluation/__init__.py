"""Module 03 · Checking results: public exercise definitions, assembled in notebook order.

Public checks test type, shape and the common misconceptions they can recognise without the exact
answer; whether the value is exactly right is decided by the hidden checks at grading
(source/03-evaluation/hidden_checks.py). Caravan exercises in caravan.py, German credit ones in
credit.py; data.py rebuilds the setup cell's splits and models.
"""
from __future__ import annotations

from curriculum.learner.exercises.m03_evaluation import caravan, credit
from curriculum.learner.exercises.m03_evaluation.data import (
                                                               CALL_AT,
                                                               COST_APPROVE_BAD,
                                                               COST_REFUSE_GOOD,
                                                               RATE_COLUMNS,
                                                               SEXES,
                                                               THRESHOLDS,
                                                               caravan_model,
                                                               caravan_split,
                                                               credit_groups_test,
                                                               credit_model,
                                                               credit_split,
                                                           )

EXERCISES = [*caravan.EXERCISES, *credit.EXERCISES]

__all__ = ["EXERCISES", "CALL_AT", "COST_APPROVE_BAD", "COST_REFUSE_GOOD", "RATE_COLUMNS", "SEXES", "THRESHOLDS",
           "caravan_model", "caravan_split", "credit_groups_test", "credit_model", "credit_split"]
