"""The Python API: ``kzfigures.load`` reads the figures table back; ``extract_text`` and
``extract_files`` give figures as the same typed DataFrame without writing anything."""
from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from kzfigures.extract import article_figures, run
from kzfigures.model import Article
from kzfigures.package import DATASET_NAME
from kzfigures.pages import article_id, normalise_text
from kzfigures.readers.dates import parse_datetime
from kzfigures.table import (COLUMN_NAMES, COLUMNS, SCHEMA, SCHEMA_VERSION, Column, canonical_units,
                             figure_rows, to_arrow)
from kzfigures.write import PARQUET_NAME

# the order table.sort_key gives: the leading key columns, then every other column
_SORT = ("source_file", "article_position", "section", "char_start", "char_end", "kind", "unit", "value")
_SORT_KEYS = _SORT + tuple(n for n in COLUMN_NAMES if n not in _SORT)


def _locate(path: Path) -> Path:
    """The Parquet file or partitioned folder that ``path`` names or holds."""
    if path.is_dir():
        if (path / PARQUET_NAME).is_file():
            return path / PARQUET_NAME
        if (path / DATASET_NAME).is_dir():
            return path / DATASET_NAME
        if any(p.name.startswith("year=") for p in path.iterdir()):
            return path
        raise FileNotFoundError(
            f"no {PARQUET_NAME} or {DATASET_NAME}/ in {path}; run `kzfigures extract -o {path}`")
    if path.is_file():
        return path
    raise FileNotFoundError(f"no such file or folder: {path}")


def read_table(path: str | os.PathLike[str] = "output") -> pa.Table:
    """The figures table as Arrow, from a ``figures.parquet`` file or a Hive-partitioned
    folder (partition columns dropped, rows in the same order as the single file)."""
    source = _locate(Path(path))
    if source.is_file():
        table = pq.read_table(source)
    else:
        partitioning = ds.HivePartitioning.discover(infer_dictionary=False)
        dataset = ds.dataset(source, format="parquet", partitioning=partitioning)
        if not dataset.files:
            return SCHEMA.empty_table()
        table = dataset.to_table(columns=list(COLUMN_NAMES))
        table = table.unify_dictionaries().combine_chunks()
        if table.num_rows:
            table = table.take(_sort_indices(table))
    # Parquet has no seconds unit: `published` comes back as timestamp[ms]; cast back to the
    # table's own types (whole seconds, so nothing is lost).
    return table.select(list(COLUMN_NAMES)).cast(SCHEMA)


def _sort_indices(table: pa.Table) -> pa.Array:
    """Row order of ``table.sort_key``: key columns in turn, nulls first."""
    plain = pa.table({n: (table.column(n).cast(pa.string())
                          if pa.types.is_dictionary(table.schema.field(n).type)
                          else table.column(n)) for n in _SORT_KEYS})
    # the title before the body, as table.sort_key orders them
    plain = plain.set_column(plain.schema.get_field_index("section"), "section",
                             pc.not_equal(plain.column("section"), "title"))
    try:  # pyarrow >= 25: null placement per key
        return pc.sort_indices(plain, sort_keys=[(n, "ascending", "at_start") for n in _SORT_KEYS])
    except (TypeError, ValueError):
        return pc.sort_indices(plain, sort_keys=[(n, "ascending") for n in _SORT_KEYS],
                               null_placement="at_start")


def _categories(c: Column, present: pd.Index) -> list[str]:
    """The categories of a dictionary column: every allowed value (so a category exists
    even when no row has it), in the spec's order, then any other value present."""
    allowed = canonical_units() if c.name == "unit" else c.allowed
    if allowed is None:
        return sorted(present)
    return list(allowed) + sorted(set(present) - set(allowed))


def _series(c: Column, column: pa.ChunkedArray) -> pd.Series:
    t = c.arrow_type
    if c.dictionary:
        s = column.to_pandas()
        return s.cat.set_categories(_categories(c, s.cat.categories))
    if pa.types.is_string(t):
        return column.to_pandas(types_mapper={pa.string(): pd.StringDtype()}.get)
    if pa.types.is_integer(t):
        if c.nullable:
            return column.to_pandas(types_mapper={t: pd.Int64Dtype() if t == pa.int64()
                                                  else pd.Int32Dtype()}.get)
        return column.to_pandas()
    if pa.types.is_floating(t):
        if c.nullable:
            return column.to_pandas(types_mapper={t: pd.Float64Dtype()}.get)
        return column.to_pandas()
    if pa.types.is_timestamp(t):
        return column.to_pandas().astype("datetime64[s]")
    if pa.types.is_date(t):
        return column.cast(pa.timestamp("s")).to_pandas().astype("datetime64[s]")
    return column.to_pandas()


def load(path: str | os.PathLike[str] = "output") -> pd.DataFrame:
    """The figures table as a pandas DataFrame with dtypes that say what each column is.

    ``path`` is an output folder (``figures.parquet`` or a partitioned ``figures/`` inside),
    a Parquet file, or a partitioned folder. Dtypes: ``category`` for the dictionary
    columns (kind, unit, qualifier, change, section, source_file, period_source, indicator, rule;
    kind, unit, qualifier, change, indicator and section have every allowed value as a category: `section`
    is `title` or `body`, the field the offsets point into), ``datetime64[s]`` for
    `published` and `crawl_date`, nullable ``Float64`` for `value_max` and ``Int64`` for
    `header_number`, ``int32``/``float64`` for the columns that are never null, and the
    nullable ``string`` dtype for text. ``df.attrs`` holds the schema version and each
    column's description.
    """
    return to_frame(read_table(path))


def to_frame(table: pa.Table) -> pd.DataFrame:
    """A figures table (Arrow, ``SCHEMA``) as the typed DataFrame ``load`` gives."""
    frame = pd.DataFrame({c.name: _series(c, table.column(c.name)) for c in COLUMNS})
    frame.attrs["schema_version"] = SCHEMA_VERSION
    frame.attrs["descriptions"] = {c.name: c.description for c in COLUMNS}
    return frame


# ---------------------------------------------------------------------------------------
# Extraction without files: kzfigures.extract_text and kzfigures.extract_files

TEXT_SOURCE = "<text>"


def _published(value: datetime | date | str | None) -> datetime | None:
    """``published`` as the table stores it: a datetime, a date (midnight) or ISO text."""
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(f"published is not an ISO 8601 date or date-time: {value!r}")
        return parsed
    raise TypeError(f"published must be a datetime, a date or ISO text, not {type(value).__name__}")


def extract_text(
    text: str,
    published: datetime | date | str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> pd.DataFrame:
    """The figures of one article's text, with the table's columns and dtypes.

    ``text`` is read as one article body (no page layout, no title line): its figures'
    offsets cite the text after normalisation (CRLF to LF, zero-width characters removed,
    unusual spaces made plain: one for one otherwise), which ``source_file`` ``<text>`` rows
    carry in `sentence`. ``published`` (a datetime, a date or ISO text) anchors periods
    such as "last year"; ``url`` and ``title`` go into their columns.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    body = normalise_text(text)
    when = _published(published)
    article = Article(
        source_file=TEXT_SOURCE, position=0, line=1, body_line=1,
        article_id=article_id(url or "", title, body), published=when,
        crawl_date=None, header_number=None, title=title, body=body, url=url)
    rows = figure_rows(article_figures(article)) if body.strip() else []
    return to_frame(to_arrow(rows))


def extract_files(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> pd.DataFrame:
    """The figures of files, folders or glob patterns (any format ``kzfigures extract``
    reads), with the table's columns and dtypes; nothing is written. Files that could not
    be read are listed in ``df.attrs["problems"]`` (as ``path:line: message``)."""
    specs = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    result = run([os.fspath(p) for p in specs])
    frame = to_frame(to_arrow(result.rows))
    frame.attrs["problems"] = [str(p) for p in result.problems]
    return frame
