"""What the gradebook holds for each submission, so a record is trusted only with its own gradebook.

A record says "graded" once the gradebook committed the grades. If gradebook.db is later deleted,
restored from a backup or swapped for another database, the record no longer describes what the
gradebook holds; without this mark a rerun would skip those learners as "unchanged" and the export
would show the other gradebook's scores. The mark is a short hash of the submission's timestamp and
its autograded scores: hand grades (manual scores) do not change it, so grading by a person never
triggers a regrade.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict

from nbgrader.api import Assignment, BaseCell, Grade, SubmittedAssignment, SubmittedNotebook

from curriculum.instructor.course import Course


def marks(course: Course, module: str, gradebook=None, student: str | None = None) -> dict[str, str]:
    """student -> mark of the module's submission in the gradebook, in one query for the class (or
    for one `student`)."""
    if gradebook is None:
        with course.gradebook() as gb:
            return marks(course, module, gb, student)
    query = (gradebook.db.query(SubmittedAssignment.student_id, SubmittedAssignment.timestamp,
                                BaseCell.name, Grade.auto_score)
             .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
             .join(SubmittedNotebook, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
             .join(Grade, Grade.notebook_id == SubmittedNotebook.id)
             .join(BaseCell, Grade.cell_id == BaseCell.id)
             .filter(Assignment.name == module))
    if student is not None:
        query = query.filter(SubmittedAssignment.student_id == student)
    found: dict[str, list] = defaultdict(list)
    stamps: dict[str, str] = {}
    for learner, timestamp, cell, score in query:
        stamps[learner] = timestamp.isoformat() if timestamp is not None else ""
        found[learner].append((cell, None if score is None else round(float(score), 6)))
    return {learner: hashlib.sha256(repr((stamps[learner], sorted(cells, key=repr))).encode()).hexdigest()[:16]
            for learner, cells in found.items()}


def mark(course: Course, module: str, student: str) -> str:
    """The mark of one learner's submission ("" when the gradebook has none)."""
    return marks(course, module, student=student).get(student, "")
