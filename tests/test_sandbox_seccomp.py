"""The sandbox's seccomp filter: kernel facilities that outlive a learner, or reach past the sandbox,
are refused; ordinary notebook work is not; and without libseccomp the sandbox refuses to run.

The kernel keeps a keyring per uid, so without the filter a learner's kernel could leave a key in its
sandbox uid's keyring for the next learner graded on that uid, even in a later run.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from typer.testing import CliRunner

from curriculum.instructor.cli.main import app
from curriculum.instructor.course import UNSAFE_ENV
from curriculum.instructor.sandbox import bwrap, seccomp
from curriculum.instructor.sandbox.boxes import box_uid, prepare_box, release_box
from curriculum.instructor.sandbox.bwrap import Limits, command

from .conftest import MODULE, REPO

#: x86_64 numbers; each call prints "<name> ok" or "<name> <errno name>".
CALLS = """
import ctypes, errno, os
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
def call(name, number, *args):
    args = [ctypes.c_long(a) if isinstance(a, int) else a for a in args]
    result = libc.syscall(ctypes.c_long(number), *args)
    print(name, "ok" if result != -1 else errno.errorcode[ctypes.get_errno()], flush=True)
"""
PROBE = CALLS + """
call("add_key", 248, b"user", b"left-behind", b"secret", 6, -4)      # KEY_SPEC_USER_KEYRING
call("add_key_session", 248, b"user", b"left-behind", b"secret", 6, -3)
call("keyctl", 250, 0, -4, 1)                                         # KEYCTL_GET_KEYRING_ID, creating it
call("request_key", 249, b"user", b"left-behind", None, 0)
call("unshare_user", 272, 0x10000000)                                 # CLONE_NEWUSER
call("unshare_mount", 272, 0x00020000)
call("clone_newuser", 56, 0x10000000 | 17, 0, 0, 0, 0)                 # SIGCHLD | CLONE_NEWUSER
call("clone3", 435, None, 0)
call("setns", 308, 0, 0)
call("bpf", 321, 0, None, 0)
call("perf_event_open", 298, None, 0, -1, -1, 0)
call("ptrace", 101, 16, 1, 0, 0)                                      # PTRACE_ATTACH to pid 1
call("process_vm_readv", 310, 1, None, 0, None, 0, 0)
call("userfaultfd", 323, 0)
call("mount", 165, b"none", b"/tmp", b"tmpfs", 0, None)
call("personality_no_aslr", 135, 0x0040000)                           # ADDR_NO_RANDOMIZE
call("personality_query", 135, 0xFFFFFFFF)
call("socket_vsock", 41, 40, 1, 0)                                    # AF_VSOCK
import subprocess, sys, threading
thread = threading.Thread(target=print, args=("a thread ok",))
thread.start(); thread.join()
print(subprocess.run([sys.executable, "-c", "print('a child ok')"], capture_output=True, text=True).stdout.strip())
x32 = subprocess.run([sys.executable, "-c", %r + "call('x32_keyctl', 0x40000000 + 250, 0, -4, 0)"])
print("x32 returncode", x32.returncode)
"""


def _in_sandbox(code: str, box: Path) -> str:
    box = prepare_box(box)
    try:
        done = subprocess.run(command([sys.executable, "-c", code], box, REPO / "curriculum", {}, Limits(),
                                      box_uid(box)), capture_output=True, text=True, timeout=60)
    finally:
        release_box(box)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(os.uname().machine != "x86_64", reason="the probe uses x86_64 syscall numbers")
def test_kernel_facilities_are_refused_and_threads_and_children_still_work(tmp_path):
    out = _in_sandbox(PROBE % CALLS, tmp_path / "box")
    for name in ("add_key", "add_key_session", "keyctl", "request_key", "unshare_user", "unshare_mount",
                 "clone_newuser", "setns", "bpf", "perf_event_open", "ptrace", "process_vm_readv", "userfaultfd",
                 "mount", "personality_no_aslr", "socket_vsock"):
        assert f"{name} EPERM\n" in out, out
    assert "clone3 ENOSYS\n" in out  # so glibc falls back to clone, whose flags the filter reads
    assert "personality_query ok\n" in out
    assert "a thread ok\n" in out and "a child ok\n" in out
    assert "x32 returncode -31" in out  # another ABI's calls do not slip past: SIGSYS


KEYS_FIRST = CALLS + """
call("add_key", 248, b"user", b"left-behind", b"secret", 6, -4)
call("add_key_session", 248, b"user", b"left-behind", b"secret", 6, -3)
call("keyctl_join", 250, 1, b"_ses.shared")                          # KEYCTL_JOIN_SESSION_KEYRING
"""
KEYS_SECOND = CALLS + """
call("request_key", 249, b"user", b"left-behind", None, 0)
call("keyctl_search", 250, 10, -4, b"user", b"left-behind", 0)      # KEYCTL_SEARCH the user keyring
call("keyctl_read", 250, 11, -4, None, 0)                             # KEYCTL_READ its key list
"""


def _key_users(uid: int) -> str:
    """The kernel's line for `uid` in /proc/key-users (how many keys it holds), or ""."""
    lines = Path("/proc/key-users").read_text().splitlines()
    return next((line for line in lines if line.split(":")[0].strip() == str(uid)), "")


def _kernel_output(box: Path, code: str) -> str:
    """Run `code` as one cell in a real sandboxed Jupyter kernel in `box` (as grading does)."""
    from curriculum.instructor.sandbox.execute import SandboxedExecute

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    resources = {"nbgrader": {"assignment": MODULE, "student": "x"}, "curriculum": {"box": str(box), "events": []}}
    nb, _ = SandboxedExecute().preprocess(nb, resources)
    return "".join(out.get("text", "") for out in nb.cells[0].outputs)


@pytest.mark.skipif(os.uname().machine != "x86_64", reason="the probe uses x86_64 syscall numbers")
def test_a_learner_leaves_nothing_in_the_uids_keyring_for_the_next_learner(tmp_path):
    box = prepare_box(tmp_path / "box")
    uid = box_uid(box)
    before = _key_users(uid)
    try:
        first = _kernel_output(box, KEYS_FIRST)
        second = _kernel_output(box, KEYS_SECOND)  # the next learner graded on the same uid
    finally:
        release_box(box)
    assert first == "add_key EPERM\nadd_key_session EPERM\nkeyctl_join EPERM\n", first
    assert second == "request_key EPERM\nkeyctl_search EPERM\nkeyctl_read EPERM\n", second
    assert _key_users(uid) == before  # and the host kernel holds no key for that uid


def test_the_filter_file_is_built_once_per_process_and_rebuilt_if_removed():
    import shutil

    first = seccomp.filter_file()
    assert first == seccomp.filter_file() and first.stat().st_size > 0
    assert oct(first.parent.stat().st_mode & 0o777) == "0o700"  # nobody else can replace it
    shutil.rmtree(first.parent)  # a tmp cleaner on a long-lived worker
    rebuilt = seccomp.filter_file()
    assert rebuilt.is_file() and rebuilt != first and str(rebuilt) in command(["true"], REPO, REPO, {}, Limits(), 0)


def test_a_reference_notebook_runs_in_the_filtered_sandbox():
    """Ordinary work: pandas, matplotlib, scikit-learn (joblib threads), a Python subprocess."""
    from curriculum.instructor.grading.worker import execute_task

    module = "02-training"
    nb = nbformat.read(next((REPO / "source" / module).glob("*.ipynb")), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import subprocess, sys, joblib, numpy as np, matplotlib.pyplot as plt\n"
        "from sklearn.linear_model import LogisticRegression\n"
        "from sklearn.model_selection import cross_val_score\n"
        "X = np.random.RandomState(0).rand(200, 4)\n"
        "y = (X[:, 0] > 0.5).astype(int)\n"
        "with joblib.parallel_backend('threading', n_jobs=2):\n"
        "    print('folds', len(cross_val_score(LogisticRegression(), X, y, cv=3, n_jobs=2)))\n"
        "plt.figure(); plt.plot([1, 2]); plt.savefig('plot.png')\n"
        "print(subprocess.run([sys.executable, '-c', 'print(6 * 7)'], capture_output=True, text=True).stdout)\n"))
    result = execute_task({"student": "x", "module": module, "notebook": nbformat.writes(nb), "inbox": {},
                           "config": {}})
    assert "error" not in result and result["events"] == [], result.get("error") or result["events"]
    executed = nbformat.reads(result["notebook"], as_version=4)
    errors = [(c.source[:60], o.get("ename")) for c in executed.cells for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors == []
    assert "folds 3\n42\n" in "".join(o.get("text", "") for o in executed.cells[-1].outputs)


def test_without_libseccomp_the_sandbox_refuses_unless_told(monkeypatch, course_copy):
    monkeypatch.setitem(sys.modules, "pyseccomp", None)  # as if the library could not be loaded
    monkeypatch.setattr(seccomp, "_filter_file", seccomp._filter_file.__wrapped__)  # no cached filter
    monkeypatch.delenv(UNSAFE_ENV, raising=False)
    with pytest.raises(bwrap.SandboxUnavailable, match="libseccomp cannot be loaded"):
        bwrap.tools()
    refused = CliRunner().invoke(app, ["--course", str(course_copy), "grade"])
    assert refused.exit_code == 2 and "libseccomp" in refused.output, refused.output
    allowed = CliRunner().invoke(app, ["--course", str(course_copy), "grade", "--unsafe-no-sandbox"])
    assert allowed.exit_code == 0 and "WARNING: NO SANDBOX" in allowed.output, allowed.output
    monkeypatch.delenv(UNSAFE_ENV, raising=False)
