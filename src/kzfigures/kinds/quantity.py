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


from ..lexicon import lookup, table
from ..model import Kind, Mention
from ..units import factor
from . import Borrow, KindSpec
from .measure import UnitGrammar


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
    # "100,000-square-metre hub": a unit of several words also hyphened, as an adjective
    words = list(unit_words())
    return {"quantity_units": words + [w.replace(" ", "-") for w in words if " " in w]}


#: what turns a unit into a speed or another rate we do not read: "km/h", "km per hour"
_NOT_RATE = r"(?!/\p{L}|\s+(?:per|an|a)\s+(?:hour|second)(?![\p{L}]))"
#: the unit, glued ("50MW"), spaced ("120 MW") or hyphened as an adjective ("a 500-km line")
UNIT = rf"(?:(?:\s?|-)(?P<unit>\L<quantity_units>)(?![\p{{L}}\p{{N}}]){_NOT_RATE})"


def unit_of(surface: str) -> tuple[str, float]:
    """The canonical unit of a unit word and the factor to it: "GW" -> ("MW", 1000.0)."""
    surface = surface.replace("-", " ") if surface not in unit_words() else surface
    found = lookup(unit_words(), surface) or _lower_words().get(" ".join(surface.split()).lower())
    if found is None:
        raise KeyError(surface)
    pint_unit, canonical = found
    return canonical, factor(pint_unit, canonical_units()[canonical])


@cache
def grammar() -> UnitGrammar:
    return UnitGrammar(
        kind=Kind.QUANTITY, label="<unit>", unit=UNIT, unit_of=unit_of, lists=_lists(),
        unit_list="quantity_units",
        examples=("50MW", "2,903MW", "117.9bn kWh", "1.3 trillion cubic meters", "12 bcm",
                  "1.8 million barrels per day", "14.6 centners/hectare", "a 500-km railway"),
        range_examples=("10-12 bcm", "2 to 3 GW", "1.5-2 million barrels per day"),
    )


#: the rules, for those who list them (tests, documentation)
RULES = grammar().rules

SPEC = KindSpec(
    kind=Kind.QUANTITY, rules=tuple(RULES), priority=1,
    canonical_units=lambda: tuple(canonical_units()),
    unit_words=lambda: list(unit_words()), unit_of=unit_of,
    # "10 and 20 GW", "from 10 to 20 GW": a unit named once lends itself to the numbers before it
    borrow=Borrow(frozenset({"and", "or", "to"})),
    unit_label="one canonical unit per family",
)


def extract(text: str) -> list[Mention]:
    """Quantity mentions in one sentence, with bare numbers that share a stated unit."""
    from ..scan import extract_kind
    return extract_kind(SPEC, text)
