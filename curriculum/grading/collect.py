"""Collect submissions from a folder or an LMS zip into nbgrader's submitted/ layout.

File names follow the LMS pattern ``<student>_<YYYY-MM-DD-HH-MM-SS>_<notebook>.ipynb`` (or a folder
per student holding ``<notebook>.ipynb``). Timestamps are parsed with an explicit format: stock
zip_collect hands ``2025-01-11-09-30-45`` to dateutil and gets a wrong time or an error. Any file
that cannot be matched to a student and a notebook is reported by name and set aside (keeping its
folder, so two files of the same name never overwrite each other), never dropped: that includes a bad
timestamp and a zip entry that tries to escape with ``../``. A module id is never taken as a student.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from nbgrader.plugins.zipcollect import FileNameCollectorPlugin
from nbgrader.utils import parse_utc

from ..course import Course
from . import records

# Non-greedy student id: "j_smith_<stamp>_nb" is j_smith, the id stops at the first _<timestamp>_.
LMS_PATTERN = (r"^(?P<student_id>[A-Za-z0-9][A-Za-z0-9._\-]*?)_"
               r"(?P<timestamp>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})_(?P<file_id>.+)\.ipynb$")
TIMESTAMP_FORMAT = "%Y-%m-%d-%H-%M-%S"
NO_TIME = datetime.min.replace(tzinfo=timezone.utc)  # a copy without timestamp loses to any dated one
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
REFUSED_DIR = "refused-zip-entries"  # where escaping zip entries are kept, under a path made safe
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
        """{"student_id", "file_id", "timestamp"} for an LMS file name; raises ValueError on a bad date."""
        found = super().collect(Path(submitted_file).name)
        if found and found.get("timestamp"):
            found["timestamp"] = parse_lms_timestamp(found["timestamp"])
        return found


@dataclass
class CollectReport:
    """What collect did with each file: collected, set aside (with why), superseded or renamed."""

    collected: list[tuple[str, str, datetime | None]] = field(default_factory=list)
    set_aside: list[tuple[str, str]] = field(default_factory=list)  # (path in the source, reason)
    superseded: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (file name, notebook it was taken as)

    def lines(self, module: str) -> list[str]:
        """What `curriculum collect` prints: the count, then every rename, superseded and set-aside file."""
        return ([f"collected {len(self.collected)} notebook(s) for {module}"]
                + [f"  renamed: {name} taken as {taken_as}" for name, taken_as in self.renamed]
                + [f"  superseded: {name} ({reason})" for name, reason in self.superseded]
                + [f"  set aside: {name}: {reason} -> submitted-set-aside/{module}/" for name, reason in self.set_aside])

    def hint(self, course: Course, module: str) -> str:
        """When nothing was collected: ': they look like module X: use -m X' if they are X's notebooks."""
        names = " ".join(name for name, _ in self.set_aside)
        for other in course.modules():
            if other != module and any(nb.stem in names for nb in course.path("release", other).glob("*.ipynb")):
                return f": they look like module {other}: use -m {other}"
        return ": check the folder or zip, and the module"


#: Under submitted-set-aside/<module>/: the copy that lost to a newer one from another collect.
SUPERSEDED_DIR = "superseded"


def _collected_at(target: Path) -> datetime | None:
    try:
        return parse_utc((target / "timestamp.txt").read_text().strip()).replace(tzinfo=timezone.utc)
    except (OSError, ValueError):
        return None


def _keep_newer(target: Path, notebook: str, file: Path, stamp: datetime | None,
                aside: Path) -> tuple[str, str] | None:
    """When an earlier collect left a copy, keep the newer one and set the other aside (never lost).

    Returns (name of the copy set aside, why), or None when there was nothing to decide.
    """
    existing = target / f"{notebook}.ipynb"
    if not existing.exists() or existing.read_bytes() == file.read_bytes():
        return None
    before = _collected_at(target)
    aside.mkdir(parents=True, exist_ok=True)
    if before is not None and stamp is not None and stamp < before:
        shutil.copy2(file, _free(aside / file.name))
        return file.name, f"older than the copy already collected ({before:%Y-%m-%d %H:%M:%S})"
    label = f"{before:%Y-%m-%d-%H-%M-%S}" if before else "undated"
    shutil.copy2(existing, _free(aside / f"{notebook}.{label}.ipynb"))
    return f"{notebook}.ipynb collected earlier ({label})", f"replaced by the newer {file.name}"


class NotASubmissionSource(ValueError):
    """The path given to collect is neither a folder nor a readable zip file."""


def _free(target: Path) -> Path:
    """`target`, or "name (2).ext" etc. if taken: `bob\\nb` and `bob/nb` (or a repeated entry) both survive."""
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{target.stem.rsplit(' (', 1)[0]} ({n}){target.suffix}")
    return target


def _extract(path: Path, workdir: Path, refused_dir: Path, order: list[Path]) -> list[tuple[str, Path, str]]:
    """Unpack a zip into `workdir`, reading Windows `\\` as `/` (zipfile keeps it literal on POSIX).

    Entries that would escape (``..``, absolute, ``C:``) go to `refused_dir` under a path made safe,
    so they can be set aside rather than lost; returns (entry, path in refused_dir, reason) for them.
    `order` receives the extracted files in the zip's order, so a repeated entry's last copy wins.
    Any failure to read (password, unknown compression, corruption) is one NotASubmissionSource.
    """
    refused = []
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                name = member.filename.replace("\\", "/")
                parts = [p for p in name.split("/") if p not in ("", ".")]
                if not parts or name.endswith("/"):
                    continue  # a folder entry: folders are made as files need them
                escapes = name.startswith("/") or ".." in parts or re.match(r"^[A-Za-z]:", name)
                if escapes:
                    kept = [p for p in parts if p != ".." and not re.match(r"^[A-Za-z]:$", p)] or ["entry"]
                    target = _free(refused_dir.joinpath(*kept))
                    refused.append((member.filename, target.relative_to(refused_dir), "the zip entry points "
                                    "outside the archive (../ or an absolute path): kept under " + REFUSED_DIR))
                else:
                    target = _free(workdir.joinpath(*parts))
                    order.append(target)
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise NotASubmissionSource(f"{path} is not a readable zip file ({exc})") from exc
    return refused


def _unwrap(base: Path, modules: set[str]) -> Path:
    """Zipping a folder of students puts one wrapper folder around them (`export/alice/...`,
    `export/bob/...`): look inside it. A single chain (`carol/old/...`) is not unwrapped, since it
    may be one learner's own subfolder; `_who` sets that aside rather than guess."""
    entries = [p for p in base.iterdir() if p.name != "__MACOSX"]
    if len(entries) == 1 and entries[0].is_dir() and entries[0].name not in modules:
        inner = [p for p in entries[0].iterdir() if p.is_dir() and p.name not in modules | {"__MACOSX"}]
        if len(inner) >= 2:
            return _unwrap(entries[0], modules)
    return base


def _who(file: Path, base: Path, plugin: LmsFileNameCollector, modules: set[str]):
    """(student, notebook, timestamp) for a file, or (None, reason, None) when it cannot be told."""
    try:
        match = plugin.collect(str(file))
    except ValueError:
        stamp = re.search(r"_(\d{4}(?:-\d{2}){5})_", file.name)
        return None, f"timestamp {stamp.group(1) if stamp else '?'} is not a valid date and time", None
    if match:
        if match["student_id"] in modules:
            return None, f"{match['student_id']!r} is a module id, not a student id", None
        return match["student_id"], match["file_id"], match.get("timestamp")
    # Only <student>/[<module>/]<notebook>: deeper, a folder could be "old/" or a wrapper around the
    # students, and guessing would misattribute; set aside (kept), the instructor can say which.
    folders = [p for p in file.relative_to(base).parent.parts if p not in modules]
    if file.suffix == ".ipynb" and len(folders) > 1:
        return None, (f"nested too deep to tell the student ({'/'.join(folders)}/): expected "
                      "<student>/[<module>/]<notebook>.ipynb below the folder collected"), None
    if file.suffix == ".ipynb" and folders and STUDENT_ID.match(folders[0]):
        return folders[0], file.stem, None
    return None, "name does not match <student>_<YYYY-MM-DD-HH-MM-SS>_<notebook>.ipynb", None


def collect(course: Course, source: Path, module: str) -> CollectReport:
    """Copy each matched notebook to submitted/<student>/<module>/ with its timestamp.txt."""
    notebooks = {p.stem for p in course.path("release", module).glob("*.ipynb")}
    if not notebooks:
        raise FileNotFoundError(f"module {module} has no released notebooks: run `curriculum release {module}`")
    if not source.is_dir() and not (source.is_file() and zipfile.is_zipfile(source)):
        raise NotASubmissionSource(f"{source} is neither a folder nor a zip file")
    report = CollectReport()
    chosen: dict[tuple[str, str], tuple[Path, datetime | None]] = {}
    notes: dict[str, list[str]] = {}
    plugin = LmsFileNameCollector()
    modules = set(course.modules()) | {module}
    set_aside_dir = course.path("submitted-set-aside", module)

    def set_aside(file: Path, base: Path, reason: str, shown: str | None = None, under: str = "") -> None:
        relative = Path(under) / file.relative_to(base)  # the folder is kept: no two overwrite each other
        report.set_aside.append((shown or relative.as_posix(), reason))
        (set_aside_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(file, set_aside_dir / relative)

    with tempfile.TemporaryDirectory() as tmp:
        base = source if source.is_dir() else Path(tmp, "files")
        order: list[Path] = []
        if not source.is_dir():
            for entry, safe, reason in _extract(source, base, Path(tmp, "refused"), order):
                set_aside(Path(tmp, "refused", safe), Path(tmp, "refused"), reason, entry, REFUSED_DIR)
        base = _unwrap(base, modules) if base.is_dir() else base
        files = [p for p in order if base in p.parents] if order else sorted(base.rglob("*"))
        files = [p for p in files if p.is_file() and "__MACOSX" not in p.parts]
        for file in files:
            student, notebook, stamp = _who(file, base, plugin, modules)
            if student is None:
                set_aside(file, base, notebook)
                continue
            if match_notebook(notebook, notebooks) not in (None, notebook):
                report.renamed.append((file.name, f"{match_notebook(notebook, notebooks)}.ipynb"))
                notes.setdefault(student, []).append(
                    f"{file.name} was taken as {match_notebook(notebook, notebooks)}.ipynb")
                notebook = match_notebook(notebook, notebooks)
            if notebook not in notebooks:
                set_aside(file, base, f"no notebook {notebook!r} in module {module}")
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
            kept = _keep_newer(target, notebook, file, stamp, set_aside_dir / SUPERSEDED_DIR / student)
            if kept:
                report.superseded.append(kept)
                notes.setdefault(student, []).append(f"{kept[0]} superseded: {kept[1]}")
                if kept[0] == file.name:
                    continue
            shutil.copy2(file, target / f"{notebook}.ipynb")
            if stamp is not None:
                (target / "timestamp.txt").write_text(stamp.strftime("%Y-%m-%d %H:%M:%S.%f %Z"))
            elif (target / "timestamp.txt").exists():  # an earlier collect's date would judge lateness
                (target / "timestamp.txt").unlink()
                notes.setdefault(student, []).append(
                    f"{file.name} has no timestamp: removed the earlier submission's timestamp.txt")
            report.collected.append((student, notebook, stamp))
    with course.gradebook() as gb:
        for student in sorted({s for s, _, _ in report.collected}):
            gb.update_or_create_student(student)
            records.write_collect_notes(course, module, student, notes.get(student, []))
    return report
