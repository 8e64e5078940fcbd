"""Find the course root, load nbgrader_config.py, and open nbgrader's API and gradebook in-process.

Everything instructor-facing goes through here so that the known nbgrader pitfalls are handled once:
stock nbgrader stamps a new gradebook with its schema version by running the ``alembic`` program from
PATH (3 to 4 seconds each time, and without the venv on PATH the database silently lacks its version
table); here the version is read once, in-process, from nbgrader's own migrations (`alembic_head`).
"""
from __future__ import annotations

import logging
import os
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

CONFIG_NAME = "nbgrader_config.py"


#: A database URL for the gradebook (e.g. postgresql://user@host/db) instead of SQLite.
DB_ENV = "CURRICULUM_DB_URL"
#: Set by `--unsafe-no-sandbox`: grade without the sandbox when its tools are missing.
UNSAFE_ENV = "CURRICULUM_UNSAFE_NO_SANDBOX"


class CourseError(RuntimeError):
    """The course directory is missing or malformed."""


def ensure_venv_on_path() -> None:
    """Put this interpreter's bin/ first on PATH (for nbgrader's other uses of its programs), and have
    nbgrader stamp new gradebooks with the in-process `alembic_head`."""
    import nbgrader.api

    nbgrader.api.get_alembic_version = alembic_head
    bindir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if parts[0] != bindir:
        os.environ["PATH"] = os.pathsep.join([bindir, *[p for p in parts if p != bindir]])


@lru_cache(maxsize=1)
def alembic_head() -> str:
    """The newest revision of nbgrader's gradebook schema, from its migrations, read in this process.

    The same answer as stock nbgrader's `get_alembic_version` (which runs `alembic heads` in a
    subprocess for every new gradebook); it cannot change while this nbgrader is installed."""
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import _temp_alembic_ini

    with _temp_alembic_ini("sqlite:////tmp/gradebook.db") as ini:
        return ScriptDirectory.from_config(AlembicConfig(ini)).get_current_head()


def quiet_nbgrader_warnings() -> None:
    """nbgrader 0.9.6 triggers SQLAlchemy session warnings on every autograde: harmless, noisy."""
    import warnings

    warnings.filterwarnings("ignore", message=".*not in session.*")


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` (default: cwd) holding nbgrader_config.py and source/."""
    env = os.environ.get("CURRICULUM_COURSE")
    here = Path(env) if env and start is None else (start or Path.cwd())
    if not here.exists():
        raise CourseError(f"{here} does not exist: pass the course folder (the one holding {CONFIG_NAME}).")
    if here.is_file():
        raise CourseError(f"{here} is a file: pass the course folder (the one holding {CONFIG_NAME}).")
    here = here.resolve()
    # a course folder holds both; an nbgrader_config.py alone (say ~/nbgrader_config.py, kept for
    # stock nbgrader) is not a course, so the search goes on above it
    others = [folder for folder in (here, *here.parents) if (folder / CONFIG_NAME).exists()]
    for folder in others:
        if (folder / "source").is_dir():
            return folder
    if others:
        raise CourseError(f"{others[0] / CONFIG_NAME} has no source/ folder beside it, so it is not this course: "
                          "run this inside the course repository or pass --course PATH.")
    raise CourseError(
        f"no {CONFIG_NAME} found in {here} or above: run this inside the course repository "
        "or pass --course PATH."
    )


@dataclass
class Course:
    """A course directory: root, nbgrader config, and the folders nbgrader uses."""

    root: Path

    @classmethod
    def at(cls, path: Path | None = None) -> "Course":
        """The course whose root holds nbgrader_config.py, at or above `path` (default: cwd)."""
        course = cls(find_root(path))
        odd = sorted({ch for ch in str(course.root) if ch in "%?#"})
        if odd and course.sqlite_path is not None:  # nbgrader writes the URL into alembic.ini, where % breaks
            raise CourseError(f"the course folder's path {course.root} contains {' '.join(odd)}, which nbgrader "
                              "cannot put in the SQLite gradebook's address: rename or move the folder, or use "
                              f"a PostgreSQL gradebook (${DB_ENV})")
        return course

    @property
    def config(self) -> Config:
        """nbgrader's config, read fresh, with paths and the gradebook URL following this root."""
        cfg = PyFileConfigLoader(CONFIG_NAME, path=str(self.root)).load_config()
        # The course may live anywhere (the demo uses a copy): paths follow the root, not the file.
        cfg.CourseDirectory.root = str(self.root)
        # SQLite by default (busy timeout: a reader never makes the one writer fail); PostgreSQL for
        # large classes through $CURRICULUM_DB_URL or c.CourseDirectory.db_url in nbgrader_config.py.
        configured = cfg.CourseDirectory.get("db_url", "")
        if os.environ.get(DB_ENV):
            cfg.CourseDirectory.db_url = os.environ[DB_ENV]
        elif not configured or configured.startswith("sqlite"):
            cfg.CourseDirectory.db_url = f"sqlite:///{self.root / 'gradebook.db'}?timeout=30"
        if os.environ.get(UNSAFE_ENV) == "1":  # --unsafe-no-sandbox: the coordinator and every worker
            cfg.SandboxedExecute.allow_unconfined = True
        return cfg

    @property
    def sqlite_path(self) -> Path | None:
        """The gradebook file when the gradebook is SQLite, else None (a server database)."""
        url = self.db_url
        return Path(url[len("sqlite:///"):].split("?")[0]) if url.startswith("sqlite:///") else None

    @property
    def db_url(self) -> str:
        """The gradebook's database URL (SQLite beside the course unless configured otherwise)."""
        return self.config.CourseDirectory.db_url

    def path(self, *parts: str) -> Path:
        """A path inside the course root."""
        return self.root.joinpath(*parts)

    def api(self, log_level: int = logging.ERROR, overrides: Config | None = None):
        """nbgrader's NbGraderAPI over this course, quiet unless asked; `overrides` wins over the file."""
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        ensure_venv_on_path()
        quiet_nbgrader_warnings()
        cfg = self.config
        if overrides is not None:
            cfg.merge(overrides)
        coursedir = CourseDirectory(config=cfg)
        api = NbGraderAPI(coursedir=coursedir, config=cfg)
        api.log.setLevel(log_level)
        return api

    def use_wal(self) -> None:
        """Put a SQLite gradebook in WAL mode, so readers (status, export) never block the writer.

        In WAL mode, `synchronous=NORMAL` keeps the database consistent through any crash of this
        process (kill -9 included) and skips an fsync per commit; nbgrader commits dozens of times
        per submission. Only a power cut could lose the last commits, which a rerun grades again.
        """
        path = self.sqlite_path
        if path is not None and path.exists():
            import sqlite3

            with sqlite3.connect(path, timeout=30) as db:
                db.execute("PRAGMA journal_mode=WAL")
            _sqlite_sync_normal()

    def gradebook(self):
        """nbgrader's Gradebook, to be used as a context manager."""
        from nbgrader.api import Gradebook

        ensure_venv_on_path()
        return Gradebook(self.db_url, course_id=self.config.CourseDirectory.course_id)

    def modules(self) -> list[str]:
        """The modules of the syllabus that have a source folder (built or draft), in order: the one
        list of the course's modules."""
        from curriculum.learner import syllabus

        return [m.id for m in syllabus.load().in_source]


_SYNC_SET = False


def _sqlite_sync_normal() -> None:
    """Every SQLite connection SQLAlchemy opens in this process (nbgrader's too) commits without fsync."""
    global _SYNC_SET
    if _SYNC_SET:
        return
    import sqlite3

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001 - SQLAlchemy's callback signature
        if isinstance(dbapi_connection, sqlite3.Connection):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    _SYNC_SET = True


@contextmanager
def shared_engines():
    """While grading, every nbgrader Gradebook opened in this process reuses one engine per database.

    nbgrader opens a Gradebook about seven times per notebook pass, and each builds a new SQLAlchemy
    engine whose compiled-query cache starts empty, so the same queries were compiled again and again:
    about a third of the coordinator's time per submission (profile and figures in
    benchmarks/results.md). `Gradebook.close()` disposes the engine's connection pool, which
    SQLAlchemy renews on the next use, so sessions and connections behave as before.
    """
    import nbgrader.api

    original = nbgrader.api.create_engine
    engines: dict = {}

    def create_engine(url, **kwargs):  # noqa: ANN001 - sqlalchemy.create_engine's signature
        key = (str(url), tuple(sorted(kwargs.items())))
        if key not in engines:
            engines[key] = original(url, **kwargs)
        return engines[key]

    nbgrader.api.create_engine = create_engine
    try:
        yield
    finally:
        nbgrader.api.create_engine = original
        for engine in engines.values():
            engine.dispose()


def submitted_students(course: Course, module: str) -> list[str]:
    """Students with a folder submitted/<student>/<module>/."""
    base = course.path("submitted")
    if not base.exists():
        return []
    return sorted(p.name for p in base.iterdir() if (p / module).is_dir() and not p.name.startswith("."))


def failure_cause(result: dict) -> str:
    """The line that names the cause: nbgrader logs the real exception, then raises a generic
    "see the above traceback", so the log is read before the error."""
    text = "\n".join(filter(None, [result.get("log"), result.get("error")])).strip() or "unknown error"
    lines = [ln for ln in text.splitlines() if ln.strip()]
    specific = [ln for ln in lines if re.search(r"\w+(Error|Exception|Warning): ", ln)
                and "NbGraderException" not in ln]
    interesting = specific or [ln for ln in lines if "Error" in ln or "error" in ln] or lines
    return interesting[-1].strip()[:300] if interesting else "unknown error"
