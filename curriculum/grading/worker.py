"""The worker's whole job: run one prepared notebook in the sandbox and hand back plain data.

A task carries the notebook (already sanitized by nbgrader, test cells swapped for exports) and the
grader's probe files; the result carries the executed notebook and the answer files the kernel
exported. Workers never open the gradebook or the course folder, so they can be local processes
or Dask workers on other machines; the coordinator judges and records.
"""
from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

MAX_FILES = 500
MAX_FILE_BYTES = 25_000_000
MAX_TOTAL_BYTES = 60_000_000


def read_tree(folder: Path) -> dict[str, bytes]:
    """Regular files under `folder` as {relative path: bytes}: no links followed, sizes capped."""
    files: dict[str, bytes] = {}
    total = 0
    if not folder.is_dir():
        return files
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in sorted(filenames):
            path = Path(dirpath) / name
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
            except OSError:
                continue  # a symlink or a vanished file: not an answer
            try:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                    continue
                if len(files) >= MAX_FILES or total + info.st_size > MAX_TOTAL_BYTES:
                    return files
                with os.fdopen(fd, "rb", closefd=False) as fh:
                    data = fh.read(MAX_FILE_BYTES + 1)
                files[str(path.relative_to(folder))] = data
                total += len(data)
            finally:
                os.close(fd)
    return files


def write_tree(folder: Path, files: dict[str, bytes]) -> None:
    """Write {relative path: bytes} under `folder`, refusing paths that leave it."""
    root = folder.resolve()
    for relative, data in files.items():
        target = (folder / relative).resolve()
        if root not in target.parents:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def execute_task(task: dict) -> dict:
    """Run one notebook in the sandbox; return the executed notebook, outbox files and events."""
    import nbformat
    from traitlets.config import Config

    from ..sandbox.execute import SandboxedExecute
    from ..sandbox.kernel import prepare_box, release_box

    task_started = time.monotonic()
    box = prepare_box(Path(tempfile.mkdtemp(prefix="curriculum-judge-")))
    try:
        write_tree(box / "inbox", task["inbox"])
        config = Config(task.get("config") or {})
        nb = nbformat.reads(task["notebook"], as_version=4)
        resources = {"nbgrader": {"assignment": task["module"], "student": task["student"]},
                     "curriculum": {"box": str(box), "events": []}}
        executor = SandboxedExecute(config=config)
        started = time.monotonic()
        try:
            nb, resources = executor.preprocess(nb, resources)
        except Exception as exc:  # noqa: BLE001 - the machinery's (a learner's crash is handled inside)
            return {"error": f"{type(exc).__name__}: {str(exc)[:300]}", "retry": True,
                    "events": resources["curriculum"]["events"]}
        result = {"notebook": nbformat.writes(nb), "outbox": read_tree(box / "outbox"),
                  "events": resources["curriculum"]["events"], "seconds": time.monotonic() - started}
    finally:
        release_box(box)
    result["task_seconds"] = time.monotonic() - task_started  # with the box, the copies and clean-up
    return result
