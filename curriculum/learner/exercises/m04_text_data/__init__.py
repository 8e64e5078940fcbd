"""Module 04 · Text data: public exercise definitions, assembled in notebook order.

Public checks test type, shape and the common misconceptions; whether the value is exactly right is
decided by the hidden checks at grading (source/04-text-data/hidden_checks.py). Points and outcomes
are in the module's syllabus entry. The exercises live in two files by topic.
"""
from __future__ import annotations

from curriculum.learner.exercises.m04_text_data import model, words
from curriculum.learner.exercises.m04_text_data.model import LABELS, final_step, first_step, pipeline_probes
from curriculum.learner.exercises.m04_text_data.words import sms_table, text_split

EXERCISES = [*words.EXERCISES, *model.EXERCISES]

__all__ = ["EXERCISES", "LABELS", "final_step", "first_step", "pipeline_probes", "sms_table", "text_split"]
