"""The vocabulary of kzfigures, loaded once from the TOML tables in ``data/``.

Every word list that a pattern matches and every value that word resolves to come from the
same table, so a pattern and its interpretation can never drift apart: adding a currency or a
unit word means adding one line to one file.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


def data_text(name: str) -> str:
    """The text of a file shipped in ``kzfigures/data``."""
    return resources.files("kzfigures").joinpath("data", name).read_text(encoding="utf-8")


@cache
def table(name: str) -> dict[str, Any]:
    """A parsed ``data/<name>.toml`` table (cached: the files are read once per process)."""
    return tomllib.loads(data_text(f"{name}.toml"))


@dataclass(frozen=True)
class Currency:
    """One currency: its ISO 4217 code and the ways news writes it."""

    code: str
    symbols: tuple[str, ...]
    codes: tuple[str, ...]
    words: tuple[str, ...]
    ambiguous: tuple[str, ...] = ()
    #: capital letters glued before an amount with a magnitude: "T4.2 trillion"
    letters: tuple[str, ...] = ()
    #: hundredths written after the amount, with their factor: ("cents", 0.01)
    subunits: tuple[tuple[str, float], ...] = ()
    #: words several currencies share ("pesos"), read as this one where a country of it is
    #: named in the amount's clause
    shared: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()


@cache
def currencies() -> tuple[Currency, ...]:
    return tuple(
        Currency(code, tuple(t.get("symbols", ())), tuple(t.get("codes", ())), tuple(t.get("words", ())),
                 tuple(t.get("ambiguous", ())), tuple(t.get("letters", ())),
                 tuple((w, float(f)) for w, f in t.get("subunits", {}).items()),
                 tuple(t.get("shared", ())), tuple(t.get("countries", ())))
        for code, t in table("currencies").items()
    )


@cache
def currency_lookup() -> dict[str, str]:
    """Surface form (symbol, code or word, as written and lower-cased) -> ISO code."""
    out: dict[str, str] = {}
    for c in currencies():
        for form in (*c.symbols, *c.codes, *c.words, *c.letters):
            out.setdefault(form, c.code)
            out.setdefault(form.lower(), c.code)
    return out


@cache
def subunit_lookup() -> dict[str, tuple[str, float]]:
    """A hundredth as written (and lower-cased) -> (ISO code, factor): "cents" -> ("USD", 0.01)."""
    out: dict[str, tuple[str, float]] = {}
    for c in currencies():
        for word, f in c.subunits:
            out.setdefault(word, (c.code, f))
            out.setdefault(word.lower(), (c.code, f))
    return out


@cache
def shared_currency_words() -> dict[str, dict[str, str]]:
    """A word several currencies share (lower case) -> {country as written -> ISO code}."""
    out: dict[str, dict[str, str]] = {}
    for c in currencies():
        for word in c.shared:
            for country in c.countries:
                out.setdefault(word.lower(), {}).setdefault(country, c.code)
    return out


def lookup(mapping: dict[str, Any], surface: str) -> Any:
    """Find a surface form in a table: exactly as written first, then in lower case.

    Exact-case first keeps abbreviations apart ("Mt" is a megatonne, "mt" a metric ton).
    Inner whitespace is collapsed so that "metric  tons" finds "metric tons".
    """
    key = " ".join(surface.split())
    if key in mapping:
        return mapping[key]
    return mapping.get(key.lower())


def words(name: str, section: str) -> list[str]:
    """The keys of one section of a table, e.g. the scale words of numbers.toml."""
    return list(table(name)[section])
