"""The grammar shared by kinds written as a number and a unit word: mass, percent, quantity.

Each such kind gives a :class:`UnitGrammar`: the name of its unit-word list, the unit
pattern (which must capture the written unit as ``unit``) and a function from a unit word
to its canonical unit and factor. This module turns that into the same three rules for
every kind, so "6.5-7.5 million tons", "between 2 and 3 GW" and "5-6%" are read alike:

* ``<number>-<number> <unit>``: "6.5-7.5 million tons", "5% to 6%", "10-12 bcm";
* ``between <number> and <number> <unit>``: "between 2 and 3 million tonnes";
* ``<number> <unit>``: "13mn tonnes", "83.6%", "50MW".
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import regex

from ..model import Kind, Mention, Qualifier
from ..numbers import NUMBER, RANGE_DASH, RANGE_TO, parse_number
from . import BETWEEN, Rule, range_values, two_levels, year_not_amount

#: how far "between " may stand before the first number
BETWEEN_LEAD = 24


def convert(value: float, f: float) -> float:
    """``value * f`` rounded to 12 significant digits, so 0.001 factors leave no binary noise."""
    return float(f"{value * f:.12g}")


@dataclass(frozen=True)
class UnitGrammar:
    """What a number-and-unit kind needs to say about itself."""

    kind: Kind
    #: how the rules name the unit: "<number> <mass unit>"
    label: str
    #: the unit after the number, capturing ``unit``: "(?:\\s?(?P<unit>\\L<mass_units>)...)"
    unit: str
    #: surface unit word -> (canonical unit, factor to it)
    unit_of: Callable[[str], tuple[str, float]]
    #: the named word lists the unit pattern uses
    lists: dict[str, list[str]]
    #: the one of them the unit is a word of: every match holds one (see ``Rule.needs``)
    unit_list: str
    #: examples of the single-figure rule, shown beside it
    examples: tuple[str, ...] = ()
    range_examples: tuple[str, ...] = ()
    #: what the low end of a range may repeat: "5%" in "5%-6%"
    repeat: str = ""
    #: extra rules tried before the shared ones
    extra: tuple[Rule, ...] = field(default=())
    #: whether a single figure's context lets its unit word be this kind's unit ("cruise at
    #: 450 kt" is a speed, not a mass); given the match and the sentence
    accept: Callable[[regex.Match, str], bool] | None = None

    # --- builders --------------------------------------------------------------------------
    def _single(self, m: regex.Match, text: str) -> Mention | None:
        value = parse_number(m.group("num"))
        if value is None or year_not_amount(text, m.start("num"), m.group("num")):
            return None
        if self.accept is not None and not self.accept(m, text):
            return None
        unit, f = self.unit_of(m.group("unit"))
        return Mention(self.kind, m.start("fig"), m.end("fig"), convert(value, f), unit,
                       f"<number> {self.label}", number_text=m.group("num"), unit_text=m.group("unit"))

    def _range(self, name: str) -> Callable[[regex.Match, str], Mention | None]:
        def build(m: regex.Match, text: str) -> Mention | None:
            values = range_values(m.group("num"), m.group("num2"))
            if values is None:
                return None
            if two_levels(text, m.start("fig"), m.group("fig")):
                return None
            if self.accept is not None and not self.accept(m, text):
                return None
            unit, f = self.unit_of(m.group("unit"))
            return Mention(self.kind, m.start("fig"), m.end("fig"), convert(values[0], f), unit, name,
                           value_max=convert(values[1], f), qualifier=Qualifier.RANGE,
                           number_text=f"{m.group('num')}-{m.group('num2')}", unit_text=m.group("unit"))
        return build

    # --- rules -----------------------------------------------------------------------------
    @cached_property
    def rules(self) -> list[Rule]:
        dash = f"<number>-<number> {self.label}"
        between = f"between <number> and <number> {self.label}"
        single = f"<number> {self.label}"
        return [
            *self.extra,
            Rule(dash, rf"(?P<fig>(?P<num>{NUMBER}){self.repeat}(?:{RANGE_DASH}|{RANGE_TO})(?P<num2>{NUMBER}){self.unit})",
                 self.range_examples, self._range(dash), self.lists, needs=(self.unit_list,)),
            Rule(between, rf"\bbetween\s+(?P<fig>(?P<num>{NUMBER}){self.repeat}\s+and\s+(?P<num2>{NUMBER}){self.unit})",
                 (), self._range(between), self.lists, lead=BETWEEN_LEAD, needs=(BETWEEN, self.unit_list)),
            Rule(single, rf"(?P<fig>(?P<num>{NUMBER}){self.unit})",
                 self.examples, self._single, self.lists, needs=(self.unit_list,)),
        ]
