"""The one number parser every figure kind shares.

Patterns here *find* a number; :func:`parse_number` *reads* the text a pattern matched. Kinds
compose the pattern strings below into their rules, so "1.62bn", "13mn", "two hundred" and
"1.5 trillion" mean the same thing in money, mass and counts alike.

Pattern strings use the ``regex`` module's named lists (``\\L<scales>``); compile them with
:func:`compile_rule`, which passes the word lists along.
"""
from __future__ import annotations

import re as _stdre
from functools import cache, lru_cache

import regex

from .lexicon import table

# --- word tables ---------------------------------------------------------------------------


@cache
def _numbers() -> dict:
    return table("numbers")


def scale_words() -> dict[str, float]:
    """Magnitude words that may stand after a space: "1.5 trillion", "3 mln"."""
    return dict(_numbers()["scales"])


def short_scales() -> dict[str, float]:
    """Single-letter magnitudes, only when glued to the digits: "$5m", "12k"."""
    return dict(_numbers()["short_scales"])


def ordinal_words() -> dict[str, int]:
    return dict(_numbers()["ordinals"])


def _word_values() -> dict[str, float]:
    n = _numbers()
    return {**n["units"], **n["tens"], **n["hundreds"], **n["articles"], **n["dozens"]}


@cache
def named_lists() -> dict[str, list[str]]:
    """The word lists the patterns below refer to as ``\\L<name>``."""
    n = _numbers()
    return {
        "scales": list(n["scales"]),
        "short_scales": list(n["short_scales"]),
        "unit_words": list(n["units"]),
        "ten_words": list(n["tens"]),
        "ordinal_words": list(n["ordinals"]),
        **{f"scales_{tier}": [w for w, v in n["scales"].items() if v == tier] for tier in _TIERS},
    }


# --- patterns ------------------------------------------------------------------------------

#: Not glued to a word or to another number: keeps "COP29", "G20", "CA5" and "1,2023" apart;
#: nor the digits of ".001" (the number starts at its point).
NUM_START = r"(?<![\p{L}\p{N}_])(?<!\p{N}[.,])(?<!(?:^|[\s(])\.)"

#: Digits with optional thousands separators and decimals: "944,000", "1.62", "17.44", "2",
#: "150 000" (a space between groups, as translated news writes), "0,9" (a decimal comma:
#: one or two digits after it, never three), ".001" (a leading point after a space or bracket).
DIGITS = (r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])(?!,\d{3}(?!\d))"
          r"|\d{1,3}(?:[ \u00a0]\d{3})+(?![\d-])(?:\.\d+)?(?![\d])"
          r"|\d+,\d{1,2}(?![\d,])"
          r"|\d+(?:\.\d+)?(?![\d])(?!,\d{3}(?!\d))"
          r"|(?<![^\s(])\.\d+(?![\d.,]))")

#: Word numbers: "thirteen", "fifty", "twenty-five", "two hundred", "one hundred and twenty".
_TENS_UNITS = r"(?:\L<ten_words>(?:[- ]\L<unit_words>)?|\L<unit_words>)"
WORDS = rf"(?:{_TENS_UNITS}(?:[- ]hundred(?:(?:\s+and)?\s+{_TENS_UNITS})?)?)(?![\p{{L}}])"

#: A magnitude after the digits: "bn" in "$1.62bn", " trillion" in "1.5 trillion",
#: "-billion" in "$3.5-billion", " thous." in "12.3 thous. tons".
SCALE = r"(?:(?:[\s-]|\.(?=(?-i:\p{Ll})))?\L<scales>(?![\p{L}])(?:\.(?=\s(?-i:\p{Ll})))?|\L<short_scales>(?![\p{L}\p{N}]))"

#: The magnitudes by size, for numbers written the Kazakh-Russian way: ``\L<scales_1000000>`` is
#: "million", "mln", "mn", ...
_TIERS = (1000, 10**6, 10**9, 10**12)
_PART = r"\s+\d{1,3}(?:\.\d+)?(?![\d,])\s?"
#: A magnitude then the rest in a smaller one: "5 million 123.9 thousand", "3 trillion 100
#: billion" (never "5 million 3 million": each larger magnitude is followed by smaller ones only).
COMPOUND = "(?:\\s(?:" + "|".join(
    rf"\L<scales_{big}>(?![\p{{L}}]){_PART}(?:"
    + "|".join(rf"\L<scales_{small}>" for small in _TIERS if small < big) + ")"
    for big in _TIERS[1:]) + r")(?![\p{L}])(?:\.(?=\s(?-i:\p{Ll})))?)"

#: A word-number magnitude needs its scale spelt out ("a million", "one trillion", "half a billion").
_A_SCALE = r"(?:(?:half\s+)?an?|one)\s+\L<scales>(?![\p{L}])"
#: "half a" before a unit: "half a percentage point" (a magnitude reads as "half a million")
_HALF = r"half\s+an?(?=\s)"

#: A number without the start guard, for rules that glue it to a code: "KZT" + "2.5tln".
NUMBER_BODY = rf"(?:{DIGITS}(?:{COMPOUND}|{SCALE})?|{_A_SCALE}|{_HALF}|{WORDS}(?:\s+\L<scales>(?![\p{{L}}]))?)"

#: A number: digits or words, with an optional magnitude. "13mn", "1.5 trillion", "thirteen".
NUMBER = rf"(?:{NUM_START}{NUMBER_BODY})"

#: A year: four digits from 1950 to 2099, the years news about today's economy names. The
#: one definition of a year: a number of this shape is no amount or count
#: (:func:`is_year`), and a time when the text says so (``context.period.YEAR``).
YEAR_DIGITS = r"(?:19[5-9]\d|20\d\d)"

#: Joins the two ends of a range: "2-3", "2 – 3", "2 to 3".
RANGE_DASH = r"(?:\s?[-–—]\s?)"
RANGE_TO = r"(?:\s+to\s+)"


#: Case-insensitive matching with simple case folding, prefixed to the patterns compiled in
#: ``regex`` version 1: that version folds fully by default ("ss" would match "ß"), which no
#: rule needs and which costs about twice the compile time and slower matches.
SIMPLE_CASE = "(?-f)"


def compile_rule(pattern: str, **extra_lists: list[str]) -> regex.Pattern:
    """Compile a rule pattern (verbose mode, case-insensitive) with the shared word lists."""
    return regex.compile(SIMPLE_CASE + pattern, regex.VERBOSE | regex.IGNORECASE | regex.V1, ignore_unused=True,
                         **named_lists(), **extra_lists)


# --- reading -------------------------------------------------------------------------------

_DIGITS_RE = _stdre.compile(r"\d[\d, \u00a0]*(?:\.\d+)?|\.\d+")
_DECIMAL_COMMA = _stdre.compile(r"\d+,\d{1,2}")
_COMPOUND_RE = regex.compile(r"(\d+(?:\.\d+)?)\s?(\p{L}+)\s+(\d{1,3}(?:\.\d+)?)\s?(\p{L}+)")
_WORD_SPLIT = regex.compile(r"[\s-]+")
_HALF_A = regex.compile(r"(?i)^half\s+an?\s*")
#: the magnitude word at the end of a number: "bn" in "1.62bn", " trillion", "-billion"
_SCALE_AT_END = regex.compile(r"(?:(?<=\d)|(?<=\d\.)|[\s-])(\p{L}+)$")
_SCALE_AT_END_DOT = regex.compile(r"(?:(?<=\d)|(?<=\d\.)|[\s-])(\p{L}+)\.?$")
_SEPARATORS = regex.compile(r"[,\s]")


def parse_scale(text: str) -> float | None:
    """The multiplier of a magnitude word or suffix: "bn" -> 1e9, "m" -> 1e6; None if unknown."""
    t = text.strip().lower()
    return scale_words().get(t) or short_scales().get(t)


def parse_words(text: str) -> float | None:
    """Read a word number: "thirteen" -> 13, "two hundred and five" -> 205, "a" -> 1."""
    values = _word_values()
    total = 0.0
    current = 0.0
    seen = False
    for tok in _WORD_SPLIT.split(text.strip().lower()):
        if not tok or tok == "and":
            continue
        if tok in ("hundred",):
            current = (current or 1) * 100
        elif tok in values:
            current += values[tok]
        else:
            return None
        seen = True
    return total + current if seen else None


@lru_cache(maxsize=4096)
def parse_number(text: str) -> float | None:
    """The value of a number as a NUMBER pattern matched it.

    >>> parse_number("1.62bn"), parse_number("944,000"), parse_number("two hundred")
    (1620000000.0, 944000.0, 200.0)
    >>> parse_number("1.5 trillion"), parse_number("a million"), parse_number("13mn")
    (1500000000000.0, 1000000.0, 13000000.0)
    """
    t = text.strip().rstrip(".")
    c = _COMPOUND_RE.fullmatch(t)
    if c:
        high, low = parse_scale(c.group(2)), parse_scale(c.group(4))
        if high is None or low is None or low >= high:
            return None  # "5 million 3 million" is no one number
        return float(c.group(1)) * high + float(c.group(3)) * low
    scale = 1.0
    if t.lower().startswith("half"):  # "half a million", "half a"
        rest = _HALF_A.sub("", t)
        s = parse_scale(rest) if rest else 1.0
        return None if s is None else 0.5 * s
    m = _SCALE_AT_END.search(t)
    if m:
        s = parse_scale(m.group(1))
        if s is not None:
            scale = s
            t = t[: m.start()].strip().rstrip(".")  # "71.tn"
    if not t:
        return None
    if _DECIMAL_COMMA.fullmatch(t):
        return float(t.replace(",", ".")) * scale
    d = _DIGITS_RE.fullmatch(t)
    if d:
        return float(_SEPARATORS.sub("", t)) * scale
    w = parse_words(t)
    return None if w is None else w * scale


_YEAR_RE = _stdre.compile(YEAR_DIGITS)


def is_year(number_text: str) -> bool:
    """A number that reads as a year (:data:`YEAR_DIGITS`): "2025", not "2,025", "2025.5"
    or "2150"."""
    return _YEAR_RE.fullmatch(number_text.strip()) is not None


@lru_cache(maxsize=4096)
def number_scale(text: str) -> float | None:
    """The magnitude written in a number ("1.62bn" -> 1e9), or None when it has none."""
    m = _SCALE_AT_END_DOT.search(text.strip())
    return parse_scale(m.group(1)) if m else None
