"""Count: how many things, unit ``count``, with the thing itself in ``Mention.counted``.

"600 companies", "2,500 Turkish students" (student), "Seven new industrial zones"
(industrial zone), "3.2mn tourists" (tourist), "48 export-oriented enterprises", "5-10 countries",
"70 of the 105 elements" (two counts of element), "growth in 54 sectors and decline in 12" (two).

Without a part-of-speech tagger, a counted thing is recognised by its shape: the number is
followed, within four words, by a plural-looking noun (ending in "s" but not "-ss", "-us",
"-is"; an irregular plural such as "people"; or a word like "staff" whose plural is its
singular). The words before it are modifiers, and no counted thing lies across a function word
("of", "the", "and", "were"). Only a plural is counted: "one plant" and "a new plant" are
left out, which loses a few counts of one but keeps "one of the", "one country" and the
pronoun "one" out for good.

Not counts: years, time spans ("30 years", "six months"), multipliers ("two times"), moves in
a ranking ("up 15 spots", "8 points"), the units of the other kinds ("5 tons", "12 bcm",
"100 million tenge"), numbers inside names ("Article 19 states", "Boeing 737 jets", "G20
countries"), signed moves ("+11 positions") and small word numbers that point back ("the two
countries", "both sides"), amounts of money ("$1.5 billion Eurobonds") and shares ("one in five
firms"). A number before a superlative ("among the world's thirty most competitive economies",
"the 10 largest banks") picks out the top of a ranking, which is a rank. The vocabulary is in
``data/count.toml``; the units of the other kinds are read from their own tables.

``counted`` is the singular of the noun with its classifying modifiers, in lower case:
evaluative words ("major", "new", "ongoing"), capitalised words (nationalities and names:
"Turkish", "British") and adverbs ("newly built") stay in the cited span but are left out of
it, so that the same things counted in two articles get the same name.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import cache

import regex

from ..lexicon import table
from ..model import Kind, Mention, Qualifier
from ..numbers import NUMBER, RANGE_DASH, RANGE_TO, compile_rule, is_year, named_lists, parse_number
from . import (BETWEEN, CUE_ANCHOR, LOOKBACK, NUMBER_ANCHOR, Borrow, KindSpec, Rule, anaphora, elided, matches, preceded_by,
               range_values, rule_maker, sentence_has, specs, Taken)


@cache
def _vocab() -> dict:
    return table("count")


def _other_units() -> list[str]:
    """The unit words of every other kind in the registry."""
    return [w for spec in specs() if spec.kind is not Kind.COUNT for w in spec.unit_words()]


@cache
def other_unit_words() -> list[str]:
    """One-word units of the other kinds, lower case: "tons", "bcm", "tenge", "percent"..."""
    phrases = [*_other_units(), *named_lists()["scales"]]
    return sorted({p.lower() for p in phrases if " " not in p.strip()})


@cache
def other_unit_phrases() -> tuple[str, ...]:
    """Units of several words of the other kinds, lower case: "twenty-foot equivalent units"."""
    return tuple(sorted({" ".join(p.lower().split()) for p in _other_units() if " " in p.strip()}))


@cache
def _unit_phrase_set() -> frozenset[str]:
    return frozenset(other_unit_phrases())


@cache
def _lists() -> dict[str, list[str]]:
    v = _vocab()
    never = sorted({w for ws in v["never_counted"].values() for w in ws} | set(other_unit_words()))
    return {
        "never_counted": never,
        "not_plural": v["not_plural"],
        "irregular": list(v["irregular"]),
        "invariant": v["invariant"],
        "stop_words": v["stop_words"],
        "hyphen_nouns": v["hyphen_nouns"],
        "place_points": v["place_points"],
        "count_subjects": v["count_subjects"],
        "goods_flows": v["goods_flows"],
        "unit_goods": v["unit_goods"],
    }


# --- pieces --------------------------------------------------------------------------------
_END = r"(?![\p{L}\p{N}'’-])"
#: a word, maybe hyphenated: "industrial", "export-oriented", "Turkish"
WORD = r"\p{L}+(?:-\p{L}+)*"
#: a word that holds digits in a thing's name: "5G" (base stations), "A320", "A321neo" (jets)
CODE_WORD = r"(?-i:\p{N}{1,2}\p{Lu}{1,2}|\p{Lu}{1,3}\p{N}{2,4}\p{Ll}{0,4})"
#: a word that may stand between the number and the noun: not a function word or a unit
MODIFIER = rf"(?:(?!(?:\L<stop_words>|\L<never_counted>){_END}){WORD}|{CODE_WORD}){_END}"
#: a plural-looking noun: "enterprises", "people", "staff" (when no plural noun follows)
PLURAL = rf"""(?!(?:\L<never_counted>|\L<not_plural>|\L<stop_words>){_END})
              (?:\L<irregular>{_END}
               |\L<invariant>{_END}(?!\s+(?!\L<stop_words>{_END}){WORD}(?<![sui]s)s{_END})
               |{WORD}(?<![sui'’]s)(?<=s){_END})"""
#: the counted thing: up to three modifiers and the first plural noun after them
THING = rf"(?P<mods>(?:\s+(?:and\s+)?{MODIFIER}){{0,3}}?)\s+(?P<head>{PLURAL})"


@cache
def _guards() -> dict[str, regex.Pattern]:
    v = _vocab()
    names = "|".join(regex.escape(w) for w in sorted(v["name_words"], key=len, reverse=True))
    anaphors = "|".join(regex.escape(w) for w in v["anaphor_words"])
    moves = "|".join(regex.escape(w) for w in v["move_words"])
    return {
        # "Article 19", "flight 705", "No. 5" (a name word right before the number)
        "name": regex.compile(rf"(?<![\p{{L}}])(?:{names})\s*$", regex.IGNORECASE),
        # "Boeing 737", "COP 29": a capitalised word that does not open the sentence
        "capitalised": regex.compile(r"(?<=[\p{L}\p{N},;:)]\s+)(?:\p{Lu}[\p{L}\p{N}.+-]*)\s+$"),
        # "+11 positions", "24/7 services", "10:30 meetings"
        "glued": regex.compile(r"[+\-−–/:#№]$"),
        # "climbed 5 lines", "up 2 steps"
        "move": regex.compile(rf"(?<![\p{{L}}])(?:{moves})\s+$", regex.IGNORECASE),
        # "one in five companies": a share, not a count
        "ratio": regex.compile(r"(?<![\p{L}\p{N}])(?:\d+|one)\s+in\s+$", regex.IGNORECASE),
        # "the two countries", "both sides"
        "anaphor": regex.compile(rf"(?<![\p{{L}}])(?:{anaphors})\s+$", regex.IGNORECASE),
        # "two industry sources said", "three people familiar with": an attribution
        "attribution": _words_after(v["attribution_after"]),
        # "two steps back": an idiom
        "idiom": _words_after(v["idiom_after"]),
    }


def _words_after(words: list[str]) -> regex.Pattern:
    """A pattern matching one of ``words`` right after a figure (a comma may come between)."""
    alts = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"\s*,?\s*(?:{alts})(?![\p{{L}}])", regex.IGNORECASE)


def singular(word: str) -> str:
    """The singular of a plural noun: "companies" -> "company", "people" -> "person"."""
    w = word.lower()
    irregular = _vocab()["irregular"]
    if w in irregular:
        return irregular[w]
    if w in _vocab()["invariant"]:
        return w
    head, sep, last = w.rpartition("-")
    if sep:  # "export-oriented enterprises": the last part carries the plural
        return f"{head}-{singular(last)}"
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"),
                                ("xes", "x"), ("zzes", "zz"), ("oes", "o"), ("s", "")):
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            return w[: -len(suffix)] + replacement
    return w


def counted(mods: str, head: str) -> str:
    """The counted thing: classifying modifiers and the singular noun, in lower case."""
    drop = set(_vocab()["drop_modifiers"])
    words = mods.split()
    kept = [w.lower() for i, w in enumerate(words)
            if w.lower() not in drop and not (w.istitle() and not any(c.isdigit() for c in w))
            and not (w.lower().endswith("ly") and i < len(words) - 1)]  # "newly built", not "supply"
    return " ".join([*kept, singular(head)])


def _number_ok(m: regex.Match, text: str) -> bool:
    """Is the match a count (not a year, a name, a move, an anaphor, another kind's unit)?"""
    number = m.group("num")
    start = m.start("num")
    g = _guards()
    if is_year(number) or (m.groupdict().get("num2") and is_year(m.group("num2"))):
        return False
    head = m.group("head")
    if head.lower() in _vocab()["move_heads"] and preceded_by(text, start, g["move"]):
        return False  # "climbed 5 lines": a move in a ranking
    if head.istitle() and not _headline(text) and head not in _vocab()["peoples"]:
        return False  # "the 3 Seas Initiative" in a sentence that is not a headline: a name
    thing = " ".join(f"{m.group('mods')} {head}".lower().split())
    phrases = _unit_phrase_set()
    if thing in phrases or any(thing[i + 1:] in phrases for i, c in enumerate(thing) if c == " "):
        return False  # "50,000 twenty-foot equivalent units" is a quantity
    # "Article 19", "season 2": a name word names a small plain number, not "season 1,450 students"
    named = preceded_by(text, start, g["name"]) and (
        ("," not in number and " " not in number.strip()) or preceded_by(text, start, _PER))
    if named or preceded_by(text, start, g["glued"]) \
            or preceded_by(text, start, g["ratio"]) or elided.after_currency(text, start):
        return False
    cap = g["capitalised"].search(text, max(0, start - LOOKBACK), start)
    if cap and not cap.group(0).rstrip().endswith(("'s", "’s")) \
            and not (_headline(text) and not _MODEL_NUMBER.fullmatch(number)):
        return False  # "Boeing 737 jets"; in a headline every word is capitalised ("Finance 12 Projects")
    if number[0].isalpha() and preceded_by(text, start, g["anaphor"]):
        return False
    end = m.end("fig")
    for heads, after in (("attribution_heads", "attribution"), ("idiom_heads", "idiom")):
        if head.lower() in _vocab()[heads] and g[after].match(text, end, end + 40):
            return False  # "two industry sources said", "two steps back": no figure
    return True


def _ranked(mods: str) -> bool:
    """Do the modifiers open with a superlative? "ten fastest-growing economies" is a rank."""
    words = mods.split()
    return bool(words) and words[0].lower().split("-")[0] in _vocab()["superlatives"]


def _whole(value: float | None) -> bool:
    return value is not None and value >= 1 and value == int(value)


def _single(name: str, least: float = 1):
    def build(m: regex.Match, text: str) -> Mention | None:
        if not _number_ok(m, text) or _ranked(m.group("mods")):
            return None
        value = parse_number(m.group("num"))
        if not _whole(value) or value < least:
            return None  # "one of the largest banks" is no count
        return Mention(Kind.COUNT, m.start("fig"), m.end("fig"), value, "count", name,
                       number_text=m.group("num"), unit_text=m.group("head"),
                       counted=counted(m.group("mods"), m.group("head")))
    return build


def _range(name: str):
    def build(m: regex.Match, text: str) -> Mention | None:
        if not _number_ok(m, text) or _ranked(m.group("mods")):
            return None
        values = range_values(m.group("num"), m.group("num2"))
        if values is None or not (_whole(values[0]) and _whole(values[1])):
            return None
        if " to " in m.group("fig") and preceded_by(text, m.start("fig"), _FROM):
            return None  # "from 5 to 10 plants": two counts; elided.listed lends the noun
        return Mention(Kind.COUNT, m.start("fig"), m.end("fig"), values[0], "count", name,
                       value_max=values[1], qualifier=Qualifier.RANGE,
                       number_text=f"{m.group('num')}-{m.group('num2')}", unit_text=m.group("head"),
                       counted=counted(m.group("mods"), m.group("head")))
    return build


_FROM = regex.compile(r"\bfrom\s+$", regex.IGNORECASE)
#: "38 doctors per 10,000 residents": the denominator of a rate
_PER = regex.compile(r"(?<![\p{L}])per\s+$", regex.IGNORECASE)
#: a lower-case word of four letters or more: the sentence is prose, not a title-case headline
_LOWER_WORD = regex.compile(r"(?<![\p{L}])\p{Ll}\p{L}{3,}")
#: a plain number of three digits or more, the shape of a model name in a headline ("Boeing 737 Jets")
_MODEL_NUMBER = regex.compile(r"\d{3,}")


def _headline(text: str) -> bool:
    """Is the sentence a title-case headline ("Almaty Airport Handles 5.2 Million Passengers")?"""
    return not sentence_has(text, _LOWER_WORD)


_rule = rule_maker(_lists)

#: a stretch of text between spaces, and one that a number, a range or a counted thing's
#: modifiers may be made of ("1,500", "5-10", "export-oriented", "of")
_CHUNK = regex.compile(r"\S+")
_NUMBER_OR_WORDS = regex.compile(r"[\p{L}\p{N}.,\-–—]+")
_LETTERS_AND_HYPHENS = regex.compile(r"[\p{L}-]+")


@cache
def _not_heads() -> frozenset[str]:
    """Words no counted thing ends with, as the pattern's look-ahead reads them: those of one
    word and of plain letters (in lower case), the only ones compared here."""
    v = _lists()
    return frozenset(w.lower() for k in ("never_counted", "not_plural", "stop_words") for w in v[k]
                     if w.isascii() and w.isalpha())


@cache
def _plural_words() -> frozenset[str]:
    v = _lists()
    return frozenset(w.casefold() for w in (*v["irregular"], *v["invariant"]))


def _may_head(word: str) -> bool:
    """Might ``word`` (letters and hyphens opening a stretch between spaces) be the plural
    noun of :data:`PLURAL`? No only where the pattern says no: a word ending in a hyphen, one
    of the words a counted thing never is, a word ending in "s" after "s", "u" or "i"."""
    if word.endswith("-") or (word.isascii() and word.lower() in _not_heads()):
        return False
    if word.casefold() in _plural_words():
        return True
    return word[-1] in "sSſ" and not (len(word) > 1 and word[-2] in "suiSUI")


def _thing_ahead(text: str) -> Callable[[int], bool]:
    """Which anchors of the sentence may start "<number> <things>" (or its range, or "of
    the"): the stretch from the anchor to the next space is all number (letters, digits,
    ".,-–—"), and a later stretch opens with a plural noun, with only such stretches (the
    rest of the number, "to", "of the", modifiers) before it.

    Each anchor reads the stretches after its own, up to the first that decides (a plural
    noun: yes; a stretch no number or modifier is made of: no); what a stretch decides is
    kept, so an anchor that reaches stretches an earlier anchor has read stops there, and a
    sentence costs at most one reading of each stretch, however many anchors it has. Most
    stretches after a number decide at once, so most of a sentence is never read.
    """
    decided: dict[int, bool] = {}  # a stretch's start -> what the stretches from it on decide

    def may_start(at: int) -> bool:
        own = _CHUNK.match(text, at)
        if own is None or _NUMBER_OR_WORDS.fullmatch(text, at, own.end()) is None:
            return False
        read: list[int] = []
        verdict = False
        for c in _CHUNK.finditer(text, own.end()):
            known = decided.get(c.start())
            if known is not None:
                verdict = known
                break
            read.append(c.start())
            w = _LETTERS_AND_HYPHENS.match(c.group(0))
            if w is not None and _may_head(w.group(0)):
                verdict = True
                break
            if _NUMBER_OR_WORDS.fullmatch(c.group(0)) is None:
                break
        for start in read:
            decided[start] = verdict
        return verdict
    return may_start


RULES: list[Rule] = [
    _rule("<number>-<number> <things>",
          rf"(?P<fig>(?P<num>{NUMBER})(?:{RANGE_DASH}|{RANGE_TO})(?P<num2>{NUMBER}){THING})",
          ("5-10 countries", "two to three new plants"), _range("<number>-<number> <things>"),
          ahead=_thing_ahead),
    _rule("between <number> and <number> <things>",
          rf"\bbetween\s+(?P<fig>(?P<num>{NUMBER})\s+and\s+(?P<num2>{NUMBER}){THING})",
          ("between 40 and 50 companies",), _range("between <number> and <number> <things>"),
          lead=24, needs=(BETWEEN,)),
    _rule("<number> of the <things>",
          rf"(?P<fig>(?P<num>{NUMBER})\s+(?:out\s+)?of\s+(?:the|its|their|our|these|those){THING})",
          ("1,500 of its employees", "three of its subsidiaries"), _single("<number> of the <things>", least=2),
          ahead=_thing_ahead),
    _rule("<number>-<noun> <thing>",
          rf"(?P<fig>(?P<num>{NUMBER})(?P<mods>)-(?P<head>\L<hyphen_nouns>))(?=\s+\p{{L}})",
          ("a 1,000-bed hospital", "a 300-seat hall"), _single("<number>-<noun> <thing>"), needs=("hyphen_nouns",)),
    _rule("<things> numbered <number>",
          rf"(?<![\p{{L}}])(?P<mods>(?:{MODIFIER}\s+)?)(?P<head>{PLURAL})\s+numbered\s+"
          rf"(?:(?:about|around|some|nearly|almost|over|more\s+than)\s+)?(?P<fig>(?P<num>{NUMBER}))(?![\p{{L}}\p{{N}}%])"
          r"(?!\s*(?:and|to|through|[-–])\s*\d)",
          ("Inbound visitors numbered 512 thousand",), _single("<things> numbered <number>"),
          lead=64, needs=(("numbered",),)),
    _rule("<number> <place> points",
          rf"(?P<fig>(?P<num>{NUMBER})(?P<mods>\s+\L<place_points>)\s+(?P<head>points)){_END}",
          ("420 pick-up points", "85 parcel collection points"), _single("<number> <place> points"),
          needs=(("points",),)),
    _rule("<number> <things>",
          rf"(?P<fig>(?P<num>{NUMBER}){THING})",
          ("600 companies", "2,500 Turkish students", "Seven new industrial zones",
           "3.2mn tourists", "48 export-oriented enterprises", "200 aircraft"), _single("<number> <things>"),
          ahead=_thing_ahead),
]

#: "the number of foreign tourists" ... "to exceed 10 million", "rose from 420 to 610";
#: "the shortage of teachers is estimated at 4,100"
_NUMBER_OF = rf"(?<![\p{{L}}])(?:the|a|its|their)\s+(?:total\s+)?\L<count_subjects>\s+of{THING}"
#: goods sold by the piece: "sales of new passenger cars ... rose to 148.7 thousand",
#: "imports of tractors reached 2,300"
_GOODS_FLOW = (rf"(?<![\p{{L}}])(?:(?:the|its|their)\s+)?\L<goods_flows>\s+of"
               rf"(?P<mods>(?:\s+{MODIFIER}){{0,3}}?)\s+(?P<head>\L<unit_goods>){_END}")
#: a count pointed back to: "their number shrank to 221", "raise their number to 60" (not "its
#: number one priority")
_THEIR_NUMBER = r"(?<![\p{L}])(?:its|their)\s+(?:total\s+)?number(?![\p{L}])(?!\s+(?:of|one)(?![\p{L}]))"
#: a fleet counts its vehicles: "bringing its fleet to 59" (not "the fleet's average age")
_FLEET = r"(?<![\p{L}])(?:its|their|the)\s+fleet(?![\p{L}'’-])"
#: what joins "the number of X" to its value: a verb, then "to", "at", "from", "of"; ", or" glosses
#: the value before ("amounted to 11.6 bln., or 31.8 mln. a day")
_VALUE_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:to|at|from|of|reached|reach|reaches|exceeded|exceed|exceeds|hit|hits|totall?ed|"
    r"topped|was|were|is|are|stood\s+at|amounted\s+to|surpassed|(?<=,\s*)or)\s+(?:(?:about|around|almost|nearly|over|"
    r"more\s+than|some|approximately|roughly|up\s+to|at\s+least)\s+)?$", regex.IGNORECASE)
#: where the clause of "the number of <things>" ends
_CLAUSE_END = regex.compile(r"[;:]|,\s+(?:while|whereas|but|and)\s|\.\s")


@cache
def _never_after() -> regex.Pattern:
    """A word after a bare number that makes it no count of anything: "15 years", "2 times"."""
    return regex.compile(r"\s*\L<w>(?![\p{L}])", regex.IGNORECASE, w=_lists()["never_counted"])


def _no_build(m: regex.Match, text: str) -> None:
    return None


@cache
def _number_of_rules() -> tuple[Rule, Rule]:
    return (Rule("the number of <things> | their number | its fleet | sales of <goods>",
                 f"(?:{_NUMBER_OF}|{_THEIR_NUMBER}|{_FLEET}|{_GOODS_FLOW})",
                 ("the number of foreign tourists", "the shortage of teachers", "their number", "its fleet",
                  "sales of new passenger cars"),
                 _no_build, _lists(), frozenset({CUE_ANCHOR}), lead=24),
            Rule("<bare number>", rf"{NUMBER}(?![\p{{L}}\p{{N}}%])", ("98,000",), _no_build))


def _number_of(text: str, anchors, found: list[Mention]) -> list[Mention]:
    """Bare numbers that give "the number of <things>" of their clause: a count of those things.

    "the number of tourists from China almost doubled to 98,000" is 98,000 tourists; the
    number must follow a verb or preposition that gives the value ("to", "reached", "at").
    Each number of a clause is read once, for the first subject of the clause before it.
    """
    subject_rule, bare_rule = _number_of_rules()
    subjects = list(matches(subject_rule, text, anchors.positions(subject_rule.anchors), anchors.starts))
    if not subjects:
        return []
    clause_ends = [c.start() for c in _CLAUSE_END.finditer(text)]
    numbers = anchors.positions(frozenset({NUMBER_ANCHOR}))
    out: list[Mention] = []
    taken = Taken(found)
    last_end, read_to = -1, -1
    for s in subjects:
        thing = counted(s.group("mods"), s.group("head")) if s.group("head") else None
        k = bisect.bisect_left(clause_ends, s.end())
        end = clause_ends[k] if k < len(clause_ends) else len(text)
        lo = s.end() if end != last_end else max(s.end(), read_to)
        last_end = end
        first = bisect.bisect_left(numbers, lo)
        pos = lo
        for a in numbers[first:bisect.bisect_left(numbers, end)]:
            if a < pos:
                continue
            n = bare_rule.compiled.match(text, a, end)
            if n is None:
                continue
            pos = n.end()
            read_to = max(read_to, n.end())
            number = n.group(0)
            if is_year(number) or not taken.free(n.start(), n.end()) or _never_after().match(text, n.end()):
                continue  # a year, a figure already read, "is 15 years old"
            if not _VALUE_BEFORE.search(text, max(s.end(), n.start() - LOOKBACK), n.start()):
                continue
            value = parse_number(number)
            if value is None or value != int(value):
                continue
            mention = Mention(Kind.COUNT, n.start(), n.end(), value, "count", "the number of <things> ... <number>",
                              number_text=number, counted=thing)
            out.append(mention)
            taken.add(mention.start, mention.end)
    return out


#: a sentence that ranks: "tops the list", "came second", "the leader"
_RANKS = regex.compile(r"(?<![\p{L}])(?:tops|topped|heads|headed|leads|led|leader|ranking|ranked|ranks|"
                       r"came|second|third|fourth)(?![\p{L}])", regex.IGNORECASE)


#: "by subscribers", "by the number of passengers"
_BY_THINGS = r"by\s+(?:the\s+number\s+of\s+)?(?P<head>\L<things>)"
#: "the list of foreign tourists", "the list of new car buyers": the list names what it counts
_LIST_OF_THINGS = r"list\s+of\s+(?:[a-z][a-z-]*\s+){0,2}(?P<head>\L<things>)"


@cache
def _by_things() -> regex.Pattern:
    """A ranking by a counted thing: "tops the list of operators by subscribers", "topped
    the list of foreign tourists"."""
    return regex.compile(rf"(?<![\p{{L}}])(?:{_BY_THINGS}|{_LIST_OF_THINGS})(?![\p{{L}}])",
                         regex.IGNORECASE, things=_vocab()["ranked_by"])


@cache
def _with_number() -> regex.Pattern:
    """What a place earned in such a ranking: "with 10.2 mln."."""
    return compile_rule(rf"(?<![\p{{L}}])with\s+(?P<num>{NUMBER})(?![\p{{L}}\p{{N}}%])")


@cache
def _dash_item() -> regex.Pattern:
    """A later place of the same ranking given with a dash: "and Uzbekistan - 24.6 thousand"."""
    return compile_rule(rf"(?:,|\band)\s+\p{{Lu}}[\p{{L}}'’-]*(?:\s+\p{{L}}+)?\s+[-–—]\s+"
                        rf"(?P<num>{NUMBER})(?![\p{{L}}\p{{N}}%])")


def _ranked_by(text: str, anchors, found: list[Mention]) -> list[Mention]:
    """Bare numbers of a ranking by a counted thing are counts of it: "Kcell tops the list of
    operators by subscribers with 10.2 mln., Tele2 came second with 9.6 mln." (two counts of
    subscribers); a ranking by a measure ("by assets", "by revenue") gives none."""
    by = _by_things().search(text)
    if by is None or not _RANKS.search(text):
        return []
    withs = list(_with_number().finditer(text, by.end()))
    dashes = list(_dash_item().finditer(text, withs[0].end())) if withs else []
    return _counts_of(singular(by.group("head")), [*withs, *dashes], found, "<ranking> by <things> ... with <number>")


def _counts_of(thing: str, numbers: list[regex.Match], found: list[Mention], rule: str) -> list[Mention]:
    """Counts of ``thing`` at the ``num`` group of each match that holds a whole number and is
    no year nor a figure already read."""
    taken = Taken(found)
    out = []
    for m in numbers:
        number = m.group("num")
        value = parse_number(number)
        if is_year(number) or value is None or value != int(value) or not taken.free(m.start("num"), m.end("num")):
            continue
        out.append(Mention(Kind.COUNT, m.start("num"), m.end("num"), value, "count", rule,
                           number_text=number, counted=thing))
        taken.add(m.start("num"), m.end("num"))
    return out


@cache
def _most_things() -> regex.Pattern:
    """A first place by a counted thing with its number beside it: "the most screens, 146,"."""
    return compile_rule(rf"(?<![\p{{L}}])the\s+most\s+(?P<head>\p{{Ll}}+(?<![sui']s)s)(?![\p{{L}}'’-]),\s+"
                        rf"(?P<num>{NUMBER})(?=\s*[,.;)])")


def _most(text: str, anchors, found: list[Mention]) -> list[Mention]:
    """The number of a first place said with "the most <things>" counts them, and so do the
    places after it: "Almaty has the most screens, 146, ahead of Astana with 112" (two counts
    of screens)."""
    if "most" not in text:
        return []
    most = _most_things().search(text)
    if most is None:
        return []
    return _counts_of(singular(most.group("head")), [most, *_with_number().finditer(text, most.end())], found,
                      "the most <things>, <number>")


#: join words that lend a counted thing to the numbers listed before it
_JOINS = frozenset({"and", "or", "to", "of", "of the", "out of", "out of the"})

SPEC = KindSpec(
    kind=Kind.COUNT, rules=tuple(RULES), priority=5,
    canonical_units=lambda: ("count",),
    # "70 of the 105 elements", "growth in 54 sectors and decline in 12": whole numbers only
    borrow=Borrow(_JOINS, integer=True),
    anchor_words=lambda: {CUE_ANCHOR: [*_vocab()["count_subjects"], "fleet", *_vocab()["goods_flows"]]},
    fill=(_number_of, _ranked_by, _most, anaphora.fill),
)


def extract(text: str) -> list[Mention]:
    """Count mentions in one sentence, with bare numbers that share a stated counted thing."""
    from ..scan import extract_kind
    return extract_kind(SPEC, text)
