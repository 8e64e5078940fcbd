"""Collect submissions from a folder or an LMS zip into nbgrader's submitted/ layout.

How a file is matched to a learner and a notebook (and why not) is in collect_names; how a zip is
unpacked, with its limits against a zip bomb, in collect_zip. Any file that cannot be matched is
reported by name and set aside (keeping its folder, so two files of the same name never overwrite
each other), never dropped: that includes a bad timestamp and a zip entry that tries to escape with
``../``. Every name a learner chose enters the report and the notes through `untrusted.shown`. A
module id is never taken as a student. Of several copies of one learner's notebook the newest is kept
and every other one goes to superseded/ under one name, once: collecting the same zip again changes
nothing. When nothing matches the module, nothing is written.
"""
from __future__ import annotations

import shutil
import tempfile
import zipfile
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
from curriculum.instructor.grading.collect_zip import DAMAGED, REFUSED_DIR, NotASubmissionSource, extract
from curriculum.instructor.grading.collect_zip import free as _free
from curriculum.instructor.grading.collect_zip import same as _same
from curriculum.instructor.untrusted import shown

NO_TIME = datetime.min.replace(tzinfo=timezone.utc)  # a copy without timestamp loses to any dated one


@dataclass
class CollectReport:
    """What collect did with each file: collected, unchanged, set aside (with why), superseded or renamed."""

    collected: list[tuple[str, str, datetime | None]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)  # (student, notebook): kept copy stays as it is
    set_aside: list[tuple[str, str]] = field(default_factory=list)  # (path in the source, reason)
    superseded: list[tuple[str, str]] = field(default_factory=list)  # (copy that lost, note naming the learner)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (file name, notebook it was taken as)
    elsewhere: list[str] = field(default_factory=list)  # the module each notebook of another module belongs to
    saved: Path | None = None  # exports/collect-<module>-<time>.txt, once written

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


def save_collect_report(course: Course, module: str, source: Path, lines: list[str]) -> Path:
    """Write what collect printed to exports/collect-<module>-<UTC time>.txt (`status` names the
    newest); the lines already show every learner-given name safely."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    path = course.path("exports", f"collect-{module}-{stamp}.txt")
    path.parent.mkdir(parents=True, exist_ok=True)
    head = f"curriculum collect {module} from {shown(str(source), limit=300)} at {stamp} UTC"
    path.write_text("\n".join([head, *lines]) + "\n", encoding="utf-8")
    return path


def latest_collect_report(course: Course, module: str) -> Path | None:
    """The newest saved collect report of `module`, if any."""
    found = sorted(course.path("exports").glob(f"collect-{module}-*.txt"))
    return found[-1] if found else None


#: Under submitted-set-aside/<module>/: every copy of a learner's notebook that lost to a newer one.
SUPERSEDED_DIR = "superseded"


def _check_source(source: Path, modules: set[str], submitted: Path | None = None) -> None:
    """Say what the path is when it cannot be collected: one notebook, a damaged zip, something else."""
    if source.is_dir() or zipfile.is_zipfile(source):
        return
    if source.suffix == ".ipynb":
        holder = source.parent if ANY_ID.match(source.name) else source.parent.parent  # above <student>/
        if not ANY_ID.match(source.name) and source.parent.name in modules:
            holder = holder.parent  # above <student>/<module>/
        if submitted is not None and (holder.resolve() == submitted or submitted in holder.resolve().parents):
            raise NotASubmissionSource(f"{source} is already in this course's submitted/ folder: it is collected; "
                                       "`curriculum grade` grades it. Collect the folder or zip that the "
                                       "learners' notebooks came in")
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
    student, notebook = key  # the student id is checked (collect_names.STUDENT_ID); file names are shown safely
    ordered = [c for _, c in sorted(enumerate(copies), key=lambda c: (c[1][1] or NO_TIME, c[0]))]  # ties: last wins
    (file, stamp), losers = ordered[-1], ordered[:-1]
    name = shown(file.name)
    target = course.path("submitted", student, module)
    kept, before, data = target / f"{notebook}.ipynb", _collected_at(target), file.read_bytes()
    shelf = course.path("submitted-set-aside", module, SUPERSEDED_DIR, student)
    where = f"submitted-set-aside/{module}/{SUPERSEDED_DIR}/{student}/"
    original = records.side_path(course, module, student, "originals") / kept.name  # see intake.check
    same = kept.exists() and (_same(kept, data) or before == stamp and _same(original, data))
    events, stored, written = [], False, False
    if kept.exists() and not same and before and stamp and stamp < before:
        events.append((name, f"{student}: {name} is older than the copy already collected "
                             f"({before:%Y-%m-%d %H:%M:%S}), which is kept; the older copy is in {where}"))
        stored = _shelve(shelf, copy_name(student, stamp, notebook), file, kept.read_bytes())
    elif not same or stamp and (before is None or stamp < before):  # new, newer, or the same file dated earlier
        if kept.exists() and not same:
            stored = _shelve(shelf, copy_name(student, before, notebook), kept, data)
            when = f"{before:%Y-%m-%d %H:%M:%S}" if before else "no date"
            events.append((copy_name(student, before, notebook), f"{student}: {name} replaced the copy "
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
                f"{name} has no timestamp: removed the earlier submission's timestamp.txt")
    final = kept.read_bytes()
    for loser, when in losers:
        differs = loser.read_bytes() != final
        stored = _shelve(shelf, copy_name(student, when, notebook), loser, final) or stored
        events.append((shown(loser.name), f"{student}: {name} replaced the older {shown(loser.name)}; " + (
            f"the older copy is in {where}" if differs else "the two are identical, so one copy is kept")))
    if written:
        report.collected.append((student, notebook, stamp))
    else:
        report.unchanged.append(key)
    if written or stored:
        report.renamed += [(other, kept.name) for other in renamed]
        report.superseded += events
        notes.setdefault(student, []).extend([f"{other} was taken as {kept.name}" for other in renamed]
                                             + [note for _, note in events])


def collect(course: Course, source: Path, module: str) -> CollectReport:
    """Copy each matched notebook to submitted/<student>/<module>/ with its timestamp.txt.

    When no file is a notebook of the module, nothing is written (the report says what would have
    been set aside), so a wrong -m or a wrong zip leaves the course as it was."""
    notebooks = {p.stem for p in course.path("release", module).glob("*.ipynb")}
    if not notebooks:
        raise FileNotFoundError(f"module {module} has no released notebooks: run `curriculum release {module}`")
    modules = set(course.modules()) | {module}
    _check_source(source, modules, course.path("submitted").resolve())
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
            for entry, safe, reason in extract(source, base, Path(tmp, "refused"), order):
                aside.append((Path(tmp, "refused", safe), Path(REFUSED_DIR, safe)))
                report.set_aside.append((entry, reason))  # the entry's name is shown safely
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
                report.set_aside.append((shown(file.relative_to(base).as_posix()), shown(notebook)))
                continue
            if taken != notebook:
                renamed.setdefault((student, taken), []).append(shown(file.name))
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
    try:
        report.saved = save_collect_report(course, module, source, report.lines(module))
    except OSError:
        report.saved = None  # the report was printed; a full disk here loses nothing collected
    return report
