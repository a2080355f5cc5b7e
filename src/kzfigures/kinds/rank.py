"""Rank: a position in an ordering, unit ``rank``.

"34th in the IMD World Competitiveness Ranking", "ranked 25th", "took second place",
"(78th, +11)", "the world's largest producer" (1), "second-largest" (2), "top ten" (10,
at most), "among the world's fifty fastest-growing economies" (50, at most).
Event ordinals ("the 5th session", "29th COP", "the 6th meeting") are not ranks: an ordinal is
a rank only where a ranking verb, a position noun or a ranking parenthesis says so.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache

import regex

from ..lexicon import table
from ..model import Kind, Mention, Qualifier
from ..numbers import NUM_START, ordinal_words, parse_number
from . import (CUE_ANCHOR, NUMBER_ANCHOR, ORDINAL_ANCHOR, KindSpec, Rule, matches, preceded_by, rule_maker,
               sentence_has, Taken)


@cache
def _vocab() -> dict:
    return table("rank")


def _countries() -> list[str]:
    """The names of the gazetteer's countries (data/places.toml): "China", "Russia"."""
    return list(table("places")["countries"])


@cache
def _lists() -> dict[str, list[str]]:
    v = _vocab()
    return {
        "superlatives": v["superlatives"],
        "first_superlatives": v["first_superlatives"],
        "linking_superlatives": v["linking_superlatives"],
        "position_nouns": v["position_nouns"],
        "rank_verbs": v["rank_verbs"],
        "after_rank": v["after_rank"],
        "scopes": v["scopes"],
        # "the world's largest", and a country's first: "Russia's biggest miner"
        "possessor_scopes": sorted({*v["scopes"], *_countries()}),
        "top_roles": v["top_roles"],
        "ranking_words": v["ranking_words"],
        "event_nouns": v["event_nouns"],
        **{k: v[k] for k in ("lead_verbs", "lead_lists", "lead_domains", "lead_domain_scopes",
                             "leader_adjectives", "top_positions", "position_verbs", "most_verbs",
                             "most_words", "amount_nouns", "scoped_superlatives", "scoped_nouns",
                             "copula_verbs", "record_words", "placing_verbs", "leader_scopes",
                             "leader_measures", "leader_copulas", "performer_superlatives", "lead_moves",
                             "move_superlatives", "move_nouns")},
    }


# --- pieces --------------------------------------------------------------------------------
#: "34th", "2nd", "102nd", "21st"
DIGIT_ORDINAL = rf"{NUM_START}(?P<num>\d{{1,4}})(?:st|nd|rd|th)(?![\p{{L}}\p{{N}}])"
#: the same, before a hyphen: "34th" in "34th-ranked"
DIGIT_ORDINAL_BODY = rf"{NUM_START}(?P<num>\d{{1,4}})(?:st|nd|rd|th)"
#: "second", "tenth", "thirty-fourth"
WORD_ORDINAL = r"(?<![\p{L}])(?P<word>(?:\L<ten_words>[-\s])?\L<ordinal_words>)(?![\p{L}])"
ORDINAL = rf"(?:{DIGIT_ORDINAL}|{WORD_ORDINAL})"
#: a superlative, maybe hyphenated to its ordinal: "largest", "fastest-growing"
SUPERLATIVE = r"(?:\L<superlatives>)(?![\p{L}])"
#: "the world's", "Central Asia's", "the country's"
SCOPE = r"(?:(?:the\s+)?\L<scopes>['’]s)"
#: "ten", "10", "fifty"
TOP_NUMBER = r"(?P<num>\d{1,4}(?!\d)(?![.,]\d)|(?:\L<ten_words>(?:-\L<unit_words>)?|\L<unit_words>)(?![\p{L}]))"


def _ordinal_value(m: regex.Match) -> float | None:
    groups = m.groupdict()
    if groups.get("num"):
        return float(groups["num"])
    *tens, last = regex.split(r"[-\s]", groups["word"].lower())
    return float(ordinal_words()[last] + (parse_number(tens[0]) if tens else 0))


#: "one of the world's largest", "among the largest": a group, not a single position
_GROUP = regex.compile(r"(?:\bone\s+of|\bamong|\bsome\s+of)\s+(?:the\s+|its\s+|our\s+)?$", regex.IGNORECASE)


@cache
def _ranking_sentence() -> regex.Pattern:
    return regex.compile(r"(?<![\p{L}])\L<w>(?![\p{L}])", regex.IGNORECASE, w=_vocab()["ranking_words"])


def _build(name: str, value_of=_ordinal_value, qualifier: Qualifier | None = None, ranking: bool = False):
    def build(m: regex.Match, text: str) -> Mention | None:
        if qualifier is None and preceded_by(text, m.start("fig"), _GROUP):
            return None
        if ranking and not sentence_has(text, _ranking_sentence()):
            return None  # "to 35th" is a position only in a sentence about a ranking
        value = value_of(m)
        if value is None or value < 1:
            return None
        return Mention(Kind.RANK, m.start("fig"), m.end("fig"), value, "rank", name,
                       qualifier=qualifier, number_text=m.group("fig"))
    return build


def _one(m: regex.Match) -> float:
    return 1.0


#: "highest since 2019", "the most ever", "the largest in history": a record over time, never a rank
_RECORD_AFTER = r"(?!\s+(?:[\p{L}-]+\s+){0,2}\L<record_words>(?![\p{L}]))"


@cache
def _ranking_context() -> regex.Pattern:
    """A sentence that ranks: a ranking word, a place said with a ranking verb ("came second") or a
    first place said without one ("X remains the leader ..., and Y is second", "X was the largest
    consumer with 3.4 bcm, Y was second with 2.9 bcm")."""
    return regex.compile(r"(?<![\p{L}])(?:\L<w>|came|finished|placed|ranked|leader|leads|led|tops|topped|heads|headed"
                         r"|the\s+(?:\L<sup>|most\s+\p{L}+))(?![\p{L}])", regex.IGNORECASE,
                         w=_vocab()["ranking_words"], sup=_vocab()["first_superlatives"])


def _build_in_ranking(name: str):
    """An ordinal after a copula ("X was third.") is a position only in a sentence that ranks."""
    inner = _build(name)

    def build(m: regex.Match, text: str) -> Mention | None:
        if not sentence_has(text, _ranking_context()):
            return None
        return inner(m, text)
    return build


def _top_value(m: regex.Match) -> float | None:
    return parse_number(m.group("num"))


#: a digit ordinal standing as a position after another rank: "42nd and 45th", "..., and 12th for gas"
_NEXT_ORDINAL = (rf"(?P<fig>{DIGIT_ORDINAL})(?!\s+\L<event_nouns>(?![\p{{L}}]))"
                 rf"(?=\s*(?:[,.;:)]|$|\s(?:\L<after_rank>|respectively|a|last|this|previously|earlier)(?![\p{{L}}])))")


#: a word ordinal standing as the next place after a name, at the end of its clause or before
#: its amount: "Astana came second, and Shymkent third.", "Uzbekistan ranked third, Kyrgyzstan
#: fourth.", "..., and West Kazakhstan region third with 18.6 thousand"
_NEXT_WORD_ORDINAL = (r"(?<=(?:,|(?<![\p{L}])and)\s+(?-i:\p{Lu}[\p{L}'’-]*\s+){1,3}(?:(?:region|city|oblast)\s+)?)"
                      # "..., and West Kazakhstan region third with 18.6 thousand."
                      # "..., and Shymkent third - 438.9 thousand tenge."
                      rf"(?P<fig>{WORD_ORDINAL})(?=\s*(?:[,.;)]|$)|\s+with\s+(?:\p{{L}}{{1,3}}\s?)?\p{{Sc}}?\d"
                      r"|\s+[-–—]\s+(?:\p{L}{1,3}\s?)?\p{Sc}?\d)")


def _coordinated(text: str, anchors, found: list[Mention]) -> list[Mention]:
    """Ordinals after a rank of the same sentence are positions too: "42nd and 45th",
    "came second, and Shymkent third"."""
    if not found:
        return found
    first = min(m.start for m in found)
    extra = []
    taken = Taken(found)
    for rule, value in ((_next_rule(), lambda m: float(m.group("num"))), (_next_word_rule(), _ordinal_value)):
        positions = [a for a in anchors.positions(rule.anchors) if a >= first]
        for m in matches(rule, text, positions):
            if not taken.free(m.start("fig"), m.end("fig")):
                continue
            extra.append(Mention(Kind.RANK, m.start("fig"), m.end("fig"), value(m), "rank",
                                 rule.name, number_text=m.group("fig")))
            taken.add(m.start("fig"), m.end("fig"))
    return sorted([*found, *extra], key=lambda k: (k.start, k.end))


@cache
def _next_rule() -> Rule:
    return Rule("<rank> ... and <ordinal>", _NEXT_ORDINAL, ("42nd and",), lambda m, t: None, _lists())


@cache
def _next_word_rule() -> Rule:
    return Rule("<rank> ..., <name> <word ordinal>", _NEXT_WORD_ORDINAL, ("came second, and Shymkent third.",),
                lambda m, t: None, _lists(), frozenset({ORDINAL_ANCHOR}))


#: a superlative coordinated with a ranked noun phrase: "... second-largest trading partner in
#: Central Asia and the largest supplier of grain", "the ninth-largest by area and the largest
#: landlocked country" (the words between have no comma and no number)
_AND_THE_SUPERLATIVE = (r"(?<=(?<![\p{L}])and\s+the\s+)(?P<fig>\L<linking_superlatives>)(?![\p{L}-])(?=\s+\p{L})"
                        + _RECORD_AFTER)
#: what may stand between the first superlative and "and the": at most six words
_COORDINATED_GAP = regex.compile(r"(?:\s+[\p{L}'’-]+){0,6}\s+and\s+the\s+$")


@cache
def _and_superlative_rule() -> Rule:
    return Rule("<superlative> ... and the <superlative>", _AND_THE_SUPERLATIVE, ("and the largest supplier",),
                lambda m, t: None, _lists(), frozenset({CUE_ANCHOR}))


def _coordinated_superlative(text: str, anchors, found: list[Mention]) -> list[Mention]:
    """A superlative coordinated with a superlative rank before it is a first place: "X is the
    region's second-largest partner and the largest supplier of grain" (2, then 1)."""
    firsts = [m for m in found if "<superlative>" in m.rule]
    if not firsts:
        return found
    rule = _and_superlative_rule()
    taken = Taken(found)
    extra = []
    positions = [a for a in anchors.positions(rule.anchors) if a > min(m.end for m in firsts)]
    for m in matches(rule, text, positions):
        if not taken.free(m.start("fig"), m.end("fig")):
            continue
        if not any(f.end <= m.start("fig") and _COORDINATED_GAP.fullmatch(text, f.end, m.start("fig")) for f in firsts):
            continue
        extra.append(Mention(Kind.RANK, m.start("fig"), m.end("fig"), 1.0, "rank", rule.name,
                             number_text=m.group("fig")))
        taken.add(m.start("fig"), m.end("fig"))
    return sorted([*found, *extra], key=lambda k: (k.start, k.end))


_rule = rule_maker(_lists)
#: an ordinal starts at a digit, a word number ("thirty-fourth") or an ordinal word; one
#: written in digits ("34th") is an ordinal anchor of its own (see :mod:`kzfigures.scan`)
_ORDINALS = (NUMBER_ANCHOR, ORDINAL_ANCHOR)


def _in_brackets(text: str) -> Callable[[int], bool]:
    """Which anchors of the sentence open a bracket's content, as "(40th)" and "(18, -3)" do."""
    return lambda at: at > 0 and text[at - 1] == "("


RULES: list[Rule] = [
    _rule("<ordinal>-<superlative>",
         rf"(?P<fig>{ORDINAL}[-\s]{SUPERLATIVE})",
         ("second-largest", "third biggest", "2nd largest"), _build("<ordinal>-<superlative>"), anchors=_ORDINALS,
         needs=("superlatives",)),
    _rule("<scope>'s <superlative>",
         r"(?P<fig>(?<![\p{L}])\L<possessor_scopes>['’]s\s+(?:\L<first_superlatives>|most\s+(?!of(?![\p{L}]))\p{L}+))(?![\p{L}-])"
         + _RECORD_AFTER,
         ("world’s largest", "Central Asia's biggest", "Russia's biggest", "the country's most gasified"), _build("<scope>'s <superlative>", _one),
         anchors=[CUE_ANCHOR], lead=40),
    _rule("among the <scope>? <number> <superlative>",
         rf"\b(?:among|one\s+of)\s+(?:the\s+|its\s+)?(?:{SCOPE}\s+)?(?P<fig>{TOP_NUMBER}\s+(?:most\s+\p{{L}}+|\p{{L}}+est(?:-\p{{L}}+)?|leading|top)(?:\s+\p{{L}}+)?)",
         ("among the world’s fifty fastest-growing economies", "one of the world’s ten largest coal mines"),
         _build("among the <scope>? <number> <superlative>", _top_value, Qualifier.AT_MOST), lead=64,
         needs=(("among", "one"),)),
    # one or two modifiers before the role, the first no plural ("top officials met investors")
    _rule("<scope>'s top <role>",
         r"(?P<fig>(?<![\p{L}])\L<possessor_scopes>['’]s\s+top)(?=\s+(?:[\p{L}-]+(?<![^s]s)\s+)?(?:[\p{L}-]+\s+)?\L<top_roles>(?![\p{L}]))",
         ("world's top uranium producer", "China's top stainless steel producer"), _build("<scope>'s top <role>", _one), anchors=[CUE_ANCHOR], lead=40),
    _rule("<ordinal>-ranked",
         rf"(?P<fig>{DIGIT_ORDINAL_BODY})-ranked(?![\p{{L}}])",
         ("34th-ranked",), _build("<ordinal>-ranked"), anchors=[ORDINAL_ANCHOR]),
    _rule("top <number>",
         rf"(?P<fig>(?<![\p{{L}}])top[-\s]{TOP_NUMBER})(?!\s?(?:%|percent|per\s?cent))",
         ("top ten", "top 10", "top-5"), _build("top <number>", _top_value, Qualifier.AT_MOST), anchors=[CUE_ANCHOR]),
    _rule("<ordinal> <position noun>",
         rf"(?P<fig>{ORDINAL}\s+\L<position_nouns>)(?![\p{{L}}])",
         ("42nd position", "second place", "first spot"), _build("<ordinal> <position noun>"), anchors=_ORDINALS,
         needs=("position_nouns",)),
    _rule("<rank verb> <ordinal>",
         rf"(?<![\p{{L}}])\L<rank_verbs>\s+(?:(?:the|a|an|\p{{Lu}}\p{{L}}*|country|it|in)\s+){{0,3}}(?P<fig>{DIGIT_ORDINAL})"
         rf"(?=\s*(?:[,.;:)]|$|\s\L<after_rank>(?![\p{{L}}])))(?!\s+in\s+(?:the\s+)?history)",
         ("ranked 25th", "is 66th,", "placing the country 15th in the world"), _build("<rank verb> <ordinal>"),
         anchors=[ORDINAL_ANCHOR], lead=96),
    _rule("<rank verb> <word ordinal> <after>",
         rf"(?<![\p{{L}}])\L<rank_verbs>\s+(?P<fig>{WORD_ORDINAL})(?=\s+(?:in|among|globally|worldwide|after|behind)(?![\p{{L}}]))",
         ("ranks first in", "came third among"), _build("<rank verb> <word ordinal> <after>"), anchors=[ORDINAL_ANCHOR],
         lead=40),
    _rule("<ranking verb> <word ordinal>.",
         rf"(?<![\p{{L}}])(?:ranked|ranks|rank|placed|came|finished|occupied|occupies)\s+(?P<fig>{WORD_ORDINAL})(?=\s*[,.;)]|$)",
         ("ranked ninth.", "came second,"), _build("<ranking verb> <word ordinal>."), anchors=[ORDINAL_ANCHOR], lead=40),
    _rule("ranked <word ordinal> by",
         rf"(?<![\p{{L}}])(?:ranked|ranks|rank)\s+(?P<fig>{WORD_ORDINAL})(?=\s+by\s)",
         ("ranked first by the area under drip irrigation", "ranks second by revenue"),
         _build("ranked <word ordinal> by"), anchors=[ORDINAL_ANCHOR], lead=16),
    _rule("<linking verb> the <superlative>",
         r"(?<![\p{L}])(?:is|was|are|were|remained|remains|became|becomes|become|be|stays|stayed)\s+"
         r"(?:still\s+|also\s+|again\s+)?the\s+(?P<fig>\L<linking_superlatives>)(?![\p{L}-])(?=\s+\p{L})"
         r"(?!\s+(?:[\p{L}'’-]+\s+){0,4}history(?![\p{L}]))" + _RECORD_AFTER,
         ("was the largest IPO", "remained the busiest in Central Asia"), _build("<linking verb> the <superlative>", _one),
         anchors=[CUE_ANCHOR], lead=48),
    _rule("the <superlative> ... in the <scope>",
         r"\bthe\s+(?P<fig>\L<first_superlatives>)(?=\s+(?:[\p{L}-]+\s+){0,3}(?:in|on)\s+(?:the\s+)?\L<scopes>(?![\p{L}])"
         r"(?!['’]s\s+(?:\p{L}+\s+)?history)" + _RECORD_AFTER + ")",
         ("the largest producer of uranium in the world", "the largest in the country", "the biggest in Central Asia",
          "the biggest port on the Caspian"),
         _build("the <superlative> ... in the <scope>", _one), anchors=[CUE_ANCHOR], lead=16),
    # --- first place said without an ordinal ----------------------------------------------
    _rule("<lead verb> the <list>",
         r"(?P<fig>(?<![\p{L}])\L<lead_verbs>\s+the\s+\L<lead_lists>)(?![\p{L}])",
         ("tops the list", "topped the list", "heads the ranking"), _build("<lead verb> the <list>", _one),
         anchors=[CUE_ANCHOR]),
    _rule("<lead verb> <scope>? <domain>",
         r"(?P<fig>(?<![\p{L}])(?:leads|led|leading)\s+(?:\L<lead_domain_scopes>\s+)?\L<lead_domains>)(?![\p{L}])",
         ("leads regional trade", "led the global market"), _build("<lead verb> <scope>? <domain>", _one),
         anchors=[CUE_ANCHOR]),
    _rule("<linking verb> the top <role>",
         r"(?<![\p{L}])(?:is|was|are|were|remained|remains|became|becomes|stays|stayed)\s+(?:still\s+|also\s+|again\s+)?"
         r"(?P<fig>the\s+top\s+\L<top_roles>)(?![\p{L}])",
         ("remained the top destination", "is the top buyer"), _build("<linking verb> the top <role>", _one),
         anchors=[CUE_ANCHOR], lead=32),
    _rule("the <superlative> <role> was <party>",
         r"(?:^|(?<=[,;:]\s*))(?-i:[Tt]he)\s+(?P<fig>\L<first_superlatives>)\s+(?:[\p{L}-]+\s+)?\L<top_roles>"
         r"(?=\s+(?:was|is|were|are|remained|remains)\s+(?:the\s+)?(?:[\p{Ll}-]+\s+){0,2}(?:of\s+the\s+)?(?-i:\p{Lu}))",
         ("The largest buyer was the Unified Pension Fund", "; the biggest supplier is Russia",
          "The largest project was the second string of the Beineu-Bozoi-Shymkent pipeline"),
         _build("the <superlative> <role> was <party>", _one), anchors=[CUE_ANCHOR], lead=8),
    _rule("the <superlative> <move> was in <place>",
         r"(?:^|(?<=[,;:]\s*))(?-i:[Tt]he)\s+(?P<fig>\L<move_superlatives>\s+\L<move_nouns>)"
         r"(?=\s+(?:\p{L}+\s+){0,3}?(?:was|were)\s+(?:(?:recorded|seen|registered|observed)\s+)?in\s+(?-i:\p{Lu}))",
         ("The sharpest rise was in Atyrau region", "the biggest drop in prices was recorded in Aktobe"),
         _build("the <superlative> <move> was in <place>", _one), anchors=[CUE_ANCHOR], lead=8),
    _rule("the <superlative> of them",
         r"(?:^|(?<=[,;:]\s*))(?-i:[Tt]he)\s+(?P<fig>\L<first_superlatives>)(?=\s+of\s+(?:them|these|those)(?![\p{L}]))",
         ("The largest of them, near Ekibastuz GRES-2, draws 150 MW",), _build("the <superlative> of them", _one),
         anchors=[CUE_ANCHOR], lead=8),
    # "ranked 9 among 25 countries", "placed 8 in its Online Services Index", "Ranks 24 in UN ..."
    _rule("<ranking verb> <bare number> among|in",
         r"(?<![\p{L}])(?:ranked|ranks|placed|places)\s+(?P<fig>(?P<num>\d{1,3}))(?=\s+(?:among|in|out\s+of)\s)",
         ("ranked 9 among 25 countries", "placed 8 in its Online Services Index"),
         _build("<ranking verb> <bare number> among|in", _top_value), lead=16, needs=(("ranked", "ranks", "placed", "places"),)),
    # "China, the top consumer of lithium,"
    _rule(", the top <role>",
         r"(?<=,\s*)(?P<fig>the\s+top\s+\L<top_roles>)(?![\p{L}])",
         ("China, the top consumer of lithium,",), _build(", the top <role>", _one), anchors=[CUE_ANCHOR], lead=8),
    # a headline drops "the": "China Becomes Largest Buyer", "Remains Top Destination"
    _rule("<Linking Verb> <Superlative> <Role> (a headline)",
         r"(?-i:(?<![\p{L}])(?:Becomes|Became|Remains|Remained|Is|Stays)\s+(?P<fig>Largest|Biggest|Top|Leading)"
         r"(?=\s+\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?(?:[\s,.;:]|$))(?!\s+\p{Lu}\p{Ll}+\s+Since\b))",
         ("China Becomes Largest Buyer",), _build("<Linking Verb> <Superlative> <Role> (a headline)", _one),
         anchors=[CUE_ANCHOR], lead=16),
    # "The largest cluster is in Almaty": the first place of a set of places
    _rule("the <superlative> <noun> is in <place>",
         r"(?:^|(?<=[,;:]\s*))(?-i:[Tt]he)\s+(?P<fig>\L<first_superlatives>)(?=\s+\p{Ll}+\s+(?:is|was|are|were)\s+in\s+(?-i:\p{Lu}))",
         ("The largest cluster is in Almaty",), _build("the <superlative> <noun> is in <place>", _one),
         anchors=[CUE_ANCHOR], lead=8),
    _rule("<linking verb> the leader in|among",
         r"(?<![\p{L}])\L<leader_copulas>\s+"
         r"(?:still\s+|also\s+|again\s+)?(?P<fig>the\s+(?:\L<leader_adjectives>\s+)?leader)"
         r"(?=\s+(?:in|among|by)(?![\p{L}])|\s+with\s+(?:\p{L}{1,3}\s?)?\p{Sc}?\d"
         r"|\s+of\s+(?:[\p{L}'’-]+\s+){1,5}?with\s+(?:\p{L}{1,3}\s?)?\p{Sc}?\d)",
         ("remains the leader in retail deposits", "is the undisputed leader among", "remains the leader with 41%",
          "remain the leader in", "was the leader of this year's harvest with 1.42 million tons"),
         _build("<linking verb> the leader in|among", _one), anchors=[CUE_ANCHOR], lead=32),
    _rule("the leader among|in <scope>",
         r"(?P<fig>(?<![\p{L}])the\s+(?:\L<leader_adjectives>\s+)?leader)"
         r"(?=\s+(?:among|in\s+(?:the\s+)?(?:\L<scopes>|\L<leader_scopes>)(?![\p{L}'’-])|in\s+terms\s+of))",
         ("making it the leader in Central Asia", "emerged as the leader among CIS countries", "the leader in terms of FDI"),
         _build("the leader among|in <scope>", _one), anchors=[CUE_ANCHOR], lead=20),
    _rule("the leader by <measure>",
         r"(?P<fig>(?<![\p{L}])the\s+(?:\L<leader_adjectives>\s+)?leader)(?=\s+by\s+\L<leader_measures>(?![\p{L}]))",
         ("Beeline, the leader by revenue,", "the market leader by assets"), _build("the leader by <measure>", _one),
         anchors=[CUE_ANCHOR], lead=20),
    _rule("with <Name> the <superlative> <noun>",
         r"(?<![\p{L}])with\s+(?-i:\p{Lu}[\p{L}'’-]*\s+){1,3}(?P<fig>the\s+\L<linking_superlatives>\s+\p{L}+)(?![\p{L}-])"
         + _RECORD_AFTER,
         ("with Germany the largest buyer of zander", "with South Korea the biggest investor"),
         _build("with <Name> the <superlative> <noun>", _one), anchors=[CUE_ANCHOR], lead=64),
    _rule("the best performer among|in",
         r"(?P<fig>(?<![\p{L}])the\s+\L<performer_superlatives>\s+performer)(?=\s+(?:among|in)(?![\p{L}]))"
         r"(?!\s+\L<record_words>(?![\p{L}]))",
         ("the best performer among emerging-market currencies", "the top performer in the index"),
         _build("the best performer among|in", _one), anchors=[CUE_ANCHOR], lead=8),
    _rule("leads <market> gains",
         r"(?P<fig>(?<![\p{L}])(?:leads|led))(?=\s+(?:(?!(?:to|in|into|on|at|by|with|for)\s)[\p{L}-]+\s+){0,3}\L<lead_moves>(?![\p{L}]))",
         ("Tenge leads EM currency gains", "led the gains among Asian currencies"),
         _build("leads <market> gains", _one), anchors=[CUE_ANCHOR]),
    _rule("tops <scope>",
         r"(?P<fig>(?<![\p{L}])(?:tops|topped|topping)\s+(?:the\s+)?(?:\L<scopes>|\L<leader_scopes>))(?![\p{L}'’-])"
         r"(?=\s*(?:[,.;:!)]|$)|\s+(?:in|for|by|among|with|on|again)(?![\p{L}]))",
         ("Kazakhstan Tops Central Asia", "topped the CIS in FDI per capita"), _build("tops <scope>", _one),
         anchors=[CUE_ANCHOR]),
    _rule("<word ordinal> only to",
         rf"(?P<fig>{WORD_ORDINAL}\s+only)(?=\s+to(?![\p{{L}}]))",
         ("second only to Russia", "third only to Turkey and Russia"), _build("<word ordinal> only to"),
         anchors=[ORDINAL_ANCHOR]),
    _rule("<position verb> the top|highest position",
         r"(?<![\p{L}])\L<position_verbs>\s+(?P<fig>(?:the\s+)?\L<top_positions>\s+(?:position|place|spot|line))(?![\p{L}])"
         r"(?!\s+(?:of|at|on|with)(?![\p{L}]))",
         ("took the top position among", "holds the highest position in the rating", "moved up to top position among"),
         _build("<position verb> the top|highest position", _one), anchors=[CUE_ANCHOR], lead=24),
    _rule("<most verb> the most <things>",
         r"(?<![\p{L}])\L<most_verbs>\s+(?P<fig>the\s+(?:most\s+(?!\p{L}+(?:ous|ss|us|is|ive|ful|ble|nt|al|ic)(?![\p{L}]))\p{L}+s"
         r"|(?:largest|biggest|greatest|highest)\s+\L<amount_nouns>))(?![\p{L}])" + _RECORD_AFTER,
         ("received the most tourists", "accounted for the largest volume of imports"),
         _build("<most verb> the most <things>", _one), anchors=[CUE_ANCHOR], lead=32),
    _rule("the <superlative> <noun> in <scope>",
         r"(?P<fig>\bthe\s+\L<scoped_superlatives>\s+\L<scoped_nouns>)(?![\p{L}])"
         r"(?=\s+(?:in|of)\s+(?:the\s+)?(?:\L<scopes>|post-Soviet|former\s+Soviet|Eurasian)(?![\p{L}'’]))",
         ("the wealthiest country in Central Asia", "the richest nation in the post-Soviet space"),
         _build("the <superlative> <noun> in <scope>", _one), anchors=[CUE_ANCHOR], lead=8),
    _rule("<copula> <word ordinal>. (in a ranking)",
         rf"(?<![\p{{L}}])\L<copula_verbs>\s+(?P<fig>{WORD_ORDINAL})(?=\s*[,.;)]|$)",
         ("came second, and Kostanay was third.", "Astana ranked first, Almaty is fifth,"), _build_in_ranking("<copula> <word ordinal>. (in a ranking)"),
         anchors=[ORDINAL_ANCHOR], lead=16),
    _rule("<placing verb> <word ordinal> with|at|(<amount>) (in a ranking)",
         rf"(?<![\p{{L}}])\L<placing_verbs>\s+(?P<fig>{WORD_ORDINAL})(?=\s+(?:with|at|[-–—])\s+(?:\p{{L}}{{1,3}}\s?)?\p{{Sc}}?\d|\s*\(\p{{L}}{{0,3}}\p{{Sc}}?\d)",
         ("came second with $27.9 billion", "Kaspi ranked first, Freedom was third (T5.1 trillion)",
          "Kostanay region ranked second - 598 thousand tons"),
         _build_in_ranking("<placing verb> <word ordinal> with|at|(<amount>) (in a ranking)"),
         anchors=[ORDINAL_ANCHOR], lead=16),
    _rule("(<ordinal>)",
         rf"\((?P<fig>{DIGIT_ORDINAL})(?=\s*(?:\)|,\s*[-+−–]\s?\d))",
         ("(40th)", "(78th, +11)"), _build("(<ordinal>)"), anchors=[ORDINAL_ANCHOR], lead=1, ahead=_in_brackets),
    _rule("(<number>, <move>)",
         rf"\((?P<fig>{NUM_START}(?P<num>\d{{1,3}}))(?=,\s*[-+−–]\s?\d{{1,3}}\))",
         ("(18, -3)",), _build("(<number>, <move>)"), lead=1, ahead=_in_brackets),
    _rule("No. <number>",
         r"(?<![\p{L}])(?:ranked|ranks|is|was|became|remains|the|\L<scopes>['’]s)\s+(?P<fig>(?:No\.|number)\s?(?P<num>\d{1,3}|one)(?![\d.,\p{L}]))"
         r"(?=\s+(?:[\p{L}-]+\s+)?(?:in|among|\L<top_roles>)(?![\p{L}])|\s*[,.;])",
         ("ranked No. 1 in", "the No. 2 exporter", "world's No. 1 uranium producer", "is number one in"),
         _build("No. <number>", _top_value), lead=48, needs=(("No.", "number"),)),
    _rule("to|from <ordinal> (in a ranking)",
         rf"(?<![\p{{L}}])(?:to|from)\s+(?P<fig>{ORDINAL})(?=\s*(?:[,.;:)]|$|\s\L<after_rank>(?![\p{{L}}])))",
         ("climbed 15 spots to 35th.", "up three places from 37th", "two places in the ranking, to fourth."), _build("to|from <ordinal> (in a ranking)", ranking=True),
         anchors=[ORDINAL_ANCHOR], lead=16),
]


SPEC = KindSpec(
    kind=Kind.RANK, rules=tuple(RULES), priority=4,
    canonical_units=lambda: ("rank",),
    # "the world's largest", "top ten": a rank needs no number
    anchor_words=lambda: {CUE_ANCHOR: sorted({*_vocab()["superlatives"], *_vocab()["first_superlatives"],
                                              *_vocab()["linking_superlatives"], "top",
                                              *_vocab()["lead_verbs"], "leading", "leader",
                                              *_vocab()["scoped_superlatives"], *_vocab()["move_superlatives"],
                                              "most"})},
    post=(_coordinated, _coordinated_superlative),
)


def extract(text: str) -> list[Mention]:
    """Rank mentions in one sentence."""
    from ..scan import extract_kind
    return extract_kind(SPEC, text)
