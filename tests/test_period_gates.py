"""Each time rule is skipped on a sentence holding no match of its gate: a rule must never
match where its gate does not, or skipping would lose time expressions."""
import pytest

from kzfigures.context.period import GATES, RULES, _compiled, find_times

SENTENCES = [
    "Exports rose in January-September 2024 and in Jan. through Feb. 2021.",
    "In the first nine months of 2025 output grew; for nine months it fell; 9M 2024 was flat.",
    "H1 2024, 1H 2023 and the first half of 2022 were strong; for the first half growth held.",
    "Q1 2024, 1Q 2023 and the third quarter of 2025; the second-quarter figures.",
    "By the end of November 2024 reserves rose; as of January 1,2023 and on Jan. 25.",
    "25 April 2024 at 23 March 2021 00:00; May 2024 and Feb. 2021.",
    "In March, since October, in early April and over September trade rose.",
    "Between 2014 and 2020, in 2015-2016 and 2021/25 and from 2019 to 2022.",
    "Since 1993 the fund grew; in 2025 it reached $3 billion.",
    "Last year, this year's plan and the previous year; a year earlier.",
    "In the reporting period and the same period sales rose.",
    "The Mayor of Almaty said nothing about the half-finished marchers.",
    "Loans grew 6% since the start of the year and 9% year-to-date as of end-2024; at end-2025 too.",
    "Shares fell on Tuesday and ended Monday higher; the Monday market opened.",
    "Prices rose this week after a fall last week, and a week earlier they were flat.",
    "Up from 180,000 yuan at the start of 2025 and as of the beginning of 2024, by March.",
    "This season, last season's crop and the season; the 2025/2026 winter season and next season.",
    "No time here at all.",
]


def test_every_rule_has_a_gate():
    assert [name for name, _, _ in RULES] == list(GATES)


@pytest.mark.parametrize("text", SENTENCES)
def test_no_rule_matches_where_its_gate_does_not(text):
    for name, pat, _, gate in _compiled():
        if any(True for _ in pat.finditer(text)):
            assert gate.search(text), (name, text)


@pytest.mark.parametrize("text", SENTENCES)
def test_gated_and_ungated_find_the_same(text, monkeypatch):
    gated = find_times(text, 2025, 2025, 6)
    everything = __import__("regex").compile(r"")
    ungated = [(n, p, r, everything) for n, p, r, _ in _compiled()]
    monkeypatch.setattr("kzfigures.context.period._compiled", lambda: ungated)
    assert find_times(text, 2025, 2025, 6) == gated


def test_no_rule_matches_where_its_gate_does_not_on_any_page_sentence():
    """The gates hold on every sentence of the held-out and shared pages too."""
    from test_engine import _corpus_texts, _page_texts

    texts = _corpus_texts() + _page_texts()
    assert len(texts) > 1000
    wrong = [(name, text) for text in texts for name, pat, _, gate in _compiled()
             if gate.search(text) is None and any(True for _ in pat.finditer(text))]
    assert not wrong, wrong[:3]
