"""Declarative exercise checks: kinds of answers, checks with teaching messages, layered outcomes."""
from curriculum.learner.checks.core import (
                   SHAPE_TAG,
                   Check,
                   Exercise,
                   Outcome,
                   Raw,
                   evaluate,
                   mistake,
                   require,
                   shape,
)
from curriculum.learner.checks.kinds import (
                   Array,
                   Boolean,
                   Choice,
                   FigureOf,
                   Frame,
                   Function,
                   Integer,
                   Kind,
                   Model,
                   ModelAnswer,
                   Number,
                   SeriesOf,
                   Text,
                   WrongType,
)
from curriculum.learner.checks.tolerance import REL_TOL, close

__all__ = [
    "SHAPE_TAG", "shape", "Check", "Exercise", "Outcome", "Raw", "evaluate", "mistake", "require",
    "Array", "Boolean", "Choice", "FigureOf", "Frame", "Function", "Integer", "Kind", "Model", "ModelAnswer", "Number",
    "SeriesOf", "Text", "WrongType", "REL_TOL", "close",
]
