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

from .kinds import NUMBER_ANCHOR, KindSpec, Rule, Taken, anaphora, elided, itemised, matches, select, specs
from .model import Kind, Mention, Sentence
from .numbers import NUMBER, is_year, number_scale, parse_number
from .scan import Anchors, find_anchors

#: a sentence that speaks of a part of a count said before: "Seventeen of them", "Of them, 9",
#: "Almaty accounted for 640,000 of them"
_PART_OF_THEM = regex.compile(r"(?<![\p{L}])of\s+them(?![\p{L}])", regex.IGNORECASE)

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

    items = itemised.items(text)
    if items:
        for m in itemised.lend(text, items, found, borrows):
            keep(m)
        for m in itemised.counted_by_noun(text, items, found):
            keep(m)
    in_lists = Taken()
    for i in items:
        in_lists.add(i.start, i.end)
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
    # with no figure to follow, no bare number takes a unit; where no number may start, none is read
    bare_at = [a for a in numbers if anchors.number_may_start(a)] if heads else []
    for bare in matches(_bare(), text, bare_at):
        while i < len(heads) and heads[i].end <= bare.start():
            head = heads[i]
            i += 1
        if head is None or number_scale(bare.group(0)) is None \
                or _NOT_AMOUNT_BEFORE.search(text, max(0, bare.start() - 16), bare.start()):
            continue
        if not in_lists.free(bare.start(), bare.end()) or _unit_word_after(text, bare.end()):
            continue  # an item of a list takes the unit of its list's head only; "1.7 trillion pesos" has its own
        raw, head_raw = parse_number(bare.group(0)), parse_number(head.number_text)
        if raw is None or not head_raw:
            continue
        m = Mention(head.kind, bare.start(), bare.end(), float(f"{raw * head.value / head_raw:.12g}"), head.unit,
                    "<figure> ... <number> <magnitude>", number_text=bare.group(0), counted=head.counted)
        if not is_year(bare.group(0)) and not elided.after_currency(text, bare.start()):
            keep(m)
    if items and len(found) > len(mentions):
        # a list headed by a number that has just taken its unit ("2.9 billion kWh, of which
        # Kyrgyzstan received 1.6 billion, Uzbekistan - 0.9 billion") lends it on to its items
        for m in itemised.lend(text, items, found, borrows):
            keep(m)
    return sorted(found, key=lambda m: (m.start, m.end))


@cache
def _unit_word() -> regex.Pattern:
    from .kinds.count import other_unit_words
    return regex.compile(r"\s*\L<w>(?![\p{L}])", regex.IGNORECASE,
                         w=[w for w in other_unit_words() if w.isalpha() and len(w) > 2])


def _unit_word_after(text: str, end: int) -> bool:
    """Does a unit word of some kind follow the number ("1.7 trillion pesos")?"""
    return _unit_word().match(text, end, end + 40) is not None


def lend_across(sentences: list[Sentence], mentions: list[list[Mention]],
                kinds: tuple[KindSpec, ...] | None = None) -> list[list[Mention]]:
    """Items of a list that opens a sentence take the unit of the last figure of the sentence
    before, in the same paragraph: "... $330 billion of investment from European countries.
    The Netherlands - 118.6 billion, Switzerland - 25.8 billion." (see :mod:`.kinds.itemised`)."""
    kinds = specs() if kinds is None else kinds
    borrows = {s.kind: s.borrow for s in kinds if s.borrow is not None}
    counts = any(s.kind is Kind.COUNT for s in kinds)
    out = list(mentions)
    for i in range(1, len(sentences)):
        if sentences[i].paragraph != sentences[i - 1].paragraph or not out[i - 1]:
            continue
        text = sentences[i].text
        before = next((m for m in reversed(out[i - 1]) if m.kind is Kind.COUNT and m.counted), None)
        if counts and before is not None and _PART_OF_THEM.search(text):
            # "Seventeen of them have been commissioned", "Almaty accounted for 640,000 of
            # them": a part of the last count before
            pointed = anaphora.point_back(text, find_anchors(text), out[i], before=before)
            if pointed:
                out[i] = sorted([*out[i], *pointed], key=lambda m: (m.start, m.end))
        items = itemised.items(text)
        if not itemised.opens_with_list(text, items):
            continue
        head = max(out[i - 1], key=lambda m: (m.end, -m.start))
        lent = itemised.lend(text, items, out[i], borrows, head=head)
        if lent:
            out[i] = sorted([*out[i], *lent], key=lambda m: (m.start, m.end))
    return out


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
