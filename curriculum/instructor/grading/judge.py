"""The trusted judge: reads answer data written by the kernel and runs public and hidden checks.

It never executes student code and never unpickles: it only reads JSON, Parquet and .npy files
from the outbox, through the kinds declared by the instructor, and it decodes them in a child
process with a memory and a time limit (decode.py), since a small file can decode to a huge value.
The kernel wrote the outbox, so a message quoting it (a learner function's error) is taken through
`untrusted.shown`, newlines kept.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from curriculum.instructor.authoring.instructor_files import hidden_checks
from curriculum.instructor.grading.decode import DecodeLimits, decode_answers
from curriculum.instructor.untrusted import shown
from curriculum.learner.checks.core import Outcome, evaluate
from curriculum.learner.exercises import module_exercises


def judge_exercise(course_root: Path, module_id: str, grade_id: str, outbox: Path,
                   limits: DecodeLimits | None = None) -> Outcome:
    """The outcome of one exercise from the data in outbox/<grade_id>/, decoded in a child process
    under `limits` (decode.py; by default from the environment)."""
    exercises = module_exercises(module_id)
    if grade_id not in exercises:
        return Outcome("error", 0.0, [f"the test cell '{shown(grade_id, limit=80)}' is not a known exercise of "
                                      f"{module_id}."])
    exercise = exercises[grade_id]
    raw = decode_answers(module_id, grade_id, Path(outbox) / grade_id, list(exercise.answers), limits)
    hidden = hidden_checks(course_root, module_id).get(grade_id, [])
    outcome = evaluate(exercise, raw, hidden)
    return replace(outcome, messages=[shown(m, keep_newlines=True) for m in outcome.messages])


def feedback_text(outcome: Outcome, points: float) -> str:
    """The words a learner reads in the test cell's output after grading."""
    earned = round(outcome.fraction * points, 2)
    head = {
        "correct": "CORRECT",
        "partial": "PARTLY CORRECT",
        "incorrect": "INCORRECT",
        "wrong_type": "WRONG TYPE",
        "not_attempted": "NOT ATTEMPTED",
        "error": "NOT GRADED",
    }[outcome.status]
    if outcome.layer == "shape":  # the message already starts with [WRONG SHAPE]: say it once, up front
        head = "WRONG SHAPE"
    messages = [m.replace(f"[{head}] ", "", 1) for m in outcome.messages]
    lines = [f"[{head}] {earned:g} of {points:g} points."]
    if outcome.status == "correct":
        lines.append("Public and grading checks passed.")
    lines += messages
    return "\n".join(lines)
