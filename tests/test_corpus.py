"""Data-driven corpora of the figure kinds: ``tests/corpus/<kind>.toml``.

Every corpus file whose name is a module of :mod:`kzfigures.kinds` is run through that
module's ``extract(text)``. A file holds

``[[case]]``
    ``text`` (one sentence), maybe a ``name``, and ``figures``, the exact list of figures of
    the file's kind in the order they appear: ``span``, ``value``, ``unit``, and ``value_max``
    for a range (absent means "no high end"). ``unit``, ``qualifier``, ``counted`` and
    ``rule`` are checked only when a figure lists them. ``figures = []`` is a negative case: the text has no figure of this kind.
``[[variants]]``
    ``forms``: surface forms of one amount (``value``, ``unit``, maybe ``value_max``), each
    embedded in every sentence of ``sentences`` at ``{}``; each must come out as exactly one
    figure whose span is the form itself.

A case or a variant form the extractor gets wrong stays in the corpus as a known gap:
``xfail = "why"`` on a case, or ``xfail = { "<form>" = "why" }`` on a variants table. It is
run as a strict xfail, so a rule change that fixes it turns the test red until the mark
is removed.
"""
from __future__ import annotations

import importlib
import math
import pkgutil
import tomllib
from pathlib import Path

import pytest

import kzfigures.kinds

CORPUS = Path(__file__).resolve().parent / "corpus"

CASE_KEYS = {"name", "text", "figures", "xfail", "note"}
FIGURE_KEYS = {"span", "value", "value_max", "unit", "qualifier", "rule", "counted"}
VARIANT_KEYS = {"forms", "value", "value_max", "unit", "sentences", "xfail", "note"}


def kind_names() -> list[str]:
    """Kinds that have both an extractor module and a corpus file."""
    modules = {m.name for m in pkgutil.iter_modules(kzfigures.kinds.__path__)}
    return sorted(p.stem for p in CORPUS.glob("*.toml") if p.stem in modules)


def load(kind: str) -> dict:
    with open(CORPUS / f"{kind}.toml", "rb") as f:
        return tomllib.load(f)


def _short(text: str, n: int = 40) -> str:
    head = text[:n].rstrip()
    return head.replace(" ", "_") + ("..." if len(text) > n else "")


def _xfail(reason: str | None) -> list:
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


def case_params() -> list:
    params = []
    for kind in kind_names():
        for i, case in enumerate(load(kind).get("case", [])):
            params.append(pytest.param(kind, case, id=f"{kind}-{i:03d}-{_short(case.get('name') or case.get('text', ''))}",
                                       marks=_xfail(case.get("xfail"))))
    return params


def variant_params() -> list:
    params = []
    for kind in kind_names():
        for i, var in enumerate(load(kind).get("variants", [])):
            gaps = var.get("xfail", {})
            for form in var.get("forms", []):
                for j, sentence in enumerate(var.get("sentences", ["{}"])):
                    params.append(pytest.param(kind, var, form, sentence,
                                               id=f"{kind}-variants{i}-{form}-s{j}",
                                               marks=_xfail(gaps.get(form))))
    return params


def _extract(kind: str):
    return importlib.import_module(f"kzfigures.kinds.{kind}").extract


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _found(text: str, mentions) -> list[tuple[str, float, float | None, str]]:
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text), f"offsets out of the text: {m}"
    return [(text[m.start:m.end], m.value, m.value_max, m.unit) for m in mentions]


def _check(text: str, expected: list[dict], mentions) -> None:
    found = _found(text, mentions)
    want = [(f["span"], float(f["value"]), None if f.get("value_max") is None else float(f["value_max"]), f.get("unit"))
            for f in expected]
    msg = f"\n text: {text!r}\n want: {want}\n got:  {found}"
    assert len(found) == len(want), msg
    for (fs, fv, fmax, fu), (ws, wv, wmax, wu) in zip(found, want):
        assert fs == ws and fu == (wu or fu) and _same(fv, wv) and _same(fmax, wmax), msg
    for f, m in zip(expected, mentions):
        if "counted" in f:
            assert m.counted == f["counted"], f"counted of {f['span']!r}: {m.counted}{msg}"
        if "qualifier" in f:
            got = m.qualifier.value if m.qualifier is not None else None
            assert got == f["qualifier"], f"qualifier of {f['span']!r}: {got}{msg}"
        if "rule" in f:
            assert m.rule == f["rule"], f"rule of {f['span']!r}: {m.rule}{msg}"


@pytest.mark.parametrize("kind,case", case_params())
def test_case(kind: str, case: dict) -> None:
    text = case["text"]
    for f in case["figures"]:
        assert f["span"] in text, f"corpus error: span {f['span']!r} is not in the text"
    _check(text, case["figures"], _extract(kind)(text))


@pytest.mark.parametrize("kind,var,form,sentence", variant_params())
def test_variant(kind: str, var: dict, form: str, sentence: str) -> None:
    text = sentence.replace("{}", form)
    expected = [{"span": form, "value": var["value"], "value_max": var.get("value_max"), "unit": var["unit"]}]
    _check(text, expected, _extract(kind)(text))


# --- the corpora themselves ------------------------------------------------------------------

def test_corpora_found() -> None:
    assert {"money", "percent", "mass", "rank"} <= set(kind_names())


@pytest.mark.parametrize("kind", kind_names())
def test_corpus_is_well_formed(kind: str) -> None:
    """No misspelt key silently skips a check; each expected value is a number."""
    data = load(kind)
    assert set(data) <= {"case", "variants"}, f"unknown tables: {set(data) - {'case', 'variants'}}"
    for case in data.get("case", []):
        assert set(case) <= CASE_KEYS and {"text", "figures"} <= set(case), case
        for f in case["figures"]:
            assert set(f) <= FIGURE_KEYS and {"span", "value"} <= set(f), f
            assert isinstance(f["value"], (int, float)), f
    for var in data.get("variants", []):
        assert set(var) <= VARIANT_KEYS and {"forms", "value", "unit"} <= set(var), var
        assert all("{}" in s for s in var.get("sentences", ["{}"])), var
        assert set(var.get("xfail", {})) <= set(var["forms"]), var


@pytest.mark.parametrize("kind", [k for k in ("money", "percent", "mass", "rank") if k in kind_names()])
def test_core_corpus_size(kind: str) -> None:
    """Each core kind keeps at least 45 cases, 10 of them negative."""
    cases = load(kind).get("case", [])
    assert len(cases) >= 45
    assert sum(1 for c in cases if not c["figures"]) >= 10
