"""The sandbox itself: who the kernel runs as, what it can see, and refusing to run without it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from curriculum.cli import app
from curriculum.course import UNSAFE_ENV
from curriculum.sandbox import bwrap
from curriculum.sandbox.bwrap import Limits, command
from curriculum.sandbox.kernel import prepare_box, release_box

from .conftest import REPO

PROBE = """
import os, socket
print("uid", os.getuid())
print("home", sorted(os.listdir(os.path.expanduser("~"))), sorted(os.listdir("datasets")))
print("course visible", os.path.exists(%r))
print("env", sorted(os.environ))
try:
    socket.create_connection(("127.0.0.1", 22), timeout=1)
    print("network yes")
except OSError:
    print("network no")
"""


def test_kernel_runs_as_nobody_without_network_course_or_environment(tmp_path):
    box = prepare_box(tmp_path / "box")
    try:
        data = {"penguins.csv": REPO / "datasets" / "penguins.csv"}
        argv = command([sys.executable, "-c", PROBE % str(REPO / "source")], box,
                       REPO / "curriculum", data, Limits())
        out = subprocess.run(argv, capture_output=True, text=True, timeout=60,
                             env={"PATH": os.environ["PATH"], "SECRET_TOKEN": "x"}).stdout
    finally:
        release_box(box)
    assert "uid 65534" in out
    assert "home ['datasets'] ['penguins.csv']" in out
    assert "course visible False" in out
    assert "network no" in out
    assert "SECRET_TOKEN" not in out


def test_grading_refuses_without_the_sandbox_unless_told(monkeypatch, course_copy):
    monkeypatch.setattr(bwrap.shutil, "which", lambda name: None)
    monkeypatch.delenv(UNSAFE_ENV, raising=False)
    refused = CliRunner().invoke(app, ["--course", str(course_copy), "grade"])
    assert refused.exit_code == 2 and "cannot confine student code" in refused.output
    allowed = CliRunner().invoke(app, ["--course", str(course_copy), "grade", "--unsafe-no-sandbox"])
    assert allowed.exit_code == 0 and "WARNING: NO SANDBOX" in allowed.output
    assert os.environ.get(UNSAFE_ENV) == "1"
    monkeypatch.delenv(UNSAFE_ENV)
