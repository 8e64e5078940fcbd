"""Where notebooks run: worker processes on this machine, or the workers of a Dask cluster.

Both take a task (a dict of plain data) and give back a future; the coordinator waits on any of
them. Local workers start from a forkserver, so they inherit no gradebook connection.
"""
from __future__ import annotations

import logging
import signal
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from curriculum.instructor.grading.worker import execute_task

log = logging.getLogger(__name__)
#: How long a wait for results lasts before the coordinator looks at its stop flag again.
POLL_SECONDS = 1.0


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the coordinator, which stops the run cleanly and then stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class LocalPool:
    """Worker processes on this machine (forkserver: no inherited gradebook connections)."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("forkserver"),
                                   initializer=_ignore_sigint)

    def submit(self, task: dict):
        try:
            return self.pool.submit(execute_task, task)
        except BrokenProcessPool:  # a worker died (killed, out of memory): start a fresh pool
            log.warning("a grading worker died; starting new workers")
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new()
            return self.pool.submit(execute_task, task)

    def wait_any(self, futures):
        """The futures done within POLL_SECONDS (possibly none)."""
        done, _ = wait(futures, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
        return done

    def slots(self) -> int:
        """How many notebooks run at once."""
        return self.workers

    def close(self, now: bool = False):
        """Wait for the workers to finish, or (`now`) stop them: their sandboxes die with them."""
        if now:
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.terminate()
        self.pool.shutdown(wait=not now, cancel_futures=True)


class DaskPool:
    """Workers of a Dask distributed cluster; tasks carry the notebook, results carry the answers."""

    def __init__(self, address: str):
        from distributed import Client

        self.client = Client(address, timeout=30)
        self.submitted: list = []

    def submit(self, task: dict):
        future = self.client.submit(execute_task, task, pure=False)
        # only what may still run: a held future keeps its result in the cluster's memory
        self.submitted = [f for f in self.submitted if not f.done()] + [future]
        return future

    def wait_any(self, futures):
        """The futures done within POLL_SECONDS (possibly none)."""
        from distributed import wait as dask_wait
        from distributed.utils import TimeoutError as DaskTimeout

        try:
            return dask_wait(list(futures), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED").done
        except (TimeoutError, DaskTimeout):
            return set()

    def slots(self) -> int:
        """How many notebooks run at once: the cluster's threads (at least one)."""
        return max(1, sum(self.client.nthreads().values()))

    def close(self, now: bool = False):
        """Disconnect (`now`: cancel this run's tasks first)."""
        if now:
            self.client.cancel([f for f in self.submitted if not f.done()])
        self.client.close()
