"""Item analysis: how each exercise went, from the gradebook, the graded notebooks and the submitted ones.

Only the submissions the export calls graded count (grading/report.py decides the statuses). Per
exercise: how many got full points (its pass rate), the judge's verdicts (not attempted among them)
and messages (messages.py), and the hints learners revealed (grading/hints.py reads the marks
`hint()` leaves in the submitted notebook). Notebooks are read only up to intake's size limit: a
submitted one is the learner's file, and a graded one holds the learner's outputs.
"""
from __future__ import annotations

import json
import stat
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from curriculum.instructor.course import Course
from curriculum.instructor.grading.feedback_page import titles
from curriculum.instructor.grading.hints import reveals
from curriculum.instructor.grading.intake import MAX_NOTEBOOK_BYTES
from curriculum.instructor.grading.report import Row
from curriculum.instructor.reports.messages import Declared, count_messages, declared_messages, output_text, verdict
from curriculum.learner.exercises import UnknownExercise, module_exercises

#: An exercise is flagged for its author when fewer than this share of learners get full points ...
FLAG_BELOW = 0.5
#: ... among at least this many decided submissions (fewer say little).
FLAG_MIN = 3


@dataclass
class Attempt:
    """One graded learner's result on one exercise."""

    module: str
    grade_id: str
    student: str
    score: float
    points: float
    written: bool  # a written answer, graded by a person
    waiting: bool  # a person has yet to grade it
    status: str = ""  # the judge's verdict (messages.STATUSES), "" for a written answer or none found
    body: str = ""  # the judge's messages
    hints: int = 0  # the highest hint level revealed


@dataclass
class Skipped:
    """Files the report did not read (too large, unreadable), to say so on the page."""

    files: list[str] = field(default_factory=list)


def read_notebook(path: Path, skipped: Skipped) -> dict | None:
    """A notebook's JSON, or None: missing, not a regular file, larger than intake's limit, or unreadable."""
    try:
        info = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_NOTEBOOK_BYTES:
        skipped.files.append(str(path))
        return None
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        skipped.files.append(str(path))
        return None
    return data if isinstance(data, dict) and isinstance(data.get("cells"), list) else None


def cell_verdicts(nb: dict | None) -> dict[str, tuple[str, str]]:
    """grade id -> (status, messages) of each graded test cell of a graded notebook's JSON."""
    found: dict[str, tuple[str, str]] = {}
    for cell in (nb or {}).get("cells", []):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata")
        meta = meta.get("nbgrader") if isinstance(meta, dict) else None
        if not isinstance(meta, dict) or not meta.get("grade") or meta.get("solution") \
                or not isinstance(meta.get("grade_id"), str):
            continue
        said = verdict(output_text(cell.get("outputs", [])))
        if said is not None:
            found[meta["grade_id"]] = said
    return found


def hint_levels(course: Course, module: str, student: str, skipped: Skipped) -> dict[str, int]:
    """grade id -> the highest hint level the learner revealed, from their submitted notebooks."""
    try:
        exercises = module_exercises(module)
    except UnknownExercise:
        return {}
    folder = course.path("submitted", student, module)
    found: dict[str, int] = {}
    for path in sorted(folder.glob("*.ipynb")) if folder.is_dir() else []:
        data = read_notebook(path, skipped)
        if data is None:
            continue
        try:
            levels = reveals(nbformat.from_dict(data), exercises)
        except (AttributeError, TypeError, ValueError):  # a notebook too odd to walk: no hints from it
            continue
        for grade_id, level in levels.items():
            found[grade_id] = max(found.get(grade_id, 0), level)
    return found


def graded_students(data: list[Row]) -> dict[str, set[str]]:
    """module -> the learners whose submission the export calls graded."""
    out: dict[str, set[str]] = {}
    for row in data:
        if row.status == "graded":
            out.setdefault(row.module, set()).add(row.student)
    return out


def module_attempts(course: Course, gb, module: str, students: set[str], skipped: Skipped) -> list[Attempt]:
    """Every graded learner's attempt at every exercise of one module."""
    out: list[Attempt] = []
    for sub in gb.find_assignment(module).submissions:
        student = sub.student.id
        if student not in students:
            continue
        hints = hint_levels(course, module, student, skipped)
        for nb in sub.notebooks:
            said = cell_verdicts(read_notebook(course.path("autograded", student, module, f"{nb.name}.ipynb"),
                                               skipped))
            for grade in nb.grades:
                status, body = said.get(grade.name, ("", ""))
                out.append(Attempt(module, grade.name, student, float(grade.score or 0), float(grade.max_score or 0),
                                   grade.cell_type == "markdown", bool(grade.needs_manual_grade), status, body,
                                   hints.get(grade.name, 0)))
    return out


def exercise_titles(course: Course, module: str) -> dict[str, str]:
    """grade id -> "Exercise 4 · Select, filter, group", in the source notebooks' order."""
    found: dict[str, str] = {}
    for path in sorted(course.path("source", module).glob("*.ipynb")):
        found.update(titles(str(path), path.stat().st_mtime))
    return found


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def exercise_row(module: str, grade_id: str, title: str, attempts: list[Attempt], hint_count: int) -> dict:
    """The item analysis of one exercise from its attempts."""
    decided = [a for a in attempts if not a.waiting]
    full = sum(a.points > 0 and a.score >= a.points for a in decided)
    judged = [a for a in attempts if a.status]
    missing = sum(a.status == "not attempted" for a in judged)
    hinted = [a.hints for a in attempts if a.hints]
    row = {"module": module, "grade_id": grade_id, "title": title,
           "kind": "written" if any(a.written for a in attempts) else "code",
           "points": max((a.points for a in attempts), default=0.0), "graded": len(attempts),
           "waiting": len(attempts) - len(decided), "full_points": full, "pass_rate": _rate(full, len(decided)),
           "mean_score": round(sum(a.score for a in decided) / len(decided), 3) if decided else None,
           "not_attempted": missing if judged else None, "not_attempted_share": _rate(missing, len(judged)),
           "hint_levels": hint_count, "hints_learners": len(hinted), "hints_share": _rate(len(hinted), len(attempts)),
           "hints_mean_level": round(sum(hinted) / len(hinted), 2) if hinted else None}
    row["flagged"], row["flag_reason"] = flag(full, len(decided))
    return row


def flag(full: int, decided: int) -> tuple[bool, str]:
    """Whether most learners fail the exercise (fewer than FLAG_BELOW with full points, among at
    least FLAG_MIN decided submissions), and the words that say so."""
    if decided < FLAG_MIN or full >= FLAG_BELOW * decided:
        return False, ""
    return True, f"only {full} of {decided} graded learners got full points"


def analyse(course: Course, data: list[Row], gb, progress=None) -> tuple[list[dict], list[dict], Skipped]:
    """(exercise rows, message rows, files skipped) for every module of the course, in order."""
    skipped = Skipped()
    graded = graded_students(data)
    exercises, messages = [], []
    for module in course.modules():
        if graded.get(module):
            e, m = _module_rows(course, gb, module, graded[module], skipped)
            exercises += e
            messages += m
        if progress is not None:
            progress(module)
    return exercises, messages, skipped


def _module_rows(course: Course, gb, module: str, students: set[str], skipped: Skipped) -> tuple[list, list]:
    attempts = module_attempts(course, gb, module, students, skipped)
    named = exercise_titles(course, module)
    declared: dict[str, list[Declared]] = declared_messages(course.root, module)
    try:
        defined = module_exercises(module)
    except UnknownExercise:
        defined = {}
    order = list(dict.fromkeys([*named, *sorted({a.grade_id for a in attempts})]))
    exercises, messages = [], []
    for grade_id in order:
        mine = [a for a in attempts if a.grade_id == grade_id]
        if not mine:
            continue
        levels = len(defined[grade_id].hint_levels) if grade_id in defined else 0
        exercises.append(exercise_row(module, grade_id, named.get(grade_id, grade_id), mine, levels))
        for row in count_messages([(a.status, a.body) for a in mine if a.status], declared.get(grade_id, [])):
            messages.append({"module": module, "grade_id": grade_id, "title": named.get(grade_id, grade_id),
                             **row, "share": _rate(row["count"], len(mine))})
    return exercises, messages
