"""Saved HTML pages: the article's main text, title, date and address.

The main text is found by trafilatura, which drops what a page wraps around an article
(menus, footers, share buttons, CSS and scripts): "Top 10" in a menu or ``width:100%`` in a
style sheet is no figure. Entities are decoded by the HTML parser (``&nbsp;`` is a
space once the text is normalised), so ``$81.6&nbsp;billion`` reads as 81.6 billion.

Title, date and address come from the page's own metadata (``og:title``/``<title>``,
``article:published_time`` and the other publication-date tags, the canonical link),
never from the text: a date the article merely mentions is not its publication date.
The date search is bounded by a fixed far date rather than today, so the same page gives
the same row whenever it is read.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

import trafilatura

from kzfigures.model import Article, PageResult, Problem
from kzfigures.pages import article_id, capped_title, normalise_text
from kzfigures.readers.dates import midnight, parse_datetime

# trafilatura and htmldate log what they discard; kzfigures reports problems itself.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False

_DATE_SEARCH = {"extensive_search": False, "original_date": True, "max_date": "2099-12-31"}


@dataclass(frozen=True)
class MainText:
    """What one HTML page gives: title, publication date, address and main text."""

    title: str | None
    published: datetime | None
    url: str | None
    body: str


def main_text(html: bytes | str, url: str | None = None) -> MainText | None:
    """The main text and metadata of an HTML page, or None when it has no main text."""
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, deduplicate=False, date_extraction_params=_DATE_SEARCH)
    if doc is None or not (doc.text or "").strip():
        return None
    title = " ".join(normalise_text(doc.title).split()) if doc.title else None
    lines = [line.strip() for line in normalise_text(doc.text).split("\n")]
    lines = [line for line in lines if line]
    if title and lines and lines[0] == title and len(lines) > 1:
        lines = lines[1:]  # the headline, already the title
    return MainText(title, parse_datetime(doc.date), url or doc.url, "\n".join(lines))


def article(page: MainText, name: str, position: int, crawl_date: date | None = None,
            problems: list[Problem] | None = None) -> Article:
    """The article of one page's main text; lines are lines of the extracted text. A title
    too long to read is cut, and reported in ``problems``."""
    published = page.published if page.published is not None else midnight(crawl_date)
    title = capped_title(page.title, name, None, problems if problems is not None else [])
    return Article(
        source_file=name, position=position, line=1, body_line=1,
        article_id=article_id(page.url or "", title, page.body), published=published,
        crawl_date=crawl_date, header_number=None, title=title, body=page.body,
        url=page.url)


def read(data: bytes, name: str) -> PageResult:
    """The one article of a saved HTML page."""
    result = PageResult(name)
    page = main_text(data)
    if page is None:
        result.problems.append(Problem(name, None, "no article text found in the HTML page", True))
        return result
    result.articles.append(article(page, name, 0, problems=result.problems))
    return result
