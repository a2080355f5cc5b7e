"""Percent: "83.6%", "6.5 percent", "12 per cent", and percentage points ("2.5 pp").

A percentage point is its own unit: "rose by 2.5 percentage points" is not "rose by 2.5%";
basis points are hundredths of a point. Unit words come from ``data/percent.toml``; the rules
are the shared number-and-unit grammar of :mod:`.measure`.
"""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import lookup, table
from ..model import Kind, Mention
from . import Borrow, KindSpec, preceded_by
from .measure import UnitGrammar


@cache
def _units() -> dict[str, tuple[str, float]]:
    return {k: (v[0], float(v[1])) for k, v in table("percent")["units"].items()}


def unit_of(surface: str) -> tuple[str, float]:
    """The canonical unit of a percent word and the factor to it: "bps" -> ("percentage_point", 0.01)."""
    return lookup(_units(), surface)


@cache
def _basis() -> tuple[regex.Pattern, regex.Pattern]:
    after = regex.compile(r"\s+\L<w>(?![\p{L}])", regex.IGNORECASE, w=table("percent")["basis"]["after"])
    return regex.compile(r"(?<![\p{L}])on\s+an?\s+$", regex.IGNORECASE), after


@cache
def _grade() -> regex.Pattern:
    return regex.compile(r"\s+\L<w>(?![\p{L}])", regex.IGNORECASE, w=table("percent")["grade"]["after"])


def _is_percent(m: regex.Match, text: str) -> bool:
    """ "on a 100% basis" says how a figure is counted, "5% broken" names a grade of rice; neither
    is a figure itself."""
    before, after = _basis()
    end = m.end("fig")
    if _grade().match(text, end, end + 20):
        return False
    return not (after.match(text, end, end + 20) and preceded_by(text, m.start("fig"), before))


@cache
def grammar() -> UnitGrammar:
    return UnitGrammar(
        kind=Kind.PERCENT, label="<percent>",
        # "%", " percent", " pp", maybe after a stray stop ("1.1. percent") or a hyphen ("100-percent")
        unit=r"(?:(?:\.?\s?|-)(?P<unit>\L<pct_units>)(?![\p{L}\p{N}]))",
        unit_of=unit_of, lists={"pct_units": list(_units())}, unit_list="pct_units", accept=_is_percent,
        examples=("83.6%", "6.5 percent", "12 per cent", "1.1. percent", "2.5 percentage points", "50 bps"),
        range_examples=("5-6%", "5% to 6%", "2-3 percentage points"),
        # the low end of a range may repeat the unit: "5%-6%", "5% to 6%"
        repeat=r"(?:\s?(?:%|percent|per\s?cent))?",
    )


#: the rules, for those who list them (tests, documentation)
RULES = grammar().rules

SPEC = KindSpec(
    kind=Kind.PERCENT, rules=tuple(RULES), priority=3,
    canonical_units=lambda: ("percent", "percentage_point"),
    unit_words=lambda: list(_units()), unit_of=unit_of,
    # only to the items of a list it heads: "inflation was 12.1%, Astana - 13.4, Almaty - 11.9"
    borrow=Borrow(frozenset(), clauses=False),
)


def extract(text: str) -> list[Mention]:
    """Percent mentions in one sentence."""
    from ..scan import extract_kind
    return extract_kind(SPEC, text)
