"""WARC archives (``.warc``, ``.warc.gz``): Common Crawl, Heritrix, browsertrix, wget.

Every ``response`` record whose HTTP status is 2xx and whose payload is HTML or plain text
gives an article (``resource`` records, which hold a payload without HTTP headers, too).
Its address is the record's ``WARC-Target-URI`` and its crawl date the record's
``WARC-Date``; the publication date comes from the page's metadata, else the crawl date.
Requests, metadata, redirects, errors, images, scripts and style sheets give nothing.
"""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from kzfigures.model import Article, PageResult, Problem
from kzfigures.pages import read_bytes as read_text_bytes
from kzfigures.readers import html
from kzfigures.readers.dates import midnight, parse_datetime

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)


def _media_type(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()


def read(data: bytes, name: str) -> PageResult:
    """Articles of every HTML or text response in a WARC file."""
    result = PageResult(name)
    records = 0
    try:
        iterator = ArchiveIterator(io.BytesIO(data), arc2warc=True)
        for record in iterator:
            records += 1
            _read_record(record, iterator, name, result)
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
        result.problems.append(Problem(
            name, None, f"WARC file unreadable after {records} record(s): {exc}",
            skipped_file=records == 0))
    if not result.articles and not result.skipped:
        result.problems.append(Problem(name, None, "no HTML or text response record", True))
    return result


def _read_record(record, iterator: ArchiveIterator, name: str, result: PageResult) -> None:
    if record.rec_type not in ("response", "resource"):
        return
    headers = record.rec_headers
    if record.rec_type == "response":
        if record.http_headers is None:
            return
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return
        media = _media_type(record.http_headers.get_header("Content-Type"))
    else:
        media = _media_type(headers.get_header("Content-Type"))
    if media not in _HTML_TYPES + _TEXT_TYPES:
        return
    url = headers.get_header("WARC-Target-URI")
    stamp = parse_datetime(headers.get_header("WARC-Date"))
    crawl_date = stamp.date() if stamp is not None else None
    payload = record.content_stream().read()  # before the offset: asking for it skips the payload
    where = f"record at byte {iterator.get_record_offset()} ({url})"
    if media in _HTML_TYPES:
        page = html.main_text(payload, url=url)
        if page is None:
            result.problems.append(Problem(name, None, f"{where}: no article text found"))
            return
        page = replace(page, url=url or page.url)
        result.articles.append(html.article(page, name, len(result.articles), crawl_date, result.problems))
        return
    _add_text_articles(payload, name, url, crawl_date, where, result)


def _add_text_articles(payload: bytes, name: str, url: str | None, crawl_date: date | None,
                       where: str, result: PageResult) -> None:
    page = read_text_bytes(payload, name)
    for problem in page.problems:
        result.problems.append(Problem(name, None, f"{where}: {problem.message}"))
    for found in page.articles:
        result.articles.append(_placed(found, len(result.articles), url, crawl_date))


def _placed(found: Article, position: int, url: str | None, crawl_date: date | None) -> Article:
    return replace(
        found, position=position, url=url, crawl_date=found.crawl_date or crawl_date,
        published=found.published if found.published is not None else midnight(crawl_date))
