"""One small JSON record per submission: its grading state (queued, running, graded, failed) and why.

nbgrader's gradebook stores scores but not why a submission could not be graded; the export needs
to tell "failed to grade" apart from "not submitted", and a rerun needs to know what is done.
Records live in autograded/.records/, where nbgrader's own globbing (autograded/*/<module>) never
sees them.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from curriculum.instructor.course import Course

#: The states a submission goes through; only the last two are finished.
STATES = ("queued", "running", "graded", "failed")


@dataclass
class Record:
    """Where one learner's submission of one module stands, keyed on what was graded and by what."""

    student: str
    module: str
    status: str  # one of STATES
    reason: str = ""
    seconds: float = 0.0
    submission_hash: str = ""  # what was graded ...
    grader_version: str = ""  # ... and by which grader: a rerun skips a record that matches both
    retry: bool = False  # failed because of the grading machinery, not the submission: rerun it
    tries: int = 0  # runs in a row that the machinery failed this submission (retries stop at a cap)
    graded_hash: str = ""  # the submission (and written answers' points) last graded in full, kept through later runs
    gradebook_mark: str = ""  # what the gradebook held once graded (gradebook_marks.py): trusted only with it

    @property
    def finished(self) -> bool:
        return self.status in ("graded", "failed") and not self.retry


def digest(paths: list[Path]) -> str:
    """A short sha256 over the names and bytes of `paths`, in a stable order."""
    h = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            h.update(str(path.name).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def submission_hash(course: Course, module: str, student: str) -> str:
    """The hash of what a learner handed in for a module (after collect, as grading reads it)."""
    folder = course.path("submitted", student, module)
    return digest([p for p in folder.rglob("*") if p.is_file()])


def side_name(student: str, what: str) -> str:
    """The name of a learner's side file (collect and intake notes, originals) beside the records.

    `@` never occurs in a learner id (collect_names.STUDENT_ID), so no learner's record can share a
    name with another learner's side file (as `j.smith.collect.json` once could).
    """
    return f"{student}@{what}"


def side_path(course: Course, module: str, student: str, what: str) -> Path:
    """Where a learner's side file is; one that a course kept under the old name
    (`<student>.<what>`, before `@`) is still read, when its content is of that kind."""
    new = course.path("autograded", ".records", module, side_name(student, what))
    old = new.with_name(f"{student}.{what}")
    if new.exists() or not old.exists():
        return new
    if what == "originals":
        return old if old.is_dir() else new
    try:
        data = json.loads(old.read_text())
    except (OSError, ValueError):
        return new
    kind_of = {"collect.json": list, "intake.json": dict}
    return old if isinstance(data, kind_of.get(what, ())) and "status" not in data else new


def path(course: Course, module: str, student: str) -> Path:
    """The record's file."""
    return course.path("autograded", ".records", module, f"{student}.json")


def write(course: Course, record: Record) -> None:
    """Write atomically, so a crash never leaves a half-written record."""
    path_ = path(course, record.module, record.student)
    write_json(path_, asdict(record))


def write_json(target: Path, data) -> None:
    """Write JSON atomically (see write_whole)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    write_whole(target, json.dumps(data).encode())


def write_whole(target: Path, data: bytes, spare: Path | None = None) -> None:
    """Write a temporary file in `spare` (default: beside `target`) and rename it over `target`: a
    full disk, a Ctrl-C or a kill leaves the old file or the new one, never a fragment of it."""
    fd, tmp = tempfile.mkstemp(dir=spare or target.parent, prefix=".writing-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # as an ordinary file (mkstemp makes it private to this user)
        os.replace(tmp, target)
    except BaseException:  # the old file stays, and no fragment beside it
        Path(tmp).unlink(missing_ok=True)
        raise


def read(course: Course, module: str, student: str) -> Record | None:
    """The record, or None when there is none or it cannot be read (which means: not done)."""
    path_ = path(course, module, student)
    if not path_.exists():
        return None
    try:
        data = json.loads(path_.read_text())
        return Record(**{k: v for k, v in data.items() if k in Record.__dataclass_fields__})
    except (OSError, ValueError, TypeError, AttributeError):  # AttributeError: not a JSON object
        return None  # unreadable means not done


def _collect_path(course: Course, module: str, student: str) -> Path:
    return side_path(course, module, student, "collect.json")


def write_collect_notes(course: Course, module: str, student: str, notes: list[str]) -> None:
    """What collecting did to this learner's files (renamed, superseded); replaced at each collect."""
    write_json(_collect_path(course, module, student), notes)


def read_collect_notes(course: Course, module: str, student: str) -> list[str]:
    """The notes of the last collect for this learner and module (none if it wrote none)."""
    try:
        notes = json.loads(_collect_path(course, module, student).read_text())
    except (OSError, ValueError):
        return []
    return [str(n) for n in notes] if isinstance(notes, list) else []


def _intake_path(course: Course, module: str, student: str) -> Path:
    return side_path(course, module, student, "intake.json")


def write_intake_notes(course: Course, module: str, student: str, notes: list[str], files_hash: str) -> None:
    """What intake repaired, tied to the hash of the files it left (a rerun finds nothing to repair)."""
    write_json(_intake_path(course, module, student), {"hash": files_hash, "notes": list(notes)})


def read_intake_notes(course: Course, module: str, student: str, files_hash: str) -> list[str]:
    """The repairs intake made to exactly these files, or none if the files changed since."""
    try:
        data = json.loads(_intake_path(course, module, student).read_text())
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("hash") != files_hash:
        return []
    return [str(n) for n in data.get("notes", [])]
