"""Where page extraction runs: in this process, in a pool of processes, or on Dask.

Every backend has one interface, ``Executor.map(fn, items)``: it calls ``fn`` on each item
and yields the results *in input order*, whatever order they finish in, so a run's output
does not depend on the backend or the number of workers. At most ``window`` items are in
flight at a time (submitted, or finished but waiting for an earlier one), so the memory a
run holds stays bounded however many pages it reads.

``fn`` and the items must be picklable for the process pool and Dask (a module-level
function and paths). Dask is imported only when a Dask executor is made: the default path
never needs it (``pip install 'kzfigures[dask]'``).
"""
from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: items in flight per worker: enough to keep workers busy, few enough to bound memory
WINDOW_PER_WORKER = 4


class Executor(Protocol):
    """Runs ``fn`` over items, yielding results in input order."""

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class Serial:
    """Everything in this process, one item after the other."""

    workers = 1

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        for item in items:
            yield fn(item)

    def close(self) -> None:
        pass


def _ordered(submit: Callable[[Any], Any], result: Callable[[Any], Any],
             items: Iterable[Any], window: int) -> Iterator[Any]:
    """Submit items keeping at most ``window`` in flight; yield results in input order."""
    pending: deque[Any] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def _worker_start(parent: int) -> None:
    """Set up a worker process: it holds no lock of the parent's, stops on SIGTERM and
    Ctrl-C like any process, and dies with its parent (Linux ``PR_SET_PDEATHSIG``), so a
    run killed with SIGKILL leaves neither workers nor a held lock behind."""
    import signal

    from .lock import close_inherited

    close_inherited()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


class ProcessPool:
    """``workers`` processes on this machine (``--jobs N``)."""

    def __init__(self, workers: int) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start,
                                         initargs=(os.getpid(),))

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return _ordered(lambda item: self._pool.submit(fn, item), lambda f: f.result(),
                        items, self.workers * WINDOW_PER_WORKER)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskCluster:
    """A Dask cluster: ``"local"`` starts one on this machine with ``workers`` processes,
    anything else is a scheduler address (``tcp://host:8786``) whose workers have the same
    kzfigures version installed."""

    def __init__(self, address: str, workers: int = 0) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise RuntimeError(
                "--dask needs dask and distributed: pip install 'kzfigures[dask]'") from exc
        self._cluster = None
        if address == "local":
            n = workers or os.cpu_count() or 1
            self._cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self._client = Client(self._cluster)
        else:
            self._client = Client(address)
        from .dask_worker import Warm

        self._client.register_plugin(Warm())  # every worker loads the rule set once, first
        self.workers = max(1, sum(self._client.nthreads().values()))

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        # pure=False: a page is extracted even if an equal task ran before (its file may
        # have changed); results come back in submission order.
        return _ordered(lambda item: self._client.submit(fn, item, pure=False),
                        lambda f: f.result(), items, self.workers * WINDOW_PER_WORKER)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(jobs: int = 1, dask: str | None = None) -> Serial | ProcessPool | DaskCluster:
    """The executor for ``--jobs``/``--dask``: Dask if an address (or ``local``) is given,
    else a process pool for more than one job, else this process."""
    if dask:
        return DaskCluster(dask, workers=jobs if jobs > 1 else 0)
    if jobs > 1:
        return ProcessPool(jobs)
    return Serial()
