"""Accuracy on the held-out set ``tests/heldout``: twelve newly written pages, with hand-made
gold, that the rules were never tuned on (see ``tests/heldout/README.md``).

The pages are extracted in-process and the table is scored with the shared scorer
``../shared/eval/score.py``. Measured when the set was made (248 gold figures, 243 rows):

    kind       gold  pred   tp     P      R      F1
    count        36    32   32  1.000  0.889  0.941
    mass         24    24   24  1.000  1.000  1.000
    money        55    55   54  0.982  0.982  0.982
    percent      62    62   62  1.000  1.000  1.000
    quantity     49    49   49  1.000  1.000  1.000
    rank         22    21   21  1.000  0.955  0.977
    CORE        163   162  161  0.994  0.988  0.991
    ALL         248   243  242  0.996  0.976  0.986
    qualifier accuracy 0.992 (242 matched), change 0.979 (242), period 0.874 (167 judged)

Each threshold is the measured value rounded down to a multiple of 0.05 (and never below
0.80), so the test catches a regression and does not demand more than was measured.
"""
from __future__ import annotations

import importlib.util
import json
import os
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import pytest

from kzfigures.extract import run
from kzfigures.table import figure_rows
from kzfigures.write import write_outputs

HELDOUT = Path(__file__).resolve().parent / "heldout"
PAGES = HELDOUT / "pages"
GOLD = sorted((HELDOUT / "gold").glob("*.jsonl"))
SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"

F1_AT_LEAST = {
    "count": 0.90,
    "mass": 1.00,
    "money": 0.95,
    "percent": 1.00,
    "quantity": 1.00,
    "rank": 0.95,
}
ATTRIBUTE_AT_LEAST = {"qualifier": 0.95, "change": 0.95, "period": 0.85}

FIELDS = {"source", "title", "kind", "text", "value", "unit", "qualifier", "change", "period", "metric"}


@pytest.fixture(scope="module")
def scorer() -> Path:
    if not SCORER.is_file():
        message = f"shared scorer not found: {SCORER}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SCORER


@pytest.fixture(scope="module")
def report(scorer: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    result = run([str(PAGES)])
    rows = figure_rows(result.figures)
    out = tmp_path_factory.mktemp("heldout")
    parquet = write_outputs(rows, out, ("parquet",))["parquet"]
    spec = importlib.util.spec_from_file_location("kz_score_heldout", scorer)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    buf = StringIO()
    with redirect_stdout(buf):
        module.main([str(parquet), *map(str, GOLD), "--json"])
    return json.loads(buf.getvalue())


def test_gold_lines_are_well_formed_and_cite_their_page() -> None:
    assert len(GOLD) == 12
    pages = {p.name for p in PAGES.glob("*.txt")}
    assert {g.stem + ".txt" for g in GOLD} == pages
    for path in GOLD:
        text = (PAGES / (path.stem + ".txt")).read_text(encoding="utf-8")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            gold = json.loads(line)
            where = f"{path.name}:{n}"
            assert FIELDS <= gold.keys(), where
            assert gold["source"] == path.stem + ".txt", where
            assert gold["text"] in text, where
            assert (gold["qualifier"] == "range") == (gold.get("value_max") is not None), where
            assert gold["title"] is None or gold["title"] in text, where


@pytest.mark.parametrize("kind", sorted(F1_AT_LEAST))
def test_heldout_f1_per_kind(report: dict, kind: str) -> None:
    assert report["kinds"][kind]["f1"] >= F1_AT_LEAST[kind], (kind, report["kinds"][kind])


def test_heldout_attribute_accuracy(report: dict) -> None:
    attrs = report["attributes"]
    for attr, floor in ATTRIBUTE_AT_LEAST.items():
        assert attrs[attr]["accuracy"] >= floor, (attr, attrs[attr])
