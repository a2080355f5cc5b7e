"""Figures in titles: a headline figure is a figure of its article, cited in the title.

Each case is a page (in one of the crawler's layouts) and the figures expected from its title:
span, kind, value, unit, period and where the period came from. Every title row must honour
the citation contract in the title (``title[char_start:char_end] == span``, the sentence is the
whole title at offset 0) and give the title's line of the page.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kzfigures.extract import run
from kzfigures.table import check_citation, figure_rows

TITLE_CASES = [
    pytest.param(
        " date 2025-02-20 Kazakhstan's Foreign Trade Hits $96.3 Billion in 2024\n"
        "ASTANA - Foreign trade turnover reached $96.3 billion in 2024, up 2.1%.\n",
        1, [("$96.3 Billion", "money", 96.3e9, "USD", "2024", "stated")],
        id="money, period stated in the title"),
    pytest.param(
        " date 2026-02-18 17.02.2026, 09:40 7716\n"
        "Potato harvest exceeds 3.9 million tons\n"
        "In 2025, farmers harvested 3.95 million tons of potatoes.\n",
        2, [("3.9 million tons", "mass", 3.9e6, "t", "2025", "article")],
        id="mass on a listing page, period from the article"),
    pytest.param(
        " date 2025-06-18 Kazakhstan down to 41st position in competitiveness ranking\n"
        "Kazakhstan dropped to 41st place in the 2025 ranking, the agency reported.\n",
        1, [("41st position", "rank", 41, "rank", "2025", "article")],
        id="rank, period from the article"),
    pytest.param(
        "Exports of flour up 7.5% in eight months\n"
        "photo: archive\n"
        "In January-August 2025, flour exports rose by 7.5% to 1.6 million tons.\n",
        1, [("7.5%", "percent", 7.5, "percent", "2025-01/2025-08", "stated")],
        id="percent, page without prefix, the title's months in the body's year"),
    pytest.param(
        " date 2025-10-01 Samruk-Kazyna to invest $2 billion and 400 bln tenge in chemicals\n"
        "The fund said the plants would be built by 2030 and employ 1,200 workers.\n",
        1, [("$2 billion", "money", 2e9, "USD", None, None),
            ("400 bln tenge", "money", 400e9, "KZT", None, None)],
        id="two figures, target year not carried"),
    pytest.param(
        " date 2025-10-01 Kazakhstan and Oman sign road map on transit\n"
        "The ministers signed a road map on transit in 2025 worth $30 million.\n",
        1, [], id="a title without a figure"),
]


def _write(tmp_path: Path, text: str) -> Path:
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    return page


@pytest.mark.parametrize(("text", "line", "expected"), TITLE_CASES)
def test_title_figures(tmp_path: Path, text: str, line: int, expected: list[tuple]) -> None:
    rows = figure_rows(run([str(_write(tmp_path, text))]).figures)
    title_rows = [r for r in rows if r["section"] == "title"]
    got = [(r["span"], r["kind"], r["value"], r["unit"], r["period"], r["period_source"]) for r in title_rows]
    want = [(s, k, float(v), u, p, ps) for s, k, v, u, p, ps in expected]
    assert got == want
    for r in title_rows:
        title = r["title"]
        assert title[r["char_start"]:r["char_end"]] == r["span"]
        assert r["sentence"] == title and r["sentence_start"] == 0 and r["paragraph"] == 0
        assert r["line"] == line
        check_citation(r, body="", title=title)
    # the body's figures are still there, cited in the body
    assert any(r["section"] == "body" for r in rows)


def test_title_rows_come_first_and_body_rows_keep_their_offsets(tmp_path: Path) -> None:
    text, _, _ = TITLE_CASES[0].values
    rows = figure_rows(run([str(_write(tmp_path, text))]).figures)
    from kzfigures.table import to_arrow
    table = to_arrow(rows).to_pylist()
    assert [r["section"] for r in table] == ["title", "body", "body"]
    body = text.split("\n", 1)[1].rstrip("\n")
    for r in table[1:]:
        check_citation(r, body=body, title=r["title"])


def test_check_citation_reads_the_field_the_section_names() -> None:
    row = {"section": "title", "char_start": 4, "char_end": 8, "span": "$5bn", "sentence_start": 0,
           "sentence": "Tax $5bn"}
    check_citation(row, body="", title="Tax $5bn")
    with pytest.raises(ValueError, match="title"):
        check_citation(row, body="Tax $5bn", title="Tax")
    with pytest.raises(ValueError):
        check_citation(dict(row, section="body"), body="", title="Tax $5bn")
