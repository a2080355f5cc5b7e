"""The first and last day of a period, so that periods can be filtered as dates.

The `period` column keeps the text's precision in a few shapes ("2025", "2025-Q1",
"2025-04", "2025-01/2025-09", "1993/2025", "2023-01-01"); `period_start` and `period_end`
give every one of them as an inclusive range of days:

>>> period_bounds("2025-Q2")
(datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
>>> period_bounds("1993/2025")
(datetime.date(1993, 1, 1), datetime.date(2025, 12, 31))
"""
from __future__ import annotations

import calendar
from datetime import date

import regex

_YEAR = regex.compile(r"(?P<y>\d{4})")
_QUARTER = regex.compile(r"(?P<y>\d{4})-Q(?P<q>[1-4])")
_MONTH = regex.compile(r"(?P<y>\d{4})-(?P<m>\d\d)")
_DAY = regex.compile(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)")


def _first(part: str) -> date | None:
    if m := _DAY.fullmatch(part):
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _MONTH.fullmatch(part):
        return date(int(m["y"]), int(m["m"]), 1)
    if m := _QUARTER.fullmatch(part):
        return date(int(m["y"]), 3 * int(m["q"]) - 2, 1)
    if m := _YEAR.fullmatch(part):
        return date(int(m["y"]), 1, 1)
    return None


def _last(part: str) -> date | None:
    if m := _DAY.fullmatch(part):
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _MONTH.fullmatch(part):
        y, mon = int(m["y"]), int(m["m"])
        return date(y, mon, calendar.monthrange(y, mon)[1])
    if m := _QUARTER.fullmatch(part):
        y, mon = int(m["y"]), 3 * int(m["q"])
        return date(y, mon, calendar.monthrange(y, mon)[1])
    if m := _YEAR.fullmatch(part):
        return date(int(m["y"]), 12, 31)
    return None


def period_bounds(period: str | None) -> tuple[date | None, date | None]:
    """(first day, last day) of a `period` value; (None, None) for None or an unknown shape."""
    if not period:
        return None, None
    try:
        a, _, b = period.partition("/")
        start, end = _first(a), _last(b or a)
    except ValueError:  # "2025-13": not a date
        return None, None
    if start is None or end is None or end < start:
        return None, None
    return start, end
