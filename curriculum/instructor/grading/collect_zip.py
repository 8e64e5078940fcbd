"""Unpack an LMS zip for collect, refusing what it cannot read and what would fill the disk.

Entries that would escape (``..``, absolute, ``C:``) or whose names no file system takes are kept
aside under a safe name rather than lost. A zip bomb is refused whole, before anything is written:

- the sizes the archive declares (``ZipInfo.file_size``) are summed first, and an archive over
  ``CURRICULUM_ZIP_MAX_BYTES`` (default `ZIP_MAX_BYTES`, 2 GiB) is refused;
- an entry over `ZIP_RATIO_FLOOR` (1 MB) that unpacks to more than ``CURRICULUM_ZIP_MAX_RATIO``
  (default `ZIP_MAX_RATIO`, 200) times its compressed size is refused (a notebook compresses a few
  times, a bomb a thousand);
- each entry is copied through a counter, and one that produces more bytes than its header declares
  stops there: a lying header never gets past.

Raise a limit for one run with the environment variable, e.g. ``CURRICULUM_ZIP_MAX_BYTES=8000000000
curriculum collect ...``. The refusal is one line naming the archive, the size and the limit.
"""
from __future__ import annotations

import errno
import os
import re
import zipfile
import zlib
from pathlib import Path

from curriculum.instructor.untrusted import shown

REFUSED_DIR = "refused-zip-entries"  # where escaping or over-long zip entries are kept, under a safe name
DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EIO}  # this machine's, not the zip's
DAMAGED = "{} is a damaged or incomplete zip file (the download may have been cut off): download it again"

#: The most bytes one archive may unpack to, summed over its entries (CURRICULUM_ZIP_MAX_BYTES).
ZIP_MAX_BYTES = 2 * 1024 ** 3
#: The most an entry may grow when unpacked, uncompressed over compressed size (CURRICULUM_ZIP_MAX_RATIO) ...
ZIP_MAX_RATIO = 200
#: ... for an entry that unpacks to more than this many bytes (a small file may compress very well).
ZIP_RATIO_FLOOR = 1_000_000
CHUNK = 1 << 20


class NotASubmissionSource(ValueError):
    """The path given to collect is not a folder or a readable zip file; the message says what to do."""


class ZipTooLarge(NotASubmissionSource):
    """The zip would unpack to more than the limits allow (a zip bomb, or a header that lies)."""


def zip_limits() -> tuple[int, float]:
    """(most bytes, most compression ratio): the environment's CURRICULUM_ZIP_MAX_BYTES and
    CURRICULUM_ZIP_MAX_RATIO when set, else ZIP_MAX_BYTES and ZIP_MAX_RATIO."""
    limits = []
    for name, default, kind in (("CURRICULUM_ZIP_MAX_BYTES", ZIP_MAX_BYTES, int),
                                ("CURRICULUM_ZIP_MAX_RATIO", ZIP_MAX_RATIO, float)):
        raw = os.environ.get(name, "").strip()
        try:
            value = kind(raw.replace("_", "")) if raw else default
        except ValueError:
            value = -1
        if not value > 0:  # also NaN
            raise NotASubmissionSource(f"{name}={shown(raw)} is not a positive number: set it to a number "
                                       f"(the default is {default}) or unset it")
        limits.append(value)
    return limits[0], limits[1]


def check_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Refuse the whole archive when what it declares is over a limit (see the module's docstring)."""
    max_bytes, max_ratio = zip_limits()
    declared = sum(m.file_size for m in members)
    if declared > max_bytes:
        raise ZipTooLarge(f"{path} would unpack to {declared:,} bytes ({declared / 2 ** 30:.1f} GiB), over the limit "
                          f"of {max_bytes:,} ({max_bytes / 2 ** 30:.1f} GiB): nothing was collected; if it is "
                          "genuine, raise the limit with CURRICULUM_ZIP_MAX_BYTES=<bytes>")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_FLOOR and ratio > max_ratio:
            raise ZipTooLarge(f"{path}: the entry '{shown(member.filename, limit=120)}' would unpack to "
                              f"{member.file_size:,} bytes, {ratio:,.0f} times its compressed size, over the limit "
                              f"of {max_ratio:g}:1 (a zip bomb?): nothing was collected; if it is genuine, raise "
                              "the limit with CURRICULUM_ZIP_MAX_RATIO=<ratio>")


def copy_capped(src, dst, declared: int, path: Path, entry: str) -> None:
    """Copy `src` to `dst` through a counter: an entry that gives more than its `declared` size stops."""
    written = 0
    while chunk := src.read(CHUNK):
        written += len(chunk)
        if written > declared:
            raise ZipTooLarge(f"{path}: the entry '{shown(entry, limit=120)}' unpacks to more than the "
                              f"{declared:,} bytes its header declares (a forged or damaged zip): nothing was "
                              "collected; download it again")
        dst.write(chunk)


def free(target: Path, data: bytes | None = None) -> Path | None:
    """`target`, or "name (2).ext" etc. if taken: `bob\\nb` and `bob/nb` (or a repeated entry) both
    survive. Given the bytes to store, None when a file of that name already holds them."""
    n = 1
    while target.exists():
        if data is not None and same(target, data):
            return None
        n += 1
        target = target.with_name(f"{target.stem.rsplit(' (', 1)[0]} ({n}){target.suffix}")
    return target


def same(path: Path, data: bytes) -> bool:
    return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data


def _place(member: zipfile.ZipInfo, index: int, workdir: Path, refused_dir: Path,
           refused: list, order: list[Path]) -> Path | None:
    """Where an entry goes: workdir, or refused_dir with the reason noted; None for a folder entry."""
    name = member.filename.replace("\\", "/")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or name.endswith("/"):
        return None  # a folder entry: folders are made as files need them
    escapes = name.startswith("/") or ".." in parts or re.match(r"^[A-Za-z]:", name)
    if any(len(p.encode()) > 255 for p in parts):  # more than a file system takes
        target = free(refused_dir / f"entry-{index + 1}{Path(parts[-1][-20:]).suffix}")
        refused.append((shown(member.filename), target.relative_to(refused_dir), "the name is too long for "
                        f"a file system (over 255 bytes): kept as {REFUSED_DIR}/{shown(target.name)}"))
    elif escapes:
        kept = [p for p in parts if p != ".." and not re.match(r"^[A-Za-z]:$", p)] or ["entry"]
        target = free(refused_dir.joinpath(*kept))
        refused.append((shown(member.filename), target.relative_to(refused_dir), "the zip entry points "
                        "outside the archive (../ or an absolute path): kept under " + REFUSED_DIR))
    else:
        target = free(workdir.joinpath(*parts))
        order.append(target)
    return target


def extract(path: Path, workdir: Path, refused_dir: Path, order: list[Path]) -> list[tuple[str, Path, str]]:
    """Unpack a zip into `workdir`, reading Windows `\\` as `/` (zipfile keeps it literal on POSIX).

    Entries that would escape (``..``, absolute, ``C:``) go to `refused_dir` under a path made safe,
    so they can be set aside rather than lost; returns (entry, path in refused_dir, reason) for them,
    the entry's name made safe to show. `order` receives the extracted files in the zip's order, so a
    repeated entry's last copy wins. Any failure to read (password, unknown compression, corruption)
    or a size over the limits is one NotASubmissionSource that says what to do (zipfile's own
    messages name a ZipInfo or a CRC).
    """
    refused: list[tuple[str, Path, str]] = []
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if any(member.flag_bits & 0x1 for member in members):
                raise NotASubmissionSource(f"{path} is password-protected: download it again without a password, "
                                           "or unzip it yourself and collect the folder")
            check_sizes(path, members)
            for index, member in enumerate(members):
                target = _place(member, index, workdir, refused_dir, refused, order)
                if target is None:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as src, open(target, "wb") as dst:
                    copy_capped(src, dst, member.file_size, path, member.filename)
    except NotImplementedError as exc:
        raise NotASubmissionSource(f"{path} uses a compression method collect cannot read ({shown(exc)}): unzip "
                                   "it with your system's tool and collect the folder") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise NotASubmissionSource(f"{DAMAGED.format(path)} ({shown(exc, limit=300)})") from exc
    except (OSError, RuntimeError) as exc:
        if isinstance(exc, OSError) and exc.errno in DISK_ERRORS:  # this machine's disk, not the zip: stop
            raise
        raise NotASubmissionSource(f"{path} is not a readable zip file ({shown(exc, limit=300)})") from exc
    return refused
