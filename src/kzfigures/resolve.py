"""One reading per stretch of text: overlaps between kinds, and units left unsaid.

Every kind reads every sentence on its own, so "13mn tonnes" is a mass to one kind and maybe
a count to another. Where readings overlap, :func:`kzfigures.kinds.select` keeps the longest,
then the one of the kind with the lower ``priority`` in its spec (money beats count: "$5
million" is not five million of anything).

News also leaves a unit unsaid when it is clear from a neighbour: "by 10,000 and 65,000
barrels per day", "27.7 trillion tenge — 2 trillion above this year's plan". A bare number is
given its neighbour's unit only in the shapes :func:`lend_units` lists, and only from a
figure whose kind allows it (``KindSpec.borrow``).
"""
from __future__ import annotations

from functools import cache

import regex

from .kinds import NUMBER_ANCHOR, KindSpec, Rule, Taken, elided, matches, select, specs
from .model import Mention
from .numbers import NUMBER, is_year, number_scale, parse_number
from .scan import Anchors

#: "per $1", "a year", ... a bare number after these is no amount
_NOT_AMOUNT_BEFORE = regex.compile(r"(?:\bper|\bNo\.|\bnumber|#|№)\s*$", regex.IGNORECASE)
#: "2,435 tenge per 1,000 cubic meters", "per $1": the denominator of a price, not a figure
_PER = regex.compile(r"(?<![\p{L}])per\s+(?:each\s+)?$", regex.IGNORECASE)


@cache
def _bare() -> Rule:
    """A number with nothing after it that makes it a figure of its own."""
    return Rule("<number>", NUMBER + r"(?![\p{L}\p{N}%])", ("2 trillion",), lambda m, t: None)


def compile_all() -> None:
    _bare().compiled
    elided.compile_all()


def choose(candidates: list[tuple[int, Mention]], text: str = "") -> list[Mention]:
    """Keep one mention per stretch of text (longest first, then by priority); drop the
    denominators of prices ("per 1,000 cubic meters")."""
    return select((p, m) for p, m in candidates if not _PER.search(text, max(0, m.start - 12), m.start))


def lend_units(text: str, anchors: Anchors, mentions: list[Mention],
               kinds: tuple[KindSpec, ...] | None = None) -> list[Mention]:
    """Bare numbers that take the unit of a neighbouring figure (see the module docstring).

    Lists and parallel clauses are read by :mod:`kzfigures.kinds.elided`; here too a number
    with a magnitude word after a figure whose number has one too takes its unit ("27.7
    trillion tenge, 2 trillion above plan").
    """
    kinds = specs() if kinds is None else kinds
    borrows = {s.kind: s.borrow for s in kinds if s.borrow is not None}
    carriers = [m for m in mentions if m.kind in borrows]
    found = [*mentions]
    taken = Taken(found)
    numbers = anchors.positions(frozenset({NUMBER_ANCHOR}))

    def keep(m: Mention) -> None:
        if taken.free(m.start, m.end):
            found.append(m)
            taken.add(m.start, m.end)

    for m in elided.listed(text, carriers, borrows):
        keep(m)
    for m in elided.parallel(text, anchors, carriers, borrows):
        keep(m)
    for spec in kinds:
        for fill in spec.fill:
            for m in fill(text, anchors, sorted(found, key=lambda m: (m.start, m.end))):
                keep(m)
    heads = sorted((m for m in carriers if number_scale(m.number_text) is not None and m.value_max is None),
                   key=lambda m: m.end)
    i = 0
    head: Mention | None = None
    for bare in matches(_bare(), text, numbers):
        while i < len(heads) and heads[i].end <= bare.start():
            head = heads[i]
            i += 1
        if head is None or number_scale(bare.group(0)) is None \
                or _NOT_AMOUNT_BEFORE.search(text, max(0, bare.start() - 16), bare.start()):
            continue
        raw, head_raw = parse_number(bare.group(0)), parse_number(head.number_text)
        if raw is None or not head_raw:
            continue
        m = Mention(head.kind, bare.start(), bare.end(), float(f"{raw * head.value / head_raw:.12g}"), head.unit,
                    "<figure> ... <number> <magnitude>", number_text=bare.group(0), counted=head.counted)
        if not is_year(bare.group(0)) and not elided.after_currency(text, bare.start()):
            keep(m)
    return sorted(found, key=lambda m: (m.start, m.end))


@cache
def _rates() -> list[tuple[str, str, regex.Pattern]]:
    from .lexicon import table
    return [(r["stock"], r["rate"], regex.compile(r"(?<![\p{L}])\L<w>(?![\p{L}])", regex.IGNORECASE, w=r["flow_words"]))
            for r in table("rates")["rate"]]


def harmonise_rates(sentences: list[str], mentions: list[list[Mention]]) -> list[list[Mention]]:
    """Read a stock unit as the article's rate unit where the sentence speaks of a flow.

    "under the quota it should have been 1.437 million barrels" in an article that states
    output in barrels per day is 1.437 million barrels per day (see data/rates.toml).
    """
    units = {m.unit for ms in mentions for m in ms}
    out = mentions
    for stock, rate, flow in _rates():
        if rate not in units or stock not in units:
            continue
        out = [[Mention(**{**m.__dict__, "unit": rate, "rule": f"{m.rule}; {stock} read as {rate}"})
                if m.unit == stock else m for m in ms]
               if any(m.unit == stock for m in ms) and flow.search(text) else ms
               for text, ms in zip(sentences, out)]
    return out
