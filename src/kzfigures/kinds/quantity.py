"""Quantity: physical amounts other than mass, each in one canonical unit of its family.

"1.3 trillion cubic meters" and "12 bcm" (``m3``), "1.8 million barrels per day"
(``bbl/d``), "117.9bn kWh" (``kWh``), "50MW" and "40 GW" (``MW``), "12.5 million hectares"
(``ha``), "2,724,900 square kilometres" (``km2``), "1,000 km" (``km``), "5,000 TEU"
(``TEU``), "14.6 centners/hectare" (``t/ha``), "300 billion tonne-kilometres" (``t*km``).

The words come from ``data/quantity.toml``, each mapped to a pint unit and the canonical unit
of its family; ``units.factor`` turns that pair into a cached number, so no news text ever
reaches pint's parser (which reads "mcm" as micrometres and "bbl" as a 31.5-gallon barrel).
Plain "barrels" stay barrels (``bbl``): only the text's own "per day" makes a rate.
A unit named once for several numbers ("20,000 and 35,000 barrels a day") is lent to the
bare ones by :mod:`.elided`.
"""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import lookup, table
from ..model import Kind, Mention, Qualifier
from ..numbers import NUMBER, RANGE_DASH, RANGE_TO, parse_number
from ..units import factor
from . import Rule, elided, preceded_by, range_values, run_rules


@cache
def _vocab() -> dict:
    return table("quantity")


@cache
def canonical_units() -> dict[str, str]:
    """Canonical table unit -> the pint expression it stands for: "bbl" -> "oil_barrel"."""
    return dict(_vocab()["canonical"])


@cache
def unit_words() -> dict[str, tuple[str, str]]:
    """Surface word -> (pint expression, canonical unit): "bcm" -> ("billion_cubic_metre", "m3")."""
    return {k: (v[0], v[1]) for k, v in _vocab()["units"].items()}


@cache
def _lower_words() -> dict[str, tuple[str, str]]:
    return {k.lower(): v for k, v in unit_words().items()}


def _lists() -> dict[str, list[str]]:
    return {"quantity_units": list(unit_words())}


#: what turns a unit into a speed or another rate we do not read: "km/h", "km per hour"
_NOT_RATE = r"(?!/\p{L}|\s+(?:per|an|a)\s+(?:hour|second)(?![\p{L}]))"
#: the unit, glued ("50MW"), spaced ("120 MW") or hyphened as an adjective ("a 500-km line")
UNIT = rf"(?:(?:\s?|-)(?P<unit>\L<quantity_units>)(?![\p{{L}}\p{{N}}]){_NOT_RATE})"
_FROM = regex.compile(r"\bfrom\s+$", regex.IGNORECASE)


def unit_of(surface: str) -> tuple[str, float]:
    """The canonical unit of a unit word and the factor to it: "GW" -> ("MW", 1000.0)."""
    found = lookup(unit_words(), surface) or _lower_words().get(" ".join(surface.split()).lower())
    if found is None:
        raise KeyError(surface)
    pint_unit, canonical = found
    return canonical, factor(pint_unit, canonical_units()[canonical])


def _convert(value: float, f: float) -> float:
    return float(f"{value * f:.12g}")


def _single(m: regex.Match, text: str) -> Mention | None:
    value = parse_number(m.group("num"))
    if value is None:
        return None
    unit, f = unit_of(m.group("unit"))
    return Mention(Kind.QUANTITY, m.start("fig"), m.end("fig"), _convert(value, f), unit,
                   "<number> <unit>", number_text=m.group("num"), unit_text=m.group("unit"))


def _range(name: str):
    def build(m: regex.Match, text: str) -> Mention | None:
        values = range_values(m.group("num"), m.group("num2"))
        if values is None:
            return None
        if " to " in m.group("fig") and preceded_by(text, m.start("fig"), _FROM):
            return None  # "from 10 to 15 GW" states two capacities; elided.listed lends the unit
        unit, f = unit_of(m.group("unit"))
        return Mention(Kind.QUANTITY, m.start("fig"), m.end("fig"), _convert(values[0], f), unit, name,
                       value_max=_convert(values[1], f), qualifier=Qualifier.RANGE,
                       number_text=f"{m.group('num')}-{m.group('num2')}", unit_text=m.group("unit"))
    return build


RULES: list[Rule] = [
    Rule("<number>-<number> <unit>",
         rf"(?P<fig>(?P<num>{NUMBER})(?:{RANGE_DASH}|{RANGE_TO})(?P<num2>{NUMBER}){UNIT})",
         ("10-12 bcm", "2 to 3 GW", "1.5-2 million barrels per day"),
         _range("<number>-<number> <unit>"), _lists()),
    Rule("between <number> and <number> <unit>",
         rf"\bbetween\s+(?P<fig>(?P<num>{NUMBER})\s+and\s+(?P<num2>{NUMBER}){UNIT})",
         ("between 2 and 3 GW",), _range("between <number> and <number> <unit>"), _lists()),
    Rule("<number> <unit>",
         rf"(?P<fig>(?P<num>{NUMBER}){UNIT})",
         ("50MW", "2,903MW", "117.9bn kWh", "1.3 trillion cubic meters", "12 bcm",
          "1.8 million barrels per day", "14.6 centners/hectare", "a 500-km railway"),
         _single, _lists()),
]

#: join words that lend a unit to the numbers listed before it ("10 and 20 GW", "from 10 to 20 GW")
_JOINS = frozenset({"and", "or", "to"})


def extract(text: str) -> list[Mention]:
    """Quantity mentions in one sentence, with bare numbers that share a stated unit."""
    found = run_rules(RULES, text)
    found += elided.listed(text, found, _JOINS)
    found += elided.parallel(text, found)
    return sorted(found, key=lambda m: (m.start, m.end))
