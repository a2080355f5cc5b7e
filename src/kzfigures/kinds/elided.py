"""Bare numbers that borrow the unit of a figure beside them.

News names a unit once for several numbers: "20,000 and 35,000 barrels a day" (both are
barrels a day), "70 of the 105 elements" (both count elements), "from 10 to 15 GW" (two
figures), and, further apart, "raised output by 1.2 million barrels in May and by 1.4
million in June" or "growth in 54 sectors and decline in 12." A bare number becomes a
figure only in these two shapes, never on its own, and only from a figure of a kind whose
spec allows it (``KindSpec.borrow``: the join words of its lists, whole numbers only for
counts). This is the one place where such numbers are read, after the readings of all kinds
are settled (:func:`kzfigures.resolve.lend_units`):

* listed: a list of bare numbers ending just before a figure, joined by "and"/"or"/commas,
  "from ... to", or (for counts) "of the"/"out of";
* parallel: "<prep> <figure> ... and <prep> <number>" with the same preposition, the number
  ending the clause ("in 12.") or followed by a word that cannot be its unit ("in March",
  "both", "respectively").

Years ("2025"), the pronoun "one" ("one of the 105 elements"), amounts with a currency before
them and numbers with a magnitude the figure lacks ("5 billion and 40 GW") never borrow. The borrowed value keeps the figure's conversion
("10 and 40 GW": 10 GW is 10,000 MW) and, as in a range, a bare number without a magnitude
takes the figure's magnitude when it is smaller ("1.2 and 1.5 million barrels").
"""
from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Mapping
from functools import cache

import regex

from ..lexicon import currencies, table
from ..model import Kind, Mention, Qualifier
from ..numbers import NUMBER, compile_rule, is_year, number_scale, parse_number
from . import NUMBER_ANCHOR, Borrow, Rule, Taken, matches

#: how far back from a figure a list of bare numbers is read
LIST_WINDOW = 240


@cache
def _vocab() -> dict:
    return table("elided")


@cache
def _lists() -> dict[str, list[str]]:
    v = _vocab()
    return {
        "parallel_preps": v["parallel_preps"],
        "clause_followers": v["clause_followers"],
        "cur_prefix": [s for c in currencies() for s in (*c.symbols, *c.codes)],
    }


#: the bare numbers of a list: "20,000 and ", "5, 10 and ", "from 10 to ", "70 of the "
_LIST = r"""(?P<from>(?<![\p{L}])from\s+)?
            (?P<list>{num}(?:\s*,\s*{num})*)\s*,?\s+
            (?P<join>and|or|to|of\s+the|of|out\s+of(?:\s+the)?)\s+\Z"""
#: a currency just before a number: "$5", "USD 5", "KZT5"
_CURRENCY_BEFORE = r"(?:\p{Sc}|(?<![\p{L}])\L<cur_prefix>)\s?\Z"
#: "by 1.4 million." / "in 12 in 2015" / "by 20,000 respectively"
_PARALLEL = r"""(?<![\p{L}])(?P<prep>\L<parallel_preps>)\s+(?P<num>{num})
                (?=\s*(?:[.,;:!?)]|\Z)|\s+(?:\L<clause_followers>)(?![\p{L}\p{N}]))"""
#: words that join two clauses: the borrowing number must be in a coordinated clause
_COORDINATOR = regex.compile(r"(?<![\p{L}])(?:and|while|whereas|but|as\s+well\s+as)(?![\p{L}])|;",
                             regex.IGNORECASE)


#: what every list ends with: its join word ("and", "of the", "out of") and a space; read
#: backwards from the figure, so that a figure with no list before it costs one short look
_LIST_END = r"(?r)(?:and|or|to|of|the)\s+\Z"


@cache
def _patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern, regex.Pattern]:
    lists = _lists()
    return (compile_rule(_LIST.replace("{num}", NUMBER), **lists),
            compile_rule(_CURRENCY_BEFORE, **lists),
            compile_rule(NUMBER),
            compile_rule(_LIST_END))


@cache
def _parallel_rule() -> Rule:
    return Rule("<prep> <number>", _PARALLEL.replace("{num}", NUMBER), ("by 1.4 million.",), lambda m, t: None,
                _lists(), frozenset({NUMBER_ANCHOR}), lead=16)


@cache
def _prep_before() -> regex.Pattern:
    return compile_rule(r"(?<![\p{L}])(?P<prep>\L<parallel_preps>)\s+\Z", **_lists())


def compile_all() -> None:
    _patterns()
    _parallel_rule().compiled
    _prep_before()


def after_currency(text: str, start: int) -> bool:
    """Does a currency stand just before ``start``? "$5", "USD 5", "KZT5"."""
    return _patterns()[1].search(text, max(0, start - 16), start) is not None


def borrow(head: Mention, text: str, start: int, end: int, rule: str,
            integer: bool) -> Mention | None:
    """A mention for the bare number ``text[start:end]`` with ``head``'s unit."""
    number = text[start:end]
    if is_year(number) or number.lower() == "one" or after_currency(text, start):
        return None  # a year, the pronoun in "one of the 105 elements", or an amount of money
    value = parse_number(number)
    head_number = parse_number(head.number_text) if head.qualifier is not Qualifier.RANGE else None
    if value is None or not head_number:
        return None
    head_scale = number_scale(head.number_text)
    if number_scale(number) is None:
        if head_scale and "," not in number and value < head_number / head_scale:
            value *= head_scale
    elif head_scale is None:
        return None  # "5 billion and 40 GW": the 5 billion is something else
    value = float(f"{value * head.value / head_number:.12g}")
    if integer and (value != int(value) or value < 1):
        return None
    return dataclasses.replace(head, start=start, end=end, value=value, value_max=None,
                               qualifier=None, number_text=number, unit_text="", rule=rule)


def listed(text: str, heads: Iterable[Mention], borrows: Mapping[Kind, Borrow]) -> list[Mention]:
    """Bare numbers listed just before a figure that names their unit.

    The head's kind says which join words may end the list (``Borrow.joins``: "and", "or",
    "to" with "from", and for counts "of", "of the", "out of", "out of the"), so that "70 of
    the 105 elements" lists for a count but "5 of 10 GW" does not list for a quantity.
    """
    out: list[Mention] = []
    for head in heads:
        lender = borrows[head.kind]
        lo = max(0, head.start - LIST_WINDOW)
        if _patterns()[3].search(text, lo, head.start) is None:
            continue
        m = _patterns()[0].search(text, lo, head.start)
        if m is None:
            continue
        join = " ".join(m.group("join").lower().split())
        if join not in lender.joins or (join == "to") != bool(m.group("from")):
            continue  # "to" lists only after "from": "rose to 5 and 7 GW" is no list
        rule = f"<number> {join} <figure>"
        base = m.start("list")
        for n in _patterns()[2].finditer(m.group("list")):
            b = borrow(head, text, base + n.start(), base + n.end(), rule, lender.integer)
            if b is not None:
                out.append(b)
    return out


def parallel(text: str, anchors, heads: list[Mention], borrows: Mapping[Kind, Borrow]) -> list[Mention]:
    """Bare numbers after the same preposition as an earlier figure, in a coordinated clause.

    ``anchors`` are the sentence's anchors (:class:`kzfigures.scan.Anchors`); the heads are read once for the
    preposition before them and the coordinators once for the sentence, so the pass is
    linear in the sentence.
    """
    by_prep: dict[str, list[Mention]] = {}
    for h in heads:
        if not borrows[h.kind].clauses:
            continue
        p = _prep_before().search(text, max(0, h.start - 16), h.start)
        if p is not None:
            by_prep.setdefault(p.group("prep").lower(), []).append(h)
    if not by_prep:
        return []
    for hs in by_prep.values():
        hs.sort(key=lambda h: h.end)
    ends = {prep: [h.end for h in hs] for prep, hs in by_prep.items()}
    coordinators = [c.span() for c in _COORDINATOR.finditer(text)]
    coordinator_starts = [c[0] for c in coordinators]
    out: list[Mention] = []
    taken = Taken(heads)
    rule = _parallel_rule()
    for m in matches(rule, text, anchors.positions(rule.anchors), anchors.starts):
        start, end = m.span("num")
        if not taken.free(start, end):
            continue
        prep = m.group("prep").lower()
        hs = by_prep.get(prep)
        if not hs:
            continue
        i = bisect.bisect_right(ends[prep], m.start())
        if i == 0:
            continue
        head = hs[i - 1]
        j = bisect.bisect_left(coordinator_starts, head.end)
        if j == len(coordinators) or coordinators[j][1] > m.start():
            continue
        spec = borrows[head.kind]
        b = borrow(head, text, start, end, f"{prep} <figure> and {prep} <number>", spec.integer)
        unit = spec.own_unit(head, text, coordinators[j][1], start) if b is not None and spec.own_unit else None
        if unit is not None:
            b = dataclasses.replace(b, unit=unit)
        if b is not None:
            out.append(b)
            taken.add(b.start, b.end)
    return out
