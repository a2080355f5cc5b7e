"""The figure kinds: one module per kind, each exporting one :class:`KindSpec` named ``SPEC``.

The registry
------------
:data:`KINDS` names the kind modules, in the order their mentions are gathered. Everything
that depends on the set of kinds reads it through :func:`specs`: the single pass over a
sentence (:mod:`kzfigures.scan`), the choice between overlapping readings and the units
lent to bare numbers (:mod:`kzfigures.resolve`), the words a count may never be (every other
kind's unit words), the canonical units of the data dictionary and the data package.

Adding a kind
-------------
1. ``data/<kind>.toml``: its vocabulary (unit words and what they mean, cue words).
2. ``kinds/<kind>.py``: its rules and ``SPEC = KindSpec(...)``: the kind, its rules, its
   unit table (surface word -> canonical unit and factor, one shape for every kind), its
   canonical units, its priority when two kinds read the same stretch of text, and
   ``borrow`` if a bare number may take the unit of one of its figures ("10 and 20 GW").
3. ``tests/corpus/<kind>.toml``: sentences and the figures expected of them, negatives too.
4. One line: the module's name in :data:`KINDS` (and the value in ``model.Kind``).

Adding a rule
-------------
A rule is a :class:`Rule`: a name that reads like the text it matches ("<number> <things>"),
a verbose pattern composed from the named pieces of :mod:`kzfigures.numbers` and of its kind
module, the examples it must match (``tests/test_kind_vocabulary.py`` checks them), and a
``build`` function turning a match into a :class:`~kzfigures.model.Mention` or rejecting it
with None. The figure is the match's ``fig`` group; words around it may be matched but stay
outside the cited span. Every rule is tried only near an *anchor* (a number, an ordinal
word, a superlative or other cue word, a currency sign or code; see :mod:`kzfigures.scan`):
by default a rule must start at a number anchor; a rule that starts earlier says so with
``lead`` (how many characters its match may start before its anchor) and names the anchor
classes it contains with ``anchors``. ``build`` may look around the match only through the
bounded helpers here (:func:`preceded_by`, :func:`sentence_has`), so that every rule costs
time linear in the sentence length. ``tests/test_engine.py`` checks on every corpus and
held-out sentence that the anchored pass finds exactly what a scan of the whole sentence
finds.
"""
from __future__ import annotations

import bisect
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import TYPE_CHECKING

import regex

from ..lexicon import table
from ..model import Kind, Mention
from ..numbers import NUM_START, compile_rule, is_year, number_scale, parse_number

if TYPE_CHECKING:
    from ..scan import Anchors

#: the kind modules, in the order their mentions are gathered: adding a kind adds a name here
KINDS: tuple[str, ...] = ("money", "percent", "mass", "rank", "count", "quantity")

Builder = Callable[[regex.Match, str], "Mention | None"]

#: anchor classes (see :mod:`kzfigures.scan`)
NUMBER_ANCHOR = "number"
ORDINAL_ANCHOR = "ordinal"
CUE_ANCHOR = "cue"
CURRENCY_ANCHOR = "currency"

#: how far past its start a rule's match (with what its lookarounds read) may reach: rules
#: are matched against this much text, so that no attempt reads the rest of a long sentence
WINDOW = 512
#: a match ending this close to the window's edge is matched again against more text
_EDGE = 128
#: how far back a guard looks before a figure ("per ", "between ", "one of the ")
LOOKBACK = 80
#: the word every "between <number> and <number>" rule holds (see ``Rule.needs``)
BETWEEN = ("between",)


@dataclass(frozen=True)
class Rule:
    """A named pattern with the examples it matches and how to read a match.

    ``anchors`` are the anchor classes one of which the match contains, at most ``lead``
    characters after the match's start (``lead=0``: the match starts at the anchor).
    """

    name: str
    pattern: str
    examples: tuple[str, ...]
    build: Builder
    #: the named word lists the pattern uses, or a function giving them (read when the
    #: pattern is compiled, so a kind's lists may depend on the other kinds' specs)
    lists: dict[str, list[str]] | Callable[[], dict[str, list[str]]] = field(default_factory=dict, compare=False)
    anchors: frozenset[str] = frozenset({NUMBER_ANCHOR})
    lead: int = 0
    #: words every match holds, each entry the name of one of the rule's word lists or a
    #: tuple of words: the match holds a word of every entry (in any case) as a whole word,
    #: starting no earlier than ``lead`` characters before its anchor. An anchor with no
    #: word of an entry after it is not tried ("5 and 6" holds no mass unit: no mass rule
    #: runs there).
    needs: tuple[str | tuple[str, ...], ...] = ()
    #: a test of what follows an anchor, made once per sentence (given the sentence): an
    #: anchor it says no to holds no match of the rule, so the rule is not tried there
    ahead: Callable[[str], Callable[[int], bool]] | None = field(default=None, compare=False)

    @cached_property
    def gates(self) -> tuple["Gate", ...]:
        """The ``needs`` as :class:`Gate` (see :meth:`kzfigures.scan.Anchors.positions_for`)."""
        key = (self.name, self.pattern)
        found = _GATES.get(key)
        if found is None:
            lists = self.lists() if callable(self.lists) else self.lists
            gates = (Gate.of(lists[n] if isinstance(n, str) else n) for n in self.needs)
            found = _GATES[key] = tuple(_SHARED_GATES.setdefault(g, g) for g in gates)
        return found

    @cached_property
    def number_start(self) -> bool:
        """Does every match open with the guard of a number's start (:data:`NUM_START`)?
        Such a rule (with ``lead=0``) is not tried at an anchor where no number may start:
        the "000" of "1,000", the "5" of "2.5"."""
        return self.lead == 0 and opens_with(self.pattern, NUM_START)

    @cached_property
    def plan(self) -> int:
        """A number shared by the rules tried at the same anchors (equal anchor classes,
        ``needs``, ``lead`` and number-start guard), so that a sentence works those anchors
        out once for them all."""
        return _PLANS.setdefault((self.anchors, self.gates, self.lead, self.number_start, self.ahead), len(_PLANS))

    @cached_property
    def compiled(self) -> regex.Pattern:
        """The pattern, compiled once per process (see :func:`kzfigures.scan.compile_all`)
        and kept on the rule too, so that the sentence loop reads it without a lookup."""
        key = (self.name, self.pattern)
        compiled = _CACHE.get(key)
        if compiled is None:
            lists = self.lists() if callable(self.lists) else self.lists
            compiled = _CACHE[key] = compile_rule(self.pattern, **lists)
        return compiled


#: a run of letters: the words of a sentence, as :mod:`kzfigures.scan` reads them
_LETTERS = regex.compile(r"\p{L}+")


@dataclass(frozen=True)
class Gate:
    """A word list one of whose words a rule's match holds as a whole word.

    A word that starts with a letter is looked up by its first run of letters, case-folded
    ("metric tons" by "metric"), among the sentence's words; since the word stands whole in
    the match, that run is one of the sentence's words. Any other word ("%") is looked for
    in the case-folded sentence.
    """

    #: the case-folded first runs of letters of the words that start with a letter
    heads: frozenset[str]
    #: the case-folded words that do not start with a letter
    others: tuple[str, ...]

    @classmethod
    def of(cls, words: Iterable[str]) -> "Gate":
        heads, others = set(), set()
        for w in words:
            m = _LETTERS.match(w)
            if m is not None:
                heads.add(m.group(0).casefold())
            elif w:
                others.add(w.casefold())
        return cls(frozenset(heads), tuple(sorted(others)))


def rule_maker(lists: Callable[[], dict[str, list[str]]]) -> Callable[..., Rule]:
    """A ``Rule`` constructor for one kind, whose rules all share the kind's word lists."""
    def make(name: str, pattern: str, examples: tuple[str, ...], build: Builder,
             anchors: Iterable[str] = (NUMBER_ANCHOR,), lead: int = 0,
             needs: tuple[str | tuple[str, ...], ...] = (),
             ahead: Callable[[str], Callable[[int], bool]] | None = None) -> Rule:
        return Rule(name, pattern, examples, build, lists, frozenset(anchors), lead, needs, ahead)
    return make


_CACHE: dict[tuple[str, str], regex.Pattern] = {}
_GATES: dict[tuple[str, str], tuple[Gate, ...]] = {}
#: one Gate object per distinct word list, so that a sentence looks each list up once
_SHARED_GATES: dict[Gate, Gate] = {}
_PLANS: dict[tuple, int] = {}


def opens_with(pattern: str, prefix: str) -> bool:
    """Does every match of the verbose ``pattern`` open with ``prefix``? True when the
    pattern, past group openings that hold no alternation of their own ("(?P<fig>", "(?:"),
    starts with ``prefix``; False when that cannot be seen so simply."""
    i = 0
    while True:
        while i < len(pattern) and pattern[i].isspace():
            i += 1
        if pattern.startswith(prefix, i):
            return True
        if pattern.startswith("(?:", i):
            inner = i + 3
        elif pattern.startswith("(?P<", i):
            inner = pattern.find(">", i) + 1
        else:
            return False
        if inner <= 0 or _alternates(pattern, inner):
            return False
        i = inner


def _alternates(pattern: str, i: int) -> bool:
    """Does the group whose content starts at ``i`` have a "|" of its own (not in a nested
    group, a character class or a comment)? True too when its end cannot be found."""
    depth = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a class: "]" right after "[" or "[^" is a member
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c == "#":  # a comment, to the end of its line (verbose patterns)
            end = pattern.find("\n", i)
            i = n if end < 0 else end
        elif c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return False
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return True


@dataclass(frozen=True)
class Borrow:
    """How bare numbers may take the unit of one of a kind's figures (see :mod:`.elided`).

    ``joins`` are the words that may join a list of bare numbers to the figure ("10 and 20
    GW", "70 of the 105 elements"); ``integer`` keeps only whole values (counts). Every kind
    that borrows lends its unit to the items of a list it heads ("12.1%, Astana - 13.4", see
    :mod:`.itemised`).
    """

    joins: frozenset[str] = frozenset({"and", "or", "to"})
    integer: bool = False
    #: may a number of a parallel clause borrow ("by 5 GW in May and by 7 in June"); a
    #: kind that lends its unit only to the items of a list it heads says no
    clauses: bool = True
    #: the unit a parallel clause names for itself, read from ``text[lo:hi]`` before its
    #: number, given the figure it borrows from: "and the Mexican peso lost 0.5% to 18.34"
    #: after a rupee rate quotes pesos; None keeps the figure's unit
    own_unit: Callable[[Mention, str, int, int], str | None] | None = None


#: what a kind adds after its rules, seeing the sentence and the kind's mentions so far
Post = Callable[[str, "Anchors", list[Mention]], list[Mention]]


@dataclass(frozen=True)
class KindSpec:
    """Everything the engine needs to know about one kind of figure."""

    kind: Kind
    #: the rules, in the order they win ties of equal length within the kind
    rules: tuple[Rule, ...]
    #: overlap resolution between kinds: of two readings of equal length, the lower wins
    #: ("$5 million" is money, not five million of anything)
    priority: int
    #: the canonical units of the ``unit`` column, for the data dictionary and the package
    canonical_units: Callable[[], tuple[str, ...]]
    #: the unit table, in one shape for every kind: the unit words written after a number
    #: ("tonnes", "bcm", "tenge", "%"), and for any surface form of a unit its canonical
    #: unit and the factor to it ("kg" -> ("t", 0.001)); unitless kinds (rank, count) have none
    unit_words: Callable[[], list[str]] = list
    unit_of: Callable[[str], tuple[str, float]] | None = None
    #: may bare numbers borrow the unit of this kind's figures, and how
    borrow: Borrow | None = None
    #: cue words that anchor rules, by anchor class ({"cue": [...superlatives]})
    anchor_words: Callable[[], dict[str, list[str]]] = dict
    #: sentence-level steps after the kind's rules, given its mentions: "42nd and 45th"
    post: tuple[Post, ...] = ()
    #: steps that read bare numbers once the readings of all kinds are settled and units
    #: lent, given every mention so far; they return the mentions they add: "the number of
    #: tourists ... rose to 98,000"
    fill: tuple[Post, ...] = ()
    #: how the data dictionary names the unit ("ISO 4217 currency code")
    unit_label: str | None = None
    #: the kind's vocabulary file in ``data/`` (default: ``<kind>.toml``)
    vocabulary: str | None = None

    @property
    def data_file(self) -> str:
        return f"{self.vocabulary or self.kind.value}.toml"


@cache
def specs() -> tuple[KindSpec, ...]:
    """Every kind's spec, in :data:`KINDS` order."""
    return tuple(importlib.import_module(f"{__name__}.{name}").SPEC for name in KINDS)


def spec_of(kind: Kind) -> KindSpec:
    return next(s for s in specs() if s.kind == kind)


# --- choosing one reading per stretch of text ----------------------------------------------

def select(candidates: Iterable[tuple[int, Mention]]) -> list[Mention]:
    """Keep one mention per stretch of text: the longest wins, then the lower priority
    number, then the earlier one. The one span-selection function: within a kind the
    priority is the rule's order, between kinds the kind's ``priority``.
    """
    ordered = sorted(candidates, key=lambda c: (-(c[1].end - c[1].start), c[0], c[1].start))
    starts: list[int] = []
    kept: list[Mention] = []
    for _, m in ordered:
        i = bisect.bisect_left(starts, m.start)
        if i > 0 and kept[i - 1].end > m.start:
            continue
        if i < len(kept) and kept[i].start < m.end:
            continue
        starts.insert(i, m.start)
        kept.insert(i, m)
    return kept


class Taken:
    """Non-overlapping spans, sorted, with a logarithmic overlap test."""

    def __init__(self, mentions: Iterable[Mention] = ()) -> None:
        self._spans: list[tuple[int, int]] = sorted((m.start, m.end) for m in mentions)

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._spans, (start, end))
        if i > 0 and self._spans[i - 1][1] > start:
            return False
        # spans may overlap one another (a kind's own readings), so look past equal starts
        while i < len(self._spans) and self._spans[i][0] < end:
            if self._spans[i][1] > start:
                return False
            i += 1
        return True

    def add(self, start: int, end: int) -> None:
        bisect.insort(self._spans, (start, end))


# --- running rules near anchors ------------------------------------------------------------

def matches(rule: Rule, text: str, positions: list[int], starts: list[int] | None = None) -> Iterator[regex.Match]:
    """The rule's matches, left to right, none overlapping, as ``finditer`` over the whole
    sentence would give them, but tried only near the anchors.

    A rule that starts at its anchor is matched there. One that starts up to ``lead``
    characters before it is matched at the word starts (``starts``) in that stretch, each
    tried once: a start that failed for one anchor is not tried again for the next.
    """
    compiled = rule.compiled
    pos = 0
    if rule.lead == 0:
        short = len(text) <= WINDOW  # every attempt reads the whole rest: no window needed
        for a in positions:
            if a < pos:
                continue
            m = compiled.match(text, a) if short else match_at(compiled, text, a)
            if m:
                pos = m.end()
                yield m
        return
    if starts is None:
        starts = [w.start() for w in _WORD_START.finditer(text)]
    for a in positions:
        if a < pos:
            continue
        i = bisect.bisect_left(starts, max(pos, a - rule.lead))
        found = None
        while i < len(starts) and starts[i] <= a:
            found = match_at(compiled, text, starts[i])
            if found:
                break
            i += 1
        if found is None:
            pos = a + 1  # nothing starts in the stretch before this anchor
            continue
        pos = found.end()
        yield found


def match_at(compiled: regex.Pattern, text: str, start: int) -> regex.Match | None:
    """``compiled.match(text, start)``, reading at most :data:`WINDOW` characters.

    A pattern that needs a word ("of", "between") may otherwise look for it in the whole
    rest of the sentence before it tries to match, once per anchor: quadratic time.
    """
    end = start + WINDOW
    if end >= len(text):
        return compiled.match(text, start)
    m = compiled.match(text, start, end)
    if m is not None and m.end() > end - _EDGE:
        m = compiled.match(text, start, min(len(text), start + 8 * WINDOW))
    return m


#: where a rule that starts before its anchor may start: a word, or a bracket
_WORD_START = regex.compile(r"(?<![\p{L}])\p{L}|\(")


def run_rules(rules: Iterable[Rule], text: str, anchors: "Anchors | None" = None) -> list[Mention]:
    """Apply rules near the anchors; where two mentions overlap, the longer (then the
    earlier rule) wins."""
    if anchors is None:
        from ..scan import find_anchors
        anchors = find_anchors(text)
    found: list[tuple[int, Mention]] = []
    plans = anchors._plans  # the anchors of the rules' plans worked out so far in this sentence
    for order, rule in enumerate(rules):
        positions = plans.get(rule.plan)
        if positions is None:
            positions = anchors.positions_for(rule)
        if not positions:
            continue
        build = rule.build
        for m in matches(rule, text, positions, anchors.starts):
            mention = build(m, text)
            if mention is not None:
                found.append((order, mention))
    return select(found) if found else []


# --- bounded looks around a figure ---------------------------------------------------------

def preceded_by(text: str, start: int, pattern: regex.Pattern, window: int = LOOKBACK) -> bool:
    """Does ``pattern`` (which should end with ``$``) match the text just before ``start``?

    Only the last ``window`` characters are read, so the test costs the same wherever in a
    long sentence it is made.
    """
    return pattern.search(text, max(0, start - window), start) is not None


@lru_cache(maxsize=256)
def _sentence_has(pattern: regex.Pattern, text: str) -> bool:
    return pattern.search(text) is not None


def sentence_has(text: str, pattern: regex.Pattern) -> bool:
    """Does the sentence hold ``pattern`` anywhere? Read once per sentence and pattern."""
    return _sentence_has(pattern, text)


#: words after which a four-digit year stays a year even before a unit word:
#: "In 2024 tenge deposits grew", "its 2028 euro bonds", "since 1993 tons of ..."
_YEAR_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:in|since|by|of|for|from|until|till|during|its|their|the|to|and|between|before|after)\s+$",
    regex.IGNORECASE)


def year_not_amount(text: str, start: int, number_text: str) -> bool:
    """Is the number at ``start`` a year, although a unit word follows it ("in 2024 tons")?"""
    return is_year(number_text) and (start == 0 or _YEAR_BEFORE.search(text, max(0, start - 12), start) is not None)


@cache
def _change_before_from() -> regex.Pattern:
    c = table("context")["change"]
    words = [w for d in ("increase", "decrease") for w in (*c[d]["verbs"], *c[d]["nouns"])]
    # "grew from 9.75 percent to 10.25 percent", "a decline from 2.5% to 0.9%"
    return regex.compile(r"(?<![\p{L}])\L<w>\s+(?:\p{L}+\s+){0,3}from\s+$", regex.IGNORECASE, w=words)


@cache
def _change_before_by() -> regex.Pattern:
    c = table("context")["change"]
    words = [w for d in ("increase", "decrease") for w in (*c[d]["verbs"], *c[d]["nouns"])]
    # "decreased by $2.1 billion to $160.4 billion": the change, then the level reached
    return regex.compile(r"(?<![\p{L}])\L<w>\s+(?:\p{L}+\s+){0,2}by\s+$", regex.IGNORECASE, w=words)


#: the low end of "X to Y" carries a unit or magnitude of its own: "$2.1 billion", "5%"
_UNIT_AT_LOW_END = regex.compile(r"[^\d\s.,]")


#: a month name right before a number: "from October 1 to 27.8 tenge" starts at a date
_AFTER_MONTH = regex.compile(r"(?<![\p{L}])(?-i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[\p{L}]*\.?\s+$")


def two_levels(text: str, start: int, fig: str) -> bool:
    """Is "X to Y" at ``start`` something other than one range: two levels, or a date and a level?

    "grew from 9.75 percent to 10.25 percent" gives two figures, and so do "decreased by
    $2.1 billion to $160.4 billion" (a change, then the level) and "from October 1 to 27.8
    tenge" (a date, then the level); "range from 5.5% to 7.5%" and "from 2 to 3
    percent" give one range.
    """
    if _AFTER_MONTH.search(text, max(0, start - 12), start):
        return True
    if " to " not in fig.lower():
        return False
    if _change_before_from().search(text, max(0, start - 80), start) is not None:
        return True
    # "decreased by $2.1 billion to $160.4 billion", "rose by 5% to 12%": a change and a level;
    # "grew by 2 to 3 million tons" (a bare low end) stays one range
    low = fig[:fig.lower().index(" to ")]
    return (_UNIT_AT_LOW_END.search(low) is not None
            and _change_before_by().search(text, max(0, start - 60), start) is not None)


def range_values(low_text: str, high_text: str) -> tuple[float, float] | None:
    """Values of a range's two ends; the high end's magnitude carries to a bare low end.

    "$750-$850 million" -> (750e6, 850e6); "6.5-7.5 million" -> (6.5e6, 7.5e6);
    "1.5 million to 2 billion" -> (1.5e6, 2e9).
    """
    if is_year(low_text):
        return None  # "from 254,000 tons in 2023 to 377,000 tons": a year, not a low end
    low = parse_number(low_text)
    high = parse_number(high_text)
    if low is None or high is None:
        return None
    if number_scale(low_text) is None:
        low *= number_scale(high_text) or 1.0
    if low >= high:
        return None  # "from 10 to 5" is not a range of one figure
    return low, high


__all__ = ["Kind", "KindSpec", "Borrow", "Mention", "Rule", "run_rules", "matches", "Taken", "range_values", "preceded_by",
           "select", "specs", "KINDS"]
