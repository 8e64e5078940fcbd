"""What a learner's locked test cell calls: run the public checks and answer in plain words.

It never says "all tests passed": the hidden checks only run at grading, in the trusted judge. A
pass says what the checks could judge: `FORMAT OK` (the type, the shape and the common mistakes; the
value is checked at grading) unless the exercise's public checks judge the value itself (`PASSED`).
Every state carries a word and a symbol, never colour alone.
"""
from __future__ import annotations

from curriculum.learner.checks.capture import collect, learner_namespace, to_raw
from curriculum.learner.checks.core import SHAPE_TAG, evaluate
from curriculum.learner.checks.inputs import KEPT_CHANGED, changed_tables, kept_fingerprints
from curriculum.learner.exercises import find

#: The mark of each state a check cell shows: a symbol and a word.
MARKS = {"passed": "\u2713 [PASSED]", "format_ok": "\u25cb [FORMAT OK]", "not_yet": "\u2717 [NOT YET]",
         "wrong_type": "\u2717 [WRONG TYPE]", "wrong_shape": "\u2717 [WRONG SHAPE]",
         "not_attempted": "\u2013 [NOT ATTEMPTED]"}
#: Said with a format-only pass, so that a learner does not read it as "your value is right".
FORMAT_OK = ("value checked at grading. Your answer has the right type and shape and none of the common "
             "mistakes these checks look for; whether the value itself is right is decided at grading.")
#: Said when the public checks judged the value itself.
PASSED = "the public checks judged your value and it is right; grading checks it again, on more cases."


class CheckFailed(AssertionError):
    """A public check failed; shown to the learner as a short message without a traceback."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines

    def _render_traceback_(self) -> list[str]:  # IPython shows these lines instead of a traceback
        return self.lines


def _public_outcome(grade_id: str):
    """The exercise and what its public checks say about the learner's answer now."""
    _, exercise = find(grade_id)
    kept = kept_fingerprints(exercise.keeps, learner_namespace())
    problems = [KEPT_CHANGED.format(table=t) for t in changed_tables(exercise.keeps, kept)]
    return exercise, evaluate(exercise, to_raw(exercise, collect(exercise)), input_problems=problems)


def ready(grade_id: str) -> bool:
    """Whether the answer to `grade_id` passes its public checks, for a cell that draws or uses it.

    A demonstration that would show an exercise's answer uses the learner's own answer instead, and
    only once it is there: otherwise it prints one line saying what to do first and returns False."""
    if _public_outcome(grade_id)[1].status == "correct":
        return True
    print(f"{MARKS['not_attempted']} this cell uses your answer to {grade_id}: it runs once that answer "
          "passes its check above.")
    return False


def check(grade_id: str) -> None:
    """Check the learner's answer to `grade_id` with the public checks, in the learner's kernel."""
    exercise, outcome = _public_outcome(grade_id)
    if outcome.status == "correct":
        judged = exercise.public_judges_value
        print(f"{MARKS['passed' if judged else 'format_ok']} {grade_id}: {PASSED if judged else FORMAT_OK}")
        return None
    state = {"not_attempted": "not_attempted", "wrong_type": "wrong_type"}.get(outcome.status, "not_yet")
    if outcome.layer == "shape":
        state = "wrong_shape"
    lines = [f"{MARKS[state]} {grade_id}: {m.removeprefix(SHAPE_TAG).strip()}" for m in outcome.messages]
    if exercise.hint and outcome.status != "not_attempted":  # a hint before any attempt gives it away
        lines.append(f"Hint: {exercise.hint}")
    raise CheckFailed(lines)
