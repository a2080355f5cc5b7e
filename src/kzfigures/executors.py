"""Where page extraction runs: in this process, in a pool of processes, or on Dask.

Every backend has one interface, ``Executor.map(fn, items)``: it calls ``fn`` on each item
and yields the results *in input order*, whatever order they finish in, so a run's output
does not depend on the backend or the number of workers. At most ``window`` items are in
flight at a time (submitted, or finished but waiting for an earlier one), so the memory a
run holds stays bounded however many pages it reads.

``fn`` and the items must be picklable for the process pool and Dask (a module-level
function and paths).

A worker process of the pool that dies (killed by the out-of-memory killer or SIGKILL, or
crashing in C code) breaks the whole pool. The pool is then made again, and each item that
was in flight and had no result is run again alone: an item that breaks the pool when alone
is the one that kills workers, and ``crashed(item)`` gives its result; the others are not
lost. On Dask, the scheduler runs a dead worker's tasks on others and gives up on a task that
has killed several workers; that item is run once more alone, and gets ``crashed(item)`` if
it is given up again. Dask is imported only when a Dask executor is made: the default path
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

    def map(self, fn: Callable[[T], R], items: Iterable[T],
            crashed: Callable[[T], R] | None = None) -> Iterator[R]: ...

    def close(self) -> None: ...


class Serial:
    """Everything in this process, one item after the other."""

    workers = 1

    def map(self, fn: Callable[[T], R], items: Iterable[T],
            crashed: Callable[[T], R] | None = None) -> Iterator[R]:
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


#: For tests only: a pool worker given the page of this file name kills itself with SIGKILL,
#: as the out-of-memory killer would, so that the recovery of a broken pool can be tested
CRASH_ENV = "KZFIGURES_TEST_KILL_WORKER_ON"


def _in_worker(fn: Callable[[T], R], item: T) -> R:
    """``fn(item)`` in a pool worker (with the test hook of ``CRASH_ENV``)."""
    doomed = os.environ.get(CRASH_ENV)
    if doomed and os.path.basename(str(item)) == doomed:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
    return fn(item)


class ProcessPool:
    """``workers`` processes on this machine (``--jobs N``)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = self._start()

    def _start(self) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=self.workers, initializer=_worker_start,
                                   initargs=(os.getpid(),))

    def map(self, fn: Callable[[T], R], items: Iterable[T],
            crashed: Callable[[T], R] | None = None) -> Iterator[R]:
        """Results in input order; with ``crashed``, an item whose worker dies gives
        ``crashed(item)`` and the run goes on (see the module's docstring)."""
        from concurrent.futures.process import BrokenProcessPool

        window = self.workers * WINDOW_PER_WORKER
        pending: deque[tuple[T, Any]] = deque()
        source = iter(items)
        while True:
            while len(pending) < window and (item := next(source, _END)) is not _END:
                pending.append((item, self._submit(fn, item)))
            if not pending:
                return
            item, future = pending[0]
            try:
                value = future.result()
            except BrokenProcessPool:
                if crashed is None:
                    raise
                pending = self._recover(fn, pending, crashed)
                continue
            pending.popleft()
            yield value

    def _recover(self, fn: Callable[[T], R], pending: deque[tuple[T, Any]],
                 crashed: Callable[[T], R]) -> deque[tuple[T, Any]]:
        """After a worker died: a new pool, and every item in flight without a result run
        again alone in it; one that breaks the pool alone gets ``crashed(item)``."""
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._start()
        settled: deque[tuple[T, Any]] = deque()
        for item, future in pending:
            # the pool is shut down: a future not done now never will be
            if not future.done() or future.cancelled() or isinstance(future.exception(), BrokenProcessPool):
                future = self._submit(fn, item)
                try:
                    future.result()
                except BrokenProcessPool:
                    future = Future()
                    future.set_result(crashed(item))
                    self._pool.shutdown(wait=True, cancel_futures=True)
                    self._pool = self._start()
            settled.append((item, future))
        return settled

    def _submit(self, fn: Callable[[T], R], item: T) -> Any:
        """A future of ``fn(item)``; when the pool is already broken (a worker died since the
        last result), a future that holds that error, so the item is run again."""
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._pool.submit(_in_worker, fn, item)
        except BrokenProcessPool as exc:
            future: Future = Future()
            future.set_exception(exc)
            return future

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


_END = object()


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

    def map(self, fn: Callable[[T], R], items: Iterable[T],
            crashed: Callable[[T], R] | None = None) -> Iterator[R]:
        # Dask runs the tasks of a worker that died again on others by itself, and gives up
        # on a task that took down several workers (KilledWorker): that item is ``crashed``.
        # pure=False: a page is extracted even if an equal task ran before (its file may
        # have changed); results come back in submission order.
        from distributed import KilledWorker

        def result(pair: tuple[T, Any]) -> R:
            item, future = pair
            try:
                return future.result()
            except KilledWorker:
                if crashed is None:
                    raise
            # A task that only shared a worker with the killer can be given up too: run it
            # once more, alone, before the next result is looked at.
            try:
                return self._client.submit(_in_worker, fn, item, pure=False).result()
            except KilledWorker:
                return crashed(item)

        return _ordered(lambda item: (item, self._client.submit(_in_worker, fn, item, pure=False)),
                        result, items, self.workers * WINDOW_PER_WORKER)

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
