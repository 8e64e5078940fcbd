"""Split nbgrader's autograde in two passes around remote execution, keeping nbgrader in charge.

Pass A runs nbgrader's sanitizing and `ExportAnswers`, then `StashTask` takes the prepared notebook
and the probe files as a task for a worker (nothing is executed, nothing is scored). Workers run the
tasks anywhere. Pass B runs nbgrader again: `InjectResult` puts the worker's executed notebook and
answer files in place, and the usual `JudgeAnswers`, `SaveAutoGrades`, late penalties and metadata
checks follow, in the one process that writes the gradebook.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor, SaveAutoGrades

from curriculum.instructor.sandbox.boxes import release_box, scratch_box
from curriculum.instructor.grading.preprocessors import is_test_cell
from curriculum.instructor.grading.worker import read_tree, write_tree

#: (student, module, notebook) -> task, filled by pass A
TASKS: dict[tuple[str, str, str], dict] = {}
#: (student, module, notebook) -> worker result, read by pass B
RESULTS: dict[tuple[str, str, str], dict] = {}
#: (student, module) whose submission is byte for byte the one graded last time (a regrade after a
#: new release or grader): their hand grades stay final. Decided anew for each student a run takes.
UNCHANGED: set[tuple[str, str]] = set()

PASS_A = ["curriculum.instructor.grading.preprocessors.ExportAnswers", "curriculum.instructor.grading.passes.StashTask"]
#: Pass B takes pass A's sanitized notebook from the task, so nbgrader need not sanitize again.
PASS_B_SANITIZE: list[str] = []
PASS_B = ["curriculum.instructor.grading.passes.InjectResult", "curriculum.instructor.grading.preprocessors.JudgeAnswers",
          "nbgrader.preprocessors.LimitOutput", "curriculum.instructor.grading.passes.SaveAutoGradesKeepingHandGrades",
          "nbgrader.preprocessors.AssignLatePenalties"]  # metadata was checked in pass A, unchanged since


def _key(resources) -> tuple[str, str, str]:
    info = resources["nbgrader"]
    return info["student"], info["assignment"], info["notebook"]


class StashTask(NbGraderPreprocessor):
    """Pass A's last step: keep the prepared notebook and probes as a task for a worker."""

    def preprocess(self, nb, resources):
        state = resources["curriculum"]
        box = Path(state["box"])
        student, module, notebook = _key(resources)
        TASKS[(student, module, notebook)] = {
            "student": student, "module": module, "notebook_name": notebook,
            "notebook": nbformat.writes(nb), "inbox": read_tree(box / "inbox"),
            "events": list(state.get("events", [])), "sources": dict(state.get("sources", {})),
        }
        release_box(box)
        return nb, resources


class WorkerFailed(RuntimeError):
    """The worker could not run the notebook; the message says why."""


class InjectResult(NbGraderPreprocessor):
    """Pass B's first step: replace the notebook by the worker's executed one, cell for cell."""

    def preprocess(self, nb, resources):
        key = _key(resources)
        result, task = RESULTS.get(key), TASKS.get(key)
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


class SaveAutoGradesKeepingHandGrades(SaveAutoGrades):
    """nbgrader's SaveAutoGrades, but a regrade of an unchanged submission keeps its hand grades final.

    Stock nbgrader flags every hand-graded cell for review again whenever a submission is autograded,
    so fixing a typo in a release would send every written answer of the class back to the graders.
    The flag is kept only for a written answer (a markdown cell) that a person has already graded,
    in a submission identical to the one graded last time, while the release gives the written
    answers the same points; any resubmission or change of points is reviewed, and so is a person's
    override of an autograded cell, whose automatic score may have changed.
    """

    def _add_score(self, cell, resources) -> None:
        grade = self.gradebook.find_grade(cell.metadata["nbgrader"]["grade_id"], self.notebook_id,
                                          self.assignment_id, self.student_id)
        graded_by_hand = (grade.manual_score is not None and not grade.needs_manual_grade
                          and grade.manual_score <= grade.max_score)
        super()._add_score(cell, resources)
        if graded_by_hand and cell.cell_type == "markdown" and (self.student_id, self.assignment_id) in UNCHANGED:
            grade.needs_manual_grade = False
            self.gradebook.db.commit()
