"""What changed since the previous dataset, counted without loading either whole.

Both datasets are in the same order: by ``source_file`` first (pages are read in sorted
path order and the rows of a page sorted). So the previous dataset is read as a stream of
identities (``package.identity``) a batch at a time, grouped by ``source_file``, and
merged with the new rows as they are written: for each source file, the figures added and
removed are the difference of the two multisets of its identities. Memory holds one source
file's identities and one read batch, however large the datasets are.
"""
from __future__ import annotations

import csv
import heapq
import itertools
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kzfigures import package as P
from kzfigures.write import CSV_NAME, PARQUET_NAME

_COLUMNS = ["source_file", *P.IDENTITY]
_BATCH = 8192


def _parquet_rows(path: Path) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as f:
        for batch in f.iter_batches(batch_size=_BATCH, columns=_COLUMNS):
            yield from batch.to_pylist()


def _csv_rows(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def previous_rows(out: Path) -> Iterator[dict[str, Any]] | None:
    """The rows of the dataset now in ``out`` (Parquet file, partitioned folder or CSV,
    whichever is there), identity columns only, in source-file order; None if none."""
    single, dataset, text = out / PARQUET_NAME, out / P.DATASET_NAME, out / CSV_NAME
    if single.is_file():
        return _parquet_rows(single)
    parts = sorted(dataset.rglob("*.parquet")) if dataset.is_dir() else []
    if parts:
        # each partition file is in source-file order: merging keeps it
        return heapq.merge(*(_parquet_rows(p) for p in parts), key=lambda r: r["source_file"])
    if text.is_file():
        return _csv_rows(text)
    return None


class Changes:
    """Figures before, after, added and removed per kind, fed the new rows in order."""

    def __init__(self, before: Iterator[dict[str, Any]] | None) -> None:
        self.previous_dataset = before is not None
        self.counts = {name: Counter() for name in ("before", "after", "added", "removed")}
        self._old = self._groups(before) if before is not None else iter(())
        self._head: tuple[str, list[tuple]] | None = None
        self._old_done = False
        self._current: str | None = None
        self._new: list[tuple] = []
        self.error: str | None = None

    def _groups(self, rows: Iterator[dict[str, Any]]) -> Iterator[tuple[str, list[tuple]]]:
        for name, group in itertools.groupby(rows, key=lambda r: str(r["source_file"])):
            yield name, [P.identity(r) for r in group]

    def _next_old(self) -> tuple[str, list[tuple]] | None:
        if self._head is None and not self._old_done:
            try:
                self._head = next(self._old)
            except StopIteration:
                self._old_done = True
            except Exception as exc:  # noqa: BLE001 - an unreadable old dataset must not fail the run
                self._old_done = True
                self.error = f"{type(exc).__name__}: {exc}"
        return self._head

    def _compare(self, old: list[tuple], new: list[tuple]) -> None:
        before, after = Counter(old), Counter(new)
        for name, ids in (("before", before), ("after", after),
                          ("added", after - before), ("removed", before - after)):
            for key, n in ids.items():
                self.counts[name][key[3]] += n

    def _settle(self, name: str, new: list[tuple]) -> None:
        """Compare the new identities of source file ``name`` with the old ones; old source
        files sorting before it are gone."""
        while (head := self._next_old()) is not None and head[0] < name:
            self._compare(head[1], [])
            self._head = None
        old: list[tuple] = []
        if head is not None and head[0] == name:
            old, self._head = head[1], None
        self._compare(old, new)

    def add(self, rows: list[dict[str, Any]]) -> None:
        """Rows of the new dataset, in its order."""
        for row in rows:
            name = str(row["source_file"])
            if name != self._current:
                if self._current is not None:
                    self._settle(self._current, self._new)
                self._current, self._new = name, []
            self._new.append(P.identity(row))

    def finish(self) -> dict[str, Counter]:
        if self._current is not None:
            self._settle(self._current, self._new)
            self._current, self._new = None, []
        while (head := self._next_old()) is not None:
            self._compare(head[1], [])
            self._head = None
        return self.counts
