"""`period_start` / `period_end`: every shape of `period` as an inclusive range of days."""
from __future__ import annotations

from datetime import date

import pytest

from kzfigures.context.bounds import period_bounds

CASES = [
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
    ("2024-Q4", date(2024, 10, 1), date(2024, 12, 31)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
    ("2025-01/2025-09", date(2025, 1, 1), date(2025, 9, 30)),
    ("2024-11/2025-02", date(2024, 11, 1), date(2025, 2, 28)),
    ("1993/2025", date(1993, 1, 1), date(2025, 12, 31)),
    ("2025/2026", date(2025, 1, 1), date(2026, 12, 31)),
    ("2023-01-01", date(2023, 1, 1), date(2023, 1, 1)),
    (None, None, None),
    ("", None, None),
    ("2025-13", None, None),
    ("2025/2020", None, None),
    ("soon", None, None),
]


@pytest.mark.parametrize(("period", "start", "end"), CASES)
def test_period_bounds(period, start, end) -> None:
    assert period_bounds(period) == (start, end)
