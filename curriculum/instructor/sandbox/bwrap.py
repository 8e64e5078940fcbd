"""Build the bubblewrap command that confines one student kernel.

The kernel sees a read-only Python and course package, the module's data files, a private scratch
home and nothing else: no network, no source/, no gradebook, no other submission, no instructor
home or environment. bwrap sets up the mounts as root without a user namespace, then `setpriv`
drops to an unprivileged uid of its own (see slots.py) with no capabilities, so the kernel cannot
remount anything; `prlimit` caps memory, processes, file size and open files; and a seccomp filter
(seccomp.py) refuses the kernel calls a notebook never needs, such as the per-uid keyring that would
outlive the learner. Killing bwrap kills the whole PID namespace, detached processes included.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from curriculum.instructor.sandbox import font_cache, seccomp, slots
from curriculum.instructor.sandbox.boxes import SANDBOX_GID

HOME = "/home/learner"
#: Host paths visible read-only: programs, libraries, fonts. Nothing else of /etc, no /root, no /work.
SYSTEM_PATHS = ("/usr", "/lib", "/lib64", "/bin", "/sbin", "/etc/alternatives", "/etc/ld.so.cache",
                "/etc/localtime", "/etc/fonts", "/etc/ssl/certs")


@dataclass(frozen=True)
class Limits:
    """Resource limits for one notebook run; defaults suit the course's notebooks."""

    cell_seconds: int = 60
    notebook_seconds: int = 300
    memory_bytes: int = 3 << 30
    processes: int = 64
    file_bytes: int = 64 << 20
    scratch_bytes: int = 128 << 20
    output_bytes: int = 2 << 20
    open_files: int = 256


class SandboxUnavailable(RuntimeError):
    """bubblewrap, setpriv, prlimit or libseccomp is missing, so untrusted code cannot be confined here."""


def tools() -> dict[str, str]:
    """Paths of the three programs the sandbox needs; raise a clear error if one (or libseccomp) is missing."""
    found = {name: shutil.which(name) for name in ("bwrap", "setpriv", "prlimit")}
    missing = [name for name, path in found.items() if path is None]
    if not missing and os.geteuid() != 0:
        raise SandboxUnavailable(
            "cannot confine student code: grading must run as root, so that each kernel can be "
            "dropped to an unprivileged user; or pass --unsafe-no-sandbox for trusted work.")
    if missing:
        raise SandboxUnavailable(
            f"cannot confine student code: {', '.join(missing)} not found. Install them "
            "(`apt-get install bubblewrap util-linux`), or pass --unsafe-no-sandbox to grade "
            "trusted work without confinement.")
    _check_uids(found["setpriv"])  # type: ignore[arg-type]
    try:
        seccomp.check()
    except seccomp.SeccompUnavailable as exc:
        raise SandboxUnavailable(f"cannot confine student code: {exc}, or pass --unsafe-no-sandbox to grade "
                                 "trusted work without confinement.") from exc
    return found  # type: ignore[return-value]


@lru_cache(maxsize=None)
def _check_uids(setpriv: str) -> None:
    """Fail early, and clearly, when the sandbox uids do not exist here (an unmapped user namespace)."""
    first, count = slots.uid_range()
    if count < 1:
        raise SandboxUnavailable(
            "cannot confine student code: this user namespace has no uid to spare for sandboxes; "
            f"set ${slots.RANGE_ENV}=FIRST:COUNT to unused uids that exist here.")
    probe = subprocess.run([setpriv, f"--reuid={first}", f"--regid={SANDBOX_GID}", "--clear-groups", "true"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        raise SandboxUnavailable(
            f"cannot confine student code: the sandbox uids {first} to {first + count - 1} cannot be used "
            f"here ({probe.stderr.strip()}); set ${slots.RANGE_ENV}=FIRST:COUNT to uids that exist in "
            "this container or user namespace.")


def _python_roots() -> list[Path]:
    """Folders that hold the interpreter and the venv, mounted read-only at the same paths."""
    roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
             Path(os.path.realpath(sys.executable)).parent.parent}
    return sorted(roots)


def _ancestors(paths: list[str]) -> list[str]:
    """Every parent folder of the bind targets, shortest first, so each is created 0755."""
    parents = {str(p) for path in paths for p in Path(path).parents if str(p) != "/"}
    return sorted(parents, key=lambda p: (p.count("/"), p))


def command(kernel_argv: list[str], box: Path, package_dir: Path, data_files: dict[str, Path],
            limits: Limits, uid: int) -> list[str]:
    """The full argv: (sh, for the seccomp filter's descriptor) bwrap ... setpriv ... prlimit ... <kernel_argv>,
    run as `uid`."""
    paths = tools()
    argv = [paths["bwrap"],
            "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--cap-add", "CAP_SETUID",
            "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP",
            "--hostname", "sandbox", "--clearenv",
            "--proc", "/proc", "--dev", "/dev"]
    # Scratch first: a bind made under /tmp or /home before these tmpfs mounts would be hidden.
    argv += ["--size", str(limits.scratch_bytes), "--perms", "1777", "--tmpfs", "/tmp",
             "--size", str(limits.scratch_bytes), "--perms", "0755", "--tmpfs", "/home",
             "--size", str(limits.scratch_bytes), "--perms", "0777", "--tmpfs", HOME,
             "--perms", "0755", "--dir", f"{HOME}/datasets"] + font_cache.bind_args()
    system = [p for p in SYSTEM_PATHS if os.path.exists(p)]
    binds = system + [str(p) for p in _python_roots()] + [str(package_dir), str(box)]
    for parent in _ancestors(binds):
        if parent not in ("/tmp", "/home", HOME):
            argv += ["--perms", "0755", "--dir", parent]
    for path in system:
        argv += ["--ro-bind", path, path]
    for root in _python_roots():
        argv += ["--ro-bind", str(root), str(root)]
    argv += ["--ro-bind", str(package_dir), str(package_dir)]
    for name, source in sorted(data_files.items()):
        argv += ["--ro-bind", str(source), f"{HOME}/datasets/{name}"]
    argv += ["--bind", str(box), str(box), "--chdir", HOME]
    env = {"HOME": HOME, "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "LANG": "C.UTF-8",
           "USER": "learner", "LOGNAME": "learner",
           "CURRICULUM_DATASETS": f"{HOME}/datasets", "MPLCONFIGDIR": font_cache.SANDBOX_DIR,
           "IPYTHONDIR": "/tmp/ipython", "JUPYTER_RUNTIME_DIR": "/tmp/jupyter",
           "PYTHONDONTWRITEBYTECODE": "1", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    for key, value in env.items():
        argv += ["--setenv", key, value]
    argv += ["--", paths["setpriv"], f"--reuid={uid}", f"--regid={SANDBOX_GID}",
             "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs",
             paths["prlimit"], f"--as={limits.memory_bytes}", f"--nproc={limits.processes}",
             f"--fsize={limits.file_bytes}", f"--nofile={limits.open_files}", "--core=0", "--"]
    return seccomp.wrap(argv + list(kernel_argv))
