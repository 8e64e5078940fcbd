"""Exercises, checks and outcomes: the declarative heart of every graded question.

An exercise names the variables a learner must define and their kinds; its checks are small
predicates with a teaching message. Evaluation is layered and stops at the first lesson the learner
needs: not attempted -> wrong type -> wrong shape -> named misconception -> correct.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Callable, Sequence

from .kinds import Kind

PUBLIC_PASSED = "public checks passed; more checks run at grading."

Message = str | Callable[[Any], str]


@dataclass(frozen=True)
class Check:
    """One predicate over the answers. A `mistake` check fails when its test is true.

    `credit` makes the check worth that fraction of the points (partial credit); None means the
    exercise scores 0 when this check fails.
    """

    test: Callable[[Any], bool]
    message: Message
    mistake: bool = False
    credit: float | None = None

    def text(self, answers: Any) -> str:
        return self.message(answers) if callable(self.message) else self.message

    def fails(self, answers: Any) -> bool:
        try:
            result = bool(self.test(answers))
        except Exception:  # a check that cannot even run on this answer
            return not self.mistake
        return result if self.mistake else not result


def require(test: Callable[[Any], bool], message: Message, credit: float | None = None) -> Check:
    """The answer must satisfy `test`; otherwise show `message`."""
    return Check(test, message, mistake=False, credit=credit)


def mistake(test: Callable[[Any], bool], message: Message) -> Check:
    """A named misconception: when `test` is true, the learner made this mistake."""
    return Check(test, message, mistake=True)


@dataclass
class Exercise:
    """A graded question: the variables it asks for, their kinds and the public checks.

    `grade_id` is the id of the locked test cell in the notebook that checks it. Hidden checks are
    not declared here: they live on the instructor's side in source/<module>/hidden_checks.py.
    """

    grade_id: str
    answers: dict[str, Kind]
    checks: Sequence[Check] = ()
    hint: str = ""
    outcomes: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class Raw:
    """An answer as the judge sees it: status ok/missing/wrong_type plus the loaded value or a message."""

    status: str
    value: Any = None
    message: str = ""


@dataclass
class Outcome:
    """The verdict on one exercise: status, fraction of the points earned, and what to tell the learner."""

    status: str  # correct | partial | incorrect | wrong_type | not_attempted | error
    fraction: float
    messages: list[str]

    @property
    def passed(self) -> bool:
        return self.status == "correct"


def not_defined(name: str) -> str:
    return (
        f"`{name}` is not defined: the exercise was not attempted, or its cell raised an error "
        "(replace `raise NotImplementedError()` with your code and run the cell)."
    )


def evaluate(exercise: Exercise, raw: dict[str, Raw], extra: Sequence[Check] = ()) -> Outcome:
    """Run the layered evaluation: presence, type, then the public checks, then `extra` (hidden)."""
    for name in exercise.answers:
        entry = raw.get(name, Raw("missing"))
        if entry.status == "missing":
            return Outcome("not_attempted", 0.0, [not_defined(name)])
    for name in exercise.answers:
        entry = raw[name]
        if entry.status != "ok":
            return Outcome("wrong_type", 0.0, [f"`{name}` {entry.message}."])
    answers = SimpleNamespace(**{name: raw[name].value for name in exercise.answers})
    lost, notes = 0.0, []
    for check in [*exercise.checks, *extra]:
        if not check.fails(answers):
            continue
        if check.credit is None:
            return Outcome("incorrect", 0.0, [check.text(answers)])
        lost += check.credit
        notes.append(check.text(answers))
    if notes:
        return Outcome("partial", max(0.0, 1.0 - lost), notes)
    return Outcome("correct", 1.0, [])
