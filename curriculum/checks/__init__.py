"""Declarative exercise checks: kinds of answers, checks with teaching messages, layered outcomes."""
from .core import PUBLIC_PASSED, Check, Exercise, Outcome, Raw, evaluate, mistake, require
from .kinds import (Array, Boolean, Choice, FigureOf, Frame, Function, Integer, Kind, Model,
                    ModelAnswer, Number, SeriesOf, Text, WrongType)

__all__ = [
    "PUBLIC_PASSED", "Check", "Exercise", "Outcome", "Raw", "evaluate", "mistake", "require",
    "Array", "Boolean", "Choice", "FigureOf", "Frame", "Function", "Integer", "Kind", "Model", "ModelAnswer", "Number",
    "SeriesOf", "Text", "WrongType",
]
