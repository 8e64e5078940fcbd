"""Write each graded learner's feedback pages through NbGraderAPI, marked "not final" while a person
has yet to grade their written answers.

A submission whose feedback fails gets a recorded reason and never stops the batch.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from curriculum.instructor.course import Course, failure_cause, submitted_students
from curriculum.instructor.grading import records


@dataclass
class BatchResult:
    done: list[str]
    failed: list[tuple[str, str]]
    skipped: list[str] = field(default_factory=list)  # already graded: same submission, same grader
    left: list[str] = field(default_factory=list)  # not finished because the run was interrupted (Ctrl-C)
    provisional: list[str] = field(default_factory=list)  # feedback written while a person has yet to grade
    ungradable: list[str] = field(default_factory=list)  # no feedback: the submission failed to grade


def feedback(course: Course, module: str, students: list[str] | None = None,
             progress: Callable[[str], None] | None = None) -> BatchResult:
    """Write feedback/<student>/<module>/*.html for each graded submission."""
    api = course.api(logging.ERROR)  # nbgrader logs the cause of a failure at ERROR
    done, failed, skipped, provisional, ungradable = [], [], [], [], []
    for student in students if students is not None else submitted_students(course, module):
        record = records.read(course, module, student)
        if record is None or record.status != "graded":
            (ungradable if record is not None and record.status == "failed" else skipped).append(student)
            if progress:
                progress(student)
            continue
        try:
            result = api.generate_feedback(module, student, force=True)
        except Exception as exc:  # noqa: BLE001
            result = {"success": False, "error": f"{type(exc).__name__}: {exc}"}
        if result.get("success"):
            done.append(student)
            if _awaits_a_person(course, module, student):
                provisional.append(student)
                for page in course.path("feedback", student, module).glob("*.html"):
                    mark_provisional(page)
        else:
            failed.append((student, failure_cause(result)))
        if progress:
            progress(student)
    return BatchResult(done, failed, skipped, provisional=provisional, ungradable=ungradable)


#: Shown at the top of a feedback page while a written answer waits for a person: nbgrader shows
#: its score as 0 until then. Words, not colour, carry it.
PROVISIONAL = ('<div role="note" id="curriculum-provisional" style="border:3px double #000;padding:0.6em;'
               'margin:1em 0;font-size:1.1em"><strong>Not final yet.</strong> A person has not graded '
               'your written answers yet: they show 0 points until then, so your score can only go up.</div>')


def _awaits_a_person(course: Course, module: str, student: str) -> bool:
    with course.gradebook() as gb:
        return bool(gb.find_submission(module, student).needs_manual_grade)


def mark_provisional(page: Path) -> None:
    """Put the "not final yet" note at the top of a feedback page (once)."""
    html = page.read_text()
    if 'id="curriculum-provisional"' in html:
        return
    at = html.find(">", html.find("<body")) + 1
    page.write_text(html[:at] + PROVISIONAL + html[at:] if at > 0 else PROVISIONAL + html)
