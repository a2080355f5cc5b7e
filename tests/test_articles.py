"""articles.parquet: every article's text beside the figures, so that every citation can
be checked by a reader of the output alone."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kzfigures.articles import ARTICLE_COLUMN_NAMES, ARTICLES_SCHEMA
from kzfigures.cli import main
from kzfigures.readers import read_file



@pytest.fixture(scope="module")
def output(crawl_output: Path) -> Path:
    return crawl_output


def test_every_citation_holds_against_the_article_text(output) -> None:
    articles = pq.read_table(output / "articles.parquet").to_pylist()
    bodies = {(a["source_file"], a["article_position"]): a for a in articles}
    rows = pq.read_table(output / "figures.parquet").to_pylist()
    assert len(rows) > 200
    for row in rows:
        article = bodies[(row["source_file"], row["article_position"])]
        assert article["article_id"] == row["article_id"]
        assert article["url"] == row["url"] and article["title"] == row["title"]
        assert article["body"][row["char_start"]:row["char_end"]] == row["span"]


def test_every_article_read_is_a_row_in_file_order(output) -> None:
    table = pq.read_table(output / "articles.parquet")
    # Parquet has no seconds unit: `published` comes back as milliseconds, nothing else differs
    assert table.cast(ARTICLES_SCHEMA).schema.equals(ARTICLES_SCHEMA, check_metadata=True)
    assert [f.nullable for f in table.schema] == [f.nullable for f in ARTICLES_SCHEMA]
    assert tuple(table.column_names) == ARTICLE_COLUMN_NAMES
    rows = table.to_pylist()
    keys = [(r["source_file"], r["article_position"]) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    expected = []
    for path in sorted({Path(r["source_file"]) for r in rows}):
        expected += [(path.as_posix(), a.position, a.body) for a in read_file(path).articles]
    assert [(r["source_file"], r["article_position"], r["body"]) for r in rows] == sorted(expected)
    with_figures = {(r["source_file"], r["article_position"])
                    for r in pq.read_table(output / "figures.parquet").to_pylist()}
    assert set(keys) > with_figures  # articles without figures are there too


def test_articles_file_is_deterministic_and_survives_the_cache(output, shared_corpus, tmp_path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    page = str(shared_corpus / "kz-news-2026-02-27.txt")
    assert main(["extract", page, "-o", str(first), "-q", "--no-cache"]) == 0
    assert main(["extract", page, "-o", str(second), "-q"]) == 0
    assert main(["extract", page, "-o", str(second), "-q"]) == 0  # from the cache
    assert (first / "articles.parquet").read_bytes() == (second / "articles.parquet").read_bytes()
