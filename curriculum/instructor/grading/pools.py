"""Where notebooks run: worker processes on this machine, or the workers of a Dask cluster.

Both take a task (a dict of plain data) and give back a future; the coordinator waits on any of
them. Local workers start from a forkserver, so they inherit no gradebook connection.

Teardown: each worker releases its boxes when it is stopped and sweeps those of killed workers when
it starts (worker.start_worker, set up here for local workers and by a plugin on Dask's). Stopping
the local pool (`close(now=True)`, on Ctrl-C or any failure of the coordinator) waits for its
workers to die, then releases whatever box any of them still owns, so none outlives the run.
"""
from __future__ import annotations

import logging
import signal
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from curriculum.instructor.grading.worker import dask_plugin, execute_task, start_worker
from curriculum.instructor.sandbox.boxes import sweep_stale_boxes

log = logging.getLogger(__name__)
#: How long a wait for results lasts before the coordinator looks at its stop flag again.
POLL_SECONDS = 1.0
#: How long a stopped worker has to release its box and die before it is killed.
STOP_SECONDS = 15.0


def _start_local_worker() -> None:
    """Workers leave Ctrl-C to the coordinator, which stops the run cleanly and then stops them (SIGTERM,
    on which they release their boxes)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    start_worker(signals=True)


class LocalPool:
    """Worker processes on this machine (forkserver: no inherited gradebook connections)."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pids: set[int] = set()  # every worker this pool has started: their boxes are this run's
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("forkserver"),
                                   initializer=_start_local_worker)

    def _processes(self) -> list:
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pids.update(p.pid for p in processes if p.pid)
        return processes

    def submit(self, task: dict):
        try:
            future = self.pool.submit(execute_task, task)
        except BrokenProcessPool:  # a worker died (killed, out of memory): start a fresh pool
            log.warning("a grading worker died; starting new workers")
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new()
            future = self.pool.submit(execute_task, task)
        self._processes()  # the pool starts its workers as tasks arrive
        return future

    def wait_any(self, futures):
        """The futures done within POLL_SECONDS (possibly none)."""
        done, _ = wait(futures, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
        return done

    def slots(self) -> int:
        """How many notebooks run at once."""
        return self.workers

    def close(self, now: bool = False):
        """Wait for the workers to finish, or (`now`) stop them: their sandboxes die with them, and
        once they are gone no box of theirs is left, mounted or not."""
        processes = self._processes()
        if not now:
            try:
                self.pool.shutdown(wait=True, cancel_futures=True)
            except BaseException:  # Ctrl-C while the workers finish their last notebooks: stop them now
                self.close(now=True)
                raise
        else:
            for process in processes:
                process.terminate()  # SIGTERM: each releases its own box, then dies
            for process in processes:
                process.join(STOP_SECONDS)
                if process.is_alive():
                    process.kill()
                    process.join(STOP_SECONDS)
            self.pool.shutdown(wait=False, cancel_futures=True)
        sweep_stale_boxes(owners=self.pids)  # what a worker killed outright left


class DaskPool:
    """Workers of a Dask distributed cluster; tasks carry the notebook, results carry the answers."""

    def __init__(self, address: str):
        from distributed import Client

        self.client = Client(address, timeout=30)
        self.submitted: list = []
        try:  # each worker sweeps the boxes of killed ones as it starts, and releases its own as it stops
            self.client.register_plugin(dask_plugin())
        except Exception as exc:  # noqa: BLE001 - without it, each worker still sweeps at its first task
            log.warning("could not register the box clean-up on the Dask workers: %s", exc)

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
