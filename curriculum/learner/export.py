"""What a test cell runs at grading, inside the learner's sandboxed kernel: export the answers.

The grader swaps each test cell's code for a call to `export_to_outbox`, which writes the answers
as plain data (JSON, Parquet, .npy) for the trusted judge outside the sandbox. It prints nothing.
"""
from __future__ import annotations

from pathlib import Path

from curriculum.learner.checks.capture import collect, read_probes, write_outbox
from curriculum.learner.exercises import module_exercises


def export_to_outbox(module_id: str, grade_id: str, outbox: str, inbox: str) -> None:
    """Injected into each test cell at grading: export this exercise's answers, print nothing."""
    try:
        exercise = module_exercises(module_id)[grade_id]
        probes = read_probes(Path(inbox) / grade_id, exercise)
        write_outbox(Path(outbox) / grade_id, collect(exercise, probes=probes))
    except BaseException:  # noqa: BLE001 - the judge will report missing data as not attempted
        pass
