"""One small JSON record per graded submission: graded or failed, and why.

nbgrader's gradebook stores scores but not why a submission could not be graded; the export needs
to tell "failed to grade" apart from "not submitted". Records live in autograded/.records/, where
nbgrader's own globbing (autograded/*/<module>) never sees them.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from ..course import Course


@dataclass
class Record:
    student: str
    module: str
    status: str  # running | graded | failed
    reason: str = ""
    seconds: float = 0.0
    submission_hash: str = ""  # what was graded ...
    grader_version: str = ""  # ... and by which grader: a rerun skips a record that matches both


def _path(course: Course, module: str, student: str) -> Path:
    return course.path("autograded", ".records", module, f"{student}.json")


def write(course: Course, record: Record) -> None:
    """Write atomically, so a crash never leaves a half-written record."""
    path = _path(course, record.module, record.student)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as fh:
        json.dump(asdict(record), fh)
    os.replace(tmp, path)


def read(course: Course, module: str, student: str) -> Record | None:
    path = _path(course, module, student)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text())
        return Record(**{k: v for k, v in data.items() if k in Record.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return None  # unreadable means not done


def _events_path(root: Path, module: str, student: str) -> Path:
    return Path(root) / "autograded" / ".records" / module / f"{student}.events.json"


def write_events(root: Path, module: str, student: str, events: list[str]) -> None:
    """Add what grading had to do to a run (repaired cells, stopped the sandbox) to its events."""
    path = _events_path(root, module, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        events = json.loads(path.read_text()) + list(events)
    except (OSError, ValueError, TypeError):
        pass
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as fh:
        json.dump(list(events), fh)
    os.replace(tmp, path)


def take_events(course: Course, module: str, student: str) -> list[str]:
    """Read and remove the events of the last run (none if it wrote none)."""
    path = _events_path(course.root, module, student)
    try:
        events = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    path.unlink(missing_ok=True)
    return [str(e) for e in events] if isinstance(events, list) else []


def _collect_path(course: Course, module: str, student: str) -> Path:
    return course.path("autograded", ".records", module, f"{student}.collect.json")


def write_collect_notes(course: Course, module: str, student: str, notes: list[str]) -> None:
    """What collecting did to this learner's files (renamed, superseded); replaced at each collect."""
    path = _collect_path(course, module, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notes))


def read_collect_notes(course: Course, module: str, student: str) -> list[str]:
    try:
        notes = json.loads(_collect_path(course, module, student).read_text())
    except (OSError, ValueError):
        return []
    return [str(n) for n in notes] if isinstance(notes, list) else []
