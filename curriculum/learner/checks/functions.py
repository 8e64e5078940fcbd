"""Behavioural answer kinds: functions and fitted models, judged by what they return on probes.

Neither is ever pickled: the kernel calls them on inputs the grader supplies and exports each result
with another kind; a model's structure leaves as a bounded JSON summary.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from curriculum.learner.checks.base import Kind, Payload, WrongType
from curriculum.learner.checks.scalars import Number
from curriculum.learner.checks.tables import Array


@dataclass
class Function(Kind):
    """A function, judged by what it returns on inputs the grader supplies.

    `probes` builds the argument tuples (DataFrames or JSON values); each result is exported with
    `returns`. The loaded answer is a list with, per probe, {"ok": value} or {"error": "Type: msg"}.
    """

    probes: Callable[[], list[tuple]] = field(default=lambda: [])
    returns: Kind = field(default_factory=Number)
    label = "a function (def ...)"

    def export(self, value: Any) -> Payload:  # pragma: no cover - functions go through capture._call
        """Functions are never exported whole: capture calls them on each probe."""
        raise WrongType("functions are exported by calling them on the grader's inputs")

    def load(self, payload: Payload) -> Any:  # pragma: no cover
        """Functions are loaded per probe result, through `returns`."""
        raise WrongType("functions are loaded per probe")


@dataclass(frozen=True)
class ModelAnswer:
    """What the judge sees of a model: its outputs per probe, and its structure as plain data."""

    calls: list
    info: dict


class Model(Function):
    """A fitted model (a scikit-learn estimator or pipeline), judged by its predictions.

    In the kernel, ``getattr(model, method)`` is called on each probe, as for a function, and the
    model's structure (class names, steps, columns and simple parameters) is exported as JSON; the
    judge never unpickles. Checks see a :class:`ModelAnswer`: ``a.pipe.calls`` and ``a.pipe.info``.
    """

    method: str = "predict"
    label = "a fitted model"

    def __init__(self, probes: Callable[[], list[tuple]] = lambda: [], returns: Kind | None = None,
                 method: str = "predict") -> None:
        object.__setattr__(self, "probes", probes)
        object.__setattr__(self, "returns", returns if returns is not None else Array())
        object.__setattr__(self, "method", method)


def structure(obj: Any, depth: int = 0) -> Any:
    """A JSON summary of an estimator: class, simple parameters, and nested steps (bounded)."""
    if depth > 12:
        return "..."
    if isinstance(obj, np.generic):  # max_depth=np.arange(1, 5)[1] is the number 2, not "int64"
        obj = obj.item()
    if isinstance(obj, (list, tuple)):
        return [structure(item, depth + 1) for item in list(obj)[:30]]
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj if not isinstance(obj, str) else obj[:120]
    if not hasattr(obj, "get_params"):
        return type(obj).__name__
    summary: dict[str, Any] = {"class": type(obj).__name__, "params": {}, "fitted": False}
    try:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(obj)
        summary["fitted"] = True
    except Exception:  # noqa: BLE001 - not fitted, or not a scikit-learn object
        pass
    try:
        params = obj.get_params(deep=False)
    except Exception:  # noqa: BLE001
        params = {}
    for key, value in list(params.items())[:40]:
        summary["params"][str(key)] = structure(value, depth + 1)
    # what fitting left behind, so a check can tell which rows a step learned from
    seen = getattr(obj, "n_samples_seen_", None)
    if seen is not None and np.ndim(seen) == 0:
        summary["n_samples_seen"] = int(seen)
    classes = getattr(obj, "classes_", None)  # a classifier's target values (one means it learned nothing)
    if classes is not None and np.ndim(classes) == 1:
        summary["n_classes"] = int(len(classes))
    tree = getattr(obj, "tree_", None)  # a fitted tree counts the rows it learned from at its root
    if summary["fitted"] and tree is not None and hasattr(tree, "n_node_samples"):
        summary["n_samples_fit"] = int(tree.n_node_samples[0])
    fitted_parts = getattr(obj, "transformers_", None)  # a ColumnTransformer's fitted copies
    if summary["fitted"] and isinstance(fitted_parts, list):
        summary["fitted_transformers"] = [structure(list(part[:2]), depth + 1) for part in fitted_parts[:30]]
    return summary
