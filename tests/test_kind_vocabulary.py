"""The vocabulary tables of the count and quantity kinds, checked word by word.

Every unit word of ``data/quantity.toml`` must be found by the rules after a number and must
convert in pint to its canonical unit; every canonical unit must be one pint understands. The
count tables must keep their promises: never-counted words stop a count, irregular plurals
singularise as listed. And every rule of every kind matches the examples written beside it.
"""
from __future__ import annotations

import importlib
import math
import pkgutil

import pytest

import kzfigures.kinds
from kzfigures.kinds import count, quantity
from kzfigures.lexicon import table
from kzfigures.units import factor, registry

WORDS = table("quantity")["units"]
CANONICAL = table("quantity")["canonical"]


@pytest.mark.parametrize("word", sorted(WORDS))
def test_quantity_word_is_matched_and_converts(word: str) -> None:
    pint_unit, canonical = WORDS[word]
    assert canonical in CANONICAL
    ureg = registry()
    q = ureg.Quantity(1, pint_unit)
    target = ureg.Quantity(1, CANONICAL[canonical])
    assert q.dimensionality == target.dimensionality
    f = factor(pint_unit, CANONICAL[canonical])
    text = f"The figure was 12 {word} last year."
    found = quantity.extract(text)
    assert [text[m.start:m.end] for m in found] == [f"12 {word}"]
    assert found[0].unit == canonical
    assert math.isclose(found[0].value, 12 * f, rel_tol=1e-9)


@pytest.mark.parametrize("canonical", sorted(CANONICAL))
def test_canonical_units_are_used_and_known_to_pint(canonical: str) -> None:
    assert any(c == canonical for _, c in WORDS.values())
    assert factor(CANONICAL[canonical], CANONICAL[canonical]) == 1.0


@pytest.mark.parametrize(("expression", "canonical", "expected"), [
    ("oil_barrel", "bbl", 1.0),                      # 42 US gallons, not pint's 31.5
    ("million_cubic_metre", "m3", 1e6),              # "mcm", never a micrometre
    ("billion_cubic_metre", "m3", 1e9),
    ("gigawatt", "MW", 1000.0),
    ("terawatt_hour", "kWh", 1e9),
    ("centner / hectare", "t/ha", 0.1),
    ("mile", "km", 1.609344),
    ("FEU", "TEU", 2.0),
])
def test_conversion_factors(expression: str, canonical: str, expected: float) -> None:
    assert math.isclose(factor(expression, CANONICAL[canonical]), expected, rel_tol=1e-9)


def test_oil_barrel_is_42_gallons() -> None:
    assert math.isclose(factor("oil_barrel", "gallon"), 42.0, rel_tol=1e-9)


NEVER_COUNTED = sorted({w for ws in table("count")["never_counted"].values() for w in ws})


@pytest.mark.parametrize("word", NEVER_COUNTED + count.other_unit_words())
def test_never_counted_words_stop_a_count(word: str) -> None:
    assert count.extract(f"It took 12 {word} in the end.") == []
    assert count.extract(f"It took 12 new {word} in the end.") == []


@pytest.mark.parametrize(("plural", "singular"), sorted(table("count")["irregular"].items()))
def test_irregular_plurals(plural: str, singular: str) -> None:
    assert count.singular(plural) == singular


@pytest.mark.parametrize(("plural", "singular"), [
    ("companies", "company"), ("enterprises", "enterprise"), ("branches", "branch"),
    ("businesses", "business"), ("boxes", "box"), ("potatoes", "potato"), ("projects", "project"),
    ("export-oriented enterprises", "export-oriented enterprise"), ("Facilities", "facility"),
    ("archives", "archive"), ("prizes", "prize"), ("staff", "staff"),
    ("newly built plants", "built plant"), ("supply chains", "supply chain"),
    ("major Kazakh banks", "bank"), ("LNG carriers", "lng carrier"),
])
def test_singular_rules(plural: str, singular: str) -> None:
    *mods, head = plural.split()
    assert count.counted(" ".join(mods), head) == singular


def _kind_modules() -> list:
    out = []
    for info in pkgutil.iter_modules(kzfigures.kinds.__path__):
        module = importlib.import_module(f"kzfigures.kinds.{info.name}")
        if hasattr(module, "RULES"):
            out.extend(pytest.param(module, rule, id=f"{info.name}:{rule.name}") for rule in module.RULES)
    return out


@pytest.mark.parametrize(("module", "rule"), _kind_modules())
def test_rule_matches_its_examples(module, rule) -> None:
    for example in rule.examples:
        m = rule.compiled.search(example)
        assert m is not None and m.group("fig"), example
        assert rule.build(m, example) is not None, example
