"""Collect submissions from a folder or an LMS zip into nbgrader's submitted/ layout.

File names follow the LMS pattern ``<student>_<YYYY-MM-DD-HH-MM-SS>_<notebook>.ipynb`` (or a folder
per student holding ``<notebook>.ipynb``). Timestamps are parsed with an explicit format: stock
zip_collect hands ``2025-01-11-09-30-45`` to dateutil and gets a wrong time or an error. Any file
that cannot be matched to a student and a notebook is reported by name and set aside, never dropped.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from nbgrader.plugins.zipcollect import FileNameCollectorPlugin

from ..course import Course
from . import records

LMS_PATTERN = (r"^(?P<student_id>[A-Za-z0-9][A-Za-z0-9.\-]*)_"
               r"(?P<timestamp>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})_(?P<file_id>.+)\.ipynb$")
TIMESTAMP_FORMAT = "%Y-%m-%d-%H-%M-%S"
NO_TIME = datetime.min.replace(tzinfo=timezone.utc)  # a copy without timestamp loses to any dated one
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")
#: What browsers, file managers and LMSs do to a downloaded file's name: "nb (1)", "Copy of nb", "nb-2".
RENAMES = [re.compile(p, re.I) for p in (r"\s*\(\d+\)$", r"^copy of\s+", r"\s*-?\s*copy(\s*\d+)?$",
                                         r"[-_ ]\d{1,2}$", r"\s+$")]


def match_notebook(name: str, notebooks: set[str]) -> str | None:
    """The released notebook a file name means, forgiving the usual renames; None if none."""
    if name in notebooks:
        return name
    candidate = name
    for _ in range(3):
        for pattern in RENAMES:
            candidate = pattern.sub("", candidate)
        if candidate in notebooks:
            return candidate
    return None


def parse_lms_timestamp(text: str) -> datetime:
    """'2025-01-11-09-30-45' -> 2025-01-11 09:30:45 UTC (explicit format, no guessing)."""
    return datetime.strptime(text, TIMESTAMP_FORMAT).replace(tzinfo=timezone.utc)


class LmsFileNameCollector(FileNameCollectorPlugin):
    """nbgrader's collector plugin with the LMS pattern and an exact timestamp parser."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.named_regexp = LMS_PATTERN

    def collect(self, submitted_file: str):
        found = super().collect(Path(submitted_file).name)
        if found and found.get("timestamp"):
            found["timestamp"] = parse_lms_timestamp(found["timestamp"])
        return found


@dataclass
class CollectReport:
    collected: list[tuple[str, str, datetime | None]] = field(default_factory=list)
    set_aside: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    superseded: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (file name, notebook it was taken as)


def _candidates(path: Path, workdir: Path) -> list[Path]:
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                target = (workdir / member.filename).resolve()
                if not str(target).startswith(str(workdir.resolve())):
                    continue  # a zip entry that tries to escape; reported below as unreadable
                archive.extract(member, workdir)
        root = workdir
    elif path.is_dir():
        root = path
    else:
        raise FileNotFoundError(f"{path} is neither a folder nor a zip file")
    return sorted(p for p in root.rglob("*") if p.is_file() and "__MACOSX" not in p.parts)


def collect(course: Course, source: Path, module: str) -> CollectReport:
    """Copy each matched notebook to submitted/<student>/<module>/ with its timestamp.txt."""
    notebooks = {p.stem for p in course.path("release", module).glob("*.ipynb")}
    if not notebooks:
        raise FileNotFoundError(f"module {module} has no released notebooks: run `curriculum release {module}`")
    report = CollectReport()
    chosen: dict[tuple[str, str], tuple[Path, datetime | None]] = {}
    notes: dict[str, list[str]] = {}
    plugin = LmsFileNameCollector()
    set_aside_dir = course.path("submitted-set-aside", module)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base = source if source.is_dir() else root
        for file in _candidates(source, root):
            match = plugin.collect(str(file))
            if match:
                student, notebook, stamp = match["student_id"], match["file_id"], match.get("timestamp")
            elif file.suffix == ".ipynb" and file.parent != base and STUDENT_ID.match(file.parent.name):
                student, notebook, stamp = file.parent.name, file.stem, None
            else:
                reason = "name does not match <student>_<YYYY-MM-DD-HH-MM-SS>_<notebook>.ipynb"
                report.set_aside.append((file.name, reason))
                set_aside_dir.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, set_aside_dir / file.name)
                continue
            if match_notebook(notebook, notebooks) not in (None, notebook):
                report.renamed.append((file.name, f"{match_notebook(notebook, notebooks)}.ipynb"))
                notes.setdefault(student, []).append(
                    f"{file.name} was taken as {match_notebook(notebook, notebooks)}.ipynb")
                notebook = match_notebook(notebook, notebooks)
            if notebook not in notebooks:
                report.set_aside.append((file.name, f"no notebook {notebook!r} in module {module}"))
                set_aside_dir.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, set_aside_dir / file.name)
                continue
            key = (student, notebook)
            if key in chosen:
                old_file, old_stamp = chosen[key]
                older, newer = (old_file, file) if (stamp or NO_TIME) >= (old_stamp or NO_TIME) else (file, old_file)
                report.superseded.append((older.name, f"newer submission {newer.name}"))
                notes.setdefault(student, []).append(f"{older.name} superseded by the newer {newer.name}")
                if newer is old_file:
                    continue
            chosen[key] = (file, stamp)
        for (student, notebook), (file, stamp) in sorted(chosen.items()):
            target = course.path("submitted", student, module)
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, target / f"{notebook}.ipynb")
            if stamp is not None:
                (target / "timestamp.txt").write_text(stamp.strftime("%Y-%m-%d %H:%M:%S.%f %Z"))
            report.collected.append((student, notebook, stamp))
    with course.gradebook() as gb:
        for student in sorted({s for s, _, _ in report.collected}):
            gb.update_or_create_student(student)
            records.write_collect_notes(course, module, student, notes.get(student, []))
    return report
