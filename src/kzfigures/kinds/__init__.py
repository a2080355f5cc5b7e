"""One module per figure kind, each an ordered list of named rules.

A rule is a verbose regular expression composed from the shared pieces in
:mod:`kzfigures.numbers`, the text it is meant to match, and a function that turns a match
into a :class:`~kzfigures.model.Mention` (or rejects it by returning None). The figure's own
text is the match's ``fig`` group; words around it (a preceding "between", a following
"place") may be matched but stay outside the cited span.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

import regex

from ..model import Kind, Mention
from ..lexicon import table
from ..numbers import NUMBER, compile_rule, is_year, number_scale, number_starts, parse_number

Builder = Callable[[regex.Match, str], "Mention | None"]


@dataclass(frozen=True)
class Rule:
    """A named pattern with the examples it matches and how to read a match."""

    name: str
    pattern: str
    examples: tuple[str, ...]
    build: Builder
    lists: dict[str, list[str]] = field(default_factory=dict, compare=False)

    @property
    def compiled(self) -> regex.Pattern:
        return _compiled(self)

    @property
    def starts_with_number(self) -> bool:
        """Does every match begin with a number? Then it is tried only where one may start."""
        return self.pattern.startswith(f"(?P<fig>(?P<num>{NUMBER})")


def rule_maker(lists: Callable[[], dict[str, list[str]]]) -> Callable[[str, str, tuple[str, ...], Builder], Rule]:
    """A ``Rule`` constructor for one kind, whose rules all share the kind's word lists."""
    def make(name: str, pattern: str, examples: tuple[str, ...], build: Builder) -> Rule:
        return Rule(name, pattern, examples, build, lists())
    return make


_CACHE: dict[tuple[str, str], regex.Pattern] = {}


def _compiled(rule: Rule) -> regex.Pattern:
    key = (rule.name, rule.pattern)
    if key not in _CACHE:
        _CACHE[key] = compile_rule(rule.pattern, **rule.lists)
    return _CACHE[key]


def _matches(rule: Rule, text: str, starts: list[int]) -> Iterator[regex.Match]:
    """The rule's matches, left to right, none overlapping (as ``finditer`` gives them)."""
    if not rule.starts_with_number:
        yield from rule.compiled.finditer(text, overlapped=False, timeout=1.0)
        return
    end = 0
    for pos in starts:
        if pos < end:
            continue
        m = rule.compiled.match(text, pos, timeout=1.0)
        if m:
            end = m.end()
            yield m


def run_rules(rules: Iterable[Rule], text: str) -> list[Mention]:
    """Apply rules in order; where two mentions overlap, the longer (then the earlier rule) wins."""
    found: list[tuple[int, int, Mention]] = []
    starts = number_starts(text)
    for order, rule in enumerate(rules):
        for m in _matches(rule, text, starts):
            mention = rule.build(m, text)
            if mention is not None:
                found.append((order, -(mention.end - mention.start), mention))
    found.sort(key=lambda t: (t[1], t[0], t[2].start))
    kept: list[Mention] = []
    for _, _, mention in found:
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end))


#: words after which a four-digit year stays a year even before a unit word:
#: "In 2024 tenge deposits grew", "its 2028 euro bonds", "since 1993 tons of ..."
_YEAR_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:in|since|by|of|for|from|until|till|during|its|their|the|to|and|between|before|after)\s+$",
    regex.IGNORECASE)


def year_not_amount(text: str, start: int, number_text: str) -> bool:
    """Is the number at ``start`` a year, although a unit word follows it ("in 2024 tons")?"""
    return is_year(number_text) and (start == 0 or _YEAR_BEFORE.search(text, max(0, start - 12), start) is not None)


@cache
def _change_before_from() -> regex.Pattern:
    c = table("context")["change"]
    words = [w for d in ("increase", "decrease") for w in (*c[d]["verbs"], *c[d]["nouns"])]
    # "grew from 9.75 percent to 10.25 percent", "a decline from 2.5% to 0.9%"
    return regex.compile(r"(?<![\p{L}])\L<w>\s+(?:\p{L}+\s+){0,3}from\s+$", regex.IGNORECASE, w=words)


#: a month name right before a number: "from October 1 to 27.8 tenge" starts at a date
_AFTER_MONTH = regex.compile(r"(?<![\p{L}])(?-i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[\p{L}]*\.?\s+$")


def two_levels(text: str, start: int, fig: str) -> bool:
    """Is "X to Y" at ``start`` something other than one range: two levels, or a date and a level?

    "grew from 9.75 percent to 10.25 percent" gives two figures, and so does "from October 1
    to 27.8 tenge" (a date, then the level); "range from 5.5% to 7.5%" and "from 2 to 3
    percent" give one range.
    """
    if _AFTER_MONTH.search(text, max(0, start - 12), start):
        return True
    return " to " in fig.lower() and _change_before_from().search(text, max(0, start - 80), start) is not None


def trigger(pattern: str, lists: dict[str, list[str]] | None = None) -> regex.Pattern:
    """A cheap test that a sentence may hold a figure of a kind: its unit words appear.

    Most sentences of a news page hold no figure; a kind skips its rules on those.
    """
    return compile_rule(pattern, **(lists or {}))


def range_values(low_text: str, high_text: str) -> tuple[float, float] | None:
    """Values of a range's two ends; the high end's magnitude carries to a bare low end.

    "$750-$850 million" -> (750e6, 850e6); "6.5-7.5 million" -> (6.5e6, 7.5e6);
    "1.5 million to 2 billion" -> (1.5e6, 2e9).
    """
    if is_year(low_text):
        return None  # "from 254,000 tons in 2023 to 377,000 tons": a year, not a low end
    low = parse_number(low_text)
    high = parse_number(high_text)
    if low is None or high is None:
        return None
    if number_scale(low_text) is None:
        low *= number_scale(high_text) or 1.0
    if low >= high:
        return None  # "from 10 to 5" is not a range of one figure
    return low, high


def preceded_by(text: str, start: int, pattern: regex.Pattern) -> bool:
    """Does ``pattern`` match the text just before ``start`` (pattern should end with $)?"""
    return pattern.search(text, 0, start) is not None


__all__ = ["Kind", "Mention", "Rule", "run_rules", "range_values", "preceded_by"]
