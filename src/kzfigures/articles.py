"""The article texts beside the figures: ``articles.parquet``.

Every figure cites its article by ``source_file`` and ``article_position`` (and
``article_id``) and its place by character offsets into the article's ``body``. This
table holds those bodies, one row per article read (with or without figures), so that
anyone can check a citation, ``body[char_start:char_end] == span``, and show a figure in
its context without the crawled files at hand. For HTML, WARC and JSON Lines input the
body is the extracted text, which the offsets cite.

Rows are sorted by source_file and article_position; the file is written with the same
pinned Parquet options as the figures, so the same input gives the same bytes.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import pyarrow as pa

from kzfigures.model import Article
from kzfigures.table import Column
from kzfigures.table import _naive_seconds as naive_seconds

ARTICLES_NAME = "articles.parquet"

_STR = pa.string()
_I32 = pa.int32()

ARTICLE_COLUMNS: tuple[Column, ...] = (
    Column("source_file", _STR, "Crawled file the article was read from, as in the figures table."),
    Column("article_position", _I32, "0-based position of the article within its file; with "
           "`source_file` it joins the figures table."),
    Column("article_id", _STR, "Content hash of the article, as in the figures table (the same "
           "article read from two files has the same id)."),
    Column("url", _STR, "Address of the article's page; null when the input gives none.",
           nullable=True),
    Column("title", _STR, "Article title; null when the page gives none.", nullable=True),
    Column("published", pa.timestamp("s"), "Publication date and time, as in the figures "
           "table; null when unknown.", nullable=True),
    Column("crawl_date", pa.date32(), "Date the page was crawled; null when unknown.",
           nullable=True),
    Column("header_number", pa.int64(), "Number printed in the article's header on "
           "multi-article pages; null when absent.", nullable=True),
    Column("line", _I32, "1-based line of the file where the article starts (for JSON Lines "
           "the record's line; for HTML and WARC 1, the start of the extracted text)."),
    Column("body", _STR, "The article text the offsets of its body figures cite: "
           "body[char_start:char_end] == span where `section` is `body` (title figures cite "
           "`title`)."),
)

ARTICLE_COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in ARTICLE_COLUMNS)
ARTICLES_SCHEMA: pa.Schema = pa.schema([c.field for c in ARTICLE_COLUMNS])


def article_rows(articles: Iterable[Article]) -> list[dict[str, Any]]:
    """One plain row per article (what the per-page cache stores)."""
    return [{
        "source_file": a.source_file,
        "article_position": a.position,
        "article_id": a.article_id,
        "url": a.url,
        "title": a.title,
        "published": a.published,
        "crawl_date": a.crawl_date,
        "header_number": a.header_number,
        "line": a.line,
        "body": a.body,
    } for a in articles]


def _key(row: dict[str, Any]) -> tuple[str, int]:
    return row["source_file"], row["article_position"]


def articles_to_arrow(rows: Iterable[dict[str, Any]]) -> pa.Table:
    """The articles table, sorted by file and position, with exactly ``ARTICLES_SCHEMA``."""
    ordered = sorted(rows, key=_key)
    columns = {name: [r[name] for r in ordered] for name in ARTICLE_COLUMN_NAMES}
    columns["published"] = [naive_seconds(v) for v in columns["published"]]
    columns["crawl_date"] = [v.date() if isinstance(v, datetime) else v
                             for v in columns["crawl_date"]]
    arrays = [pa.array(columns[c.name], c.arrow_type) for c in ARTICLE_COLUMNS]
    return pa.Table.from_arrays(arrays, schema=ARTICLES_SCHEMA)
