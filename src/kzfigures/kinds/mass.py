"""Mass: tonnes and their kin, in metric tonnes (unit ``t``).

"13mn tonnes", "944,000 tons", "174,043 kg", "5 kt", "2.3 million metric tons",
"eight-nine million tons", "229.2 centners" (a centner is 100 kg). Unit words come from
``data/mass.toml``, each mapped to a pint unit; the rules are the shared number-and-unit
grammar of :mod:`.measure`.
"""
from __future__ import annotations

from functools import cache

from ..lexicon import lookup, table
from ..model import Kind, Mention
from ..units import factor
from . import Borrow, KindSpec
from .measure import UnitGrammar

CANONICAL = "t"
_PINT_CANONICAL = "tonne"


@cache
def _units() -> dict[str, str]:
    return dict(table("mass")["units"])


def unit_of(surface: str) -> tuple[str, float]:
    """The canonical unit of a mass word and the factor to it: "kg" -> ("t", 0.001)."""
    return CANONICAL, factor(lookup(_units(), surface), _PINT_CANONICAL)


@cache
def grammar() -> UnitGrammar:
    return UnitGrammar(
        kind=Kind.MASS, label="<mass unit>",
        # " tonnes", "kg", " metric tons", "-tonne": a whole word, glued, spaced or hyphened;
        # not a yield ("tonnes per hectare", "t/ha") nor freight work ("tonne-kilometres")
        unit=r"(?:(?:\s?|-)(?P<unit>\L<mass_units>)(?![\p{L}\p{N}])(?!\s*(?:/|per\s+)\s*(?:ha|hectare)|-k))",
        unit_of=unit_of, lists={"mass_units": list(_units())}, unit_list="mass_units",
        examples=("13mn tonnes", "944,000 tons", "174,043 kg", "5 kt", "three million tonnes", "229.2 centners"),
        range_examples=("6.5-7.5 million tons", "eight-nine million tons", "5 to 6 tonnes"),
    )


#: the rules, for those who list them (tests, documentation)
RULES = grammar().rules

SPEC = KindSpec(
    kind=Kind.MASS, rules=tuple(RULES), priority=2,
    canonical_units=lambda: (CANONICAL,),
    unit_words=lambda: list(_units()), unit_of=unit_of, borrow=Borrow(),
    unit_label="metric tonnes",
)


def extract(text: str) -> list[Mention]:
    """Mass mentions in one sentence (and bare numbers that borrow their unit)."""
    from ..scan import extract_kind
    return extract_kind(SPEC, text)
