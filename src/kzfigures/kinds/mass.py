"""Mass: tonnes and their kin, in metric tonnes (unit ``t``).

"13mn tonnes", "944,000 tons", "174,043 kg", "5 kt", "2.3 million metric tons",
"eight-nine million tons", "229.2 centners" (a centner is 100 kg).
"""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import lookup, table
from ..model import Kind, Mention, Qualifier
from ..numbers import NUMBER, RANGE_DASH, RANGE_TO, parse_number
from ..units import to_canonical
from . import Rule, preceded_by, range_values, run_rules, trigger

CANONICAL = "t"
_PINT_CANONICAL = "tonne"


@cache
def _units() -> dict[str, str]:
    return dict(table("mass")["units"])


def _lists() -> dict[str, list[str]]:
    return {"mass_units": list(_units())}


#: " tonnes", "kg", " metric tons" — a whole word, glued or after a space
UNIT = r"(?:\s?(?P<unit>\L<mass_units>)(?![\p{L}\p{N}]))"
#: the first end of a range may repeat the unit: "5 tons-6 tons" is rare, "5 to 6 tons" is not
_FROM = regex.compile(r"\bfrom\s+$", regex.IGNORECASE)


def _pint_unit(surface: str) -> str:
    return lookup(_units(), surface)


def _single(m: regex.Match, text: str) -> Mention | None:
    value = parse_number(m.group("num"))
    if value is None:
        return None
    t = to_canonical(value, _pint_unit(m.group("unit")), _PINT_CANONICAL)
    return Mention(Kind.MASS, m.start("fig"), m.end("fig"), t, CANONICAL, "<number> <mass unit>",
                   number_text=m.group("num"), unit_text=m.group("unit"))


def _range(name: str):
    def build(m: regex.Match, text: str) -> Mention | None:
        values = range_values(m.group("num"), m.group("num2"))
        if values is None:
            return None
        if " to " in m.group("fig") and preceded_by(text, m.start("fig"), _FROM):
            return None  # "from 10,000 to 299,000 tons" reads as two amounts
        unit = _pint_unit(m.group("unit"))
        return Mention(Kind.MASS, m.start("fig"), m.end("fig"),
                       to_canonical(values[0], unit, _PINT_CANONICAL), CANONICAL, name,
                       value_max=to_canonical(values[1], unit, _PINT_CANONICAL), qualifier=Qualifier.RANGE,
                       number_text=f"{m.group('num')}-{m.group('num2')}", unit_text=m.group("unit"))
    return build


RULES: list[Rule] = [
    Rule("<number>-<number> <mass unit>",
         rf"(?P<fig>(?P<num>{NUMBER})(?:{RANGE_DASH}|{RANGE_TO})(?P<num2>{NUMBER}){UNIT})",
         ("6.5-7.5 million tons", "eight-nine million tons", "5 to 6 tonnes"),
         _range("<number>-<number> <mass unit>"), _lists()),
    Rule("between <number> and <number> <mass unit>",
         rf"\bbetween\s+(?P<fig>(?P<num>{NUMBER})\s+and\s+(?P<num2>{NUMBER}){UNIT})",
         ("between 2 and 3 million tonnes",), _range("between <number> and <number> <mass unit>"), _lists()),
    Rule("<number> <mass unit>",
         rf"(?P<fig>(?P<num>{NUMBER}){UNIT})",
         ("13mn tonnes", "944,000 tons", "174,043 kg", "5 kt", "three million tonnes", "229.2 centners"),
         _single, _lists()),
]


@cache
def _trigger() -> regex.Pattern:
    return trigger(r"(?<![\p{L}])\L<mass_units>(?![\p{L}])", _lists())


def extract(text: str) -> list[Mention]:
    """Mass mentions in one sentence."""
    if not _trigger().search(text):
        return []
    return run_rules(RULES, text)
