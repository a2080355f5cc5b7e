"""One module per figure kind, each an ordered list of named rules.

A rule is a verbose regular expression composed from the shared pieces in
:mod:`kzfigures.numbers`, the text it is meant to match, and a function that turns a match
into a :class:`~kzfigures.model.Mention` (or rejects it by returning None). The figure's own
text is the match's ``fig`` group; words around it (a preceding "between", a following
"place") may be matched but stay outside the cited span.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import regex

from ..model import Kind, Mention
from ..numbers import compile_rule, number_scale, parse_number

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


_CACHE: dict[tuple[str, str], regex.Pattern] = {}


def _compiled(rule: Rule) -> regex.Pattern:
    key = (rule.name, rule.pattern)
    if key not in _CACHE:
        _CACHE[key] = compile_rule(rule.pattern, **rule.lists)
    return _CACHE[key]


def run_rules(rules: Iterable[Rule], text: str) -> list[Mention]:
    """Apply rules in order; where two mentions overlap, the longer (then the earlier rule) wins."""
    found: list[tuple[int, int, Mention]] = []
    for order, rule in enumerate(rules):
        for m in rule.compiled.finditer(text, overlapped=False, timeout=1.0):
            mention = rule.build(m, text)
            if mention is not None:
                found.append((order, -(mention.end - mention.start), mention))
    found.sort(key=lambda t: (t[1], t[0], t[2].start))
    kept: list[Mention] = []
    for _, _, mention in found:
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end))


_YEAR_LIKE = regex.compile(r"(?:19|20)\d\d")


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
    if _YEAR_LIKE.fullmatch(low_text.strip()):
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
