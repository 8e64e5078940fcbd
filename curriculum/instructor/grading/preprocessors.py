"""nbgrader Autograde preprocessors that move checking out of the student's kernel.

ExportAnswers runs before nbgrader's Execute: it swaps each graded test cell's code for a call that
exports the answers as plain data. JudgeAnswers runs after Execute: it restores the cell's visible
code, asks the trusted judge for the outcome, and writes it as the cell's output in the form that
nbgrader's SaveAutoGrades reads (an error for no credit, a number for partial credit, text for full).
SaveAutoGradesKeepingHandGrades then saves the grades, keeping a person's grades of unchanged work.
The pipeline that runs them is declared in pipeline.py.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor, SaveAutoGrades
from traitlets import Bool

from curriculum.instructor.authoring.instructor_files import load_instructor_file
from curriculum.instructor.grading import integrity
from curriculum.instructor.grading.judge import feedback_text, judge_exercise
from curriculum.instructor.grading.run_state import RunStep
from curriculum.instructor.sandbox.boxes import BOX_TOKEN, prepare_box, release_box, scratch_box
from curriculum.learner.checks.capture import write_probes
from curriculum.learner.checks.inputs import ANSWER_CELL_FILE
from curriculum.learner.checks.kinds import Function
from curriculum.learner.exercises import UnknownExercise, module_exercises

EXPORT_CALL = (
    "from curriculum.learner.export import export_to_outbox as _curriculum_export\n"
    "_curriculum_export({module!r}, {grade_id!r}, '" + BOX_TOKEN + "/outbox', '" + BOX_TOKEN + "/inbox')"
)


def is_test_cell(cell) -> bool:
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


def _course_root(pp: NbGraderPreprocessor) -> Path:
    return Path(pp.config.CourseDirectory.get("root", ".") or ".").resolve()


def editable_cells(nb) -> list[tuple[str, str]]:
    """(label, source) of the code cells a learner may change: answer cells and cells they added."""
    out = []
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and not meta.get("locked") and not utils.is_grade(cell):
            out.append((meta.get("grade_id") or f"cell {index + 1}", cell.source))
    return out


class ExportAnswers(NbGraderPreprocessor):
    """Replace each test cell's code with an export of its answers to a private outbox."""

    #: In one process with the sandboxed kernel (plain `nbgrader autograde`), the kernel runs in this
    #: box, so it is a sandbox box; the parallel coordinator only stages probes here (False).
    sandbox_box = Bool(True, help="Mount the box as a sandbox's scratch space.").tag(config=True)

    def preprocess(self, nb, resources):
        module_id = resources["nbgrader"]["assignment"]
        folder = Path(tempfile.mkdtemp(prefix="curriculum-judge-"))
        box = prepare_box(folder) if self.sandbox_box else scratch_box(folder)
        try:
            return self._export(nb, resources, module_id, box)
        except BaseException:
            release_box(box)  # never leave a mounted box and a claimed uid behind
            raise

    def _export(self, nb, resources, module_id: str, box: Path):
        state = resources.setdefault("curriculum", {})
        state.update(box=str(box), sources={}, module=module_id)
        state["events"] = integrity.flags(editable_cells(nb))  # the sanitizing pass wrote its own
        try:
            exercises = module_exercises(module_id)
        except UnknownExercise:
            exercises = {}
        instructor_probes = getattr(load_instructor_file(_course_root(self), module_id, "hidden_checks"),
                                    "PROBES", {})
        for cell in nb.cells:
            if not is_test_cell(cell):
                continue
            grade_id = cell.metadata.nbgrader["grade_id"]
            state["sources"][grade_id] = cell.source
            if grade_id not in exercises:
                cell.source = "pass"
                continue
            for name, kind in exercises[grade_id].answers.items():
                if isinstance(kind, Function):
                    builder = instructor_probes.get(grade_id, {}).get(name, kind.probes)
                    write_probes(box / "inbox" / grade_id, name, builder())
            if exercises[grade_id].follows:
                _stage_answer_cell(nb, grade_id, box / "inbox" / grade_id)
            cell.source = EXPORT_CALL.format(module=module_id, grade_id=grade_id)
        return nb, resources


def _stage_answer_cell(nb, grade_id: str, inbox: Path) -> None:
    """Give the kernel the code of the exercise's answer cell, to run again on changed tables."""
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade_id") == f"{grade_id}_answer":
            inbox.mkdir(parents=True, exist_ok=True)
            (inbox / ANSWER_CELL_FILE).write_text(cell.source)
            return


class JudgeAnswers(RunStep, NbGraderPreprocessor):
    """Restore each test cell's visible code and write the trusted judge's verdict as its output."""

    def preprocess(self, nb, resources):
        state = resources.get("curriculum", {})
        box = Path(state.get("box", tempfile.gettempdir()))
        outcomes = state.setdefault("outcomes", {})
        try:
            for cell in nb.cells:
                if not is_test_cell(cell):
                    continue
                grade_id = cell.metadata.nbgrader["grade_id"]
                cell.source = state.get("sources", {}).get(grade_id, cell.source)
                outcome = judge_exercise(_course_root(self), state.get("module", ""), grade_id, box / "outbox")
                points = float(cell.metadata.nbgrader.get("points", 0))
                outcomes[grade_id] = outcome
                cell.outputs = self.outputs_for(outcome, points)
        finally:
            release_box(box)
            self.record_events(resources, state.get("events") or [])  # the run's, or the log
        return nb, resources

    @staticmethod
    def outputs_for(outcome, points: float) -> list:
        text = feedback_text(outcome, points)
        if outcome.status == "correct":
            return [new_output("stream", name="stdout", text=text + "\n")]
        if outcome.status == "partial":
            return [
                new_output("stream", name="stdout", text=text + "\n"),
                new_output("execute_result", data={"text/plain": repr(round(outcome.fraction * points, 4))},
                           execution_count=None),
            ]
        ename = {"not_attempted": "NotAttempted", "wrong_type": "WrongType"}.get(outcome.status, "Incorrect")
        return [new_output("error", ename=ename, evalue=outcome.messages[0] if outcome.messages else "",
                           traceback=text.splitlines())]


class SaveAutoGradesKeepingHandGrades(RunStep, SaveAutoGrades):
    """nbgrader's SaveAutoGrades, but a regrade of an unchanged submission keeps its hand grades final.

    Stock nbgrader flags every hand-graded cell for review again whenever a submission is autograded,
    so fixing a typo in a release would send every written answer of the class back to the graders.
    The flag is kept only for a written answer (a markdown cell) that a person has already graded,
    in a submission identical to the one graded last time, while the release gives the written
    answers the same points; any resubmission or change of points is reviewed, and so is a person's
    override of an autograded cell, whose automatic score may have changed. The coordinator's run
    says which submissions are unchanged; without a run (plain `nbgrader autograde`), none is.
    """

    def _add_score(self, cell, resources) -> None:
        grade = self.gradebook.find_grade(cell.metadata["nbgrader"]["grade_id"], self.notebook_id,
                                          self.assignment_id, self.student_id)
        graded_by_hand = (grade.manual_score is not None and not grade.needs_manual_grade
                          and grade.manual_score <= grade.max_score)
        super()._add_score(cell, resources)
        unchanged = self.run is not None and (self.student_id, self.assignment_id) in self.run.unchanged
        if graded_by_hand and cell.cell_type == "markdown" and unchanged:
            grade.needs_manual_grade = False
            self.gradebook.db.commit()
