"""The page executors: every backend yields results in input order, with bounded look-ahead."""
from __future__ import annotations

import time

import pytest

from kzfigures import executors as X


def slow_square(n: int) -> int:
    """Later items finish first, so an executor that yields in completion order fails."""
    time.sleep(0.01 * (5 - n % 5))
    return n * n


@pytest.mark.parametrize("make", [lambda: X.Serial(), lambda: X.ProcessPool(2)],
                         ids=["serial", "pool"])
def test_results_come_in_input_order(make):
    executor = make()
    try:
        assert list(executor.map(slow_square, range(23))) == [n * n for n in range(23)]
    finally:
        executor.close()


def test_items_are_pulled_lazily_with_a_bounded_window():
    executor = X.ProcessPool(2)
    pulled = []

    def items():
        for n in range(100):
            pulled.append(n)
            yield n

    try:
        results = executor.map(slow_square, items())
        assert next(results) == 0
        # only a window of items is in flight, not the whole input
        assert len(pulled) <= 2 * X.WINDOW_PER_WORKER + 1
        assert list(results) == [n * n for n in range(1, 100)]
    finally:
        executor.close()


@pytest.mark.parametrize("jobs, dask, kind", [(1, None, X.Serial), (0, None, X.Serial),
                                              (3, None, X.ProcessPool)])
def test_make_executor_picks_the_backend(jobs, dask, kind):
    executor = X.make_executor(jobs, dask)
    try:
        assert isinstance(executor, kind)
    finally:
        executor.close()


def square_but_die_on_7(n: int) -> int:
    """Item 7 kills its worker process, as the out-of-memory killer or a crash in C would."""
    if n == 7:
        import os
        import signal
        os.kill(os.getpid(), signal.SIGKILL)
    return slow_square(n)


def test_a_dead_worker_costs_its_item_only():
    """The pool breaks when a worker dies; it is made again, the items in flight are run
    again (alone), and the one that kills its worker is given ``crashed(item)``."""
    executor = X.ProcessPool(2)
    try:
        got = list(executor.map(square_but_die_on_7, range(30), crashed=lambda n: -n))
        assert got == [-7 if n == 7 else n * n for n in range(30)]
        # the pool works after the recovery
        assert list(executor.map(slow_square, range(5))) == [0, 1, 4, 9, 16]
    finally:
        executor.close()


def test_without_crashed_a_dead_worker_stops_the_map():
    from concurrent.futures.process import BrokenProcessPool

    executor = X.ProcessPool(2)
    try:
        with pytest.raises(BrokenProcessPool):
            list(executor.map(square_but_die_on_7, range(10)))
    finally:
        executor.close()


def test_items_given_to_a_pool_already_broken_are_run_again():
    """A worker can die between one result and the next submission: the pool refuses new
    items then, and they are run again in a new pool like those in flight."""
    from concurrent.futures.process import BrokenProcessPool

    executor = X.ProcessPool(2)
    try:
        with pytest.raises(BrokenProcessPool):
            list(executor.map(square_but_die_on_7, [7]))
        assert list(executor.map(slow_square, range(12), crashed=lambda n: -n)) == [n * n for n in range(12)]
    finally:
        executor.close()
