"""Subject and counterpart: whose figure it is, and the other party of a flow.

Parties are read from the gazetteer of data/places.toml (countries and their demonyms,
Kazakhstan's regions and cities, companies and organisations, oil fields and mines) and
written under their one name there: "Kazakh exports", "Kazakhstan's exports" -> Kazakhstan.

* In the metric phrase, a party after "to / from / with / into / between" of a flow (exports,
  trade, investment, deliveries; data/indicators.toml [flows]) is the **counterpart**; any other
  party there is the **subject** ("Kazakhstan's exports to the UK": Kazakhstan, United Kingdom;
  "Kazakhstan-China trade turnover": Kazakhstan, China).
* Else the subject is the party nearest before the figure in its stretch between commas,
  then the first in its clause ("Russia holds the 45th position, Georgia is 66th": Georgia),
  never a source ("according to the National Bank").
* A flow with a counterpart and no subject is Kazakhstan's ("exports to China rose").
* Else an anaphor before the figure ("the country's exports", "the company produced") names the
  party of its kind the article named last (data/places.toml [anaphora]); "trade between the two
  countries" is trade with the country the article named last besides Kazakhstan.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache

import regex

from ..lexicon import table
from ..model import Kind, Mention
from .lookup import find, first_runs, form_matches, last_match, next_match, rfind
from .metric import Metric


@dataclass(frozen=True)
class Party:
    start: int
    end: int
    name: str


@cache
def _names() -> dict[str, str]:
    """Surface form -> the party's name."""
    out: dict[str, str] = {}
    for key, section in table("places").items():
        if key == "anaphora":
            continue
        for name, forms in section.items():
            for f in (name, *forms):
                out.setdefault(f, name)
    return out


@cache
def _pattern() -> regex.Pattern:
    forms = sorted(_names(), key=len, reverse=True)
    return regex.compile(r"(?<![\p{L}\p{N}])\L<forms>(?![\p{L}\p{N}$€£₸]|[.’'](?=\p{L}{2,}))", forms=forms)


@cache
def _flows() -> frozenset[str]:
    return frozenset(table("indicators")["flows"]["indicators"])


@lru_cache(maxsize=256)
def parties(text: str) -> tuple[Party, ...]:
    """The parties named in a sentence, longest form first where two overlap."""
    names = _names()
    return tuple(Party(m.start(), m.end(), names[m.group(0)])
                 for m in form_matches(_pattern(), _name_heads(), text, fold=False))


@cache
def _name_heads() -> frozenset[str]:
    return first_runs(_names(), fold=False)


def is_party(phrase: str) -> bool:
    """Is ``phrase`` nothing but the name of a party ("Kazakhstan", "the Kazakh")?"""
    words = phrase.replace("’s", "").replace("'s", "").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words) in _names()


#: the other party of a flow follows one of these: "exports to China", "trade with Kyrgyzstan"
_TOWARD = regex.compile(r"(?:\b(?:to|from|with|into|in|between|for)\s+(?:the\s+)?|-)$", regex.I)
#: the source of a flow: "remittances from Russia to Kazakhstan" are Russia's
_FROM = regex.compile(r"\bfrom\s+(?:the\s+)?$", regex.I)
#: a party that is the source of the news, not its subject
_SOURCE = regex.compile(r"(?:according\s+to|said|says|reported|reports|cited|citing|told|reported\s+by|data\s+(?:of|from))"
                     r"\s+(?:the\s+)?$", regex.I)
_AND = regex.compile(r"\band\s+(?:the\s+)?$", regex.I)
_IN = regex.compile(r"\bin\s+(?:the\s+)?$", regex.I)
_BETWEEN = regex.compile(r"\bbetween\s+(?:the\s+)?$", regex.I)


_OUTSIDE: list = [None, None, ()]  # the last sentence's (text, figures, parties outside them)


def _outside(text: str, mentions: list[Mention]) -> tuple[Party, ...]:
    """The parties of a sentence that are not inside one of its figures, in order: found once
    for a sentence and its figures (the same list for every figure) and kept for the next."""
    if _OUTSIDE[0] is text and _OUTSIDE[1] is mentions:
        return _OUTSIDE[2]
    spans = sorted((m.start, m.end) for m in mentions)
    starts = [a for a, _ in spans]
    found = []
    for p in parties(text):
        i = bisect_right(starts, p.start)  # the figures do not overlap: only the last before can hold it
        if not (i and p.start < spans[i - 1][1]):
            found.append(p)
    _OUTSIDE[:] = [text, mentions, tuple(found)]
    return _OUTSIDE[2]


def _between(found: tuple[Party, ...], start: int, end: int) -> tuple[Party, ...]:
    """The parties of ``found`` that start at or after ``start`` and before ``end``."""
    return found[bisect_left(found, start, key=_party_start): bisect_left(found, end, key=_party_start)]


def _party_start(p: Party) -> int:
    return p.start


def subject_of(mention: Mention, text: str, metric: Metric, mentions: list[Mention]) -> tuple[str | None, str | None]:
    """(subject, counterpart) of the figure ``mention`` in sentence ``text`` with its ``metric``."""
    found = _outside(text, mentions)
    flow = metric.indicator in _flows()
    subject = counterpart = None
    if metric.start >= 0:
        for p in (p for p in _between(found, metric.start, metric.end) if p.end <= metric.end):
            lead = text[max(metric.start, p.start - 12): p.start]
            if _BETWEEN.search(lead):
                subject = subject or p.name
            elif flow and subject is not None and _AND.search(lead) and regex.search(r"\bbetween\b", text[metric.start: p.start], regex.I):
                counterpart = counterpart or p.name  # "between Kazakhstan and Turkey"
            elif flow and _TOWARD.search(lead) and (metric.indicator in ("investment", "fdi", "loans")
                                                    or not _IN.search(lead)):
                counterpart = counterpart or p.name
            elif subject is None:
                subject = p.name
    if flow and counterpart and subject is None and metric.start >= 0:
        # "remittances from Russia to Kazakhstan": the source owns the flow
        inside = [p for p in _between(found, metric.start, metric.end) if p.end <= metric.end]
        sources = [p for p in inside if _FROM.search(text[max(metric.start, p.start - 12): p.start])]
        if sources and any(p.name != sources[0].name for p in inside):
            subject = sources[0].name
            counterpart = next(p.name for p in inside if p.name != subject)
    if flow and counterpart is None:
        # "invested 900 million euros in Kazakhstan": the other party right after the figure
        after = [p for p in _between(found, mention.end, mention.end + 40) if _TOWARD.search(text, mention.end, p.start)
                 and not regex.search(r"[,;.]", text[mention.end: p.start])]
        if after:
            counterpart = after[0].name
    if subject is None:
        subject = _nearest_party(text, mention, found, metric)
        if subject is not None and subject == counterpart:
            subject = None
    if flow and counterpart and subject is None and counterpart != "Kazakhstan":
        subject = "Kazakhstan"
    return subject, counterpart


_CLAUSE = regex.compile(r";|,\s*(?:while|whereas|whilst|but)\b", regex.I)


def _nearest_party(text: str, mention: Mention, found: tuple[Party, ...], metric: Metric) -> str | None:
    cut = last_match(_CLAUSE, text, mention.start)
    lo = cut.end() if cut else 0
    m = next_match(_CLAUSE, text, mention.end)
    hi = m.start() if m else len(text)
    segment_start = max(lo, rfind(text, ",", mention.start) + 1)
    flow = metric.indicator in _flows()

    def usable(p: Party) -> bool:
        return (p.end <= hi and not _SOURCE.search(text, max(0, p.start - 30), p.start)
                and not (metric.start >= 0 and metric.start <= p.start < metric.end))

    def toward(p: Party) -> bool:
        return flow and _TOWARD.search(text, max(0, p.start - 12), p.start) is not None

    before = [p for p in _between(found, lo, mention.start) if p.end <= mention.start]
    # the nearest in the figure's stretch between commas, else the first of its clause
    for p in reversed(before):
        if p.start < segment_start:
            break
        if usable(p) and not toward(p):
            return p.name
    for p in before:
        if usable(p) and not toward(p):
            return p.name
    segment_end = find(text, ",", mention.end, hi)
    for p in _between(found, mention.end, hi):
        if (segment_end < 0 or p.end <= segment_end) and usable(p) and not toward(p):
            return p.name
    return None


def is_company(phrase: str) -> bool:
    """Is ``phrase`` the name of a company or organisation of the gazetteer?"""
    return _sections().get(_names().get(phrase.strip(), "")) == "companies"


@cache
def _sections() -> dict[str, str]:
    """The party's name -> the section of the gazetteer it is in ("countries", "companies")."""
    return {name: key for key, section in table("places").items() if key != "anaphora" for name in section}


@cache
def _anaphora() -> regex.Pattern:
    words = sorted(table("places")["anaphora"], key=len, reverse=True)
    return regex.compile(r"(?<![\p{L}])(?i:\L<words>)(?![\p{L}])", words=words)


@dataclass
class Seen:
    """The parties an article has named so far, the last one of each section of the gazetteer,
    for the anaphora of later sentences: "the country", "the company", "the two countries"."""

    last: dict[str, str] = field(default_factory=dict)
    #: the last country other than Kazakhstan: the other one of "the two countries"
    foreign: str | None = None
    #: that country's name as the article writes it ("Türkiye" for Turkey), for a metric
    foreign_written: str | None = None

    def read(self, text: str) -> None:
        """Note the parties of a sentence, once its figures have their context."""
        for p in parties(text):
            section = _sections().get(p.name)
            if section is not None:
                self.last[section] = p.name
            if section == "countries" and p.name != "Kazakhstan":
                self.foreign = p.name
                self.foreign_written = text[p.start: p.end]


def anaphoric_subject(text: str, mention: Mention, seen: Seen) -> str | None:
    """"the country's exports rose by 5%": the country the article named last; "the company
    produced ...": the company. Only an anaphor before the figure in its sentence counts."""
    found = list(_anaphora().finditer(text, 0, mention.start))
    if not found:
        return None
    section = table("places")["anaphora"][next(w for w in table("places")["anaphora"]
                                                if w.lower() == found[-1].group(0).lower())]
    return seen.last.get(section)


#: "trade between the two countries", "between both countries": the article's two countries
_TWO_COUNTRIES = regex.compile(r"\bbetween\s+(?:the\s+two|the|both|our\s+two)\s+countries\b", regex.I)


def two_countries(metric: Metric, seen: Seen) -> Metric:
    """"trade between the two countries" in an article about Kazakhstan and Korea: "trade with
    South Korea", the country it named last besides Kazakhstan."""
    if not metric.text or seen.foreign is None or not _TWO_COUNTRIES.search(metric.text):
        return metric
    return Metric(_TWO_COUNTRIES.sub(f"with {seen.foreign_written or seen.foreign}", metric.text), metric.indicator, metric.start,
                  metric.end, metric.head)



#: a party named after one of these is not the doer of its clause: "shares rose on KASE"
_AFTER_PREP = regex.compile(r"(?<![\p{L}])(?:on|in|at|by|from|to|with|of|for|via|through|into|than)\s+(?:the\s+)?$",
                            regex.I)


def owned(metric: Metric, subject: str | None, text: str, mention: Mention) -> Metric:
    """A company's figure whose metric names no party names the company as its clause writes it
    when the company is the doer there: "Air Astana Group ... reported revenue of $425.6 million"
    is "Air Astana Group revenue" (for what a company reports of its own, data/indicators.toml
    [owned], or a tonnage: "Kazatomprom ... 6,958 tonnes of uranium"). A count ("60 aircraft"), a long metric, one that names a
    party, or a company named after a preposition ("rose 3.4% on KASE") is left as it is."""
    if not metric.text or subject is None or mention.kind in (Kind.COUNT, Kind.RANK) \
            or _sections().get(subject) != "companies" \
            or len(metric.text.split()) > 3 or parties(metric.text) or _anaphora().search(metric.text):
        return metric
    if metric.indicator not in table("indicators")["owned"]["indicators"] and not (
            metric.indicator is None and mention.kind in (Kind.MASS, Kind.QUANTITY)):
        return metric
    cut = last_match(_CLAUSE, text, mention.start)
    lo = cut.end() if cut else 0
    doers = [p for p in parties(text) if lo <= p.start and p.end <= mention.start and p.name == subject
             and not _AFTER_PREP.search(text, max(0, p.start - 16), p.start)
             and not _NEW_DOER.search(text, p.end, mention.start)]
    if not doers:
        return metric
    name = _COMPANY_FORM.match(text, doers[0].start)
    written = name.group(0) if name else text[doers[0].start: doers[0].end]
    return Metric(f"{written} {metric.text}", metric.indicator, metric.start, metric.end, metric.head)


#: another name that opens a clause between the company and the figure: ", Nomad Life came second"
_NEW_DOER = regex.compile(r"(?:,|\band)\s+\p{Lu}")
#: a company's name as written, with the capitalised words after its gazetteer form: "Air Astana Group"
_COMPANY_FORM = regex.compile(r"[\p{L}\p{N}.&-]+(?:\s+\p{Lu}[\p{L}\p{N}.&-]*)*")
