"""Ranking lists: a leader and the places after it, each with its amount.

"China topped the list of trading partners with $30.2 billion, Russia was second with $27.9
billion, and Italy came third at $17.1 billion": each place is its party's place in the group
("Russia among trading partners"), each amount the party's own measure ("trade with Russia";
"Pavlodar region potato producers"). The list is opened by a leader phrase (``_LEADER``), a
leader said as a superlative ("Uzbekistan remained the largest buyer of Kazakh wheat with 3.1
million tons, while Afghanistan came second"), a leader whose amount names the group ("Almaty
tops the list with 918.3 thousand visitors") or by a fronted group ("Among the former Soviet
republics, Lithuania holds the top position"); it
holds through the next sentences of its paragraph that name more places ("Kaspi Bank came
second (T9.6 trillion), and Freedom Bank was third (T5.1 trillion)"), for the figures that
nothing else names there.

A figure belongs to the list when its clause (the text after the last comma before it, or
the clause before a bare "with <amount>") opens with a party and a ranking verb: "Russia was
second", "and Italy came third", "followed by China".
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from ..lexicon import table
from ..model import Kind, Mention
from .metric import Metric, indicator_of


@dataclass(frozen=True)
class Frame:
    """The group a ranking list ranks, and the word a place in it takes ("among", "by", "in")."""

    group: str
    prep: str
    #: the group's head noun, which picks the template of its amounts ("buyers" of "buyers of wheat")
    noun: str = ""


#: a time between a group and its leader's amount: "the list of insurers by premiums over the nine months with"
_TIME = r"(?:\s+(?:over|in|during|for)\s+(?:the\s+)?(?:first\s+|past\s+|last\s+)?(?:\p{L}+\s+)?(?:months|quarters|weeks|" \
        r"year|half|quarter|period|(?:19|20)\d\d))?"
#: the group after a leader phrase, up to its amount or the end of its clause
_GROUP = r"(?:(?:this\s+year['’]s|last\s+year['’]s|the|this|last)\s+)?(?P<group>[\p{L}’'-]+(?:\s+[\p{L}’'-]+){0,5}?)" \
         r"(?=" + _TIME + r"(?:\s+(?:with|at)\s|\s*[,;(.]|\s*$))"
#: "tops the list of potato producers", "topped the ranking of", "remains the leader among importers",
#: "is the leader in tax collection", "remains the leader by assets", "was the leader of this year's harvest"
_LEADER = regex.compile(
    r"(?<![\p{L}])(?:(?:tops|topped|top|heads|headed|leads|led)\s+the\s+(?:list|ranking|rating|table)\s+of"
    r"|(?:is|was|remains|remain|remained|became|becomes|stays|stayed)\s+the\s+leader\s+(?P<prep>among|in|by|of))\s+" + _GROUP,
    regex.IGNORECASE)
#: a leader said as a superlative: "Uzbekistan remained the largest buyer of Kazakh wheat with
#: 3.1 million tons", "social spending remains the largest item, at 44.6%"
_SUPERLATIVE = regex.compile(
    r"(?<![\p{L}])(?:is|was|remains|remain|remained|became|becomes|stays|stayed)\s+(?:still\s+|also\s+)?the\s+"
    r"(?:single\s+)?(?:largest|biggest|leading|top|best-selling)\s+(?P<noun>\p{Ll}[\p{L}-]*)"
    r"(?P<of>\s+(?:of|in|for|among)\s+[\p{L}’'-]+(?:\s+[\p{L}’'-]+){0,3}?)?(?=\s+(?:with|at)\s|\s*[,;(.]|\s*$)",
    regex.IGNORECASE)
#: a leader whose group is the thing its amount counts: "Almaty tops the list with 918.3 thousand visitors"
_TOPS_WITH = regex.compile(
    r"(?<![\p{L}])(?:tops|topped|heads|headed|leads|led)\s+the\s+(?:list|ranking|rating|table)\s+with\s+"
    r"(?:(?:about|around|over|nearly|almost|some)\s+)?[\d.,]+(?:\s+(?:thousand|million|billion))?\s+"
    r"(?P<group>\p{Ll}[\p{L}-]*)")
#: "Among the former Soviet republics, Lithuania holds the top position"
#: "Among the films of 2025, ..." (the year the group is of is no part of it)
_AMONG = regex.compile(r"^\s*Among\s+(?:the\s+)?(?P<group>[\p{L}’'-]+(?:\s+[\p{L}’'-]+){0,5}?)"
                       r"(?:\s+(?:of|in|for)\s+(?:the\s+)?(?:year\s+)?(?:19|20)\d\d)?\s*,")
#: a party opening a clause of the list, before its ranking verb: "and Italy came third",
#: "Pavlodar region came second", "followed by China"
_PARTY = regex.compile(
    r"^\s*(?:and\s+|while\s+)?(?:(?P<by>followed\s+by\s+)(?:the\s+)?|[Tt]he\s+(?=\p{Lu}))?"
    r"(?P<party>(?(by)\p{L}|\p{Lu})[\p{L}\p{N}.’'&/-]*(?:\s+(?:[\p{Lu}\p{N}][\p{L}\p{N}.’'&/-]*|region|oblast|city|province|bank))*"
    r"(?:\s+in\s+\p{Lu}[\p{L}-]*(?:\s+(?:region|oblast|city))?|(?:\s+\p{Ll}[\p{L}-]*){0,2}?))"
    r"(?(by)(?=\s+(?:with|at)\s|\s*$)|(?:\s*$|\s*[-–—]\s*$|\s+(?:second|third|fourth|fifth)\s+with\s*$|"
    r"\s+(?:came|comes|was|is|ranked|ranks|placed|places|remains|remain|remained|"
    r"topped|tops|top|leads|led|heads|headed|took|takes|holds|held|finished|stood|stands|followed|rounded)\b))")
#: a place said bare ("came second", "was third"), not in a ranking of its own ("second in ...")
_BARE_PLACE = regex.compile(r"\G\s*(?!(?:in|among|by|of|on|place|position|spot)\b)", regex.IGNORECASE)
#: where a clause of the list starts: "Afghanistan came second with 2.4 million tons and
#: Tajikistan was third"
_CLAUSE = regex.compile(r"[,;](?!\d)|\s(?=and\s+\p{Lu})")
#: a relative clause between commas, and one that the figure is in: ", which took 720,000 tons,"
_ASIDE = regex.compile(r",\s*which\b(?:[^,;]|,(?=\d))*,")
_OPEN_ASIDE = regex.compile(r",\s*which\b(?:[^,;]|,(?=\d))*$")
#: a count said as a bare number, with no counted noun: "followed by KamAZ with 3.1 thousand"
_BARE_NUMBER = regex.compile(r"[\d.,\s]+(?:thousand|million|mln|thsd|k)?\.?", regex.IGNORECASE)
#: a title in quotes, after the words that say what it is: "the comedy "Aul Wedding 2" topped the
#: list", "and the animated film "Er Tostik" came third"
_QUOTED_PARTY = regex.compile(
    r"^\s*(?:and\s+|while\s+)?(?:(?:the|a|an)\s+)?(?:\p{Ll}[\p{L}-]*\s+){0,2}[\"“«](?P<party>\p{Lu}[^\"“”«»]{0,60}?)[\"”»]"
    r"(?:\s*$|\s+(?:came|comes|was|is|ranked|ranks|placed|places|remains|remained|topped|tops|led|leads|took|takes|"
    r"finished)\b)")
#: "with Kaspi Bank in second place"
_WITH_PARTY = regex.compile(r"^\s*with\s+(?:the\s+)?(?P<party>\p{Lu}[\p{L}\p{N}.’'&-]*(?:\s+\p{Lu}[\p{L}\p{N}.’'&-]*){0,3})"
                            r"\s+in\s+$")
#: a quoted name after its kind: 'the comedy "Aul Wedding 2"', 'the animated film "Er Tostik"'
_QUOTED = regex.compile(r"(?:(?<![\p{L}])[Tt]he\s+(?:\p{Ll}[\p{L}-]*\s+){1,2})?[\"“](?P<name>\p{Lu}[^\"“”]{0,40}?)[\"”]")
#: a clause whose party is before it: "which took 720,000 tons", "ranked fourth"
_NO_PARTY = regex.compile(r"^\s*(?:which\b|(?:came|was|is|ranked|ranks|placed|remained|finished|stood)\s)")
#: a clause that only adds the amount of the clause before it: ", with T4.2 trillion collected"
_AMOUNT_ONLY = regex.compile(r"^\s*(?:with|at)\s", regex.IGNORECASE)


def frame_of(text: str) -> Frame | None:
    """The ranking list a sentence opens, if any."""
    m = _LEADER.search(text) or _AMONG.search(text)
    if m is not None:
        prep = (m.groupdict().get("prep") or "among").lower()
        prep = "in" if prep == "of" else prep  # "the leader of the harvest": a place in the harvest
        group = " ".join(m["group"].split())
        return Frame(group, prep, group)
    m = _SUPERLATIVE.search(text)
    if m is not None:
        noun = plural(m["noun"].lower())
        return Frame(" ".join(f"{noun}{m['of'] or ''}".split()), "among", noun)
    m = _TOPS_WITH.search(text)
    if m is not None:
        return Frame(m["group"], "by", m["group"])
    return None


def plural(noun: str) -> str:
    """The plural of a count noun: "buyer" -> "buyers", "economy" -> "economies"."""
    if noun.endswith("s"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith(("x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def _party(text: str, mention: Mention) -> tuple[str, int, int] | None:
    """The party whose clause holds the figure: (its name as written, start, end)."""
    bounds = [0] + [c.end() for c in _CLAUSE.finditer(text, 0, mention.start)]
    for start in reversed(bounds):
        clause = text[start: mention.start]
        # "Mongolia, which took 90,000 tons, ranked fourth": the aside is not the clause's
        clause = _ASIDE.sub(lambda a: " " * len(a.group(0)), clause)
        # 'the comedy "Aul Wedding 2"': the quoted name is the party (its kind and quotes blanked)
        clause = _QUOTED.sub(lambda q: " " * (q.start("name") - q.start()) + q["name"] + " " * (q.end() - q.end("name")),
                             clause)
        aside = _OPEN_ASIDE.search(clause)
        if aside is not None:  # a figure in the aside is the party's it follows, if that is all its clause
            m = _PARTY.match(clause, 0, aside.start())
            if m and not clause[m.end("party"): aside.start()].strip():
                return m["party"], start + m.start("party"), start + m.end("party")
            return None
        m = _PARTY.match(clause) or _QUOTED_PARTY.match(clause) or _WITH_PARTY.match(clause)
        if m:
            return m["party"], start + m.start("party"), start + m.end("party")
        if not _AMOUNT_ONLY.match(clause) and not _NO_PARTY.match(clause):
            return None
    return None


@cache
def _amounts() -> dict[str, str]:
    return dict(table("indicators")["ranking_lists"]["amounts"])


def continues(text: str, mentions: list[Mention], frame: Frame | None) -> Frame | None:
    """``frame`` when a sentence after the one that opened it names more places of its list:
    a bare place ("Kaspi Bank came second (T9.6 trillion)") in a clause opened by its party."""
    if frame is None or frame_of(text) is not None:
        return None
    for m in mentions:
        if m.kind is Kind.RANK and _BARE_PLACE.match(text, m.end) and _party(text, m) is not None:
            return frame
    return None


def list_metric(mention: Mention, text: str, frame: Frame | None) -> Metric | None:
    """The metric of a figure of a ranking list: "Russia among trading partners" for its place,
    "trade with Russia" for its amount; None when the figure is not one of the list's."""
    if frame is None or mention.kind is Kind.COUNT and not _BARE_NUMBER.fullmatch(text, mention.start, mention.end):
        return None  # a count names its own thing ("2,488 base stations"); a bare one is the list's
    found = _party(text, mention)
    if found is None:
        return None
    party, start, end = found
    if mention.kind is Kind.RANK:
        return Metric(f"{party} {frame.prep} {frame.group}", "ranking", start, end, frame.group)
    template = next((t for g, t in _amounts().items() if frame.group.lower().endswith(g) or frame.noun == g), None)
    if template is None:
        # "Education came second with 17.5%": its share of what the list ranks
        template = "{party} share" if mention.kind is Kind.PERCENT else "{party} {group}"
    phrase = template.format(party=party, group=frame.group)
    return Metric(phrase, indicator_of(phrase), start, end, frame.group)
