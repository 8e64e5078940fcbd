"""What a test cell runs at grading, inside the learner's sandboxed kernel: export the answers.

The grader swaps each test cell's code for a call to `export_to_outbox`, which writes the answers
as plain data (JSON, Parquet, .npy) for the trusted judge outside the sandbox. It prints nothing.
"""
from __future__ import annotations

import json
from pathlib import Path

from curriculum.learner.checks.capture import collect, learner_namespace, read_probes, read_regular, write_outbox
from curriculum.learner.checks.inputs import (
    ANSWER_CELL_FILE,
    KEPT_FILE,
    RERUN_FOLDER,
    kept_fingerprints,
    rerun_namespace,
)
from curriculum.learner.exercises import module_exercises

#: The answer cell's code, as the grader wrote it into the inbox, is read up to this size.
ANSWER_CELL_LIMIT = 1_000_000


def export_to_outbox(module_id: str, grade_id: str, outbox: str, inbox: str, namespace: dict | None = None) -> None:
    """Injected into each test cell at grading: export this exercise's answers, print nothing.

    `namespace` is the learner's variables (by default the kernel's): the tests pass their own."""
    try:
        exercise = module_exercises(module_id)[grade_id]
        namespace = learner_namespace() if namespace is None else namespace
        probes = read_probes(Path(inbox) / grade_id, exercise)
        folder = Path(outbox) / grade_id
        write_outbox(folder, collect(exercise, namespace, probes=probes))
        if exercise.keeps:
            (folder / KEPT_FILE).write_text(json.dumps(kept_fingerprints(exercise.keeps, namespace)))
        if exercise.follows:
            source = Path(inbox) / grade_id / ANSWER_CELL_FILE
            _export_second_run(exercise, source, folder / RERUN_FOLDER, probes, namespace)
    except BaseException:  # noqa: BLE001 - the judge will report missing data as not attempted
        pass


def _export_second_run(exercise, source_file: Path, folder: Path, probes: dict, namespace: dict) -> None:
    """Run the answer cell again on changed tables and export those answers too (nothing if it fails)."""
    source = read_regular(source_file, ANSWER_CELL_LIMIT)
    if source is None:
        return
    try:
        scratch = rerun_namespace(exercise.follows, source.decode("utf-8", "replace"), namespace)
        write_outbox(folder, collect(exercise, namespace=scratch, probes=probes))
    except BaseException:  # noqa: BLE001 - no second run: the judge then does not judge it
        pass
