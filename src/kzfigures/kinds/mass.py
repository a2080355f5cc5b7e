"""Mass: tonnes and their kin, in metric tonnes (unit ``t``).

"13mn tonnes", "944,000 tons", "174,043 kg", "5 kt", "2.3 million metric tons",
"eight-nine million tons", "229.2 centners" (a centner is 100 kg). Unit words come from
``data/mass.toml``, each mapped to a pint unit; the rules are the shared number-and-unit
grammar of :mod:`.measure`.
"""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import lookup, table
from ..model import Kind, Mention
from ..units import factor
from . import Borrow, KindSpec, preceded_by
from .measure import UnitGrammar

CANONICAL = "t"
_PINT_CANONICAL = "tonne"


@cache
def _units() -> dict[str, str]:
    return dict(table("mass")["units"])


@cache
def _pounds() -> tuple[frozenset[str], regex.Pattern]:
    p = table("mass")["pounds"]
    after = regex.compile(r"\s+(?:(?P<weighed>\L<weighed>)(?![\p{L}\p{N}])|of\s+(?:the\s+)?(?P<what>\p{L}+))",
                          regex.IGNORECASE, weighed=p["weighed"])
    return frozenset(w.lower() for w in p["money_after_of"]), after


def weight_after(text: str, end: int, unit: str) -> bool:
    """Do the words after "pounds" make it a weight? "18.2 million pounds of U3O8" is one,
    "50 million pounds of investment" and "5 million pounds" alone are money."""
    if unit.lower() != "pounds":
        return False
    money, after = _pounds()
    m = after.match(text, end, end + 40)
    return m is not None and (m.group("weighed") is not None or m.group("what").lower() not in money)


@cache
def _knots() -> tuple[frozenset[str], regex.Pattern]:
    k = table("mass")["knots"]
    cue = regex.compile(r"(?<![\p{L}])\L<cues>(?![\p{L}])(?:\s+[\p{L}]+){0,3}\s+$", regex.IGNORECASE, cues=k["cues"])
    return frozenset(k["units"]), cue


def _is_mass(m: regex.Match, text: str) -> bool:
    """A speed in knots ("cruise at 450 kt"), pounds of money or a unit in a case the table
    does not write are no mass."""
    unit = m.group("unit")
    if lookup(_units(), unit) is None:
        return False  # matched in another case than any form of the table ("12 tu" is not "tU")
    units, cue = _knots()
    if unit in units and preceded_by(text, m.start("fig"), cue):
        return False
    if unit.lower() == "pounds":
        return weight_after(text, m.end("fig"), unit)
    return True


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
        unit_of=unit_of, lists={"mass_units": list(_units())}, unit_list="mass_units", accept=_is_mass,
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
