"""Hostile pages of any size, shared by tests/test_robust.py and benchmarks/bench_adversarial.py.

Each pattern is one piece of text repeated until the page has the size asked for: a phrase
that every rule wants to start a figure at, a sentence that never ends, a page on one line.
A page is a single-article page (a crawl prefix, a title line, then the body), so every
stage (reading, sentence splitting, the rules, context) sees the whole body.
"""
from __future__ import annotations

#: name -> (the repeated unit, what separates repeats)
PATTERNS: dict[str, tuple[str, str]] = {
    "dollar": ("$1", " "),
    "kzt-bn": ("KZT 5 bn", " "),
    "comma-ones": ("1", ","),
    "hundred-and": ("one hundred and", " "),
    "quarter-range": ("January-March 2025", " "),
    "no-full-stop": ("exports of grain rose by 5% to 120 thousand tonnes worth $3 million and", " "),
    "one-line-page": ("Trade with China reached $1.62bn in 2025, up 12% on the year.", " "),
    "abbreviations": ("Mr. Smith met Jan. Dr.", " "),
    "full-stops": ("a.", " "),
    "brackets": ("(", ""),
    "percent-range": ("5-6%", " to "),
    "dates": ("on Jan. 25, 2025", " and "),
    "many-lines": ("The plant employs 1,200 people.", "\n"),
    "headers": ("26.02.2026, 18:45 34191", "\n"),
    "figure-years": ("exports rose 5% in 2025 to $3 million in March 2025, while", " "),
}

_HEAD = " date 2026-02-27 \nAdversarial page\n"


def body_of(name: str, kb: float) -> str:
    """The repeated text of a pattern, ``kb`` KB long (whole repeats, at least one)."""
    unit, sep = PATTERNS.get(name, ("Trade reached $1.62bn in 2025.", " "))
    size = int(kb * 1000)
    count = max(1, size // (len(unit) + len(sep)))
    return sep.join([unit] * count)


def page_of(name: str, kb: float) -> str:
    """A whole page: crawl prefix, title, then the pattern's body."""
    return _HEAD + body_of(name, kb) + "\n"
