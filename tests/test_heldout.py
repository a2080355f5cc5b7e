"""Accuracy on the held-out set ``tests/heldout``: pages written after the rules, with hand-made
gold (see ``tests/heldout/README.md``), in two rounds scored separately.

The pages are extracted in-process and the table is scored with the shared scorer
``../shared/eval/score.py``. When the set was made the rules had never seen it: 248 gold
figures, F1 0.986 overall (count 0.941, money 0.982, rank 0.977, the others 1.000), qualifier
0.992, change 0.979, period 0.874. The errors it showed were then fixed by general rules
(reporting dates, comparison bases, "the number of ...", ...), which brought it to:

    kind       gold  pred   tp     P      R      F1
    count        36    35   35  1.000  0.972  0.986
    mass         24    24   24  1.000  1.000  1.000
    money        55    55   55  1.000  1.000  1.000
    percent      62    62   62  1.000  1.000  1.000
    quantity     49    49   49  1.000  1.000  1.000
    rank         22    21   21  1.000  0.955  0.977
    ALL         248   246  246  1.000  0.992  0.996
    qualifier accuracy 1.000 (246 matched), change 0.996, period 0.988 (169 judged)

so it now guards those fixes too. Each threshold is the measured value rounded down to a
multiple of 0.05 (and never below 0.80): the test catches a regression and does not demand
more than was measured.

Round 2, ``tests/heldout/pages2`` with ``gold2``: ten more pages on new topics (metals, banks,
an IPO, housing, aviation, livestock, water, IT, external debt, coal, the tenge, cars, fuel),
written and annotated after round 1 was fixed. First measurement, before any rule saw them:

    kind       gold  pred   tp     P      R      F1
    count        45    36   36  1.000  0.800  0.889
    mass         30    30   30  1.000  1.000  1.000
    money        54    51   51  1.000  0.944  0.971
    percent      73    73   70  0.959  0.959  0.959
    quantity     17    17   17  1.000  1.000  1.000
    rank         12     7    7  1.000  0.583  0.737
    ALL         231   214  211  0.986  0.913  0.948
    qualifier accuracy 0.995 (211 matched), change 0.986, period 0.876 (161 judged)

Its floors follow the same rule. Rank F1 (0.737) is below the 0.80 minimum: it is guarded at
its own rounded-down value (0.70) so it cannot get worse, and the 0.80 floor is an expected
failure (strict) until the rank rules are fixed; then the marker has to go.
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
PAGES2 = HELDOUT / "pages2"
GOLD2 = sorted((HELDOUT / "gold2").glob("*.jsonl"))
SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"

F1_AT_LEAST = {
    "count": 0.95,
    "mass": 1.00,
    "money": 1.00,
    "percent": 1.00,
    "quantity": 1.00,
    "rank": 0.95,
}
ATTRIBUTE_AT_LEAST = {"qualifier": 1.00, "change": 0.95, "period": 0.95}

# round 2: the first measurement rounded down to 0.05, never below 0.80
F1_AT_LEAST_2 = {
    "count": 0.85,
    "mass": 1.00,
    "money": 0.95,
    "percent": 0.95,
    "quantity": 1.00,
    "rank": 0.80,
}
# kinds measured below the 0.80 minimum: guarded at the measured value rounded down, while the
# 0.80 floor above is an expected failure until they are fixed
F1_MEASURED_BELOW_MINIMUM_2 = {"rank": 0.70}
ATTRIBUTE_AT_LEAST_2 = {"qualifier": 0.95, "change": 0.95, "period": 0.85}

FIELDS = {"source", "title", "kind", "text", "value", "unit", "qualifier", "change", "period", "metric"}


@pytest.fixture(scope="module")
def scorer() -> Path:
    if not SCORER.is_file():
        message = f"shared scorer not found: {SCORER}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SCORER


def _score(scorer: Path, pages: Path, gold: list[Path], out: Path) -> dict:
    result = run([str(pages)])
    rows = figure_rows(result.figures)
    parquet = write_outputs(rows, out, ("parquet",))["parquet"]
    spec = importlib.util.spec_from_file_location("kz_score_heldout", scorer)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    buf = StringIO()
    with redirect_stdout(buf):
        module.main([str(parquet), *map(str, gold), "--json"])
    return json.loads(buf.getvalue())


@pytest.fixture(scope="module")
def report(scorer: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    return _score(scorer, PAGES, GOLD, tmp_path_factory.mktemp("heldout"))


@pytest.fixture(scope="module")
def report2(scorer: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    return _score(scorer, PAGES2, GOLD2, tmp_path_factory.mktemp("heldout2"))


@pytest.mark.parametrize(("pages", "gold", "n"), [(PAGES, GOLD, 12), (PAGES2, GOLD2, 10)],
                         ids=["round1", "round2"])
def test_gold_lines_are_well_formed_and_cite_their_page(pages: Path, gold: list[Path], n: int) -> None:
    assert len(gold) == n
    names = {p.name for p in pages.glob("*.txt")}
    assert {g.stem + ".txt" for g in gold} == names
    for path in gold:
        text = (pages / (path.stem + ".txt")).read_text(encoding="utf-8")
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


def _round2_floor(kind: str):
    marks = []
    if kind in F1_MEASURED_BELOW_MINIMUM_2:
        marks.append(pytest.mark.xfail(
            strict=True, reason=f"round 2 first measured {kind} F1 below the 0.80 minimum"))
    return pytest.param(kind, marks=marks, id=kind)


@pytest.mark.parametrize("kind", [_round2_floor(k) for k in sorted(F1_AT_LEAST_2)])
def test_heldout2_f1_per_kind(report2: dict, kind: str) -> None:
    assert report2["kinds"][kind]["f1"] >= F1_AT_LEAST_2[kind], (kind, report2["kinds"][kind])


@pytest.mark.parametrize("kind", sorted(F1_MEASURED_BELOW_MINIMUM_2))
def test_heldout2_f1_does_not_fall_below_first_measurement(report2: dict, kind: str) -> None:
    assert report2["kinds"][kind]["f1"] >= F1_MEASURED_BELOW_MINIMUM_2[kind], (kind, report2["kinds"][kind])


def test_heldout2_attribute_accuracy(report2: dict) -> None:
    attrs = report2["attributes"]
    for attr, floor in ATTRIBUTE_AT_LEAST_2.items():
        assert attrs[attr]["accuracy"] >= floor, (attr, attrs[attr])
