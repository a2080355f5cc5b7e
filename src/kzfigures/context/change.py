"""Change: does a figure state a change, and in which direction?

A figure states a change when it is the amount of the change, not a level before or after:
"rose by 5%", "grew 5%", "an increase of 83.6%", "a 49% rise", "15% lower", "up by 4.9 percent".
"rose to 13.5 percent" and "from 9.75 percent to 10.25 percent" give levels, so no change.
"""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import table
from ..model import Change, Kind, Mention
from .lookup import REACH, ends_before, last_match

_DIRECTIONS = (Change.INCREASE, Change.DECREASE)
#: qualifier words that may stand between the cue and the figure: "rose by over 190%",
#: "rise by no more than 5%" (the qualifier words of data/context.toml)
_QUAL = r"(?:\L<qual>\s+)?(?:(?:just|only|a\s+further|another|a\s+mere|a\s+record|an\s+extra|an\s+additional)\s+)?"
#: a few words naming the thing between a change noun and "of": "an increase in investment of 20%"
_IN_WHAT = r"(?:\s+in(?:\s+[\p{L}’'-]+){1,3}?)?"
#: one word naming the thing between the figure and a change noun: "a 7% tariff increase"
_WHAT = r"(?:(?!(?:of|in|to|from|for|on|at|and|or|the|a|an|than|compared|is|was|were|are)\s)\p{Ll}[\p{L}-]*\s+)?"
#: a change noun as subject, the figure after its verb: "The growth amounted to 4.2%"
_SUBJECT_VERB = (r"\s+(?:(?:(?:is|was|are|were|will\s+be)\s+)?(?:forecast|expected|projected|estimated|seen|put)\s+at"
                 r"|(?:will|would|could|should|may|might)\s+be|was|were|is|are|amounted\s+to|reached|stood\s+at"
                 r"|totall?ed|came\s+to|made\s+up|made)\s+")


@cache
def _cues() -> dict[Change, dict[str, regex.Pattern]]:
    c = table("context")["change"]
    level = set(c["level_words"])
    qual = [w for words in table("context")["qualifiers"]["before"].values() for w in words if w not in level]
    out: dict[Change, dict[str, regex.Pattern]] = {}
    for d in _DIRECTIONS:
        words = c[d.value]
        opts = dict(flags=regex.IGNORECASE, qual=qual, ignore_unused=True)
        out[d] = {
            # "grew 5%", "up 5%": the verb right before the figure (not "rose to 5%")
            "verb_before": regex.compile(rf"(?<![\p{{L}}])\L<v>\s+{_QUAL}$", v=words["verbs"], **opts),
            # "an increase of 83.6%", "growth of 6.5%", "an increase in investment of 20%"
            "noun_of": regex.compile(rf"(?<![\p{{L}}])\L<n>{_IN_WHAT}\s+of\s+{_QUAL}$", n=words["nouns"], **opts),
            # "The growth amounted to 4.2%": the change noun is the subject
            # "The decline in coal output was 4.2%"
            "noun_subject": regex.compile(rf"^(?:the\s+|this\s+|that\s+|its\s+)?(?:[\p{{L}}-]+\s+){{0,2}}\L<n>{_IN_WHAT}{_SUBJECT_VERB}{_QUAL}$",
                                          n=words["nouns"], **opts),
            # "..., while in Almaty the increase will be no more than 8%": the subject of a later clause
            "noun_subject_clause": regex.compile(
                rf"(?:[,;:]\s*|(?<![\p{{L}}])(?:while|whereas|but|and)\s+){_FRONTED}(?:the|this|that|its)\s+(?:[\p{{L}}-]+\s+){{0,2}}"
                rf"\L<n>{_SUBJECT_VERB}{_QUAL}$", n=words["nouns"], **opts),
            # "Brent rose 58 cents": money after a verb that takes no object
            "money_verb": regex.compile(rf"(?<![\p{{L}}])\L<v>\s+{_QUAL}$", v=words["money_verbs"], **opts),
            # "... by 5%", "... by over 190%": the direction is that of the nearest cue before
            "by": regex.compile(rf"(?<![\p{{L}}])by\s+{_QUAL}$", **opts),
            # any cue word, to find the nearest one before "by"
            "any": regex.compile(r"(?<![\p{L}])(?:\L<v>|\L<n>)(?![\p{L}])", v=words["verbs"], n=words["nouns"], **opts),
            # "a 49% rise", "15% lower", "35.5 percent more than", "a 7% tariff increase"
            # (not "its $48 billion expansion project": the noun names the project);
            # "some 300,000 users added in the third quarter"
            "after": regex.compile(rf"^\s*(?:year-on-year\s+|y-o-y\s+|annual\s+|yoy\s+)?(?:\L<a>(?![\p{{L}}])"
                                   rf"|{_WHAT}\L<n>(?![\p{{L}}])(?!\s+(?:\L<heads>)(?![\p{{L}}]))"
                                   rf"|{_WHAT}\L<p>(?=\s+(?:in|over|during|since|this|last|so\s+far|year|from)(?![\p{{L}}])|\s*[,.;)]|\s*$))",
                                   a=words["after"], n=words["nouns"], p=words["participles"], heads=c["named_heads"], **opts),
        }
    return out


#: a place or time fronted in a clause before its subject: "in Almaty", "in 2026,"
_FRONTED = r"(?:(?:in|for|at)\s+(?:\p{Lu}[\p{L}’'-]*|\d{4})(?:\s+\p{Lu}[\p{L}’'-]*)?,?\s+)?"


@cache
def _growth_rate() -> regex.Pattern:
    """A percentage that is a growth rate, brought by any verb: "raised its growth forecast for
    Kazakhstan to 5.9 percent", "sees growth slowing to 4.5 percent", "growth is forecast at",
    "estimates GDP growth this year at 6.1%", "sees growth in 2026 at 5.4%"."""
    c = table("context")["change"]
    qual = [w for words in table("context")["qualifiers"]["before"].values() for w in words]
    return regex.compile(
        r"(?<![\p{L}])\L<g>(?![\p{L}])(?:\s+(?:for|of|in)\s+[\p{L}\d’'-]+(?:\s+[\p{L}’'-]+)?)?"
        # its time between: "GDP growth this year at 6.1%"
        r"(?:\s+(?:this|next|last)\s+year)?"
        r"(?:\s+(?:is|was|will\s+be|would\s+be|stood|stands|came\s+in|remained|reached|slowing|slowed|slows|"
        r"accelerating|accelerated|accelerates|easing|eased|picking\s+up|picked\s+up|rising|rose|falling|fell|"
        r"declining|declined|forecast|expected|projected|seen|estimated)){0,2}"
        rf"\s+(?:to|at|from|of)\s+{_QUAL}$", regex.IGNORECASE, g=c["growth_rates"], qual=qual)


@cache
def _base_link() -> regex.Pattern:
    """What stands between a change and a figure set against it as its base: " against ",
    " from ", " this year, after "."""
    return regex.compile(r"^\s*(?:(?:this|last|next)\s+year\s*|in\s+\S+\s*)?,?\s*\L<b>\s+(?:[\p{L}’'-]+\s+){0,2}?$",
                         regex.IGNORECASE, b=table("context")["change"]["base_links"])


#: a figure that restates the one before it in another unit: "rose 58 cents, or 0.8%"
_GLOSS = regex.compile(r"^\s*,\s*or\s+(?:by\s+)?$", regex.IGNORECASE)

#: a second figure in a coordination: "by 10,000 and 65,000 barrels", "by 5% and 7%", gapped
#: lists that name another subject ("mining grew 7.2%, manufacturing 4.1% and construction
#: 12%"), and a bracket after the figure ("by 1.1% m-o-m (12.0% y-o-y)")
_COORD = regex.compile(r"^\s*(?:(?:m-o-m|y-o-y|yoy|mom|year-on-year|month-on-month|annually|respectively)\s*)?"
                       # "up by 4% in oil, 3% in gas", "by 12% to Uzbekistan, 9% to Tajikistan": the
                       # first item's own words before the comma
                       r"(?:(?:in|for|of|on|at|to)\s+(?:[\p{L}-]+\s+){0,2}?[\p{L}-]+\s*)?"
                       # (not ", with more than 60% going to China": a share beside the change)
                       r"(?:(?:,|,?\s*and|,?\s*or|,?\s*followed\s+by)\s+(?!with\s)(?:(?:to|for|in|from)\s+)?"
                       r"(?:[\p{L}][\p{L}’'-]*\s+){0,3}(?:by\s+|at\s+)?|\s*\()$",
                       regex.IGNORECASE)
#: a figure set against a change as the one expected: "cut by 150 basis points, more than the
#: 100 basis points expected", "rose 1.2%, less than the 1.5% forecast"
_THAN_THE = regex.compile(r"(?<![\p{L}])(?:more|less|bigger|larger|smaller|greater|higher|lower|deeper|steeper|"
                          r"faster|slower|sharper)\s+than\s+(?:the|an?)\s+$", regex.IGNORECASE)
#: "more" or "fewer" inside a count's span, between the number and its counted thing: "4,100
#: more tractors than in 2022"
_MORE_INSIDE = regex.compile(r"(?<![\p{L}])(?P<w>more|fewer)\s", regex.IGNORECASE)
_THAN = regex.compile(r"\s*than(?![\p{L}])", regex.IGNORECASE)
#: "more" after a count with no "than": an amount still to come ("to replace 500 more by 2026")
_MORE_TO_COME = regex.compile(r"\s*more(?!\s+than)(?![\p{L}])", regex.IGNORECASE)
#: a sign before a figure states its direction: "(+12%)", "(-3%)", "(yoy -5.1%)"; the value
#: is the magnitude, as "a 3% decline" is 3 with change decrease
_SIGN_BEFORE = regex.compile(r"(?:^|[\s(])(?P<sign>[+−-])$")
#: money after a verb is mostly a deal, not a change ("plans to raise $300 million"): only
#: "up"/"down" make it one ("down $3.4 billion from a year earlier")
_MONEY_DIRECTIONS = regex.compile(r"(?<![\p{L}])(?:up|down)\s+\S*$", regex.IGNORECASE)
#: a new level after money: "added 71 cents to $59.26", "gained 3.5 pence to 318.6 pence" (the
#: money before it is the size of the move)
_TO_LEVEL = regex.compile(r"\s+to\s+(?:a\s+)?(?:[\p{Sc}]|[A-Z]{1,3}\$|(?:US|KZT|USD|EUR|RUB|T)\s?\d|\d[\d.,]*\s*(?:cents?|pence|p\b|tenge|rubles?|roubles?))")


@cache
def _phrasal_up() -> regex.Pattern:  # noqa: N802 - a constant built on first use
    """"made up", "set up": the "up" of a phrasal verb is no rise."""
    words = table("context")["change"]["phrasal_up"]
    return regex.compile(r"(?<![\p{L}])\L<w>\s+up\s+(?:\S+\s+)?$", regex.IGNORECASE, w=words)


@cache
def _grown() -> regex.Pattern:
    """"grew" right before a count or a mass: what was grown ("farms grew 11,200 tonnes")."""
    return regex.compile(r"(?<![\p{L}])\L<w>\s+$", regex.IGNORECASE, w=table("context")["change"]["grown"])


@cache
def _built() -> regex.Pattern:
    """"adding" right before a count: things built or opened ("adding 2,450 beds")."""
    return regex.compile(r"(?<![\p{L}])\L<w>\s+$", regex.IGNORECASE, w=table("context")["change"]["not_for_counts"])


def _nearest_cue(text: str, end: int) -> Change | None:
    """The direction of the last change word before ``end``."""
    best: tuple[int, Change] | None = None
    for d, pats in _cues().items():
        m = last_match(pats["any"], text, end)
        if m is not None and (best is None or m.start() > best[0]):
            best = (m.start(), d)
    return best[1] if best else None


@cache
def _list_cue() -> dict[Change, regex.Pattern]:
    """A change noun or verb that opens a list of items with their figures: "the highest price
    surge are sugar (60.5%), vegetables (31.5%)", "prices rose the most for: sugar – 60.5%"."""
    c = table("context")["change"]
    out = {}
    for d in _DIRECTIONS:
        out[d] = regex.compile(
            r"(?<![\p{L}])(?:\L<n>|\L<v>)(?![\p{L}])[^.;:()%\d]{0,40}?"
            r"(?:\b(?:were|was|are|is|include|includes|included|including|among\s+them|namely)\b|:)"
            r"[^.;%]{0,80}$", regex.IGNORECASE, n=c[d.value]["nouns"], v=[w for w in c[d.value]["verbs"] if " " not in w])
    return out


#: a figure as a list item: "sugar (60.5%", ", vegetables – 31.5%", ": sugar 60.5%"
_ITEM = regex.compile(r"(?:[\p{L}][\p{L}’'-]*\s*(?:\(|[–—-]|:)\s*|[:]\s*[\p{L}][\p{L}’'-]*\s+)$")


def change_of(mention: Mention, text: str, previous: list[tuple[Mention, Change | None]]) -> Change | None:
    """The change stated by a mention in ``text``; ``previous`` holds the earlier mentions of
    the sentence with their changes, for coordinations ("by 10,000 and 65,000 barrels")."""
    if mention.change is not None:
        return mention.change
    at = mention.start
    # the cues are written right beside the figure: each is looked for within REACH of it
    sign = ends_before(_SIGN_BEFORE, text, at)
    if sign and mention.value >= 0:
        return Change.INCREASE if sign.group("sign") == "+" else Change.DECREASE
    for d, pats in _cues().items():
        if ends_before(pats["noun_of"], text, at) or pats["noun_subject"].match(text, 0, at):
            return d
        if mention.kind is not Kind.MONEY and ends_before(pats["noun_subject_clause"], text, at):
            return d
        verb = ends_before(pats["verb_before"], text, at)
        if verb and mention.kind in (Kind.COUNT, Kind.MASS) and ends_before(_grown(), text, at):
            continue  # "Nurseries grew 186 million seedlings": what was grown
        if verb and mention.kind is Kind.COUNT and ends_before(_built(), text, at):
            continue  # "commissioned, adding 2,450 beds": things built
        if verb and not _phrasal_up().search(text, max(0, verb.end() - REACH), verb.end()) and (
                mention.kind is not Kind.MONEY or ends_before(_MONEY_DIRECTIONS, text, at)
                or ends_before(pats["money_verb"], text, at) or _TO_LEVEL.match(text, mention.end)):
            return d
    if mention.kind is Kind.PERCENT and ends_before(_growth_rate(), text, at):
        return Change.INCREASE
    if ends_before(_cues()[Change.INCREASE]["by"], text, at):
        d = _nearest_cue(text, at)
        if d is not None:
            return d
    tail = text[mention.end: mention.end + REACH]
    inside = _MORE_INSIDE.search(text, mention.start, mention.end)
    if inside and _THAN.match(tail):  # "4,100 more tractors than in 2022"
        return Change.INCREASE if inside["w"].lower() == "more" else Change.DECREASE
    for d, pats in _cues().items():
        if pats["after"].search(tail):
            if mention.kind is Kind.COUNT and _MORE_TO_COME.match(tail):
                continue  # "plans to replace 500 more by end-2026": things still to come
            return d
    if previous and ends_before(_THAN_THE, text, at):
        moves = [c for p, c in previous if c is not None and p.unit == mention.unit]
        if moves:
            return moves[-1]
    if previous:
        prev, prev_change = previous[-1]
        between = text[prev.end: mention.start]
        if prev_change is not None and (
                (prev.unit == mention.unit and (_COORD.match(between) or _base_link().match(between)))
                or _GLOSS.match(between)):
            return prev_change
    if mention.kind is Kind.PERCENT and ends_before(_ITEM, text, at):
        start = previous[0][0].start if previous else at
        for d, cue in _list_cue().items():
            if ends_before(cue, text, min(start, at)) or ends_before(cue, text, at):
                return d
    return None
