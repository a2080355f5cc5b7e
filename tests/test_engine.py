"""The engine: the kind registry, the anchored single pass, one reading per stretch of text.

* Every kind named in the registry has a spec, a vocabulary file and a corpus.
* The anchored pass finds exactly the matches a scan of the whole sentence finds, rule by
  rule, on every sentence of the corpora, the held-out pages and the shared pages: the
  anchors, the ``lead`` and the ``needs`` each rule declares are checked, not trusted.
* Bare numbers borrow a unit in one place, with the rules of the head's kind (whole numbers
  only for counts), in the pipeline as in each kind alone.
* Time grows linearly with the length of a sentence, also for repeated patterns.
"""
from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest

from kzfigures import resolve
from kzfigures.kinds import KINDS, anaphora, count, elided, matches, rank, select, specs
from kzfigures.lexicon import data_text
from kzfigures.model import Kind, Mention
from kzfigures.pages import find_inputs
from kzfigures.readers import read_file
from kzfigures.scan import find_anchors, sentence_mentions
from kzfigures.sentences import split_sentences

TESTS = Path(__file__).resolve().parent


# --- the registry ----------------------------------------------------------------------------

def test_every_kind_is_registered_once_with_its_files() -> None:
    assert sorted(KINDS) == sorted(k.value for k in Kind)
    assert [s.kind.value for s in specs()] == list(KINDS)
    assert len({s.priority for s in specs()}) == len(KINDS), "priorities must break every tie"
    for spec in specs():
        assert data_text(spec.data_file)
        assert (TESTS / "corpus" / f"{spec.kind.value}.toml").is_file()
        assert spec.rules and spec.canonical_units()
        for word in spec.unit_words():
            unit, factor = spec.unit_of(word)
            assert unit in spec.canonical_units() and factor > 0, (spec.kind, word)


def test_count_never_counts_another_kinds_unit() -> None:
    others = set(count.other_unit_words())
    for spec in specs():
        if spec.kind is not Kind.COUNT:
            assert {w.lower() for w in spec.unit_words() if " " not in w} <= others


def _m(start: int, end: int, kind: Kind = Kind.COUNT) -> Mention:
    return Mention(kind, start, end, 1.0, "count", "test")


@pytest.mark.parametrize(("candidates", "kept"), [
    ([(1, _m(0, 5)), (0, _m(0, 3))], [(0, 5)]),            # the longest wins
    ([(1, _m(0, 5)), (0, _m(2, 7))], [(2, 7)]),            # equal length: the lower priority number
    ([(0, _m(0, 5)), (0, _m(3, 8))], [(0, 5)]),            # then the earlier
    ([(0, _m(0, 2)), (0, _m(2, 4)), (0, _m(1, 3))], [(0, 2), (2, 4)]),
])
def test_select(candidates, kept) -> None:
    assert [(m.start, m.end) for m in select(candidates)] == kept


# --- the anchored pass finds what a whole-sentence scan finds --------------------------------

def _corpus_texts() -> list[str]:
    texts = []
    for path in sorted((TESTS / "corpus").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        texts += [c["text"] for c in data.get("case", []) if "text" in c]
        for v in data.get("variants", []):
            texts += [s.replace("{}", form) for form in v["forms"] for s in v.get("sentences", ["{}"])]
    return texts


def _page_texts() -> list[str]:
    folders = sorted(str(p) for p in (TESTS / "heldout").glob("pages*"))
    shared = TESTS.parents[1] / "shared" / "corpus"
    if shared.is_dir():
        folders.append(str(shared))
    paths, _ = find_inputs(folders)
    return [s.text for p in paths for a in read_file(p).articles for s in split_sentences(a.body)]


def _all_rules():
    return [*(r for s in specs() for r in s.rules), elided._parallel_rule(), rank._next_rule(), rank._next_word_rule(), *anaphora.rules(),
            *count._number_of_rules(), resolve._bare()]


def test_anchored_pass_equals_whole_sentence_scan() -> None:
    texts = _corpus_texts() + _page_texts()
    assert len(texts) > 1000
    wrong = []
    for text in texts:
        anchors = find_anchors(text)
        for rule in _all_rules():
            whole = [m.span() for m in rule.compiled.finditer(text)]
            anchored = [m.span() for m in matches(rule, text, anchors.positions_for(rule), anchors.starts)]
            if whole != anchored:
                wrong.append((rule.name, text, whole, anchored))
    assert not wrong, wrong[:5]


def test_pointers_with_a_cue_match_only_where_a_cue_word_stands() -> None:
    """A pointer whose word stands before its number ("of whom", "against") is not read in a
    sentence without that word: no such sentence holds a match of its rule."""
    texts = _corpus_texts() + _page_texts() + ["Of whom 12 left; 40 against 23 in 2023, VERSUS 7 last year."]
    cued = [p for p in anaphora.pointers() if p.cue is not None]
    assert cued
    wrong = []
    for text in texts:
        anchors = find_anchors(text)
        for p in cued:
            whole = [m.span() for m in p.rule.compiled.finditer(text)]
            anchored = [m.span() for m in matches(p.rule, text, p.positions(anchors), anchors.starts)]
            if whole != anchored:
                wrong.append((p.rule.name, text, whole, anchored))
    assert not wrong, wrong[:5]


# --- bare numbers borrow in one place --------------------------------------------------------

def _read(text: str) -> list[tuple[str, float, str]]:
    return [(text[m.start:m.end], m.value, m.kind.value) for m in sentence_mentions(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The region will build 2.5 and 40 new schools.", [("40 new schools", 40.0, "count")]),
    ("Between 0.5 and 12 companies applied.", [("12 companies", 12.0, "count")]),
    ("The region will build 25 and 40 new schools.", [("25", 25.0, "count"), ("40 new schools", 40.0, "count")]),
    ("Output rose by 2.5 and 4 million tonnes.", [("2.5", 2.5e6, "mass"), ("4 million tonnes", 4e6, "mass")]),
    ("It reached 27.7 trillion tenge, 2 trillion above plan.",
     [("27.7 trillion tenge", 27.7e12, "money"), ("2 trillion", 2e12, "money")]),
])
def test_bare_numbers_in_the_pipeline(text: str, expected) -> None:
    assert _read(text) == expected


# --- linear time -----------------------------------------------------------------------------

ADVERSARIAL = {
    "dollars": "$1 ",
    "tenge": "KZT 5 bn ",
    "commas": "1,",
    "words": "one hundred and ",
    "counts": "5 and 6 new schools, ",
    "ranks": "ranked 3rd and 4th in the ranking ",
    "prose": "The fund invested in the largest of the projects of the region and ",
}


def _cost(unit: str, size: int) -> float:
    text = unit * (size // len(unit))
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        sentence_mentions(text)
        best = min(best, time.process_time() - t)
    return best


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_time_grows_linearly_with_the_sentence(name: str) -> None:
    """10x the text costs about 10x the time (well under the 100x of a quadratic pass)."""
    unit = ADVERSARIAL[name]
    _cost(unit, 2_000)  # warm up
    small, large = _cost(unit, 5_000), _cost(unit, 50_000)
    assert large / max(small, 1e-4) < 25, (name, small, large)


# --- rules that open with a number's start guard ---------------------------------------------

@pytest.mark.parametrize(("pattern", "expected"), [
    ("GUARD\\d+", True),
    ("(?P<fig>(?P<num>(?:GUARD\\d+)))\\s+tons", True),
    ("  (?P<fig>\n  GUARD\\d+)", True),
    ("(?:GUARD\\d+|\\p{L}+)", False),  # the second alternative opens otherwise
    ("(?P<fig>(?:GUARD\\d+(?:st|nd)|first))", False),
    ("(?P<fig>(?:GUARD[|(]\\d+))", True),  # a "|" in a class is no alternative
    ("(?:GUARD\\d+\\|x)", True),  # nor an escaped one
    ("\\bbetween\\s+GUARD\\d+", False),
    ("(?P<fig>(?:GUARD\\d+)", False),  # unbalanced: not seen simply
])
def test_opens_with_sees_only_guards_every_match_starts_with(pattern: str, expected: bool) -> None:
    from kzfigures.kinds import opens_with
    assert opens_with(pattern, "GUARD") is expected


def test_number_start_rules_skip_anchors_inside_a_number() -> None:
    text = "Exports reached 1,250 tons and 2.5 percent more."
    anchors = find_anchors(text)
    rule = next(r for s in specs() for r in s.rules if r.name == "<number> <percent>")
    assert rule.number_start
    starts = anchors.positions_for(rule)
    assert text.index("250") not in starts and text.index("5 percent") not in starts
    assert text.index("1,250") in starts and text.index("2.5") in starts


def test_indicator_words_found_at_word_starts_as_a_whole_scan_finds_them() -> None:
    from kzfigures.context import metric
    texts = _corpus_texts() + _page_texts() + ["Non-performing loans and e-commerce sales; S&P Exports, co-financing"]
    pattern = metric._indicator_pattern()
    wrong = [t for t in texts
             if [m.span() for m in pattern.finditer(t)] != [m.span() for m in metric._indicator_matches(t)]]
    assert not wrong, wrong[:3]


def test_parties_found_at_word_starts_as_a_whole_scan_finds_them() -> None:
    from kzfigures.context import subject
    texts = _corpus_texts() + _page_texts() + ["Trade with Kyrgyzstan’s neighbours and the US-China route"]
    pattern = subject._pattern()
    wrong = [t for t in texts if [(m.start(), m.end()) for m in pattern.finditer(t)]
             != [(p.start, p.end) for p in subject.parties(t)]]
    assert not wrong, wrong[:3]


@pytest.mark.parametrize(("text", "tried", "skipped"), [
    ("The region has 600 companies and 12% of them export.", ["600"], ["12%"]),
    ("Some 1,500 of its employees left, and 2024 was hard.", ["1,500"], ["2024"]),
    ("It built 5-10 new plants; output rose 7 times.", ["5-10"], []),
    ("It hired 300 staff, 2 more than in May.", ["300"], ["2 more"]),
])
def test_counts_are_tried_only_where_a_plural_noun_may_follow(text: str, tried: list[str], skipped: list[str]) -> None:
    may_start = count._thing_ahead(text)
    assert all(may_start(text.index(t)) for t in tried)
    assert not any(may_start(text.index(t)) for t in skipped)


# --- cues before a figure looked for backwards ------------------------------------------------

def test_cues_found_backwards_where_the_forward_search_finds_them(monkeypatch) -> None:
    """``lookup.ends_before`` asks the pattern read backwards whether a cue ends at the figure
    before it searches forwards: on every page, wherever the pipeline asks, both say the same."""
    from kzfigures.context import lookup
    from kzfigures.extract import run

    real = lookup.backwards
    asked: list[str] = []
    wrong: list[tuple[str, str, int, int]] = []

    class Checked:
        def __init__(self, pattern):
            self.pattern, self.reverse = pattern, real(pattern)

        def search(self, text: str, start: int, end: int):
            found = self.reverse.search(text, start, end)
            asked.append(self.pattern.pattern)
            if (found is None) != (self.pattern.search(text, start, end) is None):
                wrong.append((self.pattern.pattern, text, start, end))
            return found

    monkeypatch.setattr(lookup, "backwards", Checked)
    folders = sorted(str(p) for p in (TESTS / "heldout").glob("pages*"))
    shared = TESTS.parents[1] / "shared" / "corpus"
    if shared.is_dir():
        folders.append(str(shared))
    run(folders)
    assert len(asked) > 10_000 and len(set(asked)) > 10
    assert not wrong, wrong[:3]
