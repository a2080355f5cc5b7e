"""Streaming output: rows are written in row groups as pages finish, with the same bytes
whatever the batching or the number of processes, and the same rows as one whole table."""
from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

import kzfigures
from kzfigures import cache as C
from kzfigures import extract as E
from kzfigures import write as W
from kzfigures.cli import main
from kzfigures.table import to_arrow

from synthetic import write_corpus

OUTPUTS = ("figures.parquet", "figures.csv", "datapackage.json", "manifest.json", "changes.json")


def extract(*args: str) -> int:
    return main(["extract", "--quiet", *args])


def snapshot(out, names=OUTPUTS) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in names}


@pytest.fixture
def small_groups(monkeypatch):
    """Row groups of 7 rows, so a small corpus spans many groups and page boundaries."""
    monkeypatch.setattr(W, "ROW_GROUP_ROWS", 7)


def test_row_groups_hold_the_rows_of_one_whole_table(tmp_path, small_groups):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 8)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out), "--no-cache") == 0
    streamed = pq.ParquetFile(out / "figures.parquet")
    rows = E.run([str(corpus)]).rows
    assert streamed.metadata.num_row_groups == -(-len(rows) // 7) > 2
    assert streamed.read().to_pylist() == to_arrow(rows).to_pylist()
    # the CSV is the one a whole-table write gives
    W.write_csv(to_arrow(rows), tmp_path / "whole.csv")
    assert (out / "figures.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    # and the typed loader reads the row groups as one table
    df = kzfigures.load(out)
    assert len(df) == len(rows) and str(df["kind"].dtype) == "category"


@pytest.mark.parametrize("extra", [["--jobs", "2"], ["--partition-by", "year", "--jobs", "2"]],
                         ids=["jobs", "partitioned"])
def test_streamed_bytes_do_not_depend_on_jobs(tmp_path, small_groups, extra):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 10)
    common = [str(corpus), "--no-cache", *extra[:-2]]
    assert extract(*common, "-o", str(tmp_path / "one"), "-j", "1") == 0
    assert extract(*common, "-o", str(tmp_path / "two"), *extra[-2:]) == 0
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes()  # noqa: E731
                          for p in sorted(root.rglob("*")) if p.is_file() and ".lock" not in p.name}
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_changes_are_counted_across_row_groups(tmp_path, small_groups):
    """changes.json compares with the previous dataset read a batch at a time."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out)) == 0
    before = pq.read_table(out / "figures.parquet").to_pylist()
    gone = corpus / "page-00003.txt"
    gone.unlink()
    (corpus / "page-00001.txt").write_text(
        (corpus / "page-00001.txt").read_text() + "Exports then fell 4.5% to $9 million.\n")
    assert extract(str(corpus), "-o", str(out)) == 0
    after = pq.read_table(out / "figures.parquet").to_pylist()
    doc = json.loads((out / "changes.json").read_text())

    from collections import Counter

    from kzfigures.package import identity
    old, new = Counter(map(identity, before)), Counter(map(identity, after))
    assert doc["figures"] == {"before": len(before), "after": len(after),
                              "added": sum((new - old).values()),
                              "removed": sum((old - new).values())}
    assert doc["figures"]["removed"] >= sum(r["source_file"] == gone.as_posix() for r in before) > 0
    assert doc["figures"]["added"] > 0


def test_cache_is_sharded_and_old_flat_entries_miss(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out)) == 0
    entries = sorted((out / ".cache").rglob("*.json"))
    assert len(entries) == 3
    for entry in entries:
        assert entry.parent.name == entry.stem[:2] and entry.parent.parent == out / ".cache"
    # an entry in the flat layout of earlier versions is not used, and is pruned
    flat = out / ".cache" / entries[0].name
    entries[0].rename(flat)
    result = E.run([str(corpus)], cache=C.PageCache(out / ".cache", E.cache_salt()))
    assert (result.pages_extracted, result.pages_cached) == (1, 2)
    assert extract(str(corpus), "-o", str(out)) == 0
    assert not flat.exists() and len(list((out / ".cache").rglob("*.json"))) == 3
