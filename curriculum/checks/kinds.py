"""Answer kinds: what type an answer must have, and how it leaves the kernel as plain data.

Each kind has two halves. `export` runs in the student's kernel and turns a live Python object into
plain typed data (JSON, Parquet or .npy without pickle), refusing anything else with a wrong-type
message. `load` runs in the trusted judge and reads that data back without executing student code.
"""
from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

MAX_BYTES = 20_000_000  # a single answer larger than this is refused, in the kernel and the judge


class WrongType(Exception):
    """The value is not of the kind the exercise asks for."""


def describe(value: Any) -> str:
    """A short, learner-readable description of a value's type (never its content)."""
    if isinstance(value, pd.DataFrame):
        return f"a DataFrame with {value.shape[0]} rows and {value.shape[1]} columns"
    if isinstance(value, pd.Series):
        return f"a Series of length {len(value)}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return f"a value of type {type(value).__name__}"


@dataclass(frozen=True)
class Payload:
    """Plain data ready to be written: a format name and the bytes."""

    fmt: str
    data: bytes


def _json(value: Any) -> Payload:
    return Payload("json", json.dumps(value).encode())


class Kind:
    """Base class: subclasses define `label`, `export` and `load`."""

    label = "a value"

    def export(self, value: Any) -> Payload:  # pragma: no cover - abstract
        raise NotImplementedError

    def load(self, payload: Payload) -> Any:
        if len(payload.data) > MAX_BYTES:
            raise WrongType(f"the answer is larger than {MAX_BYTES // 1_000_000} MB")
        if payload.fmt != "json":
            raise WrongType(f"expected JSON data, found {payload.fmt}")
        return json.loads(payload.data)

    def wrong(self, value: Any) -> WrongType:
        return WrongType(f"should be {self.label}, but it is {describe(value)}")


def _is_plain_number(value: Any) -> bool:
    return type(value) in (int, float) or (
        isinstance(value, np.generic) and np.issubdtype(type(value), np.number)
    )


class Integer(Kind):
    label = "a whole number (int)"

    def export(self, value: Any) -> Payload:
        if not _is_plain_number(value) or type(value) is bool:
            raise self.wrong(value)
        if isinstance(value, (int, np.integer)):
            return _json(int(value))
        number = float(np.float64(value))
        if not (math.isfinite(number) and number.is_integer()):
            raise WrongType(f"should be a whole number, but it is {number!r}")
        return _json(int(number))

    def load(self, payload: Payload) -> int:
        value = super().load(payload)
        if type(value) is not int:
            raise WrongType(f"should be {self.label}")
        return value


class Number(Kind):
    label = "a number"

    def export(self, value: Any) -> Payload:
        if not _is_plain_number(value) or type(value) is bool:
            raise self.wrong(value)
        return _json(float(np.float64(value)))

    def load(self, payload: Payload) -> float:
        value = super().load(payload)
        if type(value) not in (int, float):
            raise WrongType(f"should be {self.label}")
        return float(value)


class Text(Kind):
    label = "a string (str)"

    def export(self, value: Any) -> Payload:
        if type(value) is not str and not isinstance(value, np.str_):
            raise self.wrong(value)
        return _json(str.__str__(value))

    def load(self, payload: Payload) -> str:
        value = super().load(payload)
        if type(value) is not str:
            raise WrongType(f"should be {self.label}")
        return value


@dataclass
class Choice(Text):
    """A multiple-choice letter such as "b"; case and spaces are forgiven."""

    options: str = "abcd"

    @property
    def label(self) -> str:  # type: ignore[override]
        return "one letter among " + ", ".join(f'"{o}"' for o in self.options)

    def export(self, value: Any) -> Payload:
        if type(value) is not str and not isinstance(value, np.str_):
            raise self.wrong(value)
        letter = str.__str__(value).strip().lower().strip("()").strip()
        if letter not in self.options or len(letter) != 1:
            raise WrongType(f"should be {self.label}, but it is {str.__str__(value)[:20]!r}")
        return _json(letter)


class Boolean(Kind):
    label = "True or False"

    def export(self, value: Any) -> Payload:
        if type(value) is not bool and not isinstance(value, np.bool_):
            raise self.wrong(value)
        return _json(bool(value))


def _frame_to_parquet(frame: pd.DataFrame) -> bytes:
    frame = pd.DataFrame(frame, copy=True)
    frame.columns = [str(c) for c in frame.columns]
    buffer = io.BytesIO()
    pd.DataFrame.to_parquet(frame, buffer, index=True)
    return buffer.getvalue()


def _parquet_to_frame(data: bytes) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(data))


@dataclass
class Frame(Kind):
    """A pandas DataFrame; `columns` lists the columns it must have (in any order)."""

    columns: Sequence[str] = ()
    label = "a pandas DataFrame"

    def export(self, value: Any) -> Payload:
        if not isinstance(value, pd.DataFrame):
            raise self.wrong(value)
        try:
            return Payload("parquet", _frame_to_parquet(value))
        except Exception as exc:  # e.g. a column of mixed Python objects
            raise WrongType(f"could not be saved as plain data ({type(exc).__name__}): keep plain columns")

    def load(self, payload: Payload) -> pd.DataFrame:
        if payload.fmt != "parquet" or len(payload.data) > MAX_BYTES:
            raise WrongType("should be a DataFrame saved as Parquet")
        frame = _parquet_to_frame(payload.data)
        missing = [c for c in self.columns if c not in frame.columns]
        if missing:
            raise WrongType(f"is missing the column(s) {', '.join(map(repr, missing))}")
        return frame


@dataclass
class SeriesOf(Kind):
    """A pandas Series (its name is kept; its index may be required to hold `index` labels)."""

    index: Sequence[Any] = ()
    label = "a pandas Series"

    def export(self, value: Any) -> Payload:
        if not isinstance(value, pd.Series):
            raise self.wrong(value)
        frame = pd.Series(value, copy=True).to_frame(name="value")
        frame.index = frame.index.map(str) if frame.index.dtype == object else frame.index
        try:
            return Payload("parquet", _frame_to_parquet(frame))
        except Exception as exc:
            raise WrongType(f"could not be saved as plain data ({type(exc).__name__})")

    def load(self, payload: Payload) -> pd.Series:
        if payload.fmt != "parquet" or len(payload.data) > MAX_BYTES:
            raise WrongType("should be a Series saved as Parquet")
        series = _parquet_to_frame(payload.data)["value"]
        series.name = None
        missing = [i for i in self.index if i not in series.index]
        if missing:
            raise WrongType(f"has no entry for {', '.join(map(repr, missing))} in its index")
        return series


class Array(Kind):
    """A numeric or boolean NumPy array, saved as .npy without pickle."""

    label = "a NumPy array"

    def export(self, value: Any) -> Payload:
        if isinstance(value, (pd.Series, list)):
            value = np.asarray(value)
        if (isinstance(value, np.ndarray) and value.dtype == object and value.size <= 1_000_000
                and all(type(v) is str for v in value.ravel())):
            value = value.astype(str)  # class labels predicted as Python strings
        if not isinstance(value, np.ndarray) or value.dtype.kind not in "biufU":
            raise self.wrong(value)
        buffer = io.BytesIO()
        np.save(buffer, np.asarray(value), allow_pickle=False)
        return Payload("npy", buffer.getvalue())

    def load(self, payload: Payload) -> np.ndarray:
        if payload.fmt != "npy" or len(payload.data) > MAX_BYTES:
            raise WrongType("should be an array saved as .npy")
        return np.load(io.BytesIO(payload.data), allow_pickle=False)


class FigureOf(Kind):
    """A matplotlib Figure, exported as a summary of what it shows (titles, labels, marks)."""

    label = "a matplotlib Figure"

    def export(self, value: Any) -> Payload:
        from matplotlib.figure import Figure as MplFigure

        if hasattr(value, "get_figure") and not isinstance(value, MplFigure):
            value = value.get_figure()  # an Axes is forgiven: use its figure
        if not isinstance(value, MplFigure):
            raise self.wrong(value)
        axes = []
        for ax in value.get_axes():
            points = sum(len(c.get_offsets()) for c in ax.collections if hasattr(c, "get_offsets"))
            axes.append({
                "title": ax.get_title() or "",
                "xlabel": ax.get_xlabel() or "",
                "ylabel": ax.get_ylabel() or "",
                "lines": len(ax.get_lines()),
                "points": int(points),
                "bars": sum(1 for p in ax.patches if type(p).__name__ == "Rectangle"),
                "legend": [t.get_text() for t in ax.get_legend().get_texts()] if ax.get_legend() else [],
            })
        suptitle = value._suptitle.get_text() if getattr(value, "_suptitle", None) else ""
        return _json({"suptitle": suptitle, "axes": axes})

    def load(self, payload: Payload) -> dict:
        value = super().load(payload)
        if not isinstance(value, dict) or not isinstance(value.get("axes"), list):
            raise WrongType("should be a figure summary")
        return value


@dataclass
class Function(Kind):
    """A function, judged by what it returns on inputs the grader supplies.

    `probes` builds the argument tuples (DataFrames or JSON values); each result is exported with
    `returns`. The loaded answer is a list with, per probe, {"ok": value} or {"error": "Type: msg"}.
    """

    probes: Callable[[], list[tuple]] = field(default=lambda: [])
    returns: Kind = field(default_factory=Number)
    label = "a function (def ...)"

    def export(self, value: Any) -> Payload:  # pragma: no cover - functions go through export_call
        raise WrongType("functions are exported by calling them on the grader's inputs")

    def load(self, payload: Payload) -> Any:  # pragma: no cover
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
    return summary
