"""Change: does a figure state a change, and in which direction?

A figure states a change when it is the amount of the change, not a level before or after:
"rose by 5%", "grew 5%", "an increase of 83.6%", "a 49% rise", "15% lower", "up by 4.9 percent".
"rose to 13.5 percent" and "from 9.75 percent to 10.25 percent" give levels, so no change.
"""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import table
from ..model import Change, Mention

_DIRECTIONS = (Change.INCREASE, Change.DECREASE)
#: qualifier words that may stand between the cue and the figure: "rose by over 190%"
_QUAL = r"(?:(?:over|more\s+than|almost|nearly|about|around|approximately|some|up\s+to|just|roughly|at\s+least|an\s+estimated)\s+)?"


@cache
def _cues() -> dict[Change, dict[str, regex.Pattern]]:
    c = table("context")["change"]
    out: dict[Change, dict[str, regex.Pattern]] = {}
    for d in _DIRECTIONS:
        words = c[d.value]
        opts = dict(flags=regex.IGNORECASE)
        out[d] = {
            # "grew 5%", "up 5%": the verb right before the figure (not "rose to 5%")
            "verb_before": regex.compile(rf"(?<![\p{{L}}])\L<v>\s+{_QUAL}$", v=words["verbs"], **opts),
            # "an increase of 83.6%", "growth of 6.5%"
            "noun_of": regex.compile(rf"(?<![\p{{L}}])\L<n>\s+of\s+{_QUAL}$", n=words["nouns"], **opts),
            # any cue word, to find the nearest one before "by"
            "any": regex.compile(r"(?<![\p{L}])(?:\L<v>|\L<n>)(?![\p{L}])", v=words["verbs"], n=words["nouns"], **opts),
            # "a 49% rise", "15% lower", "35.5 percent more than", "5% year-on-year growth"
            "after": regex.compile(r"^\s*(?:year-on-year\s+|y-o-y\s+|annual\s+|yoy\s+)?\L<a>(?![\p{L}])", a=words["after"], **opts),
        }
    return out


#: "... by 5%", "... by over 190%"
_BY = regex.compile(rf"(?<![\p{{L}}])by\s+{_QUAL}$", regex.IGNORECASE)
#: a second figure in a coordination: "by 10,000 and 65,000 barrels", "by 5% and 7%"
_COORD = regex.compile(r"^\s*(?:,|,?\s*and|,?\s*or)\s+(?:by\s+)?$", regex.IGNORECASE)


def _nearest_cue(text: str, end: int) -> Change | None:
    """The direction of the last change word before ``end``."""
    best: tuple[int, Change] | None = None
    for d, pats in _cues().items():
        for m in pats["any"].finditer(text, 0, end):
            if best is None or m.start() > best[0]:
                best = (m.start(), d)
    return best[1] if best else None


def change_of(mention: Mention, text: str, previous: list[tuple[Mention, Change | None]]) -> Change | None:
    """The change stated by a mention in ``text``; ``previous`` holds the earlier mentions of
    the sentence with their changes, for coordinations ("by 10,000 and 65,000 barrels")."""
    if mention.change is not None:
        return mention.change
    head = text[: mention.start]
    for d, pats in _cues().items():
        if pats["verb_before"].search(head) or pats["noun_of"].search(head):
            return d
    if _BY.search(head):
        d = _nearest_cue(text, mention.start)
        if d is not None:
            return d
    tail = text[mention.end:]
    for d, pats in _cues().items():
        if pats["after"].search(tail):
            return d
    if previous:
        prev, prev_change = previous[-1]
        if prev_change is not None and prev.unit == mention.unit and _COORD.match(text[prev.end: mention.start]):
            return prev_change
    return None
