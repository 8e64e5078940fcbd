"""Where notebooks run: worker processes on this machine, or the workers of a Dask cluster.

Both take a task (a dict of plain data) and give back a future; the coordinator waits on any of
them. Local workers start from a forkserver, so they inherit no gradebook connection.
"""
from __future__ import annotations

import logging
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from .worker import execute_task

log = logging.getLogger(__name__)


class LocalPool:
    """Worker processes on this machine (forkserver: no inherited gradebook connections)."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("forkserver"))

    def submit(self, task: dict):
        try:
            return self.pool.submit(execute_task, task)
        except BrokenProcessPool:  # a worker died (killed, out of memory): start a fresh pool
            log.warning("a grading worker died; starting new workers")
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new()
            return self.pool.submit(execute_task, task)

    def wait_any(self, futures):
        done, _ = wait(futures, return_when=FIRST_COMPLETED)
        return done

    def slots(self) -> int:
        """How many notebooks run at once."""
        return self.workers

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskPool:
    """Workers of a Dask distributed cluster; tasks carry the notebook, results carry the answers."""

    def __init__(self, address: str):
        from distributed import Client

        self.client = Client(address, timeout=30)

    def submit(self, task: dict):
        return self.client.submit(execute_task, task, pure=False)

    def wait_any(self, futures):
        from distributed import wait as dask_wait

        return dask_wait(list(futures), return_when="FIRST_COMPLETED").done

    def slots(self) -> int:
        """How many notebooks run at once: the cluster's threads (at least one)."""
        return max(1, sum(self.client.nthreads().values()))

    def close(self):
        self.client.close()
