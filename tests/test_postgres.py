"""The gradebook on PostgreSQL: the same class gives identical grades on PostgreSQL and on SQLite.

`.ci/run` installs Debian's PostgreSQL package, starts a server and passes its URL in
$CURRICULUM_TEST_PG_URL; the test grades into a fresh database there. Run by hand without that
variable, the test starts its own server in a temp folder, on a free loopback port, as the
`postgres` user, and stops it afterwards.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from curriculum.instructor.course import DB_ENV
from curriculum.instructor.grading.parallel import grade_parallel
from curriculum.instructor.grading.report import export_csv

from .conftest import MODULE
from .test_parallel import _class_course, _scores

BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
CI_SERVER = "CURRICULUM_TEST_PG_URL"


def _as_postgres(*argv: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", *argv],
                          check=True, capture_output=True, text=True, **kw)


@pytest.fixture(scope="module")
def postgres_url(tmp_path_factory):
    if os.environ.get(CI_SERVER):  # the server .ci/run started: a fresh database on it
        import psycopg

        server, name = os.environ[CI_SERVER], f"gradebook_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(server, autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name}")
        yield server.rsplit("/", 1)[0] + f"/{name}"
        with psycopg.connect(server, autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        return
    if not BINARIES or os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is missing in CI: .ci/run should have installed it")
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    bin_dir = BINARIES[-1]
    home = tempfile.mkdtemp(prefix="curriculum-pg-")  # pytest's own temp folders are root-only
    shutil.chown(home, "postgres", "postgres")
    data = Path(home) / "data"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _as_postgres(f"{bin_dir}/initdb", "-D", str(data), "--auth=trust", "-U", "postgres")
    _as_postgres(f"{bin_dir}/pg_ctl", "-D", str(data), "-w", "-l", str(data / "server.log"), "start",
                 "-o", f"-p {port} -k {data} -c listen_addresses=127.0.0.1")
    try:
        for _ in range(30):
            if subprocess.run([f"{bin_dir}/pg_isready", "-h", "127.0.0.1", "-p", str(port)]).returncode == 0:
                break
            time.sleep(0.5)
        _as_postgres(f"{bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "gradebook")
        yield f"postgresql://postgres@127.0.0.1:{port}/gradebook"
    finally:
        _as_postgres(f"{bin_dir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(home, ignore_errors=True)


def test_same_class_same_grades_on_postgres_and_sqlite(postgres_url, tmp_path, monkeypatch):
    sqlite_course = _class_course(tmp_path / "sqlite" / "course")
    assert not grade_parallel(sqlite_course, MODULE, workers=2).failed
    monkeypatch.setenv(DB_ENV, postgres_url)
    pg_course = _class_course(tmp_path / "pg" / "course")
    assert pg_course.db_url.startswith("postgresql://")
    assert not grade_parallel(pg_course, MODULE, workers=2).failed
    assert _scores(pg_course) == _scores(sqlite_course)
    assert len(_scores(pg_course)) >= 6
    frame = export_csv(pg_course, tmp_path / "pg.csv")
    assert set(frame[frame.module == MODULE]["status"]) == {"graded"}
