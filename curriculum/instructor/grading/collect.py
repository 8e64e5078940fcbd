"""Collect submissions from a folder or an LMS zip into nbgrader's submitted/ layout.

How a file is matched to a learner and a notebook (and why not) is in collect_names. Any file that
cannot be matched is reported by name and set aside (keeping its folder, so two files of the same
name never overwrite each other), never dropped: that includes a bad timestamp and a zip entry that
tries to escape with ``../``. A module id is never taken as a student. Of several copies of one
learner's notebook the newest is kept and every other one goes to superseded/ under one name, once:
collecting the same zip again changes nothing. When nothing matches the module, nothing is written.
"""
from __future__ import annotations

import errno
import re
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from nbgrader.utils import parse_utc

from curriculum.instructor.course import Course
from curriculum.instructor.grading import records
from curriculum.instructor.grading.collect_names import (
    ANY_ID,
    LmsFileNameCollector,
    copy_name,
    identify,
    match_notebook,
    module_of,
)

NO_TIME = datetime.min.replace(tzinfo=timezone.utc)  # a copy without timestamp loses to any dated one
REFUSED_DIR = "refused-zip-entries"  # where escaping or over-long zip entries are kept, under a safe name
DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EIO}  # this machine's, not the zip's


@dataclass
class CollectReport:
    """What collect did with each file: collected, unchanged, set aside (with why), superseded or renamed."""

    collected: list[tuple[str, str, datetime | None]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)  # (student, notebook): kept copy stays as it is
    set_aside: list[tuple[str, str]] = field(default_factory=list)  # (path in the source, reason)
    superseded: list[tuple[str, str]] = field(default_factory=list)  # (copy that lost, note naming the learner)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (file name, notebook it was taken as)
    elsewhere: list[str] = field(default_factory=list)  # the module each notebook of another module belongs to

    @property
    def matched(self) -> bool:
        """Whether any file was a notebook of the module; when none was, collect wrote nothing."""
        return bool(self.collected or self.unchanged)

    def lines(self, module: str) -> list[str]:
        """What `curriculum collect` prints: the counts, then every rename, superseded and set-aside file."""
        if not self.matched:
            return ([f"nothing collected for {module}: the course is unchanged"]
                    + [f"  not collected: {name}: {reason}" for name, reason in self.set_aside])
        head = f"collected {len(self.collected)} notebook(s) for {module}" if self.collected else "nothing new"
        if self.unchanged:
            head += f"{'; ' if self.collected else f' for {module}: '}{len(self.unchanged)} unchanged " \
                    "(already collected as they are)"
        return ([head]
                + [f"  renamed: {name} taken as {taken_as}" for name, taken_as in self.renamed]
                + [f"  superseded: {note}" for _, note in self.superseded]
                + [f"  set aside: {name}: {reason} -> submitted-set-aside/{module}/"
                   for name, reason in self.set_aside])

    def hint(self, course: Course, module: str) -> str:
        """When nothing was collected: ': they look like module X: use -m X' if they are X's notebooks."""
        names = " ".join(name for name, _ in self.set_aside)
        others = self.elsewhere or [other for other in course.modules() if other != module and any(
            nb.stem in names for nb in course.path("release", other).glob("*.ipynb"))]
        if others:
            other = max(others, key=others.count)
            return f": they look like module {other}: use -m {other}"
        return ": check the folder or zip, and the module"


#: Under submitted-set-aside/<module>/: every copy of a learner's notebook that lost to a newer one.
SUPERSEDED_DIR = "superseded"
DAMAGED = "{} is a damaged or incomplete zip file (the download may have been cut off): download it again"


class NotASubmissionSource(ValueError):
    """The path given to collect is not a folder or a readable zip file; the message says what to do."""


def _check_source(source: Path, modules: set[str]) -> None:
    """Say what the path is when it cannot be collected: one notebook, a damaged zip, something else."""
    if source.is_dir() or zipfile.is_zipfile(source):
        return
    if source.suffix == ".ipynb":
        holder = source.parent if ANY_ID.match(source.name) else source.parent.parent  # above <student>/
        if not ANY_ID.match(source.name) and source.parent.name in modules:
            holder = holder.parent  # above <student>/<module>/
        raise NotASubmissionSource(f"{source} is one notebook, not a folder or a zip: collect the folder that "
                                   f"holds it ({holder}) or a zip of the submissions")
    try:
        with open(source, "rb") as fh:
            head = fh.read(2)
    except OSError:
        head = b""
    if source.suffix.lower() == ".zip" or head == b"PK":
        raise NotASubmissionSource(DAMAGED.format(source))
    raise NotASubmissionSource(f"{source} is neither a folder nor a zip file")


def _free(target: Path, data: bytes | None = None) -> Path | None:
    """`target`, or "name (2).ext" etc. if taken: `bob\\nb` and `bob/nb` (or a repeated entry) both
    survive. Given the bytes to store, None when a file of that name already holds them."""
    n = 1
    while target.exists():
        if data is not None and _same(target, data):
            return None
        n += 1
        target = target.with_name(f"{target.stem.rsplit(' (', 1)[0]} ({n}){target.suffix}")
    return target


def _extract(path: Path, workdir: Path, refused_dir: Path, order: list[Path]) -> list[tuple[str, Path, str]]:
    """Unpack a zip into `workdir`, reading Windows `\\` as `/` (zipfile keeps it literal on POSIX).

    Entries that would escape (``..``, absolute, ``C:``) go to `refused_dir` under a path made safe,
    so they can be set aside rather than lost; returns (entry, path in refused_dir, reason) for them.
    `order` receives the extracted files in the zip's order, so a repeated entry's last copy wins.
    Any failure to read (password, unknown compression, corruption) is one NotASubmissionSource
    that says what to do (zipfile's own messages name a ZipInfo or a CRC).
    """
    refused = []
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(path) as archive:
            if any(member.flag_bits & 0x1 for member in archive.infolist()):
                raise NotASubmissionSource(f"{path} is password-protected: download it again without a password, "
                                           "or unzip it yourself and collect the folder")
            for index, member in enumerate(archive.infolist()):
                name = member.filename.replace("\\", "/")
                parts = [p for p in name.split("/") if p not in ("", ".")]
                if not parts or name.endswith("/"):
                    continue  # a folder entry: folders are made as files need them
                escapes = name.startswith("/") or ".." in parts or re.match(r"^[A-Za-z]:", name)
                too_long = any(len(p.encode()) > 255 for p in parts)  # more than a file system takes
                if too_long:
                    target = _free(refused_dir / f"entry-{index + 1}{Path(parts[-1][-20:]).suffix}")
                    refused.append((member.filename, target.relative_to(refused_dir), "the name is too long for "
                                    f"a file system (over 255 bytes): kept as {REFUSED_DIR}/{target.name}"))
                elif escapes:
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
    except NotImplementedError as exc:
        raise NotASubmissionSource(f"{path} uses a compression method collect cannot read ({exc}): unzip it "
                                   "with your system's tool and collect the folder") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise NotASubmissionSource(f"{DAMAGED.format(path)} ({exc})") from exc
    except (OSError, RuntimeError) as exc:
        if isinstance(exc, OSError) and exc.errno in DISK_ERRORS:  # this machine's disk, not the zip: stop
            raise
        raise NotASubmissionSource(f"{path} is not a readable zip file ({exc})") from exc
    return refused


def _unwrap(base: Path, modules: set[str]) -> Path:
    """Zipping a folder of students puts one wrapper folder around them (`export/alice/...`,
    `export/bob/...`): look inside it. A single chain (`carol/old/...`) is not unwrapped, since it
    may be one learner's own subfolder; `identify` sets that aside rather than guess."""
    entries = [p for p in base.iterdir() if p.name != "__MACOSX"]
    if len(entries) == 1 and entries[0].is_dir() and entries[0].name not in modules:
        inner = [p for p in entries[0].iterdir() if p.is_dir() and p.name not in modules | {"__MACOSX"}]
        if len(inner) >= 2:
            return _unwrap(entries[0], modules)
    return base


def _collected_at(target: Path) -> datetime | None:
    try:
        return parse_utc((target / "timestamp.txt").read_text().strip()).replace(tzinfo=timezone.utc)
    except (OSError, ValueError):
        return None


def _same(path: Path, data: bytes) -> bool:
    return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data


def _shelve(shelf: Path, name: str, copy: Path, kept: bytes) -> bool:
    """Keep `copy` in superseded/ as `name` unless it is the kept copy or already there; True if stored."""
    data = copy.read_bytes()
    if data == kept or shelf.is_dir() and any(_same(p, data) for p in shelf.iterdir()):
        return False
    shelf.mkdir(parents=True, exist_ok=True)
    shutil.copy2(copy, _free(shelf / name))
    return True


def _place(course: Course, module: str, key: tuple[str, str], copies: list[tuple[Path, datetime | None]],
           renamed: list[str], report: CollectReport, notes: dict[str, list[str]]) -> None:
    """Keep the newest of a learner's copies of one notebook, this collect's or the one already in
    submitted/; every other copy goes to superseded/ once. A copy identical to the kept one (or to
    the original that intake repaired in place) changes nothing, so a re-collect is silent."""
    student, notebook = key
    ordered = [c for _, c in sorted(enumerate(copies), key=lambda c: (c[1][1] or NO_TIME, c[0]))]  # ties: last wins
    (file, stamp), losers = ordered[-1], ordered[:-1]
    target = course.path("submitted", student, module)
    kept, before, data = target / f"{notebook}.ipynb", _collected_at(target), file.read_bytes()
    shelf = course.path("submitted-set-aside", module, SUPERSEDED_DIR, student)
    where = f"submitted-set-aside/{module}/{SUPERSEDED_DIR}/{student}/"
    original = records.side_path(course, module, student, "originals") / kept.name  # see intake.check
    same = kept.exists() and (_same(kept, data) or before == stamp and _same(original, data))
    events, stored, written = [], False, False
    if kept.exists() and not same and before and stamp and stamp < before:
        events.append((file.name, f"{student}: {file.name} is older than the copy already collected "
                                  f"({before:%Y-%m-%d %H:%M:%S}), which is kept; the older copy is in {where}"))
        stored = _shelve(shelf, copy_name(student, stamp, notebook), file, kept.read_bytes())
    elif not same or stamp and (before is None or stamp < before):  # new, newer, or the same file dated earlier
        if kept.exists() and not same:
            stored = _shelve(shelf, copy_name(student, before, notebook), kept, data)
            when = f"{before:%Y-%m-%d %H:%M:%S}" if before else "no date"
            events.append((copy_name(student, before, notebook), f"{student}: {file.name} replaced the copy "
                           f"collected earlier ({when}); the older copy is in {where}"))
        target.mkdir(parents=True, exist_ok=True)
        records.write_whole(kept, data, spare=target.parent)  # a kill -9's leftover stays out of grading
        written = True
        if stamp is not None:
            records.write_whole(target / "timestamp.txt", stamp.strftime("%Y-%m-%d %H:%M:%S.%f %Z").encode(),
                                spare=target.parent)
        elif (target / "timestamp.txt").exists():  # an earlier collect's date would judge lateness
            (target / "timestamp.txt").unlink()
            notes.setdefault(student, []).append(
                f"{file.name} has no timestamp: removed the earlier submission's timestamp.txt")
    final = kept.read_bytes()
    for loser, when in losers:
        differs = loser.read_bytes() != final
        stored = _shelve(shelf, copy_name(student, when, notebook), loser, final) or stored
        events.append((loser.name, f"{student}: {file.name} replaced the older {loser.name}; " + (
            f"the older copy is in {where}" if differs else "the two are identical, so one copy is kept")))
    if written:
        report.collected.append((student, notebook, stamp))
    else:
        report.unchanged.append(key)
    if written or stored:
        report.renamed += [(name, kept.name) for name in renamed]
        report.superseded += events
        notes.setdefault(student, []).extend([f"{name} was taken as {kept.name}" for name in renamed]
                                             + [note for _, note in events])


def collect(course: Course, source: Path, module: str) -> CollectReport:
    """Copy each matched notebook to submitted/<student>/<module>/ with its timestamp.txt.

    When no file is a notebook of the module, nothing is written (the report says what would have
    been set aside), so a wrong -m or a wrong zip leaves the course as it was."""
    notebooks = {p.stem for p in course.path("release", module).glob("*.ipynb")}
    if not notebooks:
        raise FileNotFoundError(f"module {module} has no released notebooks: run `curriculum release {module}`")
    modules = set(course.modules()) | {module}
    _check_source(source, modules)
    others = {m: {p.stem for p in course.path("release", m).glob("*.ipynb")} for m in sorted(modules - {module})}
    report = CollectReport()
    found: dict[tuple[str, str], list[tuple[Path, datetime | None]]] = {}
    renamed: dict[tuple[str, str], list[str]] = {}
    aside: list[tuple[Path, Path]] = []  # (file, where under submitted-set-aside/<module>/: its folder is kept)
    plugin = LmsFileNameCollector()
    with tempfile.TemporaryDirectory() as tmp:
        base = source if source.is_dir() else Path(tmp, "files")
        order: list[Path] = []
        if not source.is_dir():
            for entry, safe, reason in _extract(source, base, Path(tmp, "refused"), order):
                aside.append((Path(tmp, "refused", safe), Path(REFUSED_DIR, safe)))
                report.set_aside.append((entry, reason))
        base = _unwrap(base, modules) if base.is_dir() else base
        files = [p for p in order if base in p.parents] if order else sorted(base.rglob("*"))
        for file in [p for p in files if p.is_file() and "__MACOSX" not in p.parts]:
            student, notebook, stamp = identify(file, base, plugin, modules, notebooks)
            taken = match_notebook(notebook, notebooks) if student else None
            if student and taken is None:
                other = module_of(notebook, others)
                report.elsewhere += [other] if other else []
                notebook = f"no notebook {notebook!r} in module {module}" + (
                    f": it belongs to {other}: collect it with -m {other}" if other else "")
            if student is None or taken is None:
                aside.append((file, file.relative_to(base)))
                report.set_aside.append((file.relative_to(base).as_posix(), notebook))
                continue
            if taken != notebook:
                renamed.setdefault((student, taken), []).append(file.name)
            found.setdefault((student, taken), []).append((file, stamp))
        if not found:
            return report  # nothing is this module's: write nothing; the command says so, with a hint
        set_aside_dir = course.path("submitted-set-aside", module)
        for file, relative in aside:  # an earlier collect's file of the same name is kept too
            (set_aside_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            target = _free(set_aside_dir / relative, file.read_bytes())
            if target is not None:
                shutil.copy2(file, target)
        notes: dict[str, list[str]] = {}
        with course.gradebook() as gb:  # each learner is complete once placed: an interruption loses none
            for key in sorted(found):
                before = len(report.collected)
                _place(course, module, key, found[key], renamed.get(key, []), report, notes)
                if len(report.collected) > before:
                    gb.update_or_create_student(key[0])
                    records.write_collect_notes(course, module, key[0], notes.get(key[0], []))
    return report
