"""Accuracy on the hand-checked gold files, measured with the shared scorer.

The thresholds are the project's targets; the scorer is ``../shared/eval/score.py`` itself,
so these tests measure what a user of the gold would measure.
"""
from __future__ import annotations

import importlib.util
import json
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import pytest

from kzfigures.extract import run
from kzfigures.pages import read_page
from kzfigures.table import check_citation, figure_rows
from kzfigures.write import write_outputs

CORE = ("money", "percent", "mass", "rank")


@pytest.fixture(scope="module")
def shared(shared_corpus: Path) -> Path:
    return shared_corpus.parent


@pytest.fixture(scope="module")
def predictions(shared_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    result = run([str(shared_corpus)])
    rows = figure_rows(result.figures)
    out = tmp_path_factory.mktemp("gold")
    written = write_outputs(rows, out, ("parquet",))
    return written["parquet"], rows


def score(shared: Path, parquet: Path, gold: list[Path], kinds: str) -> dict:
    spec = importlib.util.spec_from_file_location("kz_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    buf = StringIO()
    with redirect_stdout(buf):
        module.main([str(parquet), *map(str, gold), "--json", "--kinds", kinds])
    return json.loads(buf.getvalue())


def test_listing_page_money_and_percent(shared: Path, predictions) -> None:
    report = score(shared, predictions[0], [shared / "eval/gold/kz-news-2026-02-27.jsonl"], "money,percent")
    for kind in ("money", "percent"):
        assert report["kinds"][kind]["f1"] >= 0.95, report["kinds"][kind]


def test_listing_page_core(shared: Path, predictions) -> None:
    report = score(shared, predictions[0], [shared / "eval/gold/kz-news-2026-02-27.jsonl"], "core")
    assert report["core"]["f1"] >= 0.97, report["core"]


def test_dev_pages_each_core_kind_and_context(shared: Path, predictions) -> None:
    gold = sorted((shared / "eval/gold/dev").glob("*.jsonl"))
    report = score(shared, predictions[0], gold, "core")
    for kind in CORE:
        assert report["kinds"][kind]["f1"] >= 0.95, (kind, report["kinds"][kind])
    attrs = report["attributes"]
    assert attrs["qualifier"]["accuracy"] >= 0.95, attrs
    assert attrs["change"]["accuracy"] >= 0.95, attrs
    assert attrs["period"]["accuracy"] >= 0.85, attrs


def test_every_row_honours_the_citation_contract(shared_corpus: Path, predictions) -> None:
    rows = predictions[1]
    assert rows, "no figures extracted from the shared corpus"
    bodies: dict[tuple[str, int], str] = {}
    for path in sorted(shared_corpus.rglob("*.txt")):
        for article in read_page(path).articles:
            bodies[(article.source_file, article.position)] = article.body
    for row in rows:
        check_citation(row, bodies[(row["source_file"], row["article_position"])])
