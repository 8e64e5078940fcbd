"""Count the hints a learner revealed, from the marks `hint(...)` left in the submitted notebook.

Runs first in the sanitizing pass, before nbgrader's ClearOutput removes the outputs. The marks
are the learner's own file, so each is taken only if it names a known exercise and a level that
exists; the count is reported with the submission's grade record (no penalty: the syllabus sets
none), in the words of curriculum.learner.notebook.hint.
"""
from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor

from curriculum.instructor.grading.run_state import RunStep
from curriculum.learner.exercises import UnknownExercise, module_exercises
from curriculum.learner.notebook import HINT_METADATA


def reveals(nb, exercises: dict) -> dict[str, int]:
    """grade id -> the highest hint level revealed, for the known exercises, from output metadata."""
    found: dict[str, int] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            mark = (output.get("metadata") or {}).get(HINT_METADATA) if isinstance(output, dict) else None
            if not isinstance(mark, dict):
                continue
            grade_id, level = mark.get("grade_id"), mark.get("level")
            if (isinstance(grade_id, str) and grade_id in exercises and isinstance(level, int)
                    and 1 <= level <= len(exercises[grade_id].hint_levels)):
                found[grade_id] = max(found.get(grade_id, 0), level)
    return found


class RecordHintReveals(RunStep, NbGraderPreprocessor):
    """Note, with the submission, how many hints of each exercise the learner revealed."""

    def preprocess(self, nb, resources):
        try:
            exercises = module_exercises(resources.get("nbgrader", {}).get("assignment", ""))
        except UnknownExercise:
            return nb, resources
        found = reveals(nb, exercises)
        if found:
            said = ", ".join(f"{g} ({n} of {len(exercises[g].hint_levels)})" for g, n in sorted(found.items()))
            self.record_events(resources, [f"hints revealed: {said}"])
        return nb, resources
