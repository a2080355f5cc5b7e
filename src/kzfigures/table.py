"""The output table: one column spec that the Parquet schema, the CSV header and the data
dictionary are all generated from, so the three can never disagree.

Rows are plain dicts keyed by column name. ``to_arrow`` sorts them into a total order and
builds every column explicitly (not via pandas, which would add its own version metadata),
with dictionary columns whose dictionaries are the *sorted* distinct values. Together this
makes the written files a pure function of the set of rows: same figures, same bytes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

import pyarrow as pa

from kzfigures.context.bounds import period_bounds
from kzfigures.lexicon import table as vocabulary
from kzfigures.model import Change, Figure, Kind, Qualifier, Section

SCHEMA_VERSION = "1.3"
"""Bumped when a column is added, removed, renamed or changes meaning."""

SCHEMA_VERSION_KEY = b"kzfigures.schema_version"
DESCRIPTION_KEY = b"description"


@dataclass(frozen=True)
class Column:
    """One column of the output table.

    ``arrow_type`` is the logical value type; ``dictionary=True`` stores it dictionary
    encoded (int32 indices into sorted string values), which is what makes low-cardinality
    text small and gives ``category`` columns in pandas. ``allowed`` lists the only values a
    row may hold (null is allowed on top of them iff ``nullable``). ``csv_guard`` marks free
    text copied from the page, which the CSV writer neutralises against formula injection.
    ``may_be_empty`` marks non-null text that can be the empty string, which a CSV cell
    cannot tell apart from null (so the data package does not mark it required).
    """

    name: str
    arrow_type: pa.DataType
    description: str
    dictionary: bool = False
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    unit_note: str | None = None
    csv_guard: bool = False
    may_be_empty: bool = False

    @property
    def storage_type(self) -> pa.DataType:
        """The type actually stored in Parquet/Arrow."""
        if self.dictionary:
            return pa.dictionary(pa.int32(), self.arrow_type)
        return self.arrow_type

    @property
    def field(self) -> pa.Field:
        return pa.field(
            self.name,
            self.storage_type,
            nullable=self.nullable,
            metadata={DESCRIPTION_KEY: self.description.encode("utf-8")},
        )


_STR = pa.string()
_I32 = pa.int32()

_UNIT_NOTES = {"ha": "land", "km2": "territory", "m2": "floor space"}


def canonical_units_by_kind() -> dict[str, tuple[str, ...]]:
    """The canonical units each kind of figure may carry in the `unit` column.

    This is the one list of canonical units: the data dictionary, the data package's
    ``enum`` for `unit` and ``kzfigures.load``'s categories are all built from it. Each
    kind's spec (``kinds/<kind>.py``) names its own (money: the ISO codes of
    ``data/currencies.toml``, quantity: the ``[canonical]`` table of ``data/quantity.toml``),
    so a unit added to a kind appears everywhere.
    """
    from kzfigures.kinds import specs
    units = {s.kind.value: s.canonical_units() for s in specs()}
    return {k.value: units.get(k.value, ()) for k in Kind}


def indicator_names() -> tuple[str, ...]:
    """The values the `indicator` column may hold: the keys of data/indicators.toml."""
    return tuple(vocabulary("indicators")["indicators"])


def _unit_labels() -> dict[str, str]:
    from kzfigures.kinds import specs
    return {s.kind.value: s.unit_label for s in specs() if s.unit_label}


def canonical_units() -> tuple[str, ...]:
    """Every canonical unit, kind by kind, each once."""
    return tuple(dict.fromkeys(u for us in canonical_units_by_kind().values() for u in us))


def _units_note() -> str:
    parts = []
    for kind, units in canonical_units_by_kind().items():
        listed = ", ".join(f"`{u}`" + (f" ({_UNIT_NOTES[u]})" if u in _UNIT_NOTES else "")
                           for u in units)
        label = _unit_labels().get(kind)
        parts.append(f"{kind}: {label} - {listed}" if label else f"{kind}: {listed}")
    return "; ".join(parts) + "."


COLUMNS: tuple[Column, ...] = (
    Column("source_file", _STR, "Crawled page the figure was read from, as given to the reader.",
           dictionary=True, csv_guard=True),
    Column("article_id", _STR, "Identifier of the article within the crawl."),
    Column("article_position", _I32, "0-based position of the article within its page."),
    Column("title", _STR, "Article title; null when the page gives none.",
           nullable=True, csv_guard=True),
    Column("url", _STR, "Address of the article's page as the input gives it (a WARC "
           "record's target URI, a JSON Lines record's `url`, an HTML page's canonical "
           "link); null when unknown.", nullable=True, csv_guard=True),
    Column("published", pa.timestamp("s"),
           "Publication date and time of the article, naive, whole seconds; a time that "
           "carried a zone is converted to UTC. Null when unknown.", nullable=True),
    Column("kind", _STR, "What the figure measures.", dictionary=True,
           allowed=tuple(k.value for k in Kind)),
    Column("value", pa.float64(),
           "The figure in its canonical unit (see `unit`), scales such as million applied; "
           "the lower bound for a range."),
    Column("value_max", pa.float64(),
           "Upper bound in the same unit when the figure is a range (qualifier `range`); "
           "null otherwise.", nullable=True),
    Column("unit", _STR, "Canonical unit of `value` and `value_max`, fixed per kind.",
           dictionary=True, unit_note=_units_note()),
    Column("qualifier", _STR,
           "How exact the stated figure is: `exact`, `approx` (about), `over`/`under` "
           "(strict bounds), `at_least`/`at_most`, or `range` (value..value_max).",
           dictionary=True, allowed=tuple(q.value for q in Qualifier)),
    Column("change", _STR,
           "Direction when the figure states a change (\"rose by 5%\"); null when the figure "
           "is a level, not a change.", dictionary=True, nullable=True,
           allowed=tuple(c.value for c in Change)),
    Column("period", _STR, "Period the figure refers to, as found by the context step; "
           "null when none was found.", nullable=True),
    Column("period_start", pa.date32(), "First day of `period` (inclusive): 2025-04-01 for "
           "`2025-Q2`, 1993-01-01 for `1993/2025`; null when `period` is null.", nullable=True),
    Column("period_end", pa.date32(), "Last day of `period` (inclusive): 2025-06-30 for "
           "`2025-Q2`, 2025-12-31 for `1993/2025`; null when `period` is null.", nullable=True),
    Column("period_source", _STR, "Where `period` was taken from; null when `period` is null.",
           dictionary=True, nullable=True),
    Column("metric", _STR, "What the figure measures, in a few words of the sentence built "
           "around its indicator (e.g. \"grain exports to China\", \"average monthly salary\", "
           "\"IMD World Competitiveness Ranking\"); null when the sentence does not name it.",
           nullable=True, csv_guard=True),
    Column("indicator", _STR, "The economic indicator `metric` is built on, normalised "
           "(`exports`, `gdp`, `inflation`, `harvest`, ...; the keys of "
           "`src/kzfigures/data/indicators.toml`); null when the metric names none.",
           dictionary=True, nullable=True, allowed=indicator_names()),
    Column("subject", _STR, "Whose figure it is: the country, Kazakhstan region or city, company, "
           "organisation or field it is about (e.g. `Kazakhstan`, `Akmola Region`, `Tengiz`), "
           "under its one name in `src/kzfigures/data/places.toml`; null when the text names none.",
           nullable=True),
    Column("counterpart", _STR, "For flows between two parties (exports, imports, trade, "
           "investment, deliveries, loans), the other party (`China` in \"exports to China\"); "
           "null otherwise or when the text names none.", nullable=True),
    Column("counted", _STR, "For counts, the thing counted: singular, lower case, with its "
           "classifying words (e.g. \"investment project\" for \"five new investment projects\"); "
           "null otherwise.", nullable=True, csv_guard=True),
    Column("section", _STR, "The field of the article the figure was read from and its offsets "
           "point into: `body`, or `title` for a figure in the headline (the body often repeats it, "
           "as a row of its own).", dictionary=True, allowed=tuple(x.value for x in Section)),
    Column("span", _STR, "Exact text of the figure in the field named by `section`: "
           "body[char_start:char_end], or title[char_start:char_end].", csv_guard=True),
    Column("number_text", _STR, "The number as written in the text.", csv_guard=True),
    Column("unit_text", _STR, "The unit or currency as written in the text; may be empty.",
           csv_guard=True, may_be_empty=True),
    Column("char_start", _I32, "Start offset (0-based, inclusive) of `span` in the field named "
           "by `section` (the article body or its title)."),
    Column("char_end", _I32, "End offset (exclusive) of `span` in that field."),
    Column("sentence", _STR, "The sentence containing the figure; the whole title for a title "
           "figure.", csv_guard=True),
    Column("sentence_start", _I32, "Offset of the sentence in the field named by `section` (0 for "
           "the title); the span sits at char_start - sentence_start within `sentence`."),
    Column("paragraph", _I32, "Paragraph of the field the sentence is in (the title is paragraph "
           "0 of its own)."),
    Column("line", _I32, "1-based line of the crawled page where the figure's sentence starts "
           "(the title's line for a title figure; for JSON Lines the record's line; for HTML and "
           "WARC the line of the extracted text)."),
    Column("rule", _STR, "Name of the extraction rule that found the figure.", dictionary=True),
    Column("header_number", pa.int64(), "Number printed in the article's header on "
           "multi-article pages; null when absent.", nullable=True),
    Column("crawl_date", pa.date32(), "Date the page was crawled; null when unknown.",
           nullable=True),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
CSV_GUARDED: frozenset[str] = frozenset(c.name for c in COLUMNS if c.csv_guard)

SCHEMA: pa.Schema = pa.schema(
    [c.field for c in COLUMNS],
    metadata={SCHEMA_VERSION_KEY: SCHEMA_VERSION.encode("ascii")},
)


def figure_rows(figures: Iterable[Figure]) -> list[dict[str, Any]]:
    """Flatten Figure records into row dicts with plain values (enums become strings)."""
    rows = []
    for f in figures:
        a, s = f.article, f.sentence
        rows.append({
            "source_file": a.source_file,
            "article_id": a.article_id,
            "article_position": a.position,
            "title": a.title,
            "url": a.url,
            "published": a.published,
            "kind": Kind(f.kind).value,
            "value": f.value,
            "value_max": f.value_max,
            "unit": f.unit,
            "qualifier": Qualifier(f.qualifier).value,
            "change": None if f.change is None else Change(f.change).value,
            "period": f.period,
            "period_start": period_bounds(f.period)[0],
            "period_end": period_bounds(f.period)[1],
            "period_source": f.period_source,
            "metric": f.metric,
            "indicator": f.indicator,
            "subject": f.subject,
            "counterpart": f.counterpart,
            "counted": f.counted,
            "section": Section(f.section).value,
            "span": f.span,
            "number_text": f.number_text,
            "unit_text": f.unit_text,
            "char_start": f.char_start,
            "char_end": f.char_end,
            "sentence": s.text,
            "sentence_start": s.start,
            "paragraph": s.paragraph,
            "line": _line(f),
            "rule": f.rule,
            "header_number": a.header_number,
            "crawl_date": a.crawl_date,
        })
    return rows


def _line(f: Figure) -> int:
    """The page line of a figure's sentence: the title's line for a title figure (the
    article's first line when the title is not a line of the file)."""
    a, s = f.article, f.sentence
    if Section(f.section) is Section.TITLE:
        return a.title_line if a.title_line is not None else a.line
    return a.body_line + (a.body[: s.start].count("\n") if a.body_lines else 0)


_KEY_HEAD = ("source_file", "article_position", "section", "char_start", "char_end", "kind", "unit", "value")
_KEY_TAIL = tuple(n for n in COLUMN_NAMES if n not in _KEY_HEAD)
#: the title comes before the body, as on the page
_SECTION_ORDER = {Section.TITLE.value: 0, Section.BODY.value: 1}


def sort_key(row: dict[str, Any]) -> tuple:
    """Order rows by place in the source (title before body), then by what they measure.

    The named columns come first; every remaining column follows as a tie-breaker so the
    order is total: two rows only compare equal when they are equal, so shuffled input
    always sorts to the same sequence. Nulls sort before values.
    """
    return tuple(
        (0,) if row[name] is None else (1, _SECTION_ORDER[row[name]] if name == "section" else row[name])
        for name in _KEY_HEAD + _KEY_TAIL
    )


def _naive_seconds(value: datetime | None) -> datetime | None:
    """timestamp[s] naive: convert zoned times to UTC, drop sub-second parts explicitly
    (pyarrow would truncate them silently)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.replace(microsecond=0)


def _normalise(row: dict[str, Any]) -> dict[str, Any]:
    """Check one row against the spec and return it with values in storage form."""
    missing = set(COLUMN_NAMES) - row.keys()
    extra = row.keys() - set(COLUMN_NAMES)
    if missing or extra:
        raise ValueError(f"row columns differ from the spec: missing {sorted(missing)}, "
                         f"unexpected {sorted(extra)}")
    out = {n: (v.value if isinstance(v, (Kind, Qualifier, Change)) else v)
           for n, v in row.items()}
    for c in COLUMNS:
        v = out[c.name]
        if v is None:
            if not c.nullable:
                raise ValueError(f"{c.name} may not be null: {row!r}")
        elif c.allowed is not None and v not in c.allowed:
            raise ValueError(f"{c.name}={v!r} not in {c.allowed}")
    for n in ("value", "value_max"):
        if out[n] is not None:
            out[n] = float(out[n])
            if not math.isfinite(out[n]):
                raise ValueError(f"{n} must be finite: {out[n]!r}")
    if (out["value_max"] is not None) != (out["qualifier"] == Qualifier.RANGE.value):
        raise ValueError("value_max must be set exactly when qualifier is 'range': "
                         f"qualifier={out['qualifier']!r}, value_max={out['value_max']!r}")
    if not 0 <= out["char_start"] <= out["char_end"]:
        raise ValueError(f"bad offsets {out['char_start']}..{out['char_end']}")
    out["published"] = _naive_seconds(out["published"])
    if isinstance(out["crawl_date"], datetime):
        out["crawl_date"] = out["crawl_date"].date()
    return out


def _dictionary_array(values: list[str | None]) -> pa.DictionaryArray:
    """Dictionary array whose dictionary is the sorted distinct values.

    pyarrow's own encoders (``from_pylist``, ``dictionary_encode``) order the dictionary by
    first appearance, which is deterministic for identical input but ties the dictionary
    to row order; sorting makes it depend only on the set of values.
    """
    dictionary = sorted({v for v in values if v is not None})
    index = {v: i for i, v in enumerate(dictionary)}
    indices = pa.array([None if v is None else index[v] for v in values], pa.int32())
    return pa.DictionaryArray.from_arrays(indices, pa.array(dictionary, pa.string()))


def to_arrow(rows: Iterable[dict[str, Any]]) -> pa.Table:
    """Validate, sort and build the table with exactly ``SCHEMA``."""
    ordered = sorted((_normalise(r) for r in rows), key=sort_key)
    arrays = []
    for c in COLUMNS:
        values = [r[c.name] for r in ordered]
        if c.dictionary:
            arrays.append(_dictionary_array(values))
        else:
            arrays.append(pa.array(values, c.arrow_type))
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


def check_citation(row: dict[str, Any], body: str, title: str | None = None) -> None:
    """Raise ValueError unless the row's citation holds against the article field its
    ``section`` names (the body, or the title).

    The span must be exactly ``field[char_start:char_end]`` and must sit in the row's
    sentence at ``char_start - sentence_start``, so a reader holding the page can find it.
    """
    name = row.get("section") or Section.BODY.value
    text = body if name == Section.BODY.value else (title or "")
    start, end, span = row["char_start"], row["char_end"], row["span"]
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"offsets {start}..{end} outside {name} of length {len(text)}")
    if text[start:end] != span:
        raise ValueError(f"{name}[{start}:{end}] is {text[start:end]!r}, not span {span!r}")
    offset = start - row["sentence_start"]
    sentence = row["sentence"]
    if offset < 0 or sentence[offset:offset + len(span)] != span:
        raise ValueError(f"span {span!r} is not in the sentence at offset {offset}")


def _type_name(c: Column) -> str:
    name = str(c.arrow_type).replace("date32[day]", "date32")
    return f"dictionary<int32, {name}>" if c.dictionary else name


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary_markdown() -> str:
    """The data dictionary (docs/data-dictionary.md), generated from ``COLUMNS``."""
    lines = [
        "# Data dictionary: figures table",
        "",
        "<!-- Generated by `python -m kzfigures.table`; edit src/kzfigures/table.py instead. -->",
        "",
        f"Schema version: `{SCHEMA_VERSION}` (Parquet schema metadata key "
        f"`{SCHEMA_VERSION_KEY.decode()}`; each field carries its description under "
        f"`{DESCRIPTION_KEY.decode()}`).",
        "",
        "One row per figure found in an article, in its title or its body. Rows are sorted "
        "by source_file, article_position, section (title first), char_start, char_end, kind, "
        "unit, value, then the remaining columns in table order. Offsets are 0-based, "
        "half-open character offsets into the field `section` names, so "
        "`body[char_start:char_end] == span` for a body figure and "
        "`title[char_start:char_end] == span` for a title figure.",
        "",
        "Files: `figures.parquet` (zstd) and `figures.csv` (UTF-8, `\\n` line ends, header "
        "row, empty cell for null, floats in shortest round-trip form, timestamps "
        "`YYYY-MM-DDTHH:MM:SS`, dates `YYYY-MM-DD`). In the CSV only, a cell of a column "
        "marked *page text* that starts with `=`, `+`, `-`, `@`, tab, CR or LF gets a "
        "leading `'` so spreadsheets do not run it as a formula; the Parquet file keeps "
        "the raw text.",
        "",
        "| column | type | nullable | description | allowed values |",
        "|---|---|---|---|---|",
    ]
    for c in COLUMNS:
        allowed = ", ".join(f"`{v}`" for v in c.allowed) if c.allowed else ""
        if c.unit_note:
            allowed = c.unit_note
        if c.allowed and c.nullable:
            allowed += ", null"
        desc = c.description + (" *Page text.*" if c.csv_guard else "")
        lines.append(f"| `{c.name}` | {_type_name(c)} | {'yes' if c.nullable else 'no'} "
                     f"| {_cell(desc)} | {_cell(allowed)} |")
    from kzfigures.articles import ARTICLE_COLUMNS  # it builds on this module's Column

    lines += [
        "",
        "# Articles table",
        "",
        "`articles.parquet` (zstd): one row per article read, with the title and body that the figures' "
        "offsets cite, sorted by source_file and article_position. A figure's article is the "
        "row with the same source_file and article_position.",
        "",
        "| column | type | nullable | description |",
        "|---|---|---|---|",
    ]
    for c in ARTICLE_COLUMNS:
        lines.append(f"| `{c.name}` | {_type_name(c)} | {'yes' if c.nullable else 'no'} "
                     f"| {_cell(c.description)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(data_dictionary_markdown(), end="")
