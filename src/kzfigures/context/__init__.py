"""Context for every figure: qualifier, change, period and metric.

Qualifier, change and metric are read from the figure's own sentence. The period needs the
whole article: a figure takes the time stated beside it, else one stated earlier in its
clause or sentence, else the last one of its paragraph, else the article's reporting period.
``period_source`` records which of these gave it (stated, sentence, paragraph, article), so a
user can keep only periods the text states next to the figure.

The title is read as one sentence of its own: its figures take the time the title states, else
the article's reporting period (the first one its body states).
"""
from __future__ import annotations

import re as _re
from collections import Counter
from dataclasses import replace

import regex

from ..model import Article, Change, Figure, Kind, Mention, Section, Sentence
from .change import change_of
from .leaders import continues, frame_of, list_metric
from .lookup import ends_before, last_match
from .metric import OF_WHICH, PRONOUN_SUBJECT, RANKING_NAME, Metric, metric_of, party_item, refer_back, tidy, with_change
from .period import (YEAR, TimeExpr, find_times, is_baseline, names_forecast_year, plans_between, season_of,
                     seasons_stated, shift_years, starts_then)
from .qualifier import qualifier_of
from .quotes import price_metric, quote_metric, rate_metric
from .subject import Seen, anaphoric_subject, owned, subject_of, two_countries

_YEAR = regex.compile(YEAR)
#: "by 2028", "until 2050": a target date, which neither the next sentences nor the article inherit
_BY_TARGET = regex.compile(r"(?<![\p{L}])(?:by|until|till|through)\s+(?:the\s+)?(?:end[-\s](?:of\s+)?)?$", regex.IGNORECASE)
#: a sentence about the present: its figures inherit no earlier period
_NOW = regex.compile(r"(?<![\p{L}])(?:now|currently|today|at\s+present|presently|as\s+of\s+today)(?![\p{L}])", regex.IGNORECASE)
#: text between a figure and a time that belongs to it: " in ", " invested in ", " this ",
#: " of new generating capacity by ": a few words, no punctuation, no number, and no word
#: that starts another clause (" having improved its ", " which ")
_ATTACH_GAP = regex.compile(
    r"^\s*(?:(?!(?:having|being|which|that|who|while|whereas)\s)[\p{L}’'-]+\s+){0,6}$", regex.IGNORECASE)
#: a clause that gives the reason or the circumstance of the main one: "..., as inflation eased
#: to 6.6% in November" (not "as well as", "as of")
_AS_OPENER = r",\s*as\s+(?!(?:well|of|at|much|many|part|a\s+result|compared|against|per|for|in|to|such)(?![\p{L}]))"
_AS_CLAUSE = regex.compile(_AS_OPENER, regex.IGNORECASE)
#: a coordinated clause after a figure: its time is its own ("KZT 31.8 trillion, and ... in Q3",
#: "cut by 50 basis points to 16% on Friday, as inflation eased to 6.6% in November")
_LATER_CLAUSE = regex.compile(r",\s*(?:and|while|whilst|whereas|but)(?![\p{L}])|;|" + _AS_OPENER, regex.IGNORECASE)
#: what opens the clause of a later figure: "..., while in 2023 they stood at ..."
_NEW_CLAUSE = regex.compile(r"(?<![\p{L}])(?:while|whilst|whereas|but|and)(?![\p{L}])|;", regex.IGNORECASE)
#: a time in an appositive, between the time it glosses and a comma: "In July-August 2025, the
#: first two months of the 2025/26 season, exports ..."
_APPOSITIVE_BEFORE = regex.compile(r"\s*,\s*(?:the|a|an|its|their)\s+(?:[\p{L}’'-]+\s+){0,6}$", regex.IGNORECASE)
_APPOSITIVE_AFTER = regex.compile(r"(?:\s+[\p{L}’'-]+){0,2}\s*,")
#: a figure in brackets right after the figure it glosses: "T41.7 trillion (29.1% of GDP)"
_GLOSS_FIGURE = regex.compile(r"\s*\(\s*")
#: "from" between two times: "in December from November" (the second is the base)
_FROM_TIME = regex.compile(r"\s+from\s+", regex.IGNORECASE)
#: a time in brackets right after the time it glosses: "in the 2024/25 season (July-June)"
_GLOSS_BEFORE = regex.compile(r"(?:\s+[\p{L}’'-]+){0,2}\s*\(\s*$")
_GLOSS_AFTER = regex.compile(r"\s*\)")
#: the word that sets a figure as the start or end of a move: "from 10,000 tons", "to 299,000 tons"
_FROM_TO = regex.compile(r"(?<![\p{L}])(?P<w>from|to)\s+$", regex.IGNORECASE)
#: an item of a dash list: "- to repair 310 km of local roads;"
_LIST_ITEM = regex.compile(r"^\s*[-–—•*·]\s")
#: a line that introduces a list: "Plans for the fourth quarter:"
_INTRODUCES = regex.compile(r":\s*$")
#: a time just before a bracket, which a figure in the bracket glosses: "the 2022 figures ("
_GLOSSED = regex.compile(r"^[\s\p{L}’'-]{0,20}\($")


def clause_ids(text: str) -> list[int]:
    """A clause number for every character: brackets, quotes and semicolons open new clauses.

    "Exports rose by 9.5% (2.3 million tons); imports fell" -> the bracket is one clause, the
    text after the semicolon another, so a time inside one does not leak to the others.
    Only the marks are visited; the characters between two marks share the clause of the first.
    """
    ids: list[int] = []
    main = 0
    next_id = 1
    stack: list[int] = []
    pos = 0
    for m in _CLAUSE_MARK.finditer(text):
        i = m.start()
        ids.extend([stack[-1] if stack else main] * (i - pos))
        ch = text[i]
        if ch in "(“":
            stack.append(next_id)
            next_id += 1
            ids.append(stack[-1])
        elif ch in ")”" and stack:
            ids.append(stack.pop())
        elif (ch == ";" or ch == "”") and not stack:
            # a semicolon, or the end of a quote that opened in an earlier sentence
            # ('... in 2023,” reads the statement released on Dec. 6.')
            main = next_id
            next_id += 1
            ids.append(main)
        else:
            ids.append(stack[-1] if stack else main)
        pos = i + 1
    ids.extend([stack[-1] if stack else main] * (len(text) - pos))
    return ids


#: the characters that open or close a clause (see :func:`clause_ids`)
_CLAUSE_MARK = _re.compile("[(“)”;]")


#: "on" before a day: "cut ... to 7.5% from 8% on Wednesday", "on Dec. 10"
_ON_DAY = regex.compile(r"(?<![\p{L}])on\s+$", regex.IGNORECASE)


def _event_day(text: str, t: TimeExpr) -> bool:
    """Is ``t`` the day something happened ("on Wednesday", "on Dec. 10")? After the level a move
    started from ("to 7.5% from 8% on Wednesday") it dates the move, not that level."""
    return (t.rule == "<weekday>" or (t.rule == "date" and len(t.period or "") == 7)) and \
        _ON_DAY.search(text, max(0, t.start - 4), t.start) is not None


def _usable(t: TimeExpr) -> bool:
    return t.period is not None and not t.furniture


def _scan_times(article: Article, sentences: list[Sentence], whole: list[Sentence] | None = None,
                ) -> tuple[list[list[TimeExpr]], list[str | None]]:
    """Time expressions of every sentence, resolved, and the article's reporting period as
    known at each sentence: the first period the article has stated so far. ``whole`` is the
    text an undated page's year is read from (default: the sentences themselves)."""
    published_year = article.published.year if article.published else None
    published_month = article.published.month if article.published else None
    published_day = article.published.day if article.published else None
    # a page with no date is read against the year it names most (the latest of equals):
    # its reporting year, not the year of a plan it mentions in passing, nor a deadline
    # ("by 2030"), which names a plan's year
    years = Counter(int(m.group(0)) for s in (sentences if whole is None else whole)
                    for m in _YEAR.finditer(s.text) if not ends_before(_BY_TARGET, s.text, m.start()))
    home = max(years, key=lambda y: (years[y], y)) if years else None
    ref = published_year if published_year is not None else home
    stated: int | None = None  # the latest year stated so far, not as a baseline
    # the season "the season" refers to: the last one stated so far, else the first the
    # article states (for a title, or a sentence before the season is named); "this season" in
    # a dated article that counts in seasons is the one its date falls in
    seasons = [seasons_stated(s.text) for s in sentences]
    season = next((x for s in (sentences if whole is None else whole) for x in seasons_stated(s.text)), None)
    current = None
    if season is not None and article.published is not None:
        current = season_of(published_year, published_month)
    out: list[list[TimeExpr]] = []
    default: str | None = None
    defaults: list[str | None] = []
    for s, named_seasons in zip(sentences, seasons):
        if named_seasons:
            season = named_seasons[-1]
        times = find_times(s.text, ref, stated, published_month, published_day, current or season, season)
        out.append(times)
        for t in times:
            if t.explicit_year and not t.furniture:
                if not is_baseline(s.text, t.start) and t.rule != "since <year>" and (
                        published_year is None or t.explicit_year <= published_year):  # not "the 2030 agenda"
                    stated = t.explicit_year if stated is None else max(stated, t.explicit_year)
            if (default is None and _usable(t) and t.precision != "day" and not t.back and not is_baseline(s.text, t.start)
                    and not ends_before(_BY_TARGET, s.text, t.start) and t.rule != "since <year>"):
                default = t.period
        defaults.append(default)
    return out, defaults


def _glossed_time(text: str, m: Mention, ids: list[int], resolved: list[tuple[TimeExpr, str | None, bool]]) -> str | None:
    """The time a bracketed figure glosses: "compared to the 2022 figures ($770.215 million)"."""
    opening = text.rfind("(", 0, m.start)
    if opening < 0 or ids[opening] != ids[m.start] or text[opening + 1: m.start].strip():
        return None
    before = [(t, period) for t, period, _ in resolved if t.end <= opening and period is not None
              and _GLOSSED.match(text[t.end: opening + 1])]
    return before[-1][1] if before else None


def _bracket_time(text: str, m: Mention, ids: list[int], resolved: list[tuple[TimeExpr, str | None, bool]]) -> str | None:
    """The time of the clause a bracket stands in, for a figure in a bracket that states no time:
    "In November, turnover reached 2.2 trillion tenge (+2.1% m-o-m; +8.3% y-o-y)" is November's
    change, not the paragraph's span."""
    opening = text.rfind("(", 0, m.start)
    if opening <= 0 or ids[opening] != ids[m.start]:
        return None
    outer = ids[opening - 1]
    before = [period for t, period, baseline in resolved if period is not None and not baseline and not t.back
              and t.end <= opening and ids[t.start] == outer]
    return before[-1] if before else None


#: a relative clause set off by commas: ", which had halved in 2023," (up to the comma that closes it)
_ASIDE = regex.compile(r"(?<=,\s*)(?:which|who|whose)(?![\p{L}])(?:[^,;:()]|(?<=\d),(?=\d))*(?=,(?!\d))", regex.IGNORECASE)

#: a month: "2025-10"
_A_MONTH = regex.compile(r"(?P<y>\d{4})-(?P<m>\d\d)")


#: a day: "2025-11-01"
_A_DAY = regex.compile(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)")


def _to_date(period: str | None, day: bool = False) -> str | None:
    """A month counted from the start of its year: "2025-10" -> "2025-01/2025-10". With ``day``
    a day too (a change counted up to it): to the month before a first day ("2025-11-01" ->
    "2025-01/2025-10"), else to its month ("2025-10-15" -> "2025-01/2025-10")."""
    if day and (d := _A_DAY.fullmatch(period or "")):
        y, month = int(d["y"]), int(d["m"]) - (d["d"] == "01")
        if month < 1:
            return period
        period = f"{y}-{month:02d}"
    m = _A_MONTH.fullmatch(period or "")
    if m is None or m["m"] == "01":
        return period
    return f"{m['y']}-01/{period}"


def _parallel_time(text: str, i: int, mentions: list[Mention], attached: dict[int, int],
                   resolved: list[tuple[TimeExpr, str | None, bool]]) -> str | None:
    """The time of the same end of an earlier move in the sentence, for a move that states none:
    "increased by 71%, from 67,000 tons last year to 115,000 tons this year, and deliveries to
    Iran soared ..., from 10,000 tons to 299,000 tons": 10,000 tons is last year's."""
    def end(j: int) -> str | None:
        """"from" or "to" when mention j is that end of a "from A to B" move, else None."""
        link = ends_before(_FROM_TO, text, mentions[j].start, 12) if 0 <= j < len(mentions) else None
        if link is None:
            return None
        word = link.group("w").lower()
        partner = j + 1 if word == "from" else j - 1
        other = ends_before(_FROM_TO, text, mentions[partner].start, 12) if 0 <= partner < len(mentions) else None
        return word if other is not None and other.group("w").lower() != word else None

    word = end(i)
    if word is None:
        return None
    for ti, k in sorted(attached.items(), key=lambda x: -x[1]):
        if k < i and resolved[ti][1] is not None and end(k) == word:
            return resolved[ti][1]
    return None


def _assign_periods(text: str, mentions: list[Mention], changes: list[Change | None], times: list[TimeExpr],
                    named: dict[str, list[str]], default: str | None, carried: str | None,
                    this_year: int | None = None) -> tuple[list[tuple[str | None, str | None]], str | None]:
    """Each mention's (period, period_source), and the period later sentences inherit.
    ``named`` holds the spans, quarters and days the article has named so far (by precision),
    for "the same period", "for the quarter" and "as of the same date"."""
    ids = clause_ids(text)
    has_change = any(c is not None for c in changes)
    resolved: list[tuple[TimeExpr, str | None, bool]] = []  # (time, period, baseline)
    for t in times:
        if t.furniture:
            continue
        period = t.period
        if t.anaphoric:
            # the span named last: earlier in this sentence ("in January-June, against ... in the
            # same period last year"), else in the article
            here = [p for r, p, _ in resolved if p is not None and r.precision == t.precision and not r.back]
            earlier = here or named.get(t.precision)
            period = earlier[-1] if earlier else (default if t.precision == "span" else None)
            if period is not None and t.year is not None:
                period = shift_years(period, t.year - int(period[:4]))  # "the same period of 2024"
        elif t.back and t.rule == "<relative year>":
            # "a year earlier" with no time stated before it in a sentence that names none of
            # its own: a year before the time ("for the quarter", "in May") the sentence refers
            # to, else the paragraph's ("As of October 1, 2025, ... against 13.1% a year earlier")
            before = [p for r, p, _ in resolved if p is not None and not r.back]
            base = before[-1] if before else carried
            if base is not None:
                period = shift_years(base, -1)
        baseline = ((is_baseline(text, t.start) and not starts_then(text, t)) or (t.rule == "since <year>" and has_change)
                    # "fell 38 pc in December from November": the month compared with
                    or bool(resolved and _FROM_TIME.fullmatch(text, resolved[-1][0].end, t.start)))
        if resolved and _APPOSITIVE_BEFORE.match(text, resolved[-1][0].end, t.start) and _APPOSITIVE_AFTER.match(text, t.end):
            period = None  # it glosses the time before it, which the figures take
        if resolved and _GLOSS_BEFORE.fullmatch(text, resolved[-1][0].end, t.start) and _GLOSS_AFTER.match(text, t.end):
            period = None  # "the 2024/25 season (July-June)": the same time again
        resolved.append((t, period, baseline))
    baseline_fig = [is_baseline(text, m.start) for m in mentions]

    def start_level(j: int) -> bool:
        """Is mention j the level a move started from: "fell to X from Y in 2024"?"""
        link = ends_before(_FROM_TO, text, mentions[j].start, 12)
        return link is not None and link.group("w").lower() == "from"

    # a time right after a figure belongs to it: "$1.181 billion in 2022", "12 million tons this year"
    attached: dict[int, int] = {}
    for ti, (t, period, baseline) in enumerate(resolved):
        if baseline or period is None:
            continue
        before = [i for i, m in enumerate(mentions) if m.end <= t.start and ids[m.start] == ids[t.start]]
        if before:
            i = max(before, key=lambda i: mentions[i].end)
            # "cut its rate to 7.5% from 8% on Wednesday": the day of the move, not of its start;
            # "raised its 2025 growth forecast to 5.9 percent from 4.8 percent in April": the day
            # the earlier forecast was made
            if i in attached.values() or not _ATTACH_GAP.match(text[mentions[i].end: t.start]):
                continue
            if start_level(i) and t.precision in ("month", "day") and names_forecast_year(text, t.start):
                resolved[ti] = (t, None, baseline)  # it dates no figure of the sentence
            elif not (_event_day(text, t) and start_level(i)):
                attached[ti] = i

    # times that open the clause of a later figure, after a conjunction that follows an earlier one
    leads: set[int] = set()
    for ti, (t, period, baseline) in enumerate(resolved):
        later = [m for m in mentions if m.start >= t.end and ids[m.start] == ids[t.start]]
        earlier = [m for m in mentions if m.end <= t.start and ids[m.start] == ids[t.start]]
        if later and earlier and ti not in attached:
            last = max(m.end for m in earlier)
            if _NEW_CLAUSE.search(text, last, t.start):
                leads.add(ti)

    # relative clauses set off by commas: their times date what they say, not the figures
    # around them ("Shipments to Iran, which had halved in 2023, grew by 40%": 40% is not 2023's);
    # a figure inside one may take a time outside ("The railway, which is 272 km long, opens in 2027")
    asides = [(a.start(), a.end()) for a in _ASIDE.finditer(text)]

    def aside_of(pos: int) -> int:
        return next((k for k, (lo, hi) in enumerate(asides) if lo <= pos < hi), -1)

    def carry_until(end: int) -> str | None:
        """The last time stated before ``end`` for the sentence's own figures: not a comparison
        base ("after 8.9% in January"), a move's starting level ("from Y in 2024"), a future
        target ("by 2028"; "by the end of this year" still is this year), nor a relative
        clause's."""
        carry = None
        for ti, (t, period, baseline) in enumerate(resolved):
            if t.start >= end:
                break
            future = this_year is None or not period or int(period[:4]) > this_year
            if (period is None or baseline or t.back or (future and ends_before(_BY_TARGET, text, t.start))
                    or aside_of(t.start) >= 0):
                continue
            if ti in attached and (baseline_fig[attached[ti]] or start_level(attached[ti])):
                continue
            carry = period
        return carry

    out: list[tuple[str | None, str | None]] = []
    now = _NOW.search(text) is not None  # the sentence speaks of the present
    for i, m in enumerate(mentions):
        own = [ti for ti, fi in attached.items() if fi == i]
        if own:
            out.append((resolved[own[0]][1], "stated"))
            continue
        parallel = _parallel_time(text, i, mentions, attached, resolved)
        if parallel is not None:
            out.append((parallel, "sentence"))
            continue
        clause = ids[m.start]
        # "a year earlier" dates the figure it follows, not the others ("fell to 3.1 million
        # tons from 3.3 million tons a year earlier")
        usable = [(ti, r) for ti, r in enumerate(resolved) if r[1] is not None and not r[2] and ids[r[0].start] == clause
                  and not r[0].back and aside_of(r[0].start) in (-1, aside_of(m.start))]
        preceding = [(ti, r) for ti, r in usable if r[0].end <= m.start and ti not in attached]
        if preceding:
            out.append((preceding[-1][1][1], "stated"))
            continue
        glossed = _glossed_time(text, m, ids, resolved)
        if glossed is not None:
            out.append((glossed, "stated"))
            continue
        if not usable and i > 0 and _GLOSS_FIGURE.fullmatch(text, mentions[i - 1].end, m.start) and out[i - 1][0]:
            # "stood at T41.7 trillion (29.1% of GDP) on the same date": the figure it glosses
            out.append(out[i - 1])
            continue
        enclosing = None if usable else _bracket_time(text, m, ids, resolved)
        if enclosing is not None:
            out.append((enclosing, "stated"))
            continue
        # a time that opens the clause of a later figure is that figure's, not ours:
        # "Exports reached $5.3 billion, while in 2023 they stood at $4.7 billion"
        usable = [(ti, r) for ti, r in usable
                  if not (r[0].start >= m.end and _LATER_CLAUSE.search(text, m.end, r[0].start))]
        free = [(ti, r) for ti, r in usable if ti not in attached and ti not in leads]
        # (not the time of a later figure about what is to come: "financed projects worth 9.6
        # billion tenge and plans to fund 25 films this year")
        others = [(ti, r) for ti, r in usable if ti in attached and not baseline_fig[attached[ti]]
                  and not (mentions[attached[ti]].start >= m.end
                           and plans_between(text, m.end, mentions[attached[ti]].start))]
        pick = free[-1] if free else (others[-1] if others else None)
        if pick:
            out.append((pick[1][1], "sentence"))
        elif now:
            out.append((None, None))  # "now has 150 plants": the present, no period to inherit
        elif (semicolon := text.rfind(";", 0, m.start)) >= 0 and carry_until(semicolon) is not None:
            # "Exports in January-October reached ...; Italy took 38%": the clause before goes on
            out.append((carry_until(semicolon), "sentence"))
        elif carried is not None:
            out.append((carried, "paragraph"))
        elif default is not None:
            out.append((default, "article"))
        else:
            out.append((None, None))

    if any(t.rule == "year to date" for t in times):
        # "Since the beginning of the year, reserves have grown by USD 6.87 billion" after
        # "in October": January to October
        # "as of November 1, debt stood at T32.4 trillion, up 14.8% since the beginning of the
        # year": the stock keeps its day, its change runs January-October
        # (", and loans grew by 11.2% since the start of the year" in a clause of its own keeps the day)
        def own_day(i: int) -> bool:
            days = [t for t, period, _ in resolved if period == out[i][0] and t.end <= mentions[i].start]
            return (changes[i] is not None and bool(days)
                    and _LATER_CLAUSE.search(text, days[-1].end, mentions[i].start) is None)
        out = [(_to_date(period, day=own_day(i)), source) for i, (period, source) in enumerate(out)]

    # what the next sentences of the paragraph inherit: the last time stated for its own
    # figures, not a comparison base ("after 8.9% in January") nor a future target ("by 2028";
    # "by the end of this year" still is this year)
    reason = _AS_CLAUSE.search(text)
    return out, (reason is not None and carry_until(reason.start())) or carry_until(len(text))


def figures_for_article(article: Article, sentences: list[Sentence], mentions: list[list[Mention]],
                        title: Sentence | None = None, title_mentions: list[Mention] | None = None,
                        ) -> list[Figure]:
    """Attach context to the mentions of each sentence of an article and cite them: the
    title's figures (when ``title`` is given) first, then the body's."""
    all_times, defaults = _scan_times(article, sentences)
    figures: list[Figure] = []
    # the ranking the article named last, for ranks that do not name theirs
    rankings = list(RANKING_NAME.finditer(article.title or ""))
    body = _cite(article, Section.BODY, sentences, all_times, mentions, defaults,
                 rankings[-1].group(0) if rankings else None)
    if title is not None and title_mentions:
        title_times, title_defaults = _scan_times(article, [title], whole=[title, *sentences])
        reporting = defaults[-1] if defaults else None
        figures += [_as_repeated(f, body) for f in _cite(
            article, Section.TITLE, [title], title_times, [title_mentions],
            [d if d is not None else reporting for d in title_defaults], None)]
    return figures + body


#: how far a title's figure may be from the body figure it repeats: titles round ("tops T7
#: trillion" for T7.3 trillion, "$74 a pound" for $74.10)
_REPEAT_TOLERANCE = 0.1


def _as_repeated(figure: Figure, body: list[Figure]) -> Figure:
    """A title figure with the period of the body figure it repeats (the first of the same kind
    and unit within ``_REPEAT_TOLERANCE`` of its value, one with the same change first), unless the title states its own time
    beside it: a headline says in short what the body says with its time."""
    if figure.period_source == "stated":
        return figure
    same = [f for f in body if f.kind is figure.kind and f.unit == figure.unit and f.period is not None
            and abs(f.value - figure.value) <= _REPEAT_TOLERANCE * max(abs(f.value), abs(figure.value))]
    # a change repeats a change ("cut power use by 18%" is the body's "down 18 pc", not its share
    # of 18 pc)
    moves = [f for f in same if figure.change is not None and f.change == figure.change]
    if moves or same:
        return replace(figure, period=(moves or same)[0].period, period_source="article")
    return figure


def _cite(article: Article, section: Section, sentences: list[Sentence], all_times: list[list[TimeExpr]],
          mentions: list[list[Mention]], defaults: list[str | None], ranking: str | None) -> list[Figure]:
    """The figures of one field of an article (its title, or its body) with their context."""
    text = article.field(section)
    # the spans, quarters and days the article has named, for "the same period", "the quarter"
    # and "as of the same date"
    named_times: dict[str, list[str]] = {"span": [], "quarter": [], "day": []}
    carried: str | None = None
    paragraph = -1
    figures: list[Figure] = []
    owner: str | None = None  # the subject of the paragraph's last figure that had one
    named: list[Metric] = []  # the metrics of the article so far
    in_paragraph: list[Metric] = []
    of_kind: list[tuple[Kind, str, Metric]] = []  # the paragraph's metrics with their figure's kind and unit
    listed = None  # the ranking list the paragraph opened ("topped the list of trading partners")
    seen = Seen()  # the parties the article has named so far
    if section is Section.BODY and article.title:
        seen.read(article.title)
    # the time of the line that introduces a dash list ("Plans for the fourth quarter:"), which
    # its items take as the sentences of a paragraph take its time
    intro: str | None = None
    ends_intro = False
    for s, times, ms, default in zip(sentences, all_times, mentions, defaults):
        if s.paragraph != paragraph:
            item = _LIST_ITEM.match(s.text) is not None
            if ends_intro:
                intro = carried
            elif not item:
                intro = None
            paragraph, carried, owner, in_paragraph, listed = s.paragraph, intro if item else None, None, [], None
            of_kind = []
        ends_intro = _INTRODUCES.search(s.text) is not None
        changes: list[Change | None] = []
        done: list[tuple[Mention, Change | None]] = []
        for m in ms:
            c = change_of(m, s.text, done)
            changes.append(c)
            done.append((m, c))
        periods, carry = _assign_periods(s.text, ms, changes, times, named_times, default, carried,
                                         article.published.year if article.published else None)
        metrics: list[Metric] = []
        # the ranking list the sentence opens, or the paragraph's that it goes on with
        # ("Kaspi Bank came second (T9.6 trillion)")
        frame = frame_of(s.text) or continues(s.text, ms, listed)
        for n, (m, c, (period, source)) in enumerate(zip(ms, changes, periods)):
            here = last_match(RANKING_NAME, s.text, m.start)
            metric = list_metric(m, s.text, frame) or quote_metric(m, s.text) or rate_metric(m, s.text, ms)
            if metric is None:
                metric = metric_of(m, s.text, ms[:n], metrics, here.group(0) if here else ranking, c, ms)
                metric = refer_back(metric, s.text, named)
            metric = price_metric(metric, m, s.text, c)
            if metric.text is None or ends_before(OF_WHICH, s.text, m.start):
                # "Iran - 402 thousand", "of which Kyrgyzstan received 1.6 billion": the paragraph's metric, for the party
                metric = party_item(s.text, m, of_kind) or metric
            if metric.text is None and in_paragraph and last_match(PRONOUN_SUBJECT, s.text, m.start):
                # "Later, it rose to 13.5 percent": what the paragraph was measuring
                metric = Metric(in_paragraph[-1].text, in_paragraph[-1].indicator, head=in_paragraph[-1].head)
            metrics.append(metric)
            if metric.text:
                named.append(metric)
                in_paragraph.append(metric)
                of_kind.append((m.kind, m.unit, metric))
            subject, counterpart = subject_of(m, s.text, metric, ms)
            bilateral = two_countries(metric, seen)
            if bilateral is not metric:  # "trade between the two countries": Kazakhstan's with the other
                metric, subject, counterpart = bilateral, "Kazakhstan", counterpart or seen.foreign
            if subject is None:
                subject = anaphoric_subject(s.text, m, seen) or owner
            owner = subject
            metric = tidy(owned(metric, subject, s.text, m))
            stated = with_change(metric, c, m.kind)
            start = s.start + m.start
            end = s.start + m.end
            figures.append(Figure(
                article=article, sentence=s, kind=m.kind, value=m.value, value_max=m.value_max,
                unit=m.unit, qualifier=qualifier_of(m, s.text), change=c, period=period,
                period_source=source, metric=stated.text, counted=m.counted,
                char_start=start, char_end=end, span=text[start:end],
                number_text=m.number_text, unit_text=m.unit_text, rule=m.rule,
                indicator=metric.indicator, subject=subject, counterpart=counterpart, section=section))
        seen.read(s.text)
        here = list(RANKING_NAME.finditer(s.text))
        if here:
            ranking = here[-1].group(0)
        if frame is not None:
            listed = frame
        # what later sentences of this paragraph inherit, and what "the same period" means
        if carry is not None:
            carried = carry
        for t in times:
            if t.period and not t.furniture and not t.back and not is_baseline(s.text, t.start):
                if t.precision == "span" and t.rule != "since <year>":
                    named_times["span"].append(t.period)
                elif t.precision == "quarter":
                    named_times["quarter"].append(t.period)
                elif t.precision == "day":  # a day: "as of October 31, 2025", "on Tuesday" (its month)
                    named_times["day"].append(t.period)
    return figures
