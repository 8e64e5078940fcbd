"""Split nbgrader's autograde in two passes around remote execution, keeping nbgrader in charge.

Pass A runs nbgrader's sanitizing and the steps of the pipeline before the executor (pipeline.py),
then `StashTask` takes the prepared notebook and the probe files as a task for a worker (nothing is
executed, nothing is scored). Workers run the tasks anywhere. Pass B runs nbgrader again:
`InjectResult` puts the worker's executed notebook and answer files in place, and the pipeline's
steps after the executor follow (`JudgeAnswers`, saving the grades, late penalties, metadata
checks), in the one process that writes the gradebook. Both passes find their run's tasks and
results in the RunState the coordinator configures them with (run_state.py).
"""
from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets.config import Config

from curriculum.instructor.course import Course
from curriculum.instructor.grading.pipeline import AUTOGRADE, EXECUTOR
from curriculum.instructor.grading.preprocessors import is_test_cell
from curriculum.instructor.grading.run_state import RunState, RunStep
from curriculum.instructor.grading.worker import read_tree, write_tree
from curriculum.instructor.sandbox.boxes import release_box, scratch_box

STASH = "curriculum.instructor.grading.passes.StashTask"
INJECT = "curriculum.instructor.grading.passes.InjectResult"
#: Pass A: the pipeline up to the executor, which StashTask replaces (sanitizing as configured).
PASS_A = [*AUTOGRADE[:AUTOGRADE.index(EXECUTOR)], STASH]
#: Pass B: InjectResult in the executor's place, then the rest of the pipeline.
PASS_B = [INJECT, *AUTOGRADE[AUTOGRADE.index(EXECUTOR) + 1:]]
#: Pass B takes pass A's sanitized notebook from the task, so nbgrader need not sanitize again.
PASS_B_SANITIZE: list[str] = []


def apis(course: Course, run: RunState):
    """nbgrader's API for pass A and for pass B of `run`, whose steps all get the run (run_state.py)."""
    # ERROR: nbgrader logs the real cause of a failure, then raises "see the above traceback"
    api_a = course.api(logging.ERROR, Config({"Autograde": {"autograde_preprocessors": PASS_A},
                                              "ExportAnswers": {"sandbox_box": False}, "RunStep": {"run": run}}))
    api_b = course.api(logging.ERROR, Config({"Autograde": {"autograde_preprocessors": PASS_B,
                                                            "sanitize_preprocessors": PASS_B_SANITIZE},
                                              "RunStep": {"run": run}}))
    return api_a, api_b


def _key(resources) -> tuple[str, str, str]:
    info = resources["nbgrader"]
    return info["student"], info["assignment"], info["notebook"]


class StashTask(RunStep, NbGraderPreprocessor):
    """Pass A's last step: keep the prepared notebook and probes as a task for a worker."""

    def preprocess(self, nb, resources):
        state = resources["curriculum"]
        box = Path(state["box"])
        student, module, notebook = _key(resources)
        self.the_run().tasks[(student, module, notebook)] = {
            "student": student, "module": module, "notebook_name": notebook,
            "notebook": nbformat.writes(nb), "inbox": read_tree(box / "inbox"),
            "events": list(state.get("events", [])), "sources": dict(state.get("sources", {})),
        }
        release_box(box)
        return nb, resources


class WorkerFailed(RuntimeError):
    """The worker could not run the notebook; the message says why."""


class InjectResult(RunStep, NbGraderPreprocessor):
    """Pass B's first step: replace the notebook by the worker's executed one, cell for cell."""

    def preprocess(self, nb, resources):
        key = _key(resources)
        run = self.the_run()
        result, task = run.results.get(key), run.tasks.get(key)
        if result is None or task is None:
            raise WorkerFailed(f"no worker result for {key[2]}.ipynb")
        if "error" in result:
            raise WorkerFailed(result["error"])
        # The notebook is pass A's sanitized copy, kept here; only outputs come from the worker.
        prepared = nbformat.reads(task["notebook"], as_version=4)
        executed = nbformat.reads(result["notebook"], as_version=4)
        ids = lambda book: [c.metadata.get("nbgrader", {}).get("grade_id") for c in book.cells]  # noqa: E731
        if ids(executed) != ids(prepared):
            raise WorkerFailed("the worker returned a notebook with different cells")
        box = scratch_box(Path(tempfile.mkdtemp(prefix="curriculum-judge-")))  # the judge reads it here
        write_tree(box / "outbox", result.get("outbox", {}))
        resources["curriculum"] = {"box": str(box), "module": key[1], "sources": task["sources"],
                                   "events": task["events"] + list(result.get("events", []))}
        for cell, done in zip(prepared.cells, executed.cells):
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = done.get("outputs", []), done.get("execution_count")
                if is_test_cell(cell):
                    cell.source = task["sources"].get(cell.metadata.nbgrader["grade_id"], cell.source)
        return prepared, resources
