"""Answer kinds: what type an answer must have, and how it leaves the kernel as plain data.

Each kind has two halves. `export` runs in the student's kernel and turns a live Python object into
plain typed data (JSON, Parquet or .npy without pickle), refusing anything else with a wrong-type
message. `load` runs in the trusted judge and reads that data back without executing student code.
The kinds live in small modules (base, scalars, tables, figures, functions); this one gathers them
so that `from curriculum.learner.checks.kinds import ...` keeps working.
"""
from __future__ import annotations

from curriculum.learner.checks.base import MAX_BYTES, Kind, Payload, WrongType, describe, to_json
from curriculum.learner.checks.figures import FigureOf, data_ranges
from curriculum.learner.checks.functions import Function, Model, ModelAnswer, structure
from curriculum.learner.checks.scalars import Boolean, Choice, Integer, Number, Text
from curriculum.learner.checks.tables import Array, Frame, SeriesOf

_json = to_json  # the former private name, kept for existing imports

__all__ = [
    "MAX_BYTES", "Kind", "Payload", "WrongType", "describe", "to_json", "FigureOf", "data_ranges",
    "Function", "Model", "ModelAnswer", "structure", "Boolean", "Choice", "Integer", "Number", "Text",
    "Array", "Frame", "SeriesOf",
]
