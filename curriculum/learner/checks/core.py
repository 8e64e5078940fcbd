"""Exercises, checks and outcomes: the declarative heart of every graded question.

An exercise names the variables a learner must define and their kinds; its checks are small
predicates with a teaching message. Evaluation is layered and stops at the first lesson the learner
needs: not attempted -> wrong type -> wrong shape -> named misconception -> correct.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Callable, Sequence

from curriculum.learner.checks.kinds import Kind

#: Starts the message of an answer of the right type but the wrong shape (rows, columns, entries).
SHAPE_TAG = "[WRONG SHAPE]"

Message = str | Callable[[Any], str]


@dataclass(frozen=True)
class Check:
    """One predicate over the answers. A `mistake` check fails when its test is true.

    `credit` makes the check worth that fraction of the points (partial credit); None means the
    exercise scores 0 when this check fails. A `shape` check belongs to the shape layer: it runs
    before every other check, so a misconception is only named for an answer of the right shape.
    """

    test: Callable[[Any], bool]
    message: Message
    mistake: bool = False
    credit: float | None = None
    shape: bool = False

    def text(self, answers: Any) -> str:
        """The message for these answers (a message may be a function of them, which must not crash)."""
        if not callable(self.message):
            return self.message
        try:
            return str(self.message(answers))
        except Exception:  # an answer odd enough to break the message still gets one
            return "this answer does not have the form the exercise asks for: read the task again."

    def fails(self, answers: Any) -> bool:
        """Whether this check fails; a test that raises fails a `require` and clears a `mistake`."""
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


def shape(test: Callable[[Any], bool], message: Message) -> Check:
    """The answer must have this shape (rows, columns, entries); checked before any misconception."""
    return Check(test, message, shape=True)


@dataclass
class Exercise:
    """A graded question: the variables it asks for, their kinds and the public checks.

    `grade_id` is the id of the locked test cell in the notebook that checks it. Its points and the
    outcomes it assesses are declared once, in its line of the syllabus (curriculum/learner/
    syllabus.toml). Hidden checks are not declared here: they live on the instructor's side in
    source/<module>/hidden_checks.py.
    """

    grade_id: str
    answers: dict[str, Kind]
    checks: Sequence[Check] = ()
    #: the first hint: a nudge, shown under a failed public check and by `hint(...)` first
    hint: str = ""
    #: further hints, revealed one at a time by `hint(...)`, each closer to a worked step than the
    #: one before, the last never the answer itself
    hints: Sequence[str] = ()
    #: True only when the public checks judge the value itself (then a pass says PASSED, not FORMAT OK)
    public_judges_value: bool = False
    #: Tables the answer must leave as loaded: variable -> dataset name (checks/inputs.py)
    keeps: dict[str, str] = field(default_factory=dict)
    #: Tables the answer must be computed from: variable -> how grading changes it for a second run
    #: of the answer cell (checks/inputs.py); an answer that stays the same was typed by hand
    follows: dict[str, Callable[[Any], Any]] = field(default_factory=dict)

    @property
    def hint_levels(self) -> list[str]:
        """Every hint, in the order `hint(...)` reveals them."""
        return [h for h in (self.hint, *self.hints) if h]


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
    layer: str = ""  # "shape" when an incorrect answer failed the shape layer

    @property
    def passed(self) -> bool:
        """Whether every check passed."""
        return self.status == "correct"


def wrong_shape(message: str) -> Outcome:
    """Scores 0 with a message tagged [WRONG SHAPE]; the status stays `incorrect` for the grader."""
    return Outcome("incorrect", 0.0, [f"{SHAPE_TAG} {message}"], layer="shape")


def not_defined(name: str) -> str:
    """The not-attempted message for a variable the learner has not defined."""
    return (
        f"`{name}` is not defined yet: write your answer in the cell above (where it says "
        "`# YOUR CODE HERE`) and run it. If you did, that cell stopped with an error before it set "
        f"`{name}`."
    )


#: A function answer that changed a table (or list) it was given: right once, wrong the next time.
CHANGED_INPUT = ("`{name}` changed the table it was given: after the call, the argument no longer holds what "
                 "it held before (for example, a column divided in place). A caller's data must come back "
                 "as it was, or the second call gives another answer: work on a copy (`df = df.copy()`) or "
                 "compute the result without assigning into `df`.")


def changed_its_input(value: Any) -> bool:
    """Whether a function answer's calls (a list of {"ok": ...} entries) changed an argument."""
    return isinstance(value, list) and any(isinstance(c, dict) and c.get("changed_input") for c in value)


def evaluate(exercise: Exercise, raw: dict[str, Raw], extra: Sequence[Check] = (),
             input_problems: Sequence[str] = ()) -> Outcome:
    """Run the layered evaluation: presence, type, shape, then the checks in order (public, then `extra`).

    The shape layer is each kind's `shape_problem` (required columns, index labels) followed by the
    `shape()` checks, public then hidden; only then do misconceptions and requirements run.
    `input_problems` (a shared table changed, a number typed by hand: checks/inputs.py) score 0
    right after the shape layer's kind checks.
    """
    for name in exercise.answers:
        entry = raw.get(name, Raw("missing"))
        if entry.status == "missing":
            return Outcome("not_attempted", 0.0, [not_defined(name)])
    for name in exercise.answers:
        entry = raw[name]
        if entry.status != "ok":
            return Outcome("wrong_type", 0.0, [f"`{name}` {entry.message}."])
    for name, kind in exercise.answers.items():
        problem = kind.shape_problem(raw[name].value)
        if problem:
            return wrong_shape(f"`{name}` {problem}.")
    answers = SimpleNamespace(**{name: raw[name].value for name in exercise.answers})
    changed = [name for name in exercise.answers if changed_its_input(raw[name].value)]
    if changed:
        return Outcome("incorrect", 0.0, [CHANGED_INPUT.format(name=changed[0])])
    if input_problems:
        return Outcome("incorrect", 0.0, list(input_problems))
    checks = [*exercise.checks, *extra]
    for check in (c for c in checks if c.shape):
        if check.fails(answers):
            return wrong_shape(check.text(answers))
    lost, notes = 0.0, []
    for check in (c for c in checks if not c.shape):
        if not check.fails(answers):
            continue
        if check.credit is None:
            return Outcome("incorrect", 0.0, [check.text(answers)])
        lost += check.credit
        notes.append(check.text(answers))
    if notes:
        return Outcome("partial", max(0.0, 1.0 - lost), notes)
    return Outcome("correct", 1.0, [])
