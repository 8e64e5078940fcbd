"""The base of every answer kind: the wrong-type error, plain payloads and the Kind interface.

Split from the concrete kinds so that each module stays small; `kinds.py` re-exports everything.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

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


def to_json(value: Any) -> Payload:
    """A JSON payload: the only format for scalars, text and figure summaries."""
    return Payload("json", json.dumps(value).encode())


class Kind:
    """Base class: subclasses define `label`, `export` and `load`, and may define `shape_problem`."""

    label = "a value"

    def export(self, value: Any) -> Payload:  # pragma: no cover - abstract
        """In the learner's kernel: turn a live value into plain data, or raise WrongType."""
        raise NotImplementedError

    def load(self, payload: Payload) -> Any:
        """In the judge: read plain data back (JSON by default) without running student code."""
        if len(payload.data) > MAX_BYTES:
            raise WrongType(f"the answer is larger than {MAX_BYTES // 1_000_000} MB")
        if payload.fmt != "json":
            raise WrongType(f"expected JSON data, found {payload.fmt}")
        return json.loads(payload.data)

    def shape_problem(self, value: Any) -> str | None:
        """The shape layer: what is missing from a loaded value of the right type (None if nothing).

        Runs after the type layer and before any check, so a table without a required column gets
        a shape message rather than a misconception that only makes sense for a complete table.
        """
        return None

    def wrong(self, value: Any) -> WrongType:
        """The wrong-type error for `value`: what was expected and what was found."""
        return WrongType(f"should be {self.label}, but it is {describe(value)}")
