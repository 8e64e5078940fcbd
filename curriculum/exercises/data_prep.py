"""Module 01 · Preparing data: public exercise definitions, assembled in notebook order.

Public checks test type, shape and the common misconceptions; whether the value is exactly right
is decided by the hidden checks at grading (source/01-data-prep/hidden_checks.py). The exercises
live in three files by topic, so that each stays short; this one is what MODULES points to.
"""
from __future__ import annotations

from . import data_prep_cleaning, data_prep_garbage, data_prep_modelling
from .data_prep_cleaning import (NUMERIC, SHARE_TOL, adult_raw, adult_unique, penguins_raw,
                                 text_columns)
from .data_prep_garbage import DAMAGE_COLUMNS, SHARES, as_share, damage_column
from .data_prep_modelling import (LEAK_TOL, SCALED_TOL, adult_test_rows, cleaned_rows, fitted_scaler_rows,
                                  high_income, missing_number_rows, new_category_rows)

EXERCISES = [*data_prep_cleaning.EXERCISES, *data_prep_modelling.EXERCISES, *data_prep_garbage.EXERCISES]

__all__ = ["EXERCISES", "NUMERIC", "DAMAGE_COLUMNS", "SHARES", "SHARE_TOL", "SCALED_TOL", "LEAK_TOL",
           "adult_raw", "adult_unique", "penguins_raw", "text_columns", "adult_test_rows", "as_share",
           "cleaned_rows", "damage_column", "fitted_scaler_rows", "high_income", "missing_number_rows",
           "new_category_rows"]
