"""No page can sink, stall or poison a run.

* a page whose extraction fails in any way (a regex time-out, a recursion error, a bug) is
  reported with its path and skipped; the other pages are written and the run exits 1;
* a cache entry is used only when it is a bounded regular file matching its checksum, with
  rows of the table's shape and types: anything else is a miss and is rewritten;
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kzfigures import cache as C
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


# ---------------------------------------------------------------------------------------
# A malformed cache entry is a miss, and is rewritten


def _entry_file(out: Path) -> Path:
    [entry] = list((out / ".cache").rglob("*.json"))
    return entry


def _signed(payload: bytes, key: str) -> bytes:
    """An entry file whose header is right for ``payload``: only validation can refuse it."""
    header = {"format": C.CACHE_FORMAT, "key": key,
              "sha256": hashlib.sha256(payload).hexdigest(), "bytes": len(payload)}
    return json.dumps(header).encode() + b"\n" + payload


def _edit_rows(edit):
    def poison(payload: bytes) -> bytes:
        doc = json.loads(payload)
        edit(doc["rows"][0])
        return json.dumps(doc, allow_nan=True).encode()
    return poison


def _set(column, value):
    return _edit_rows(lambda row: row.__setitem__(column, value))


#: name -> what replaces the payload of a valid entry (the header is made to match)
SIGNED_POISONS = {
    "top-level-null": lambda p: b"null",
    "top-level-list": lambda p: b"[]",
    "top-level-number": lambda p: b"42",
    "deeply-nested": lambda p: b"[" * 200_000 + b"]" * 200_000,
    "rows-not-a-list": lambda p: p.replace(b'"rows":[', b'"rows":"x","old":[', 1),
    "row-is-a-list": lambda p: json.dumps({**json.loads(p), "rows": [[1, 2, 3]]}).encode(),
    "missing-column": _edit_rows(lambda row: row.pop("span")),
    "extra-column": _set("colour", "red"),
    "unknown-kind": _set("kind", "weight"),
    "unknown-unit": _set("unit", "furlong"),
    "string-value": _set("value", "2400000000"),
    "bool-offset": _set("char_start", True),
    "nan-value": _set("value", float("nan")),
    "infinite-value": _set("value", float("inf")),
    "null-kind": _set("kind", None),
    "span-not-in-sentence": _set("span", "nothing like it"),
    "bad-date": _set("crawl_date", {"$date": "2025-13-45"}),
    "bad-problem": lambda p: json.dumps({**json.loads(p), "problems": [["a"]]}).encode(),
    "negative-articles": lambda p: json.dumps({**json.loads(p), "articles": -1}).encode(),
    "not-utf8": lambda p: b"\xff\xfe" + p,
}


def _first_run(tmp_path: Path) -> tuple[Path, Path, bytes]:
    pages = tmp_path / "pages"
    write(pages / "page.txt", GOOD_PAGE)
    out = tmp_path / "out"
    assert main(["extract", str(pages), "-o", str(out), "-q"]) == 0
    return pages, out, (out / "figures.parquet").read_bytes()


def _rerun_is_whole(pages: Path, out: Path, expected: bytes, capsys) -> None:
    """The rerun extracts the page afresh, writes the same table and a valid entry."""
    capsys.readouterr()
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "1 extracted, 0 from cache" in err, err
    assert (out / "figures.parquet").read_bytes() == expected
    entry = _entry_file(out)
    assert C.loads(entry.read_bytes(), entry.stem).rows  # rewritten, valid
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    assert "0 extracted, 1 from cache" in capsys.readouterr().err


@pytest.mark.parametrize("name", SIGNED_POISONS)
def test_a_malformed_entry_is_a_miss_and_rewritten(tmp_path, capsys, name):
    pages, out, expected = _first_run(tmp_path)
    entry = _entry_file(out)
    _, _, payload = entry.read_bytes().partition(b"\n")
    entry.write_bytes(_signed(SIGNED_POISONS[name](payload), entry.stem))
    _rerun_is_whole(pages, out, expected, capsys)


@pytest.mark.parametrize("content", [b"null", b"[]", b"42", b"", b"{}", b"\n\n",
                                     b"[" * 100_000], ids=repr)
def test_an_entry_without_a_header_is_a_miss(tmp_path, capsys, content):
    pages, out, expected = _first_run(tmp_path)
    _entry_file(out).write_bytes(content)
    _rerun_is_whole(pages, out, expected, capsys)


def test_a_changed_value_does_not_match_the_checksum(tmp_path, capsys):
    pages, out, expected = _first_run(tmp_path)
    entry = _entry_file(out)
    data = entry.read_bytes()
    assert b"2400000000.0" in data
    entry.write_bytes(data.replace(b"2400000000.0", b"2500000000.0"))
    _rerun_is_whole(pages, out, expected, capsys)


def test_an_entry_of_another_key_is_a_miss(tmp_path, capsys):
    pages, out, expected = _first_run(tmp_path)
    entry = _entry_file(out)
    other = entry.with_name("0" * 64 + ".json")
    data = entry.read_bytes().replace(entry.stem.encode(), other.stem.encode())
    entry.write_bytes(data)
    _rerun_is_whole(pages, out, expected, capsys)


def _hung(signum, frame):
    raise RuntimeError("the run hung")


def _replace_with_directory(entry: Path) -> None:
    entry.unlink()
    entry.mkdir()
    (entry / "inside.json").write_text("{}")


def _replace_with_fifo(entry: Path) -> None:
    entry.unlink()
    os.mkfifo(entry)


def _replace_with_dev_zero(entry: Path) -> None:
    entry.unlink()
    entry.symlink_to("/dev/zero")


def _replace_with_link_to_valid(entry: Path) -> None:
    real = entry.with_name("elsewhere")
    entry.rename(real)
    entry.symlink_to(real)


@pytest.mark.parametrize("replace", [_replace_with_directory, _replace_with_fifo,
                                     _replace_with_dev_zero, _replace_with_link_to_valid],
                         ids=lambda f: f.__name__.removeprefix("_replace_with_"))
def test_only_a_regular_file_is_read_as_an_entry(tmp_path, capsys, replace):
    pages, out, expected = _first_run(tmp_path)
    entry = _entry_file(out)
    replace(entry)
    signal.signal(signal.SIGALRM, _hung)
    signal.alarm(60)  # a FIFO used to hang the run: fail rather than hang
    try:
        _rerun_is_whole(pages, out, expected, capsys)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    assert entry.is_file() and not entry.is_symlink()


def test_an_entry_larger_than_the_bound_is_a_miss(tmp_path, capsys, monkeypatch):
    pages, out, expected = _first_run(tmp_path)
    size = _entry_file(out).stat().st_size
    monkeypatch.setattr(C, "MAX_ENTRY_BYTES", size - 1)
    capsys.readouterr()
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    assert "1 extracted, 0 from cache" in capsys.readouterr().err
    monkeypatch.setattr(C, "MAX_ENTRY_BYTES", size)
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    assert "0 extracted, 1 from cache" in capsys.readouterr().err


def test_a_cache_that_cannot_be_written_does_not_fail_the_run(tmp_path, capsys):
    pages = tmp_path / "pages"
    write(pages / "page.txt", GOOD_PAGE)
    blocked = write(tmp_path / "not-a-folder", "a file where the cache folder should be")
    out = tmp_path / "out"
    assert main(["extract", str(pages), "-o", str(out), "--cache", str(blocked)]) == 0
    err = capsys.readouterr().err
    assert "could not write the page cache" in err
    assert pq.read_table(out / "figures.parquet").num_rows == 3
