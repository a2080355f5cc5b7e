"""Percent: "83.6%", "6.5 percent", "12 per cent", and percentage points ("2.5 pp").

A percentage point is its own unit: "rose by 2.5 percentage points" is not "rose by 2.5%".
"""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import lookup, table
from ..model import Kind, Mention, Qualifier
from ..numbers import NUMBER, RANGE_DASH, RANGE_TO, parse_number
from . import Rule, preceded_by, range_values, run_rules, trigger


@cache
def _units() -> dict[str, tuple[str, float]]:
    return {k: (v[0], float(v[1])) for k, v in table("percent")["units"].items()}


def _lists() -> dict[str, list[str]]:
    return {"pct_units": list(_units())}


#: the unit, maybe after a stray stop ("1.1. percent") or glued ("5%"): "%", " percent", " pp"
UNIT = r"(?:\.?\s?(?P<unit>\L<pct_units>)(?![\p{L}\p{N}]))"
#: the first end of a range may repeat the unit: "5%-6%", "5% to 6%"
REPEAT = r"(?:\s?(?:%|percent|per\s?cent))?"

_FROM = regex.compile(r"\bfrom\s+$", regex.IGNORECASE)


def _unit(surface: str) -> tuple[str, float]:
    return lookup(_units(), surface.replace("  ", " "))


def _single(m: regex.Match, text: str) -> Mention | None:
    value = parse_number(m.group("num"))
    if value is None:
        return None
    unit, f = _unit(m.group("unit"))
    return Mention(Kind.PERCENT, m.start("fig"), m.end("fig"), float(f"{value * f:.12g}"), unit,
                   "<number> <percent>", number_text=m.group("num"), unit_text=m.group("unit"))


def _range(name: str):
    def build(m: regex.Match, text: str) -> Mention | None:
        values = range_values(m.group("num"), m.group("num2"))
        if values is None:
            return None
        if " to " in m.group("fig") and preceded_by(text, m.start("fig"), _FROM):
            return None  # "from 9.75 percent to 10.25 percent": two rates, not one range
        unit, f = _unit(m.group("unit"))
        return Mention(Kind.PERCENT, m.start("fig"), m.end("fig"), values[0] * f, unit, name,
                       value_max=values[1] * f, qualifier=Qualifier.RANGE,
                       number_text=f"{m.group('num')}-{m.group('num2')}", unit_text=m.group("unit"))
    return build


RULES: list[Rule] = [
    Rule("<number>-<number> <percent>",
         rf"(?P<fig>(?P<num>{NUMBER}){REPEAT}(?:{RANGE_DASH}|{RANGE_TO})(?P<num2>{NUMBER}){UNIT})",
         ("5-6%", "5% to 6%", "2-3 percentage points"), _range("<number>-<number> <percent>"), _lists()),
    Rule("between <number> and <number> <percent>",
         rf"\bbetween\s+(?P<fig>(?P<num>{NUMBER}){REPEAT}\s+and\s+(?P<num2>{NUMBER}){UNIT})",
         ("between 5 and 6 percent", "between 5% and 6%"), _range("between <number> and <number> <percent>"),
         _lists()),
    Rule("<number> <percent>",
         rf"(?P<fig>(?P<num>{NUMBER}){UNIT})",
         ("83.6%", "6.5 percent", "12 per cent", "1.1. percent", "2.5 percentage points", "50 bps"),
         _single, _lists()),
]


@cache
def _trigger() -> regex.Pattern:
    return trigger(r"%|(?<![\p{L}])\L<pct_units>(?![\p{L}])", _lists())


def extract(text: str) -> list[Mention]:
    """Percent mentions in one sentence."""
    if not _trigger().search(text):
        return []
    return run_rules(RULES, text)
