"""Bare numbers that point back to a count said before them.

News names a counted thing once and then gives more numbers of it: "admitted 11,300 students
this year, of whom 4,600 study on grants" (4,600 students), "15 priority minerals, and 9 of
them are produced" (9 minerals), "224 projects worth about $66 billion, of which 58 have been
implemented" (58 projects), "18 launches were made, against 23 in 2023" (23 launches), "86,400
grants were awarded, 4,200 more than in 2024" (4,200 grants), "1,950 buses, and plans to
replace 500 more" (500 buses), "19 new reservoirs and the
reconstruction of 12 existing ones" (12 reservoirs). A sentence that opens with such a number
("Seventeen of them have been commissioned") points back to the last count of the sentence
before, in its paragraph (:func:`kzfigures.resolve.lend_across`).

Two shapes, two heads:

* a part of a whole ("of whom", "of which", "of them", "ones", "including"): the nearest count before the
  number, past figures of other kinds ("$66 billion" in the example), and no smaller than it;
* a comparison ("against", "compared with", "down from", "more than", "more"): the nearest figure before the
  number, which must be a count ("the index was 51.3 against 49" is no count).

A year, a fraction, "one", a share ("one in four of them") and a number with no count before
it are no figure.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache

import regex

from ..model import Kind, Mention
from ..numbers import NUMBER, is_year, parse_number
from . import Gate, Rule, Taken, matches, preceded_by

#: "one in four of them": a share, not a part counted
_RATIO = regex.compile(r"(?<![\p{L}\p{N}])(?:\d+|one)\s+in\s+$", regex.IGNORECASE)

#: a number that stands alone: no letter, digit or percent sign right after it
_BARE = rf"(?P<num>{NUMBER})(?![\p{{L}}\p{{N}}%])"
#: words of approximation that may stand between the pointer and the number
_ABOUT = r"(?:(?:about|around|nearly|almost|over|some|roughly|more\s+than|at\s+least)\s+)?"


@dataclass(frozen=True)
class Pointer:
    """A rule for a bare number that points back, and whether it names a part of its head.

    Every pointer holds a word of its own ("them", "against"): a rule whose word follows the
    number names it in ``needs`` (see :attr:`Rule.needs`); one whose word stands before the
    number (read by a look-behind) names it in ``cue``, and a sentence without any of those
    words is not read for it at all. Most sentences hold none of them.
    """

    rule: Rule
    part: bool
    cue: Gate | None = None

    def positions(self, anchors) -> list[int]:
        """The anchors the rule is tried at in a sentence (see :class:`kzfigures.scan.Anchors`)."""
        if self.cue is not None and anchors.last_of(self.cue) < 0:
            return []
        return anchors.positions_for(self.rule)


def _no_build(m, text):
    return None


@cache
def pointers() -> tuple[Pointer, ...]:
    from .count import _lists
    lists = _lists()
    return (
        # "of whom 4,600 study", "of which 58 have been implemented"
        Pointer(Rule("of whom|which <number>", rf"(?<=(?<![\p{{L}}])of\s+(?:whom|which)\s+{_ABOUT}){_BARE}",
                     ("of whom 4,600",), _no_build, lists), True, cue=Gate.of(("whom", "which"))),
        # "343 such centers, including 62 in Almaty"
        Pointer(Rule("including <number>", rf"(?<=(?<![\p{{L}}])including\s+{_ABOUT}){_BARE}",
                     ("including 62",), _no_build, lists), True, cue=Gate.of(("including",))),
        # "9 of them are produced", "Seventeen of them"
        Pointer(Rule("<number> of them", rf"{_BARE}(?=\s+of\s+them(?![\p{{L}}]))", ("9 of them",), _no_build, lists,
                     needs=(("them",),)), True),
        # "12 existing ones"
        Pointer(Rule("<number> <modifier> ones",
                     rf"(?P<num>{NUMBER})(?:\s+(?!ones(?![\p{{L}}])){_modifier()}){{0,2}}?\s+ones(?![\p{{L}}'’-])",
                     ("12 existing ones",), _no_build, lists, needs=(("ones",),)), True),
        # "against 23 in 2023", "compared with 1,240 a year earlier", "down from 145 in 2023"
        Pointer(Rule("against <number>",
                     rf"(?<=(?<![\p{{L}}])(?:against|versus|vs\.?|compared\s+(?:with|to)|(?:up|down)\s+from)\s+{_ABOUT}){_BARE}"
                     r"(?=\s*(?:[,.;)]|$)|\s+(?:in|a\s+year|last|the\s+(?:previous|same|year))(?![\p{L}]))",
                     ("against 23 in 2023", "down from 145 in 2023"), _no_build, lists), False,
                cue=Gate.of(("against", "versus", "vs", "compared", "from"))),
        # "4,200 more than in 2024", "to replace 500 more by 2026"
        Pointer(Rule("<number> more|fewer than", rf"{_BARE}(?=\s+(?:(?:more|fewer|less)\s+than|more)(?![\p{{L}}]))",
                     ("4,200 more than in 2024", "500 more by"), _no_build, lists, needs=(("more", "fewer", "less"),)),
                False),
    )


def _modifier() -> str:
    from .count import MODIFIER
    return MODIFIER


def rules() -> list[Rule]:
    return [p.rule for p in pointers()]


def _value(m) -> float | None:
    number = m.group("num")
    if is_year(number) or number.strip().lower() == "one":
        return None
    value = parse_number(number)
    return value if value is not None and value >= 2 and value == int(value) else None


def point_back(text: str, anchors, mentions: list[Mention], before: Mention | None = None) -> list[Mention]:
    """Counts of the bare numbers of a sentence that point back to a count (see the module
    docstring). ``mentions`` are the sentence's figures, in order; ``before`` is the last count
    of the sentence before, the head of a part of it ("Seventeen of them", "640,000 of them")."""
    ordered = sorted(mentions, key=lambda m: m.end)
    ends = [m.end for m in ordered]
    taken = Taken(mentions)
    out: list[Mention] = []
    for pointer in pointers():
        rule = pointer.rule
        for m in matches(rule, text, pointer.positions(anchors), anchors.starts):
            start, end = m.start(), m.end()
            value = _value(m)
            if value is None or not taken.free(start, end) or preceded_by(text, start, _RATIO):
                continue
            i = bisect.bisect_right(ends, start)
            earlier = ordered[:i]
            if pointer.part:
                head = next((h for h in reversed(earlier) if h.kind is Kind.COUNT and h.counted), None)
                if head is None and before is not None and not any(h.kind is Kind.COUNT for h in earlier):
                    # no count of its own sentence before it ("Almaty, the region's largest city,
                    # accounted for 640,000 of them"): the count of the sentence before
                    head = before
                if head is None or head.value < value:
                    continue
            else:
                head = earlier[-1] if earlier else None
                if head is None or head.kind is not Kind.COUNT or not head.counted:
                    continue
            mention = Mention(Kind.COUNT, start, end, value, "count", f"{rule.name} after <count>",
                              number_text=m.group("num"), counted=head.counted)
            out.append(mention)
            taken.add(start, end)
    return out


def fill(text: str, anchors, mentions: list[Mention]) -> list[Mention]:
    """The count kind's fill step: numbers that point back within the sentence."""
    return point_back(text, anchors, mentions)
