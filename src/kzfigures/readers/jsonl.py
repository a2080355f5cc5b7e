"""JSON Lines feeds: one article per record (Scrapy feeds, trafilatura's JSON output).

A record is a JSON object on one line::

    {"url": "https://example.kz/a", "date": "2026-03-10", "title": "...", "text": "..."}

The text is taken from ``text``, else ``body``, else ``content``; the address from
``url`` (else ``link``); the date from ``date`` (else ``published``), ISO 8601. A record
that cannot be read (not JSON, not an object, no text) is reported with the file and its
line and left out; the other records are kept.
"""
from __future__ import annotations

import json

from kzfigures.model import Article, PageResult, Problem
from kzfigures.pages import article_id, capped_title, normalise_text
from kzfigures.readers.dates import parse_datetime

TEXT_FIELDS = ("text", "body", "content")
URL_FIELDS = ("url", "link")
DATE_FIELDS = ("date", "published")


def _first(record: dict, fields: tuple[str, ...]) -> str | None:
    for name in fields:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return None


def read(data: bytes, name: str) -> PageResult:
    """Articles of a JSON Lines file, one per readable record."""
    result = PageResult(name)
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        record, problem = _record(raw, name, number)
        if problem is not None:
            result.problems.append(problem)
            continue
        _add_article(record, name, number, result)
    if not result.articles:
        result.problems.append(Problem(name, None, "no readable JSON Lines record", True))
    return result


def _record(raw: bytes, name: str, number: int) -> tuple[dict, Problem | None]:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return {}, Problem(name, number, f"record is not UTF-8 (byte {exc.start + 1}); left out")
    except ValueError as exc:
        return {}, Problem(name, number, f"record is not JSON ({exc}); left out")
    if not isinstance(record, dict):
        return {}, Problem(name, number, "record is not a JSON object; left out")
    return record, None


def _add_article(record: dict, name: str, number: int, result: PageResult) -> None:
    text = _first(record, TEXT_FIELDS)
    if text is None:
        fields = "/".join(TEXT_FIELDS)
        result.problems.append(Problem(name, number, f"record has no {fields} text; left out"))
        return
    body = normalise_text(text).strip()
    url = _first(record, URL_FIELDS)
    title = _first(record, ("title",))
    title = capped_title(" ".join(normalise_text(title).split()) if title else None, name, number, result.problems)
    stamp = _first(record, DATE_FIELDS)
    published = parse_datetime(stamp)
    if stamp is not None and published is None:
        result.problems.append(Problem(name, number, f"invalid date {stamp!r} (not ISO 8601)"))
    result.articles.append(Article(
        source_file=name, position=len(result.articles), line=number, body_line=number,
        article_id=article_id(url or "", title, body), published=published,
        crawl_date=None, header_number=None, title=title, body=body, url=url,
        body_lines=False))
