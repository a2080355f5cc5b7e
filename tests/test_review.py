"""The review page: every figure marked in its article, checked in the HTML and in a real
browser (headless Chromium: the rendered DOM, a filter, a screenshot)."""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kzfigures.cli import main
from kzfigures.review import read_review, render

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


class Page(HTMLParser):
    """The marks, articles, counters and resources of a review page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[dict[str, str]] = []
        self.articles: list[dict[str, str]] = []
        self.counts: dict[str, int] = {}
        self.ids: list[str] = []
        self.loads: list[str] = []  # anything the page would fetch
        self._in_mark: dict[str, str] | None = None
        self._in_rid = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag in ("script", "img", "iframe") and a.get("src") or tag == "link":
            self.loads.append(f"{tag} {a}")
        if tag == "mark" and "fig" in a.get("class", "").split():
            self._in_mark = dict(a, text="", classes=a.get("class", ""))
            self.marks.append(self._in_mark)
        elif tag == "a" and self._in_mark is not None and a.get("class") == "rid":
            self._in_rid = True
            self._in_mark["link"] = a.get("href", "")
        elif tag == "article":
            self.articles.append(a)
        elif tag == "output":
            self.counts[a["id"]] = int(a["data-count"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_rid = False
        elif tag == "mark":
            self._in_mark = None

    def handle_data(self, data: str) -> None:
        if self._in_mark is not None and not self._in_rid:
            self._in_mark["text"] += data


@pytest.fixture(scope="module")
def output(crawl_output: Path) -> Path:
    return crawl_output


@pytest.fixture(scope="module")
def rows(output: Path) -> list[dict]:
    return pq.read_table(output / "figures.parquet").to_pylist()


@pytest.fixture(scope="module")
def page(output: Path) -> Path:
    target = output.parent / "page" / "review.html"
    assert main(["review", str(output), "-o", str(target), "-q"]) == 0
    return target


def test_every_figure_is_marked_with_its_facts(page, rows) -> None:
    parsed = Page(page.read_text(encoding="utf-8"))
    assert len(parsed.marks) == len(rows) > 200
    by_row = {int(m["data-row"]): m for m in parsed.marks}
    assert sorted(by_row) == list(range(len(rows)))
    for number, row in enumerate(rows):
        mark = by_row[number]
        assert mark["text"] == row["span"]
        assert (mark["data-kind"], float(mark["data-value"]), mark["data-unit"],
                mark["data-qualifier"], mark["data-change"], mark["data-period"],
                mark["data-metric"]) == (row["kind"], row["value"], row["unit"], row["qualifier"],
                                         row["change"] or "", row["period"] or "",
                                         row["metric"] or "")
        assert mark["link"] == f"#row-{number}" and f"row-{number}" in parsed.ids
        assert f"metric: {row['metric'] or '—'}" in mark["data-tip"]
    assert len(set(parsed.ids)) == len(parsed.ids)


def test_every_article_is_shown_and_nothing_is_fetched(page, output) -> None:
    parsed = Page(page.read_text(encoding="utf-8"))
    articles = pq.read_table(output / "articles.parquet").to_pylist()
    assert [a["data-source"] for a in parsed.articles] == [a["source_file"] for a in articles]
    assert parsed.loads == []
    text = page.read_text(encoding="utf-8")
    assert "@import" not in text and "url(" not in text


def test_the_page_is_deterministic(output, page) -> None:
    again = output.parent / "again.html"
    assert main(["review", str(output), "-o", str(again), "-q"]) == 0
    assert again.read_bytes() == page.read_bytes()
    assert render(read_review(output)) == render(read_review(output))


def test_overlapping_figures_each_get_a_mark() -> None:
    from kzfigures.review import marked_body

    row = {"kind": "count", "value": 5.0, "value_max": None, "unit": "count", "qualifier": "exact",
           "change": None, "period": None, "metric": None}
    body = "About 5 new plants\nopened."
    figures = [(0, dict(row, char_start=6, char_end=18)), (1, dict(row, char_start=6, char_end=7))]
    parsed = Page(marked_body(body, figures))
    assert [m["text"] for m in parsed.marks] == ["5 new plants", "5"]
    assert "nested" in parsed.marks[1]["classes"]


def test_review_of_a_folder_without_a_dataset_exits_2(tmp_path, capsys) -> None:
    assert main(["review", str(tmp_path)]) == 2
    assert "articles.parquet" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------
# In a real browser

def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def browse(page: Path, fragment: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    profile.mkdir()
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra,
         page.resolve().as_uri() + fragment],
        capture_output=True, text=True, timeout=120)


def test_browser_renders_every_mark(page, rows, tmp_path) -> None:
    dom = browse(page, "", tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    rendered = Page(dom.stdout)
    assert 'data-ready="true"' in dom.stdout  # the page's script ran
    assert len(rendered.marks) == len(rows)
    assert not any("off" in m["classes"].split() for m in rendered.marks)
    assert rendered.counts["shown-figures"] == len(rows)


def test_browser_filters_by_kind_and_source(page, rows, output, tmp_path) -> None:
    money = sum(1 for r in rows if r["kind"] == "money")
    dom = browse(page, "#kind=money", tmp_path, "--dump-dom")
    rendered = Page(dom.stdout)
    assert len(rendered.marks) == len(rows)
    on = [m for m in rendered.marks if "off" not in m["classes"].split()]
    assert len(on) == money > 0 and {m["data-kind"] for m in on} == {"money"}
    assert rendered.counts["shown-figures"] == money

    source = next(r["source_file"] for r in rows if r["source_file"].endswith(".html"))
    from urllib.parse import quote
    dom = browse(page, f"#kind=money,percent&source={quote(source)}", tmp_path, "--dump-dom")
    rendered = Page(dom.stdout)
    wanted = sum(1 for r in rows if r["source_file"] == source and r["kind"] in ("money", "percent"))
    assert rendered.counts["shown-figures"] == wanted > 0
    assert rendered.counts["shown-articles"] == 1
    visible = [a for a in rendered.articles if "hidden" not in a]
    assert [a["data-source"] for a in visible] == [source]


def test_browser_screenshot(page, tmp_path) -> None:
    folder = Path(os.environ.get("KZFIGURES_ARTIFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "review.png"
    proc = browse(page, "", tmp_path, "--window-size=1280,1600", f"--screenshot={shot}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 1600)
    assert len(data) > 50_000  # text, marks and plots, not a blank page
    print(f"review screenshot: {shot}")


def test_title_figures_are_marked_in_the_heading() -> None:
    from datetime import datetime

    from kzfigures.review import Review

    article = {"source_file": "a.txt", "article_position": 0, "article_id": "x", "url": None,
               "title": "Exports up 5%", "published": datetime(2026, 1, 2), "crawl_date": None,
               "header_number": None, "line": 1, "body": "Imports fell 3%."}
    base = {"source_file": "a.txt", "article_position": 0, "kind": "percent", "value": 5.0,
            "value_max": None, "unit": "percent", "qualifier": "exact", "change": "increase",
            "period": None, "metric": None, "published": datetime(2026, 1, 2)}
    rows = [dict(base, section="title", char_start=11, char_end=13, span="5%"),
            dict(base, section="body", char_start=13, char_end=15, span="3%", value=3.0)]
    parsed = Page(render(Review([article], list(enumerate(rows)))))
    assert [m["text"] for m in parsed.marks] == ["5%", "3%"]
