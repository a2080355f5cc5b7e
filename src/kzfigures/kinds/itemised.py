"""Lists of labelled items whose unit or counted thing is said once.

Ministry and agency copy lists a breakdown as "<label> - <number>" items after the total
that names the unit: "31 thousand foreign tourists: Mangystau region - 14,620, Aktobe
region - 6,048", "annual inflation was 12.1%, Astana - 13.4, Almaty - 11.9", or in the next
sentence: "... $330 billion of investment from European countries. The Netherlands - 118.6
billion, Switzerland - 25.8 billion." A bare item takes the unit of the figure that heads
its list, and of no other:

* the head is the figure nearest before the item in its sentence (an earlier item that has
  taken a unit heads the next one: "Retail loans - 19.5 trillion tenge, consumer loans -
  12.4 trillion, mortgages - 4.3 trillion");
* a sentence that opens with its list and has no figure before it takes the last figure of
  the sentence before (:func:`kzfigures.resolve.lend_across`);
* with no figure, a plural noun just before a colon heads a list of counts ("New
  enterprises: Almaty - 3,140, Astana - 2,870").

An item whose head has another magnitude ("12.1%, Astana - 13.4 billion"), whose head is of
a kind that lends no unit (a rank), or which has no head is no figure: in particular a bare
"N billion" in a list never takes the currency of a figure outside it. The unit is lent as
:mod:`.elided` lends it (``_borrow``: the head's conversion, whole numbers for counts).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import regex

from ..model import Kind, Mention
from ..numbers import NUMBER, compile_rule, is_year, parse_number
from . import Borrow, Taken, elided

#: an item: a label word, a dash, a bare number (maybe with its magnitude), then the end of
#: the item (a comma, a semicolon, the end of the sentence, "and"), maybe after a bracket
_ITEM = r"""(?<=\p{L}[’'.)]?)\s+[-–—]\s+(?P<num>{num})
            (?=\s*(?:\([^()\n]{0,40}\)\s*)?(?:[,;.]|\Z|\s+(?:and|or)\s))"""
#: a sentence that opens with its list: at most five label words before the first dash, maybe
#: after a lead of one or two words and a colon that names the labels ("Other regions:")
_OPENS = regex.compile(r"""\s*(?:(?P<lead>(?:\p{L}+\s+)?(?P<kind>\p{L}+))\s*:\s*)?
                           (?P<label>(?:[\p{L}][\p{L}\p{N}’'.()-]*\s*){1,5})""", regex.IGNORECASE | regex.VERBOSE)


@dataclass(frozen=True)
class Item:
    """One bare number of a list: where its dash starts and where its number is."""

    dash: int
    start: int
    end: int


@cache
def _item_pattern() -> regex.Pattern:
    return compile_rule(_ITEM.replace("{num}", NUMBER))


def items(text: str) -> list[Item]:
    """The "<label> - <number>" items of a sentence whose number stands alone."""
    return [Item(m.start(), m.start("num"), m.end("num")) for m in _item_pattern().finditer(text)]


def names_labels(noun: str, label: str) -> bool:
    """Does a plural noun before a colon name the labels of the list, not what they count?
    "Other regions: Turkistan region - 281.6 thousand" (the labels are regions)."""
    from .count import singular
    return regex.search(rf"(?<![\p{{L}}]){regex.escape(singular(noun))}(?![\p{{L}}])", label,
                        regex.IGNORECASE) is not None


def opens_with_list(text: str, found: list[Item]) -> bool:
    """Does the sentence open with a list of at least two items? "Iran - 402 thousand, ...",
    "Other regions: Turkistan region - 281.6 thousand, ..." """
    if len(found) < 2:
        return False
    if found[0].dash > _REACH:
        return False
    m = _OPENS.fullmatch(text, 0, found[0].dash)
    return m is not None and (m.group("lead") is None or names_labels(m.group("kind"), m.group("label")))


#: what may stand between a figure and the first item of the list it heads: the end of the
#: figure's clause ("84.6 million tons shipped,"), a change of the figure (", up 6% year-on-year:"),
#: a bracket, a comma or colon, "of which", "followed by", then the label; or the end of the
#: sentence and a label that opens the next ("$96 billion. China - 24.3 billion")
_LEADS = regex.compile(r"""\s*(?:[\p{L}-]+\s+){0,3}?(?:[\p{L}-]+)?
                           (?:\s*,?\s*(?:up|down|an?\s+(?:increase|decrease|rise|drop|growth|decline)\s+of)\s+
                              [-+−]?\d[\d.,]*\s?(?:%|percent|per\s+cent)(?:\s+(?:year-on-year|y/y|yoy|on\s+the\s+year))?)?
                           \s*(?:\([^()]{0,40}\)\s*)?(?:[,:;]\s*|\.\s+)?
                           (?:(?:of\s+which|including|incl\.|among\s+them|in\s+particular|namely|followed\s+by)[\s,:]+)?
                           (?:[\p{L}][\p{L}’'.()-]*\s*){1,5}""", regex.IGNORECASE | regex.VERBOSE)
#: how far a list may start after the figure that heads it
_REACH = 200
#: a figure closing a bracket ("Aktobe - 6,048 (up 12%)") heads no list: the list goes on
_IN_BRACKET = regex.compile(r"\s*\)")


def heads_list(text: str, head: Mention, dash: int) -> bool:
    """Does ``head`` head the list whose item's dash is at ``dash``? Only a lead, a label and
    no other number may stand between them."""
    return head.end <= dash <= head.end + _REACH and _LEADS.fullmatch(text, head.end, dash) is not None


def lend(text: str, found: list[Item], mentions: list[Mention], borrows: Mapping[Kind, Borrow],
         head: Mention | None = None) -> list[Mention]:
    """The items that take the unit of the figure heading their list (see the module
    docstring). ``mentions`` are the sentence's figures; ``head`` a figure of the sentence
    before, for a sentence that opens with its list.
    """
    taken = Taken(mentions)
    ordered = sorted(mentions, key=lambda m: m.end)
    out: list[Mention] = []
    i = 0
    last: Mention | None = head
    for item in found:
        near = None
        while i < len(ordered) and ordered[i].end <= item.dash:
            # a place in the list ("Poland came third - 61.2 thousand") names the item, not its unit
            if _IN_BRACKET.match(text, ordered[i].end) is None and ordered[i].kind is not Kind.RANK:
                near = ordered[i]
            i += 1
        if near is not None:
            last = near if heads_list(text, near, item.dash) else None
        elif last is not None and last is not head and not heads_list(text, last, item.dash):
            last = None
        if last is None or not taken.free(item.start, item.end):
            continue
        b = _borrowed(last, text, item, borrows)
        if b is None and last is near and i >= 2:
            # "2.63 million passengers, up 6% year-on-year: Air Astana - 1.21 million": the
            # change of the total stands between the total and its list
            before = ordered[:i]
            earlier = before[before.index(near) - 1] if before.index(near) > 0 else None
            if earlier is not None and heads_list(text, earlier, item.dash):
                b = _borrowed(earlier, text, item, borrows)
        if b is None:
            last = None
            continue
        out.append(b)
        taken.add(b.start, b.end)
        last = b
    return out


def _borrowed(head: Mention, text: str, item: Item, borrows: Mapping[Kind, Borrow]) -> Mention | None:
    if head.kind not in borrows:
        return None
    return elided.borrow(head, text, item.start, item.end, "<label> - <number> after <figure>",
                         borrows[head.kind].integer)


@cache
def _noun_before_colon() -> regex.Pattern:
    from .count import MODIFIER, PLURAL, _lists
    # "New enterprises:" (at most two modifiers before the plural noun, then the colon)
    return compile_rule(rf"(?<![\p{{L}}\p{{N}}])(?P<mods>(?:{MODIFIER}\s+){{0,2}}?)(?P<head>{PLURAL})\s*:\s*$",
                        **_lists())


def counted_by_noun(text: str, found: list[Item], mentions: list[Mention]) -> list[Mention]:
    """Counts of a list headed by a plural noun and a colon, with no figure before it:
    "New enterprises: Almaty - 3,140, Astana - 2,870" counts enterprises."""
    if len(found) < 2 or any(m.end <= found[0].dash for m in mentions):
        return []
    colon = text.rfind(":", 0, found[0].dash)
    if colon < 0:
        return []
    noun = _noun_before_colon().search(text, max(0, colon - 60), colon + 1)
    if noun is None:
        return []
    if names_labels(noun.group("head"), text[colon + 1:found[0].dash]):
        return []  # "Other regions: Turkistan region - ...": the noun names the labels
    from .count import counted
    thing = counted(noun.group("mods"), noun.group("head"))
    taken = Taken(mentions)
    out: list[Mention] = []
    for item in found:
        if item.dash < colon or not taken.free(item.start, item.end):
            continue
        number = text[item.start:item.end]
        value = parse_number(number)
        if value is None or value < 1 or value != int(value) or is_year(number):
            continue
        out.append(Mention(Kind.COUNT, item.start, item.end, value, "count", "<things>: <label> - <number>",
                           number_text=number, counted=thing))
    return out
