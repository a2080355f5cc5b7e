"""Readers by format: the same page as text, HTML, WARC and JSON Lines gives the same
figures; site furniture gives none; unreadable formats are refused by path."""
from __future__ import annotations

import gzip
import io
import json
import sys
from datetime import date, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kzfigures.cli import main
from kzfigures.extract import article_figures
from kzfigures.readers import Refused, detect, read_bytes, read_file

FORMATS_DIR = Path(__file__).parent / "formats"
TEXT_PAGE = FORMATS_DIR / "steppe-ledger.txt"
HTML_PAGE = FORMATS_DIR / "steppe-ledger.html"
URL = "https://steppe-ledger.example/economy/grain-oil-exports"
WARC_URL = "https://steppe-ledger.example/economy/grain-oil-exports?from=crawl"

#: numbers that only the HTML page's furniture (style, script, menu, ticker, sidebar,
#: footer) holds: none may become a figure
FURNITURE = ("100%", "1200", "40vh", "0.85", "Top 10", "+1.2%", "-14", "2005", "502.3",
             "$74.10", "$2,950", "15000", "30%", "2,400", "$5", "5 things")


def figures(path: Path) -> list[tuple]:
    """What the table says about each figure of a file, in order, citations aside."""
    page = read_file(path)
    assert not page.skipped, page.problems
    return [(f.kind.value, f.value, f.value_max, f.unit, f.qualifier.value,
             None if f.change is None else f.change.value, f.period, f.metric, f.counted,
             f.span, f.article.title, f.article.published)
            for a in page.articles for f in article_figures(a)]


def text_article_body() -> str:
    (article,) = read_file(TEXT_PAGE).articles
    return article.body


def write_warc(path: Path) -> None:
    """A WARC file as a crawler writes one: a request, a redirect, a style sheet, a 404,
    then the page's HTML response."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))

        def response(url: str, status: str, ctype: str, body: bytes, when: str) -> None:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
                warc_headers_dict={"WARC-Date": when})
            writer.write_record(record)

        request = writer.create_warc_record(
            WARC_URL, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"), length=18,
            warc_headers_dict={"WARC-Date": "2026-03-11T06:00:00Z"})
        writer.write_record(request)
        response("https://steppe-ledger.example/", "301 Moved", "text/html",
                 b"<html><body>Moved: 3 new links, 45% faster</body></html>", "2026-03-11T06:00:00Z")
        response("https://steppe-ledger.example/site.css", "200 OK", "text/css",
                 b".wrap { width:100%; max-width: 1200px }", "2026-03-11T06:00:01Z")
        response("https://steppe-ledger.example/gone", "404 Not Found", "text/html",
                 b"<html><body><p>Page 404: 12 million visitors can't be wrong.</p></body></html>",
                 "2026-03-11T06:00:02Z")
        response(WARC_URL, "200 OK", "text/html; charset=utf-8", HTML_PAGE.read_bytes(),
                 "2026-03-11T06:00:03Z")


def write_jsonl(path: Path) -> None:
    (article,) = read_file(TEXT_PAGE).articles
    record = {"url": URL, "date": "2026-03-10", "title": article.title, "text": article.body}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    pages = {"txt": folder / "page.txt", "html": folder / "page.html",
             "warc.gz": folder / "page.warc.gz", "warc": folder / "page.warc",
             "jsonl": folder / "page.jsonl"}
    pages["txt"].write_bytes(TEXT_PAGE.read_bytes())
    pages["html"].write_bytes(HTML_PAGE.read_bytes())
    write_warc(pages["warc.gz"])
    write_warc(pages["warc"])
    write_jsonl(pages["jsonl"])
    return pages


@pytest.mark.parametrize("fmt", ["html", "warc.gz", "warc", "jsonl"])
def test_every_format_gives_the_figures_of_the_text_form(built, fmt) -> None:
    expected = figures(built["txt"])
    assert len(expected) >= 6
    assert figures(built[fmt]) == expected


@pytest.mark.parametrize("fmt", ["html", "warc.gz", "jsonl"])
def test_no_figure_comes_from_site_furniture(built, fmt) -> None:
    spans = {f[9] for f in figures(built[fmt])}
    page = read_file(built[fmt])
    bodies = "\n".join(a.body for a in page.articles)
    for furniture in FURNITURE:
        assert furniture not in bodies
        assert not any(furniture in span for span in spans)


def test_nbsp_is_a_space_and_the_amount_is_whole(built) -> None:
    money = [f for f in figures(built["html"]) if f[0] == "money"]
    assert [(m[1], m[3], m[9]) for m in money] == [(81.6e9, "USD", "$81.6 billion")]


@pytest.mark.parametrize("fmt, url, published, crawl", [
    ("txt", None, datetime(2026, 3, 10), date(2026, 3, 10)),
    ("html", URL, datetime(2026, 3, 10), None),
    ("warc.gz", WARC_URL, datetime(2026, 3, 10), date(2026, 3, 11)),
    ("jsonl", URL, datetime(2026, 3, 10), None),
])
def test_url_and_dates_are_carried(built, fmt, url, published, crawl) -> None:
    (article,) = read_file(built[fmt]).articles
    assert (article.url, article.published, article.crawl_date) == (url, published, crawl)
    assert article.title == "Grain and oil carry Kazakhstan's exports in early 2026"
    assert article.body == text_article_body()


def test_warc_date_is_the_fallback_publication_date(tmp_path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = HTML_PAGE.read_bytes().replace(
        b'<meta property="article:published_time" content="2026-03-10">', b"")
    path = tmp_path / "undated.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://x.example/a", "response", payload=io.BytesIO(html), length=len(html),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2026-04-02T23:10:00Z"}))
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
        text = b"Wool prices\nWool sold for 4,500 tenge per kilogram.\n"
        writer.write_record(writer.create_warc_record(
            "https://x.example/b.txt", "response", payload=io.BytesIO(text), length=len(text),
            http_headers=http, warc_headers_dict={"WARC-Date": "2026-04-03T01:00:00Z"}))
    page = read_file(path)
    assert not page.problems
    assert [(a.position, a.url, a.published, a.title) for a in page.articles] == [
        (0, "https://x.example/a", datetime(2026, 4, 2), "Grain and oil carry Kazakhstan's exports in early 2026"),
        (1, "https://x.example/b.txt", datetime(2026, 4, 3), "Wool prices"),
    ]


# ---------------------------------------------------------------------------------------
# JSON Lines: one article per record; a bad record is reported by line, the rest kept

JSONL_CASES = [
    # (line, expected problem or None when the record is an article)
    ('{"url": "https://a.example/1", "date": "2026-01-05", "title": "One", "text": "Exports rose 5%."}', None),
    ('{"url": "https://a.example/2", "body": "Imports fell 3%."}', None),
    ('{"content": "Output reached 2 million tonnes.", "date": "2026-02-01T10:30:00+05:00"}', None),
    ('{"url": "https://a.example/4", "text": "Oops"', "record is not JSON"),
    ('["a", "list"]', "record is not a JSON object"),
    ('{"url": "https://a.example/6", "title": "No text"}', "record has no text/body/content text"),
    ('{"text": "Prices rose 2%.", "date": "last Tuesday"}', "invalid date 'last Tuesday'"),
]


def test_jsonl_records_and_bad_lines(tmp_path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(line for line, _ in JSONL_CASES) + "\n\n", encoding="utf-8")
    page = read_file(path)
    assert not page.skipped
    problems = {p.line: p.message for p in page.problems}
    for number, (_, expected) in enumerate(JSONL_CASES, start=1):
        if expected is None:
            assert number not in problems
        else:
            assert problems[number].startswith(expected), problems[number]
            assert all(p.source_file == path.as_posix() for p in page.problems)
    kept = [(a.line, a.url, a.published, a.body) for a in page.articles]
    assert kept == [
        (1, "https://a.example/1", datetime(2026, 1, 5), "Exports rose 5%."),
        (2, "https://a.example/2", None, "Imports fell 3%."),
        (3, None, datetime(2026, 2, 1, 5, 30), "Output reached 2 million tonnes."),
        (7, None, None, "Prices rose 2%."),
    ]


def test_jsonl_with_no_readable_record_is_skipped(tmp_path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text('{"a": 1}\nnot json\n', encoding="utf-8")
    page = read_file(path)
    assert page.skipped
    assert [p.line for p in page.problems] == [1, 2, None]


# ---------------------------------------------------------------------------------------
# Choosing the reader

DETECT_CASES = [
    ("a.txt", b" date 2026-01-01 Title\nBody 5%.\n", "text"),
    ("a.html", b"<p>Exports rose 5%.</p>", "html"),
    ("a.txt", b"\xef\xbb\xbf  <!DOCTYPE html><html><body>x</body></html>", "html"),
    ("page", b"<html><body>x</body></html>", "html"),
    ("a.htm", b"anything", "html"),
    ("a.jsonl", b"not even json", "jsonl"),
    ("a.ndjson", b'{"text": "x"}', "jsonl"),
    ("feed.json.log", b'\n{"text": "x"}\n', "jsonl"),
    ("notes", b"Title\nPlain words 5%.\n", "text"),
    ("a.warc", b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "warc"),
    ("a.bin", gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n"), "warc"),
    ("a.txt.gz", gzip.compress(b"plain text"), Refused("gzip archive (not a WARC file)")),
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", Refused("PDF document")),
    ("report.txt", b"%PDF-1.4\n", Refused("PDF document")),
    ("memo.docx", b"PK\x03\x04\x14\x00\x06\x00", Refused("ZIP archive (DOCX, XLSX, ODT, EPUB, ...)")),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", Refused("Office document (DOC, XLS)")),
    ("chart.png", b"\x89PNG\r\n\x1a\n\x00\x00", Refused("PNG image")),
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", Refused("JPEG image")),
    ("anim.gif", b"GIF89a\x01\x00", Refused("GIF image")),
    ("pic.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", Refused("WebP image")),
]


@pytest.mark.parametrize("name, data, expected", DETECT_CASES)
def test_detect(name, data, expected) -> None:
    assert detect(name, data) == expected


def test_refused_format_is_a_skipping_problem_naming_it() -> None:
    page = read_bytes(b"%PDF-1.7\n", "in/report.pdf")
    assert page.skipped
    assert [str(p) for p in page.problems] == ["in/report.pdf: cannot read this format: PDF document"]


def test_without_the_html_extra_html_is_refused_with_what_to_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails
    monkeypatch.delitem(sys.modules, "kzfigures.readers.html", raising=False)
    monkeypatch.delitem(sys.modules, "kzfigures.readers.warc", raising=False)
    page = read_bytes(HTML_PAGE.read_bytes(), "p.html")
    assert page.skipped
    (problem,) = page.problems
    assert "trafilatura" in problem.message and "kzfigures[html]" in problem.message
    assert read_bytes(TEXT_PAGE.read_bytes(), "p.txt").articles  # text still reads


# ---------------------------------------------------------------------------------------
# End to end: the command line


def test_cli_reads_every_format_and_refuses_the_rest(built, tmp_path, capsys) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    for fmt in ("txt", "html", "warc.gz", "jsonl"):
        (folder / f"page.{fmt}").write_bytes(built[fmt].read_bytes())
    (folder / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")  # not picked up in a folder
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    out = tmp_path / "out"
    assert main(["extract", str(folder), str(pdf), "-o", str(out), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert f"{pdf.as_posix()}: cannot read this format: PDF document" in err
    assert "chart.png" not in err
    table = pq.read_table(out / "figures.parquet").to_pylist()
    by_file: dict[str, list] = {}
    for row in table:
        by_file.setdefault(Path(row["source_file"]).name, []).append(row)
    assert sorted(by_file) == ["page.html", "page.jsonl", "page.txt", "page.warc.gz"]
    spans = {name: [r["span"] for r in rows] for name, rows in by_file.items()}
    assert spans["page.html"] == spans["page.txt"] == spans["page.jsonl"] == spans["page.warc.gz"]
    urls = {name: {r["url"] for r in rows} for name, rows in by_file.items()}
    assert urls == {"page.txt": {None}, "page.html": {URL}, "page.jsonl": {URL},
                    "page.warc.gz": {WARC_URL}}
    lines = {name: {r["line"] for r in rows} for name, rows in by_file.items()}
    assert lines["page.jsonl"] == {1}  # a record is one line of its file
    manifest = json.loads((out / "manifest.json").read_text())
    assert {Path(i["path"]).name: i["status"] for i in manifest["inputs"]} == {
        "page.html": "read", "page.jsonl": "read", "page.txt": "read", "page.warc.gz": "read",
        "report.pdf": "skipped"}
