"""Split an article body into sentences with exact character offsets.

An own splitter rather than a library one: news about money ends amounts with full stops
("$1.62bn."), writes decimals ("1.62") and abbreviated months ("on Jan. 25"), and the offsets
must point into the body as it is, never into a rewritten copy. Paragraphs are lines; a
sentence never crosses a line break.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from .lexicon import table
from .model import Sentence

#: A stop, with any closing quotes or brackets, then the space before the next sentence:
#: '. ' in "$1.62bn. Kazakhstan", '.” ' in 'growth.” The', '?' in "today? Because".
_BOUNDARY = regex.compile(r"[.!?]+[\"”’»)\]]*(?=\s+(\S))")

#: The word just before a full stop, with inner stops: "Jan" in "Jan.", "U.S" in "U.S.".
_WORD_BEFORE = regex.compile(r"([\p{L}]+(?:\.[\p{L}]+)*)$")

#: What may open a sentence: a capital, a digit, an opening quote or bracket.
_OPENER = regex.compile(r"[\p{Lu}\p{N}\"“‘«(\[]")


@cache
def _abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    t = table("sentences")
    return frozenset(t["abbreviations"]), frozenset(t["may_end"])


def _is_boundary(text: str, stop_start: int, stop: str, next_char: str) -> bool:
    """Does the stop at ``text[stop_start:]`` end a sentence, given the next visible char?"""
    if not _OPENER.match(next_char):
        return False  # "1.1. percent", "approx. 5%", "Jan. 25" followed by a small letter
    if "." not in stop or stop.startswith(("!", "?")):
        return True
    if stop.startswith(".."):
        return True  # "increasing role.. They emphasized"
    m = _WORD_BEFORE.search(text, 0, stop_start)
    if not m:
        return True  # "$1.62bn." is caught below; a stop after digits or a quote ends it
    word = m.group(1).lower()
    abbreviations, may_end = _abbreviations()
    if len(word) == 1 and m.group(1).isupper():
        return False  # an initial: "J. Smith"
    if word in may_end:
        return next_char.isupper()
    return word not in abbreviations


def split_paragraph(text: str, offset: int, paragraph: int) -> Iterator[Sentence]:
    """Sentences of one paragraph (one line of the body); offsets are shifted by ``offset``."""
    start = 0
    for m in _BOUNDARY.finditer(text):
        if _is_boundary(text, m.start(), m.group(0), m.group(1)):
            yield from _trimmed(text, start, m.end(), offset, paragraph)
            start = m.end()
    yield from _trimmed(text, start, len(text), offset, paragraph)


def _trimmed(text: str, start: int, end: int, offset: int, paragraph: int) -> Iterator[Sentence]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield Sentence(offset + start, offset + end, paragraph, text[start:end])


def split_sentences(body: str) -> list[Sentence]:
    """All sentences of an article body, in order, with offsets into ``body``.

    >>> [s.text for s in split_sentences("Trade reached $1.62bn. It rose on Jan. 25 by 1.1%.")]
    ['Trade reached $1.62bn.', 'It rose on Jan. 25 by 1.1%.']
    """
    out: list[Sentence] = []
    pos = 0
    paragraph = 0
    for line in body.split("\n"):
        if line.strip():
            out.extend(split_paragraph(line, pos, paragraph))
            paragraph += 1
        pos += len(line) + 1
    return out
