"""No sandbox box (a tmpfs under /tmp/curriculum-judge-*) outlives the process that owns it.

A coordinator stopped by Ctrl-C stops its workers and releases what they held; a worker stopped by
SIGTERM mid-task releases its own box; a worker killed outright (SIGKILL) cannot, so the next worker
to start sweeps it. Other runs may grade on this machine at the same time, so only boxes owned
(owner.pid) by this test's processes are counted.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from curriculum.instructor.course import Course
from curriculum.instructor.demo import plan_class, write_submissions
from curriculum.instructor.grading import records
from curriculum.instructor.grading.pools import LocalPool
from curriculum.instructor.release import release

from .conftest import MODULE, dask_cluster, make_course_copy

BIN = Path(sys.executable).parent
SLEEP = "import time\ntime.sleep(45)\n"


def _boxes(owners: set[int]) -> dict[Path, int]:
    """The boxes under the temp folder owned by `owners`: {path: owner pid}."""
    found = {}
    for box in Path(tempfile.gettempdir()).glob("curriculum-judge-*"):
        try:
            owner = int((box / "owner.pid").read_text())
        except (OSError, ValueError):
            continue
        if owner in owners:
            found[box] = owner
    return found


def _mounted(paths) -> list[str]:
    mounts = {line.split()[1] for line in Path("/proc/self/mounts").read_text().splitlines()}
    return [str(p) for p in paths if str(p) in mounts]


def _wait_for(predicate, seconds: float = 120.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def _task(code: str) -> dict:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    return {"student": "x", "module": MODULE, "notebook": nbformat.writes(nb), "inbox": {}, "config": {}}


def _running_sandbox(pool: LocalPool) -> tuple[int, Path]:
    """(worker pid, box) once the pool's worker runs a kernel in a mounted box."""
    def ready():
        boxes = _boxes(pool.pids)
        for box, owner in boxes.items():
            kernels = [p for p in psutil.Process(owner).children() if p.name() == "bwrap"]
            if kernels and _mounted([box]):
                return owner, box
        return None

    return _wait_for(ready)


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_worker_stopped_by_sigterm_mid_task_releases_its_box():
    pool = LocalPool(1)
    try:
        future = pool.submit(_task(SLEEP))
        worker, box = _running_sandbox(pool)
        kernels = [p.pid for p in psutil.Process(worker).children()]
        os.kill(worker, signal.SIGTERM)
        _wait_for(lambda: _gone(worker), 30)
        # nothing else has cleaned up yet: the pool is not closed, no other worker has started
        assert not box.exists() and not _mounted([box])
        assert all(_gone(pid) for pid in kernels)  # its sandbox died with it
        with pytest.raises(Exception):
            future.result(timeout=30)  # the coordinator sees a lost worker, and sends the notebook again
    finally:
        pool.close(now=True)


def test_a_worker_started_after_one_was_killed_sweeps_the_dead_ones_box():
    pool = LocalPool(1)
    try:
        future = pool.submit(_task(SLEEP))
        worker, box = _running_sandbox(pool)
        os.kill(worker, signal.SIGKILL)
        _wait_for(lambda: _gone(worker), 30)
        with pytest.raises(Exception):
            future.result(timeout=30)
        assert box.exists() and _mounted([box])  # a SIGKILL leaves it behind ...
        result = pool.submit(_task("print('next')")).result(timeout=120)  # a new worker, as after a crash
        assert "error" not in result, result
        assert not box.exists() and not _mounted([box])  # ... until the next worker starts
    finally:
        pool.close(now=True)


def test_closing_a_pool_now_leaves_no_box_of_its_workers():
    """What the coordinator does on Ctrl-C or a failure: stop the workers, then release their boxes."""
    pool = LocalPool(2)
    pool.submit(_task(SLEEP))
    pool.submit(_task(SLEEP))
    _wait_for(lambda: len(_boxes(pool.pids)) == 2 and len(_mounted(_boxes(pool.pids))) == 2)
    boxes = list(_boxes(pool.pids))
    pool.close(now=True)
    assert _boxes(pool.pids) == {} and not _mounted(boxes)
    assert all(_gone(pid) for pid in pool.pids)


def test_ctrl_c_on_the_coordinator_leaves_no_box_of_its_own(tmp_path):
    course = Course(make_course_copy(tmp_path / "course"))
    release(course, [MODULE])
    write_submissions(course, MODULE, *plan_class(course, MODULE, size=4))
    for notebook in course.path("submitted").glob(f"*/{MODULE}/*.ipynb"):  # every notebook runs a while
        nb = nbformat.read(notebook, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(SLEEP))
        nbformat.write(nb, notebook)
    env = dict(os.environ, PATH=f"{BIN}:{os.environ['PATH']}")
    proc = subprocess.Popen([str(BIN / "curriculum"), "--course", str(course.root), "grade", MODULE,
                             "--workers", "2"], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen: set[int] = {proc.pid}  # the coordinator and every process it starts (its workers)

    def running() -> bool:
        try:
            seen.update(p.pid for p in psutil.Process(proc.pid).children(recursive=True))
        except psutil.NoSuchProcess:
            return True
        boxes = _boxes(seen)
        return proc.poll() is not None or (len(boxes) == 2 and len(_mounted(boxes)) == 2)

    try:
        _wait_for(running, 180)
        assert proc.poll() is None, "the run ended before Ctrl-C"
        boxes = list(_boxes(seen))
        os.killpg(proc.pid, signal.SIGINT)
        output, _ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, output
    assert _boxes(seen) == {} and not _mounted(boxes), output
    states = {s: records.read(course, MODULE, s).status for s in os.listdir(course.path("submitted"))}
    assert "failed" not in states.values() and "queued" in states.values(), states


def test_dask_workers_sweep_when_a_run_connects_and_release_their_box_on_sigterm():
    from curriculum.instructor.grading.pools import DaskPool

    with dask_cluster(workers=1) as (address, procs):
        gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        stale = Path(tempfile.mkdtemp(prefix="curriculum-judge-"))  # a worker killed before it could release it
        (stale / "owner.pid").write_text(gone.stdout.strip())
        pool = DaskPool(address)
        pool.client.wait_for_workers(1, timeout=60)
        _wait_for(lambda: not stale.exists(), 30)  # swept as the run's clean-up reached the worker
        future = pool.submit(_task(SLEEP))
        tree = lambda: {p.pid for p in psutil.Process(procs[1].pid).children(recursive=True)}  # noqa: E731
        _wait_for(lambda: len(_mounted(_boxes(tree()))) == 1, 120)
        (box, worker), = _boxes(tree()).items()
        DaskPool(address).close()  # another run (a shard) connecting leaves this run's box alone
        time.sleep(1)
        assert box.exists() and _mounted([box])
        os.kill(worker, signal.SIGTERM)  # the worker process itself, not its nanny
        _wait_for(lambda: _gone(worker), 30)
        assert not box.exists() and not _mounted([box])
        future.cancel()
        pool.close(now=True)
