"""Which learner and notebook a submitted file is, told from its name and folder, and why not.

Names follow the LMS pattern ``<student>_<YYYY-MM-DD-HH-MM-SS>_<notebook>.ipynb`` (or a folder per
student holding ``<notebook>.ipynb``). Timestamps are parsed with an explicit format: stock
zip_collect hands ``2025-01-11-09-30-45`` to dateutil and gets a wrong time or an error. When a file
cannot be told, the reason says what is actually wrong (not a notebook, a space in the student id, a
Canvas export's name) and how to fix it, rather than citing the pattern for every file.

An id is matched in full (``\\Z``, never ``$``, which also matches before a final newline, so that
``alice\\n`` was a second learner beside ``alice``), in plain Latin letters, digits, '.', '_' and '-'.
A name holding a control or invisible character, or an id with a letter that only looks Latin (a
Cyrillic 'а', a fullwidth 'ａ'), is set aside with a reason that names the character (through
`untrusted.shown`) and suggests no id: the instructor says whose the file is.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

from nbgrader.plugins.zipcollect import FileNameCollectorPlugin

from curriculum.instructor.untrusted import HIDDEN_CATEGORIES, shown

# Non-greedy student id: "j_smith_<stamp>_nb" is j_smith, the id stops at the first _<timestamp>_.
# Every pattern ends in \Z and is matched in full: `$` would also match before a final newline.
LMS_PATTERN = (r"^(?P<student_id>[A-Za-z0-9][A-Za-z0-9._\-]*?)_"
               r"(?P<timestamp>[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{2}-[0-9]{2}-[0-9]{2})_(?P<file_id>.+)\.ipynb\Z")
LMS_NAME = "<student>_<YYYY-MM-DD-HH-MM-SS>_<notebook>.ipynb"
TIMESTAMP_FORMAT = "%Y-%m-%d-%H-%M-%S"
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]*\Z")  # use STUDENT_ID.fullmatch
#: The LMS pattern with any student id, to say what is wrong with one it refused.
ANY_ID = re.compile(r"^(?P<student_id>.+?)_(?P<timestamp>[0-9]{4}(?:-[0-9]{2}){5})_(?P<file_id>.+)\.ipynb\Z")
#: Canvas names its downloads <name>[_LATE]_<user id>_<submission id>_<file name>.
CANVAS = re.compile(r"^(?P<name>.+?)(?:_late)?_[0-9]+_[0-9]+_(?P<file_id>.+)\.ipynb\Z", re.I)
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


def copy_name(student: str, stamp: datetime | None, notebook: str) -> str:
    """The one name a superseded copy is kept under: the LMS name, so it can be collected again."""
    return f"{student}_{f'{stamp:{TIMESTAMP_FORMAT}}' if stamp else 'undated'}_{notebook}.ipynb"


class LmsFileNameCollector(FileNameCollectorPlugin):
    """nbgrader's collector plugin with the LMS pattern and an exact timestamp parser."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.named_regexp = LMS_PATTERN

    def _match(self, filename: str) -> dict | None:
        """The pattern matched in full, without nbgrader's log line (which quotes the raw name)."""
        found = re.fullmatch(self.named_regexp, filename)
        return found.groupdict() if found else None

    def collect(self, submitted_file: str):
        """{"student_id", "file_id", "timestamp"} for an LMS file name; raises ValueError on a bad date."""
        found = super().collect(Path(submitted_file).name)
        if found and found.get("timestamp"):
            found["timestamp"] = parse_lms_timestamp(found["timestamp"])
        return found


def _named(ch: str) -> str:
    """"'а' (U+0430 CYRILLIC SMALL LETTER A)": a character, shown safely, with its Unicode name."""
    name = unicodedata.name(ch, "")  # control characters have none
    return f"'{shown(ch)}' (U+{ord(ch):04X}{' ' + name if name else ''})"


def _look_alikes(student: str) -> list[str]:
    """The letters and digits of `student` that are not Latin ones, though they may look it (Cyrillic
    'а', fullwidth 'ａ'); an accented Latin letter (É, ü, composed or not) is not one: its suggestion
    drops the accent."""
    return [ch for ch in unicodedata.normalize("NFC", student) if not ch.isascii()
            and not unicodedata.normalize("NFD", ch)[0].isascii() and unicodedata.category(ch)[0] in "LN"]


def _hidden(relative: Path) -> str | None:
    """Why a file is refused whose name or folder holds a control or invisible character (a newline,
    a tab, ESC, a bidirectional override, a zero-width joiner), or None: such a name could pass for
    another (`alice\\n` for `alice`), so it becomes no learner, and no id is suggested."""
    for part in relative.parts:
        hidden = [ch for ch in part if unicodedata.category(ch) in HIDDEN_CATEGORIES]
        if hidden:
            return (f"the name '{shown(part, limit=120)}' holds a control or invisible character "
                    f"({', '.join(dict.fromkeys(_named(ch) for ch in hidden))}), so it could pass for another "
                    "learner or file: check whose it is, then rename it")
    return None


def _bad_id(student: str) -> str:
    if re.search(r"\s", student):
        return "student ids cannot contain spaces"
    if alike := _look_alikes(student):
        return (f"'{shown(student)}' is not a student id: {_named(alike[0])} is not a Latin letter or digit, "
                "though it may look like one, so this would be a second learner")
    return f"{student!r} is not a student id (letters, digits, '.', '_' and '-' only)"


def _refused(student: str, fix) -> str:
    """Why `student` is not an id, and `fix(suggested id)`; an id that looks like another gets no
    suggestion (its suggestion could be a real learner's id): the instructor says whose it is."""
    if _look_alikes(student):
        return f"{_bad_id(student)}: check whose file it is, then rename it with their id"
    return f"{_bad_id(student)}: {fix(_fixed_id(student))}"


def _fixed_id(student: str) -> str:
    """A suggested id: accents dropped (Émile -> Emile), anything else not allowed -> '_'."""
    plain = unicodedata.normalize("NFKD", student.strip()).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._\-]+", "_", plain).strip("._-")[:MAX_ID] or "student"


#: nbgrader's gradebook keeps a student id in 128 characters (PostgreSQL refuses a longer one).
MAX_ID = 128


def _too_long(student: str) -> str | None:
    if len(student) <= MAX_ID:
        return None
    return (f"the student id is {len(student)} characters long; the gradebook takes at most {MAX_ID}: "
            f"rename it to a shorter id, e.g. {_fixed_id(student)[:40]}")


def identify(file: Path, base: Path, plugin: LmsFileNameCollector, modules: set[str],
             notebooks: set[str]) -> tuple[str | None, str, datetime | None]:
    """(student, notebook, timestamp) for a file, or (None, reason, None) when it cannot be told."""
    if hidden := _hidden(file.relative_to(base)):
        return None, hidden, None
    try:
        match = plugin.collect(str(file))
    except ValueError:
        stamp = re.search(r"_(\d{4}(?:-\d{2}){5})_", file.name)
        return None, f"timestamp {stamp.group(1) if stamp else '?'} is not a valid date and time", None
    if match:
        if match["student_id"] in modules:
            return None, f"{match['student_id']!r} is a module id, not a student id", None
        if too_long := _too_long(match["student_id"]):
            return None, too_long, None
        return match["student_id"], match["file_id"], match.get("timestamp")
    if file.suffix != ".ipynb":
        kind = f" (a {file.suffix} file)" if file.suffix else ""
        return None, f"not a notebook{kind}: only .ipynb files are collected", None
    refused = ANY_ID.match(file.name)
    if refused:
        sid, stamp, nb = refused.group("student_id", "timestamp", "file_id")
        return None, _refused(sid, lambda fixed: f"rename it to {fixed}_{stamp}_{nb}.ipynb"), None
    canvas = CANVAS.match(file.name)
    if canvas:
        who, nb = canvas["name"], match_notebook(canvas["file_id"], notebooks) or canvas["file_id"]
        return None, (f"looks like a Canvas export (<name>_<user id>_<submission id>_<file>), which carries no "
                      f"submission time: rename it to {_fixed_id(who)}_<YYYY-MM-DD-HH-MM-SS>_{nb}.ipynb "
                      f"or put it in a folder {_fixed_id(who)}/{nb}.ipynb"), None
    # Only <student>/[<module>/]<notebook>: deeper, a folder could be "old/" or a wrapper around the
    # students, and guessing would misattribute; set aside (kept), the instructor can say which.
    folders = [p for p in file.relative_to(base).parent.parts if p not in modules]
    if len(folders) > 1:
        return None, (f"nested too deep to tell the student ({'/'.join(folders)}/): expected "
                      "<student>/[<module>/]<notebook>.ipynb below the folder collected"), None
    if folders and not STUDENT_ID.fullmatch(folders[0]):
        return None, _refused(folders[0], lambda fixed: f"rename the folder {folders[0]!r} to {fixed!r}"), None
    if folders and (too_long := _too_long(folders[0])):
        return None, too_long, None
    if folders:
        return folders[0], file.stem, None
    return None, f"no student in its name or folder: name it {LMS_NAME} or put it in <student>/<notebook>.ipynb", None


def module_of(notebook: str, released: dict[str, set[str]]) -> str | None:
    """The module whose released notebooks include `notebook` (forgiving renames), or None."""
    for module, notebooks in released.items():
        if match_notebook(notebook, notebooks):
            return module
    return None
