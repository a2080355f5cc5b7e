"""Accuracy on the hand-checked gold files of ``../shared/eval``, measured with its scorer.

The thresholds are the project's targets; the scorer is ``../shared/eval/score.py`` itself
(see the ``score_pages`` fixture), so these tests measure what a user of the gold would.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kzfigures.extract import run
from kzfigures.readers import read_file
from kzfigures.table import check_citation, figure_rows

CORE = ("money", "percent", "mass", "rank")


@pytest.fixture(scope="module")
def gold(shared_corpus: Path) -> Path:
    return shared_corpus.parent / "eval" / "gold"


@pytest.fixture(scope="module")
def listing(score_pages, shared_corpus: Path, gold: Path):
    def score(kinds: str) -> dict:
        return score_pages(shared_corpus / "kz-news-2026-02-27.txt", [gold / "kz-news-2026-02-27.jsonl"], kinds)
    return score


def test_listing_page_money_and_percent(listing) -> None:
    report = listing("money,percent")
    for kind in ("money", "percent"):
        assert report["kinds"][kind]["f1"] >= 0.95, report["kinds"][kind]


def test_listing_page_core(listing) -> None:
    report = listing("core")
    assert report["core"]["f1"] >= 0.97, report["core"]


def test_dev_pages_each_core_kind_and_context(score_pages, shared_corpus: Path, gold: Path) -> None:
    report = score_pages(shared_corpus / "dev", sorted((gold / "dev").glob("*.jsonl")), "core")
    for kind in CORE:
        assert report["kinds"][kind]["f1"] >= 0.95, (kind, report["kinds"][kind])
    attrs = report["attributes"]
    assert attrs["qualifier"]["accuracy"] >= 0.95, attrs
    assert attrs["change"]["accuracy"] >= 0.95, attrs
    assert attrs["period"]["accuracy"] >= 0.85, attrs


def test_counts_and_quantities_on_all_pages(score_pages, shared_corpus: Path, gold: Path) -> None:
    report = score_pages(shared_corpus, sorted(gold.rglob("*.jsonl")), "count,quantity")
    for kind in ("count", "quantity"):
        assert report["kinds"][kind]["f1"] >= 0.85, (kind, report["kinds"][kind])


def test_every_row_honours_the_citation_contract(shared_corpus: Path) -> None:
    rows = figure_rows(run([str(shared_corpus)]).figures)
    assert rows, "no figures extracted from the shared corpus"
    fields: dict[tuple[str, int], tuple[str, str | None]] = {}
    for path in sorted(shared_corpus.rglob("*.txt")):
        for article in read_file(path).articles:
            fields[(article.source_file, article.position)] = (article.body, article.title)
    for row in rows:
        check_citation(row, *fields[(row["source_file"], row["article_position"])])
