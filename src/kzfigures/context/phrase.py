"""Words of a sentence and the noun phrases around an indicator word, for metrics and subjects.

A small chunker over word tokens, not a parser: a noun phrase is a run of words with only
spaces between them, none a function word, verb, number or time word. Around an indicator
word ("exports") it takes the modifiers before it ("Kazakhstan's grain exports") and the
complements after it that start with a preposition ("... to China", "of oil by rail"),
never across punctuation, so never across a clause or sentence boundary.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache

import regex

from ..lexicon import table

#: a word: letters and digits, with inner apostrophes, dots, hyphens, ampersands ("Kazakhstan’s",
#: "Kaspi.kz", "non-processed", "S&P", "OPEC+")
WORD = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}&-]|[’'.](?=[\p{L}\p{N}]))*\+?")

#: prepositions that open a complement of an indicator: "exports to China", "production of oil"
COMPLEMENT_PREPS = frozenset({"of", "to", "from", "into", "with", "in", "for", "by", "on", "between",
                              "via", "through", "across", "among", "under", "per", "along"})
#: prepositions that never belong inside a modifier run
PREPOSITIONS = COMPLEMENT_PREPS | frozenset({"at", "over", "than", "about", "after", "before", "during",
                                             "since", "until", "against", "within", "without", "towards",
                                             "toward", "amid", "despite", "like", "as", "up", "down"})
_MAX_MODIFIERS = 5
#: words after which a word is a verb: "to limit", "will sow", "can increase"
_INFINITIVE = frozenset({"to", "will", "would", "can", "could", "may", "might", "should", "must", "shall",
                         "cannot", "to-"})
_MAX_COMPLEMENT_WORDS = 6


class Word:
    """A word of a sentence: where it starts and ends, as written, and in lower case.

    A plain class with slots, not a dataclass: a sentence makes one per word and the chunker
    reads them many times, so making them and reading them should cost little. Read-only by
    convention; equal and hashed by position and text."""

    __slots__ = ("start", "end", "text", "lower")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.lower = text.lower()

    def _key(self) -> tuple[int, int, str]:
        return self.start, self.end, self.text

    def __eq__(self, other: object) -> bool:
        return other.__class__ is Word and self._key() == other._key()  # type: ignore[union-attr]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Word(start={self.start!r}, end={self.end!r}, text={self.text!r})"


def words(text: str) -> list[Word]:
    return [Word(m.start(), m.end(), m.group(0)) for m in WORD.finditer(text)]


def first_from(ws: Sequence[Word], offset: int) -> int:
    """Index of the first word that starts at or after ``offset`` (``len(ws)`` when none).

    A binary search, not a scan: it is asked once or more per figure, and a scan would make
    a sentence of many figures cost the square of its length."""
    return bisect_left(ws, offset, key=_start)


def count_ending_by(ws: Sequence[Word], offset: int) -> int:
    """How many words end at or before ``offset`` (the index one past the last of them)."""
    return bisect_right(ws, offset, key=_end)


def _start(w: Word) -> int:
    return w.start


def _end(w: Word) -> int:
    return w.end


@cache
def _vocab() -> dict:
    return table("indicators")


@cache
def stop_words() -> frozenset[str]:
    return frozenset(_vocab()["stop"]["words"])


@cache
def time_words() -> frozenset[str]:
    return frozenset(_vocab()["time_words"]["words"])


@cache
def participles() -> frozenset[str]:
    return frozenset(_vocab()["participles"]["words"])


@cache
def verbs() -> frozenset[str]:
    """Verb forms that end a noun phrase: the verbs of data/metric.toml, the change verbs of
    data/context.toml and the indicator verbs of data/indicators.toml."""
    change = table("context")["change"]
    out = set(table("metric")["verbs"]) | set(_vocab()["verbs"])
    for d in ("increase", "decrease"):
        out |= {w for w in change[d]["verbs"] if " " not in w}
    return frozenset(out - participles())


@cache
def not_verbs() -> frozenset[str]:
    return frozenset(table("metric")["not_verbs"])


def is_verb(w: Word) -> bool:
    lw = w.lower
    if lw in participles():
        return False
    if lw in verbs():
        return True
    return (w.text.islower() and "-" not in lw and len(lw) > 4 and lw.endswith("ed")
            and lw not in not_verbs())


def is_number(w: Word) -> bool:
    """A number, not a name with digits ("AI-95", "Belarus-82" name things)."""
    return w.text[0].isdigit()


def is_modifier(w: Word) -> bool:
    """Can ``w`` stand inside a noun phrase (before its head or in a complement)?"""
    lw = w.lower
    if lw in stop_words() or lw in PREPOSITIONS or is_number(w) or is_verb(w):
        return False
    if lw.endswith("ly") and len(lw) > 4 and not w.text[0].isupper() and lw not in ("supply", "monthly", "daily",
                                                                                  "weekly", "quarterly", "yearly"):
        return False
    return lw not in time_words()


def adjacent(text: str, a: Word | int, b: Word | int) -> bool:
    """Only spaces (no punctuation) between the end of ``a`` and the start of ``b``."""
    end = a.end if isinstance(a, Word) else a
    start = b.start if isinstance(b, Word) else b
    gap = text[end:start]
    return gap.strip() == "" and "\n" not in gap


def modifiers_before(text: str, ws: list[Word], i: int, limit: int = _MAX_MODIFIERS) -> int:
    """Index of the first word of the modifier run ending just before word ``i``
    ("Kazakhstan's grain" before "exports"); ``i`` itself when there is none."""
    j = i
    while j > 0 and i - j < limit:
        w = ws[j - 1]
        if not adjacent(text, w, ws[j]):
            break
        if w.lower in ("and", "&") and j - 2 >= 0 and is_modifier(ws[j - 2]) and adjacent(text, ws[j - 2], w) \
                and (j < i or ws[j].text[:1].isupper() and ws[j - 2].text[:1].isupper()):
            j -= 1  # "oil and gas" exports, "Health and Environment": keep going over "and"
            continue
        if not is_modifier(w):
            break
        if j - 2 >= 0 and ws[j - 2].lower in _INFINITIVE and adjacent(text, ws[j - 2], w):
            break  # "plans to limit output", "will sow spring crops": a verb, not a modifier
        j -= 1
    while j < i and ws[j].lower in ("and", "&"):
        j += 1
    return j


def _adjectival(w: Word) -> bool:
    """An -ed word before a noun inside a complement is an adjective: "of trailed equipment"
    (the caller checks that a lower-case noun follows: not "totalled KZT ...")."""
    return w.lower.endswith("ed") and w.text.islower() and w.lower not in stop_words() and w.lower not in verbs()


def complements_after(text: str, ws: list[Word], k: int, max_preps: int = 2, attached: bool = True) -> int:
    """Index one past the last word of the complements after word ``k - 1`` (the head):
    "to China", "of oil by rail"; ``k`` itself when there is none. ``attached=False`` reads
    a first complement that follows something other than a word ("64% of online orders")."""
    end = k
    n = 0
    while n < max_preps and end < len(ws):
        prep = ws[end]
        if prep.lower not in COMPLEMENT_PREPS or (attached or n > 0) and not adjacent(text, ws[end - 1], prep):
            break
        j = end + 1
        # "to the UK", "of the Ministry": a determiner may open the complement
        if j < len(ws) and ws[j].lower in ("the", "its", "their", "a", "an") and adjacent(text, prep, ws[j]):
            j += 1
        first = j
        while j < len(ws) and j - first < _MAX_COMPLEMENT_WORDS and adjacent(text, ws[j - 1], ws[j]):
            w = ws[j]
            if w.lower in ("and", "&") and j + 1 < len(ws) and j > first:
                nxt = j + 2 if ws[j + 1].lower in ("the", "its", "their") and j + 2 < len(ws) else j + 1
                if nxt < len(ws) and is_modifier(ws[nxt]) and adjacent(text, ws[nxt - 1], ws[nxt]):
                    j = nxt  # "the yuan and the tenge", "grain and grain products"
                    continue
            if not is_modifier(w) and not (_adjectival(w) and j + 1 < len(ws) and is_modifier(ws[j + 1])
                                           and ws[j + 1].text.islower() and adjacent(text, w, ws[j + 1])):
                break
            j += 1
        if j == first or ws[first].lower in time_words() and ws[first].lower not in ("gulf",):
            break
        if j < len(ws) and ws[j].lower in time_words() and adjacent(text, ws[j - 1], ws[j]):
            if prep.lower == "of" and j - first >= 1 and ws[j].lower in ("last", "this", "next", "previous"):
                end = j  # "of sponge last year": the complement ends before the time
                break
            break  # "in the six months": a time, not a complement
        if prep.lower in ("by", "in", "for", "on") and ws[first].text[:1].isupper() is False and \
                ws[first].lower in time_words():
            break
        end = j
        n += 1
    return end
