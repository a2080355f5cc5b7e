"""The self-describing dataset: datapackage.json, manifest.json, Parquet field descriptions,
``kzfigures.load`` dtypes, and the Hive-partitioned layout read by pandas, pyarrow and DuckDB.

The data package is checked twice: against its JSON structure and the data by the checks
below (always), and by the ``frictionless`` validator when it is installed (the ``test``
extra installs it).
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import kzfigures
from kzfigures.cli import main
from kzfigures.extract import RULES_VERSION
from kzfigures.lexicon import currencies
from kzfigures.model import Kind, Qualifier
from kzfigures.table import (COLUMN_NAMES, COLUMNS, SCHEMA_VERSION, canonical_units, canonical_units_by_kind,
                             indicator_names)

from synthetic import example_pages, write_corpus

ROOT = Path(__file__).resolve().parents[1]
TYPES = {"string", "number", "integer", "datetime", "date"}
NAME = re.compile(r"^[a-z0-9._-]+$")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 9)
    # a page without a crawl date: its figures have no `published` (the `unknown` partition)
    text = example_pages()[1].read_text(encoding="utf-8").replace(" date 2025-07-02 ", "")
    (folder / "undated.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def out(corpus, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("out")
    assert main(["extract", str(corpus), "-o", str(folder), "-q"]) == 0
    return folder


@pytest.fixture(scope="module")
def out_by_year(corpus, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("by-year")
    assert main(["extract", str(corpus), "-o", str(folder), "-q", "--partition-by", "year"]) == 0
    return folder


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------
# The canonical units: one list


def test_canonical_units_are_one_list():
    by_kind = canonical_units_by_kind()
    assert list(by_kind) == [k.value for k in Kind]
    assert by_kind["money"] == tuple(c.code for c in currencies())
    assert by_kind["percent"] == ("percent", "percentage_point")
    assert by_kind["mass"] == ("t",) and by_kind["rank"] == ("rank",)
    assert by_kind["count"] == ("count",)
    for unit in ("m3", "bbl", "bbl/d", "kWh", "MW", "ha", "km2", "km", "TEU", "t/ha", "t*km"):
        assert unit in by_kind["quantity"]
    assert len(canonical_units()) == len(set(canonical_units()))
    note = next(c for c in COLUMNS if c.name == "unit").unit_note
    assert all(f"`{u}`" in note for u in canonical_units())


# ---------------------------------------------------------------------------------------
# datapackage.json: structure


def check_field_value(field: dict, text: str) -> None:
    """One CSV cell against its Table Schema field (the subset of the spec we use)."""
    required = field["constraints"]["required"]
    if text == "":
        assert not required, f"{field['name']} is required"
        return
    kind = field["type"]
    if kind == "integer":
        int(text)
    elif kind == "number":
        float(text)
    elif kind == "datetime":
        datetime.strptime(text, field["format"])
    elif kind == "date":
        date.fromisoformat(text)
    if "enum" in field["constraints"]:
        assert text in field["constraints"]["enum"], (field["name"], text)


def test_datapackage_structure(out):
    pkg = json.loads((out / "datapackage.json").read_text())
    assert pkg["profile"] == "tabular-data-package"
    assert NAME.match(pkg["name"])
    assert pkg["kzfigures"]["schema_version"] == SCHEMA_VERSION
    names = [r["name"] for r in pkg["resources"]]
    assert names == ["figures-parquet", "figures-csv", "articles-parquet"]
    assert all(NAME.match(n) for n in names)
    articles = pkg["resources"][2]
    assert articles["bytes"] == (out / "articles.parquet").stat().st_size
    assert articles["hash"] == f"sha256:{sha256(out / 'articles.parquet')}"
    assert [f["name"] for f in articles["schema"]["fields"]] == [
        "source_file", "article_position", "article_id", "url", "title", "published",
        "crawl_date", "header_number", "line", "body"]
    for resource in pkg["resources"][:2]:
        assert resource["profile"] == "tabular-data-resource"
        path = out / resource["path"]
        assert not Path(resource["path"]).is_absolute() and ".." not in resource["path"]
        assert resource["bytes"] == path.stat().st_size
        assert resource["hash"] == f"sha256:{sha256(path)}"
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == list(COLUMN_NAMES)
        for f, c in zip(fields, COLUMNS):
            assert f["type"] in TYPES
            assert f["description"] == c.description
            assert f["constraints"]["required"] == (not c.nullable and not c.may_be_empty)
        enums = {f["name"]: f["constraints"].get("enum") for f in fields}
        assert enums["kind"] == [k.value for k in Kind]
        assert enums["qualifier"] == [q.value for q in Qualifier]
        assert enums["change"] == ["increase", "decrease"]
        assert enums["unit"] == list(canonical_units())
        types = {f["name"]: f["type"] for f in fields}
        assert types["published"] == "datetime" and types["crawl_date"] == "date"
        assert types["value"] == types["value_max"] == "number"
        assert types["char_start"] == types["header_number"] == "integer"
        unit = next(f for f in fields if f["name"] == "unit")
        assert unit["canonicalUnitsByKind"]["mass"] == ["t"]


def test_csv_rows_satisfy_the_table_schema(out):
    pkg = json.loads((out / "datapackage.json").read_text())
    resource = next(r for r in pkg["resources"] if r["format"] == "csv")
    fields = resource["schema"]["fields"]
    with open(out / resource["path"], encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        assert next(reader) == [fd["name"] for fd in fields]
        n = 0
        for row in reader:
            n += 1
            for field, cell in zip(fields, row, strict=True):
                check_field_value(field, cell)
    assert n == pkg["kzfigures"]["figures"] > 0


def test_parquet_rows_satisfy_the_table_schema(out):
    pkg = json.loads((out / "datapackage.json").read_text())
    resource = next(r for r in pkg["resources"] if r["format"] == "parquet")
    table = pq.read_table(out / resource["path"])
    for field in resource["schema"]["fields"]:
        values = table.column(field["name"]).to_pylist()
        if field["constraints"]["required"]:
            assert None not in values, field["name"]
        if "enum" in field["constraints"]:
            assert {v for v in values if v is not None} <= set(field["constraints"]["enum"])


def test_datapackage_of_a_partitioned_dataset(out_by_year):
    pkg = json.loads((out_by_year / "datapackage.json").read_text())
    parquet = next(r for r in pkg["resources"] if r["format"] == "parquet")
    files = sorted(p.relative_to(out_by_year).as_posix()
                   for p in (out_by_year / "figures").rglob("*.parquet"))
    assert sorted(parquet["path"]) == files
    assert "figures/year=unknown/part-0.parquet" in files
    assert parquet["partitionKeys"] == ["year"]
    assert not (out_by_year / "figures.parquet").exists()


def test_datapackage_csv_only(corpus, tmp_path):
    assert main(["extract", str(corpus), "-o", str(tmp_path), "-q", "--format", "csv"]) == 0
    pkg = json.loads((tmp_path / "datapackage.json").read_text())
    assert [r["name"] for r in pkg["resources"]] == ["figures-csv", "articles-parquet"]


# ---------------------------------------------------------------------------------------
# datapackage.json: the frictionless validator


def test_frictionless_validates_the_package(out):
    frictionless = pytest.importorskip("frictionless")
    descriptor = out / "datapackage.json"
    report = frictionless.Package.validate_descriptor(str(descriptor))
    assert report.valid, report.flatten(["type", "note"])
    # the CSV, row by row: types, required, enums, the hash and the size.
    # (frictionless reads Parquet through pandas, which turns nullable integer columns into
    # floats; the Parquet file is checked against the schema by the tests above.)
    package = frictionless.Package(str(descriptor))
    report = package.get_resource("figures-csv").validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_frictionless_catches_a_bad_value(out, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    for name in ("datapackage.json", "figures.csv", "figures.parquet"):
        (tmp_path / name).write_bytes((out / name).read_bytes())
    text = (tmp_path / "figures.csv").read_text(encoding="utf-8")
    first = text.splitlines()[1]
    bad = first.replace(",money,", ",gold,").replace(",percent,", ",gold,").replace(",mass,", ",gold,")
    assert bad != first
    (tmp_path / "figures.csv").write_text(text.replace(first, bad, 1), encoding="utf-8")
    report = frictionless.Package(str(tmp_path / "datapackage.json")).get_resource("figures-csv").validate()
    types = {e[0] for e in report.flatten(["type"])}
    assert "constraint-error" in types  # kind not in its enum
    assert "hash-count" in types or "byte-count" in types


# ---------------------------------------------------------------------------------------
# manifest.json


def test_manifest_has_the_provenance_of_the_run(out, corpus):
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["rules_version"] == RULES_VERSION
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["kzfigures_version"] == kzfigures.__version__
    pages = sorted(corpus.glob("*.txt"))
    assert [i["path"] for i in manifest["inputs"]] == [p.as_posix() for p in pages]
    for record, page in zip(manifest["inputs"], pages):
        assert record["sha256"] == sha256(page)
        assert record["bytes"] == page.stat().st_size
        assert record["status"] == "read"
    table = pq.read_table(out / "figures.parquet")
    kinds = pd.Series(table.column("kind").to_pylist()).value_counts().to_dict()
    assert manifest["figures"]["per_kind"] == dict(sorted(kinds.items()))
    assert manifest["figures"]["total"] == table.num_rows == sum(i["figures"] for i in manifest["inputs"])
    listed = {o["path"]: o for o in manifest["outputs"]}
    assert set(listed) == {"figures.parquet", "figures.csv", "articles.parquet", "datapackage.json",
                           "changes.json"}
    for path, o in listed.items():
        assert o["sha256"] == sha256(out / path) and o["bytes"] == (out / path).stat().st_size


# ---------------------------------------------------------------------------------------
# Parquet field descriptions


def test_parquet_schema_carries_field_descriptions(out):
    schema = pq.read_schema(out / "figures.parquet")
    for c in COLUMNS:
        assert schema.field(c.name).metadata[b"description"] == c.description.encode()
    assert schema.metadata[b"kzfigures.schema_version"] == SCHEMA_VERSION.encode()


# ---------------------------------------------------------------------------------------
# kzfigures.load


def check_dtypes(df: pd.DataFrame) -> None:
    assert list(df.columns) == list(COLUMN_NAMES)
    for name in ("source_file", "kind", "unit", "qualifier", "change", "period_source", "indicator", "rule"):
        assert isinstance(df[name].dtype, pd.CategoricalDtype), name
    assert list(df["indicator"].cat.categories) == list(indicator_names())
    assert list(df["kind"].cat.categories) == [k.value for k in Kind]
    assert list(df["qualifier"].cat.categories) == [q.value for q in Qualifier]
    assert set(canonical_units()) <= set(df["unit"].cat.categories)
    assert df["published"].dtype == "datetime64[s]"
    for name in ("crawl_date", "period_start", "period_end"):
        assert df[name].dtype == "datetime64[s]", name
    assert df["value"].dtype == "float64"
    assert df["value_max"].dtype == pd.Float64Dtype()
    assert df["header_number"].dtype == pd.Int64Dtype()
    for name in ("article_position", "char_start", "char_end", "sentence_start", "paragraph", "line"):
        assert df[name].dtype == "int32", name
    for name in ("article_id", "title", "period", "metric", "subject", "counterpart", "counted", "span",
                 "number_text", "unit_text", "sentence"):
        assert isinstance(df[name].dtype, pd.StringDtype), name
    assert df["value_max"].isna().any() and df["published"].isna().any()
    assert df.attrs["schema_version"] == SCHEMA_VERSION
    assert df.attrs["descriptions"]["value"].startswith("The figure in its canonical unit")


def test_load_dtypes(out):
    df = kzfigures.load(out)
    check_dtypes(df)
    assert len(df) == pq.read_metadata(out / "figures.parquet").num_rows
    pd.testing.assert_frame_equal(df, kzfigures.load(out / "figures.parquet"))


def test_load_default_path_is_output(out, monkeypatch):
    monkeypatch.chdir(out.parent)
    (out.parent / "output").symlink_to(out, target_is_directory=True)
    pd.testing.assert_frame_equal(kzfigures.load(), kzfigures.load(out))


def test_load_partitioned_equals_single_file(out, out_by_year):
    single, partitioned = kzfigures.load(out), kzfigures.load(out_by_year)
    check_dtypes(partitioned)
    pd.testing.assert_frame_equal(single, partitioned)
    pd.testing.assert_frame_equal(single, kzfigures.load(out_by_year / "figures"))


def test_load_missing_folder_says_what_to_run(tmp_path):
    with pytest.raises(FileNotFoundError, match="kzfigures extract"):
        kzfigures.load(tmp_path)


def test_load_matches_the_csv(out):
    df = kzfigures.load(out)
    text = pd.read_csv(out / "figures.csv", keep_default_na=False, dtype=str)
    assert len(text) == len(df)
    assert list(text["article_id"]) == list(df["article_id"])
    assert list(text["value"].astype(float)) == list(df["value"])
    assert list(text["kind"]) == list(df["kind"].astype(str))


# ---------------------------------------------------------------------------------------
# The partitioned dataset, read as one table by pandas, pyarrow and DuckDB


def canonical(rows: list[dict]) -> list[tuple]:
    return sorted(tuple((k, repr(v)) for k, v in sorted(r.items()) if k in COLUMN_NAMES) for r in rows)


def test_partitioned_read_by_pandas_and_pyarrow(out, out_by_year):
    single = pq.read_table(out / "figures.parquet").to_pylist()
    by_pandas = pd.read_parquet(out_by_year / "figures")
    assert len(by_pandas) == len(single)
    assert set(by_pandas["year"].astype(str)) >= {"unknown"}
    dataset = ds.dataset(out_by_year / "figures", format="parquet", partitioning="hive")
    by_pyarrow = dataset.to_table()
    assert "year" in by_pyarrow.column_names
    assert canonical(by_pyarrow.to_pylist()) == canonical(single)


def test_partitioned_read_by_duckdb(out, out_by_year):
    duckdb = pytest.importorskip("duckdb")
    folder = (out_by_year / "figures").as_posix()
    query = (f"SELECT kind, count(*) AS n FROM read_parquet('{folder}/**/*.parquet', "
             "hive_partitioning = true) GROUP BY kind ORDER BY kind")
    partitioned = duckdb.sql(query).fetchall()
    single = duckdb.sql(f"SELECT kind, count(*) AS n FROM '{(out / 'figures.parquet').as_posix()}' "
                        "GROUP BY kind ORDER BY kind").fetchall()
    assert partitioned == single and partitioned
    years = duckdb.sql(f"SELECT DISTINCT year FROM read_parquet('{folder}/**/*.parquet', "
                       "hive_partitioning = true) ORDER BY year").fetchall()
    assert ("unknown",) in years


def test_partition_by_month(corpus, tmp_path):
    assert main(["extract", str(corpus), "-o", str(tmp_path), "-q", "--partition-by", "month"]) == 0
    files = [p.relative_to(tmp_path).as_posix() for p in (tmp_path / "figures").rglob("*.parquet")]
    assert all(re.fullmatch(r"figures/year=(\d{4}|unknown)/month=(\d{1,2}|unknown)/part-0\.parquet", f)
               for f in files), files
    df = pd.read_parquet(tmp_path / "figures")
    assert {"year", "month"} <= set(df.columns)
    single = kzfigures.load(tmp_path)
    assert len(single) == len(df)


def test_partitioned_output_is_deterministic(corpus, tmp_path):
    for name in ("a", "b"):
        assert main(["extract", str(corpus), "-o", str(tmp_path / name), "-q", "--no-cache",
                     "--partition-by", "year"]) == 0
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes()  # noqa: E731
                          for p in root.rglob("*") if p.is_file() and ".cache" not in p.parts}
    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_switching_layouts_leaves_one_dataset(corpus, tmp_path):
    assert main(["extract", str(corpus), "-o", str(tmp_path), "-q"]) == 0
    assert main(["extract", str(corpus), "-o", str(tmp_path), "-q", "--partition-by", "year"]) == 0
    assert not (tmp_path / "figures.parquet").exists() and (tmp_path / "figures").is_dir()
    changes = json.loads((tmp_path / "changes.json").read_text())
    assert changes["figures"]["added"] == changes["figures"]["removed"] == 0
    assert main(["extract", str(corpus), "-o", str(tmp_path), "-q"]) == 0
    assert (tmp_path / "figures.parquet").is_file() and not (tmp_path / "figures").exists()
