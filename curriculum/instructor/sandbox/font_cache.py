"""Matplotlib's font list, built once per grading process and shown read-only to every sandbox.

Each sandbox starts with an empty /tmp, so matplotlib would scan the fonts and write its font list
again in every learner's kernel: about 0.12 s per submission (benchmarks/sandbox_overhead.py). The
grader builds the list once, with trusted code and the sandbox's view of fonts (system fonts under
/usr, no home folder), and every sandbox mounts that file read-only, so no learner can change what
another learner's kernel reads. A worker that is terminated skips its exit handler, so its folder
stays until the next grading process on the machine sweeps the folders of processes that are gone;
if a folder disappears under a running worker, the next sandbox builds it again.
"""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from curriculum.instructor.sandbox.boxes import sweep_stale_boxes

#: Where the kernel's matplotlib keeps its caches inside the sandbox (MPLCONFIGDIR).
SANDBOX_DIR = "/tmp/matplotlib"

_BUILD = ("import json, sys, matplotlib as mpl, matplotlib.font_manager as fm; "
          "sys.stdout.write(json.dumps(str(mpl.get_cachedir() + '/fontlist-v%s.json' % fm.FontManager.__version__)))")


@lru_cache(maxsize=None)
def font_list() -> Path | None:
    """The font list file for this process's sandboxes, or None if it cannot be built (no harm:
    each kernel then builds its own, as before)."""
    sweep_stale_boxes(pattern="curriculum-fonts-*")
    folder = Path(tempfile.mkdtemp(prefix="curriculum-fonts-"))
    (folder / "owner.pid").write_text(str(os.getpid()))  # what the sweep checks
    atexit.register(_remove, folder, os.getpid())
    env = {"PATH": "/usr/bin:/bin", "HOME": "/home/learner", "MPLCONFIGDIR": str(folder), "LANG": "C.UTF-8"}
    try:
        done = subprocess.run([sys.executable, "-I", "-c", _BUILD], env=env, cwd=folder, capture_output=True,
                              text=True, timeout=120)  # -I: nothing from the current folder or PYTHON* runs as root
        path = Path(done.stdout.strip().strip('"'))
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 or not path.is_file() or path.parent != folder:
        return None
    os.chmod(folder, 0o755)
    os.chmod(path, 0o644)
    return path


def bind_args() -> list[str]:
    """bwrap arguments: a writable MPLCONFIGDIR holding the prebuilt font list, read-only."""
    path = font_list()
    if path is not None and not path.is_file():  # a tmp cleaner removed it: build it again
        font_list.cache_clear()
        path = font_list()
    if path is None:
        return []
    return ["--perms", "1777", "--dir", SANDBOX_DIR, "--ro-bind", str(path), f"{SANDBOX_DIR}/{path.name}"]


def _remove(folder: Path, owner: int) -> None:
    if os.getpid() == owner:  # a forked child inherits the handler, never the folder
        shutil.rmtree(folder, ignore_errors=True)

