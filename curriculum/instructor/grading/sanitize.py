"""nbgrader's sanitizing steps, with every repair written down for the instructor.

Stock nbgrader silently restores tampered test cells, changed points and duplicated grade ids,
and only logs a warning. These subclasses do the same repairs and note each one in the run's
events (run_state.py), which the coordinator writes into the submission's grade record, so that an
edited test cell is visible in the export. Without a run (plain `nbgrader autograde`), they log it.
"""
from __future__ import annotations

from nbgrader import utils
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import DeduplicateIds, OverwriteCells

from curriculum.instructor.grading.run_state import RunStep

WHAT = {"checksum": "its content was", "points": "its points were", "locked": "its locked flag was",
        "cell_type": "its cell type was"}


def note(pp: RunStep, resources: dict, text: str) -> None:
    """Note one repair, naming the notebook, in the run's events for the submission (or the log)."""
    info = resources.get("nbgrader", {})
    notebook = f"{info['notebook']}.ipynb: " if info.get("notebook") else ""
    pp.record_events(resources, [notebook + text])


class RecordedDeduplicateIds(RunStep, DeduplicateIds):
    """Keep the first cell of each grade id, as nbgrader does, and record the extra copies."""

    def preprocess_cell(self, cell, resources, cell_index):
        if utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell):
            grade_id = cell.metadata.nbgrader.get("grade_id")
            if grade_id in self.grade_ids:
                note(self, resources, f"{grade_id}: the cell appears more than once; only its last copy counts")
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.metadata.get("nbgrader") == {}:
            del cell.metadata["nbgrader"]  # a plain cell now; an empty dict trips later checks
        return cell, resources


class RecordedOverwriteCells(RunStep, OverwriteCells):
    """Restore locked cells and points from the gradebook, and record each change found."""

    def preprocess(self, nb, resources):
        self._resources = resources
        self._roles = None  # the release's cells by role, read once per notebook
        before = sum(1 for c in nb.cells if utils.is_grade(c))
        nb, resources = super().preprocess(nb, resources)
        restored = sum(1 for c in nb.cells if utils.is_grade(c)) - before
        if restored > 0:
            note(self, resources, f"{restored} graded cell(s) were missing and were restored from the release")
        return nb, resources

    def _restore_roles(self, cell, grade_id: str, resources) -> None:
        """Put back the grade and solution flags of a cell the release knows (nbgrader restores
        only its source, points and lock, and a flipped flag then fails the whole submission)."""
        if self._roles is None:  # one query per notebook, not three per cell
            released_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
            self._roles = {
                "source": {c.name for c in released_nb.source_cells},
                "grade": {c.name for c in [*released_nb.grade_cells, *released_nb.task_cells]},
                "solution": {c.name for c in released_nb.solution_cells},
            }
        if grade_id not in self._roles["source"]:
            return  # a cell the release never had: handled below
        nbg = cell.metadata.nbgrader
        for flag in ("grade", "solution"):
            released = grade_id in self._roles[flag]
            if bool(nbg.get(flag, False)) != released:
                nbg[flag] = released
                if flag == "grade" and not released:
                    nbg.pop("points", None)
                note(self, resources, f"{grade_id}: its {flag} flag was changed in the submission; "
                     "restored from the release")

    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id:
            self._restore_roles(cell, grade_id, resources)
        if grade_id and utils.is_grade(cell):
            try:
                self.gradebook.find_graded_cell(grade_id, self.notebook_id, self.assignment_id)
            except MissingEntry:  # a cell the learner marked as graded: it earns nothing
                cell.metadata.nbgrader["grade"] = False
                cell.metadata.nbgrader.pop("points", None)
                note(self, resources, f"{grade_id}: marked as graded in the submission; ignored")
        return super().preprocess_cell(cell, resources, cell_index)

    def report_change(self, name, attr, old, new):
        super().report_change(name, attr, old, new)
        note(self, self._resources,
             f"{name}: {WHAT.get(attr, attr)} changed in the submission; restored from the release")
