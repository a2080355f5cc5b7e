"""The single pass over a sentence: find the anchors once, run each rule only near them.

Every figure holds a number or a word that stands for one, so a sentence is read once with
one combined pattern (its tokens: words, runs of digits, brackets, currency signs) that
finds every *anchor*, by class:

* ``number``: the first digit of a run of digits, a word number ("thirteen", "half", "a"
  before a magnitude);
* ``ordinal``: an ordinal word ("second", "tenth") or digits with an ordinal suffix ("34th");
* ``cue``: a word that makes a figure without a number, declared by the kinds
  ("largest", "top", "No."): rank's superlatives;
* ``currency``: a currency sign or code written before an amount ("$", "US$", "KZT").

Each rule then runs only at the anchors of its classes, in a bounded window (see
:func:`kzfigures.kinds.run_rules`): a sentence without anchors costs one scan, and no rule
reads more than a window around each anchor, so the time grows linearly with the length
of the sentence. All kinds read the same anchors; :func:`sentence_mentions` then keeps one
reading per stretch of text and lends units to bare numbers (:mod:`kzfigures.resolve`).

The patterns are compiled once per process: :func:`compile_all` compiles them all, and a
run calls it before it starts worker processes, which inherit them.
"""
from __future__ import annotations

import bisect
import heapq
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import regex

from .kinds import CURRENCY_ANCHOR, NUMBER_ANCHOR, ORDINAL_ANCHOR, Gate, KindSpec, Rule, run_rules, specs
from .lexicon import table
from .model import Mention
from .numbers import NUM_START, compile_rule

#: the tokens the one pass reads: a word, a run of digits, a bracket or a currency sign
_TOKEN = regex.compile(r"(?P<word>\p{L}+)|(?P<digits>\d+)|(?P<mark>[(\p{Sc}])")
#: what makes a run of digits an ordinal: "34th", "2nd"
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
#: "a" and "an" start a number only before a magnitude: "a million"
_ARTICLES = frozenset({"a", "an"})


def _first_token(word: str) -> str:
    """The token an anchor word starts with: "US$" -> "us", "fastest-growing" -> "fastest"."""
    m = _TOKEN.search(word)
    return m.group(0).lower() if m else word.lower()


@cache
def _anchor_words() -> dict[str, frozenset[str]]:
    """Anchor token (lower case) -> its classes."""
    n = table("numbers")
    classes: dict[str, set[str]] = {}

    def add(words, cls: str) -> None:
        for w in words:
            classes.setdefault(_first_token(w), set()).add(cls)

    add([*n["units"], *n["tens"], *_ARTICLES, "half", "one"], NUMBER_ANCHOR)
    add(n["ordinals"], ORDINAL_ANCHOR)
    for spec in specs():
        for cls, words in spec.anchor_words().items():
            add(words, cls)
    return {w: frozenset(c) for w, c in classes.items()}


@cache
def _number_start() -> regex.Pattern:
    """The guard every number opens with, compiled as the rules are (see :attr:`Rule.number_start`)."""
    return compile_rule(NUM_START)


@cache
def _scale_words() -> frozenset[str]:
    return frozenset(w.lower() for w in table("numbers")["scales"])


@dataclass
class Anchors:
    """The anchors of one sentence: start offsets by class, and where a word or a bracket
    starts (the only places a rule that starts before its anchor may start)."""

    by_class: dict[str, list[int]]
    starts: list[int]
    #: each word of the sentence (a run of letters, case-folded) -> where it last starts
    words: dict[str, int] = field(default_factory=dict)
    #: the sentence
    text: str = ""
    _union: dict[frozenset[str], list[int]] = field(default_factory=dict)
    _last: dict[int, int] = field(default_factory=dict)
    #: a rule's plan (see :func:`_plan_of`) -> the anchors its rules are tried at
    _plans: dict[int, list[int]] = field(default_factory=dict)
    _starts_ok: dict[int, bool] = field(default_factory=dict)
    _guarded: dict[frozenset[str], list[int]] = field(default_factory=dict)
    _ahead: dict[Callable, Callable[[int], bool]] = field(default_factory=dict)
    _folded: str | None = None

    def positions(self, classes: frozenset[str]) -> list[int]:
        """Sorted start offsets of the anchors of any of ``classes``."""
        found = self._union.get(classes)
        if found is None:
            lists = [self.by_class.get(c, []) for c in sorted(classes)]
            found = lists[0] if len(lists) == 1 else sorted(set(heapq.merge(*lists)))
            self._union[classes] = found
        return found

    def last_of(self, gate: Gate) -> int:
        """Where the last word of ``gate`` starts, or -1; for a word that does not start
        with a letter, where it starts in the case-folded sentence (each character folds
        to one or more, so that offset is never smaller than the word's own)."""
        last = self._last.get(id(gate))  # gates live as long as their rules
        if last is None:
            words = self.words
            common = words.keys() & gate.heads
            last = max(map(words.__getitem__, common)) if common else -1
            if gate.others:
                if self._folded is None:
                    self._folded = self.text.casefold()
                last = max(last, max(self._folded.rfind(w) for w in gate.others))
            self._last[id(gate)] = last
        return last

    def positions_for(self, rule: Rule) -> list[int]:
        """The anchors a rule is tried at: those of its classes that have a word of each of
        its ``needs`` after them (no earlier than ``lead`` characters before them); none
        in a sentence without a word of each of its ``needs``. Rules that share classes,
        ``needs`` and ``lead`` share one plan, worked out once a sentence."""
        plan = rule.plan
        found = self._plans.get(plan)
        if found is None:
            found = self.number_starts(rule.anchors) if rule.number_start else self.positions(rule.anchors)
            if found:
                for gate in rule.gates:
                    last = self.last_of(gate)
                    found = found[:bisect.bisect_right(found, last + rule.lead)] if last >= 0 else []
                    if not found:
                        break
            if found and rule.ahead is not None:
                test = self._ahead.get(rule.ahead)
                if test is None:
                    test = self._ahead[rule.ahead] = rule.ahead(self.text)
                found = [a for a in found if test(a)]
            self._plans[plan] = found
        return found

    def number_starts(self, classes: frozenset[str]) -> list[int]:
        """The anchors of any of ``classes`` where a number may start (see :meth:`number_may_start`)."""
        found = self._guarded.get(classes)
        if found is None:
            found = self._guarded[classes] = [a for a in self.positions(classes) if self.number_may_start(a)]
        return found

    def number_may_start(self, at: int) -> bool:
        """Does the guard of a number's start (:data:`~kzfigures.numbers.NUM_START`) hold at
        ``at``? Read once per anchor for every rule that opens with it."""
        ok = self._starts_ok.get(at)
        if ok is None:
            ok = self._starts_ok[at] = _number_start().match(self.text, at) is not None
        return ok



def find_anchors(text: str) -> Anchors:
    """Every anchor of a sentence, found in one scan of its tokens."""
    words = _anchor_words()
    scales = _scale_words()
    by_class: dict[str, list[int]] = {}
    starts: list[int] = []
    seen: dict[str, int] = {}
    tokens = list(_TOKEN.finditer(text))
    for i, m in enumerate(tokens):
        p = m.start()
        kind = m.lastgroup
        if kind == "digits":
            # ".001 per cent": the number starts at its point
            point = p >= 1 and text[p - 1] == "." and (p == 1 or text[p - 2].isspace() or text[p - 2] == "(")
            by_class.setdefault(NUMBER_ANCHOR, []).append(p - 1 if point else p)
            if text[m.end():m.end() + 2].lower() in _ORDINAL_SUFFIXES:
                by_class.setdefault(ORDINAL_ANCHOR, []).append(p)
            continue
        token = m.group(0)
        if kind == "mark":
            if token == "(":
                starts.append(p)
            else:
                by_class.setdefault(CURRENCY_ANCHOR, []).append(p)
            continue
        starts.append(p)
        seen[token.casefold()] = p
        lower = token.lower()
        classes = words.get(lower)
        if classes is None:
            continue
        if lower in _ARTICLES and not (i + 1 < len(tokens) and tokens[i + 1].group(0).lower() in scales):
            classes = classes - {NUMBER_ANCHOR}  # "a" is a number only before a magnitude ("A$" stays a sign)
        for cls in classes:
            by_class.setdefault(cls, []).append(p)
    return Anchors(by_class, starts, seen, text)


def kind_mentions(spec: KindSpec, text: str, anchors: Anchors) -> list[Mention]:
    """One kind's readings of a sentence: its rules, then its sentence-level steps."""
    found = run_rules(spec.rules, text, anchors)
    for post in spec.post:
        found = post(text, anchors, found)
    return found


def sentence_mentions(text: str) -> list[Mention]:
    """All figures of one sentence, one reading per stretch of text."""
    from .resolve import choose, lend_units

    anchors = find_anchors(text)
    candidates = [(spec.priority, m) for spec in specs() for m in kind_mentions(spec, text, anchors)]
    return lend_units(text, anchors, choose(candidates, text))


def extract_kind(spec: KindSpec, text: str) -> list[Mention]:
    """One kind's figures of a sentence, as the whole pipeline reads them (the kind's corpus
    tests use this): readings of other kinds may take a stretch from it."""
    return [m for m in sentence_mentions(text) if m.kind == spec.kind]


def compile_all() -> float:
    """Compile every pattern of the engine now; returns the seconds it took.

    Called before worker processes start, so that they inherit the compiled patterns
    instead of compiling them again.
    """
    t = time.perf_counter()
    _anchor_words()
    _number_start()
    for spec in specs():
        for rule in spec.rules:
            rule.compiled
            rule.plan
            rule.number_start
    from . import resolve
    resolve.compile_all()
    return time.perf_counter() - t
