"""Scratch folders for one notebook run ("boxes"): made, owned, given back and swept.

A sandbox box is a tmpfs of its own with a sandbox uid claimed for it (slots.py); a scratch box is a
plain private folder for the coordinator's side. Each box records its owner's pid, so a later run
sweeps the boxes of runs that were killed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from curriculum.instructor.sandbox import slots

#: The group of every sandbox (Debian's `nogroup`); each sandbox has its own uid (slots.py).
SANDBOX_GID = 65534
#: Where the executor writes the box's path into a prepared notebook (the box may be another
#: machine's folder, so the coordinator cannot know it): the executor replaces this token.
BOX_TOKEN = "__CURRICULUM_BOX__"


def prepare_box(box: Path, size_bytes: int = 128 << 20) -> Path:
    """Make the private folder for one run: sockets and answers writable by its sandbox uid only.

    As root, the box is its own tmpfs of `size_bytes`, so a kernel that writes without end fills
    the box, not the grader's disk, and it claims a sandbox uid of its own (slots.py). The box
    itself, the connection file and the grader's probes (inbox/) stay owned by root and read-only
    to the kernel; ipc/ and outbox/ belong to the box's uid.
    """
    box.mkdir(mode=0o755, parents=True, exist_ok=True)
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_bytes},mode=0755,nosuid,nodev",
                                  "curriculum-box", str(box)], capture_output=True, text=True)
        if mounted.returncode != 0:  # never fall back to an unlimited box on the grader's disk
            raise RuntimeError(f"cannot mount the sandbox's scratch space: {mounted.stderr.strip()}")
    try:
        os.chmod(box, 0o755)
        (box / "owner.pid").write_text(str(os.getpid()))  # lets a later run sweep boxes of killed runs
        uid = slots.claim() if os.geteuid() == 0 else os.getuid()
        (box / "uid").write_text(str(uid))
        for sub in ("ipc", "outbox"):
            (box / sub).mkdir(exist_ok=True)
            if os.geteuid() == 0:
                os.chown(box / sub, uid, SANDBOX_GID)
                os.chmod(box / sub, 0o700)
    except BaseException:
        release_box(box)
        raise
    return box


def scratch_box(box: Path) -> Path:
    """A plain private folder for the coordinator's side (probes to send, answers to judge).

    No student code ever runs there, so it needs no tmpfs of its own and no sandbox uid: two
    fewer `mount` calls and no uid claimed per submission.
    """
    box.mkdir(mode=0o700, parents=True, exist_ok=True)
    (box / "owner.pid").write_text(str(os.getpid()))
    for sub in ("inbox", "outbox"):
        (box / sub).mkdir(exist_ok=True)
    return box


def box_uid(box: Path) -> int:
    """The uid the box's kernel runs as."""
    return int((box / "uid").read_text())


def release_box(box: Path) -> None:
    """Give back the box's uid, unmount (if mounted) and delete it after the judge has read it."""
    try:
        slots.release(box_uid(box))
    except (OSError, ValueError):
        pass
    if os.path.ismount(box):
        subprocess.run(["umount", "-l", str(box)], check=False, capture_output=True)
    shutil.rmtree(box, ignore_errors=True)


def sweep_stale_boxes(folder: Path | None = None, pattern: str = "curriculum-judge-*",
                      owners: set[int] | None = None) -> int:
    """Release the boxes (or other folders with an owner.pid) left by processes that are gone
    (only those of `owners`, if given: for example the workers of one pool)."""
    import tempfile

    swept = 0
    for box in Path(folder or tempfile.gettempdir()).glob(pattern):
        try:
            owner = int((box / "owner.pid").read_text())
            if owners is not None and owner not in owners:
                continue  # another run's
            os.kill(owner, 0)
            continue  # its run is still going
        except ProcessLookupError:
            pass  # its run was killed: sweep it
        except (OSError, ValueError):
            continue  # no owner recorded (yet): never touch it
        release_box(box)
        swept += 1
    return swept
