"""The sandbox itself: who the kernel runs as, what it can see, and refusing to run without it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from curriculum.instructor.cli.main import app
from curriculum.instructor.course import UNSAFE_ENV
from curriculum.instructor.sandbox import bwrap, slots
from curriculum.instructor.sandbox.boxes import box_uid, prepare_box, release_box
from curriculum.instructor.sandbox.bwrap import Limits, command

from .conftest import REPO

PROBE = """
import os, socket
print("uid", os.getuid())
print("home", sorted(os.listdir(os.path.expanduser("~"))), sorted(os.listdir("datasets")))
print("course visible", os.path.exists(%r))
print("env", sorted(os.environ))
try:
    socket.create_connection(("127.0.0.1", %d), timeout=1)  # a listener on the host's loopback
    print("network yes")
except OSError:
    print("network no")
"""


def test_kernel_runs_unprivileged_without_network_course_or_environment(tmp_path):
    import socket

    box = prepare_box(tmp_path / "box")
    listener = socket.create_server(("127.0.0.1", 0))  # reachable from anywhere on this host but the box
    try:
        data = {"penguins.csv": REPO / "datasets" / "penguins.csv"}
        argv = command([sys.executable, "-c", PROBE % (str(REPO / "source"), listener.getsockname()[1])], box,
                       REPO / "curriculum", data, Limits(), box_uid(box))
        out = subprocess.run(argv, capture_output=True, text=True, timeout=60,
                             env={"PATH": os.environ["PATH"], "SECRET_TOKEN": "x"}).stdout
    finally:
        listener.close()
        release_box(box)
    uid = int(out.split("uid ")[1].split()[0])
    assert uid != 0 and slots.is_sandbox_uid(uid)
    assert "home ['datasets'] ['penguins.csv']" in out
    assert "course visible False" in out
    assert "network no" in out
    assert "SECRET_TOKEN" not in out


FONTS = """
import hashlib, os, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.font_manager as fm
import matplotlib.pyplot as plt
name = "/tmp/matplotlib/fontlist-v%s.json" % fm.FontManager.__version__
print("sha", hashlib.sha256(open(name, "rb").read()).hexdigest())
try:
    open(name, "a").close()
    print("writable yes")
except OSError:
    print("writable no")
figure = plt.figure()
plt.title("drawn with the shared font list")
figure.canvas.draw()
print("files", sorted(os.listdir("/tmp/matplotlib")))
"""


def test_every_sandbox_reads_one_prebuilt_font_list_it_cannot_change(tmp_path):
    """matplotlib's font scan is done once by the grader, not in each learner's kernel."""
    import hashlib

    from curriculum.instructor.sandbox import font_cache

    trusted = font_cache.font_list()
    assert trusted is not None and trusted.is_file()
    box = prepare_box(tmp_path / "box")
    try:
        done = subprocess.run(command([sys.executable, "-c", FONTS], box, REPO / "curriculum", {}, Limits(),
                                      box_uid(box)), capture_output=True, text=True, timeout=60)
    finally:
        release_box(box)
    assert f"sha {hashlib.sha256(trusted.read_bytes()).hexdigest()}" in done.stdout, done.stdout + done.stderr
    assert "writable no" in done.stdout
    assert f"files ['{trusted.name}']" in done.stdout  # matplotlib wrote no font list of its own
    assert done.stderr == "", done.stderr  # and no warning about its cache


def test_grading_refuses_without_the_sandbox_unless_told(monkeypatch, course_copy):
    monkeypatch.setattr(bwrap.shutil, "which", lambda name: None)
    monkeypatch.delenv(UNSAFE_ENV, raising=False)
    refused = CliRunner().invoke(app, ["--course", str(course_copy), "grade"])
    assert refused.exit_code == 2 and "cannot confine student code" in refused.output
    allowed = CliRunner().invoke(app, ["--course", str(course_copy), "grade", "--unsafe-no-sandbox"])
    assert allowed.exit_code == 0 and "WARNING: NO SANDBOX" in allowed.output
    assert os.environ.get(UNSAFE_ENV) == "1"
    monkeypatch.delenv(UNSAFE_ENV)


BOMB = """
import os, time
n = 0
try:
    while True:
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
        n += 1
except OSError:
    print("bomb stopped at", n, flush=True)
time.sleep(60)
"""
TWENTY_PROCESSES = """
import subprocess, sys
procs = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1)"]) for _ in range(20)]
print("second sandbox ran", sum(p.wait() == 0 for p in procs), "processes")
"""


def test_a_fork_bomb_does_not_starve_a_concurrent_sandbox(tmp_path):
    """Each sandbox has its own uid, so RLIMIT_NPROC is per sandbox, not shared by all of them."""
    boxes = [prepare_box(tmp_path / "bomb"), prepare_box(tmp_path / "honest")]
    assert box_uid(boxes[0]) != box_uid(boxes[1])
    limits = Limits(processes=64)
    bomb = subprocess.Popen(command([sys.executable, "-c", BOMB], boxes[0], REPO / "curriculum", {}, limits,
                                    box_uid(boxes[0])), stdout=subprocess.PIPE, text=True)
    try:
        assert "bomb stopped at" in bomb.stdout.readline()  # the bomb has used up its own limit
        honest = subprocess.run(command([sys.executable, "-c", TWENTY_PROCESSES], boxes[1], REPO / "curriculum",
                                        {}, limits, box_uid(boxes[1])), capture_output=True, text=True, timeout=60)
        assert "second sandbox ran 20 processes" in honest.stdout, honest.stderr[-500:]
    finally:
        bomb.kill()
        bomb.wait()
        for box in boxes:
            release_box(box)


def test_sandbox_uids_come_from_the_namespace_and_are_checked():
    """In a container that maps only 65,536 uids, the range moves inside it; unmapped uids refuse clearly."""
    assert slots.uid_range("0 0 4294967295\n", "") == (slots.BASE_UID, slots.SLOTS)
    first, count = slots.uid_range("         0     100000      65536\n", "")
    assert 1000 < first and first + count <= 65536 and count > 1000
    assert slots.uid_range("0 0 1\n", "")[1] == 0
    assert slots.uid_range("", "3000000:16") == (3_000_000, 16)
    probe = ("import os\n"
             "from curriculum.instructor.sandbox import bwrap\n"
             "os.environ['CURRICULUM_SANDBOX_UIDS'] = '1900000:16'\n"
             "try:\n"
             "    bwrap.tools()\n"
             "except bwrap.SandboxUnavailable as exc:\n"
             "    print('refused:', exc)\n")
    done = subprocess.run(["unshare", "--user", "--map-root-user", sys.executable, "-c", probe],
                          capture_output=True, text=True, timeout=60, cwd=REPO)
    assert "refused: cannot confine student code: the sandbox uids 1900000 to 1900015" in done.stdout, done.stderr


def test_a_kernel_that_cannot_start_is_the_machinery_not_the_learner():
    """The worker marks it for retry instead of grading an empty notebook as the learner's 0.

    A 20 MB address space is too small for Python to start: the kernel dies before any cell runs.
    """
    import nbformat

    from curriculum.instructor.grading.worker import execute_task

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('hello')")])
    result = execute_task({"student": "x", "module": "00-python-for-data", "notebook": nbformat.writes(nb),
                           "inbox": {}, "config": {"SandboxedExecute": {"memory_limit": 20_000_000}}})
    assert result.get("retry") is True and "did not start" in result["error"] and "notebook" not in result


def test_a_font_list_removed_under_a_running_worker_is_built_again():
    import shutil

    from curriculum.instructor.sandbox import font_cache

    first = font_cache.font_list()
    shutil.rmtree(first.parent)  # a tmp cleaner on a long-lived worker
    args = font_cache.bind_args()
    rebuilt = font_cache.font_list()
    assert rebuilt.is_file() and rebuilt != first and str(rebuilt) in args


def test_font_lists_of_processes_that_are_gone_are_swept(tmp_path):
    import tempfile

    from curriculum.instructor.sandbox import font_cache

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = Path(tempfile.mkdtemp(prefix="curriculum-fonts-"))
    (left / "owner.pid").write_text(gone.stdout.strip())  # a terminated worker skipped its exit handler
    font_cache.font_list.cache_clear()
    assert font_cache.font_list().is_file()
    assert not left.exists()


def test_the_output_budget_adds_up_many_small_prints():
    """Two hundred prints of 20 kB each stop at the budget: it counts bytes over the whole notebook."""
    import nbformat
    from jupyter_client.session import Session

    from curriculum.instructor.sandbox.execute import SandboxedExecute

    executor = SandboxedExecute()
    executor.reset_execution_trackers()  # what nbclient does before a run, and before a cell:
    executor.clear_before_next_output = False
    executor._events, executor._output_used, executor._output_capped, executor._malformed = [], 0, False, False
    executor._output_budget = 1_000_000
    cell = nbformat.v4.new_code_cell("for _ in range(200): print('x' * 20_000)")
    for _ in range(200):
        executor.process_message(Session().msg("stream", {"name": "stdout", "text": "x" * 20_000}), cell, 0)
    assert executor._output_capped and executor._output_used <= 1_000_000
    assert executor._events == ["output stopped after 1,000,000 bytes"]
    assert sum("[output stopped" in o.get("text", "") for o in cell["outputs"]) == 1


def test_the_executor_itself_refuses_without_the_sandbox(monkeypatch):
    """Not only the command line: nbgrader's own chain (SandboxedExecute) refuses to run unconfined."""
    import nbformat
    import pytest

    from curriculum.instructor.sandbox.bwrap import SandboxUnavailable
    from curriculum.instructor.sandbox.execute import SandboxedExecute

    monkeypatch.setattr(bwrap.shutil, "which", lambda name: None)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('untrusted')")])
    with pytest.raises(SandboxUnavailable):
        SandboxedExecute().preprocess(notebook, {"nbgrader": {"assignment": "00-python-for-data"}})
    assert "outputs" not in notebook.cells[0] or not notebook.cells[0].outputs
