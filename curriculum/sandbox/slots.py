"""Give every concurrent sandbox its own unprivileged uid.

Linux counts RLIMIT_NPROC per real uid across the whole machine, so if every sandbox ran as
`nobody`, one fork bomb would use up the process limit of every other kernel grading at the same
time (measured: a second sandbox failed with `fork EAGAIN`). Each box claims a free slot by taking
an exclusive lock on a slot file; the lock dies with its process, so a killed worker never leaks a
slot. The uids have no account: the kernel needs none (HOME and USER come from the environment).
"""
from __future__ import annotations

import fcntl
import os
import tempfile
from pathlib import Path

#: Sandbox uids are BASE_UID + slot: far above the accounts and the usual subordinate-id ranges.
BASE_UID = 1_900_000
SLOTS = 4096
_HELD: dict[int, int] = {}  # uid -> fd of its lock file, for the slots this process holds


def lock_dir() -> Path:
    """Where the slot locks live: root's /run when grading as root, else the temp folder."""
    base = Path("/run") if os.geteuid() == 0 and os.access("/run", os.W_OK) else Path(tempfile.gettempdir())
    folder = base / "curriculum-sandbox-slots"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def is_sandbox_uid(uid: int) -> bool:
    """Whether `uid` is one of the sandbox uids (for tests and clean-up)."""
    return BASE_UID <= uid < BASE_UID + SLOTS


def claim() -> int:
    """Lock the first free slot and return its uid; raise if every slot is busy."""
    folder = lock_dir()
    for slot in range(SLOTS):
        fd = os.open(folder / f"{slot}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        uid = BASE_UID + slot
        _HELD[uid] = fd
        return uid
    raise RuntimeError(f"all {SLOTS} sandbox slots are busy on this machine")


def release(uid: int) -> None:
    """Give a slot back (a no-op for a uid this process does not hold)."""
    fd = _HELD.pop(uid, None)
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
