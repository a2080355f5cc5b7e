"""Ranking lists: a leader and the places after it, each with its amount.

"China topped the list of trading partners with $30.2 billion, Russia was second with $27.9
billion, and Italy came third at $17.1 billion": each place is its party's place in the group
("Russia among trading partners"), each amount the party's own measure ("trade with Russia";
"Pavlodar region potato producers"). The list is opened by a leader phrase (``_LEADER``) or by
a fronted group ("Among the former Soviet republics, Lithuania holds the top position"); it
holds through the next sentences of its paragraph that name more places ("Kaspi Bank came
second (T9.6 trillion), and Freedom Bank was third (T5.1 trillion)"), for the figures that
nothing else names there.

A figure belongs to the list when its clause (the text after the last comma before it, or
the clause before a bare "with <amount>") opens with a party and a ranking verb: "Russia was
second", "and Italy came third", "followed by China".
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from ..lexicon import table
from ..model import Kind, Mention
from .metric import Metric, indicator_of


@dataclass(frozen=True)
class Frame:
    """The group a ranking list ranks, and the word a place in it takes ("among", "by", "in")."""

    group: str
    prep: str


#: the group after a leader phrase, up to its amount or the end of its clause
_GROUP = r"(?:the\s+)?(?P<group>[\p{L}’'-]+(?:\s+[\p{L}’'-]+){0,5}?)(?=\s+(?:with|at)\s|\s*[,;(.]|\s*$)"
#: "tops the list of potato producers", "topped the ranking of", "remains the leader among importers",
#: "is the leader in tax collection", "remains the leader by assets"
_LEADER = regex.compile(
    r"(?<![\p{L}])(?:(?:tops|topped|top|heads|headed|leads|led)\s+the\s+(?:list|ranking|rating|table)\s+of"
    r"|(?:is|was|remains|remained|became|becomes|stays|stayed)\s+the\s+leader\s+(?P<prep>among|in|by))\s+" + _GROUP,
    regex.IGNORECASE)
#: "Among the former Soviet republics, Lithuania holds the top position"
_AMONG = regex.compile(r"^\s*Among\s+(?:the\s+)?(?P<group>[\p{L}’'-]+(?:\s+[\p{L}’'-]+){0,5}?)\s*,")
#: a party opening a clause of the list, before its ranking verb: "and Italy came third",
#: "Pavlodar region came second", "followed by China"
_PARTY = regex.compile(
    r"^\s*(?:and\s+|while\s+)?(?:(?P<by>followed\s+by\s+)(?:the\s+)?)?"
    r"(?P<party>\p{Lu}[\p{L}\p{N}.’'&-]*(?:\s+(?:\p{Lu}[\p{L}\p{N}.’'&-]*|region|oblast|city|province|bank))*)"
    r"(?(by)(?=\s+(?:with|at)\s|\s*$)|(?:\s*$|\s+(?:came|comes|was|is|ranked|ranks|placed|places|remains|remained|"
    r"topped|tops|top|leads|led|heads|headed|took|takes|holds|held|finished|stood|stands|followed|rounded)\b))")
#: a place said bare ("came second", "was third"), not in a ranking of its own ("second in ...")
_BARE_PLACE = regex.compile(r"\G\s*(?!(?:in|among|by|of|on|place|position|spot)\b)", regex.IGNORECASE)
#: where a clause of the list starts
_CLAUSE = regex.compile(r"[,;]")
#: a clause that only adds the amount of the clause before it: ", with T4.2 trillion collected"
_AMOUNT_ONLY = regex.compile(r"^\s*(?:with|at)\s", regex.IGNORECASE)


def frame_of(text: str) -> Frame | None:
    """The ranking list a sentence opens, if any."""
    m = _LEADER.search(text) or _AMONG.search(text)
    if m is None:
        return None
    prep = (m.groupdict().get("prep") or "among").lower()
    return Frame(" ".join(m["group"].split()), prep)


def _party(text: str, mention: Mention) -> tuple[str, int, int] | None:
    """The party whose clause holds the figure: (its name as written, start, end)."""
    bounds = [0] + [c.end() for c in _CLAUSE.finditer(text, 0, mention.start)]
    for start in reversed(bounds):
        clause = text[start: mention.start]
        m = _PARTY.match(clause)
        if m:
            return m["party"], start + m.start("party"), start + m.end("party")
        if not _AMOUNT_ONLY.match(clause):
            return None
    return None


@cache
def _amounts() -> dict[str, str]:
    return dict(table("indicators")["ranking_lists"]["amounts"])


def continues(text: str, mentions: list[Mention], frame: Frame | None) -> Frame | None:
    """``frame`` when a sentence after the one that opened it names more places of its list:
    a bare place ("Kaspi Bank came second (T9.6 trillion)") in a clause opened by its party."""
    if frame is None or frame_of(text) is not None:
        return None
    for m in mentions:
        if m.kind is Kind.RANK and _BARE_PLACE.match(text, m.end) and _party(text, m) is not None:
            return frame
    return None


def list_metric(mention: Mention, text: str, frame: Frame | None) -> Metric | None:
    """The metric of a figure of a ranking list: "Russia among trading partners" for its place,
    "trade with Russia" for its amount; None when the figure is not one of the list's."""
    if frame is None or mention.kind is Kind.COUNT:
        return None
    found = _party(text, mention)
    if found is None:
        return None
    party, start, end = found
    if mention.kind is Kind.RANK:
        return Metric(f"{party} {frame.prep} {frame.group}", "ranking", start, end, frame.group)
    template = next((t for g, t in _amounts().items() if frame.group.lower().endswith(g)), "{party} {group}")
    phrase = template.format(party=party, group=frame.group)
    return Metric(phrase, indicator_of(phrase), start, end, frame.group)
