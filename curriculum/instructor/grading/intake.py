"""Check each submitted notebook before grading, and repair what can be repaired honestly.

A file that is empty, binary or not JSON cannot be graded: the reason names the file and what the
learner should do. A notebook saved in the old nbformat 3 is converted. A notebook whose nbgrader
metadata another editor stripped (answers intact) is matched to the released notebook by content,
so honest work is graded instead of zeroed as stock nbgrader does. The original file is kept, and
what was repaired is remembered with the repaired files' hash, so a rerun (which finds nothing left
to repair) still reports it. A note or reason that quotes the notebook quotes it through
`untrusted.shown`: a learner's text never reaches the instructor's terminal raw.
"""
from __future__ import annotations

import difflib
import json
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import nbformat
from nbgrader.api import MissingEntry

from curriculum.instructor.course import Course
from curriculum.instructor.grading import records
from curriculum.instructor.grading.learner_html import neutralise_html
from curriculum.instructor.untrusted import shown

HUGE_OUTPUT_BYTES = 5_000_000


class Unreadable(Exception):
    """The file cannot be graded; the message names it and says why."""


@dataclass
class IntakeResult:
    notes: list[str] = field(default_factory=list)


#: Read no further: a course notebook with every output is a few MB; JSON parsing costs several copies.
MAX_NOTEBOOK_BYTES = 200_000_000


def _load(path: Path) -> dict:
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        raise Unreadable(f"{path.name} is {size / 1e6:,.0f} MB, far larger than any notebook of this course "
                         f"(the limit is {MAX_NOTEBOOK_BYTES // 1_000_000} MB): ask the learner to clear "
                         "all outputs (Edit > Clear Outputs of All Cells), save and submit again")
    data = path.read_bytes()
    if not data.strip():
        raise Unreadable(f"{path.name} is empty (0 bytes of notebook): ask the learner to save and submit again")
    if b"\x00" in data[:4096]:
        raise Unreadable(f"{path.name} is a binary file, not a notebook: ask the learner to submit the .ipynb file")
    try:
        content = json.loads(data.decode("utf-8", errors="strict"))
    except UnicodeDecodeError:
        raise Unreadable(f"{path.name} is not UTF-8 text, so not a notebook: ask the learner to submit the .ipynb file")
    except json.JSONDecodeError as exc:
        raise Unreadable(f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                         f"{exc.msg}); it was probably cut off or edited by hand: ask the learner to resubmit")
    if not isinstance(content, dict) or "cells" not in content and "worksheets" not in content:
        raise Unreadable(f"{path.name} is JSON but not a notebook (it has no cells)")
    return content


@lru_cache(maxsize=32)
def _released(path: str, mtime: float):
    return nbformat.read(path, as_version=4)


def _graded_ids(nb) -> set[str]:
    return {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells} - {None}


def restore_metadata(submitted, released) -> int:
    """Give the submission's cells the released cells' nbgrader metadata, matched by content.

    Locked cells (setup, tasks, test cells) match on identical source; an answer cell matches the
    unmatched cell of the same type in the same place between two matched cells. Returns how many
    cells got metadata back.
    """
    key = lambda cell: (cell.cell_type, cell.source.strip())  # noqa: E731
    sub, rel = [key(c) for c in submitted.cells], [key(c) for c in released.cells]
    matcher = difflib.SequenceMatcher(a=rel, b=sub, autojunk=False)
    restored = 0

    def give(release_cell, cell):
        nonlocal restored
        if "nbgrader" in release_cell.metadata and "nbgrader" not in cell.metadata:
            cell.metadata["nbgrader"] = json.loads(json.dumps(release_cell.metadata["nbgrader"]))
            restored += 1

    for tag, r1, r2, s1, s2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(r1, r2), range(s1, s2)):
                give(released.cells[i], submitted.cells[j])
        elif tag == "replace":  # answers the learner wrote: pair cells of the same type in order
            pending = [j for j in range(s1, s2)]
            for i in range(r1, r2):
                rcell = released.cells[i]
                if not rcell.metadata.get("nbgrader", {}).get("solution"):
                    continue
                for j in pending:
                    if submitted.cells[j].cell_type == rcell.cell_type:
                        give(rcell, submitted.cells[j])
                        pending.remove(j)
                        break
    return restored


_DUE: dict[tuple[str, str], object] = {}


def forget_due_dates() -> None:
    """Read the due dates again: each grading run starts from the gradebook's."""
    _DUE.clear()


def due_date(course: Course, module: str):
    """The module's due date (None when it has none or is not released), read once per grading run
    (a gradebook connection is slow); `forget_due_dates()` starts a run afresh."""
    key = (course.db_url, module)
    if key not in _DUE:
        if course.sqlite_path is not None and not course.sqlite_path.exists():
            return None  # nothing released yet: never create a gradebook just to look
        with course.gradebook() as gb:
            try:
                _DUE[key] = gb.find_assignment(module).duedate
            except MissingEntry:
                _DUE[key] = None
    return _DUE[key]


def _lateness(course: Course, module: str, folder: Path) -> str:
    """"late: x.ipynb submitted 2.0 h after the due date", or "" (nbgrader applies any penalty)."""
    from nbgrader.utils import parse_utc

    stamp_file = folder / "timestamp.txt"
    if not stamp_file.exists():
        return ""
    try:
        due = due_date(course, module)
        if due is None:
            return ""
        late = parse_utc(stamp_file.read_text().strip()) - parse_utc(due)
    except Exception:  # noqa: BLE001 - an unreadable timestamp is nbgrader's to report
        return ""
    hours = late.total_seconds() / 3600
    names = ", ".join(sorted(p.name for p in folder.glob("*.ipynb"))) or "the submission"
    return f"late: {names} submitted {hours:.1f} h after the due date" if hours > 0 else ""


def _neutralise_markdown(nb) -> int:
    """Show raw HTML in the notebook's markdown cells as text (learner_html.py); return how many changed."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            safe = neutralise_html(cell.source)
            if safe != cell.source:
                cell.source, count = safe, count + 1
    return count


def check(course: Course, module: str, student: str) -> IntakeResult:
    """Validate (and, where honest, repair) every notebook of one submission before grading."""
    result = IntakeResult()
    folder = course.path("submitted", student, module)
    keep = records.side_path(course, module, student, "originals")
    late = _lateness(course, module, folder)
    repaired = False
    for path in sorted(folder.glob("*.ipynb")):
        content = _load(path)
        released_path = course.path("release", module, path.name)
        changed = False
        try:
            nb = nbformat.reads(json.dumps(content), as_version=4)
        except Exception as exc:  # noqa: BLE001 - nbformat's own reading errors
            raise Unreadable(f"{path.name} could not be read as a notebook: {type(exc).__name__}: "
                             f"{shown(exc, limit=300)}")  # nbformat's message may quote the notebook
        if content.get("nbformat", 4) < 4:
            result.notes.append(f"{path.name} was saved in nbformat {shown(content.get('nbformat'))}; converted to 4")
            changed = True
        if released_path.exists():
            released = _released(str(released_path), released_path.stat().st_mtime)
            expected = _graded_ids(released)
            if len(_graded_ids(nb) & expected) < len(expected) / 2:
                restored = restore_metadata(nb, released)
                if restored:
                    result.notes.append(f"{path.name} had lost its grading metadata (saved by another "
                                        f"editor?); {restored} cells were matched to the release by content")
                    changed = True
        shown_as_text = _neutralise_markdown(nb)
        if shown_as_text:
            result.notes.append(f"{path.name}: raw HTML in {shown_as_text} markdown cell(s) is shown as text, "
                                "never run in a grader's browser")
            changed = True
        size = sum(len(json.dumps(c.get("outputs", []))) for c in nb.cells if c.cell_type == "code")
        if size > HUGE_OUTPUT_BYTES:
            result.notes.append(f"{path.name} carried {size / 1e6:.0f} MB of saved outputs; they were cleared")
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
            changed = True
        if changed:
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, keep / path.name)
            tmp = path.with_name(f".{path.name}.repaired")
            nbformat.write(nb, tmp)
            tmp.replace(path)  # atomic: a kill never leaves a half-written submission
            repaired = True
    files_hash = records.submission_hash(course, module, student)
    if repaired:
        records.write_intake_notes(course, module, student, result.notes, files_hash)
    else:
        result.notes = records.read_intake_notes(course, module, student, files_hash) or result.notes
    if late:
        result.notes.insert(0, late)
    return result
