"""Put a run's dataset into the output folder so that readers never see half of it.

Every file of the new dataset (figures, data package, manifest, changes) is first written,
flushed and fsynced in ``<output>/.staging/``; nothing in the output folder has been touched
until then, so a run killed while extracting or writing leaves the previous dataset exactly
as it was. Then each file is moved into place with ``os.replace`` (atomic per file): the data
files first and ``manifest.json`` last. A run killed within that last step (a few renames)
leaves each file whole, old or new; ``manifest.json`` lists the sha256 of the files it
belongs with, and the next run replaces them all.

A Hive-partitioned dataset is a folder: it is swapped by two renames (the old folder aside,
the new one in); the next run puts an old folder left aside by a killed run back first.

Leftovers of a killed run (the staging folder, temporary files) are removed by the next run,
which holds the output folder's lock while it does so.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import signal
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kzfigures import package as P
from kzfigures.articles import ARTICLES_NAME, articles_to_arrow
from kzfigures.extract import RULES_VERSION, RunResult
from kzfigures.table import to_arrow
from kzfigures.write import CSV_NAME, PARQUET_NAME, _fsync_dir, write_csv, write_parquet

DATASET_NAME = P.DATASET_NAME
PARTITION_FILE = "part-0.parquet"
NULL_PARTITION = "unknown"  # pandas cannot read a __HIVE_DEFAULT_PARTITION__ key
PARTITIONINGS = ("year", "month")

_STAGING = ".staging"
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


def recover(out: Path) -> None:
    """Undo what a killed run left: put a set-aside dataset folder back, remove the staging
    folder and temporary files. Call with the folder's lock held."""
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


def _previous_identities(out: Path) -> list[tuple] | None:
    """Identities of the figures now in the folder (Parquet file, partitioned folder or
    CSV, whichever is there), or None when there is no dataset yet."""
    columns = list(P.IDENTITY)
    single, dataset, text = out / PARQUET_NAME, out / DATASET_NAME, out / CSV_NAME
    try:
        if single.is_file():
            rows = pq.read_table(single, columns=columns).to_pylist()
        elif dataset.is_dir() and any(dataset.rglob("*.parquet")):
            import pyarrow.dataset as ds  # slow to import; only partitioned output needs it

            data = ds.dataset(dataset, format="parquet", partitioning="hive")
            rows = data.to_table(columns=columns).to_pylist()
        elif text.is_file():
            with open(text, encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
        else:
            return None
        return [P.identity(r) for r in rows]
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
        return None  # unreadable: report everything as added rather than fail the run


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


def write_partitioned(rows: list[dict[str, Any]], folder: Path, by: str) -> list[Path]:
    """Write one Parquet file per partition under ``folder`` (Hive layout). Each file is a
    complete figures table of its rows, sorted and with its own sorted dictionaries, so
    each file's bytes depend on its own rows only."""
    if by not in PARTITIONINGS:
        raise ValueError(f"cannot partition by {by!r}; choose from {PARTITIONINGS}")
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[_partition_key(row, by)].append(row)
    written = []
    for key in sorted(groups, key=lambda k: tuple((v is not None, v or 0) for v in k)):
        target = folder / _partition_dir(key) / PARTITION_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        write_parquet(to_arrow(groups[key]), target)
        written.append(target)
    folder.mkdir(parents=True, exist_ok=True)
    return written


# ---------------------------------------------------------------------------------------
# The run's files


def publish(
    result: RunResult,
    out_dir: str | os.PathLike[str],
    formats: tuple[str, ...] = ("parquet", "csv"),
    partition_by: str | None = None,
    on_written: Callable[[], None] | None = None,
) -> Published:
    """Write the run's dataset, data package, manifest and changes into ``out_dir``.

    Hold the folder's lock (``kzfigures.lock.hold``) around this call. ``on_written`` is
    called as soon as the new dataset is in place (before a held-back signal is let in).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    recover(out)
    before = _previous_identities(out)
    inputs_before = _previous_inputs(out)

    staging = out / _STAGING
    staging.mkdir()
    try:
        data_files, outputs, change_doc = _stage(result, staging, formats, partition_by,
                                                 before, inputs_before)
    except BaseException:
        _remove(staging)  # nothing in the folder was touched yet
        raise

    # Everything is on disk: now put it in place, manifest last. Ctrl-C and SIGTERM wait
    # until the renames are done (SIGKILL cannot be held off; see the module docstring).
    with _signals_deferred():
        for staged in data_files:
            _put_in_place(staged, out / staged.name)
        for name in (P.CHANGES_NAME, P.DATAPACKAGE_NAME, P.MANIFEST_NAME):
            os.replace(staging / name, out / name)
        _fsync_dir(out)
        _remove_obsolete(out, formats, partition_by)
        if on_written is not None:
            on_written()
    _remove(staging)
    return Published(outputs, change_doc)


def _stage(
    result: RunResult,
    staging: Path,
    formats: tuple[str, ...],
    partition_by: str | None,
    before: list[tuple] | None,
    inputs_before: dict[str, str] | None,
) -> tuple[list[Path], list[P.FileInfo], dict[str, Any]]:
    """Write every file of the new dataset into ``staging``; return the staged data paths
    (in the order they go into place), the output file list and the changes."""
    data_files: list[Path] = []  # staged paths, in the order they are put in place
    parquet_files: list[Path] = []
    table = to_arrow(result.rows)
    if "parquet" in formats:
        if partition_by is None:
            parquet_files = [staging / PARQUET_NAME]
            write_parquet(table, parquet_files[0])
            data_files.append(parquet_files[0])
        else:
            parquet_files = write_partitioned(result.rows, staging / DATASET_NAME, partition_by)
            data_files.append(staging / DATASET_NAME)
    if "csv" in formats:
        write_csv(table, staging / CSV_NAME)
        data_files.append(staging / CSV_NAME)

    resources = []
    if parquet_files or "parquet" in formats:
        resources.append(P.parquet_resource([_info(staging, p) for p in parquet_files],
                                            partition_by))
    if "csv" in formats:
        resources.append(P.csv_resource(_info(staging, staging / CSV_NAME)))
    write_parquet(articles_to_arrow(result.article_rows), staging / ARTICLES_NAME)
    data_files.append(staging / ARTICLES_NAME)
    resources.append(P.articles_resource(_info(staging, staging / ARTICLES_NAME)))

    per_kind = dict(sorted(result.per_kind().items()))
    versions = P.versions(RULES_VERSION)
    change_doc = P.changes(
        before, (P.identity(r) for r in _identity_rows(table)), inputs_before,
        {i.path: i.sha256 for i in result.inputs})
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


def _identity_rows(table: pa.Table) -> list[dict[str, Any]]:
    """The identity columns of the table as stored (normalised values)."""
    return table.select(list(P.IDENTITY)).to_pylist()


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
