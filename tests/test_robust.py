"""No page can sink, stall or poison a run.

* a page whose extraction fails in any way (a regex time-out, a recursion error, a bug) is
  reported with its path and skipped; the other pages are written and the run exits 1;
"""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kzfigures import extract
from kzfigures.cli import main

GOOD_PAGE = (
    " date 2025-03-01 Grain exports rise\n"
    "Kazakhstan exported 11.2 million tonnes of grain in 2024, up 8.5% on the year before.\n"
    "Export earnings reached $2.4 billion.\n"
)
POISON = "Poisoned exports reached $9.9 billion."
POISONED_PAGE = GOOD_PAGE.replace("Export earnings reached $2.4 billion.", POISON)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------
# A page that fails in any way is reported and skipped


def _raising(exc: BaseException):
    real = extract.sentence_mentions

    def mentions(text: str):
        if "Poisoned" in text:
            raise exc
        return real(text)

    return mentions


@pytest.mark.parametrize("exc", [
    TimeoutError("regex timed out"),  # an OSError: it used to end the run as a write failure
    RecursionError("maximum recursion depth exceeded"),
    ZeroDivisionError("division by zero"),
], ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failing_page_is_reported_and_skipped(tmp_path, monkeypatch, capsys, exc, jobs):
    pages = tmp_path / "pages"
    write(pages / "a-good.txt", GOOD_PAGE)
    write(pages / "b-bad.txt", POISONED_PAGE)
    write(pages / "c-good.txt", GOOD_PAGE.replace("2.4", "3.1"))
    monkeypatch.setattr(extract, "sentence_mentions", _raising(exc))
    out = tmp_path / "out"

    code = main(["extract", str(pages), "-o", str(out), "-j", jobs])

    err = capsys.readouterr().err
    assert code == 1, err
    assert f"{(pages / 'b-bad.txt').as_posix()}: extraction failed" in err
    rows = pq.read_table(out / "figures.parquet").to_pylist()
    assert {Path(r["source_file"]).name for r in rows} == {"a-good.txt", "c-good.txt"}
    assert {r["value"] for r in rows if r["kind"] == "money"} == {2.4e9, 3.1e9}
    statuses = {Path(i["path"]).name: i["status"] for i in _manifest(out)["inputs"]}
    assert statuses == {"a-good.txt": "read", "b-bad.txt": "skipped", "c-good.txt": "read"}


def test_a_failed_page_is_not_cached(tmp_path, monkeypatch, capsys):
    pages = tmp_path / "pages"
    write(pages / "bad.txt", POISONED_PAGE)
    write(pages / "good.txt", GOOD_PAGE)
    out = tmp_path / "out"
    with monkeypatch.context() as m:
        m.setattr(extract, "sentence_mentions", _raising(TimeoutError("regex timed out")))
        assert main(["extract", str(pages), "-o", str(out)]) == 1
    capsys.readouterr()
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "1 extracted, 1 from cache" in err
    rows = pq.read_table(out / "figures.parquet").to_pylist()
    assert 9.9e9 in {r["value"] for r in rows}


def test_the_failure_names_what_was_raised_and_where(tmp_path, monkeypatch):
    page = write(tmp_path / "bad.txt", POISONED_PAGE)
    monkeypatch.setattr(extract, "sentence_mentions", _raising(KeyError("unit")))
    result = extract.run([str(page)])
    [problem] = result.problems
    assert problem.skipped_file and problem.source_file == page.as_posix()
    assert "KeyError" in problem.message and "test_robust.py:" in problem.message
    assert result.files_skipped == 1 and result.rows == []
