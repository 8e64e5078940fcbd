"""What a learner's locked test cell calls: run the public checks and answer in plain words.

It never says "all tests passed": the hidden checks only run at grading, in the trusted judge.
"""
from __future__ import annotations

from curriculum.learner.checks.capture import collect, to_raw
from curriculum.learner.checks.core import PUBLIC_PASSED, SHAPE_TAG, evaluate
from curriculum.learner.exercises import find

#: Said with every pass, so that a learner does not read it as "your value is right".
PUBLIC_SCOPE = ("(They check the type and shape of your answer and look for common mistakes; whether "
                "the value itself is right is decided at grading.)")


class CheckFailed(AssertionError):
    """A public check failed; shown to the learner as a short message without a traceback."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines

    def _render_traceback_(self) -> list[str]:  # IPython shows these lines instead of a traceback
        return self.lines


def check(grade_id: str) -> None:
    """Check the learner's answer to `grade_id` with the public checks, in the learner's kernel."""
    _, exercise = find(grade_id)
    outcome = evaluate(exercise, to_raw(exercise, collect(exercise)))
    if outcome.status == "correct":
        print(f"[PUBLIC CHECKS PASSED] {grade_id}: {PUBLIC_PASSED}\n{PUBLIC_SCOPE}")
        return None
    label = {"not_attempted": "NOT ATTEMPTED", "wrong_type": "WRONG TYPE"}.get(outcome.status, "NOT YET")
    if outcome.layer == "shape":
        label = "WRONG SHAPE"
    lines = [f"[{label}] {grade_id}: {m.removeprefix(SHAPE_TAG).strip()}" for m in outcome.messages]
    if exercise.hint and outcome.status != "not_attempted":  # a hint before any attempt gives it away
        lines.append(f"Hint: {exercise.hint}")
    raise CheckFailed(lines)
