"""How close a number must be to count as right: one course-wide default, loose enough for rounding.

A relative tolerance of 1e-3 accepts an answer rounded to a sensible number of digits (a mean mass
of 3700.7 g for 3700.66 g) and still refuses a different quantity (a median, a count, a wrong unit).
An exercise that needs more or less says so in its text and passes `abs_tol` or `rel` explicitly.
"""
from __future__ import annotations

import math

REL_TOL = 1e-3


def close(a: float, b: float, rel: float = REL_TOL, abs_tol: float = 1e-9) -> bool:
    """True when `a` is within `rel` (relative) or `abs_tol` (absolute) of `b`; NaN is never close."""
    try:
        return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=abs_tol)
    except (TypeError, ValueError):
        return False
