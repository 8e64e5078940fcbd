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
    status: str  # graded | failed
    reason: str = ""
    seconds: float = 0.0


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
    return Record(**json.loads(path.read_text()))
