"""Did a learner's function change the arguments it was given? Compared before and after each call.

A function that divides a column of the caller's table in place gives the right answer once and a
wrong one the next time; the judge fails it with its own message (core.CHANGED_INPUT).
"""
from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd


def snapshot(args: tuple) -> list:
    """Copies of the arguments to compare with after the call (None for what is not compared)."""
    return [_copy(arg) for arg in args]


def changed(before: list, args: tuple) -> bool:
    """Whether the call changed any argument it was given (values, columns or index)."""
    return any(_differs(b, a) for b, a in zip(before, args))


def _copy(value: Any) -> Any:
    """A copy of an argument to compare with after the call (tables, arrays, lists, dicts), or None."""
    try:
        if isinstance(value, (pd.DataFrame, pd.Series)):
            return value.copy(deep=True)
        if isinstance(value, np.ndarray):
            return value.copy()
        if isinstance(value, (list, dict)):
            return copy.deepcopy(value)
    except Exception:  # noqa: BLE001 - an argument that cannot be copied is not compared
        pass
    return None


def _differs(before: Any, after: Any) -> bool:
    """Whether a call changed an argument it was given (values, columns or index)."""
    if before is None:
        return False
    try:
        if isinstance(before, (pd.DataFrame, pd.Series)):
            return not (before.equals(after) and before.index.equals(after.index)
                        and (isinstance(before, pd.Series) or before.columns.equals(after.columns)))
        if isinstance(before, np.ndarray):
            return not np.array_equal(before, after, equal_nan=before.dtype.kind == "f")
        return before != after
    except Exception:  # noqa: BLE001 - cannot tell: say nothing
        return False
