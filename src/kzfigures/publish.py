"""Put a run's dataset into the output folder so that readers never see half of it.

Every file of the new dataset (figures, data package, manifest, changes) is first written,
flushed and fsynced in ``<output>/.staging/``; nothing in the output folder has been touched
until then, so a run killed while extracting or writing leaves the previous dataset exactly
as it was. Then each file is moved into place with ``os.replace`` (atomic per file): the data
files first and ``manifest.json`` last. A run killed within that last step (a few renames)
leaves each file whole, old or new; the staging folder then still holds the rest of the
new dataset (marked complete by ``.ready``), and the next run first moves it into place, so
``manifest.json`` and ``changes.json`` describe the figures beside them.

A Hive-partitioned dataset is a folder: it is swapped by two renames (the old folder aside,
the new one in); the next run puts an old folder left aside by a killed run back first.

Leftovers of a killed run (the staging folder, temporary files) are removed by the next run,
which holds the output folder's lock while it does so.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import signal
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timezone
from pathlib import Path
from typing import Any

from kzfigures import package as P
from kzfigures.articles import ARTICLES_NAME, ARTICLES_SCHEMA, articles_to_arrow
from kzfigures.extract import RULES_VERSION, RunResult
from kzfigures.previous import Changes, previous_rows
from kzfigures.table import sort_key
from kzfigures.write import CSV_NAME, PARQUET_NAME, TableStream, _fsync_dir

DATASET_NAME = P.DATASET_NAME
PARTITION_FILE = "part-0.parquet"
NULL_PARTITION = "unknown"  # pandas cannot read a __HIVE_DEFAULT_PARTITION__ key
PARTITIONINGS = ("year", "month")

_STAGING = ".staging"
#: article rows per row group: each holds a whole article body
ARTICLE_GROUP_ROWS = 512
_ASIDE = ".figures.old"


@dataclass
class Published:
    """What a run put in the output folder."""

    outputs: list[P.FileInfo]
    changes: dict[str, Any]


# ---------------------------------------------------------------------------------------
# Small file helpers


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _info(root: Path, path: Path) -> P.FileInfo:
    return P.FileInfo(path.relative_to(root).as_posix(), path.stat().st_size, _sha256(path))


def _write_bytes(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


#: written into the staging folder once all of it is on disk, before the first rename
_READY = ".ready"
#: moved into place last, in this order, after the data files
_LAST = (P.CHANGES_NAME, P.DATAPACKAGE_NAME, P.MANIFEST_NAME)


def _put_all_in_place(staging: Path, out: Path) -> None:
    """Move every staged file into ``out``: data files first, ``manifest.json`` last."""
    data = sorted(p for p in staging.iterdir() if p.name not in _LAST and not p.name.startswith("."))
    for staged in data:
        _put_in_place(staged, out / staged.name)
    for name in _LAST:
        if (staging / name).exists():
            os.replace(staging / name, out / name)
    _fsync_dir(out)


def recover(out: Path) -> None:
    """Undo what a killed run left: put a set-aside dataset folder back, remove the staging
    folder and temporary files. Call with the folder's lock held.

    A run killed during its renames had its whole dataset on disk already (the staging
    folder holds ``.ready``): its remaining files are moved into place, so the folder holds
    that run's dataset with its own ``changes.json`` rather than a mix whose changes the next
    run would count as none.
    """
    staging = out / _STAGING
    if (staging / _READY).is_file():
        _put_all_in_place(staging, out)
    aside, dataset = out / _ASIDE, out / DATASET_NAME
    if aside.is_dir():
        if dataset.exists():
            shutil.rmtree(aside)
        else:
            os.rename(aside, dataset)
    _remove(out / _STAGING)
    for leftover in out.glob(".*.tmp"):
        _remove(leftover)


# ---------------------------------------------------------------------------------------
# The previous dataset


def _previous_inputs(out: Path) -> dict[str, str] | None:
    try:
        doc = json.loads((out / P.MANIFEST_NAME).read_text(encoding="utf-8"))
        return {i["path"]: i["sha256"] for i in doc["inputs"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


# ---------------------------------------------------------------------------------------
# Partitions


def _partition_key(row: dict[str, Any], by: str) -> tuple[int | None, ...]:
    published = row["published"]
    if published is None:
        return (None,) if by == "year" else (None, None)
    if published.tzinfo is not None:  # as table.to_arrow stores it
        published = published.astimezone(timezone.utc)
    return (published.year,) if by == "year" else (published.year, published.month)


def _partition_dir(key: tuple[int | None, ...]) -> str:
    names = ("year", "month")[: len(key)]
    return "/".join(f"{n}={NULL_PARTITION if v is None else v}" for n, v in zip(names, key))


def _partition_order(key: tuple[int | None, ...]) -> tuple:
    return tuple((v is not None, v or 0) for v in key)


class PartitionedStream:
    """One ``TableStream`` per partition under ``folder`` (Hive layout), opened as rows of
    the partition come. Each file holds its rows in the dataset's order, so each file's
    bytes depend on its own rows only."""

    def __init__(self, folder: Path, by: str) -> None:
        if by not in PARTITIONINGS:
            raise ValueError(f"cannot partition by {by!r}; choose from {PARTITIONINGS}")
        self.folder, self.by = folder, by
        self.folder.mkdir(parents=True, exist_ok=True)
        self._streams: dict[tuple, TableStream] = {}

    def add(self, rows: list[dict[str, Any]]) -> None:
        groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            groups[_partition_key(row, self.by)].append(row)
        for key, part in groups.items():
            stream = self._streams.get(key)
            if stream is None:
                target = self.folder / _partition_dir(key) / PARTITION_FILE
                target.parent.mkdir(parents=True, exist_ok=True)
                stream = self._streams[key] = TableStream(parquet=target)
            stream.add(part)

    def close(self) -> list[Path]:
        """Close every file; their paths in partition order."""
        written = []
        for key in sorted(self._streams, key=_partition_order):
            self._streams[key].close()
            written.append(self.folder / _partition_dir(key) / PARTITION_FILE)
        return written

    def abort(self) -> None:
        """Drop the staged dataset, leaving the output folder as it was; nothing to do
        once ``finish`` has marked it ready (the next run completes the publish)."""
        if self._ready:
            return
        for stream in self._streams.values():
            stream.abort()


def write_partitioned(rows: list[dict[str, Any]], folder: Path, by: str) -> list[Path]:
    """Write one Parquet file per partition under ``folder`` (Hive layout)."""
    stream = PartitionedStream(folder, by)
    stream.add(sorted(rows, key=sort_key))
    return stream.close()


# ---------------------------------------------------------------------------------------
# The run's files


class Stage:
    """A dataset being written into ``<output>/.staging/`` while pages are extracted.

    ``add`` takes each page's rows as the page finishes (in input order); ``finish``
    writes the data package, manifest and changes from what was counted on the way and
    puts everything in place; ``abort`` removes the staging folder, leaving the output
    folder untouched. Hold the folder's lock (``kzfigures.lock.hold``) throughout.
    """

    def __init__(self, out_dir: str | os.PathLike[str], formats: tuple[str, ...] = ("parquet", "csv"),
                 partition_by: str | None = None) -> None:
        self.out = Path(out_dir)
        self.formats, self.partition_by = formats, partition_by
        self.out.mkdir(parents=True, exist_ok=True)
        recover(self.out)
        self.inputs_before = _previous_inputs(self.out)
        self.changes = Changes(previous_rows(self.out))
        self.staging = self.out / _STAGING
        self.per_kind: Counter[str] = Counter()
        self._table: TableStream | None = None
        self._parts: PartitionedStream | None = None
        self._articles: TableStream | None = None
        self._ready = False  # once true the staging folder is rolled forward, never removed
        try:
            self.staging.mkdir()
            single = "parquet" in formats and partition_by is None
            self._table = TableStream(
                parquet=self.staging / PARQUET_NAME if single else None,
                csv_path=self.staging / CSV_NAME if "csv" in formats else None)
            if "parquet" in formats and partition_by is not None:
                self._parts = PartitionedStream(self.staging / DATASET_NAME, partition_by)
            self._articles = TableStream(parquet=self.staging / ARTICLES_NAME,
                                         to_table=articles_to_arrow, schema=ARTICLES_SCHEMA,
                                         group_rows=ARTICLE_GROUP_ROWS)
        except BaseException:
            self.abort()
            raise

    def add(self, rows: list[dict[str, Any]], articles: list[dict[str, Any]] = ()) -> None:
        """One page's figure rows and article rows; pages must come in input order (the
        rows of a page are sorted here)."""
        rows = sorted(rows, key=sort_key)
        self.per_kind.update(str(r["kind"]) for r in rows)
        self.changes.add(rows)
        if self._table is not None:
            self._table.add(rows)
        if self._parts is not None:
            self._parts.add(rows)
        if self._articles is not None:
            self._articles.add(sorted(articles, key=lambda a: (a["source_file"], a["article_position"])))

    def abort(self) -> None:
        """Drop the staged dataset, leaving the output folder as it was; nothing to do
        once ``finish`` has marked it ready (the next run completes the publish)."""
        if self._ready:
            return
        for stream in (self._table, self._parts, self._articles):
            if stream is not None:
                stream.abort()
        _remove(self.staging)

    def finish(self, result: RunResult, on_written: Callable[[], None] | None = None) -> Published:
        """Close the data files, write the rest and put the dataset in place.

        ``on_written`` is called as soon as the new dataset is in place (before a
        held-back signal is let in)."""
        try:
            data_files, outputs, change_doc = self._close(result)
        except BaseException:
            self.abort()  # nothing in the folder was touched yet
            raise
        out, staging = self.out, self.staging
        # Everything is on disk: now put it in place, manifest last. Ctrl-C and SIGTERM wait
        # until the renames are done (SIGKILL cannot be held off; see the module docstring).
        with _signals_deferred():
            _write_bytes(staging / _READY, b"")
            _fsync_dir(staging)
            self._ready = True
            _put_all_in_place(staging, out)
            _remove_obsolete(out, self.formats, self.partition_by)
            if on_written is not None:
                on_written()
            _remove(staging)
        return Published(outputs, change_doc)

    def _close(self, result: RunResult) -> tuple[list[Path], list[P.FileInfo], dict[str, Any]]:
        """Finish every file of the new dataset in the staging folder; return the staged
        data paths (in the order they go into place), the output file list and the changes."""
        staging, formats, partition_by = self.staging, self.formats, self.partition_by
        data_files: list[Path] = []
        parquet_files: list[Path] = []
        if self._table is not None:
            self._table.close()
        if "parquet" in formats:
            if self._parts is None:
                parquet_files = [staging / PARQUET_NAME]
                data_files.append(parquet_files[0])
            else:
                parquet_files = self._parts.close()
                data_files.append(staging / DATASET_NAME)
        if "csv" in formats:
            data_files.append(staging / CSV_NAME)

        resources = []
        if "parquet" in formats:
            resources.append(P.parquet_resource([_info(staging, p) for p in parquet_files],
                                                partition_by))
        if "csv" in formats:
            resources.append(P.csv_resource(_info(staging, staging / CSV_NAME)))
        self._articles.close()
        data_files.append(staging / ARTICLES_NAME)
        resources.append(P.articles_resource(_info(staging, staging / ARTICLES_NAME)))

        per_kind = dict(sorted(self.per_kind.items()))
        versions = P.versions(RULES_VERSION)
        change_doc = P.changes_doc(self.changes.previous_dataset, self.changes.finish(),
                                   self.inputs_before, {i.path: i.sha256 for i in result.inputs})
        _write_bytes(staging / P.CHANGES_NAME, P.dumps(change_doc))
        summary = {**versions, "figures": sum(per_kind.values()), "per_kind": per_kind,
                   "manifest": P.MANIFEST_NAME, "changes": P.CHANGES_NAME}
        _write_bytes(staging / P.DATAPACKAGE_NAME, P.dumps(P.datapackage(resources, summary)))

        outputs = [_info(staging, p) for p in parquet_files]
        if "csv" in formats:
            outputs.append(_info(staging, staging / CSV_NAME))
        outputs.append(_info(staging, staging / ARTICLES_NAME))
        outputs += [_info(staging, staging / P.DATAPACKAGE_NAME),
                    _info(staging, staging / P.CHANGES_NAME)]
        doc = P.manifest(
            inputs=[{"path": i.path, "sha256": i.sha256, "bytes": i.bytes, "status": i.status,
                     "articles": i.articles, "figures": i.figures} for i in result.inputs],
            problems=[{"file": p.source_file, "line": p.line, "message": p.message,
                       "skipped_file": p.skipped_file} for p in result.problems],
            per_kind=per_kind, pages_read=result.files_read, pages_skipped=result.files_skipped,
            articles=result.articles,
            options={"formats": list(formats), "partition_by": partition_by},
            outputs=outputs, versions=versions)
        _write_bytes(staging / P.MANIFEST_NAME, P.dumps(doc))
        _fsync_dir(staging)
        return data_files, outputs, change_doc


def publish(
    result: RunResult,
    out_dir: str | os.PathLike[str],
    formats: tuple[str, ...] = ("parquet", "csv"),
    partition_by: str | None = None,
    on_written: Callable[[], None] | None = None,
) -> Published:
    """Write a finished run's dataset (``result.rows``, page by page in input order),
    data package, manifest and changes into ``out_dir``. Hold the folder's lock."""
    stage = Stage(out_dir, formats, partition_by)
    try:
        for _, rows in itertools.groupby(result.rows, key=lambda r: r["source_file"]):
            stage.add(list(rows))
        stage.add([], result.article_rows)
    except BaseException:
        stage.abort()
        raise
    return stage.finish(result, on_written)


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for the block, then act on them as before.

    Done with Python handlers rather than a signal mask, which would not hold a signal
    that the kernel hands to one of pyarrow's threads. Only possible in the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda signum, frame: pending.append(signum)) for s in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in dict.fromkeys(pending):
            handler = previous[signum]
            if callable(handler):
                handler(signum, None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(signum)


def _put_in_place(staged: Path, target: Path) -> None:
    if staged.is_dir():
        aside = target.parent / _ASIDE
        if target.exists():
            os.rename(target, aside)
        os.rename(staged, target)
        _remove(aside)
    else:
        if target.is_dir():
            _remove(target)
        os.replace(staged, target)


def _remove_obsolete(out: Path, formats: tuple[str, ...], partition_by: str | None) -> None:
    """Remove outputs of an earlier run that this run's data package does not describe,
    so the folder holds one dataset."""
    if "parquet" not in formats or partition_by is not None:
        _remove(out / PARQUET_NAME)
    if "parquet" not in formats or partition_by is None:
        dataset = out / DATASET_NAME
        if dataset.is_dir() and all(p.name.startswith("year=") for p in dataset.iterdir()):
            _remove(dataset)
    if "csv" not in formats:
        _remove(out / CSV_NAME)
