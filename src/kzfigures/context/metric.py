"""Metric: a few words naming what a figure measures, from the clause around it.

A heuristic over the words next to the figure, not a parse. In order:

* a count names its counted thing ("516 enterprises" -> "enterprise");
* a mass or quantity followed by "of ..." names that ("13mn tonnes of grain" -> "grain");
* a rank names what is ranked, after it ("34th in the IMD World Competitiveness Ranking");
* otherwise the subject of the figure's clause, up to its first verb ("In 2025, bilateral
  trade turnover reached $1.62bn" -> "bilateral trade turnover");
* a figure whose clause has no subject of its own ("..., an increase of 83.6%") takes the
  metric of the figure before it in the sentence.

It gives up (None) rather than guess from far away.
"""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import table
from ..model import Kind, Mention

_MAX_WORDS = 7

#: where a clause starts: a comma, a semicolon, a dash, a bracket, a quote, a conjunction
_CLAUSE_START = regex.compile(
    r".*(?:[,;:(—–“\"]\s*|\s[-–—]\s|\b(?:that|while|which|whereas|and|with|as)\s)", regex.S | regex.I)
#: determiners and time words that do not name anything at the start of a subject
_LEADING = regex.compile(
    r"^(?:(?:the|a|an|its|their|our|his|her|this|these|those|also|alone|today|meanwhile|overall|"
    r"first|later|then|now|previously|currently|earlier|further|moreover|however|thus|so|"
    r"in\s+total|in\s+addition|according\s+to\s+\p{L}+|as\s+a\s+result)[,\s]+)+", regex.I)
#: subjects that name nothing by themselves
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "this", "that", "the", "having",
                       "which", "who", "there", "these", "those", "one", "officials", "minister"})
#: "of grain", "of oil and condensate" after a mass or quantity
_OF_AFTER = regex.compile(
    r"^\s+of\s+([\p{L}’'-]+(?:\s[\p{L}’'-]+){0,3}?)(?=\s*(?:[,.;:()]|$)|\s(?:in|to|from|by|for|with|at|on|was|"
    r"were|has|have|had|is|are|which|that|during|over|per|a|annually|this|last)\b)", regex.I)
#: what a rank ranks: "in the IMD World Competitiveness Ranking", "wheat exporters", "producer of uranium"
_RANK_AFTER = regex.compile(
    r"^\s+(?:in\s+the\s+|among\s+|on\s+the\s+|of\s+the\s+)?([\p{L}’'-]+(?:\s[\p{L}’'-]+){0,5}?)(?=\s*(?:[,.;:()]|$)|\s(?:and|with|after|behind|for|while|in\s+20)\b)",
    regex.I)
#: "for 2026", "in the first half of 2025" inside a subject: time, not what is measured
_TIME_PHRASE = regex.compile(r"\s*\b(?:in|for|during|by|since|of|on|as\s+of)\s+(?:the\s+)?(?:[\p{L}.]+\s+){0,4}?\d[\d,./-]*\b", regex.I)
_WORD = regex.compile(r"[\p{L}][\p{L}’'.-]*")


@cache
def _verbs() -> frozenset[str]:
    return frozenset(table("metric")["verbs"])


@cache
def _not_verbs() -> frozenset[str]:
    return frozenset(table("metric")["not_verbs"])


def _is_verb(word: str) -> bool:
    w = word.lower()
    if w in _verbs():
        return True
    return (word.islower() and "-" not in word and len(w) > 4 and w.endswith("ed")
            and w not in _not_verbs())


def _subject(clause: str) -> str | None:
    """The words of ``clause`` before its first verb, if they name something."""
    words = list(_WORD.finditer(clause))
    end = None
    for w in words:
        if _is_verb(w.group(0)):
            end = w.start()
            break
    if end is None:
        return None
    subject = _LEADING.sub("", clause[:end].strip(" ,;:"))
    subject = _TIME_PHRASE.sub("", subject)
    names = _WORD.findall(subject)
    if not names or any(ch.isdigit() for ch in subject) or all(n.lower() in _PRONOUNS for n in names):
        return None
    return " ".join(names[-_MAX_WORDS:])


def metric_of(mention: Mention, text: str, previous: str | None = None) -> str | None:
    """What the figure in ``text`` measures; ``previous`` is the metric of the figure before it."""
    if mention.kind is Kind.COUNT and mention.counted:
        return mention.counted
    tail = text[mention.end:]
    if mention.kind in (Kind.MASS, Kind.QUANTITY):
        after = _OF_AFTER.match(tail)
        if after:
            return after.group(1).strip()
    if mention.kind is Kind.RANK:
        after = _RANK_AFTER.match(tail)
        if after and after.group(1).strip():
            return after.group(1).strip()
    head = text[: mention.start]
    cut = _CLAUSE_START.match(head)
    clause = head[cut.end():] if cut else head
    subject = _subject(clause)
    if subject:
        return subject
    if cut:  # "In 2025, bilateral trade turnover reached ..." cut at the comma after 2025
        subject = _subject(head)
        if subject and previous is None:
            return subject
    return previous
