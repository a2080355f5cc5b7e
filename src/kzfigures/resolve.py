"""One reading per stretch of text: overlaps between kinds, and units left unsaid.

Every kind reads every sentence on its own, so "13mn tonnes" is a mass to one kind and maybe
a count to another. Where mentions overlap, the longer one wins, then the kind listed first
in :data:`PRIORITY` (money beats count: "$5 million" is not five million of anything).

News also leaves a unit unsaid when it is clear from a neighbour: "by 10,000 and 65,000
barrels per day", "27.7 trillion tenge — 2 trillion above this year's plan". A bare number is
given its neighbour's unit only in the shapes :func:`fill_ellipses` lists.
"""
from __future__ import annotations

import regex

from functools import cache

from .kinds import elided
from .lexicon import table
from .model import Kind, Mention
from .numbers import NUMBER, compile_rule, is_year, number_scale, parse_number

#: the order in which kinds win ties of equal length
PRIORITY: tuple[Kind, ...] = (Kind.MONEY, Kind.QUANTITY, Kind.MASS, Kind.PERCENT, Kind.RANK, Kind.COUNT)
_ELLIPSIS_KINDS = (Kind.MONEY, Kind.MASS, Kind.QUANTITY, Kind.COUNT)

_BARE = compile_rule(NUMBER + r"(?![\p{L}\p{N}%])")
#: how bare numbers may be listed before a money or mass figure: "5 and 7 million tonnes"
_JOINS = frozenset({"and", "or", "to"})
#: "per $1", "a year", ... a bare number after these is no amount
_NOT_AMOUNT_BEFORE = regex.compile(r"(?:\bper|\bNo\.|\bnumber|#|№)\s*$", regex.IGNORECASE)


def overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


#: "2,435 tenge per 1,000 cubic meters", "per $1": the denominator of a price, not a figure
_PER = regex.compile(r"(?<![\p{L}])per\s+(?:each\s+)?$", regex.IGNORECASE)


def choose(mentions: list[Mention], text: str = "") -> list[Mention]:
    """Keep one mention per stretch of text: longest first, then by kind priority; drop the
    denominators of prices ("per 1,000 cubic meters")."""
    rank = {k: i for i, k in enumerate(PRIORITY)}
    mentions = [m for m in mentions if not _PER.search(text, max(0, m.start - 12), m.start)]
    ordered = sorted(mentions, key=lambda m: (-(m.end - m.start), rank[m.kind], m.start))
    kept: list[Mention] = []
    for m in ordered:
        if not any(overlaps(m, k) for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


def fill_ellipses(text: str, mentions: list[Mention]) -> list[Mention]:
    """Bare numbers that take the unit of a neighbouring figure (see the module docstring).

    Lists and parallel clauses are read by :mod:`kzfigures.kinds.elided`, as count and
    quantity do on their own; here they also serve money and mass, after overlaps are
    settled, plus one shape of their own: a number with a magnitude word after a figure
    whose number has one too ("27.7 trillion tenge, 2 trillion above plan").
    """
    carriers = [m for m in mentions if m.kind in _ELLIPSIS_KINDS]
    if not carriers:
        return mentions
    found = [*mentions]

    def free(m: Mention) -> bool:
        return not any(overlaps(m, k) for k in found)

    for m in [*elided.listed(text, carriers, _JOINS), *elided.parallel(text, carriers)]:
        if free(m):
            found.append(m)
    for bare in _BARE.finditer(text):
        if number_scale(bare.group(0)) is None or _NOT_AMOUNT_BEFORE.search(text, 0, bare.start()):
            continue
        before = [m for m in carriers if m.end <= bare.start() and number_scale(m.number_text) is not None
                  and m.value_max is None]
        if not before:
            continue
        head = max(before, key=lambda m: m.end)
        raw, head_raw = parse_number(bare.group(0)), parse_number(head.number_text)
        if raw is None or not head_raw:
            continue
        m = Mention(head.kind, bare.start(), bare.end(), float(f"{raw * head.value / head_raw:.12g}"), head.unit,
                    "<figure> ... <number> <magnitude>", number_text=bare.group(0), counted=head.counted)
        if free(m) and not is_year(bare.group(0)) and not elided.after_currency(text, bare.start()):
            found.append(m)
    return sorted(found, key=lambda m: (m.start, m.end))


@cache
def _rates() -> list[tuple[str, str, regex.Pattern]]:
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
                if m.unit == stock and flow.search(text) else m for m in ms]
               for text, ms in zip(sentences, out)]
    return out
