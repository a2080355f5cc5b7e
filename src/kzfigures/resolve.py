"""One reading per stretch of text: overlaps between kinds, and units left unsaid.

Every kind reads every sentence on its own, so "13mn tonnes" is a mass to one kind and maybe
a count to another. Where mentions overlap, the longer one wins, then the kind listed first
in :data:`PRIORITY` (money beats count: "$5 million" is not five million of anything).

News also leaves a unit unsaid when it is clear from a neighbour: "by 10,000 and 65,000
barrels per day", "27.7 trillion tenge — 2 trillion above this year's plan". A bare number is
given its neighbour's unit only in these two shapes: a coordination just before a figure of
the same unit, or a number with a magnitude word after a figure of the same sentence whose
number has one too.
"""
from __future__ import annotations

import regex

from .model import Kind, Mention
from .numbers import NUMBER, compile_rule, number_scale, parse_number

#: the order in which kinds win ties of equal length
PRIORITY: tuple[Kind, ...] = (Kind.MONEY, Kind.QUANTITY, Kind.MASS, Kind.PERCENT, Kind.RANK, Kind.COUNT)
_ELLIPSIS_KINDS = (Kind.MONEY, Kind.MASS, Kind.QUANTITY)

_BARE = compile_rule(NUMBER + r"(?![\p{L}\p{N}%])")
#: "10,000 and " / "10,000, " / "10,000 or " before a figure
_COORD_GAP = regex.compile(r"^(?:\s*,\s*|\s+(?:and|or)\s+(?:by\s+)?)$", regex.IGNORECASE)
#: "per $1", "a year", ... a bare number after these is no amount
_NOT_AMOUNT_BEFORE = regex.compile(r"(?:\bper|\bNo\.|\bnumber|#|№)\s*$", regex.IGNORECASE)


def overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def choose(mentions: list[Mention]) -> list[Mention]:
    """Keep one mention per stretch of text: longest first, then by kind priority."""
    rank = {k: i for i, k in enumerate(PRIORITY)}
    ordered = sorted(mentions, key=lambda m: (-(m.end - m.start), rank[m.kind], m.start))
    kept: list[Mention] = []
    for m in ordered:
        if not any(overlaps(m, k) for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _unit_factor(m: Mention) -> float | None:
    """Canonical value per written number of a single-value mention ("13mn tonnes" -> 1)."""
    if m.value_max is not None:
        return None
    raw = parse_number(m.number_text)
    if not raw:
        return None
    return m.value / raw


def _inherit(bare: regex.Match, source: Mention, how: str) -> Mention | None:
    f = _unit_factor(source)
    raw = parse_number(bare.group(0))
    if f is None or raw is None:
        return None
    return Mention(source.kind, bare.start(), bare.end(), float(f"{raw * f:.12g}"), source.unit,
                   f"{how} ({source.unit} from '{source.unit_text}')", number_text=bare.group(0))


def fill_ellipses(text: str, mentions: list[Mention]) -> list[Mention]:
    """Bare numbers that take the unit of a neighbouring figure (see the module docstring)."""
    added: list[Mention] = []
    carriers = [m for m in mentions if m.kind in _ELLIPSIS_KINDS]
    if not carriers:
        return mentions
    for bare in _BARE.finditer(text):
        if any(bare.start() < m.end and m.start < bare.end() for m in mentions):
            continue
        if _NOT_AMOUNT_BEFORE.search(text, 0, bare.start()):
            continue
        after = [m for m in carriers if m.start >= bare.end()]
        nxt = min(after, key=lambda m: m.start) if after else None
        if nxt is not None and _COORD_GAP.match(text[bare.end(): nxt.start]) \
                and (number_scale(bare.group(0)) is not None or number_scale(nxt.number_text) is None):
            m = _inherit(bare, nxt, "ellipsis: <number> and <figure>")
            if m:
                added.append(m)
            continue
        if number_scale(bare.group(0)) is None:
            continue
        before = [m for m in carriers if m.end <= bare.start() and number_scale(m.number_text) is not None]
        if before:
            m = _inherit(bare, max(before, key=lambda m: m.end), "ellipsis: <figure> ... <number> <magnitude>")
            if m:
                added.append(m)
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end))

