"""Lists whose unit is said in the sentence before: "... $330 billion of investment from
European countries. The Netherlands - 118.6 billion, Switzerland - 25.8 billion.", and parts of
a count said in the sentence before: "... 32 new hospitals. Seventeen of them ..."

The kind corpora read one sentence at a time; these texts hold several, so they run through
the whole pipeline (:func:`kzfigures.extract_text`), where a list that opens a sentence takes
the unit of the last figure of the sentence before it in the same paragraph, and of no other.
"""
from __future__ import annotations

import pytest

import kzfigures

CASES = [
    pytest.param(
        "Kazakhstan attracted more than $330 billion of investment from European countries, the "
        "minister said. The Netherlands - 118.6 billion, Switzerland - 25.8 billion, France - 21.4 billion.",
        [("$330 billion", 330e9, "USD"), ("118.6 billion", 118.6e9, "USD"), ("25.8 billion", 25.8e9, "USD"),
         ("21.4 billion", 21.4e9, "USD")], id="money-list-after-its-total"),
    pytest.param(
        "Uzbekistan bought 2.9 mln. tons, followed by China with 986 thousand tons. "
        "Iran - 402 thousand, Türkiye - 288 thousand.",
        [("2.9 mln. tons", 2.9e6, "t"), ("986 thousand tons", 986e3, "t"), ("402 thousand", 402e3, "t"),
         ("288 thousand", 288e3, "t")], id="mass-list-after-its-total"),
    pytest.param(
        "Hotels served 4.2 million visitors; Almaty region came third with 402.1 thousand. "
        "Other regions: Turkistan region - 281.6 thousand, Mangystau region - 197.4 thousand.",
        [("4.2 million visitors", 4.2e6, "count"), ("third", 3, "rank"), ("402.1 thousand", 402.1e3, "count"),
         ("281.6 thousand", 281.6e3, "count"), ("197.4 thousand", 197.4e3, "count")],
        id="count-list-after-a-lead-naming-its-labels"),
    pytest.param(
        "Investment grew to $14 billion. Population by region: Almaty - 2.3 million, Astana - 1.5 million.",
        [("$14 billion", 14e9, "USD")], id="no-unit-for-a-list-with-its-own-heading"),
    pytest.param(
        "Investment grew to $14 billion.\n\nAlmaty - 2.3 million, Astana - 1.5 million.",
        [("$14 billion", 14e9, "USD")], id="no-unit-across-paragraphs"),
    pytest.param(
        "Investment grew to $14 billion. Almaty - 2.3 million.",
        [("$14 billion", 14e9, "USD")], id="one-item-is-no-list"),
    pytest.param(
        "Inflation was 12.1% in the year. Almaty - 2.3 billion, Astana - 1.5 billion.",
        [("12.1%", 12.1, "percent")], id="no-percent-for-items-with-a-magnitude"),
    pytest.param(
        "The region will open 32 new hospitals by the end of 2025. Seventeen of them have been commissioned.",
        [("32 new hospitals", 32, "count"), ("Seventeen", 17, "count")], id="count-part-opening-the-next-sentence"),
    pytest.param(
        "The region will open 32 new hospitals by the end of 2025.\n\nSeventeen of them have been commissioned.",
        [("32 new hospitals", 32, "count")], id="no-part-across-paragraphs"),
    pytest.param(
        "Exports reached $14 billion. Five of them went to China.",
        [("$14 billion", 14e9, "USD")], id="no-part-of-a-figure-that-is-no-count"),
    pytest.param(
        "The region received 1.2 million foreign tourists in 2025. Almaty, the region's largest city, "
        "accounted for 640,000 of them.",
        [("1.2 million foreign tourists", 1.2e6, "count"), ("region's largest", 1, "rank"),
         ("640,000", 640e3, "count")], id="count-part-inside-the-next-sentence"),
    pytest.param(
        "The region received 12,000 foreign tourists in 2025. Hotels accounted for 64,000 of them.",
        [("12,000 foreign tourists", 12e3, "count")], id="no-part-larger-than-its-count"),
    pytest.param(
        "Belgium took 198.3 thousand tons, followed by China with 176.5 thousand tons, while Poland came third - 61.2 thousand.",
        [("198.3 thousand tons", 198.3e3, "t"), ("176.5 thousand tons", 176.5e3, "t"), ("third", 3, "rank"),
         ("61.2 thousand", 61.2e3, "t")], id="a-place-in-a-list-leaves-its-item-the-unit"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_list_takes_the_unit_of_the_sentence_before(text: str, expected: list) -> None:
    df = kzfigures.extract_text(text, published="2025-11-05")
    got = [(s, v, u) for s, v, u in zip(df["span"], df["value"], df["unit"])]
    assert len(got) == len(expected), got
    for (s, v, u), (ws, wv, wu) in zip(got, expected):
        assert s == ws and u == wu and abs(v - wv) <= 1e-9 * abs(wv), got
