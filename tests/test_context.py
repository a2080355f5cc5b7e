"""Data-driven corpus of the context of figures: ``tests/corpus/context.toml``.

Each ``[[case]]`` is a short article: ``body`` (paragraphs separated by "\\n"), an optional
``published`` date ("2025-03-14"), and ``figures``: the figures it must yield, each found
by its ``span`` (the ``nth`` occurrence in the body, counting from 0, when the span is
written more than once) and checked on ``kind`` and on whichever of ``qualifier``,
``change`` ("" for none), ``period`` ("" for none), ``period_source``, ``value`` and
``unit`` it lists, and on ``metric``, ``indicator``, ``subject`` and ``counterpart`` ("" for
none). A metric is what an analyst would write: it agrees when the content words of the two
overlap with a token F1 of at least 0.5, as the shared scorer judges metrics (lower case,
plural -s dropped; function words, years, "Kazakhstan" and "annual" left out). ``absent``
lists spans that must not be cited as figures at all. A case may have a ``title``; a figure
with ``in_title = true`` is looked for there.

The article is run through :func:`kzfigures.extract.article_figures`, so sentence
splitting, overlap resolution and context all play their part. A figure the pipeline gets
wrong stays as a known gap: ``xfail = "why"`` on the figure (strict, like the corpora of
the kinds).
"""
from __future__ import annotations

import math
import re
import tomllib
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest

from kzfigures.extract import article_figures
from kzfigures.model import Article, Figure, Section

CORPUS = Path(__file__).resolve().parent / "corpus" / "context.toml"

CASE_KEYS = {"published", "title", "body", "figures", "absent", "note"}
FIGURE_KEYS = {"span", "nth", "kind", "qualifier", "change", "period", "period_source", "value", "unit",
               "metric", "indicator", "subject", "counterpart", "xfail", "note", "in_title"}
#: words that name no measured thing, left out when two metrics are compared
METRIC_STOP = frozenset("""a an the of in on at to for by from with and or its their his her our this that these
those year years annual annually total overall country country's kazakhstan kazakhstan's kazakh republic s""".split())


def metric_words(metric: str) -> set[str]:
    out = set()
    for w in re.findall(r"[a-z][a-z'-]*", metric.lower().replace("’", "'")):
        w = w.strip("'-")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        if w and w not in METRIC_STOP:
            out.add(w)
    return out


def metrics_agree(got: str, want: str) -> bool:
    """Token F1 of the content words >= 0.5; an expected empty metric wants an empty one."""
    if not want or not got:
        return not want and not got
    g, w = metric_words(got), metric_words(want)
    common = len(g & w)
    if not common:
        return False
    p, r = common / len(g), common / len(w)
    return 2 * p * r / (p + r) >= 0.5
QUALIFIERS = {"exact", "approx", "over", "under", "at_least", "at_most", "range"}


def load() -> list[dict]:
    with open(CORPUS, "rb") as f:
        return tomllib.load(f)["case"]


def article(i: int, case: dict) -> Article:
    published = datetime.fromisoformat(case["published"]) if case.get("published") else None
    return Article(source_file="test.txt", position=i, line=1, body_line=1, article_id=f"context-{i}",
                   published=published, crawl_date=None, header_number=None, title=case.get("title"), body=case["body"])


@cache
def figures_of(i: int) -> tuple[Figure, ...]:
    return tuple(article_figures(article(i, load()[i])))


def _offset(body: str, span: str, nth: int) -> int:
    """Start of the ``nth`` occurrence of ``span`` that is not part of a longer number or
    word ("5%" is not found inside "15%")."""
    before = r"(?<![\w.,])" if span[0].isalnum() else ""
    after = r"(?![\w])" if span[-1].isalnum() else ""
    starts = [m.start() for m in re.finditer(before + re.escape(span) + after, body)]
    assert len(starts) > nth, f"corpus error: occurrence {nth} of {span!r} is not in the body"
    return starts[nth]


def _short(text: str, n: int = 24) -> str:
    return text[:n].replace(" ", "_")


def figure_params() -> list:
    params = []
    for i, case in enumerate(load()):
        for j, f in enumerate(case["figures"]):
            marks = [pytest.mark.xfail(reason=f["xfail"], strict=True)] if f.get("xfail") else []
            params.append(pytest.param(i, j, id=f"context-{i:02d}-{j:02d}-{f['kind']}-{_short(f['span'])}", marks=marks))
    return params


def absent_params() -> list:
    return [pytest.param(i, span, id=f"context-{i:02d}-absent-{_short(span)}")
            for i, case in enumerate(load()) for span in case.get("absent", [])]


def _describe(figs) -> str:
    return "\n".join(f"  {f.span!r} {f.kind.value} q={f.qualifier.value} c={f.change.value if f.change else ''} "
                     f"p={f.period} ({f.period_source}) v={f.value} {f.unit} m={f.metric!r} i={f.indicator} "
                     f"s={f.subject} cp={f.counterpart}" for f in figs)


@pytest.mark.parametrize("i,j", figure_params())
def test_figure_context(i: int, j: int) -> None:
    case = load()[i]
    want = case["figures"][j]
    section = Section.TITLE if want.get("in_title") else Section.BODY
    body = case["title"] if want.get("in_title") else case["body"]
    figs = figures_of(i)
    for f in figs:
        assert (case["title"] if f.section is Section.TITLE else case["body"])[f.char_start:f.char_end] == f.span
    start = _offset(body, want["span"], want.get("nth", 0))
    hits = [f for f in figs if f.char_start == start and f.span == want["span"] and f.section is section]
    assert hits, f"{want['span']!r} is not a figure; figures found:\n{_describe(figs)}"
    f = hits[0]
    got = {
        "kind": f.kind.value,
        "qualifier": f.qualifier.value,
        "change": f.change.value if f.change else "",
        "period": f.period or "",
        "period_source": f.period_source or "",
        "value": f.value,
        "unit": f.unit,
        "metric": f.metric or "",
        "indicator": f.indicator or "",
        "subject": f.subject or "",
        "counterpart": f.counterpart or "",
    }
    wrong = []
    for key, value in got.items():
        if key not in want:
            continue
        if key == "value":
            ok = math.isclose(value, want[key], rel_tol=1e-9)
        elif key == "metric":
            ok = metrics_agree(value, want[key])
        else:
            ok = value == want[key]
        if not ok:
            wrong.append(f"{key}: want {want[key]!r}, got {value!r}")
    assert not wrong, f"{want['span']!r}: " + "; ".join(wrong) + f"\nfigures found:\n{_describe(figs)}"


@pytest.mark.parametrize("i,span", absent_params())
def test_not_a_figure(i: int, span: str) -> None:
    body = load()[i]["body"]
    assert span in body, f"corpus error: {span!r} is not in the body"
    cited = [f for f in figures_of(i) if f.span == span]
    assert not cited, f"{span!r} is cited as a figure:\n{_describe(cited)}"


def test_context_corpus_is_well_formed() -> None:
    cases = load()
    n = 0
    for case in cases:
        assert set(case) <= CASE_KEYS and {"body", "figures"} <= set(case), case
        if case.get("published"):
            datetime.fromisoformat(case["published"])
        for f in case["figures"]:
            assert set(f) <= FIGURE_KEYS and {"span", "kind"} <= set(f), f
            assert f.get("qualifier", "exact") in QUALIFIERS, f
            assert f.get("change", "") in ("", "increase", "decrease"), f
            n += 1
    assert n >= 60
    judged = sum(1 for case in cases for f in case["figures"] if "metric" in f and "subject" in f)
    assert judged >= 150, judged
