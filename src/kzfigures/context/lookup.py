"""Per-sentence facts found once and looked up per figure, so that context costs the same
for each figure however long its sentence is.

A sentence may hold hundreds of figures (a table flattened into one line, a hostile page).
Reading the context of each figure by scanning its sentence again from the start would cost
the square of the sentence's length. Instead, a pattern is run over the whole sentence once
and its matches are kept (``last_match``, ``next_match``), and the cues that are written right
beside a figure ("rose by", "an increase of", "a ... plant") are looked for only within
``REACH`` characters of it (``ends_before``): their longest forms are a few words long.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache

import regex

#: how far before a figure a cue that ends right at the figure may start: far more than the
#: longest such cue ("an increase in foreign direct investment of just over" is 53 characters)
REACH = 200


def ends_before(pattern: regex.Pattern, text: str, end: int, reach: int = REACH) -> regex.Match | None:
    """``pattern.search(text, 0, end)`` for a pattern anchored at its end (``$``), reading only
    the last ``reach`` characters before ``end`` (a look-behind still sees before them).

    Most figures have no such cue before them. Whether one is there is asked first of the
    pattern read backwards (:func:`backwards`), which is tried at ``end`` alone, where the
    pattern read forwards is tried at every character of the window; only where a cue is
    there is the window searched forwards, for the very match the forward search gives.
    """
    start = max(0, end - reach)
    if backwards(pattern).search(text, start, end) is None:
        return None
    return pattern.search(text, start, end)


@lru_cache(maxsize=None)
def backwards(pattern: regex.Pattern) -> regex.Pattern:
    """``pattern`` compiled to be read from its end (the ``regex`` module's REVERSE flag). It
    matches the same stretches of text, so it finds a match ending at a place exactly where
    the forward pattern does. Compiled once per pattern."""
    return regex.compile(pattern.pattern, pattern.flags | regex.REVERSE, **pattern.named_lists)


@lru_cache(maxsize=1024)
def _matches(pattern: regex.Pattern, text: str) -> tuple[tuple[regex.Match, ...], tuple[int, ...], tuple[int, ...]]:
    """Every match of ``pattern`` in ``text``, with their starts and ends (both ascending)."""
    found = tuple(pattern.finditer(text))
    return found, tuple(m.start() for m in found), tuple(m.end() for m in found)


def last_match(pattern: regex.Pattern, text: str, end: int, start: int = 0) -> regex.Match | None:
    """The last match that ``pattern.finditer(text, start, end)`` gives, from the sentence's
    matches found once. Where a match of the whole sentence runs across ``start`` or ``end``,
    the bounded search may read differently, so it is run as asked."""
    found, starts, ends = _matches(pattern, text)
    i = bisect_right(ends, end)
    if i < len(found) and starts[i] < end:
        return _slow_last(pattern, text, start, end)  # a match runs across the end
    if i == 0 or starts[i - 1] >= start:
        return found[i - 1] if i else None
    if ends[i - 1] > start:
        return _slow_last(pattern, text, start, end)  # a match runs across the start
    return None


def _slow_last(pattern: regex.Pattern, text: str, start: int, end: int) -> regex.Match | None:
    last = None
    for last in pattern.finditer(text, start, end):
        pass
    return last


def next_match(pattern: regex.Pattern, text: str, start: int) -> regex.Match | None:
    """``pattern.search(text, start)``, from the sentence's matches found once."""
    found, starts, ends = _matches(pattern, text)
    i = bisect_left(starts, start)
    if i > 0 and ends[i - 1] > start:
        return pattern.search(text, start)  # a match runs across the start
    return found[i] if i < len(found) else None


@lru_cache(maxsize=256)
def positions(text: str, char: str) -> tuple[int, ...]:
    """Where ``char`` stands in ``text``."""
    out = []
    i = text.find(char)
    while i >= 0:
        out.append(i)
        i = text.find(char, i + 1)
    return tuple(out)


def rfind(text: str, char: str, end: int, start: int = 0) -> int:
    """``text.rfind(char, start, end)`` for one character, by binary search."""
    at = positions(text, char)
    i = bisect_left(at, end)
    return at[i - 1] if i and at[i - 1] >= start else -1


def find(text: str, char: str, start: int, end: int | None = None) -> int:
    """``text.find(char, start, end)`` for one character, by binary search."""
    at = positions(text, char)
    i = bisect_left(at, start)
    limit = len(text) if end is None else end
    return at[i] if i < len(at) and at[i] + 1 <= limit else -1


def covering(pattern: regex.Pattern, text: str, at: int) -> regex.Match | None:
    """The match of ``pattern`` in ``text`` (found once for the sentence) that holds offset ``at``."""
    found, starts, ends = _matches(pattern, text)
    i = bisect_right(starts, at)
    return found[i - 1] if i and at < ends[i - 1] else None


#: a run of letters and digits with none right before it
_RUN_START = regex.compile(r"(?<![\p{L}\p{N}])[\p{L}\p{N}]+")
_RUN = regex.compile(r"[\p{L}\p{N}]+")


def first_runs(forms: Iterable[str], fold: bool) -> frozenset[str]:
    """The first run of letters and digits of each form (case-folded with ``fold``), for
    :func:`form_matches`. Every form must open with a letter or a digit."""
    runs = (_RUN.match(f) for f in forms)
    return frozenset((r.group(0).casefold() if fold else r.group(0)) for r in runs if r is not None)


def form_matches(pattern: regex.Pattern, heads: frozenset[str], text: str, fold: bool) -> Iterator[regex.Match]:
    """``pattern.finditer(text)``, tried only where a run of letters and digits that opens
    some form (``heads``, from :func:`first_runs`) starts.

    For a pattern of word forms (a named list) with no letter or digit allowed right before
    or right after a form: where such a form matches, its first run of letters and digits
    stands whole in the text, so no match is missed; a sentence without those runs costs one
    scan of its words instead of an attempt of the whole list at every character. ``fold``:
    the forms match in any case.
    """
    pos = 0
    for run in _RUN_START.finditer(text):
        at = run.start()
        if at < pos or (run.group(0).casefold() if fold else run.group(0)) not in heads:
            continue
        m = pattern.match(text, at)
        if m is not None:
            pos = m.end()
            yield m
