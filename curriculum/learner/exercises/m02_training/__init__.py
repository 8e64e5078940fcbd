"""Module 02 · How models learn: public exercise definitions, assembled in notebook order.

Public checks test type, shape and the common misconceptions; whether the value is exactly right
is decided by the hidden checks at grading (source/02-training/hidden_checks.py). The exercises
live in two files by topic, so that each stays short; this one gathers them.
"""
from __future__ import annotations

from curriculum.learner.exercises.m02_training import curves, models
from curriculum.learner.exercises.m02_training.curves import DEPTHS, N_EPOCHS
from curriculum.learner.exercises.m02_training.models import (
                              BIKE_FEATURES,
                              PENGUIN_FEATURES,
                              SPECIES,
                              bike_split,
                              bike_table,
                              final_step,
                              penguin_split,
)

EXERCISES = [*models.EXERCISES, *curves.EXERCISES]

__all__ = ["EXERCISES", "BIKE_FEATURES", "DEPTHS", "N_EPOCHS", "PENGUIN_FEATURES", "SPECIES",
           "bike_split", "bike_table", "final_step", "penguin_split"]
