"""The trusted judge: reads answer data written by the kernel and runs public and hidden checks.

It never executes student code and never unpickles: it only reads JSON, Parquet and .npy files
from the outbox, through the kinds declared by the instructor, and it decodes them in a child
process with a memory and a time limit (decode.py), since a small file can decode to a huge value.
The kernel wrote the outbox, so a message quoting it (a learner function's error) is taken through
`untrusted.shown`, newlines kept.
"""
from __future__ import annotations

import json
import os
import stat
from dataclasses import replace
from pathlib import Path

from curriculum.instructor.authoring.instructor_files import hidden_checks
from curriculum.instructor.grading.decode import DecodeLimits, decode_answers
from curriculum.instructor.untrusted import shown
from curriculum.learner.checks.capture import read_regular
from curriculum.learner.checks.core import Outcome, evaluate
from curriculum.learner.checks.inputs import KEPT_CHANGED, KEPT_FILE, RERUN_FOLDER, changed_tables, typed_by_hand
from curriculum.learner.exercises import module_exercises

#: The kernel's fingerprints of the tables an answer keeps: a few short strings.
KEPT_LIMIT = 10_000


def judge_exercise(course_root: Path, module_id: str, grade_id: str, outbox: Path,
                   limits: DecodeLimits | None = None) -> Outcome:
    """The outcome of one exercise from the data in outbox/<grade_id>/, decoded in a child process
    under `limits` (decode.py; by default from the environment)."""
    exercises = module_exercises(module_id)
    if grade_id not in exercises:
        return Outcome("error", 0.0, [f"the test cell '{shown(grade_id, limit=80)}' is not a known exercise of "
                                      f"{module_id}."])
    exercise = exercises[grade_id]
    folder = Path(outbox) / grade_id
    raw = decode_answers(module_id, grade_id, folder, list(exercise.answers), limits)
    hidden = hidden_checks(course_root, module_id).get(grade_id, [])
    outcome = evaluate(exercise, raw, hidden, input_problems=_input_problems(module_id, exercise, folder, raw, limits))
    return replace(outcome, messages=[shown(m, keep_newlines=True) for m in outcome.messages])


def _input_problems(module_id: str, exercise, folder: Path, raw: dict, limits) -> list[str]:
    """A shared table the answer changed, or an answer that did not follow a changed table (inputs.py)."""
    problems = []
    if exercise.keeps:
        data = read_regular(folder / KEPT_FILE, KEPT_LIMIT)
        try:
            fingerprints = json.loads(data) if data else {}
        except ValueError:
            fingerprints = {}
        problems += [KEPT_CHANGED.format(table=t) for t in changed_tables(exercise.keeps, fingerprints)]
    if exercise.follows and _plain_folder(folder / RERUN_FOLDER):
        second = decode_answers(module_id, exercise.grade_id, folder / RERUN_FOLDER, list(exercise.answers), limits)
        problems += typed_by_hand(exercise.follows, raw, second)
    return problems


def _plain_folder(path: Path) -> bool:
    """A real folder the kernel made, not a link to somewhere else."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


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
