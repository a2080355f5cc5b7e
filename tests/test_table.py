"""Tests for the table spec (kzfigures.table) and the writers (kzfigures.write)."""
from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kzfigures import table as T
from kzfigures import write as W
from kzfigures.model import Article, Change, Figure, Kind, Qualifier, Sentence

ROOT = Path(__file__).resolve().parents[1]

BODY = (
    "Kazakhstan's GDP grew by 5.1% in 2023.\n"
    "Exports reached $84.4 billion.\n"
    "\n"
    "Oil output was 80-90 million tonnes, and 1,200 jobs were created."
)


def make_article(**changes) -> Article:
    base = Article(
        source_file="pages/a.html",
        position=0,
        line=3,
        body_line=5,
        article_id="a-1",
        published=datetime(2024, 2, 1, 9, 30, 0),
        crawl_date=date(2024, 3, 1),
        header_number=None,
        title="Economy grows",
        body=BODY,
    )
    return replace(base, **changes)


def sentence_of(body: str, text: str, paragraph: int = 0) -> Sentence:
    start = body.index(text)
    return Sentence(start=start, end=start + len(text), paragraph=paragraph, text=text)


def make_figure(
    article: Article,
    sentence_text: str,
    span: str,
    *,
    kind: Kind,
    value: float,
    unit: str,
    value_max: float | None = None,
    qualifier: Qualifier = Qualifier.EXACT,
    change: Change | None = None,
    paragraph: int = 0,
    rule: str = "test_rule",
) -> Figure:
    s = sentence_of(article.body, sentence_text, paragraph)
    start = s.start + s.text.index(span)
    return Figure(
        article=article, sentence=s, kind=kind, value=value, value_max=value_max, unit=unit,
        qualifier=qualifier, change=change, period="2023", period_source="sentence",
        metric=None, counted=None, char_start=start, char_end=start + len(span), span=span,
        number_text=span, unit_text="", rule=rule,
    )


def sample_figures(article: Article | None = None) -> list[Figure]:
    a = article or make_article()
    s1 = "Kazakhstan's GDP grew by 5.1% in 2023."
    s2 = "Exports reached $84.4 billion."
    s3 = "Oil output was 80-90 million tonnes, and 1,200 jobs were created."
    return [
        make_figure(a, s1, "5.1%", kind=Kind.PERCENT, value=5.1, unit="percent",
                    change=Change.INCREASE, rule="percent"),
        make_figure(a, s2, "$84.4 billion", kind=Kind.MONEY, value=84.4e9, unit="USD",
                    rule="money"),
        make_figure(a, s3, "80-90 million tonnes", kind=Kind.MASS, value=80e6, unit="t",
                    value_max=90e6, qualifier=Qualifier.RANGE, paragraph=1, rule="mass"),
        make_figure(a, s3, "1,200", kind=Kind.COUNT, value=1200.0, unit="count",
                    paragraph=1, rule="count"),
    ]


def sample_rows() -> list[dict]:
    other = make_article(source_file="pages/b.html", article_id="b-1", title=None,
                         published=None, crawl_date=None, header_number=7)
    return T.figure_rows(sample_figures() + sample_figures(other))


# --- schema -------------------------------------------------------------------------------

EXPECTED_NAMES = [
    "source_file", "article_id", "article_position", "title", "url", "published", "kind", "value",
    "value_max", "unit", "qualifier", "change", "period", "period_start", "period_end",
    "period_source", "metric", "indicator", "subject", "counterpart", "counted", "section", "span",
    "number_text", "unit_text", "char_start", "char_end", "sentence",
    "sentence_start", "paragraph", "line", "rule", "header_number", "crawl_date",
]
DICTIONARY_NAMES = {"source_file", "kind", "unit", "qualifier", "change", "period_source",
                    "indicator", "section", "rule"}


def test_column_names_and_order():
    assert T.SCHEMA.names == EXPECTED_NAMES
    assert list(T.COLUMN_NAMES) == EXPECTED_NAMES


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_dictionary_columns(name):
    typ = T.SCHEMA.field(name).type
    if name in DICTIONARY_NAMES:
        assert typ == pa.dictionary(pa.int32(), pa.string())
    else:
        assert not pa.types.is_dictionary(typ)


@pytest.mark.parametrize("name, typ", [
    ("published", pa.timestamp("s")),
    ("value", pa.float64()),
    ("value_max", pa.float64()),
    ("char_start", pa.int32()),
    ("char_end", pa.int32()),
    ("sentence_start", pa.int32()),
    ("paragraph", pa.int32()),
    ("line", pa.int32()),
    ("header_number", pa.int64()),
    ("crawl_date", pa.date32()),
])
def test_column_types(name, typ):
    assert T.SCHEMA.field(name).type == typ
    if name == "published":
        assert T.SCHEMA.field(name).type.tz is None


@pytest.mark.parametrize("name, allowed", [
    ("kind", {k.value for k in Kind}),
    ("qualifier", {q.value for q in Qualifier}),
    ("change", {"increase", "decrease"}),
])
def test_allowed_values(name, allowed):
    col = next(c for c in T.COLUMNS if c.name == name)
    assert set(col.allowed) == allowed
    assert col.nullable == (name == "change")


def test_metadata_in_written_file(tmp_path):
    path = tmp_path / "f.parquet"
    W.write_parquet(T.to_arrow(sample_rows()), path)
    schema = pq.read_schema(path)
    assert schema.metadata[b"kzfigures.schema_version"] == T.SCHEMA_VERSION.encode()
    assert T.SCHEMA_VERSION == "1.3"
    for col in T.COLUMNS:
        assert schema.field(col.name).metadata[b"description"] == col.description.encode()
        assert col.description


def test_unit_description_names_canonical_units():
    note = next(c for c in T.COLUMNS if c.name == "unit").unit_note
    for unit in ["USD", "KZT", "percentage_point", "`t`", "rank", "count", "bbl/d", "t*km"]:
        assert unit in note


# --- rows ---------------------------------------------------------------------------------

def test_figure_rows_plain_values():
    row = T.figure_rows(sample_figures()[:1])[0]
    assert list(row) == EXPECTED_NAMES
    assert row["kind"] == "percent" and type(row["kind"]) is str
    assert row["qualifier"] == "exact" and type(row["qualifier"]) is str
    assert row["change"] == "increase" and type(row["change"]) is str
    assert row["value_max"] is None


@pytest.mark.parametrize("sentence_text, expected_line", [
    ("Kazakhstan's GDP grew by 5.1% in 2023.", 5),   # first line of the body
    ("Exports reached $84.4 billion.", 6),
    ("Oil output was 80-90 million tonnes, and 1,200 jobs were created.", 8),  # after blank
])
def test_line_of_sentence(sentence_text, expected_line):
    a = make_article()
    f = make_figure(a, sentence_text, sentence_text[-5:], kind=Kind.COUNT, value=1.0,
                    unit="count")
    assert T.figure_rows([f])[0]["line"] == expected_line


def test_sort_key_orders_by_place_then_kind():
    rows = sample_rows()
    random.Random(1).shuffle(rows)
    ordered = sorted(rows, key=T.sort_key)
    keys = [(r["source_file"], r["char_start"]) for r in ordered]
    assert keys == sorted(keys)
    assert ordered[0]["source_file"] == "pages/a.html"


def test_sort_key_is_total_beyond_named_columns():
    a, b = T.figure_rows(sample_figures()[:1]) * 2
    b = dict(b, rule="another_rule", metric="GDP")
    assert T.sort_key(a) != T.sort_key(b)


@pytest.mark.parametrize("change, message", [
    ({"kind": "weight"}, "kind"),
    ({"qualifier": "roughly"}, "qualifier"),
    ({"change": "up"}, "change"),
    ({"value_max": 9.0}, "value_max"),               # value_max without qualifier range
    ({"qualifier": "range"}, "value_max"),           # range without value_max
    ({"value": float("nan")}, "finite"),
    ({"span": None}, "span"),
    ({"char_start": 10, "char_end": 5}, "offsets"),
])
def test_to_arrow_rejects_bad_rows(change, message):
    row = dict(T.figure_rows(sample_figures()[:1])[0], **change)
    with pytest.raises(ValueError, match=message):
        T.to_arrow([row])


def test_to_arrow_rejects_missing_column():
    row = T.figure_rows(sample_figures()[:1])[0]
    del row["rule"]
    with pytest.raises(ValueError, match="rule"):
        T.to_arrow([row])


def test_published_zone_converted_to_utc_and_whole_seconds():
    tz = timezone(timedelta(hours=5))
    a = make_article(published=datetime(2024, 2, 1, 9, 30, 15, 999999, tzinfo=tz))
    t = T.to_arrow(T.figure_rows(sample_figures(a)[:1]))
    assert t.column("published").to_pylist() == [datetime(2024, 2, 1, 4, 30, 15)]


def test_dictionaries_are_sorted():
    t = T.to_arrow(sample_rows())
    for name in DICTIONARY_NAMES:
        d = t.column(name).combine_chunks().dictionary.to_pylist()
        assert d == sorted(d)
    assert t.column("kind").combine_chunks().dictionary.to_pylist() == [
        "count", "mass", "money", "percent"]


def test_empty_table(tmp_path):
    paths = W.write_outputs([], tmp_path)
    assert pq.read_table(paths["parquet"]).num_rows == 0
    assert paths["csv"].read_text(encoding="utf-8") == ",".join(EXPECTED_NAMES) + "\n"


# --- determinism --------------------------------------------------------------------------

def test_same_rows_same_bytes(tmp_path):
    p1 = W.write_outputs(sample_rows(), tmp_path / "one")
    p2 = W.write_outputs(sample_rows(), tmp_path / "two")
    for fmt in ("parquet", "csv"):
        assert p1[fmt].read_bytes() == p2[fmt].read_bytes()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_shuffled_rows_same_bytes(tmp_path, seed):
    rows = sample_rows()
    shuffled = rows[:]
    random.Random(seed).shuffle(shuffled)
    assert shuffled != rows
    p1 = W.write_outputs(rows, tmp_path / "one")
    p2 = W.write_outputs(shuffled, tmp_path / "two")
    for fmt in ("parquet", "csv"):
        assert p1[fmt].read_bytes() == p2[fmt].read_bytes()


def test_different_rows_different_bytes(tmp_path):
    rows = sample_rows()
    changed = [dict(rows[0], value=5.2)] + rows[1:]
    p1 = W.write_outputs(rows, tmp_path / "one")
    p2 = W.write_outputs(changed, tmp_path / "two")
    for fmt in ("parquet", "csv"):
        assert p1[fmt].read_bytes() != p2[fmt].read_bytes()


def test_parquet_not_written_through_pandas(tmp_path):
    path = W.write_outputs(sample_rows(), tmp_path, formats=["parquet"])["parquet"]
    assert set(pq.read_schema(path).metadata) == {b"kzfigures.schema_version"}
    assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"


# --- round trip ---------------------------------------------------------------------------

def test_pandas_round_trip_dtypes(tmp_path):
    path = W.write_outputs(sample_rows(), tmp_path, formats=["parquet"])["parquet"]
    df = pd.read_parquet(path)
    assert list(df.columns) == EXPECTED_NAMES
    for name in DICTIONARY_NAMES:
        assert isinstance(df[name].dtype, pd.CategoricalDtype), name
    assert pd.api.types.is_datetime64_dtype(df["published"])
    assert df["value"].dtype == "float64"
    assert df["value_max"].dtype == "float64"
    ranges = df["qualifier"] == "range"
    assert ranges.sum() == 2
    assert df.loc[ranges, "value_max"].notna().all()
    assert df.loc[~ranges, "value_max"].isna().all()
    assert df["published"].iloc[0] == pd.Timestamp("2024-02-01 09:30:00")


# --- CSV ----------------------------------------------------------------------------------

def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("title, csv_title", [
    ("=SUM(1)", "'=SUM(1)"),
    ("+1 more", "'+1 more"),
    ("-5% output", "'-5% output"),
    ("@cmd", "'@cmd"),
    ("\tTabbed", "'\tTabbed"),
    ("\rCarriage", "'\rCarriage"),
    ("\nNewline", "'\nNewline"),
    ("Plain = fine", "Plain = fine"),
    ("5% growth", "5% growth"),
])
def test_csv_formula_neutralised_parquet_raw(tmp_path, title, csv_title):
    rows = T.figure_rows(sample_figures(make_article(title=title))[:1])
    paths = W.write_outputs(rows, tmp_path)
    assert read_csv_rows(paths["csv"])[0]["title"] == csv_title
    assert pq.read_table(paths["parquet"]).column("title").to_pylist() == [title]


def test_csv_guard_on_text_from_outside(tmp_path):
    rows = T.figure_rows(sample_figures(make_article(source_file="-pages/a.html"))[:1])
    rows[0]["span"] = rows[0]["number_text"] = "-5.1%"  # citation not checked by writers
    row = read_csv_rows(W.write_outputs(rows, tmp_path)["csv"])[0]
    assert row["span"] == "'-5.1%" and row["number_text"] == "'-5.1%"
    # a file name is chosen by whoever wrote the crawl: "=HYPERLINK(...).txt" must not run
    assert row["source_file"] == "'-pages/a.html"
    assert row["kind"] == rows[0]["kind"]   # vocabulary the project writes: left alone


def test_csv_values_and_types(tmp_path):
    rows = sample_rows()
    rows[0] = dict(rows[0], value=0.1 + 0.2)
    path = W.write_outputs(rows, tmp_path, formats=["csv"])["csv"]
    text = path.read_bytes().decode("utf-8")
    assert "\r" not in text
    assert text.splitlines()[0] == ",".join(EXPECTED_NAMES)

    got = read_csv_rows(path)
    expected = T.to_arrow(rows).to_pylist()
    for g, e in zip(got, expected, strict=True):
        assert float(g["value"]) == e["value"]          # repr round-trips exactly
        assert g["char_start"] == str(e["char_start"])  # no ".0" on ints
        assert g["value_max"] == ("" if e["value_max"] is None else repr(e["value_max"]))
    a = next(g for g in got if g["source_file"] == "pages/a.html")
    b = next(g for g in got if g["source_file"] == "pages/b.html")
    assert a["published"] == "2024-02-01T09:30:00" and a["crawl_date"] == "2024-03-01"
    assert b["published"] == "" and b["crawl_date"] == "" and b["header_number"] == "7"
    assert any(float(g["value"]) == 0.1 + 0.2 for g in got)

    df = pd.read_csv(path)
    assert df["value"].dtype == "float64"
    assert df["char_start"].dtype == "int64"
    assert df["value_max"].dtype == "float64"


@pytest.mark.parametrize("title", ['Line one\nsays "hi", ok', "bare\rcarriage return",
                                   "windows\r\nline"])
def test_csv_multiline_text_quoted(tmp_path, title):
    rows = T.figure_rows(sample_figures(make_article(title=title)))
    path = W.write_outputs(rows, tmp_path, formats=["csv"])["csv"]
    assert [r["title"] for r in read_csv_rows(path)] == [title] * len(rows)
    quoted = '"' + title.replace('"', '""') + '"'
    assert quoted in path.read_bytes().decode("utf-8")
    assert len(pd.read_csv(path)) == len(rows)


# --- atomic replace -----------------------------------------------------------------------

def _fail_parquet(monkeypatch):
    def partial(table, where, **kwargs):
        where.write(b"PAR1 half a file")
        raise OSError("disk full")
    monkeypatch.setattr(W.pq, "write_table", partial)


def _fail_csv(monkeypatch):
    real = W._csv_cell
    calls = {"n": 0}

    def flaky(name, value):
        calls["n"] += 1
        if calls["n"] > 40:          # after the header and at least one row
            raise OSError("disk full")
        return real(name, value)
    monkeypatch.setattr(W, "_csv_cell", flaky)


def _fail_fsync(monkeypatch):
    def boom(fd):
        raise OSError("fsync failed")
    monkeypatch.setattr(W.os, "fsync", boom)


@pytest.mark.parametrize("fmt, fail", [
    ("parquet", _fail_parquet),   # writer dies after writing part of the file
    ("parquet", _fail_fsync),     # whole file written, fsync fails
    ("csv", _fail_csv),
    ("csv", _fail_fsync),
])
def test_failed_write_keeps_old_file(tmp_path, monkeypatch, fmt, fail):
    old = W.write_outputs(sample_rows()[:1], tmp_path, formats=[fmt])[fmt]
    before = old.read_bytes()
    fail(monkeypatch)
    with pytest.raises(OSError):
        W.write_outputs(sample_rows(), tmp_path, formats=[fmt])
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [old.name]


def test_written_file_has_normal_permissions(tmp_path):
    path = W.write_outputs(sample_rows(), tmp_path, formats=["csv"])["csv"]
    umask = os.umask(0o022)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_write_outputs_formats(tmp_path):
    assert set(W.write_outputs(sample_rows(), tmp_path / "c", formats=["csv"])) == {"csv"}
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["figures.csv"]
    with pytest.raises(ValueError, match="xlsx"):
        W.write_outputs(sample_rows(), tmp_path / "x", formats=["xlsx"])


# --- citations ----------------------------------------------------------------------------

def test_check_citation_accepts_all_sample_rows():
    for row in sample_rows():
        T.check_citation(row, BODY)


@pytest.mark.parametrize("change", [
    {"char_start": 1},                      # span moved in the body
    {"span": "5.2%"},                       # span text not what the body says
    {"sentence_start": 0},                  # body fine, but not found in sentence there
    {"sentence": "Something else entirely."},
    {"char_end": len(BODY) + 10},           # outside the body
])
def test_check_citation_rejects_bad_rows(change):
    good = T.figure_rows(sample_figures())[1]    # "$84.4 billion" in the second sentence
    T.check_citation(good, BODY)
    with pytest.raises(ValueError):
        T.check_citation(dict(good, **change), BODY)


# --- data dictionary ----------------------------------------------------------------------

def test_data_dictionary_file_is_generated():
    committed = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == T.data_dictionary_markdown(), (
        "regenerate with: PYTHONPATH=src python -m kzfigures.table > docs/data-dictionary.md")


def test_data_dictionary_lists_every_column():
    md = T.data_dictionary_markdown()
    for col in T.COLUMNS:
        assert f"| `{col.name}` |" in md
    assert "`at_least`" in md and "`increase`, `decrease`, null" in md


def test_module_prints_data_dictionary():
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-m", "kzfigures.table"], env=env, check=True,
                         capture_output=True, text=True).stdout
    assert out == T.data_dictionary_markdown()
