"""Write the figures table as Parquet and CSV, atomically and byte-for-byte reproducibly.

Each file is written to a temporary file in the destination folder, flushed, fsynced and
then moved over the target with ``os.replace``: a reader sees the old file or the new one,
never half of one, and a failed run leaves the previous output as it was.

Nothing time-dependent goes into either file, so the same rows give the same bytes (for a
given pyarrow version, whose name Parquet records in ``created_by``).
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Callable, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from kzfigures.table import COLUMN_NAMES, CSV_GUARDED, SCHEMA, to_arrow

PARQUET_NAME = "figures.parquet"
CSV_NAME = "figures.csv"
FORMATS = ("parquet", "csv")

# Pinned rather than left to library defaults, which may change between releases.
_PARQUET_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 3,
    "version": "2.6",
    "use_dictionary": True,
    "write_statistics": True,
}

# OWASP CSV injection: cells starting with these may be run as formulas by spreadsheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _current_umask() -> int:
    """Read the umask (only settable-and-restorable); the interim value is the strict one."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _atomic_write(path: Path, mode: str, write: Callable[[IO[Any]], None]) -> None:
    """Run ``write`` on a temporary sibling of ``path``, then move it into place."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        kwargs = {"encoding": "utf-8", "newline": ""} if "b" not in mode else {}
        with open(fd, mode, **kwargs) as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp creates 0600 files; give the output the permissions a plain open() would.
        os.chmod(tmp, 0o666 & ~_current_umask())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def write_parquet(table: pa.Table, path: str | os.PathLike[str]) -> None:
    """Write ``table`` as zstd Parquet; schema and field metadata travel with it."""
    _atomic_write(Path(path), "wb", lambda f: pq.write_table(table, f, **_PARQUET_OPTIONS))


def _csv_cell(name: str, value: Any) -> str:
    """Render one value so that it reads back as the same value (and never as a formula)."""
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if name in CSV_GUARDED and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _csv_emitter(f: IO[str]) -> Callable[[list[str]], None]:
    """A function writing one CSV row with a ``\n`` line end.

    QUOTE_MINIMAL only quotes the characters of ``lineterminator``; with ``"\n"`` a bare CR
    in page text would be written unquoted and split the row for many readers. So each row
    is formatted with ``"\r\n"`` (CR and LF both force quoting) and that terminator, which
    is always the last two characters, is swapped for ``"\n"``.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def emit(cells: list[str]) -> None:
        buf.seek(0)
        buf.truncate()
        writer.writerow(cells)
        f.write(buf.getvalue()[:-2] + "\n")

    return emit


def _write_csv_body(table: pa.Table, emit: Callable[[list[str]], None]) -> None:
    names = table.column_names
    for batch in table.to_batches():
        for row in batch.to_pylist():
            emit([_csv_cell(n, row[n]) for n in names])


def _write_csv_rows(table: pa.Table, f: IO[str]) -> None:
    """Write header and rows with ``\n`` line ends."""
    emit = _csv_emitter(f)
    emit(table.column_names)
    _write_csv_body(table, emit)


def write_csv(table: pa.Table, path: str | os.PathLike[str]) -> None:
    """Write ``table`` as UTF-8 CSV with ``\\n`` line ends and formula-neutralised text."""
    if tuple(table.column_names) != COLUMN_NAMES:
        raise ValueError("table columns differ from the column spec")
    _atomic_write(Path(path), "w", lambda f: _write_csv_rows(table, f))


def write_outputs(
    rows: Iterable[dict[str, Any]],
    out_dir: str | os.PathLike[str],
    formats: Iterable[str] = FORMATS,
) -> dict[str, Path]:
    """Build the table from ``rows`` and write the requested formats into ``out_dir``.

    Returns the written paths keyed by format name.
    """
    formats = tuple(formats)
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown output formats {unknown}; choose from {FORMATS}")
    table = to_arrow(rows)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    if "parquet" in formats:
        written["parquet"] = out / PARQUET_NAME
        write_parquet(table, written["parquet"])
    if "csv" in formats:
        written["csv"] = out / CSV_NAME
        write_csv(table, written["csv"])
    return written


# ---------------------------------------------------------------------------------------
# Streaming: rows written as pages finish, so a run never holds the whole table

#: rows per Parquet row group (and per CSV batch). Fixed, so that the file's layout, like
#: its rows, depends on the input alone, not on how many processes extracted it.
ROW_GROUP_ROWS = 8192


class _Sink:
    """An open output file fed whole tables in order."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._f = open(self.path, "wb")

    def write(self, table: pa.Table) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._f.flush()
        os.fsync(self._f.fileno())
        self._f.close()

    def abort(self) -> None:
        """Close without finishing the file (its folder is about to be removed)."""
        try:
            self._f.close()
        except OSError:
            pass


class _ParquetSink(_Sink):
    def __init__(self, path: Path, schema: pa.Schema = SCHEMA) -> None:
        super().__init__(path)
        self._writer = pq.ParquetWriter(self._f, schema, **_PARQUET_OPTIONS)

    def write(self, table: pa.Table) -> None:
        self._writer.write_table(table, row_group_size=len(table) or None)

    def close(self) -> None:
        self._writer.close()
        super().close()

    def abort(self) -> None:
        try:
            self._writer.close()
        except (OSError, ValueError):
            pass
        super().abort()


class _CsvSink(_Sink):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._text = io.TextIOWrapper(self._f, encoding="utf-8", newline="", write_through=True)
        self._emit = _csv_emitter(self._text)
        self._emit(list(COLUMN_NAMES))

    def write(self, table: pa.Table) -> None:
        _write_csv_body(table, self._emit)

    def close(self) -> None:
        self._text.flush()
        self._text.detach()  # the binary file is closed below, once fsynced
        super().close()

    def abort(self) -> None:
        try:
            self._text.detach()
        except (OSError, ValueError):
            pass
        super().abort()


class TableStream:
    """Rows in, files out: every ``ROW_GROUP_ROWS`` rows (``group_rows``) become one table
    (validated and sorted by ``to_table``, by default the figures' ``to_arrow``) written to
    each open file, a Parquet row group and the CSV rows.

    Rows must come in the dataset's order (page after page, in input order); only one batch
    is held at a time. The same rows give the same bytes however they were batched on the
    way in.
    """

    def __init__(self, parquet: Path | None = None, csv_path: Path | None = None,
                 to_table: Callable[[list[dict[str, Any]]], pa.Table] = to_arrow,
                 schema: pa.Schema = SCHEMA, group_rows: int | None = None) -> None:
        self._to_table = to_table
        self._group = group_rows or ROW_GROUP_ROWS
        self._sinks: list[_Sink] = []
        try:
            if parquet is not None:
                self._sinks.append(_ParquetSink(parquet, schema))
            if csv_path is not None:
                self._sinks.append(_CsvSink(csv_path))
        except BaseException:
            self.abort()
            raise
        self._buffer: list[dict[str, Any]] = []
        self.rows = 0

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        self._buffer.extend(rows)
        while len(self._buffer) >= self._group:
            batch, self._buffer = self._buffer[:self._group], self._buffer[self._group:]
            self._flush(batch)

    def _flush(self, batch: list[dict[str, Any]]) -> None:
        table = self._to_table(batch)
        self.rows += len(table)
        for sink in self._sinks:
            sink.write(table)

    def close(self) -> None:
        """Write the last batch, flush and fsync every file."""
        if self._buffer:
            self._flush(self._buffer)
            self._buffer = []
        for sink in self._sinks:
            sink.close()

    def abort(self) -> None:
        for sink in self._sinks:
            sink.abort()
