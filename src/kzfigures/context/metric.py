"""Metric: a few words naming what a figure measures, from the clause around it.

"In 2025, bilateral trade turnover reached $1.62bn" -> "bilateral trade turnover";
"Kazakhstan exported over 13mn tonnes of grain" -> "grain". A heuristic over the words next
to the figure, not a parse: it keeps the subject before the verb that introduces the figure,
or the "of ..." phrase after it, and gives up (None) rather than guess from far away.
"""
from __future__ import annotations

import regex

from ..model import Kind, Mention

#: verbs and prepositions that introduce a figure: "reached", "amounted to", "stood at", "of"
_INTRO = regex.compile(
    r"""(?:\s+(?:has|have|had|will|would|is|are|was|were|be|been|may|could|should|can|to)?\s*
        (?:reached|reach|reaching|amounted|amounts|amount|totaled|totalled|totals|total|stood|stands|stand|
           was|were|is|are|made|makes|exceeded|exceeds|exceed|hit|came|comes|rose|rise|increased|increase|
           grew|grow|fell|declined|dropped|decreased|reduced|accounted|accounting|accounts|projected|
           estimated|expected|set|put|valued|worth|equal|equals|equalled|equaled|surpassed|topped|
           raised|raise|cut|produced|exported|imported|transported|shipped|harvested|attracted|invested|
           allocated|financed|handled|totalling|totaling|standing|being|constituted|comprised|
           over|about|around|approximately|almost|nearly|more\s+than|less\s+than|up\s+to|some|
           at|to|by|of|from|on|for|with|in|and|the|a|an|an\s+estimated|alone)
    )+\s*$""",
    regex.IGNORECASE | regex.VERBOSE,
)
#: where a clause starts: a comma, a semicolon, a dash, an opening bracket, a quote
_CLAUSE_START = regex.compile(r".*(?:[,;:(—–]\s|\s[-–—]\s|[“\"]|\bthat\s|\bwhile\s|\bwhich\s|\band\s)", regex.S)
_LEADING = regex.compile(r"^(?:(?:the|a|an|its|their|our|his|her|this|these|those|total|overall|also|in\s+total)\s+)+", regex.I)
_OF_AFTER = regex.compile(r"^\s+(?:of|in)\s+((?:[\p{L}’'-]+\s?){1,4}?)(?=\s*(?:[,.;:()]|$|\s(?:in|to|from|by|for|with|at|on|and|was|were|has|have|had|is|are|which|that)\b))", regex.I)
_WORD = regex.compile(r"[\p{L}][\p{L}’'.-]*")
_MAX_WORDS = 7


def metric_of(mention: Mention, text: str) -> str | None:
    """What the figure in ``text`` measures, or None when the words around it do not say."""
    if mention.kind is Kind.COUNT and mention.counted:
        return mention.counted
    head = text[: mention.start]
    cut = _CLAUSE_START.match(head)
    clause = head[cut.end():] if cut else head
    intro = _INTRO.search(clause)
    subject = clause[: intro.start()] if intro else clause
    subject = _LEADING.sub("", subject.strip(" ,;:"))
    words = _WORD.findall(subject)
    if words and not any(ch.isdigit() for ch in subject):
        return " ".join(words[-_MAX_WORDS:])
    after = _OF_AFTER.match(text[mention.end:])
    if after and mention.kind in (Kind.MASS, Kind.QUANTITY, Kind.MONEY, Kind.PERCENT):
        phrase = after.group(1).strip()
        if phrase and not phrase[0].isdigit():
            return phrase
    return None
