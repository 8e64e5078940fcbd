"""nbgrader's autograde pipeline for this course, declared once.

nbgrader_config.py hands these lists to nbgrader (plain `nbgrader autograde` runs them in one
process), and passes.py splits the same AUTOGRADE list around EXECUTOR for the parallel coordinator.
Steps are class paths, as nbgrader's configuration takes them; this file imports nothing, so that
nbgrader_config.py can read it cheaply.
"""
from __future__ import annotations

#: Sanitizing: the hints the learner revealed, counted from the outputs before they are cleared; then
#: nbgrader's own repairs (duplicate ids, tampered locked cells, changed points), recorded.
SANITIZE = [
    "curriculum.instructor.grading.hints.RecordHintReveals",
    "nbgrader.preprocessors.ClearOutput",
    "curriculum.instructor.grading.sanitize.RecordedDeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "curriculum.instructor.grading.sanitize.RecordedOverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

#: The one step that runs the learner's code (in the sandbox); the coordinator runs it in a worker.
EXECUTOR = "curriculum.instructor.sandbox.execute.SandboxedExecute"

#: Grading: the student's kernel only exports answers as plain data; the trusted judge checks them.
AUTOGRADE = [
    "curriculum.instructor.grading.preprocessors.ExportAnswers",
    EXECUTOR,
    "curriculum.instructor.grading.preprocessors.JudgeAnswers",
    "nbgrader.preprocessors.LimitOutput",
    # nbgrader's SaveAutoGrades; in a coordinator's run, hand grades of unchanged work stay final
    "curriculum.instructor.grading.preprocessors.SaveAutoGradesKeepingHandGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
