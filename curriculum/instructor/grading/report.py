"""Export grades and show status, telling apart not submitted, failed to grade and graded.

Stock `nbgrader export` writes 0.0 for all three; here each row carries its status. The export is
an nbgrader export plugin, so `curriculum export` and plain `nbgrader export` (configured in
nbgrader_config.py) write the same CSV. Every text cell that a spreadsheet would read as a formula
(=, +, -, @, tab, CR first) is written with a leading apostrophe (`untrusted.csv_cell`); numbers stay
numbers.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
from nbgrader.api import MissingEntry
from nbgrader.plugins import ExportPlugin
from rich.table import Table

from curriculum.instructor.course import Course, submitted_students
from curriculum.instructor.grading import gradebook_marks, records
from curriculum.instructor.grading.freshness import grader_version
from curriculum.instructor.grading.submission_state import STALE, decide
from curriculum.instructor.untrusted import csv_cell
from curriculum.learner import syllabus

COLUMNS = ["student", "module", "status", "score", "max_score", "percent", "passed",
           "needs_manual_grade", "reason"]


@dataclass
class Row:
    student: str
    module: str
    status: str  # graded | failed | queued | running | submitted_not_graded | not_submitted
    score: float | None
    max_score: float
    percent: float | None
    passed: bool | None  # None: not decided (not graded, or written answers may still lift it)
    needs_manual_grade: bool
    reason: str


def rows(course: Course, gradebook=None) -> list[Row]:
    """One row per (student, built module), students from the gradebook and submitted/; the status and
    reason of each are submission_state.decide's."""
    if gradebook is None:
        with course.gradebook() as gb:
            return rows(course, gb)
    modules = course.modules()
    out: list[Row] = []
    gb = gradebook
    students = {s.id for s in gb.students}
    for module in modules:
        students |= set(submitted_students(course, module))
    for module in modules:
        try:
            assignment = gb.find_assignment(module)
            max_score = float(assignment.max_score)
        except Exception:  # noqa: BLE001 - module never released: say so for any work already collected
            for student in sorted(s for s in students if course.path("submitted", s, module).is_dir()):
                out.append(Row(student, module, "submitted_not_graded", None, _planned_points(module), None,
                               None, False, f"{module} was never released: run `curriculum release {module}`"))
            continue
        try:
            pass_mark = syllabus.load().module(module).pass_mark
        except KeyError:
            pass_mark = 0.7
        version = grader_version(course, module)
        held = gradebook_marks.marks(course, module, gb)
        for student in sorted(students):
            found = {}  # the gradebook's submission, looked up if the decision asks whether it is there

            def in_gradebook() -> bool:
                found["sub"] = _submission(gb, module, student)
                return found["sub"] is not None

            decision = decide(module, records.read(course, module, student),
                              submitted=lambda: course.path("submitted", student, module).is_dir(),
                              current_hash=lambda: records.submission_hash(course, module, student), version=version,
                              held_mark=held.get(student, ""), in_gradebook=in_gradebook)
            if decision.status != "graded":
                out.append(Row(student, module, decision.status, None, max_score, None, None, False, decision.reason))
            else:
                out.append(_graded_row(student, module, found["sub"], max_score, pass_mark, decision.reason))
    return out


def _submission(gb, module: str, student: str):
    """The gradebook's submission, or None (graded into another gradebook: a shard, or before a migration)."""
    try:
        return gb.find_submission(module, student)
    except MissingEntry:
        return None


def _graded_row(student: str, module: str, sub, max_score: float, pass_mark: float, reason: str) -> Row:
    score = float(sub.score)
    # passed already; pending while the written answers a person has yet to grade could
    # still lift it over the mark; otherwise below, whatever those answers earn
    open_points = sum(float(g.max_score) for nb in sub.notebooks for g in nb.grades if g.needs_manual_grade)
    mark = pass_mark * max_score
    passed = True if score >= mark else (None if score + open_points >= mark else False)
    return Row(student, module, "graded", score, max_score, _percent(score, max_score), passed,
               bool(sub.needs_manual_grade), reason)


def _percent(score: float, max_score: float) -> float:
    """Rounded half up to one decimal, as a spreadsheet does (13/16 is 81.3, not Python's 81.2)."""
    if not max_score:
        return 0.0
    exact = Decimal(str(score)) * 100 / Decimal(str(max_score))  # in decimal: 2.3/8 is 28.75, not 28.7499...
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _planned_points(module: str) -> float:
    try:
        return syllabus.load().module(module).max_points
    except KeyError:
        return 0.0


def table(course: Course, gradebook=None) -> pd.DataFrame:
    """The export as a DataFrame, one row per learner and module."""
    return pd.DataFrame([asdict(r) for r in rows(course, gradebook)], columns=COLUMNS)


class StatusExportPlugin(ExportPlugin):
    """nbgrader's export, with a status and a reason per row (`nbgrader export` uses it too)."""

    def export(self, gradebook) -> None:
        root = self.config.CourseDirectory.get("root") or "."
        dest = Path(self.to or "grades.csv")
        dest.parent.mkdir(parents=True, exist_ok=True)
        self.frame = table(Course(Path(root).resolve()), gradebook)
        self.frame.map(csv_cell).to_csv(dest, index=False)  # text cells only: csv_cell leaves numbers alone


def export_csv(course: Course, path: Path) -> pd.DataFrame:
    """Write one row per learner and module to `path` through the export plugin; return the table."""
    plugin = StatusExportPlugin(to=str(path), config=course.config)
    with course.gradebook() as gb:
        plugin.export(gb)
    return plugin.frame


def status_table(c: Course, title: str = "Grades by learner and module") -> Table:
    """The learners-by-modules table of `status` and the demo: score and pass, or why there is none."""
    data = rows(c)
    modules = sorted({r.module for r in data})
    table = Table(title=title, caption="- not submitted;  * a written answer awaits hand grading (pending: the pass "
                  "depends on it);  ~ graded by an earlier release: `curriculum grade` regrades it")
    students = sorted({r.student for r in data})
    # a learner's id stays whole on one line however many modules share the width (ids are at most 64)
    table.add_column("learner", no_wrap=True, min_width=min(24, max(map(len, students), default=7)))
    for m in modules:  # "03 evaluation" wraps between words, and a long word folds: never cut short
        table.add_column(m.replace("-", " "), justify="right", overflow="fold")
    for student in students:
        cells = []
        for m in modules:
            row = next((r for r in data if r.student == student and r.module == m), None)
            if row is None or row.status == "not_submitted":
                cells.append("-")
            elif row.status == "graded":
                flag = {True: "pass", False: "below", None: "pending"}[row.passed]
                marks = (" *" if row.needs_manual_grade else "") + (" ~" if row.reason.startswith(STALE) else "")
                cells.append(f"{row.score:g}/{row.max_score:g} {flag}{marks}")
            else:
                cells.append(row.status.replace("_", " "))
        table.add_row(student, *cells)
    return table


#: The row statuses whose reason says what to do.
ACTIONABLE = ("failed", "submitted_not_graded", "queued", "running")


def advice(data: list[Row], shown_names: int = 3) -> list[str]:
    """What needs doing, once per cause: the rows that share a status, module and reason make one
    line with their count and the first few learners (the reason says the command that fixes it)."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for row in data:
        if row.reason and row.status in ACTIONABLE:
            groups.setdefault((row.status, row.module, row.reason), []).append(row.student)
    lines = []
    for (status, module, reason), students in groups.items():
        names = ", ".join(students[:shown_names]) + (f" and {len(students) - shown_names} more"
                                                       if len(students) > shown_names else "")
        count = f"{len(students)} learner{'s' if len(students) > 1 else ''}"
        lines.append(f"  {status.replace('_', ' ')}: {module}, {count} ({names}): {reason}")
    return lines


def waiting_answers(gradebook, modules: list[str]) -> dict[str, dict[str, int]]:
    """module -> written answer (grade id) -> how many submissions wait for a person to grade it."""
    waiting: dict[str, dict[str, int]] = {}
    for module in modules:
        try:
            submissions = gradebook.find_assignment(module).submissions
        except MissingEntry:
            continue
        for sub in submissions:
            for nb in sub.notebooks:
                for grade in nb.grades:
                    if grade.needs_manual_grade:
                        counts = waiting.setdefault(module, {})
                        counts[grade.name] = counts.get(grade.name, 0) + 1
    return waiting
