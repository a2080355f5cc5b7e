"""The Python API: extract_text and extract_files give the table's columns and dtypes."""
from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

import kzfigures
from kzfigures.cli import main
from kzfigures.table import COLUMN_NAMES

FORMATS_DIR = Path(__file__).parent / "formats"
TEXT = ("Kazakhstan exported 9.4 million tonnes of grain last year, about 12% more than a "
        "year earlier.\nRevenue reached $3.1 billion.")

#: what a figure says, whatever file or text it came from
WHAT = ["kind", "value", "value_max", "unit", "qualifier", "change", "period", "metric",
        "counted", "span", "char_start", "char_end", "sentence", "title", "url", "published"]


def dtypes(df: pd.DataFrame) -> dict[str, str]:
    """Each column's dtype, categories aside (they are the values present)."""
    return {c: "category" if isinstance(t, pd.CategoricalDtype) else str(t)
            for c, t in df.dtypes.items()}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("out")
    assert main(["extract", str(FORMATS_DIR), "-o", str(out), "-q", "--no-cache"]) == 0
    return kzfigures.load(out)


def test_extract_text_has_the_columns_and_dtypes_of_load(loaded) -> None:
    df = kzfigures.extract_text(TEXT, published="2026-03-10", url="https://a.example/x", title="T")
    assert tuple(df.columns) == COLUMN_NAMES
    assert dtypes(df) == dtypes(loaded)
    for name in ("kind", "unit", "qualifier", "change"):
        assert list(df[name].cat.categories) == list(loaded[name].cat.categories)
    assert df.attrs["descriptions"] == loaded.attrs["descriptions"]


def test_extract_text_finds_and_cites_the_figures() -> None:
    df = kzfigures.extract_text(TEXT, published=date(2026, 3, 10), url="https://a.example/x",
                                title="Grain")
    got = [(r.kind, r.value, r.unit, r.period, r.span) for r in df.itertuples()]
    assert [g[:3] + g[4:] for g in got] == [("mass", 9.4e6, "t", "9.4 million tonnes"),
                                            ("percent", 12.0, "percent", "12%"),
                                            ("money", 3.1e9, "USD", "$3.1 billion")]
    assert [g[3] for g in got[:2]] == ["2025", "2025"]  # "last year" read against published
    for r in df.itertuples():
        assert TEXT[r.char_start:r.char_end] == r.span
    assert set(df["url"]) == {"https://a.example/x"} and set(df["title"]) == {"Grain"}
    assert set(df["published"]) == {pd.Timestamp("2026-03-10")}
    assert set(df["source_file"].astype(str)) == {"<text>"}


@pytest.mark.parametrize("published", [datetime(2026, 3, 10), date(2026, 3, 10), "2026-03-10",
                                       "2026-03-10T00:00:00"])
def test_published_forms_agree(published) -> None:
    df = kzfigures.extract_text(TEXT, published=published)
    assert set(df["published"]) == {pd.Timestamp("2026-03-10")}
    assert list(df["period"])[:2] == ["2025", "2025"]


@pytest.mark.parametrize("text, published, error", [
    (b"bytes", None, TypeError), ("x", "last week", ValueError), ("x", 2026, TypeError)])
def test_bad_arguments_are_refused(text, published, error) -> None:
    with pytest.raises(error):
        kzfigures.extract_text(text, published=published)


def test_empty_text_gives_an_empty_typed_table(loaded) -> None:
    df = kzfigures.extract_text("   ")
    assert df.empty and dtypes(df) == dtypes(loaded)


def test_extract_files_equals_what_extract_writes(loaded, tmp_path) -> None:
    df = kzfigures.extract_files([FORMATS_DIR])
    assert dtypes(df) == dtypes(loaded)
    pd.testing.assert_frame_equal(df, loaded)
    assert df.attrs["problems"] == []
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    with_bad = kzfigures.extract_files([str(FORMATS_DIR / "steppe-ledger.html"), pdf])
    assert with_bad.attrs["problems"] == [f"{pdf.as_posix()}: cannot read this format: PDF document"]
    assert len(with_bad) == len(df) // 2


def test_extract_text_agrees_with_the_file_reader(loaded) -> None:
    body = "\n".join((FORMATS_DIR / "steppe-ledger.txt").read_text().splitlines()[1:])
    df = kzfigures.extract_text(body, published="2026-03-10",
                                title="Grain and oil carry Kazakhstan's exports in early 2026")
    from_file = loaded[loaded["source_file"].astype(str).str.endswith(".txt")]
    columns = [c for c in WHAT if c != "url"]
    pd.testing.assert_frame_equal(df[columns].reset_index(drop=True),
                                  from_file[columns].reset_index(drop=True), check_categorical=False)


def test_import_stays_light() -> None:
    code = ("import sys, kzfigures; heavy = [m for m in ('pandas', 'pyarrow', 'regex', 'pint', "
            "'trafilatura') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
