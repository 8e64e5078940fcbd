"""Grades in the layouts that LMS gradebooks import: `curriculum export --format canvas | moodle`.

Both have one row per learner and one column per module, holding the points out of the module's
total (hand grades included; a written answer not graded yet counts 0 until it is). A module that
was not graded for a learner (not submitted, failed, waiting) leaves the cell blank, which both
gradebooks skip rather than read as 0.

- **Canvas** (Grades, Import): the columns `Student`, `ID`, `SIS User ID`, `SIS Login ID` and
  `Section`, then one per assignment, and a second row, `Points Possible`, that gives each
  assignment's points (Canvas creates the assignment when its column is new). Learners are matched
  on `SIS User ID`: the learner id this course collected from the LMS.
- **Moodle** (Grade administration, Import, CSV file): one header row, a user identifier column
  (`ID number`, chosen under "Identify user by") and one column per grade item, named as Moodle's
  own export names them (`<type>: <name> (Real)`); at import, each column is mapped to a grade item
  whose maximum is the module's total, given in the column's name.

Every text cell goes through `untrusted.csv_cell`, so that no learner id is read as a formula.
"""
from __future__ import annotations

import csv
from pathlib import Path

from curriculum.instructor.course import Course
from curriculum.instructor.grading.report import Row, rows
from curriculum.instructor.untrusted import csv_cell
from curriculum.learner import syllabus

FORMATS = ("canvas", "moodle")
CANVAS_FIXED = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def _title(module: str) -> str:
    try:
        return f"{module} {syllabus.load().module(module).title}"
    except KeyError:
        return module


def _grid(data: list[Row]) -> tuple[list[str], dict[str, float], dict[str, dict[str, float]]]:
    """(modules in course order, module -> total points, learner -> module -> points) of graded rows."""
    modules = list(dict.fromkeys(r.module for r in data))
    totals = {r.module: r.max_score for r in data}
    scores: dict[str, dict[str, float]] = {}
    for row in data:
        scores.setdefault(row.student, {})
        if row.status == "graded" and row.score is not None:
            scores[row.student][row.module] = row.score
    return modules, totals, scores


def _names(course: Course) -> dict[str, str]:
    """learner id -> "Last, First" where the gradebook knows the names."""
    with course.gradebook() as gb:
        return {s.id: ", ".join(p for p in (s.last_name, s.first_name) if p) for s in gb.students}


def table(course: Course, layout: str) -> list[list[object]]:
    """The CSV's rows (header first) in `layout`, one of FORMATS."""
    if layout not in FORMATS:
        raise ValueError(f"unknown export format {layout!r}: use one of {', '.join(FORMATS)}")
    modules, totals, scores = _grid(rows(course))
    names = _names(course)
    if layout == "canvas":
        out: list[list[object]] = [CANVAS_FIXED + [_title(m) for m in modules],
                                   ["Points Possible", "", "", "", ""] + [totals[m] for m in modules]]
        for student in sorted(scores):
            out.append([names.get(student) or student, "", student, "", ""]
                       + [scores[student].get(m, "") for m in modules])
        return out
    out = [["ID number", "Full name"] + [f"Assignment: {_title(m)}, out of {totals[m]:g} (Real)" for m in modules]]
    for student in sorted(scores):
        out.append([student, names.get(student) or student] + [scores[student].get(m, "") for m in modules])
    return out


def write(course: Course, layout: str, path: Path) -> int:
    """Write the `layout` CSV to `path`; return how many learners it holds."""
    data = table(course, layout)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([[csv_cell(cell) if isinstance(cell, str) else f"{cell:g}" for cell in row]
                                  for row in data])
    return len(data) - (2 if layout == "canvas" else 1)
