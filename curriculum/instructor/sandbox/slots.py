"""Give every concurrent sandbox its own unprivileged uid.

Linux counts RLIMIT_NPROC per real uid across the whole machine, so if every sandbox ran as
`nobody`, one fork bomb would use up the process limit of every other kernel grading at the same
time (measured: a second sandbox failed with `fork EAGAIN`). Each box claims a free slot by taking
an exclusive lock on a slot file; the lock dies with its process, so a killed worker never leaks a
slot. The uids have no account: the kernel needs none (HOME and USER come from the environment).

The range must exist where the grader runs: inside a container or user namespace only the mapped
uids do (often 0 to 65535), so the range comes from /proc/self/uid_map, uids that have an account
are skipped, and $CURRICULUM_SANDBOX_UIDS=FIRST:COUNT sets it by hand (for example so that graders
in separate containers on one host never share uids).
"""
from __future__ import annotations

import fcntl
import os
import pwd
import tempfile
from functools import lru_cache
from pathlib import Path

#: Preferred range: far above the accounts and the usual subordinate-id ranges.
BASE_UID = 1_900_000
SLOTS = 4096
RANGE_ENV = "CURRICULUM_SANDBOX_UIDS"
_HELD: dict[int, int] = {}  # uid -> fd of its lock file, for the slots this process holds


def _mapped(uid_map: str) -> list[tuple[int, int]]:
    """(first, count) of each uid range that exists in this user namespace."""
    ranges = []
    for line in uid_map.splitlines():
        parts = line.split()
        if len(parts) == 3:
            ranges.append((int(parts[0]), int(parts[2])))
    return ranges


@lru_cache(maxsize=None)
def uid_range(uid_map: str | None = None, setting: str | None = None) -> tuple[int, int]:
    """(first uid, how many) for sandboxes: the setting, else the preferred range if it is mapped,
    else the upper half of the largest mapped range (at most SLOTS uids)."""
    setting = os.environ.get(RANGE_ENV, "") if setting is None else setting
    if setting:
        first, _, count = setting.partition(":")
        return int(first), int(count or SLOTS)
    if uid_map is None:
        try:
            uid_map = Path("/proc/self/uid_map").read_text()
        except OSError:
            return BASE_UID, SLOTS
    ranges = _mapped(uid_map) or [(BASE_UID, SLOTS)]
    if any(first <= BASE_UID and BASE_UID + SLOTS <= first + count for first, count in ranges):
        return BASE_UID, SLOTS
    first, count = max(ranges, key=lambda r: r[1])
    return first + count // 2, max(0, min(SLOTS, count // 2 - 1))


def lock_dir() -> Path:
    """Where the slot locks live: root's /run when grading as root, else the temp folder."""
    base = Path("/run") if os.geteuid() == 0 and os.access("/run", os.W_OK) else Path(tempfile.gettempdir())
    folder = base / "curriculum-sandbox-slots"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def is_sandbox_uid(uid: int) -> bool:
    """Whether `uid` is one of the sandbox uids (for tests and clean-up)."""
    first, count = uid_range()
    return first <= uid < first + count


def _has_account(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
        return True
    except KeyError:
        return False


def claim() -> int:
    """Lock the first free slot and return its uid; raise if every slot is busy."""
    folder = lock_dir()
    first, count = uid_range()
    for slot in range(count):
        uid = first + slot
        if _has_account(uid):  # a real user's files (and processes) are never a sandbox's
            continue
        fd = os.open(folder / f"{uid}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        _HELD[uid] = fd
        return uid
    raise RuntimeError(f"all {count} sandbox uids ({first} to {first + count - 1}) are busy on this machine")


def release(uid: int) -> None:
    """Give a slot back (a no-op for a uid this process does not hold)."""
    fd = _HELD.pop(uid, None)
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
