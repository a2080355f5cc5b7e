"""Qualifier: how exact a figure is, from the words written right before or after it.

"over 190%" -> over, "approximately $23bn" -> approx, "almost 100 million euros" -> under,
"no more than $48 million" -> at_most, "at least 50%" -> at_least, "500 or more" -> at_least.
A range or a "top N" gets its qualifier from the kind's own rule.
"""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import table
from ..model import Mention, Qualifier
from .lookup import ends_before


@cache
def _patterns() -> tuple[list[tuple[Qualifier, regex.Pattern]], list[tuple[Qualifier, regex.Pattern]]]:
    q = table("context")["qualifiers"]
    before = [
        # "by over 190%", "approximately $23bn", "nearly eight-nine million tons"
        (Qualifier(name), regex.compile(r"(?<![\p{L}])\L<w>\s*$", regex.IGNORECASE, w=words))
        for name, words in q["before"].items()
    ]
    after = [
        # "500 or more", "200-plus"; not "128,000 cars and more than 1,700 locomotives"
        (Qualifier(name), regex.compile(r"^[\s-]*\L<w>(?![\p{L}])(?!\s+than\b)", regex.IGNORECASE, w=words))
        for name, words in q["after"].items()
    ]
    before += [
        # "an estimated cost of 370 billion tenge": one or two nouns between the word and "of"
        (Qualifier(name), regex.compile(r"(?<![\p{L}])\L<w>\s+(?:[\p{L}-]+\s+){1,2}of\s*$", regex.IGNORECASE, w=words))
        for name, words in q["before_noun"].items()
    ]
    return before, after


#: "went up to $5.1 billion": the verb's "up to" reaches a level, it does not bound it
_VERB_UP_TO = regex.compile(r"(?<![\p{L}])(?:went|go|goes|gone|going|rose|rise|rises|risen|climbed|jumped|grew|moved|shot)\s+up\s+to\s*$",
                            regex.IGNORECASE)


def qualifier_of(mention: Mention, text: str) -> Qualifier:
    """The qualifier of a mention found in ``text`` (a sentence)."""
    if mention.qualifier is not None:
        return mention.qualifier
    before, after = _patterns()
    head = text[max(0, mention.start - 40): mention.start]
    best: tuple[int, Qualifier] | None = None
    for q, pat in before:
        m = ends_before(pat, head, len(head))
        if m and (best is None or len(m.group(0)) > best[0]):
            best = (len(m.group(0)), q)  # "just under" beats "under"
    if best and not (best[1] is Qualifier.AT_MOST and _VERB_UP_TO.search(head)):
        return best[1]
    tail = text[mention.end: mention.end + 20]
    for q, pat in after:
        if pat.search(tail):
            return q
    return Qualifier.EXACT
