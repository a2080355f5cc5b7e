"""``kzfigures review``: one self-contained HTML page to look at the figures in their text.

The page shows every article of an output folder (``articles.parquet``) with each of its
figures (``figures.parquet``) marked in place, so a reader sees at once what was read and
what was missed. Each mark is a ``<mark class="fig">`` with ``data-kind``, ``data-value``,
``data-unit``, ``data-qualifier``, ``data-change``, ``data-period`` and ``data-metric``; the
same facts show on hover, and a small link goes to the figure's row in the article's table
(``#row-N``: row N, 0-based, of figures.parquet). Above the articles: filters by kind and by
source file, and two plots (figures per kind, figures per month of publication) drawn as
inline SVG.

Nothing is loaded from the network: styles, script and plots are in the file, which is a
pure function of the two tables (no clock), so the same output gives the same page. The
filters keep their state in the address's fragment (``review.html#kind=money&source=...``),
so a filtered view can be linked to.
"""
from __future__ import annotations

import html
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from kzfigures.articles import ARTICLES_NAME
from kzfigures.model import Kind

REVIEW_NAME = "review.html"

#: colours per kind: (text and bar, mark background)
COLOURS: dict[str, tuple[str, str]] = {
    Kind.MONEY.value: ("#2e7d32", "#dff2e0"),
    Kind.PERCENT.value: ("#1565c0", "#dde9f9"),
    Kind.MASS.value: ("#8a6100", "#f9ecc8"),
    Kind.RANK.value: ("#6a1b9a", "#efe0f6"),
    Kind.COUNT.value: ("#b3261e", "#f9e0de"),
    Kind.QUANTITY.value: ("#00695c", "#d8f0ec"),
}
_OTHER = ("#455a64", "#e6ebee")


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def format_value(value: float | None) -> str:
    """81600000000.0 -> "81,600,000,000"; 12.5 -> "12.5"; 0.25 -> "0.25"."""
    if value is None:
        return ""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}"


def _amount(row: dict[str, Any]) -> str:
    text = format_value(row["value"])
    if row["value_max"] is not None:
        text += f"–{format_value(row['value_max'])}"
    return f"{text} {row['unit']}"


def _tip(row: dict[str, Any], number: int) -> str:
    parts = [f"{row['kind']} · {_amount(row)}", f"qualifier: {row['qualifier']}"]
    if row["change"]:
        parts.append(f"change: {row['change']}")
    parts.append(f"period: {row['period'] or '—'}")
    parts.append(f"metric: {row['metric'] or '—'}")
    parts.append(f"row {number}")
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------
# Reading the output folder


@dataclass
class Review:
    """What the page shows: articles in file order, and figure rows numbered as in
    figures.parquet, grouped by article."""

    articles: list[dict[str, Any]]
    rows: list[tuple[int, dict[str, Any]]]

    def rows_of(self) -> dict[tuple[str, int], list[tuple[int, dict[str, Any]]]]:
        grouped: dict[tuple[str, int], list[tuple[int, dict[str, Any]]]] = {}
        for number, row in self.rows:
            grouped.setdefault((row["source_file"], row["article_position"]), []).append((number, row))
        return grouped


def read_review(output: str | os.PathLike[str]) -> Review:
    """The articles and figures of an output folder written by ``kzfigures extract``."""
    from kzfigures.api import read_table  # reads a single file or a partitioned folder

    folder = Path(output)
    articles_path = folder / ARTICLES_NAME
    if not articles_path.is_file():
        raise FileNotFoundError(f"no {ARTICLES_NAME} in {folder}; run `kzfigures extract -o {folder}`")
    articles = pq.read_table(articles_path).to_pylist()
    rows = read_table(folder).to_pylist()
    return Review(articles, list(enumerate(rows)))


# ---------------------------------------------------------------------------------------
# Plots (inline SVG)


def _bar_chart_horizontal(counts: list[tuple[str, int]], title: str) -> str:
    width, label_w, bar_h, gap = 360, 80, 22, 8
    top = 8
    height = top + len(counts) * (bar_h + gap) + 4
    peak = max((n for _, n in counts), default=1) or 1
    parts = [f'<svg class="plot" role="img" aria-label="{_e(title)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for i, (kind, n) in enumerate(counts):
        y = top + i * (bar_h + gap)
        w = (width - label_w - 50) * n / peak
        colour = COLOURS.get(kind, _OTHER)[0]
        parts.append(f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">{_e(kind)}</text>'
                     f'<rect data-kind="{_e(kind)}" x="{label_w}" y="{y}" width="{w:.1f}" '
                     f'height="{bar_h}" rx="3" fill="{colour}"/>'
                     f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h * 0.7:.1f}">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bar_chart_vertical(counts: list[tuple[str, int]], title: str) -> str:
    bar_w, gap, plot_h, label_h, left = 26, 10, 150, 46, 34
    width = max(240, left * 2 + len(counts) * (bar_w + gap))
    height = plot_h + label_h + 18
    peak = max((n for _, n in counts), default=1) or 1
    parts = [f'<svg class="plot" role="img" aria-label="{_e(title)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{left}" y1="{plot_h + 18}" x2="{width - left}" y2="{plot_h + 18}" '
             'stroke="#b0bec5"/>']
    for i, (month, n) in enumerate(counts):
        x = left + gap / 2 + i * (bar_w + gap)
        h = plot_h * n / peak
        y = plot_h + 18 - h
        parts.append(f'<rect data-month="{_e(month)}" x="{x:.1f}" y="{y:.1f}" width="{bar_w}" '
                     f'height="{h:.1f}" rx="3" fill="#546e7a"/>'
                     f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{n}</text>'
                     f'<text x="{x + bar_w / 2:.1f}" y="{plot_h + 30}" text-anchor="end" '
                     f'transform="rotate(-45 {x + bar_w / 2:.1f} {plot_h + 30})">{_e(month)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def per_kind(rows: Iterable[dict[str, Any]]) -> list[tuple[str, int]]:
    counts = Counter(r["kind"] for r in rows)
    order = [k.value for k in Kind] + sorted(set(counts) - {k.value for k in Kind})
    return [(k, counts[k]) for k in order if counts[k]]


def per_month(rows: Iterable[dict[str, Any]]) -> list[tuple[str, int]]:
    counts = Counter(r["published"].strftime("%Y-%m") if r["published"] else "undated" for r in rows)
    return sorted(counts.items(), key=lambda kv: (kv[0] == "undated", kv[0]))


# ---------------------------------------------------------------------------------------
# Articles with their figures marked


def _mark(row: dict[str, Any], number: int, text: str, nested: bool = False) -> str:
    attrs = {
        "class": "fig nested" if nested else "fig", "id": f"fig-{number}", "tabindex": "0",
        "data-kind": row["kind"], "data-value": repr(float(row["value"])),
        "data-unit": row["unit"], "data-qualifier": row["qualifier"],
        "data-change": row["change"] or "", "data-period": row["period"] or "",
        "data-metric": row["metric"] or "", "data-row": str(number), "data-tip": _tip(row, number),
    }
    rendered = " ".join(f'{k}="{_e(v)}"' for k, v in attrs.items())
    return (f"<mark {rendered}>{_e(text)}<a class=\"rid\" href=\"#row-{number}\" "
            f"title=\"row {number} of figures.parquet\">{number}</a></mark>")


def marked_body(body: str, figures: list[tuple[int, dict[str, Any]]]) -> str:
    """The body as paragraphs with every figure marked in place."""
    paragraphs = marked(body, figures).split("\n")
    return "".join(f"<p>{p}</p>" for p in paragraphs if p.strip())


def marked(text: str, figures: list[tuple[int, dict[str, Any]]]) -> str:
    """``text`` escaped, with every figure (offsets into ``text``) marked in place. A figure
    inside another (they may overlap) is marked right after it, so each has its mark."""
    body = text
    ordered = sorted(figures, key=lambda f: (f[1]["char_start"], -f[1]["char_end"], f[0]))
    out: list[str] = []
    pos = 0
    last_end = -1
    for number, row in ordered:
        start, end = row["char_start"], row["char_end"]
        if start < last_end:  # overlaps the previous mark
            out.append(_mark(row, number, body[start:end], nested=True))
            continue
        out.append(_e(body[pos:start]))
        out.append(_mark(row, number, body[start:end]))
        pos = last_end = end
    out.append(_e(body[pos:]))
    return "".join(out)


def _figure_table(figures: list[tuple[int, dict[str, Any]]]) -> str:
    if not figures:
        return ""
    head = ("<tr><th>row</th><th>kind</th><th>value</th><th>qualifier</th><th>change</th>"
            "<th>period</th><th>metric</th><th>span</th></tr>")
    body = "".join(
        f'<tr class="row" id="row-{n}" data-kind="{_e(r["kind"])}"><td><a href="#fig-{n}">{n}</a></td>'
        f'<td><span class="chip" data-kind="{_e(r["kind"])}">{_e(r["kind"])}</span></td>'
        f'<td class="num">{_e(_amount(r))}</td><td>{_e(r["qualifier"])}</td>'
        f'<td>{_e(r["change"] or "")}</td><td>{_e(r["period"] or "")}</td>'
        f'<td>{_e(r["metric"] or "")}</td><td>{_e(r["span"])}</td></tr>'
        for n, r in sorted(figures))
    return (f'<details class="rows"><summary>{len(figures)} figure(s) as table rows</summary>'
            f"<table>{head}{body}</table></details>")


def _article(index: int, article: dict[str, Any], figures: list[tuple[int, dict[str, Any]]]) -> str:
    in_title = [f for f in figures if f[1].get("section") == "title"]
    in_body = [f for f in figures if f[1].get("section") != "title"]
    heading = marked(article["title"], in_title) if article["title"] else "(untitled)"
    if article["url"]:
        heading += (f' <a class="page-link" href="{_e(article["url"])}" rel="noreferrer" '
                    f'title="{_e(article["url"])}">page ↗</a>')
    published = article["published"].strftime("%Y-%m-%d %H:%M") if article["published"] else "undated"
    kinds = " ".join(sorted({r["kind"] for _, r in figures}))
    meta = (f'<span>{_e(published)}</span><span class="src">{_e(article["source_file"])}'
            f' · article {article["article_position"]}</span>'
            f'<span>{len(figures)} figure(s)</span>')
    return (f'<article class="doc" id="article-{index}" data-source="{_e(article["source_file"])}" '
            f'data-kinds="{_e(kinds)}" data-figures="{len(figures)}">'
            f"<h2>{heading}</h2><div class=\"meta\">{meta}</div>"
            f'<div class="body">{marked_body(article["body"], in_body)}</div>'
            f"{_figure_table(figures)}</article>")


# ---------------------------------------------------------------------------------------
# The page

_CSS = """
:root { --ink:#1f2a30; --muted:#607d8b; --line:#e0e6ea; --bg:#f6f8f9; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color:var(--ink); background:var(--bg); }
header { position:sticky; top:0; z-index:5; background:#fff; border-bottom:1px solid var(--line);
         padding:10px 24px; box-shadow:0 1px 4px rgba(0,0,0,.04); }
header h1 { font-size:18px; margin:0 0 6px; }
header .totals { color:var(--muted); font-size:13px; margin-left:8px; font-weight:normal; }
.filters { display:flex; flex-wrap:wrap; gap:6px 14px; align-items:center; font-size:13px; }
.filters label.kind { display:inline-flex; align-items:center; gap:4px; padding:2px 8px;
       border-radius:999px; border:1px solid var(--line); cursor:pointer; user-select:none; }
.filters select { font:inherit; padding:2px 4px; max-width:360px; }
main { max-width:1040px; margin:0 auto; padding:18px 24px 60px; }
section.plots { display:flex; flex-wrap:wrap; gap:18px; }
section.plots figure { margin:0; background:#fff; border:1px solid var(--line); border-radius:8px;
       padding:10px 14px; }
section.plots figcaption { font-size:13px; color:var(--muted); margin-bottom:4px; }
svg.plot text { font:12px system-ui, "DejaVu Sans", sans-serif; fill:var(--ink); }
article.doc { background:#fff; border:1px solid var(--line); border-radius:8px; padding:14px 20px;
       margin:16px 0; }
article.doc h2 { font-size:17px; margin:0 0 2px; line-height:1.35; }
article.doc h2 a.page-link { font-size:12px; font-weight:normal; color:var(--muted); }
.meta { display:flex; flex-wrap:wrap; gap:4px 14px; font-size:12.5px; color:var(--muted); }
.body p { margin:8px 0; }
mark.fig { position:relative; border-radius:3px; padding:0 2px; color:inherit; cursor:help;
       border-bottom:2px solid currentColor; }
mark.fig.nested { margin-left:3px; font-size:.85em; }
mark.fig a.rid { font-size:9.5px; vertical-align:super; margin-left:2px; text-decoration:none;
       color:var(--muted); }
mark.fig.off { background:none !important; border-bottom-color:transparent !important; cursor:auto; }
mark.fig.off a.rid { display:none; }
mark.fig:not(.off):hover::after, mark.fig:not(.off):focus::after {
       content:attr(data-tip); white-space:pre-line; position:absolute; left:0; top:1.6em; z-index:9;
       min-width:220px; max-width:340px; background:#263238; color:#fff; font-size:12px;
       line-height:1.45; padding:7px 9px; border-radius:6px; box-shadow:0 4px 14px rgba(0,0,0,.2); }
details.rows { margin-top:8px; font-size:13px; }
details.rows summary { cursor:pointer; color:var(--muted); }
details.rows table { border-collapse:collapse; width:100%; margin-top:6px; }
details.rows th, details.rows td { text-align:left; padding:3px 6px; border-bottom:1px solid var(--line);
       vertical-align:top; }
details.rows td.num { white-space:nowrap; font-variant-numeric:tabular-nums; }
tr.row:target { background:#fff8d6; }
.chip { border-radius:999px; padding:0 7px; font-size:12px; }
.empty { color:var(--muted); }
"""

_SCRIPT = """
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#kinds input'));
  var source = document.getElementById('source');
  var shown = document.getElementById('shown-figures');
  var docs = document.getElementById('shown-articles');
  function read() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    if (params.has('kind')) {
      var want = params.get('kind').split(',');
      boxes.forEach(function (b) { b.checked = want.indexOf(b.value) >= 0; });
    }
    if (params.has('source')) source.value = params.get('source');
  }
  function apply(write) {
    var active = {};
    boxes.forEach(function (b) { if (b.checked) active[b.value] = true; });
    var nFigures = 0, nArticles = 0;
    document.querySelectorAll('article.doc').forEach(function (a) {
      a.hidden = !!source.value && a.dataset.source !== source.value;
      if (!a.hidden) nArticles++;
      a.querySelectorAll('mark.fig').forEach(function (m) {
        var on = !!active[m.dataset.kind];
        m.classList.toggle('off', !on);
        if (on && !a.hidden) nFigures++;
      });
      a.querySelectorAll('tr.row').forEach(function (r) { r.hidden = !active[r.dataset.kind]; });
    });
    shown.textContent = nFigures; shown.setAttribute('data-count', nFigures);
    docs.textContent = nArticles; docs.setAttribute('data-count', nArticles);
    if (write) {
      var params = new URLSearchParams();
      if (boxes.some(function (b) { return !b.checked; }))
        params.set('kind', boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }).join(','));
      if (source.value) params.set('source', source.value);
      history.replaceState(null, '', params.toString() ? '#' + params.toString() : location.pathname);
    }
  }
  boxes.forEach(function (b) { b.addEventListener('change', function () { apply(true); }); });
  source.addEventListener('change', function () { apply(true); });
  window.addEventListener('hashchange', function () { if (!/^#(row|fig)-/.test(location.hash)) { read(); apply(false); } });
  if (!/^#(row|fig)-/.test(location.hash)) read();
  apply(false);
  document.body.setAttribute('data-ready', 'true');
})();
"""


def _kind_css(kinds: Iterable[str]) -> str:
    rules = []
    for kind in kinds:
        fg, bg = COLOURS.get(kind, _OTHER)
        rules.append(f'mark.fig[data-kind="{kind}"], .chip[data-kind="{kind}"], '
                     f'label.kind[data-kind="{kind}"] {{ background:{bg}; }}'
                     f'mark.fig[data-kind="{kind}"] {{ border-bottom-color:{fg}; }}'
                     f'.chip[data-kind="{kind}"], label.kind[data-kind="{kind}"] {{ color:{fg}; }}')
    return "".join(rules)


def render(review: Review, title: str = "kzfigures review") -> str:
    """The whole page as one HTML string."""
    rows = [r for _, r in review.rows]
    grouped = review.rows_of()
    kinds = per_kind(rows)
    all_kinds = [k.value for k in Kind] + sorted({r["kind"] for r in rows} - {k.value for k in Kind})
    sources = sorted({a["source_file"] for a in review.articles})
    kind_boxes = "".join(
        f'<label class="kind" data-kind="{_e(k)}"><input type="checkbox" value="{_e(k)}" checked> '
        f'{_e(k)} <small>({dict(kinds).get(k, 0)})</small></label>' for k in all_kinds)
    options = '<option value="">all sources</option>' + "".join(
        f'<option value="{_e(s)}">{_e(s)}</option>' for s in sources)
    articles = "".join(
        _article(i, a, grouped.get((a["source_file"], a["article_position"]), []))
        for i, a in enumerate(review.articles))
    plots = (f'<section class="plots"><figure><figcaption>Figures per kind</figcaption>'
             f'{_bar_chart_horizontal(kinds, "Figures per kind")}</figure>'
             f'<figure><figcaption>Figures per month of publication</figcaption>'
             f'{_bar_chart_vertical(per_month(rows), "Figures per month")}</figure></section>')
    if not rows:
        plots = '<p class="empty">No figures in this output.</p>'
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{_e(title)}</title><style>{_CSS}{_kind_css(all_kinds)}</style></head><body>"
        f"<header><h1>{_e(title)}<span class=\"totals\">{len(review.articles)} article(s) · "
        f"{len(rows)} figure(s) · showing <output id=\"shown-figures\" data-count=\"{len(rows)}\">"
        f"{len(rows)}</output> figure(s) in <output id=\"shown-articles\" "
        f"data-count=\"{len(review.articles)}\">{len(review.articles)}</output> article(s)</span></h1>"
        f"<div class=\"filters\"><span id=\"kinds\">{kind_boxes}</span>"
        f"<label>source <select id=\"source\">{options}</select></label></div></header>"
        f"<main>{plots}{articles}</main><script>{_SCRIPT}</script></body></html>\n"
    )


def write_review(output: str | os.PathLike[str], target: str | os.PathLike[str] | None = None) -> Path:
    """Write the review page of an output folder (default: ``review.html`` inside it)."""
    from kzfigures.write import _atomic_write

    folder = Path(output)
    path = Path(target) if target is not None else folder / REVIEW_NAME
    page = render(read_review(folder), title=f"kzfigures review: {folder.name or folder}")
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, "w", lambda f: f.write(page))
    return path
