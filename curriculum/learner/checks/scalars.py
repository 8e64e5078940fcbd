"""Scalar answer kinds: whole numbers, numbers, text, a multiple-choice letter and booleans.

Only exact plain types leave the kernel: a float subclass with a rigged `==` is refused here, so it
never reaches a check.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from curriculum.learner.checks.base import Kind, Payload, WrongType, to_json


def _is_plain_number(value: Any) -> bool:
    return type(value) in (int, float) or (
        isinstance(value, np.generic) and np.issubdtype(type(value), np.number)
    )


class Integer(Kind):
    """An int, or a float with no fractional part (never a bool)."""

    label = "a whole number (int)"

    def export(self, value: Any) -> Payload:
        """Send the value as a JSON int; refuse bools, fractions and non-numbers."""
        if not _is_plain_number(value) or type(value) is bool:
            raise self.wrong(value)
        if isinstance(value, (int, np.integer)):
            return to_json(int(value))
        number = float(np.float64(value))
        if not (math.isfinite(number) and number.is_integer()):
            raise WrongType(f"should be a whole number, but it is {number!r}")
        return to_json(int(number))

    def load(self, payload: Payload) -> int:
        """Read back a JSON int, nothing else."""
        value = super().load(payload)
        if type(value) is not int:
            raise WrongType(f"should be {self.label}")
        return value


class Number(Kind):
    """An int, a float or a NumPy number, sent as a float."""

    label = "a number"

    def export(self, value: Any) -> Payload:
        """Send the value as a JSON float; refuse bools and subclasses of float."""
        if not _is_plain_number(value) or type(value) is bool:
            raise self.wrong(value)
        return to_json(float(np.float64(value)))

    def load(self, payload: Payload) -> float:
        """Read back a JSON number as a float."""
        value = super().load(payload)
        if type(value) not in (int, float):
            raise WrongType(f"should be {self.label}")
        return float(value)


class Text(Kind):
    """A str (or NumPy str)."""

    label = "a string (str)"

    def plain(self, value: Any) -> str:
        """The value as a plain str, through str's own method (no overridden __str__); else wrong type."""
        if type(value) is not str and not isinstance(value, np.str_):
            raise self.wrong(value)
        return str.__str__(value)

    def export(self, value: Any) -> Payload:
        """Send the text as a JSON string."""
        return to_json(self.plain(value))

    def load(self, payload: Payload) -> str:
        """Read back a JSON string."""
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
        """The options, spelled out for the wrong-type message."""
        return "one letter among " + ", ".join(f'"{o}"' for o in self.options)

    def export(self, value: Any) -> Payload:
        """Send the normalised letter; anything else is a wrong type that lists the options."""
        text = self.plain(value)
        letter = text.strip().lower().strip("().: ")  # "b", " B ", "(b)", "b." and "b)" all mean b
        if letter not in self.options or len(letter) != 1:
            raise WrongType(f"should be {self.label}, but it is {text[:20]!r}")
        return to_json(letter)


class Boolean(Kind):
    """True or False (Python or NumPy bool)."""

    label = "True or False"

    def export(self, value: Any) -> Payload:
        """Send the value as a JSON bool."""
        if type(value) is not bool and not isinstance(value, np.bool_):
            raise self.wrong(value)
        return to_json(bool(value))
