"""Data-driven tests of the figure kinds: ``tests/corpus/<kind>.toml`` -> ``kinds.<kind>.extract``.

Each case gives a sentence and the figures the kind must find in it, in order of position,
and no others. Only the fields a case lists are compared (``span``, ``value``, ``value_max``,
``unit``, ``counted``), so a case states what it is about; the citation always holds:
``text[m.start:m.end]`` is the span found. A kind adds its corpus by dropping a TOML file
into ``tests/corpus/``.
"""
from __future__ import annotations

import importlib
import math
import tomllib
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "corpus"
FIELDS = ("span", "value", "value_max", "unit", "counted")


def _cases() -> list:
    params = []
    for path in sorted(CORPUS.glob("*.toml")):
        kind = path.stem
        for i, case in enumerate(tomllib.loads(path.read_text(encoding="utf-8"))["case"]):
            params.append(pytest.param(kind, case, id=f"{kind}-{i:02d}-{case['name']}"))
    return params


def _same(field: str, found, expected) -> bool:
    if field in ("value", "value_max") and found is not None and expected is not None:
        return math.isclose(found, expected, rel_tol=1e-9)
    return found == expected


@pytest.mark.parametrize(("kind", "case"), _cases())
def test_corpus_case(kind: str, case: dict) -> None:
    extract = importlib.import_module(f"kzfigures.kinds.{kind}").extract
    text = case["text"]
    found = extract(text)
    got = [{"span": text[m.start:m.end], "value": m.value, "value_max": m.value_max,
            "unit": m.unit, "counted": m.counted} for m in found]
    expected = case["figures"]
    assert [g["span"] for g in got] == [e["span"] for e in expected], got
    for g, e in zip(got, expected):
        for field in FIELDS:
            if field in e:
                assert _same(field, g[field], e[field]), (field, g, e)
    for m in found:
        assert m.kind.value == kind
        assert 0 <= m.start < m.end <= len(text)


def test_every_corpus_names_a_kind_module() -> None:
    paths = sorted(CORPUS.glob("*.toml"))
    assert paths, "no corpus files"
    for path in paths:
        assert hasattr(importlib.import_module(f"kzfigures.kinds.{path.stem}"), "extract")
