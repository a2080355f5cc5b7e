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
#: Linear time: a match starts only at the first stop of a run, and no part gives back what
#: it took (giving back could never succeed), so "......" is not rescanned from each stop.
_BOUNDARY = regex.compile(r"(?<![.!?])[.!?]++[\"”’»)\]]*+(?=\s++(\S))")

#: The word just before a full stop, with inner stops: "Jan" in "Jan.", "U.S" in "U.S.".
_WORD_BEFORE = regex.compile(r"([\p{L}]+(?:\.[\p{L}]+)*)$")
#: How far back from a stop the word before it is looked for. Abbreviations and initials are
#: far shorter; a longer word is none of them. Bounding it keeps the splitter linear.
_LOOK_BACK = 40
_IN_WORD = regex.compile(r"[\p{L}.]")

#: The longest sentence the rules see. A longer one (a page without full stops, a list run
#: together) is read in pieces of at most this many characters, cut at a space, and reported:
#: a figure across a cut may be missed, but no text is left unread and no rule sees more.
#: The longest sentence of the shared and held-out pages has 450 characters.
MAX_SENTENCE_CHARS = 2000

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
    window = max(0, stop_start - _LOOK_BACK)
    m = _WORD_BEFORE.search(text, window, stop_start)
    if not m:
        return True  # "$1.62bn." is caught below; a stop after digits or a quote ends it
    if m.start() == window and window > 0 and _IN_WORD.match(text, window - 1):
        return True  # a word longer than any abbreviation
    word = m.group(1).lower()
    abbreviations, may_end = _abbreviations()
    if len(word) == 1 and m.group(1).isupper():
        return False  # an initial: "J. Smith"
    if word in may_end:
        return next_char.isupper()
    return word not in abbreviations


def split_paragraph(text: str, offset: int, paragraph: int,
                    long: list[tuple[int, int]] | None = None) -> Iterator[Sentence]:
    """Sentences of one paragraph (one line of the body); offsets are shifted by ``offset``.
    Sentences longer than ``MAX_SENTENCE_CHARS`` come in pieces, and their (offset, length)
    is added to ``long``."""
    start = 0
    for m in _BOUNDARY.finditer(text):
        if _is_boundary(text, m.start(), m.group(0), m.group(1)):
            yield from _trimmed(text, start, m.end(), offset, paragraph, long)
            start = m.end()
    yield from _trimmed(text, start, len(text), offset, paragraph, long)


def _trimmed(text: str, start: int, end: int, offset: int, paragraph: int,
             long: list[tuple[int, int]] | None) -> Iterator[Sentence]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > MAX_SENTENCE_CHARS:
        if long is not None:
            long.append((offset + start, end - start))
        for a, b in _pieces(text, start, end):
            yield from _trimmed(text, a, b, offset, paragraph, None)
    elif end > start:
        yield Sentence(offset + start, offset + end, paragraph, text[start:end])


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``MAX_SENTENCE_CHARS``, each cut after the
    last space of its second half (or at the limit when there is none)."""
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit)
        cut = limit if cut < 0 else cut + 1
        yield start, cut
        start = cut
    yield start, end


def split_sentences(body: str, long: list[tuple[int, int]] | None = None) -> list[Sentence]:
    """All sentences of an article body, in order, with offsets into ``body``.

    A sentence longer than ``MAX_SENTENCE_CHARS`` is given in pieces, and its offset and
    length are appended to ``long`` (for the caller to report).

    >>> [s.text for s in split_sentences("Trade reached $1.62bn. It rose on Jan. 25 by 1.1%.")]
    ['Trade reached $1.62bn.', 'It rose on Jan. 25 by 1.1%.']
    """
    out: list[Sentence] = []
    pos = 0
    paragraph = 0
    for line in body.split("\n"):
        if line.strip():
            out.extend(split_paragraph(line, pos, paragraph, long))
            paragraph += 1
        pos += len(line) + 1
    return out
