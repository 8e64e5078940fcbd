"""Module 01 · Preparing data: public exercise definitions, assembled in notebook order.

Public checks test type, shape and the common misconceptions; whether the value is exactly right
is decided by the hidden checks at grading (source/01-data-prep/hidden_checks.py). The exercises
live in three files by topic, so that each stays short; this one gathers them.
"""
from __future__ import annotations

from curriculum.learner.exercises.m01_data_prep import cleaning, garbage, modelling
from curriculum.learner.exercises.m01_data_prep.cleaning import (
                                 NUMERIC,
                                 SHARE_TOL,
                                 adult_raw,
                                 adult_unique,
                                 penguins_raw,
                                 text_columns,
)
from curriculum.learner.exercises.m01_data_prep.garbage import DAMAGE_COLUMNS, SHARES, as_share, damage_column
from curriculum.learner.exercises.m01_data_prep.modelling import (
                                 LEAK_TOL,
                                 SCALED_TOL,
                                 adult_test_rows,
                                 cleaned_rows,
                                 fitted_scaler_rows,
                                 high_income,
                                 missing_number_rows,
                                 new_category_rows,
)

EXERCISES = [*cleaning.EXERCISES, *modelling.EXERCISES, *garbage.EXERCISES]

__all__ = ["EXERCISES", "NUMERIC", "DAMAGE_COLUMNS", "SHARES", "SHARE_TOL", "SCALED_TOL", "LEAK_TOL",
           "adult_raw", "adult_unique", "penguins_raw", "text_columns", "adult_test_rows", "as_share",
           "cleaned_rows", "damage_column", "fitted_scaler_rows", "high_income", "missing_number_rows",
           "new_category_rows"]
