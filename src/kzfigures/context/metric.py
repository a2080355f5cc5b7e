"""Metric: the few words naming what a figure measures, and the indicator they are built on.

A metric is built around the indicator word (data/indicators.toml) that governs the figure in
its clause, with its modifiers and its "of / to / from / in" complements (context/phrase.py):
"Kazakhstan's exports to the UK rose by 190%" -> "Kazakhstan's exports to the UK" (indicator
``exports``). In order:

* a bracket right after a name glosses it: "Innovative Development indicator (78th, +11)";
  a bracket right after a figure restates it: "rose by 9.5% (2.3 million tons)";
* a count names its counted thing with its modifiers and complements ("88 British companies",
  "36 minerals identified in the Critical Minerals Strategy");
* a rank names the ranking after it ("34th in the IMD World Competitiveness Ranking"), else
  the ranking the article named last;
* "N of X" names X ("13mn tonnes of grain"; "12.6% of GDP" is a share of GDP); with an
  indicator verb in the clause it is that indicator of X ("exported ... of wheat": wheat exports);
* a figure before a noun names the noun ("a $7.4 billion polyethylene plant": its cost);
* a list item under one indicator: "Exports of oil rose by 9.5%, ferrous metals by 5%" ->
  "ferrous metals exports";
* otherwise the nearest indicator phrase before the figure in its clause (not one inside
  another's complement), else the nearest after it in the same stretch between commas;
* a figure with none of these in a coordination takes the metric of the figure before it.

Where nothing names it the metric is empty (None): a pronoun, a discourse word or a bare
company or country name is never a metric.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import regex

from ..lexicon import table
from ..model import Change, Kind, Mention
from .lookup import REACH, covering, ends_before, find, first_runs, form_matches, last_match
from .phrase import (COMPLEMENT_PREPS, Word, adjacent, complements_after, count_ending_by, first_from, is_modifier,
                     is_number, is_verb, modifiers_before, stop_words, time_words, words)


@dataclass(frozen=True)
class Metric:
    """A figure's metric: ``text`` as written in the sentence (tidied), its normalised
    ``indicator``, and where the phrase lies in the sentence (-1 when it was not read there)."""

    text: str | None
    indicator: str | None = None
    start: int = -1
    end: int = -1
    #: the indicator words as written ("exports"), for list items under the same indicator
    head: str | None = None


NONE = Metric(None)


@cache
def _vocab() -> dict:
    return table("indicators")


@cache
def _forms() -> dict[str, str]:
    """Surface form (lower case, or as written for forms with capitals) -> indicator."""
    out: dict[str, str] = {}
    for indicator, forms in _vocab()["indicators"].items():
        for f in forms:
            out.setdefault(f if any(c.isupper() for c in f) else f.lower(), indicator)
    return out


@cache
def _indicator_pattern() -> regex.Pattern:
    forms = sorted(_forms(), key=len, reverse=True)
    lower = [f for f in forms if f == f.lower()]
    upper = [f for f in forms if f != f.lower()]
    return regex.compile(r"(?<![\p{L}\p{N}-])(?:(?i:\L<lower>)|\L<upper>)(?![\p{L}\p{N}]|-\p{L})",
                         lower=lower, upper=upper)


@cache
def _indicator_heads() -> frozenset[str]:
    return first_runs(_forms(), fold=True)


def _indicator_matches(text: str) -> Iterator[regex.Match]:
    """The matches of the indicator pattern in ``text``, as ``finditer`` gives them (see
    :func:`kzfigures.context.lookup.form_matches`)."""
    return form_matches(_indicator_pattern(), _indicator_heads(), text, fold=True)


@cache
def _verb_forms() -> dict[str, tuple[str, str]]:
    return {v: (ind, noun) for v, (ind, noun) in _vocab()["verbs"].items()}


#: indicators that only say how much of something else: "the volume of grain exports"
_WEAK = frozenset({"volume", "growth", "cost", "share"})
#: indicators that name things rather than measures: an indicator verb says more ("invest in a project")
_GENERIC = frozenset({None, "agreements", "enterprises", "construction", "length"})
_WEAK_FORMS = frozenset({"value", "amount", "sum", "total", "volume", "volumes", "quantity"})
_FLOW = None


def indicator_of(phrase: str) -> str | None:
    """The indicator of a phrase: its first indicator word that says what is measured."""
    found = [(m.group(0), _lookup(m.group(0))) for m in _indicator_pattern().finditer(phrase)]
    found = [(w, i) for w, i in found if i is not None]
    if not found:
        return None
    strong = [i for w, i in found if i not in _WEAK and w.lower() not in _WEAK_FORMS]
    return strong[-1] if strong else found[-1][1]


def _lookup(surface: str) -> str | None:
    forms = _forms()
    key = " ".join(surface.split())
    return forms.get(key) or forms.get(key.lower())


@dataclass(frozen=True)
class _Occurrence:
    """An indicator word in a sentence and the phrase built around it (word indices)."""

    first: int  # first word of the phrase
    head_first: int  # first word of the indicator
    head_last: int  # one past the indicator
    last: int  # one past the phrase
    indicator: str


@lru_cache(maxsize=256)
def _occurrences(text: str) -> tuple[tuple[Word, ...], tuple[_Occurrence, ...]]:
    ws = words(text)
    starts = {w.start: i for i, w in enumerate(ws)}
    ends = {w.end: i for i, w in enumerate(ws)}
    occs: list[_Occurrence] = []
    for m in _indicator_matches(text):
        if m.start() not in starts or m.end() not in ends:
            continue
        i, j = starts[m.start()], ends[m.end()] + 1
        if any(is_verb(w) for w in ws[i:j]) and ws[i].lower not in _forms():
            continue
        if i > 0 and ws[i - 1].lower in _COPULA and adjacent(text, ws[i - 1], ws[i]):
            continue  # "GDP growth is forecast at": a verb here, not the thing measured
        if i > 0 and is_modifier(ws[i - 1]) and adjacent(text, ws[i - 1], ws[i]) and _lookup(m.group(0)) == "cost" \
                and _FIGURE_NEXT.match(text, m.end()):
            continue  # "AI-95 petrol cost 250 tenge": a verb; the petrol is what is measured
        if j + 1 < len(ws) and ws[j].lower == "to" and adjacent(text, ws[j - 1], ws[j]) and ws[j + 1].text.islower() \
                and ws[j + 1].lower not in ("the", "a", "an", "its", "their") and not _lookup(ws[j + 1].text) \
                and _lookup(m.group(0)) in ("quota",):
            continue  # "plan to cover", "aim to raise"
        occs.append(_Occurrence(modifiers_before(text, ws, i), i, j, complements_after(text, ws, j),
                                _lookup(m.group(0)) or ""))
    return tuple(ws), tuple(occs)


#: a figure (or its qualifier) right after a word: "cost 250 tenge", "costs $90"
_FIGURE_NEXT = regex.compile(r"\s+(?:about|around|some|over|nearly|almost|up\s+to|\p{Sc}|[A-Z]{3}\s*\d|\d)")
_COPULA = frozenset({"is", "are", "was", "were", "be", "been", "being"})


def _text(text: str, ws: tuple[Word, ...] | list[Word], i: int, j: int) -> str:
    return " ".join(text[ws[i].start: ws[j - 1].end].split())


def _hard_clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of a figure: the sentence cut at semicolons and at ", while", ", but", ..."""
    cuts = _hard_cuts(text)
    i = bisect_right(cuts, start, key=_cut_end)
    lo = cuts[i - 1][1] if i else 0
    j = i
    while j < len(cuts) and cuts[j][0] < end:
        j += 1  # a cut across the figure is neither its start nor its end
    return lo, cuts[j][0] if j < len(cuts) else len(text)


@lru_cache(maxsize=256)
def _hard_cuts(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in _HARD.finditer(text))


def _cut_end(cut: tuple[int, int]) -> int:
    return cut[1]


_HARD = regex.compile(r";|,\s*(?:while|whereas|whilst|but|although|though)\b|\s(?:while|whereas|whilst)\s", regex.I)
#: a determiner (and qualifier words) right before a figure that modifies a noun: "a $7.4 billion plant"
_DET_BEFORE = regex.compile(r"(?<![\p{L}])(?:a|an|the|its|their|his|her|this)\s+(?:(?:new|planned|proposed|"
                         r"estimated|additional|further|total|record|mere|whopping|approximately|about|around|"
                         r"over|nearly|almost|some|roughly|huge|major|first|second)\s+){0,2}$", regex.I)
#: "N of X" after a figure
#: "with" and an attribute noun before a figure: "with an annual capacity of", "with a total area of about"
_WITH_ATTRIBUTE = regex.compile(r"(?<![\p{L}])(?P<with>with)\s+(?:a|an|the)\s+(?P<attr>(?:[\p{Ll}-]+\s+){0,2}?"
                                r"(?P<noun>\p{Ll}+))\s+of\s+(?:(?:about|around|some|over|nearly|almost|up\s+to|"
                                r"more\s+than|approximately|roughly|at\s+least)\s+)?$")
#: a time between a thing and its attribute: "a new plant in Shymkent in 2027 with an investment of"
_TIME_BETWEEN = frozenset({"in", "by", "from"})
#: what a thing can do, before a figure: "can handle up to", ", each able to carry", "is designed to process"
_CAN_DO = regex.compile(r"(?<![\p{L}])(?:(?P<can>can|could)|(?P<able>(?:(?:is|are|will\s+be|would\s+be)\s+)?"
                        r"(?:able|designed)\s+to))\s+(?P<verb>\p{Ll}+)\s+(?:(?:about|around|some|over|nearly|"
                        r"almost|up\s+to|more\s+than|approximately|roughly|at\s+least)\s+)?$")
#: before a superlative rank, its party: "X is the world's", "X, the", "making X the"
_PARTY_BEFORE_RANK = regex.compile(
    r"(?:(?P<copula>\s+(?:is|was|are|were|remains|remained|became|becomes|stays|stayed)\s+(?:still\s+|also\s+)?"
    r"(?:one\s+of\s+)?)|(?P<comma>\s*,\s+(?:one\s+of\s+)?)|(?P<making>(?<![\p{L}])(?:making|made|makes|make)\s+"
    r"(?P<object>\p{Lu}[\p{L}’'-]*(?:\s+\p{Lu}[\p{L}’'-]*){0,3})\s+))"
    r"the\s+(?:(?:world|country|region|nation)['’]s\s+)?$")
#: a superlative rank: "largest", "third-largest", "best-selling", "country's biggest"
_SUPERLATIVE_RANK = regex.compile(r"(?:^|[\s-])(?:largest|biggest|best-selling|leading|smallest)$", regex.I)
#: a collective before the count of its size: "a fleet of", "its fleet to", "fleet in the Caspian now numbers"
_COLLECTIVE_BEFORE = regex.compile(
    r"(?<![\p{L}])(?P<noun>\p{Ll}+)(?P<complement>\s+(?:in|of|on|at)\s+(?:the\s+)?\p{Lu}[\p{L}’'-]*)?\s+(?:of|to|at|"
    r"(?:now\s+)?(?:numbers|numbered|number|reached|reaches|totals|totalled|totaled|stood\s+at|stands\s+at|"
    r"grew\s+to|rose\s+to|increased\s+to))\s+(?:(?:about|around|some|over|nearly|almost|more\s+than|up\s+to|"
    r"approximately|roughly)\s+)?$")
#: a decision on a rate before its level or move: "left its rate at", "cut its policy rate by", "holds rate at"
_RATE_DECISION = regex.compile(
    r"(?<![\p{L}])(?P<verb>\p{Ll}+)\s+(?:its\s+|the\s+|their\s+)?(?P<mod>(?:base|policy|key|refinancing|benchmark|"
    r"main)\s+)?(?:interest\s+)?rates?\s+(?:unchanged\s+)?(?:at|to|by)\s+(?:(?:about|around|some|nearly|almost|"
    r"over)\s+)?$")
#: named rankings, remembered through the article for ranks that do not name theirs
RANKING_NAME = regex.compile(
    r"(?:\p{Lu}[\p{L}&’'-]*\s+){1,6}(?:Index|Ranking|ranking|Rating|rating|Report|index|Yearbook|Barometer|Scoreboard|Survey)\b")
_RANK_WORDS = regex.compile(r"\b(?:Index|Ranking|ranking|Rating|rating|Report|index|indicator|factor|pillar|"
                            r"sub-factor|sub-index|category|list)\b")


_PASSIVE = frozenset({"were", "was", "are", "is", "have", "has", "had", "been", "be", "will"})


def _participle_complement(text: str, ws: list[Word] | tuple[Word, ...], k: int) -> int:
    """After a counted thing: "minerals identified in the UK's Critical Minerals Strategy",
    "containers were handled" (the participle of a passive)."""
    j = k
    while j < len(ws) and ws[j].lower in _PASSIVE and adjacent(text, ws[j - 1], ws[j]):
        j += 1
    if j > k and j < len(ws) and adjacent(text, ws[j - 1], ws[j]) and (ws[j].lower.endswith("ed") or ws[j].lower
                                                                         in _verb_forms()):
        return j + 1  # the passive's participle is read as if it followed the noun
    if k < len(ws) and adjacent(text, ws[k - 1], ws[k]) and ws[k].lower.endswith("ed") and k + 1 < len(ws) \
            and ws[k + 1].lower in COMPLEMENT_PREPS and ws[k + 1].lower != "of":
        end = complements_after(text, ws, k + 1, max_preps=1)
        if end > k + 1:
            return end
    return complements_after(text, ws, k, max_preps=1)


def _word_range(ws, start: int, end: int) -> tuple[int, int]:
    return first_from(ws, start), first_from(ws, end)


def _clean(s: str | None) -> str | None:
    if not s:
        return None
    ws = s.split()
    while ws and (ws[0].lower() in stop_words() or len(ws[0]) == 1 and ws[0].islower()):
        ws = ws[1:]
    while ws and ws[-1].lower() in stop_words() | COMPLEMENT_PREPS:
        ws = ws[:-1]
    return " ".join(ws) or None


def _make(text: str, ws, i: int, j: int, indicator: str | None = None, head: str | None = None) -> Metric:
    if i >= j:
        return NONE
    phrase = _clean(_text(text, ws, i, j))
    if phrase is None:
        return NONE
    return Metric(phrase, indicator or indicator_of(phrase), ws[i].start, ws[j - 1].end, head)


def _of_phrase(text: str, ws, m: Mention, preps: tuple[str, ...] = ("of",)) -> tuple[int, int] | None:
    """The X of "<figure> of X" ("13mn tonnes of grain"; with ``preps`` ("in",): "$27.8 billion
    in monetary gold")."""
    k = first_from(ws, m.end)
    if k >= len(ws) or ws[k].lower not in preps or text[m.end: ws[k].start].strip():
        return None
    end = complements_after(text, ws, k, max_preps=1, attached=False)
    if end <= k + 1:
        return None
    first = k + 1
    while first < end and ws[first].lower in ("the", "its", "their", "a", "an"):
        first += 1
    return (first, end) if first < end else None


#: where the goods of "<figure> of X" went: "shipped 214,000 tonnes of wheat and 36,500 tonnes
#: of flour to Azerbaijan", "supplied 180,000 tonnes of grain to Poland"
_DESTINATION = regex.compile(
    r"\G(?:\s+and\s+(?:[^,;()]|,(?=\d)){1,40}?\s+of\s+[\p{L}\s-]{1,30}?)?\s+(?P<prep>to|into)\s+(?:the\s+)?"
    r"(?P<party>\p{Lu}[\p{L}’'-]*(?:\s+\p{Lu}[\p{L}’'-]*){0,3})(?![\p{L}’'-])")


def _with_destination(text: str, at: int, hi: int, x: Metric) -> Metric:
    """X of "<figure> of X" with the party its goods went to, when one follows: "wheat shipments
    to Azerbaijan" (a party of the gazetteer, in the figure's clause)."""
    from .subject import is_party
    m = _DESTINATION.match(text, at)
    if m is None or m.end() > hi or not x.text or not is_party(m["party"]):
        return x
    # the phrase reaches the party only for a flow, whose counterpart it then is ("electricity
    # to Kyrgyzstan" stays the supplier's)
    end = m.end("party") if x.indicator in table("indicators")["flows"]["indicators"] else x.end
    return Metric(f"{x.text} {m['prep']} {m['party']}", x.indicator, x.start, end, x.head)


def _governing_verb(text: str, ws, lo: int, hi: int, m: Mention) -> tuple[str, str] | None:
    """An indicator verb in the figure's clause: "exported", "harvested", "invested"; the
    nearest to the figure, the earlier of two as near."""
    verbs = _indicator_verbs(text)
    i = bisect_left(verbs, (m.start,))
    left = verbs[i - 1] if i and lo <= verbs[i - 1][0] < hi else None
    while i < len(verbs) and verbs[i][0] < lo:
        i += 1
    right = verbs[i] if i < len(verbs) and verbs[i][0] < hi else None
    if left is not None and (right is None or m.start - left[0] <= right[0] - m.start):
        return _verb_forms()[left[1]]
    return _verb_forms()[right[1]] if right is not None else None


@lru_cache(maxsize=256)
def _indicator_verbs(text: str) -> tuple[tuple[int, str], ...]:
    """(start, lower-case form) of every indicator verb of a sentence, in order."""
    return tuple((w.start, w.lower) for w in _occurrences(text)[0] if w.lower in _verb_forms())


def _bracket_gloss(text: str, ws, m: Mention, mentions: list[Mention], previous: list[Metric]) -> Metric | None:
    """A figure that opens a bracket: it restates the figure before the bracket, or names
    the thing written before it ("Innovative Development indicator (78th, +11)")."""
    opening = _skip_space_back(text, m.start) - 1
    if opening > 0 and text[opening] in "+-−–" and text[opening - 1] == "(":
        opening -= 1  # "(+3.6%)": a sign between the bracket and the figure
    if opening < 0 or text[opening] != "(":
        return None
    lead = _skip_space_back(text, opening)
    # only a figure a few words before the bracket can be restated in it
    near = bisect_left(mentions, opening - REACH, key=_mention_end)
    for p, metric in zip(mentions[near:], previous[near:]):
        if p.end == lead or (p.end <= opening and not text[p.end:opening].strip(" ,")):
            return _strip_change(metric)
        # "rose by 9.5% (2.3 million tons)": "rose by 9.5% in 2024 (" is still a restatement
        if p.end <= opening and regex.fullmatch(r"[\s,]*(?:in|on|over|during)?[\s\w.,]{0,20}", text[p.end:opening]) \
                and not any(is_modifier(w) and w.text[0].isupper()
                            for w in ws[first_from(ws, p.end): count_ending_by(ws, opening)]):
            return _strip_change(metric)
    j = first_from(ws, opening)
    if j == 0:
        return None
    last = j - 1
    if not adjacent(text, ws[last].end, lead):
        return None
    first = modifiers_before(text, ws, last, limit=5)
    if not is_modifier(ws[last]):
        return None
    return _make(text, ws, first, last + 1)


def _skip_space_back(text: str, end: int) -> int:
    """``len(text[:end].rstrip())``, without copying the text."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _mention_end(m: Mention) -> int:
    return m.end


def _mention_start(m: Mention) -> int:
    return m.start


def _head_last(o: _Occurrence) -> int:
    return o.head_last


def _strip_change(metric: Metric) -> Metric:
    return metric


def _count_metric(text: str, ws, m: Mention, spans: list[Mention]) -> Metric | None:
    i, j = _word_range(ws, m.start, m.end)
    names = [n for n in range(i, j) if is_modifier(ws[n]) and not any(c.isdigit() for c in ws[n].text)]
    if not names:
        return None
    first = names[0]
    end = _participle_complement(text, ws, j) if j <= len(ws) else j
    # a complement stops before the next figure: "five projects for KZT47bn"
    nxt = bisect_left(spans, m.end, key=_mention_start)  # the figures are in order
    while end > j and nxt < len(spans) and ws[end - 1].end > spans[nxt].start:
        end -= 1
    while end > j and ws[end - 1].lower in COMPLEMENT_PREPS:
        end -= 1
    phrase = _make(text, ws, first, max(end, j))
    if phrase.text is None:
        return None
    if end > j and ws[j].lower in _PASSIVE:  # "15,800 containers were handled" -> "containers handled"
        names_text = _text(text, ws, first, j)
        phrase = Metric(f"{names_text} {ws[end - 1].text}", phrase.indicator, phrase.start, phrase.end)
    last = ws[j - 1].text
    during = _during(text, ws, j) if end <= j else None
    if during is not None:  # "10,000 jobs during construction" -> "construction jobs"
        return Metric(f"{during} {phrase.text}", _lookup(last) or phrase.indicator, phrase.start, phrase.end)
    return Metric(phrase.text, _lookup(last) or phrase.indicator, phrase.start, phrase.end)


def _during(text: str, ws, j: int) -> str | None:
    """The activity after a counted thing: "jobs during construction", "workers during the
    harvest" (a noun of up to three words, not a time: "during the year" says when)."""
    if j + 1 >= len(ws) or ws[j].lower != "during" or not adjacent(text, ws[j - 1], ws[j]):
        return None
    k = j + 1
    if ws[k].lower in ("the", "its", "their") and k + 1 < len(ws):
        k += 1
    end = k
    while end < len(ws) and end - k < 3 and is_modifier(ws[end]) and adjacent(text, ws[end - 1], ws[end]) \
            and ws[end].text.islower():
        end += 1
    if end == k or any(w.lower in time_words() for w in ws[k:end]):
        return None
    return _text(text, ws, k, end)


def _rank_metric(text: str, ws, m: Mention, ranking: str | None) -> Metric | None:
    k = first_from(ws, m.end)
    if k < len(ws) and ws[k].lower in ("place", "position", "spot", "positions", "places"):
        k += 1
    if k < len(ws) and ws[k].lower in ("globally", "worldwide", "internationally", "nationally", "regionally"):
        k += 1
    got = None
    if k < len(ws) and ws[k].lower in ("in", "among", "on", "of", "by") and adjacent(text, ws[k - 1], ws[k]):
        end = complements_after(text, ws, k, max_preps=2)
        first = k + 1
        while first < end and ws[first].lower in ("the", "its", "their", "a", "an"):
            first += 1
        if first < end:
            got = _make(text, ws, first, end, indicator="ranking")
            if got.text and got.text.lower() in ("world", "country", "region", "globe"):
                got = None
    elif k < len(ws) and adjacent(text, ws[k - 1], ws[k]) and is_modifier(ws[k]):
        # "the world's largest producer of uranium", "top ten investors"
        end = k
        while end < len(ws) and is_modifier(ws[end]) and adjacent(text, ws[end - 1], ws[end]) and end - k < 4:
            end += 1
        end = complements_after(text, ws, end, max_preps=1)
        got = _make(text, ws, k, end, indicator="ranking")
    if got and got.text:
        return got
    return None


def _premodified(text: str, ws, m: Mention) -> Metric | None:
    """"a $7.4 billion polyethylene plant" -> the plant's cost; "a 247MW unit" -> its capacity."""
    if m.kind not in (Kind.MONEY, Kind.QUANTITY, Kind.MASS) or not ends_before(_DET_BEFORE, text, m.start):
        return None
    k = first_from(ws, m.end)
    if k >= len(ws) or not adjacent(text, m.end, ws[k]) and text[m.end: ws[k].start].strip() != "-":
        return None
    end = k
    while end < len(ws) and end - k < 4 and is_modifier(ws[end]) and (end == k or adjacent(text, ws[end - 1], ws[end])):
        end += 1
    if end == k:
        return None
    end = complements_after(text, ws, end, max_preps=1)
    noun = _make(text, ws, k, end)
    if noun.text is None:
        return None
    if noun.indicator is not None and noun.indicator not in ("enterprises", "length", "construction", "agreements"):
        return noun
    suffix = {Kind.MONEY: "cost", Kind.QUANTITY: "capacity", Kind.MASS: "capacity"}[m.kind]
    if m.kind is Kind.QUANTITY and m.unit in ("km", "km2", "ha", "m2", "m3"):
        suffix = {"km": "length", "km2": "area", "ha": "area", "m2": "area", "m3": "volume"}[m.unit]
    return Metric(f"{noun.text} {suffix}", _lookup(suffix) or noun.indicator, noun.start, noun.end)


#: words between a list item and its figure: "ferrous metals by 5%", "sugar (60.5%)", "wheat – over 3%"
_ITEM_SKIP = frozenset({"by", "at", "to", "of", "with", "for", "over", "about", "around", "more", "than", "nearly", "almost",
                        "up", "some", "approximately", "roughly", "just", "under", "less", "some", "another"})
_ITEM_GAP = regex.compile(r"^[\s(:–—-]*$")
#: what may stand before a list item: a comma, a colon, "and", or a linking verb ("are sugar")
_ITEM_OPEN = frozenset({"and", "of", "are", "is", "were", "was", "include", "includes", "included", "including",
                        "namely", "while", "for"})


def _item_before(text: str, ws, m: Mention, after: int) -> tuple[int, int] | None:
    """The list item right before a figure (word indices), starting after offset ``after``:
    ", ferrous metals by 5%", ", vegetables (31.5%"."""
    before = range(first_from(ws, after), count_ending_by(ws, m.start))
    if not before:
        return None
    last = before[-1]
    while last >= before[0] and ws[last].lower in _ITEM_SKIP:
        last -= 1
    if last < before[0]:
        return None
    gap = "".join(ch for n in range(last + 1, before[-1] + 1) for ch in " ")
    tail = text[ws[last].end: m.start]
    for n in range(last + 1, before[-1] + 1):
        tail = tail.replace(ws[n].text, " ", 1)
    if not _ITEM_GAP.match(tail) or not is_modifier(ws[last]) or _lookup(ws[last].text) \
            or ws[last].lower.endswith("ed") and ws[last].text.islower():
        return None
    first = modifiers_before(text, ws, last, limit=4)
    if ws[first].start < after:
        return None
    opener = text[max(after, ws[first - 1].end if first > 0 else 0): ws[first].start].strip()
    if not (opener[-1:] in (",", ":", "–", "-", "(") or (first > 0 and ws[first - 1].lower in _ITEM_OPEN)
            or first == 0 or ws[first - 1].end <= after and not opener):
        return None
    return first, last + 1 + len(gap) * 0


def _list_item(text: str, ws, m: Mention, mentions: list[Mention], previous: list[Metric]) -> Metric | None:
    """A list item under the indicator of the figure before it: "Exports of oil rose by
    9.5%, ferrous metals by 5%" -> "ferrous metals exports"."""
    if not mentions or not previous or not previous[-1].text:
        return None
    item = _item_before(text, ws, m, mentions[-1].end)
    if item is None:
        return None
    name = _clean(_text(text, ws, *item))
    if name is None:
        return None
    head = previous[-1]
    start, end = ws[item[0]].start, ws[item[1] - 1].end
    if not head.head or head.text.lower() == head.head.lower() or head.head.lower() in name.lower():
        # "Education will receive 2.9 trillion tenge and healthcare 2.5 trillion": a sibling
        return Metric(name, indicator_of(name), start, end)
    word = head.head.lower() if head.head[1:].islower() else head.head  # "Production of X ..., of Y": "Y production"
    return Metric(f"{name} {word}", head.indicator, start, end, head.head)


#: a relative clause between commas: ", which fuel much of the demand," says nothing of the figure
_ASIDE = regex.compile(r",\s*(?:which|who|whose|where|that)\b[^,;()]*,", regex.I)


def _nearest(text: str, ws, occs, m: Mention, lo: int, hi: int, spans: list[Mention]) -> _Occurrence | None:
    """The indicator phrase that governs the figure: the nearest one before it in its clause
    that is not inside another's complement or a relative clause, else the nearest after it
    before a comma. A phrase stops where a figure starts ("revenues of KZT 20.1 trln")."""
    outer, heads, head_ends = _outer(text, spans)

    def fits(o: _Occurrence) -> bool:
        if o.indicator == "ranking" and m.kind is not Kind.RANK:
            return False  # "China topped the list of trading partners with $30.2 billion": not a rank
        return not (o.indicator == "growth" and o.first == o.head_first and o.last == o.head_last)
        # ("a decrease of 2.4 percent": the change itself, not what changes)

    # the nearest before: from the last phrase whose indicator ends before the figure, back to the clause start
    i = bisect_right(head_ends, m.start)
    while i > 0 and heads[i - 1] >= lo:
        i -= 1
        o = outer[i]
        if lo <= ws[o.first].start and fits(o) and not _in_aside(text, lo, m.start, heads[i]):
            return o
    comma = find(text, ",", m.end, hi)
    stop = hi if comma < 0 else comma
    for i in range(bisect_left(heads, m.end), len(outer)):
        o = outer[i]
        if heads[i] >= stop:
            break
        if head_ends[i] <= stop and fits(o):
            return o
    return None


def _in_aside(text: str, lo: int, end: int, at: int) -> bool:
    """Is offset ``at`` inside a relative clause between commas that lies in ``text[lo:end]``?"""
    aside = covering(_ASIDE, text, at)
    return aside is not None and lo <= aside.start() and aside.end() <= end


_OUTER: list = [None, None, None]  # the last sentence's (text, figures, outer phrases)


def _outer(text: str, spans: list[Mention]) -> tuple[tuple[_Occurrence, ...], list[int], list[int]]:
    """The indicator phrases of a sentence, each cut where a figure starts, without those
    inside another's complement, with where their indicators start and end (ascending, as
    the phrases are in order): found once for a sentence and its figures (``spans``, the
    same list for every figure of the sentence) and kept for the next figure."""
    if _OUTER[0] is text and _OUTER[1] is spans:
        return _OUTER[2]
    ws, occs = _occurrences(text)
    covered = sorted((p.start, p.end) for p in spans)
    starts = [c[0] for c in covered]
    units = [(p.start, p.end) for p in spans if p.kind is Kind.PERCENT]
    clipped = []
    for o in occs:
        if any(a <= ws[o.head_first].start < b for a, b in units):
            continue  # "6.1 percentage points": a unit, not what a figure measures
        cut = [n for n in range(o.head_last, o.last) if _touches(covered, starts, ws[n])]
        if cut:
            o = replace(o, last=max(o.head_last, cut[0] - 1 if cut[0] - 1 > o.head_last and
                                    ws[cut[0] - 1].lower in COMPLEMENT_PREPS else cut[0]))
        clipped.append(o)
    outer = []
    for n, o in enumerate(clipped):
        # a phrase that holds this one starts before it; phrases are a few words long (at most
        # five modifiers and two complements of a few words), so only the last few can
        k = n - 1
        while k >= 0 and clipped[k].head_last + _MAX_PHRASE_WORDS >= o.head_first:
            p = clipped[k]
            if p.first <= o.first and o.last <= p.last and p != o and p.head_first < o.head_first:
                break
            k -= 1
        else:
            outer.append(o)
    found = (tuple(outer), [ws[o.head_first].start for o in outer], [ws[o.head_last - 1].end for o in outer])
    _OUTER[:] = [text, spans, found]
    return found


def _touches(covered: list[tuple[int, int]], starts: list[int], w: Word) -> bool:
    """Does word ``w`` overlap a figure (``covered``: (start, end) of each, in order, and
    ``starts`` their starts)?"""
    i = bisect_right(starts, w.start)
    if i and w.start < covered[i - 1][1]:
        return True
    i = bisect_left(starts, w.start)
    return i < len(covered) and covered[i][0] < w.end


#: more words than a phrase around an indicator can span (modifiers, the indicator, complements)
_MAX_PHRASE_WORDS = 40


def _occ_metric(text: str, ws, o: _Occurrence, occs) -> Metric:
    own = None
    if o.indicator not in _WEAK and _text(text, ws, o.head_first, o.head_last).lower() not in _WEAK_FORMS:
        own = o.indicator  # "oil exports via the pipeline": exports, whatever the complement names
    got = _make(text, ws, o.first, o.last, indicator=own, head=_text(text, ws, o.head_first, o.head_last))
    if got.text is None:
        return got
    # "manufacturing of refined copper": the production of refined copper
    head = _text(text, ws, o.head_first, o.head_last)
    if head.lower() in _vocab()["rename"] and o.last > o.head_last and got.text:
        new = _vocab()["rename"][head.lower()]
        got = Metric(got.text.replace(head, new, 1), got.indicator, got.start, got.end, new)
    # "growth of 6.5%" alone after "GDP exceeded ...": the growth of the indicator before it
    if o.indicator == "growth" and o.first == o.head_first and o.last == o.head_last:
        k = bisect_right(occs, o.first, key=_head_last)  # the phrases are in order
        while k > 0 and occs[k - 1].indicator == "growth":
            k -= 1
        if k:
            p = occs[k - 1]
            name = _text(text, ws, p.head_first, p.head_last)
            return Metric(f"{name} growth", p.indicator, got.start, got.end, got.head)
    return got


#: "the number of unemployed was estimated at 457,000 people"
_NUMBER_OF = regex.compile(r"(?<![\p{L}])number\s+(?P<of>of)\s+", regex.I)


#: a definite noun that names again what an earlier figure measured: "the rate", "the trade"
_DEFINITE = regex.compile(r"(?<![\p{L}])the\s+$", regex.I)
#: a possessive before an indicator that only says how much of something else: "its share"
#: (of the global hash rate, named before); "its reserves" names the owner, not an earlier metric
_POSSESSIVE = regex.compile(r"(?<![\p{L}])(?:its|their)\s+$", regex.I)
#: words that name no measured thing by themselves but refer back: "the amount was ..."
_BACK = frozenset({"amount", "figure", "volume", "value", "total", "indicator", "number", "level", "sum"})


def _modifies_noun(text: str, ws, o: _Occurrence) -> bool:
    """Does the indicator of phrase ``o`` stand before a noun it modifies, with no complement of
    its own ("the bitcoin mining hub": the hub, not the mining)?"""
    return o.last == o.head_last < len(ws) and adjacent(text, ws[o.last - 1], ws[o.last]) \
        and is_modifier(ws[o.last]) and ws[o.last].text.islower() and not _lookup(ws[o.last].text) \
        and text[ws[o.last].end: ws[o.last].end + 1] == ","


def refer_back(metric: Metric, text: str, earlier: list[Metric]) -> Metric:
    """A short definite metric ("the rate was raised", "the amount was") names an earlier
    one in full: the latest earlier metric of the article that contains its words."""
    if metric.text is None or metric.start < 0:
        return metric
    if not ends_before(_DEFINITE, text, metric.start) and not (
            metric.indicator in _WEAK and ends_before(_POSSESSIVE, text, metric.start)):
        return metric
    words_ = metric.text.lower().split()
    if len(words_) > 1:
        return metric
    for e in reversed(earlier):
        if e.text and e.text.lower() != metric.text.lower() and (
                words_[0] in _BACK or words_[0] in e.text.lower().split()):
            return Metric(e.text, e.indicator, metric.start, metric.end, e.head)
    return metric


#: a clause whose subject is a pronoun: "First, it grew from 9.75 percent to 10.25 percent"
PRONOUN_SUBJECT = regex.compile(r"(?:^|[,;]\s*|\b(?:and|but|while)\s+)(?:it|they|this|these)\s+(?!is\s+|was\s+)", regex.I)


@cache
def _before_figure(word: str) -> regex.Pattern:
    """``word`` right before a figure, qualifier words allowed between: "of about", "worth over"."""
    qual = [w for ws in table("context")["qualifiers"]["before"].values() for w in ws]
    return regex.compile(rf"(?<![\p{{L}}]){word}\s+(?:(?:\L<qual>|some)\s+)?$", regex.I, qual=qual)


@cache
def _before_figures() -> tuple[regex.Pattern, ...]:
    """The words read by :func:`_before_figure`, built together, so that
    :func:`kzfigures.extract.warm` builds them before worker processes start."""
    return tuple(_before_figure(word) for word in ("of", "worth"))


def _phrase_ending(text: str, ws, last: int, limit: int = 5) -> int:
    """First word of the noun phrase that ends with word ``last``, one complement included:
    "wind farm in Zhambyl region"."""
    first = modifiers_before(text, ws, last, limit=limit)
    if first >= 2 and ws[first - 1].lower in ("in", "of", "for", "from", "to", "at", "on") and is_modifier(ws[first - 2]) \
            and adjacent(text, ws[first - 2], ws[first - 1]) and adjacent(text, ws[first - 1], ws[first]):
        first = modifiers_before(text, ws, first - 2, limit=3)
    return first


def _noun_of_figure(text: str, ws, mention: Mention, spans: list[Mention]) -> Metric | None:
    """"<noun> of <figure>": "revenues of KZT 20.1 trln", "the shortfall of about 1.1 billion kWh",
    "an annual capacity of 300,000 tonnes of cathode copper" (with what follows the figure)."""
    m = ends_before(_before_figure("of"), text, mention.start)
    if not m:
        return None
    before = range(count_ending_by(ws, m.start()))
    if not before or not adjacent(text, ws[before[-1]], m.start()):
        return None
    last = before[-1]
    if not is_modifier(ws[last]) or _lookup(ws[last].text) == "growth" or ws[last].lower in _WEAK_FORMS:
        return None
    first = modifiers_before(text, ws, last)
    noun = _make(text, ws, first, last + 1)
    if noun.text is None:
        return None
    of = _of_phrase(text, ws, mention) if mention.kind is not Kind.PERCENT else None
    if of is not None:
        x = _clean(_text(text, ws, *of))
        if x:
            return Metric(f"{noun.text} of {x}", noun.indicator or indicator_of(x), noun.start, ws[of[1] - 1].end,
                          noun.text)
    if first == last:
        # "a stake of up to 25 pc in strategic deposits": the bare noun with its complement after the figure
        inside = _of_phrase(text, ws, mention, preps=("in", "on", "for", "into"))
        x = _clean(_text(text, ws, *inside)) if inside is not None else None
        if x and not x[:1].isdigit() and x.split()[0].lower() not in time_words():
            prep = ws[inside[0] - 1].lower
            return Metric(f"{noun.text} {prep} {x}", noun.indicator, noun.start, ws[inside[1] - 1].end, noun.text)
    return Metric(noun.text, noun.indicator, noun.start, noun.end, _text(text, ws, last, last + 1))


def _attribute_of_thing(text: str, ws, mention: Mention) -> Metric | None:
    """"<thing> with a capacity of <figure>": the thing's attribute ("a new ammonia plant with a
    capacity of 660 thousand tons" -> "new ammonia plant capacity"; "The Kerbulak plant on the Ili
    River, with a capacity of 300 MW" -> "capacity of the Kerbulak plant on the Ili River")."""
    m = ends_before(_WITH_ATTRIBUTE, text, mention.start)
    if m is None or m["noun"] not in table("metric")["attributes"]:
        return None
    k = count_ending_by(ws, m.start("with")) - 1
    if k >= 1 and is_number(ws[k]) and ws[k - 1].lower in _TIME_BETWEEN:
        k -= 2  # "in 2027"
    if k < 0 or not is_modifier(ws[k]) or text[ws[k].end: m.start("with")].strip() not in ("", ","):
        return None
    first = _phrase_ending(text, ws, k)
    if first >= 3 and ws[first - 1].lower == "the" and ws[first - 2].lower in ("in", "on", "at", "of", "near") \
            and is_modifier(ws[first - 3]) and all(adjacent(text, ws[n], ws[n + 1]) for n in range(first - 3, first)):
        first = modifiers_before(text, ws, first - 3, limit=3)  # "plant on the Ili River"
    thing = _clean(_text(text, ws, first, k + 1))
    if thing is None:
        return None
    attr = " ".join(w for w in m["attr"].split() if w not in ("total", "overall"))
    inner = any(w.lower in COMPLEMENT_PREPS for w in ws[first: k + 1])
    phrase = f"{attr} of {thing}" if inner else f"{thing} {attr}"
    return Metric(phrase, _lookup(m["noun"]) or indicator_of(m["noun"]), ws[first].start, ws[k].end, m["noun"])


#: adverbs between a subject and its verb: "Intensive orchards now cover"
_SUBJECT_ADVERBS = frozenset({"now", "already", "currently", "still", "also", "alone", "together", "jointly"})


def _opening_subject(text: str, ws, lo: int, at: int) -> tuple[int, int] | None:
    """The noun phrase that opens the clause at ``lo`` and is the subject of the verb at ``at``
    (word indices, one past the last): "The container hub at Aktau port, built with ..., can",
    "Intensive orchards now cover"; None when something else stands between the two."""
    first = first_from(ws, lo)
    while first < len(ws) and ws[first].lower in ("the", "a", "an", "its", "their", "this", "our", "his", "her"):
        first += 1
    end = first
    while end < len(ws) and ws[end].start < at and is_modifier(ws[end]) and ws[end].lower not in _SUBJECT_ADVERBS \
            and (end == first or adjacent(text, ws[end - 1], ws[end])):
        end += 1
    if end == first:
        return None
    if end < len(ws) and ws[end].lower in ("at", "in", "on", "near") and adjacent(text, ws[end - 1], ws[end]):
        after = end + 1  # "The container hub at Aktau port"
        while after < len(ws) and ws[after].start < at and is_modifier(ws[after]) \
                and adjacent(text, ws[after - 1], ws[after]) and after - end < 4:
            after += 1
        end = after if after > end + 1 else end
    else:
        end = complements_after(text, ws, end, max_preps=1)
    # the phrase is the clause's subject: the verb follows it (after an adverb), or an aside between commas does
    rest = text[ws[end - 1].end: at]
    if regex.fullmatch(r"\s*(?:(?:now|already|currently|still|also)\s+)?(?:(?:will|would|can|could|may|might|should)\s+)?",
                       rest) is None \
            and not (rest.lstrip().startswith(",") and rest.rstrip().endswith(",")):
        return None
    return first, end


#: "covers", "now cover", "which covers": an area a thing takes up
_COVERS = regex.compile(r"(?<![\p{L}])(?P<which>,\s*which\s+)?(?:(?:now|already|currently)\s+)?"
                        r"(?P<verb>(?i:cover|covers|covered|covering|occupy|occupies|occupied))\s+"
                        r"(?:(?:about|around|some|over|nearly|almost|more\s+than|approximately|roughly)\s+)?$")
_AND_CLAUSE = regex.compile(r",\s+and\s+")
_AREA_UNITS = frozenset({"ha", "km2", "m2"})


#: "... respectively": each figure before it goes with a party of the list before them
_RESPECTIVELY = regex.compile(r"(?<![\p{L}])respectively(?![\p{L}])")
_NAME = r"(?:the\s+)?\p{Lu}[\p{L}’'-]*(?:\s+\p{Lu}[\p{L}’'-]*)*"
#: a list of parties after a preposition: "to Tajikistan and Kyrgyzstan", "from China, Russia and Turkey"
_PARTY_LIST = regex.compile(rf"(?<![\p{{L}}])(?P<prep>to|from|in|for|with)\s+(?P<list>{_NAME}(?:\s*,\s*{_NAME})*\s*,?\s+and\s+{_NAME})")
#: a superlative that ranks a role, not what is measured: "the largest supplier of rice"
_RANKING_WORD = frozenset({"largest", "biggest", "main", "leading", "top", "major", "key", "second-largest"})


def _respective(text: str, ws, mention: Mention, spans: list[Mention], lo: int) -> Metric | None:
    """Figures that go one by one with a list of parties ("respectively"): the phrase before the
    list for each party ("The country was the largest supplier of rice to Tajikistan and
    Kyrgyzstan, which bought 61.2 thousand and 38.7 thousand tons respectively" -> "supplier of
    rice to Tajikistan", "supplier of rice to Kyrgyzstan")."""
    r = _RESPECTIVELY.search(text, mention.end)
    if r is None or ";" in text[mention.end: r.start()]:
        return None
    lists = [m for m in _PARTY_LIST.finditer(text, lo, mention.start)]
    if not lists:
        return None
    m = lists[-1]
    group = [p for p in spans if m.end() <= p.start and p.end <= r.start()]
    if mention not in group or ";" in text[m.end(): group[0].start]:
        return None
    parties = [regex.sub(r"^the\s+", "", p.strip()) for p in regex.split(r"\s*,\s*|\s+and\s+", m["list"]) if p.strip()]
    if len(parties) != len(group):
        return None
    k = count_ending_by(ws, m.start("prep")) - 1
    if k < 0 or ws[k].start < lo or not ws[k].text[0].isalpha() or ws[k].lower in stop_words() \
            or not adjacent(text, ws[k], m.start("prep")):
        return None
    first = _phrase_ending(text, ws, k)
    while first < k and (ws[first].lower in _RANKING_WORD or ws[first].start < lo):
        first += 1
    head = _clean(_text(text, ws, first, k + 1))
    if head is None:
        return None
    party = parties[group.index(mention)]
    return Metric(f"{head} {m['prep']} {party}", indicator_of(head), ws[first].start, m.end(), None)


#: "pay", "paid" right before an amount (qualifier words allowed): "Miners in Europe pay about"
_PAY_BEFORE = regex.compile(r"(?<![\p{L}])(?:pay|pays|paid)\s+(?:(?:about|around|some|over|nearly|almost|up\s+to|"
                            r"more\s+than|approximately|roughly|at\s+least|on\s+average|an\s+average\s+of)\s+)?$")
#: an amount per unit: "0.12 euros per kWh", "25 tenge/kWh", "$5 a tonne"
_PER_AFTER = regex.compile(r"\G\s*(?:per|/|a|an)\s*[\p{L}\d]")


def _paid_price(text: str, ws, mention: Mention, lo: int) -> Metric | None:
    """An amount per unit that someone pays is the price they pay: "Miners in Europe pay about
    0.12 euros per kWh" -> "price paid by Miners in Europe" (not their "pay", a wage)."""
    if mention.kind is not Kind.MONEY or not _PER_AFTER.match(text, mention.end):
        return None
    m = ends_before(_PAY_BEFORE, text, mention.start)
    if m is None:
        return None
    k = count_ending_by(ws, m.start()) - 1
    if k >= 0 and ws[k].start >= lo and ws[k].lower in stop_words() and adjacent(text, ws[k], m.start()):
        return NONE  # "They pay 40 tenge per litre": a pronoun names nothing
    if k < 0 or ws[k].start < lo or not is_modifier(ws[k]) or not adjacent(text, ws[k], m.start()):
        return None
    first = _phrase_ending(text, ws, k)
    while first < k and ws[first].start < lo:
        first += 1
    payer = _clean(_text(text, ws, first, k + 1))
    if payer is None or payer.lower() in stop_words():
        return None
    return Metric(f"price paid by {payer}", "prices", ws[first].start, ws[k].end, "price")


def _covered_area(text: str, ws, mention: Mention, lo: int) -> Metric | None:
    """"Intensive orchards now cover 14.6 thousand hectares": the area of what covers it
    ("the Baikonur cosmodrome, which covers 6,717 square kilometres": the cosmodrome's)."""
    if mention.kind is not Kind.QUANTITY or mention.unit not in _AREA_UNITS:
        return None
    m = ends_before(_COVERS, text, mention.start)
    if m is None:
        return None
    if m["which"]:
        k = count_ending_by(ws, m.start()) - 1
        if k < 0 or not is_modifier(ws[k]):
            return None
        first, end = _phrase_ending(text, ws, k), k + 1
    else:
        # the clause opens at its start or after ", and": "Cotton has been grown there ..., and drip irrigation now covers"
        opens = [lo] + [a.end() for a in _AND_CLAUSE.finditer(text, lo, m.start("verb"))]
        found = _opening_subject(text, ws, opens[-1], m.start("verb"))
        if found is None:
            return None
        first, end = found
    return _named_thing(text, ws, first, end, "area", "sown area")


def _named_thing(text: str, ws, first: int, end: int, name: str, indicator: str) -> Metric | None:
    """``name`` of the thing in words ``first`` to ``end`` ("Kerbulak plant capacity"), or None
    where those words name nothing (a stop word)."""
    thing = _clean(_text(text, ws, first, end))
    if thing is None or thing.lower() in stop_words():
        return None
    return Metric(f"{thing} {name}", indicator, ws[first].start, ws[end - 1].end, name)


def _capacity_of_doer(text: str, ws, mention: Mention, lo: int) -> Metric | None:
    """"<thing> can handle <figure>": the thing's capacity ("The grain terminal at Kuryk port,
    built with a Qatari partner, can handle 1.5 million tons" -> "grain terminal at Kuryk port
    capacity"; "Four river tankers, each able to carry 5,000 tonnes"). The thing opens the clause,
    or is the phrase before ", each able to"; a pronoun names nothing."""
    m = ends_before(_CAN_DO, text, mention.start)
    if m is None or m["verb"] not in table("metric")["capacity_verbs"]:
        return None
    at = m.start()
    gap = regex.search(r"\s*,\s*(?:each\s+)?$", text[max(lo, at - 12): at])
    if m["able"] and gap is not None:  # "Four river tankers, each able to carry"
        k = count_ending_by(ws, at - len(gap.group(0))) - 1
        if k < 0 or not is_modifier(ws[k]):
            return None
        first = _phrase_ending(text, ws, k)
        while first <= k and not ws[first].text[0].isalpha():
            first += 1
        end = k + 1
    else:
        found = _opening_subject(text, ws, lo, at)
        if found is None:
            return None
        first, end = found
    return _named_thing(text, ws, first, end, "capacity", "capacity")


#: qualifier words between a verb and the amount it acts on: "invest up to", "spend about"
_AMOUNT_LEAD = regex.compile(r"(?<![\p{L}])(?P<verb>\p{Ll}+)\s+(?:(?:about|around|some|over|nearly|almost|up\s+to|"
                             r"more\s+than|approximately|roughly|at\s+least|another|an\s+additional|a\s+further|"
                             r"a\s+total\s+of)\s+)?$")


#: words that name a party named before: "in the country's economy", "in the region"
_BACK_TO_PARTY = frozenset({"country", "country's", "countries", "region", "region's", "republic", "republic's",
                            "city", "city's"})


def _amount_complement(text: str, ws, mention: Mention) -> Metric | None:
    """An amount right after a verb that puts it into something, spends it on something or earns
    it from something: that flow with what it goes to ("plans to invest up to $300 mln in a new
    smelter in Pavlodar" -> "investment in new smelter"; "will spend KZT 12.5 billion on road
    repairs" -> "spending on road repairs"); data/metric.toml [amount_verbs]."""
    if mention.kind is not Kind.MONEY:
        return None
    m = ends_before(_AMOUNT_LEAD, text, mention.start)
    nouns = table("metric")["amount_verbs"]
    if m is None or m["verb"] not in nouns:
        return None
    k = first_from(ws, mention.end)
    if k >= len(ws) or ws[k].lower not in table("metric")["amount_preps"][nouns[m["verb"]]] \
            or text[mention.end: ws[k].start].strip(" ."):
        return None
    end = complements_after(text, ws, k, max_preps=1, attached=False)
    if end <= k + 1:
        return None
    first = k + 1
    while first < end and ws[first].lower in ("the", "its", "their", "a", "an"):
        first += 1
    thing = _clean(_text(text, ws, first, end))
    if thing is None or thing.split()[0].lower().replace("’", "'") in _BACK_TO_PARTY:
        return None  # "invested $6 billion in the country's economy": the country named before
    noun = nouns[m["verb"]]
    phrase = f"{noun} {ws[k].lower} {thing}"
    lo, _ = _hard_clause(text, mention.start, mention.end)
    doer = _fallback(text, mention, lo, parties=True)
    if doer is not None and doer.text and _named(doer.text):
        phrase = f"{doer.text} {phrase}"  # "Qatar's Al Mana Holding plans to invest ... in": its investment
    # the indicator of the verb's forms that data/indicators.toml knows ("earned": revenue)
    known = [_verb_forms()[v][0] for v, n in nouns.items() if n == noun and v in _verb_forms()]
    indicator = known[0] if known else _lookup(noun) or indicator_of(noun)
    return Metric(phrase, indicator, ws[k].start, ws[end - 1].end, noun)


def _named(phrase: str) -> bool:
    """Is ``phrase`` a name: a party of the gazetteer, or two or more words that all start with a capital?"""
    from .subject import parties
    words_ = phrase.split()
    return bool(parties(phrase)) or len(words_) > 1 and all(w[:1].isupper() for w in words_)


def _ranked_party(text: str, ws, mention: Mention, got: Metric | None) -> Metric | None:
    """The party a superlative rank ranks, with what it is ranked among: "Bank RBK, the
    fifth-largest lender" -> "Bank RBK among lenders"; "The Toyota Camry was the best-selling
    model"; "making Kazakhstan the world's tenth-largest producer"; with no thing after the rank,
    "<party> rank" ("The Kapshagay reservoir, the country's biggest,")."""
    from .leaders import plural
    span = text[mention.start: mention.end]
    if not _SUPERLATIVE_RANK.search(span) or got is not None and got.text and (
            len(got.text.split()) > 2 or any(c.isupper() for c in got.text)):
        return None
    m = ends_before(_PARTY_BEFORE_RANK, text, mention.start)
    if m is None:
        return None
    if m["making"]:
        party = m["object"]
    else:
        k = count_ending_by(ws, m.start()) - 1
        if k < 0 or not is_modifier(ws[k]):
            return None
        first = _phrase_ending(text, ws, k)
        party = _clean(_text(text, ws, first, k + 1))
        if party is None or not any(w[:1].isupper() for w in party.split()):
            return None  # a name is ranked, not "the plant" or "it"
    if got is not None and got.text:
        words_ = got.text.split()
        thing = " ".join([*words_[:-1], plural(words_[-1].lower())])
        return Metric(f"{party} among {thing}", "ranking", got.start, got.end, "rank")
    k = first_from(ws, mention.end)
    if k < len(ws) and adjacent(text, mention.end, ws[k]) and is_modifier(ws[k]) and ws[k].lower not in ("in",):
        return None  # a thing follows that the ranking did not read: leave it
    return Metric(f"{party} rank", "ranking", mention.start, mention.end, "rank")


def _collective(text: str, ws, mention: Mention) -> Metric | None:
    """A count that is the size of a collective: "operates a fleet of 52 aircraft" -> "fleet";
    "the country's merchant fleet in the Caspian now numbers 16 vessels" -> "merchant fleet in
    the Caspian" (data/metric.toml collectives)."""
    m = ends_before(_COLLECTIVE_BEFORE, text, mention.start)
    if m is None or m["noun"] not in table("metric")["collectives"]:
        return None
    k = count_ending_by(ws, m.end("noun")) - 1
    end = count_ending_by(ws, m.end("complement")) if m["complement"] else k + 1
    first = modifiers_before(text, ws, k, limit=3)
    return _make(text, ws, first, end, indicator=_lookup(m["noun"]), head=m["noun"])


def _rate_decision(text: str, ws, mention: Mention) -> Metric | None:
    """A rate its doer holds, cuts or raises is the doer's base rate: "Kyrgyzstan left its rate at
    9.25%" -> "Kyrgyzstan base rate"; "Turkey's central bank cut its policy rate by 150 basis
    points" -> "Turkey's central bank policy rate" (data/metric.toml rate_verbs)."""
    if mention.kind is not Kind.PERCENT:
        return None
    m = ends_before(_RATE_DECISION, text, mention.start)
    if m is None or m["verb"] not in table("metric")["rate_verbs"]:
        return None
    name = f"{m['mod'].strip()} rate" if m["mod"] else "base rate"
    k = count_ending_by(ws, m.start("verb")) - 1
    if k >= 0 and is_modifier(ws[k]) and adjacent(text, ws[k], m.start("verb")):
        first = modifiers_before(text, ws, k, limit=5)
        doer = _clean(_text(text, ws, first, k + 1))
        if doer is not None:
            return Metric(f"{doer} {name}", "base rate", ws[first].start, ws[k].end, name)
    return Metric(name, "base rate", m.start("verb"), m.end(), name)


def _worth(text: str, ws, mention: Mention, lo: int, hi: int,
           mentions: list[Mention] | None = None) -> Metric | None:
    """"<thing> worth <money>": "agreements worth $4.5bn", "IT services worth $431 million"; right after
    a figure whose metric is empty, nothing (the figure's unit names nothing)."""
    if mention.kind is not Kind.MONEY:
        return None
    m = ends_before(_before_figure("worth"), text, mention.start)
    if not m:
        return None
    if mentions and mentions[-1].end <= m.start() and not text[mentions[-1].end: m.start()].strip():
        return NONE  # "reached 41 tons worth $9 million": the value of what nothing named
    before = range(count_ending_by(ws, m.start()))
    if not before or not is_modifier(ws[before[-1]]):
        return None
    last = before[-1]
    first = _phrase_ending(text, ws, last)
    thing = _make(text, ws, first, last + 1)
    if thing.text is None:
        return None
    verb = _governing_verb(text, ws, lo, hi, mention)
    if verb and thing.indicator is None:
        return Metric(f"{thing.text} {verb[1]}", verb[0], thing.start, thing.end, verb[1])
    return thing


#: a named part of a ranking before a rank: "In the Economic Performance factor the country
#: moved up to 27th", "while in Infrastructure it remained 48th"
_IN_NAMED = regex.compile(
    r"(?<![\p{L}])(?i:in)\s+(?:the\s+)?(?P<name>(?:\p{Lu}[\p{L}’'&-]*\s+(?:(?:and|of|&)\s+)?){0,5}\p{Lu}[\p{L}’'&-]*"
    r"(?:\s+(?:19|20)\d\d)?(?:\s+(?:factor|sub-factor|index|ranking|indicator|pillar|category|report|rating))?)")


def _named_part(text: str, lo: int, mention: Mention) -> Metric | None:
    from .subject import is_party
    found = [m for m in _IN_NAMED.finditer(text, lo, mention.start) if not is_party(m["name"])
             and not _TIME_NAME.fullmatch(m["name"])]
    if not found:
        return None
    m = found[-1]
    name = regex.sub(r"\s+(?:19|20)\d\d\b", "", m["name"])
    return Metric(name, "ranking", m.start("name"), m.end("name"))


_TIME_NAME = regex.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                           r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?(?:\s.*)?")


#: words a metric never starts with: pronouns and possessives ("Its shares", "They")
_PRONOUNS = frozenset({"it", "its", "they", "their", "them", "this", "these", "those", "he", "his", "she", "her",
                       "we", "our", "us", "i", "my", "you", "your"})


def tidy(metric: Metric) -> Metric:
    """A metric without the pronoun it may start with ("Its share price" -> "share price"); a
    pronoun alone names nothing."""
    if not metric.text:
        return metric
    words_ = metric.text.split()
    n = 0
    while n < len(words_) and words_[n].lower().replace("’", "'") in _PRONOUNS:
        n += 1
    if n == 0:
        return metric
    rest = " ".join(words_[n:])
    return replace(metric, text=rest) if rest else NONE


def with_change(metric: Metric, change: Change | None, kind: Kind = Kind.PERCENT) -> Metric:
    """The metric of a figure that states a change names it: "exports growth", "output change"."""
    if change is None or not metric.text or kind is not Kind.PERCENT:
        return metric
    last = metric.text.lower().split()[-1]
    if last in _CHANGE_WORDS:
        return metric
    suffix = "growth" if change is Change.INCREASE else "change"
    return Metric(f"{metric.text} {suffix}", metric.indicator, metric.start, metric.end, metric.head)


_CHANGE_WORDS = frozenset({"growth", "increase", "rise", "decline", "decrease", "drop", "fall", "change", "gain",
                           "surge", "jump", "cut", "reduction", "expansion", "contraction"})


#: a figure that restates the one before it: ", or 7 percent", ", or roughly 2.2 million ounces"
_RESTATED = regex.compile(r"\G\s*,?\s*or\s+(?:(?:about|around|some|roughly|approximately|nearly|almost|over|"
                          r"more\s+than|less\s+than|just\s+over|just\s+under)\s+)?$", regex.I)
#: "was spent on", "will be allocated to", "have been invested in": a passive after a figure
_PASSIVE_AFTER = regex.compile(r"\G(?:\s+of\s+[\p{L}\s-]{1,40}?)?\s+(?:was|were|is|are|will\s+be|has\s+been|have\s+been|"
                               r"had\s+been|would\s+be|is\s+to\s+be|are\s+to\s+be)\s+(?P<verb>\p{Ll}+)\b", regex.I)


def _passive_after(text: str, ws, mention: Mention) -> Metric | None:
    """"1.4 trillion tenge was spent on regional infrastructure": spending on regional infrastructure."""
    m = _PASSIVE_AFTER.match(text, mention.end)
    if not m or m["verb"].lower() not in _verb_forms():
        return None
    indicator, noun = _verb_forms()[m["verb"].lower()]
    k = first_from(ws, m.end("verb"))
    end = complements_after(text, ws, k, max_preps=2) if k < len(ws) else k
    of = _of_phrase(text, ws, mention)
    thing = (_clean(_text(text, ws, *of)) or "") + " " if of else ""
    if end > k:
        words_ = [w.text for w in ws[k:end] if w.lower not in ("the", "a", "an")]
        return Metric(f"{thing}{noun} {' '.join(words_)}", indicator, ws[k].start, ws[end - 1].end, noun)
    return None


#: words between an indicator verb and its object figure: "produced about", "was sown on"
_AGENT_SKIP = frozenset({"over", "about", "around", "more", "than", "nearly", "almost", "some", "approximately",
                         "roughly", "just", "under", "less", "on", "in", "a", "record", "an", "estimated"})


#: an aside between a doer and its verb: ", which grows rice in the Kyzylorda region,", ", the
#: world's largest uranium producer,"
_ASIDE_BEFORE_VERB = regex.compile(r",\s*(?:which|who|the|a|an|one\s+of)\s[^,;()]{1,80},\s*$", regex.I)


def _agent_verb(text: str, ws, mention: Mention, lo: int, mentions: list[Mention] | None = None,
                previous: list[Metric] | None = None) -> Metric | None:
    """"Tengiz produced 29.2 million tonnes": Tengiz production (the doer of an indicator verb
    right before the figure, when nothing follows to say what was produced); an aside may stand
    between the doer and its verb ("Kazatomprom, the world's largest uranium producer, consumed
    nearly 2.7 million tons": Kazatomprom consumption). A second verb of the doer after "and"
    acts on what the figure before it measured: "produced 1,860 tonnes of tungsten concentrate
    ..., and exported 1,240 tonnes" -> "tungsten concentrate exports"."""
    before = range(first_from(ws, lo), count_ending_by(ws, mention.start))
    if len(before) < 2:
        return None
    v = before[-1]
    while v > before[0] and ws[v].lower in _AGENT_SKIP:
        v -= 1
    if ws[v].lower not in _verb_forms() or _of_phrase(text, ws, mention) is not None:
        return None
    a = v - 1  # the doer ends before the verb, or before "was" of a passive ("Cotton was sown on")
    while a > before[0] and ws[a].lower in _PASSIVE and adjacent(text, ws[a], ws[a + 1]):
        a -= 1
    if ws[a].lower == "and" and adjacent(text, ws[a], ws[v]) and mentions and previous and previous[-1].text \
            and lo <= mentions[-1].start and mentions[-1].end <= ws[a].start:
        return _second_verb(ws[v].lower, previous[-1])
    aside = _ASIDE_BEFORE_VERB.search(text, lo, ws[v].start) if not adjacent(text, ws[a], ws[a + 1]) else None
    if aside is not None and not any(aside.start() < p.start < aside.end() and p.kind is not Kind.RANK
                                     for p in mentions or []):
        a = count_ending_by(ws, aside.start()) - 1
        if a < before[0]:
            return None
    elif not adjacent(text, ws[a], ws[a + 1]):
        return None
    if not is_modifier(ws[a]):
        return None
    first = modifiers_before(text, ws, a, limit=4)
    agent = _clean(_text(text, ws, first, a + 1))
    if agent is None:
        return None
    indicator, noun = _verb_forms()[ws[v].lower]
    return Metric(f"{agent} {noun}", indicator, ws[first].start, ws[a].end, noun)


def _second_verb(verb: str, before: Metric) -> Metric | None:
    """The metric of a figure after a second indicator verb of the same doer, from the metric of
    the figure before ("tungsten concentrate production" and "exported": "tungsten concentrate
    exports"); None when the two verbs name the same indicator or the metric before names no thing."""
    indicator, noun = _verb_forms()[verb]
    if before.indicator == indicator or not before.head or not before.text:
        return None
    words_ = before.text.split()
    if words_[-1].lower() != before.head.lower() or len(words_) < 2:
        return None
    return Metric(f"{' '.join(words_[:-1])} {noun}", indicator, before.start, before.end, noun)


def metric_of(mention: Mention, text: str, mentions: list[Mention] | None = None,
              previous: list[Metric] | None = None, ranking: str | None = None,
              change: Change | None = None, spans: list[Mention] | None = None) -> Metric:
    """What the figure ``mention`` in sentence ``text`` measures (see the module's docstring);
    a bare noun ("capacity", "cargo", "dividends") is given the doer of its clause: "The port
    of Aktau handled 3.1 million tonnes of cargo" -> "port of Aktau cargo"."""
    got = _metric_of(mention, text, mentions, previous, ranking, change, spans)
    lo, _ = _hard_clause(text, mention.start, mention.end)
    after = _after_previous(lo, mentions or [], mention.start)
    if mention.kind is Kind.COUNT and got.text and got.text.split()[-1].lower() in _PEOPLE:
        verb = _governing_verb(text, ws=_occurrences(text)[0], lo=after, hi=len(text), m=mention)
        if verb and verb[0] == "employment" and "employ" not in got.text.lower():  # "The holding employs 250,000 people"
            return _employment(text, mention, after, got)
    where = ends_before(_WHERE, text, got.start) if got.text and got.start >= 0 else None
    if where is not None and got.start < mention.start:
        # "in Atyrau region, where prices went up by 2.3%": the prices of that place
        return Metric(f"{got.text} in {where['place']}", got.indicator, where.start("place"), got.end, got.head)
    same = _same_thing(text, mention, got, mentions or [], previous or [])
    if same is not None:
        return same
    stage = _STAGE.match(text) if got.text and len(got.text.split()) == 1 else None
    if stage is not None and stage.end() <= mention.start and ";" not in text[:mention.start]:
        # "At the first stage, 2 GW of capacity are to be commissioned": the stage's capacity
        return Metric(f"{stage['ord'].lower()} {stage['stage'].lower()} {got.text}", got.indicator, got.start, got.end,
                      got.head)
    if got.text and len(got.text.split()) == 1 and mention.kind is not Kind.RANK and got.start >= after:
        owner = _fallback(text, mention, after, parties=True)
        if owner is not None and owner.text and owner.end <= got.start and owner.text.lower() not in got.text.lower() \
                and (len(owner.text.split()) > 1 or owner.text[0].isupper()) and owner.indicator != got.indicator:
            return Metric(f"{owner.text} {got.text}", got.indicator, owner.start, got.end, got.head)
    return _acted_on(text, mention, got)


#: a place and the relative clause about it that a metric opens: "in Atyrau region, where"
_WHERE = regex.compile(r"(?<![\p{L}])(?i:in|at)\s+(?:the\s+)?(?P<place>\p{Lu}[\p{L}’'-]*(?:\s+\p{Lu}[\p{L}’'-]*){0,2}"
                       r"(?:\s+(?:region|oblast|district|city|province))?)\s*,\s*where\s+$")


def _same_thing(text: str, mention: Mention, got: Metric, mentions: list[Mention], previous: list[Metric]) -> Metric | None:
    """A bare indicator after a figure of the same kind and unit in the same clause is that
    indicator of the thing the figure before measured: "produced 24.5 thousand tons of sponge
    last year and plans to raise output to 30 thousand tons" -> "sponge output"."""
    if not got.text or len(got.text.split()) != 1 or got.indicator is None or got.start < 0 \
            or mention.kind in (Kind.RANK, Kind.PERCENT, Kind.COUNT) or not mentions or not previous:
        return None
    p, before = mentions[-1], previous[-1]
    if p.kind is not mention.kind or p.unit != mention.unit or not before.text or not before.head \
            or before.indicator == got.indicator or not (p.end <= got.start < mention.start):
        return None
    lo, _ = _hard_clause(text, mention.start, mention.end)
    words_ = before.text.split()
    if p.start < lo or len(words_) < 2 or words_[-1].lower() != before.head.lower() \
            or any(w[:1].isupper() for w in words_[:-1]):
        return None
    return Metric(f"{' '.join(words_[:-1])} {got.text}", got.indicator, got.start, got.end, got.head)


#: a sentence that opens with the stage of a project: "At the first stage,", "In the second phase,"
_STAGE = regex.compile(r"\s*(?i:at|in|during)\s+the\s+(?P<ord>(?i:first|second|third|fourth|final|initial|next))\s+"
                       r"(?P<stage>(?i:stage|phase))\s*,")


def _employment(text: str, mention: Mention, lo: int, got: Metric) -> Metric:
    """People a doer employs: the doer's employment ("The industry employs 33,000 people" ->
    "industry employment", "Tourism in the region employs ..." -> "tourism employment in the
    region"); a pronoun doer, or one owned by a pronoun ("its plants"), leaves the employment."""
    bare = Metric("employment", "employment", got.start, got.end, "employment")
    verb = last_match(_EMPLOY_VERB, text, mention.start, lo)
    if verb is None:
        return bare
    doer = _DOER.search(text, lo, verb.start())
    if doer is None or doer["pronoun"]:
        return bare
    words_ = doer["doer"].split()
    # the place of a sector follows the employment: "fisheries employment in the Atyrau region"
    if "in" in words_[1:] and not _WORKS.search(doer["doer"]):
        cut = words_.index("in", 1)
        phrase = " ".join([*words_[:cut], "employment", *words_[cut:]])
    elif _WORKS.search(doer["doer"]):  # "the assembly plant in Taraz employs": the plant's employees
        phrase = f"employees of the {doer['doer']}"
    else:
        phrase = f"{doer['doer']} employment"
    return Metric(phrase, "employment", text.find(doer["doer"], doer.start()), got.end, "employment")


_EMPLOY_VERB = regex.compile(r"(?<![\p{L}])employ(?:s|ed)?\s+(?=(?:\p{Ll}+\s+){0,3}\d)")
#: the doer of "employ": a noun phrase of up to eight words that opens the clause (after a
#: comma, "and", or the sentence start), or a pronoun ("It employs", "its plants employ")
_DOER = regex.compile(
    r"(?:^|[,;:]\s*|\b(?:and|while|but)\s+)(?:(?P<pronoun>(?i:it|they|its|their|this|these|he|she|we)\b)[^,;]*|"
    r"(?:(?i:the|a|an)\s+)?(?!(?i:and|while|but|or)\b)(?P<doer>[\p{L}\p{N}’'&-]+(?:\s+[\p{L}\p{N}’'&-]+){0,7}?))\s*$")
#: a works that employs people: its employees are counted ("the assembly plant in Taraz")
_WORKS = regex.compile(r"\b(?:plant|factory|complex|mine|port|airport|hub|centre|center|refinery|smelter|"
                       r"terminal)s?\b(?=.*\bin\b)", regex.I)


#: qualifier words between a verb and the count it acts on: "creating about 6,500", "hired a record"
_COUNT_LEAD = regex.compile(r"(?<![\p{L}])(?P<verb>\p{Ll}{3,}(?:ing|ed)|\p{Ll}+)\s+(?:(?:about|around|over|nearly|almost|some|"
                            r"roughly|approximately|more\s+than|up\s+to|at\s+least|a\s+record|an\s+estimated|another|"
                            r"an\s+additional|a\s+further|a\s+total\s+of)\s+)?$")


def _acted_on(text: str, mention: Mention, got: Metric) -> Metric:
    """A bare counted noun right after the verb that acts on it names the act: "creating about
    6,500 jobs" -> "jobs created", "supported 41 thousand families" -> "families supported"; a
    verb of level ("numbered 60 aircraft", data/metric.toml) adds nothing, and a party as the
    doer names the count better (the subject column has it)."""
    if mention.kind is not Kind.COUNT or not got.text or len(got.text.split()) > 2 or got.start < mention.start:
        return got
    m = ends_before(_COUNT_LEAD, text, mention.start)
    if m is None:
        return got
    from .subject import parties
    lo, _ = _hard_clause(text, mention.start, mention.end)
    if any(lo <= p.start and p.end <= m.start() for p in parties(text)):
        return got  # "The Turkistan region attracted 2.3 million visitors": the region's visitors
    participle = _participle(m["verb"])
    if participle is None:
        return got
    return Metric(f"{got.text} {participle}", got.indicator, got.start, got.end, got.head)


def _participle(verb: str) -> str | None:
    """The past participle of a verb that acts on a count, None for any other word."""
    vocab = table("metric")
    irregular = vocab["participles_of"]
    if verb in vocab["level_verbs"] or verb in stop_words():
        return None
    if verb in irregular.values():
        return verb
    if verb.endswith("ing"):
        base = verb[:-3]
        return irregular.get(base) or irregular.get(base + "e") or base + "ed"
    if verb.endswith("ed") and len(verb) > 4 and verb not in table("metric")["not_verbs"]:
        return verb
    return None


def _after_previous(lo: int, mentions: list[Mention], start: int) -> int:
    """The later of ``lo`` and the end of the last figure before ``start``: the figures are
    in order and do not overlap, so the last that ends by ``start`` ends last."""
    for p in reversed(mentions):
        if p.end <= start:
            return max(lo, p.end)
    return lo


_PEOPLE = frozenset({"people", "persons", "individuals", "specialists", "workers", "residents"})


#: a ranking named right after the field: "among 134 countries in the 2025 Global Talent Index"
_IN_RANKING = regex.compile(r"\s+in\s+(?:the\s+)?(?:(?:19|20)\d\d\s+)?(?P<name>" + RANKING_NAME.pattern + ")")
#: between a rank and the field it is out of: "78th out of 133 economies", "32nd place among 134"
_OUT_OF = regex.compile(r"\s*(?:(?:place|position|spot)\s+)?(?:out\s+of|among|of)\s+(?:the\s+)?")


def _ranked_field(text: str, mention: Mention, mentions: list[Mention], previous: list[Metric],
                  ranking: str | None) -> Metric | None:
    """The field a rank is out of ("placed 78th out of 133 economies"): counted in the ranking
    the rank is in (its metric when that names a ranking, else one named later in the sentence
    or earlier in the article)."""
    if not mentions or mentions[-1].kind is not Kind.RANK or not mention.counted \
            or not _OUT_OF.fullmatch(text, mentions[-1].end, mention.start):
        return None
    after = _IN_RANKING.match(text, mention.end)
    if after is not None:  # "among 118 countries in the Regional Openness Ranking"
        name = after["name"]
    elif previous and previous[-1].indicator == "ranking" and previous[-1].text \
            and any(c.isupper() for c in previous[-1].text):
        name = previous[-1].text
    else:
        name = ranking
    if not name:
        return None
    counted = text[mention.start: mention.end].split()[-1]
    return Metric(f"{counted} in {name}", "ranking", mention.start, mention.end, counted)


#: before a base a figure is compared with: "compared with 11.7 thousand tons", "up from KZT 96 billion"
_BASELINE_BEFORE = regex.compile(r"(?<![\p{L}])(?:compared\s+(?:with|to)|up\s+from|down\s+from|against|versus|vs\.?)"
                                 r"\s+(?:(?:about|around|some|nearly|almost|over|just|roughly)\s+)?$", regex.I)
#: between a figure and a change of it: ", ", ", which is ", ", up "
_COMPARED_AFTER = regex.compile(r"[^,;()\d]{0,60}(?:\([^()]{0,30}\)\s*)?,\s*(?:(?:which|that)\s+is\s+|or\s+|up\s+|down\s+|"
                                r"(?:about|some|nearly|almost|around|over|roughly)\s+)*", regex.I)
#: after a change, the comparison that makes it one: "more than in 2024", "less than a year earlier"
_THAN = regex.compile(r"\s+(?:more|less|higher|lower|above|below|up|down)\s+(?:than|compared|from|on|year)\b", regex.I)


@cache
def _measure_words() -> frozenset[str]:
    return frozenset(table("metric")["measure_counts"])


def _measure_word(mention: Mention, ws) -> bool:
    """Is the figure a count in a measure word ("5,100 units", "8.9 million head")?"""
    i = count_ending_by(ws, mention.end) - 1
    return 0 <= i < len(ws) and ws[i].lower in _measure_words()


def _metric_of(mention: Mention, text: str, mentions: list[Mention] | None = None,
               previous: list[Metric] | None = None, ranking: str | None = None,
               change: Change | None = None, spans: list[Mention] | None = None) -> Metric:
    """What the figure ``mention`` in sentence ``text`` measures.

    ``mentions`` are the figures before it in the sentence and ``previous`` their metrics;
    ``ranking`` is the ranking the article named last; ``change`` is the figure's change;
    ``spans`` are all the figures of the sentence.
    """
    mentions = mentions or []
    previous = previous or []
    if mention.kind is not Kind.RANK:
        # a party's place ("Bukhtarma reservoir rank") is not what an amount after it measures
        previous = [NONE if p.kind is Kind.RANK and x.head == "rank" else x for p, x in zip(mentions, previous)]
    ws, occs = _occurrences(text)
    lo, hi = _hard_clause(text, mention.start, mention.end)
    counted = NONE  # a count's counted thing, when nothing else names it

    if change is not None and mention.kind is Kind.PERCENT and mentions and previous and previous[-1].text \
            and _COMPARED_AFTER.fullmatch(text, mentions[-1].end, mention.start) and _THAN.match(text, mention.end):
        return previous[-1]  # "produced 3.3 million tons of flour, 7.4% more than in 2024": the flour's change
    if previous and ends_before(_BASELINE_BEFORE, text, mention.start):
        # "..., up from KZT 96 billion last year": the base of the figure before, of its kind
        base = next((x for p, x in zip(reversed(mentions), reversed(previous))
                     if x.text and p.kind is mention.kind and p.unit == mention.unit), None)
        if base is not None:
            return base
    got = _bracket_gloss(text, ws, mention, mentions, previous)
    if got is not None and got.text:
        if got.indicator is None and got.start >= 0 and mention.kind is Kind.PERCENT and change is None:
            # "Almaty (31.2%), Astana (22.5%) ...": each name's share
            return Metric(f"{got.text} share", "share", got.start, got.end, "share")
        if got.indicator is None and got.start >= 0:
            # "the highest price surge are sugar (60.5%)": the item under its indicator
            k = bisect_right(occs, got.start, key=lambda o: ws[o.head_last - 1].end)
            while k > 0 and ws[occs[k - 1].first].start < lo and ws[occs[k - 1].head_first].start >= lo:
                k -= 1  # the last phrase that ends before the name and starts in the clause
            if k and ws[occs[k - 1].first].start >= lo:
                o = occs[k - 1]
                name = _text(text, ws, o.head_first, o.head_last)
                return Metric(f"{got.text} {name}", o.indicator, got.start, got.end, name)
        return got
    got = _respective(text, ws, mention, spans or [mention], lo)
    if got is not None:
        return got
    got = _rate_decision(text, ws, mention) or _attribute_of_thing(text, ws, mention) \
        or _capacity_of_doer(text, ws, mention, lo) \
        or _covered_area(text, ws, mention, lo) or (_collective(text, ws, mention) if mention.kind is Kind.COUNT else None)
    if got is not None:
        return got
    if mention.kind is Kind.COUNT:
        number = last_match(_NUMBER_OF, text, mention.start, lo)
        if number:
            k = first_from(ws, number.start("of"))
            end = complements_after(text, ws, k, max_preps=2)  # "the number of schools in emergency condition"
            got = _make(text, ws, k - 1, end)
            if got.text:
                return got
        field = _ranked_field(text, mention, mentions, previous, ranking)
        if field is not None:
            return field
        got = _count_metric(text, ws, mention, spans or [])
        if got is None:
            got = Metric(mention.counted, _lookup(mention.counted or "")) if mention.counted else NONE
        if not _measure_word(mention, ws):
            return got
        # "1,750 units of harvesting equipment", "cattle stood at 8.9 million head": the units
        # name nothing; what they are of (read through "of" below), or the clause, does
        counted = got
    if mention.kind is Kind.RANK:
        thing = _rank_metric(text, ws, mention, ranking)
        got = thing or _named_part(text, lo, mention)
        party = _ranked_party(text, ws, mention, thing) if got is thing else None
        if party is not None:
            return party
        if got is None:
            # "Government efficiency dropped to 41st": the part of the ranking the clause is about
            got = _fallback(text, mention, _after_previous(lo, mentions, mention.start))
            if got is not None and (got.indicator not in (None, "ranking") or len(got.text.split()) > 4
                                    or mention.start - got.end > 25 or got.text[:1].isupper() and got.start > lo + 1):
                got = None
        if got is None and ranking:
            got = Metric(ranking, "ranking")
        if got is not None and got.text:
            return got
    got = _paid_price(text, ws, mention, lo)
    if got is not None:
        return got
    of = _of_phrase(text, ws, mention)
    if of is not None:
        first, end = of
        x = _make(text, ws, first, end)
        if x.text:
            if mention.kind is Kind.PERCENT:
                if change is None:
                    # "revenues ... equivalent to 12.6% of GDP": the share the clause's indicator is of X
                    o = _nearest(text, ws, occs, mention, lo, mention.start, spans or [mention])
                    if o is not None and ws[o.first].start < mention.start and not _modifies_noun(text, ws, o):
                        left = _occ_metric(text, ws, o, occs)
                        if left.text and left.indicator == "share":
                            return left
                        if left.text and left.indicator != "growth":
                            return Metric(f"{left.text} as share of {x.text}", left.indicator, left.start,
                                          left.end, left.head)
                    return Metric(f"share of {x.text}", "share", x.start, x.end, "share")
            else:
                verb = _governing_verb(text, ws, lo, hi, mention)
                if verb and (x.indicator is None or x.indicator in _WEAK):
                    x = Metric(f"{x.text} {verb[1]}", verb[0], x.start, x.end, verb[1])
                return _with_destination(text, ws[end - 1].end, hi, x)
    worth = ends_before(_before_figure("worth"), text, mention.start) if mention.kind is Kind.MONEY else None
    if worth and mentions and previous and previous[-1].text and mentions[-1].kind is not Kind.MONEY \
            and not text[mentions[-1].end: worth.start()].strip():
        # "totalled 14,800 tonnes worth $71.6 million": the value of what the tonnage measures
        x = previous[-1]
        return Metric(f"{x.text} value", x.indicator, x.start, x.end, x.head)
    got = _noun_of_figure(text, ws, mention, mentions) or _worth(text, ws, mention, lo, hi, mentions) \
        or _amount_complement(text, ws, mention)
    if got is not None and got.text:
        return got
    if mention.kind is Kind.MONEY:
        inside = _of_phrase(text, ws, mention, preps=("in",))
        if inside is not None:
            from .subject import is_party
            x = _make(text, ws, *inside)
            if x.text and not is_party(x.text) and not x.text[:1].isupper() and \
                    ws[inside[0] - 1].lower == "in":  # "in loans", not "in the field of"
                verb = _governing_verb(text, ws, lo, hi, mention)
                if verb and x.indicator in _GENERIC:
                    return Metric(f"{x.text} {verb[1]}", verb[0], x.start, x.end, verb[1])
                return x
    got = _premodified(text, ws, mention)
    if got is not None:
        return got
    got = None if mention.kind is Kind.RANK else _list_item(text, ws, mention, mentions, previous)
    if got is not None:
        return got
    if mentions and previous and previous[-1].text and _RESTATED.search(text, mentions[-1].end, mention.start):
        return previous[-1]  # "68.5 tonnes of gold ..., or roughly 2.2 million troy ounces"
    got = _passive_after(text, ws, mention) or _agent_verb(text, ws, mention, lo, mentions, previous)
    if got is not None and got.text:
        return got
    o = _nearest(text, ws, occs, mention, lo, hi, spans or [mention])
    if o is not None:
        got = _occ_metric(text, ws, o, occs)
        if got.text:
            return got
    if change is not None and previous and previous[-1].text:
        return previous[-1]  # "..., which is 4.6 pct more than a year earlier": the change of the figure before
    if previous and previous[-1].text and mentions and ws_between_is_coordination(text, mentions[-1].end, mention.start):
        return previous[-1]
    after = _after_previous(lo, mentions, mention.start)
    got = _fallback(text, mention, after) or NONE
    if got.text is None and mention.kind is Kind.COUNT:
        return counted
    return got


_COORD = regex.compile(r"^[\s,]*(?:and|or|to|–|-)?\s*(?:(?:by|at|to|of|from|over|about|around|up\s+to|more\s+than|"
                       r"nearly|almost|in|on|for|respectively|a|an|the|both|each|with|this|last|next|year|month|"
                       r"[A-Z][a-z]{2,8}\.?|\d{1,4}|[–—-])[\s,]+)*$", regex.I)


def ws_between_is_coordination(text: str, end: int, start: int) -> bool:
    return bool(_COORD.match(text[end:start])) and ";" not in text[end:start]


def _fallback(text: str, mention: Mention, lo: int, parties: bool = False) -> Metric | None:
    """The subject of the figure's clause up to its verb, when it names something: a noun
    phrase that is not a pronoun, a discourse word, or a bare name of a party."""
    from .subject import is_party
    every = _occurrences(text)[0]
    ws = every[first_from(every, lo): count_ending_by(every, mention.start)]
    verb = next((n for n, w in enumerate(ws) if is_verb(w)), None)
    if verb is None or verb == 0:
        return None
    first = _phrase_ending(text, ws, verb - 1) if parties else modifiers_before(text, ws, verb, limit=5)
    if first == verb:
        return None
    if not parties:
        first = _over_complement(text, ws, first)
    phrase = _clean(_text(text, ws, first, verb))
    if phrase is not None and not parties and is_party(phrase):
        # "the occupancy rate of hotels in Astana reached": the phrase the party completes
        first = _phrase_ending(text, ws, verb - 1)
        while first >= 2 and ws[first - 1].lower == "of" and is_modifier(ws[first - 2]) \
                and adjacent(text, ws[first - 2], ws[first - 1]) and adjacent(text, ws[first - 1], ws[first]):
            first = modifiers_before(text, ws, first - 2, limit=3)
        phrase = _clean(_text(text, ws, first, verb))
    if phrase is None or not parties and is_party(phrase) or all(w.lower() in stop_words() for w in phrase.split()):
        return None
    return Metric(phrase, indicator_of(phrase), ws[first].start, ws[verb - 1].end)


def _over_complement(text: str, ws, first: int) -> int:
    """The first word of the phrase whose complement starts at word ``first``: "Hotel occupancy
    in the city", "return on equity" (the head and its modifiers, over "in the", "on", "of")."""
    k = first - 1
    if k >= 1 and ws[k].lower == "the" and adjacent(text, ws[k - 1], ws[k]):
        k -= 1
    if k >= 1 and ws[k].lower in ("in", "on", "of", "for", "at") and adjacent(text, ws[k], ws[k + 1]) \
            and is_modifier(ws[k - 1]) and adjacent(text, ws[k - 1], ws[k]):
        return modifiers_before(text, ws, k - 1, limit=3)
    return first


#: a party that opens a list item before its figure: "Iran - 402 thousand", "Turkistan region
#: accounted for 5.1 bcm", "The Netherlands - 118.6 billion"
_PARTY_ITEM = regex.compile(
    r"(?:^|[,;]\s*|(?<![\p{L}])and\s+|(?<![\p{L}])of\s+which\s+)(?:[Tt]he\s+)?(?P<party>\p{Lu}[\p{L}’'-]*(?:\s+[\p{L}’'-]+){0,3}?)"
    r"\s*(?:[-–—:]|accounted\s+for|accounts\s+for|(?<=which\s+\S.*)\s(?:took|takes|received|receives|bought|buys|"
    r"imported|imports|purchased|absorbed))\s*(?:(?:about|around|over|nearly|almost|some)\s+)?$")
#: a party that takes its part of the total before: "of which Kyrgyzstan received", "of which Afghanistan took"
OF_WHICH = regex.compile(r"(?<![\p{L}])of\s+which\s+(?:the\s+)?\p{Lu}[^,;]{0,40}?\s(?:took|takes|received|receives|bought|"
                         r"buys|imported|imports|purchased|absorbed)\s+(?:(?:about|around|over|nearly|almost|some)\s+)?$")
#: the party a metric ends with: "exports to China", "investment from Japan"
_ENDS_WITH_PARTY = regex.compile(r"(?<=\s(?:to|from|with|in)\s+(?:the\s+)?)\p{Lu}[\p{L}’'-]*(?:\s+\p{Lu}[\p{L}’'-]*){0,3}$")


def party_item(text: str, mention: Mention, earlier: list[tuple[Kind, str, Metric]]) -> Metric | None:
    """A figure that a party opens as a list item, with no metric of its own: the metric of the
    paragraph's last figure of its kind and unit (one that names an indicator other than a
    volume or a share, else the last), for that party ("exports to China" -> "exports to Iran")."""
    from .subject import is_party
    m = ends_before(_PARTY_ITEM, text, mention.start)
    if m is None or not is_party(m["party"]):
        return None
    same = [x for k, u, x in earlier if k is mention.kind and u == mention.unit and x.text]
    if not same:
        return None
    strong = [x for x in same if x.indicator is not None and x.indicator not in _WEAK]
    head = (strong or same)[-1]
    party = m["party"]
    if _ENDS_WITH_PARTY.search(head.text):
        text_ = _ENDS_WITH_PARTY.sub(party, head.text)
    else:
        text_ = f"{party} {head.text}"
    return Metric(text_, head.indicator, m.start("party"), m.end("party"), head.head)
