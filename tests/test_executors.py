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
