"""One definition of a year (``numbers.YEAR_DIGITS``): the number side, where a year is no
amount or count, and the period side, where a year is a time, agree on every number."""
from __future__ import annotations

import pytest

from kzfigures.context.period import find_times
from kzfigures.numbers import is_year
from kzfigures.scan import sentence_mentions


@pytest.mark.parametrize(("text", "year"), [
    ("2025", True), ("1950", True), ("2099", True), (" 2024 ", True),
    ("1949", False), ("2100", False), ("1800", False), ("2150", False),
    ("2,025", False), ("2025.5", False), ("20250", False), ("205", False), ("two", False),
])
def test_is_year(text: str, year: bool) -> None:
    assert is_year(text) is year


def test_the_number_side_and_the_period_side_agree() -> None:
    for value in range(1000, 3000):
        times = find_times(f"Exports rose in {value}.", None)
        as_time = [(t.period, t.rule) for t in times] == [(str(value), "<year>")]
        assert as_time == is_year(str(value)), value


@pytest.mark.parametrize(("text", "figures", "periods"), [
    # a year is no count; a number outside the years is
    ("The plant hired 2024 workers.", [], ["2024"]),
    ("The plant hired 2150 workers in 2024.", [("2150 workers", "count")], ["2024"]),
    ("The company employs 1800 people.", [("1800 people", "count")], []),
    # a year before a unit word stays a year
    ("In 2024 tenge deposits grew by 5%.", [("5%", "percent")], ["2024"]),
])
def test_years_in_sentences(text: str, figures: list[tuple[str, str]], periods: list[str]) -> None:
    assert [(text[m.start:m.end], m.kind.value) for m in sentence_mentions(text)] == figures
    assert [t.period for t in find_times(text, None)] == periods
