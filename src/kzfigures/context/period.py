"""Period: the time a figure refers to, as the text states it.

Formats (those of the `period` column): ``2025``, ``2025-Q1``, ``2025-04`` (a month),
``2025-01/2025-09`` (a span of months), ``1993/2025`` (a span of years), ``2023-01-01`` (a day:
only for "as of <date>" snapshots; an event "on Dec. 5" gives its month).

Relative words ("last year", "this year", "the first five months of the year") resolve against
the article's own date, or, on a page without one, against the latest year the article has
named so far. This module only finds and resolves time expressions; which figure a time
belongs to is decided in :mod:`kzfigures.context.attach`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, lru_cache

import regex

from ..lexicon import table
from ..numbers import YEAR_DIGITS, parse_words


@dataclass(frozen=True)
class TimeExpr:
    """A time expression in a sentence; offsets are into the sentence text."""

    start: int
    end: int
    period: str | None
    #: "day", "month", "quarter", "span", "year": how precise the text is
    precision: str
    #: refers back to a span named earlier ("the reporting period")
    anaphoric: bool = False
    #: an explicit year was written (not "last year")
    explicit_year: int | None = None
    #: a dateline or other page furniture ("23 March 2021 00:00")
    furniture: bool = False
    rule: str = ""
    #: "a year earlier", "the previous year": a year before the time of its sentence; the
    #: time of the figure it follows, never of the sentence's other figures
    back: bool = False
    #: the year an anaphoric span is moved to: "the same period of 2024", "... last year"
    year: int | None = None


@cache
def _vocab() -> dict:
    return table("periods")


def _lists() -> dict[str, list[str]]:
    v = _vocab()
    # month names are matched as written, capitalised: "May 2024", never the modal "may"
    months = sorted({form for w in v["months"] for form in (w.capitalize(), w.upper())})
    return {"months": months, "relative": list(v["relative_years"]), "seasons_rel": list(v["relative_seasons"]),
            "season_words": v["seasons"]["words"], "weeks_rel": list(v["relative_weeks"]),
            "anaphora": v["anaphora"]["words"] + v["anaphora"]["dates"] + v["anaphora"]["quarters"],
            "weekdays": [w.capitalize() for w in v["weekdays"]["names"]]}


# --- pieces --------------------------------------------------------------------------------
#: a year with no guard before it, for "January 1,2023"
YEAR_BARE = YEAR_DIGITS + r"(?![\p{N}%]|\.\d|,\d|\s?(?:percent|per\s?cent|tons|tonnes|bn|mln|million|billion))"
#: "2025", not "$2025", "12,2025" or "2025 tons"
YEAR = rf"(?<![\p{{N}}$€£₸.,]){YEAR_BARE}"
MONTH = r"(?<![\p{L}])(?-i:\L<months>)\.?(?![\p{L}])"
REL = r"(?:\L<relative>)(?![\p{L}])"
ORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_ORD_VALUE = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

Resolver = Callable[[regex.Match, int | None, int | None], TimeExpr | None]


def _month(word: str) -> int:
    return _vocab()["months"][word.lower().rstrip(".")]


def _year_of(m: regex.Match, ref: int | None, group: str = "y", rel: str = "rel") -> int | None:
    g = m.groupdict()
    if g.get(group):
        return int(g[group])
    if g.get(rel):
        delta = _vocab()["relative_years"][" ".join(g[rel].lower().split())]
        return None if ref is None else ref + delta
    return ref


def _explicit(m: regex.Match, group: str = "y") -> int | None:
    g = m.groupdict()
    return int(g[group]) if g.get(group) else None


def _span(y: int, m1: int, m2: int) -> str:
    return f"{y}-{m1:02d}/{y}-{m2:02d}"


def _t(m: regex.Match, period: str | None, precision: str, rule: str, **kw) -> TimeExpr | None:
    if period is None:
        return None
    return TimeExpr(m.start(), m.end(), period, precision, rule=rule, **kw)


#: a day after a month: "through Feb. 8"
_DAY_AFTER = regex.compile(r"\s*\d{1,2}(?!\d)")


def _month_range(m, ref, latest):
    """"January-September", "December and January": a range across the new year starts in the
    year before the one written ("December-February 2026"), or, with none written, in the
    article's year (moved in :func:`find_times` as an undated month is)."""
    y = _year_of(m, ref)
    a, b = _month(m["m1"]), _month(m["m2"])
    if y is None or a == b or (m["pair"] and (b - a) % 12 != 1) or _DAY_AFTER.match(m.string, m.end()):
        return None  # "in March and September" is two months, "November through Feb. 8" days: no span
    if a < b:
        return _t(m, _span(y, a, b), "span", "month range", explicit_year=_explicit(m))
    start = y - 1 if _explicit(m) else y
    return _t(m, f"{start}-{a:02d}/{start + 1}-{b:02d}", "span", "month range", explicit_year=_explicit(m))


def _first_months(m, ref, latest):
    y = _year_of(m, ref)
    n = int(m["n"]) if m["n"].isdigit() else parse_words(m["n"])
    if y is None or not n or not 1 <= n <= 12:
        return None
    return _t(m, _span(y, 1, int(n)), "span", "first N months", explicit_year=_explicit(m))


def _half(m, ref, latest):
    y = _year_of(m, ref)
    h = _ORD_VALUE.get((m["h"] or "").lower()) or int(m["hn"])
    if y is None or h not in (1, 2):
        return None
    return _t(m, _span(y, 1, 6) if h == 1 else _span(y, 7, 12), "span", "half year", explicit_year=_explicit(m))


def _quarter(m, ref, latest):
    y = 2000 + int(m["yy"]) if m["yy"] else _year_of(m, ref)
    q = _ORD_VALUE.get((m["q"] or "").lower()) or int(m["qn"])
    if y is None:
        return None
    return _t(m, f"{y}-Q{q}", "quarter", "quarter", explicit_year=y if m["yy"] else _explicit(m))


@cache
def _stock() -> regex.Pattern:
    """Words of a stock (data/periods.toml [stock]): "were in operation", "stood at"."""
    return regex.compile(r"(?<![\p{L}])\L<w>(?![\p{L}])", regex.IGNORECASE, w=_vocab()["stock"]["words"])


def _end_of_month(m, ref, latest):
    """"By the end of November, 6.3 million tons had been shipped": January-November; a stock
    ("were in operation", "stood at") is that month's."""
    y = _year_of(m, ref)
    mon = _month(m["m"])
    if y is None:
        return None
    if _stock().search(m.string):
        return _t(m, f"{y}-{mon:02d}", "month", "by the end of <month>", explicit_year=_explicit(m))
    return _t(m, _span(y, 1, mon) if mon > 1 else f"{y}-01", "span", "by the end of <month>", explicit_year=_explicit(m))


#: "the ministry said on Oct. 27", "reported on July 2": when the news was told, not what it is about
_TOLD = regex.compile(r"(?<![\p{L}])(?:said|says|reported|reports|told|announced|noted|stated|added|informed|"
                      r"wrote|declared|published|released|confirmed)\s+(?:on\s+|this\s+)?$", regex.IGNORECASE)
#: "since January 1": where a count starts, not the month it is about ("from October 1", a
#: tariff's start, is: it dates what starts then)
_SINCE = regex.compile(r"(?<![\p{L}])since\s+$", regex.IGNORECASE)
#: a past event in an aside: "The airport, opened in 2020, served ..." dates the thing, not the figure
_ASIDE = regex.compile(r",\s*(?:which\s+was\s+|that\s+was\s+)?(?:opened|founded|built|established|launched|created|set\s+up)"
                       r"\s+(?:back\s+)?in\s+$", regex.IGNORECASE)
#: a dateline: "BAKU, Azerbaijan, June 20." opening a paragraph
_DATELINE = regex.compile(r"^\s*(?:\p{Lu}[\p{L}.’'-]*(?:\s+\p{Lu}[\p{L}.’'-]*)*,\s*){1,2}$")


def _date(m, ref, latest):
    y = _year_of(m, ref)
    mon, day = _month(m["m"]), int(m["d"])
    if y is None or not 1 <= day <= 31:
        return None
    snapshot = bool(m["asof"])
    period = f"{y}-{mon:02d}-{day:02d}" if snapshot else f"{y}-{mon:02d}"
    before = m.string[: m.start()]
    furniture = (bool(m["clock"]) or bool(_TOLD.search(before)) or bool(_DATELINE.match(before))
                 or (not snapshot and bool(_SINCE.search(before))))
    return _t(m, period, "day", "date", explicit_year=_explicit(m), furniture=furniture)


def _month_year(m, ref, latest):
    return _t(m, f"{m['y']}-{_month(m['m']):02d}", "month", "<month> <year>", explicit_year=int(m["y"]))


def _bare_month(m, ref, latest):
    if not m["m"][0].isupper():
        return None  # "may reach" is no month
    contract = bool(_CONTRACT_MONTH.match(m.string, m.end()))  # "copper for March delivery"
    return _t(m, None if ref is None else f"{ref}-{_month(m['m']):02d}", "month", "<month>", furniture=contract)


#: after a month, a contract it names: "aluminium for May delivery", "the July contract"
_CONTRACT_MONTH = regex.compile(r"\s+(?:delivery|contracts?|futures|settlement|expiry)\b", regex.I)
#: before "since <year>", a record it starts: "its first dollar deal since 2019", "the highest since 2008"
_RECORD_SINCE = regex.compile(r"(?<![\p{L}])(?:first|highest|lowest|largest|biggest|strongest|weakest|best|worst|"
                              r"fastest|slowest|most|least|smallest|sharpest|steepest)(?:\s+[\p{L}-]+){0,4}\s+$", regex.I)


def _term_month(m, ref, latest):
    """A month that names a price or a contract; its year is set in :func:`find_times` (the
    month nearest the article's date)."""
    return _t(m, None if ref is None else f"{ref}-{_month(m['m']):02d}", "month", "<month> <term>")


def _year_range(m, ref, latest):
    y1 = int(m["y"])
    y2 = m["y2"]
    y2 = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
    if y2 <= y1:
        return None
    return _t(m, f"{y1}/{y2}", "span", "<year>-<year>", explicit_year=y2)


def _since(m, ref, latest):
    """"since 1993" runs to the latest year the article speaks of, else to its own year."""
    y = int(m["y"])
    if _RECORD_SINCE.search(m.string, max(0, m.start() - 50), m.start()):
        return _t(m, str(y), "year", "since <year>", explicit_year=y, furniture=True)
    end = latest if latest is not None and latest > y else ref
    if end is None or end <= y:
        return _t(m, str(y), "year", "since <year>", explicit_year=y)
    return _t(m, f"{y}/{end}", "span", "since <year>", explicit_year=y)


def _year(m, ref, latest):
    aside = bool(_ASIDE.search(m.string, max(0, m.start() - 60), m.start()))
    return _t(m, m["y"], "year", "<year>", explicit_year=int(m["y"]), furniture=aside)


def _relative(m, ref, latest):
    """"this year", "last year" count from the article's year; "the year" alone ("over the
    year") is the year the article last named ("In 2025, ... Over the year, ..." in a January
    2026 report), else the article's."""
    if latest is not None and " ".join(m["rel"].lower().split()) == "the year":
        return _t(m, str(latest), "year", "<relative year>")
    y = _year_of(m, ref, rel="rel")
    return _t(m, None if y is None else str(y), "year", "<relative year>")


def _relative_season(m, ref, latest):
    """"this season", "last season": a season counted from the one the article states, set in
    :func:`find_times`; here, with none stated, the year counted from the article's ("farmers
    gathered 1.3 million tonnes this season"). "The season" alone names no year."""
    delta = _vocab()["relative_seasons"][" ".join(m["rel"].lower().split())]
    y = None if ref is None or " ".join(m["rel"].lower().split()) == "the season" else ref + delta
    return TimeExpr(m.start(), m.end(), None if y is None else str(y), "year", rule="<relative season>")


#: a season the text states: a span of two running years before a season word, a word or two
#: between ("the 2025/2026 winter season", "the 2024-25 marketing year", "2025/26 season")
@cache
def _season_pattern() -> regex.Pattern:
    return regex.compile(rf"(?P<y>{YEAR})\s*[/–-]\s*(?P<y2>\d{{4}}|\d\d)(?![\p{{N}}])(?:\s+[\p{{L}}-]+){{0,2}}?"
                         r"\s+\L<season_words>(?![\p{L}])", regex.IGNORECASE | regex.V1,
                         season_words=_lists()["season_words"])


def seasons_stated(text: str) -> list[str]:
    """The seasons ``text`` names with their years, in order.

    >>> seasons_stated("Since the start of the 2025/2026 winter season, and in the 2024-25 marketing year")
    ['2025/2026', '2024/2025']
    """
    out = []
    for m in _season_pattern().finditer(text):
        y1, y2 = int(m["y"]), m["y2"]
        y2 = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        if y2 == y1 + 1:
            out.append(f"{y1}/{y2}")
    return out


def season_of(year: int, month: int) -> str:
    """The season a month falls in (seasons start in data/periods.toml [seasons] start_month).

    >>> season_of(2026, 2), season_of(2025, 11)
    ('2025/2026', '2025/2026')
    """
    y = year - (month < _vocab()["seasons"]["start_month"])
    return f"{y}/{y + 1}"


def _year_to_date(m, ref, latest):
    """"since the start of the year", "year-to-date": how a figure was counted, not a period of
    its own: the figure takes the sentence's other time ("as of July 1", "for 9M2025"), else the
    paragraph's or the article's reporting period. It keeps "the year" inside it from being read."""
    return TimeExpr(m.start(), m.end(), None, "span", rule="year to date")


def _year_start(m, ref, latest):
    """"up from 180,000 yuan at the start of 2025": a level at the year's start, its January."""
    return _t(m, f"{m['y']}-01", "month", "start of <year>", explicit_year=int(m["y"]))


def _year_end(m, ref, latest):
    """"as of end-2024", "at the end of 2024": a snapshot at the year's end, its December."""
    return _t(m, f"{m['y']}-12", "month", "end of <year>", explicit_year=int(m["y"]))


#: the telling of the news shortly before a weekday, in its clause: "said on Friday", "told a
#: government meeting on Tuesday"
_TOLD_AT = regex.compile(r"(?<![\p{L}])(?:said|says|reported|reports|told|announced|noted|stated|added|informed|"
                         r"wrote|declared|published|released|confirmed)(?![\p{L}])[^,;.:()]{0,40}$", regex.IGNORECASE)


def _relative_week(m, ref, latest):
    """"this week", "a week earlier": the month of the article's date, or of the day a week
    before it; resolved in :func:`find_times`, which knows that date."""
    return TimeExpr(m.start(), m.end(), None, "day", rule="<relative week>")


def _weekday(m, ref, latest):
    """"on Tuesday", "ended Monday": a day of the week the report was written, resolved in
    :func:`find_times` against the article's date; told ("said on Friday") it is furniture."""
    told = bool(_TOLD_AT.search(m.string, max(0, m.start() - 50), m.start()))
    return TimeExpr(m.start(), m.end(), None, "day", rule="<weekday>", furniture=told)


def _anaphora(m, ref, latest):
    """"the same period" refers to the span named last, "the same date" to the day, "the
    quarter" to the quarter (the precision says which); "of 2024" or "last year" after it moves
    that span to the year it names."""
    words = " ".join(m.group(0).lower().split())
    precision = ("day" if words in _vocab()["anaphora"]["dates"] else
                 "quarter" if words in _vocab()["anaphora"]["quarters"] else "span")
    year = int(m["y"]) if m["y"] else (ref - 1 if m["rel"] and ref is not None else None)
    return TimeExpr(m.start(), m.end(), None, precision, anaphoric=True, rule="<anaphora>", year=year,
                    explicit_year=int(m["y"]) if m["y"] else None)


YEAR_OR_REL = rf"(?:(?P<y>{YEAR})|(?P<rel>{REL}))"

#: (name, pattern, resolver), tried together; where two overlap the longer wins.
RULES: list[tuple[str, str, Resolver]] = [
    # "January-September 2024", "Jan. through Feb. 2021", "from January-May 2024"
    ("month range", rf"(?P<m1>{MONTH})\s*(?:-|–|—|\s(?:through|to|till|until)\s)\s*(?P<m2>{MONTH})(?:,?\s+{YEAR_OR_REL})?"
                    # "in December and January": two running months (not "December 5 and January 7")
                    rf"|(?P<m1>{MONTH})\s+(?P<pair>and)\s+(?P<m2>{MONTH})(?:,?\s+{YEAR_OR_REL})?(?!\s*\d)", _month_range),
    # "the first nine months of 2025", "the five months of this year"
    # ("the first two months of the 2025/26 season" is no span of 2025)
    ("first N months", rf"(?:(?:the\s+)?(?:first\s+)?(?P<n>\d{{1,2}}|\L<unit_words>)\s+months\s+of\s+(?:the\s+)?{YEAR_OR_REL}(?!\s*/\s*\d)"
                       rf"|(?<![\p{{Sc}}\d.,])\b(?P<n>\d{{1,2}})M(?:\s*(?P<y>{YEAR})|(?=\s+\p{{Ll}}))"
                       # "for nine months", "in the first eight months": of the article's year
                       rf"|(?<=\b(?:for|in|over|during)\s+)(?:the\s+)?(?:first\s+)?(?P<n>\d{{1,2}}|\L<unit_words>)\s+months"
                       rf"(?!\s+(?:of|ago|earlier|later|before|after|to|from|in\s+a\s+row))(?![\p{{L}}-]))", _first_months),
    # "H1 2024", "1H 2024", "the first half of 2024"
    # "for the first half", "first-half revenue", with no year: of the article's year
    ("half year", rf"(?:(?:the\s+)?(?P<h>{ORD})\s+half\s+(?:of\s+)?{YEAR_OR_REL}|\bH(?P<hn>[12])\s*(?P<y>{YEAR})|\b(?P<hn>[12])H\s*(?P<y>{YEAR})"
                  rf"|(?<=\b(?:for|in|over|during)\s+)the\s+(?P<h>first|second)\s+half(?!\s+of)(?![\p{{L}}-])"
                  # "first-half revenue": of the article's year
                  rf"|(?<![\p{{L}}-])(?P<h>first|second)-half(?=\s+\p{{L}}))", _half),
    # "Q1 2024", "1Q 2024", "the third quarter of 2025"
    # "3Q25", "Q3'25": a year in two digits
    ("quarter", rf"(?:(?:the\s+)?(?P<q>{ORD})[\s-]quarter(?:\s+of)?(?:\s+{YEAR_OR_REL})?|\bQ(?P<qn>[1-4])\s*(?P<y>{YEAR})|\b(?P<qn>[1-4])Q\s*(?P<y>{YEAR})"
                rf"|\b(?P<qn>[1-4])Q(?P<yy>\d\d)\b|\bQ(?P<qn>[1-4])['’](?P<yy>\d\d)\b)", _quarter),
    # "by the end of November"
    ("by the end of <month>", rf"by\s+the\s+end\s+of\s+(?P<m>{MONTH})(?:\s+(?P<y>{YEAR}))?", _end_of_month),
    # "as of January 1,2023", "on Jan. 25", "July 2", "25 April 2024", "23 March 2021 00:00"
    ("date", rf"(?P<asof>as\s+of\s+|as\s+at\s+)?(?:(?P<m>{MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\p{{N}}])(?:,\s*(?P<y>{YEAR_BARE}))?"
             rf"|(?<![\p{{N}}.,])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{MONTH})(?:,?\s+(?P<y>{YEAR}))?)(?P<clock>\s+\d\d:\d\d)?", _date),
    # "May 2024", "Feb. 2021"
    ("<month> <year>", rf"(?P<m>{MONTH})\s+(?P<y>{YEAR})", _month_year),
    # "in March", "since October"
    # "in March", "over September", "in early April"
    ("<month>", rf"(?<=(?:\b(?:in|of|since|by|during|until|from|for|through|to|over|end\s+of)\s+(?:(?:early|mid|late)[-\s])?))"
                rf"(?P<m>{MONTH})(?!\s*\d)", _bare_month),
    # "its January official selling price", "the December tender price"
    ("<month> <term>", rf"(?<=(?:\b(?:its|their|the)\s+))(?P<m>{MONTH})(?=\s+\L<month_terms>(?![\p{{L}}]))",
     _term_month),
    # "as of end-2024", "at end-2025", "as at the end of 2024" (not "by the end of 2025": a deadline)
    # "inflation at 12.1% at the end of 2025" ("At the end of 2024, ..." opening a sentence stays the year)
    ("end of <year>", rf"(?:as\s+(?:of|at)\s+(?:the\s+)?end[-\s](?:of\s+)?|(?<![\p{{L}}])at\s+end-"
                      rf"|(?<=\S\s+)at\s+the\s+end\s+of\s+)(?P<y>{YEAR})", _year_end),
    # "at the start of 2025", "as of the beginning of 2025" ("At the start of 2025, ..." opening a
    # sentence stays the year, as "At the end of 2024, ...")
    ("start of <year>", rf"(?:as\s+(?:of|at)\s+(?:the\s+)?(?:start|beginning)[-\s](?:of\s+)?"
                        rf"|(?<=\S\s+)at\s+the\s+(?:start|beginning)\s+of\s+)(?P<y>{YEAR})", _year_start),
    # "since the start of the year", "from the beginning of this year", "year-to-date"
    ("year to date", r"(?:since|from)\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year(?![\p{L}'’])"
                     r"|(?<![\p{L}])year[-\s]to[-\s]date(?![\p{L}])", _year_to_date),
    # "on Tuesday", "ended Monday"
    ("<weekday>", r"(?<![\p{L}])(?-i:\L<weekdays>)(?![\p{L}])", _weekday),
    # "2015-2016", "2021/25", "between 2014 and 2020"
    # ("in 2024 and 38th" is no span: "and" joins years only after "between")
    ("<year>-<year>", rf"(?:between\s+(?P<y>{YEAR})\s+and\s+(?P<y2>(?:19|20)\d\d)"
                      rf"|(?:from\s+)?(?P<y>{YEAR})\s*(?:-|–|/|\sto\s)\s*(?P<y2>(?:19|20)\d\d|\d\d))(?![\p{{N}}]|st|nd|rd|th)", _year_range),
    # "since 1993"
    ("since <year>", rf"since\s+(?P<y>{YEAR})", _since),
    # "2025", "in 2025"
    ("<year>", rf"(?P<y>{YEAR})", _year),
    # "last year", "this year's", "the previous year" (not "the Year of Education": a name)
    ("<relative year>", rf"(?<![\p{{L}}])(?P<rel>{REL})(?!\s+of\s+(?-i:\p{{Lu}}))", _relative),
    # "this week", "a week earlier"
    ("<relative week>", r"(?<![\p{L}])(?P<rel>\L<weeks_rel>)(?![\p{L}])", _relative_week),
    # "this season", "last season's", "the season"
    ("<relative season>", r"(?<![\p{L}])(?P<rel>\L<seasons_rel>)(?![\p{L}])", _relative_season),
    # "the reporting period", "the same period"
    # "the same period of 2024", "the same period last year": that span in another year
    ("<anaphora>", rf"(?<![\p{{L}}])\L<anaphora>(?![\p{{L}}])(?:\s+(?:of|in)\s+(?P<y>{YEAR})"
                   rf"|\s+(?:of\s+)?(?P<rel>last\s+year|the\s+previous\s+year)(?![\p{{L}}]))?", _anaphora),
]


@cache
def _trigger() -> regex.Pattern:
    """Sentences with no digit and no time word hold no time expression: skip them."""
    return regex.compile(r"\d|(?<![\p{L}])(?:\L<months>|\L<relative>|\L<anaphora>|\L<weekdays>|quarter|half|season|week|"
                         r"year[-\s]to[-\s]date)(?![\p{L}])",
                         regex.IGNORECASE, ignore_unused=True, **_lists())


#: What every match of a rule must contain: a sentence with no match of a rule's gate holds no
#: match of the rule, so the rule is not run on it. Each gate is a piece every alternative of
#: the rule matches ("the first half", "H1 2024": "half" or a digit), compiled with the
#: rule's own flags, so skipping never changes what is found.
GATES: dict[str, str] = {
    "month range": MONTH,
    "first N months": r"months|\dM",  # "nine months", "9M2025"
    "half year": r"half|H[12]|[12]H",  # "the first half", "H1 2024", "1H 2024"
    "quarter": r"quarter|Q[1-4]|[1-4]Q",  # "third quarter", "Q1 2024", "1Q 2024"
    "by the end of <month>": MONTH,
    "date": MONTH,
    "<month> <year>": MONTH,
    "<month>": MONTH,
    "<month> <term>": MONTH,
    "end of <year>": r"end",  # "as of end-2024", "at the end of 2025"
    "start of <year>": r"start|beginning",  # "at the start of 2025"
    "year to date": r"year",
    "<weekday>": r"(?-i:\L<weekdays>)",
    "<year>-<year>": r"\d",
    "since <year>": r"since",
    "<year>": r"\d",
    "<relative year>": REL,
    "<relative week>": r"week",
    "<relative season>": r"season",
    "<anaphora>": r"\L<anaphora>",
}


@cache
def _compiled() -> list[tuple[str, regex.Pattern, Resolver, regex.Pattern]]:
    from ..numbers import SIMPLE_CASE, named_lists
    lists = {**named_lists(), **_lists(), "month_terms": _vocab()["month_terms"]["words"]}
    flags = regex.IGNORECASE | regex.V1
    gates: dict[str, regex.Pattern] = {}
    for g in GATES.values():
        if g not in gates:
            gates[g] = regex.compile(SIMPLE_CASE + g, flags, ignore_unused=True, **lists)
    return [(name, regex.compile(SIMPLE_CASE + p, flags, ignore_unused=True, **lists), r, gates[GATES[name]])
            for name, p, r in RULES]


def compile_all() -> None:
    """Compile every pattern of the period rules now (see :func:`kzfigures.extract.warm`)."""
    _compiled()
    _trigger()
    _baseline_pattern()
    _season_pattern()
    _stock()
    _plan_clause()
    _forecast_year()


#: relative years that count back from a time the sentence has just stated
_EARLIER = regex.compile(r"a\s+year\s+(?:earlier|before|ago)|the\s+previous\s+year|the\s+year\s+before", regex.IGNORECASE)
#: a deadline: "by March", "by early April"
_DEADLINE = regex.compile(r"(?<![\p{L}])by\s+(?:(?:early|mid|late)[-\s])?$", regex.IGNORECASE)
#: a time that starts something: "from October 1", "starting January 1", "effective March 15"
_STARTS = regex.compile(r"(?<![\p{L}])(?:from|starting|beginning|effective|as\s+from)\s+$", regex.IGNORECASE)


@cache
def _future() -> regex.Pattern:
    """Words of a sentence about what is still to come (data/periods.toml [future])."""
    return regex.compile(r"(?<![\p{L}])\L<w>(?![\p{L}])", regex.IGNORECASE, w=_vocab()["future"]["words"])


@cache
def _plan_clause() -> regex.Pattern:
    """A predicate about what is to come, coordinated after another: "and plans to fund", "and
    will build" (the words of data/periods.toml [future])."""
    return regex.compile(r"(?<![\p{L}])(?:and|but)\s+\L<w>(?![\p{L}])", regex.IGNORECASE, w=_vocab()["future"]["words"])


@cache
def _forecast_year() -> regex.Pattern:
    """A forecast named with its year: "its 2025 growth forecast", "the 2026 oil price outlook"."""
    return regex.compile(rf"(?<![\p{{L}}])(?:its|their|the|a)\s+{YEAR}\s+(?:[\p{{L}}-]+\s+){{0,3}}?\L<w>(?![\p{{L}}])",
                         regex.IGNORECASE, w=_vocab()["forecasts"]["words"])


def names_forecast_year(text: str, end: int) -> bool:
    """Does ``text`` name a forecast with its year before ``end``?"""
    return _forecast_year().search(text, 0, end) is not None


def plans_between(text: str, start: int, end: int) -> bool:
    """Does a predicate about what is to come open between ``start`` and ``end``: "financed
    projects worth 9.6 billion tenge and plans to fund 25 films this year"?"""
    return _plan_clause().search(text, start, end) is not None


def shift_years(period: str, by: int) -> str:
    """``period`` moved by ``by`` years, its month, quarter or day kept.

    >>> shift_years("2025-Q3", -1), shift_years("2025-01/2025-09", -1), shift_years("2025-10-01", -1)
    ('2024-Q3', '2024-01/2024-09', '2024-10-01')
    """
    return regex.sub(r"(?<!\d)\d{4}(?!\d)", lambda m: str(int(m.group(0)) + by), period)


#: what dates a quarter or half: its year in digits ("Q4 2025", "3Q25") or a relative year
#: ("the fourth quarter of this year"); "the fourth quarter", "the second half of the year" have none
_DATED_PART = regex.compile(r"\d{2}|(?<![\p{L}])(?:this|current|next|last|previous|coming)(?![\p{L}])",
                            regex.IGNORECASE)


def _undated_month_year(text: str, t: TimeExpr, ref_month: int, future: bool) -> int:
    """How many years to move a month (or a quarter, a half) named without a year (``t``) from
    the article's year.

    A month after the article's month is last year's ("in December" in a January report),
    unless the sentence speaks of what is to come ("expected to fall ... in October" in a
    September report). A start still to come before the article's month is next year's
    ("Starting January 1, the wage will be raised" in a September report), and so is a deadline
    ("could fall another 5% by March" in a November report)."""
    quarter = regex.match(r"\d{4}-Q(\d)", t.period)
    month = (int(quarter[1]) - 1) * 3 + 1 if quarter else int(t.period[5:7])  # where a quarter or span starts
    deadline = _DEADLINE.search(text, max(0, t.start - 20), t.start) is not None
    if not future and not deadline:
        return -1 if month > ref_month else 0
    if month < ref_month and (deadline or _STARTS.search(text, max(0, t.start - 20), t.start)):
        return 1
    return 0


def find_times(text: str, ref_year: int | None, latest_year: int | None = None,
               ref_month: int | None = None, ref_day: int | None = None, season: str | None = None,
               named_season: str | None = None) -> list[TimeExpr]:
    """Time expressions in ``text``, resolved against ``ref_year``; longest match wins.

    ``latest_year`` is the latest year the article has named so far: "since 1993" runs to it.
    ``ref_month`` is the month of the article's date: a month named without a year that comes
    after it ("in December" in a January article) is last year's. With ``ref_day`` too (the
    article's full date) a weekday ("on Monday") is the last such day up to that date: its month.
    ``season`` is the season of the article ("2025/2026"): "this season" is that one, "last
    season" the one before; ``named_season`` the season it named last, which "the season" is.

    >>> [t.period for t in find_times("In 2025, exports rose; in the first nine months of 2024 ...", 2026)]
    ['2025', '2024-01/2024-09']
    """
    if not _trigger().search(text):
        return []
    found: list[tuple[int, int, TimeExpr]] = []
    gated: dict[int, bool] = {}  # gate pattern id -> does the sentence hold it
    for order, (name, pat, resolve, gate) in enumerate(_compiled()):
        key = id(gate)
        if key not in gated:  # a gate is a plain alternation of words: no time-out needed
            gated[key] = gate.search(text) is not None
        if not gated[key]:
            continue
        for m in pat.finditer(text, timeout=1.0):
            t = resolve(m, ref_year, latest_year)
            if t is not None:
                found.append((-(t.end - t.start), order, t))
            elif name in ("<month>", "<relative year>", "quarter", "first N months", "month range"):
                # an unresolvable relative time still blocks shorter readings inside it
                found.append((-(m.end() - m.start()), order,
                              TimeExpr(m.start(), m.end(), None, "year", rule=name)))
    found.sort(key=lambda x: (x[0], x[1], x[2].start))
    kept: list[TimeExpr] = []
    future: bool | None = None
    for _, _, t in found:
        if all(t.end <= k.start or t.start >= k.end for k in kept):
            if ref_month and t.period and (t.rule == "<month>" or (t.rule == "date" and t.explicit_year is None)
                                           or (t.rule in ("quarter", "half year", "month range")
                                               and not _DATED_PART.search(text, t.start, t.end))):
                if future is None:
                    future = _future().search(text) is not None
                by = _undated_month_year(text, t, ref_month, future)
                if by:
                    t = replace(t, period=shift_years(t.period, by))
            if ref_month and t.period and t.rule == "<month> <term>":
                # the month nearest the article's: "its January price" in a December wire is next January
                gap = int(t.period[5:7]) - ref_month
                if abs(gap) > 6:
                    t = replace(t, period=shift_years(t.period, -1 if gap > 0 else 1))
            kept.append(t)
    kept.sort(key=lambda t: t.start)
    for i, t in enumerate(kept):
        if t.rule == "<weekday>":
            kept[i] = replace(t, period=_weekday_month(text[t.start:t.end], ref_year, ref_month, ref_day))
        elif t.rule == "<relative week>":
            words = " ".join(text[t.start:t.end].lower().split())
            kept[i] = replace(t, period=_week_month(_vocab()["relative_weeks"][words], ref_year, ref_month, ref_day))
        elif t.rule == "<relative season>":
            words = " ".join(text[t.start:t.end].lower().split())
            base = named_season if words == "the season" else season
            if base is not None:
                kept[i] = replace(t, period=shift_years(base, _vocab()["relative_seasons"][words]), precision="span")
    # "rose to 27 percent in 2025 from 19 percent a year earlier": a year before the time the
    # sentence states ("in May" -> May of the year before, "as of October 1, 2025" -> October 1,
    # 2024), not before the article's own year; with no time stated before it, the figure's
    # context decides (see kzfigures.context._assign_periods)
    for i, t in enumerate(kept):
        if t.rule != "<relative year>" or not _EARLIER.fullmatch(text[t.start:t.end]):
            continue
        base = [s for s in kept[:i] if s.period and not s.furniture and not s.back and not s.anaphoric
                and s.rule not in ("<weekday>", "since <year>")]
        if base:
            kept[i] = replace(t, period=shift_years(base[-1].period, -1), back=True, rule="a year before <time>")
        else:
            kept[i] = replace(t, back=True)
    return kept


def _week_month(weeks: int, year: int | None, month: int | None, day: int | None) -> str | None:
    """The month of the day ``weeks`` weeks after the date year-month-day."""
    if year is None or month is None or day is None:
        return None
    try:
        d = date(year, month, day) + timedelta(days=7 * weeks)
    except ValueError:
        return None
    return f"{d.year}-{d.month:02d}"


def _weekday_month(word: str, year: int | None, month: int | None, day: int | None) -> str | None:
    """The month of the last ``word`` day (Monday ...) up to the date year-month-day."""
    if year is None or month is None or day is None:
        return None
    try:
        ref = date(year, month, day)
    except ValueError:
        return None
    wanted = _vocab()["weekdays"]["names"].index(word.lower())
    d = ref - timedelta(days=(ref.weekday() - wanted) % 7)
    return f"{d.year}-{d.month:02d}"


@cache
def _baseline_pattern() -> regex.Pattern:
    markers = table("context")["baseline"]["markers"]
    # "compared to the 2022 figures", "than during the same period of 2020", "against 2023",
    # and a change stated against a time: "down 26% from 2023", "up 3.2 percent on the same period"
    return regex.compile(r"(?:(?<![\p{L}])\L<b>|(?:%|percent|per\s?cent|points?)\s+(?:from|(?:on|over)\s+the\s+same))"
                         r"\s+[\p{L}\s.’'-]{0,45}$", regex.IGNORECASE, b=markers)


#: "an increase of 11.2% on 2024": a year right after "<percent> on" is what it is compared with
_ON_BEFORE = regex.compile(r"(?:%|percent|per\s?cent|points?)\s+on\s+$", regex.IGNORECASE)
#: ("up 18% on the previous season", "added 9% on last season")
_ON_AFTER = regex.compile(r"(?:19|20)\d\d\b|a\s+year|last\s+(?:year|season)|the\s+(?:previous|past)\s+(?:year|season)|the\s+same",
                          regex.IGNORECASE)
#: "down $3.4 billion from a year earlier", "up 26% from 2023"
_MOVE_FROM = regex.compile(r"(?<![\p{L}])(?:down|up|higher|lower|more|less)\s+\S+(?:\s+\S+){0,2}\s+from\s+[\p{L}\s.’'-]{0,30}$",
                           regex.IGNORECASE)


def starts_then(text: str, t: TimeExpr) -> bool:
    """Is ``t`` a day something starts: "go up by 12.6 per cent from October 1"? Not a
    comparison base, as "from 2023" is in "down 26% from 2023"."""
    return t.rule == "date" and _STARTS.search(text, max(0, t.start - 20), t.start) is not None


@lru_cache(maxsize=1024)
def is_baseline(text: str, start: int) -> bool:
    """Is the thing at ``text[start:]`` the baseline of a comparison ("compared to 2024")?

    Asked of the same time or figure by the period of its sentence, of its paragraph and of
    its article: read once and kept."""
    window = max(0, start - 60)
    return (_baseline_pattern().search(text, window, start) is not None
            or _MOVE_FROM.search(text, window, start) is not None
            or (_ON_BEFORE.search(text, window, start) is not None and _ON_AFTER.match(text, start) is not None))
