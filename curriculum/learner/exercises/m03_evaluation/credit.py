"""Module 03, Parts 5 and 6 (German credit): a threshold from the costs of the two errors, and
error rates by group with fairlearn's MetricFrame.

Split from __init__.py, which assembles the module's EXERCISES.
"""
from __future__ import annotations

import numpy as np

from curriculum.learner.checks import Exercise, Frame, Integer, Number, mistake, require, shape
from curriculum.learner.exercises.m03_evaluation.data import RATE_COLUMNS, SEXES, THRESHOLDS


def _in_grid(value) -> bool:
    return bool(np.isclose(THRESHOLDS, float(value), rtol=0, atol=1e-6).any())


def by_sex(frame):
    """The table indexed by sex (a `sex` column, as `reset_index()` leaves it, counts as the index)."""
    return frame.set_index("sex") if "sex" in frame.columns else frame


def _rates(a) -> np.ndarray:
    return a.rates_by_sex[list(RATE_COLUMNS)].to_numpy(dtype=float)


EXERCISES = [
    Exercise(
        grade_id="q308_cost_threshold",
        answers={"best_threshold": Number(), "test_cost": Integer()},
        hint="Which rows choose the threshold, and which rows report its cost? Which error costs 5?",
        hints=(
            "Write a small function of the true classes, the chances of a bad risk (column 1 of `predict_proba`) and "
            "a threshold: refuse when the chance is at least the threshold, then add 5 for each bad risk approved "
            "and 1 for each good risk refused.",
            "Compute that cost on the validation rows for every value in `THRESHOLDS`; `np.argmin` of the costs "
            "gives the position of the cheapest, and `THRESHOLDS[position]` the threshold. Then compute the cost "
            "once on the test rows at that threshold.",
        ),
        checks=[
            require(lambda a: _in_grid(a.best_threshold),
                    "`best_threshold` should be one of the values in `THRESHOLDS` (a chance between 0.05 and "
                    "0.95), not its position in the list."),
            mistake(lambda a: abs(float(a.best_threshold) - 0.5) < 1e-6,
                    "`best_threshold` is 0.5, the default of `predict`: with a bad risk five times as costly as "
                    "a refused good one, compute the cost of each threshold in `THRESHOLDS` and take the cheapest."),
            require(lambda a: a.test_cost >= 0,
                    "`test_cost` should be a total cost: a count of errors times their costs, not negative."),
        ],
    ),
    Exercise(
        grade_id="q309_rates_by_sex",
        answers={"rates_by_sex": Frame(columns=RATE_COLUMNS)},
        hint="What are `y_true`, `y_pred` and the sensitive feature here, and which rows?",
        hints=(
            "Build a `MetricFrame` with the two metrics of the example: `y_true` is `credit_y_test`, `y_pred` "
            "is `credit_model.predict(credit_X_test)`.",
            "Pass `sensitive_features=credit_groups_test[\"sex\"]` and store the frame's `.by_group` table: "
            "one row per sex, one column per metric.",
        ),
        checks=[
            shape(lambda a: len(a.rates_by_sex) == 2 and set(map(str, by_sex(a.rates_by_sex).index)) == set(SEXES),
                  lambda a: "`rates_by_sex` should have one row per sex, indexed by 'female' and 'male', but its "
                  f"index is {list(map(str, by_sex(a.rates_by_sex).index))[:5]}."),
            mistake(lambda a: (_rates(a) > 1).any(),
                    "`rates_by_sex` holds values above 1: give the rates as fractions between 0 and 1."),
            require(lambda a: ((_rates(a) >= 0) & (_rates(a) <= 1)).all(),
                    "`rates_by_sex` should hold rates: fractions between 0 and 1."),
        ],
    ),
    Exercise(
        grade_id="q310_age_gap",
        answers={"age_fpr_gap": Number()},
        hint="Which group column, which metric, and is a gap a difference or a ratio?",
        hints=(
            "Build the same `MetricFrame` as in Exercise 9, with `credit_groups_test[\"age_band\"]` as the "
            "sensitive feature.",
            "`.difference()` gives, for each metric, the larger group's rate minus the smaller's: take its "
            "`false_positive_rate` entry.",
        ),
        checks=[
            mistake(lambda a: 1 < a.age_fpr_gap <= 100,
                    "`age_fpr_gap` looks like a percentage: give the gap as a fraction between 0 and 1."),
            mistake(lambda a: a.age_fpr_gap < 0,
                    "`age_fpr_gap` is negative: give the larger rate minus the smaller one."),
            require(lambda a: 0 <= a.age_fpr_gap <= 1,
                    "`age_fpr_gap` should be a gap between two rates: a fraction between 0 and 1."),
        ],
    ),
]
