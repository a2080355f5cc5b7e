"""Scheduled regeneration: determinism, the per-page cache, changes.json, crash safety.

The crash test kills real ``kzfigures extract`` processes with SIGKILL at several moments
and checks that every output file is then whole: exactly the previous run's bytes or
exactly the new run's, never a mix or a fragment. It asserts nothing about timing, so it
holds however fast the machine is.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kzfigures import cache as C
from kzfigures import extract as E
from kzfigures.cli import main
from kzfigures.model import Problem
from kzfigures.table import SCHEMA

from synthetic import write_corpus

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
OUTPUTS = ("figures.parquet", "figures.csv", "datapackage.json", "manifest.json", "changes.json")


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(SRC), e.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return e


def snapshot(out: Path, names=OUTPUTS) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in names if (out / n).exists()}


def extract(*args: str) -> int:
    return main(["extract", "--quiet", *args])


# ---------------------------------------------------------------------------------------
# Determinism


def test_two_runs_same_bytes(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 12)
    assert extract(str(corpus), "-o", str(tmp_path / "a"), "--no-cache") == 0
    assert extract(str(corpus), "-o", str(tmp_path / "b"), "--no-cache") == 0
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert set(a) == set(OUTPUTS)
    assert a == b


def test_parallel_run_gives_the_same_bytes(tmp_path):
    """Pages extracted by several processes are gathered in input order: same dataset."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 12)
    assert extract(str(corpus), "-o", str(tmp_path / "serial"), "--no-cache") == 0
    assert extract(str(corpus), "-o", str(tmp_path / "parallel"), "--no-cache", "--jobs", "2") == 0
    assert snapshot(tmp_path / "serial") == snapshot(tmp_path / "parallel")


def test_parallel_run_fills_the_cache_like_a_serial_one(tmp_path):
    """Worker processes extract; the cache is written by the run itself, so a rerun reuses it."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out), "--jobs", "2") == 0
    first = snapshot(out, ("figures.parquet", "figures.csv"))
    assert len(list((out / ".cache").glob("*/*.json"))) == 6
    result = E.run([str(corpus)], cache=C.PageCache(out / ".cache", E.cache_salt()))
    assert (result.pages_extracted, result.pages_cached) == (0, 6)
    assert extract(str(corpus), "-o", str(out)) == 0
    assert snapshot(out, ("figures.parquet", "figures.csv")) == first


def test_same_bytes_in_another_time_zone(tmp_path, monkeypatch):
    """Nothing in the files depends on the local clock or zone of the run."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 4)
    assert extract(str(corpus), "-o", str(tmp_path / "a"), "--no-cache") == 0
    monkeypatch.setenv("TZ", "Asia/Almaty")
    time.tzset()
    try:
        assert extract(str(corpus), "-o", str(tmp_path / "b"), "--no-cache") == 0
    finally:
        monkeypatch.undo()
        time.tzset()
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_cached_run_gives_the_same_bytes_as_a_fresh_run(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 12)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out)) == 0          # fills the cache
    fresh = snapshot(out)
    assert extract(str(corpus), "-o", str(out)) == 0          # every page from the cache
    cached = snapshot(out)
    assert extract(str(corpus), "-o", str(tmp_path / "nocache"), "--no-cache") == 0
    for name in ("figures.parquet", "figures.csv", "datapackage.json"):
        assert cached[name] == fresh[name] == (tmp_path / "nocache" / name).read_bytes(), name


# ---------------------------------------------------------------------------------------
# The cache itself


def awkward_rows() -> list[dict]:
    """Valid rows whose values must survive the cache exactly."""
    sentence = "a\nb ₸ “Quoted” – 0.3"
    base = {n: None for n in SCHEMA.names} | {
        "source_file": "p.txt", "article_id": "0" * 16, "article_position": 0, "kind": "money",
        "unit": "KZT", "qualifier": "exact", "section": "body", "span": sentence[2:5], "number_text": "0.3",
        "sentence": sentence, "sentence_start": 0, "paragraph": 0, "line": 1, "rule": "r"}
    return [
        {**base, "value": 0.1 + 0.2, "value_max": 1e-300, "qualifier": "range", "char_start": 2,
         "char_end": 5, "published": datetime(2024, 2, 29, 23, 59, 58),
         "crawl_date": date(2024, 3, 1), "header_number": 2**53 + 1, "title": "“Quoted” – ok ₸",
         "unit_text": ""},
        {**base, "value": -0.0, "value_max": None, "char_start": 12, "char_end": 15,
         "sentence_start": 10, "span": sentence[2:5],
         "published": datetime(2024, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=5))),
         "crawl_date": None, "header_number": None, "title": None, "unit_text": "$"},
        {**base, "value": 1.7976931348623157e308, "value_max": 5e-324, "qualifier": "range",
         "char_start": 1, "char_end": 4, "span": sentence[1:4],
         "published": datetime(2024, 1, 1, 0, 0, 0, 999999),
         "crawl_date": datetime(2024, 1, 2, 3, 4), "header_number": 0, "title": "a\nb\r\n",
         "unit_text": "\x00"},
    ]


def test_cache_entry_round_trips_exactly(tmp_path):
    cache = C.PageCache(tmp_path / "c", "salt")
    texts = [{"source_file": "p.txt", "article_position": i, "article_id": "0" * 16,
              "url": url, "title": title, "published": published, "crawl_date": day,
              "header_number": number, "line": 1 + i, "body": body}
             for i, (url, title, published, day, number, body) in enumerate([
                 ("https://a.example/?q=“x”", "a\nb\r\n", datetime(2024, 2, 29, 23, 59, 58),
                  date(2024, 3, 1), 2**53 + 1, "a\nb ₸ “Quoted” – 0.3\x00"),
                 (None, None, None, None, None, ""),
             ])]
    entry = C.PageEntry(awkward_rows(), [Problem("p.txt", 3, "odd ✓", False),
                                         Problem("p.txt", None, "skipped", True)], 2, False,
                        article_rows=texts)
    key = cache.key("0" * 64, "p.txt")
    cache.put(key, entry)
    back = cache.get(key)
    assert back == entry
    for a, b in zip(back.rows, entry.rows):
        for name in a:
            assert type(a[name]) is type(b[name]), name
            if isinstance(b[name], float):
                assert a[name].hex() == b[name].hex()  # -0.0 and the last bit too
        assert a["published"].tzinfo == b["published"].tzinfo


def test_cache_keys_depend_on_content_name_and_versions(tmp_path):
    a = C.PageCache(tmp_path, "rules=1")
    keys = {a.key("0" * 64, "x.txt"), a.key("1" * 64, "x.txt"), a.key("0" * 64, "y.txt"),
            C.PageCache(tmp_path, "rules=2").key("0" * 64, "x.txt")}
    assert len(keys) == 4


def test_cache_salt_holds_the_versions():
    salt = E.cache_salt()
    assert f"rules={E.RULES_VERSION}" in salt and "schema=" in salt and "code=" in salt


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": "1", "key": "other"}'])
def test_unreadable_entry_is_a_miss(tmp_path, damage):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out)) == 0
    before = snapshot(out)
    entries = sorted((out / ".cache").glob("*/*.json"))
    assert len(entries) == 3
    entries[0].write_bytes(damage)
    result = E.run([str(corpus)], cache=C.PageCache(out / ".cache", E.cache_salt()))
    assert (result.pages_extracted, result.pages_cached) == (1, 2)
    assert extract(str(corpus), "-o", str(out)) == 0
    assert snapshot(out)["figures.parquet"] == before["figures.parquet"]


# ---------------------------------------------------------------------------------------
# Incremental reruns


@pytest.fixture
def counted(monkeypatch):
    """Count the pages that are really extracted (not taken from the cache)."""
    seen: list[str] = []
    real = E.page_figures

    def page_figures(path):
        seen.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(E, "page_figures", page_figures)
    return seen


def test_only_new_and_changed_pages_are_extracted(tmp_path, counted):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out)) == 0
    assert len(counted) == 40
    counted.clear()

    assert extract(str(corpus), "-o", str(out)) == 0
    assert counted == []

    new = write_corpus(corpus, 5, start=40)
    changed = corpus / "page-00007.txt"
    changed.write_text(changed.read_text() + "Investment reached $5 million.\n")
    assert extract(str(corpus), "-o", str(out)) == 0
    assert sorted(counted) == sorted([p.name for p in new] + [changed.name])

    # and the output equals a run from scratch
    assert extract(str(corpus), "-o", str(tmp_path / "fresh"), "--no-cache") == 0
    for name in ("figures.parquet", "figures.csv"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()


def test_rule_version_bump_re_extracts_everything(tmp_path, counted, monkeypatch):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out)) == 0
    counted.clear()
    monkeypatch.setattr(E, "RULES_VERSION", E.RULES_VERSION + ".test-bump")
    assert extract(str(corpus), "-o", str(out)) == 0
    assert len(counted) == 6
    counted.clear()
    assert extract(str(corpus), "-o", str(out)) == 0
    assert counted == []


def test_code_fingerprint_change_re_extracts_everything(tmp_path, counted, monkeypatch):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out)) == 0
    counted.clear()
    monkeypatch.setattr(E, "rules_fingerprint", lambda: "edited-rules")
    assert extract(str(corpus), "-o", str(out)) == 0
    assert len(counted) == 3


def test_same_page_under_another_name_is_extracted_again(tmp_path, counted):
    """Rows carry the source file name, so the name is part of the key."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 2)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out)) == 0
    counted.clear()
    (corpus / "page-00001.txt").rename(corpus / "renamed.txt")
    assert extract(str(corpus), "-o", str(out)) == 0
    assert counted == ["renamed.txt"]
    rows = pq.read_table(out / "figures.parquet").to_pylist()
    assert {Path(r["source_file"]).name for r in rows} == {"page-00000.txt", "renamed.txt"}


def test_default_cache_is_pruned_to_the_pages_of_the_last_run(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 5)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out)) == 0
    assert len(list((out / ".cache").glob("*/*.json"))) == 5
    (corpus / "page-00000.txt").unlink()
    (corpus / "page-00001.txt").write_text("Changed page.\nIt grew 5%.\n")
    assert extract(str(corpus), "-o", str(out)) == 0
    assert len(list((out / ".cache").glob("*/*.json"))) == 4


def test_explicit_cache_folder_is_shared_not_pruned(tmp_path, counted):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 4)
    shared = tmp_path / "shared-cache"
    assert extract(str(corpus / "page-00000.txt"), "-o", str(tmp_path / "a"), "--cache", str(shared)) == 0
    assert extract(str(corpus), "-o", str(tmp_path / "b"), "--cache", str(shared)) == 0
    assert len(list(shared.glob("*/*.json"))) == 4
    assert not (tmp_path / "a" / ".cache").exists()
    counted.clear()
    assert extract(str(corpus / "page-00000.txt"), "-o", str(tmp_path / "a"), "--cache", str(shared)) == 0
    assert counted == [] and len(list(shared.glob("*/*.json"))) == 4


def test_no_cache_neither_reads_nor_writes(tmp_path, counted):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out), "--no-cache") == 0
    assert not (out / ".cache").exists()
    assert extract(str(corpus), "-o", str(out)) == 0
    counted.clear()
    assert extract(str(corpus), "-o", str(out), "--no-cache") == 0
    assert len(counted) == 3


def test_page_changing_while_read_is_not_cached(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    (page,) = write_corpus(corpus, 1)
    real = E.page_figures

    def racing(path):
        result = real(path)
        page.write_text(page.read_text() + "Late line: 7%.\n")  # the crawler rewrites it
        return result

    monkeypatch.setattr(E, "page_figures", racing)
    cache = C.PageCache(tmp_path / "cache", E.cache_salt())
    E.run([str(corpus)], cache=cache)
    assert not list((tmp_path / "cache").rglob("*.json"))


# ---------------------------------------------------------------------------------------
# changes.json


def test_changes_per_kind(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out)) == 0
    first = json.loads((out / "changes.json").read_text())
    total = pq.read_table(out / "figures.parquet").num_rows
    assert first["previous_dataset"] is False
    assert first["figures"] == {"before": 0, "after": total, "added": total, "removed": 0}
    assert first["inputs"] is None

    gone = corpus / "page-00002.txt"
    gone_rows = [r for r in pq.read_table(out / "figures.parquet").to_pylist()
                 if r["source_file"] == gone.as_posix()]
    gone.unlink()
    write_corpus(corpus, 1, start=100)
    assert extract(str(corpus), "-o", str(out)) == 0
    doc = json.loads((out / "changes.json").read_text())
    new_rows = [r for r in pq.read_table(out / "figures.parquet").to_pylist()
                if r["source_file"].endswith("page-00100.txt")]
    assert doc["previous_dataset"] is True
    assert doc["figures"]["removed"] == len(gone_rows)
    assert doc["figures"]["added"] == len(new_rows)
    for kind, counts in doc["per_kind"].items():
        assert counts["removed"] == sum(r["kind"] == kind for r in gone_rows)
        assert counts["added"] == sum(r["kind"] == kind for r in new_rows)
        assert counts["after"] - counts["before"] == counts["added"] - counts["removed"]
    assert doc["inputs"]["added"] == [(corpus / "page-00100.txt").as_posix()]
    assert doc["inputs"]["removed"] == [gone.as_posix()]
    assert doc["inputs"]["changed"] == [] and doc["inputs"]["unchanged"] == 5

    # a rerun with nothing new says so, and says it the same way each time
    assert extract(str(corpus), "-o", str(out)) == 0
    quiet = (out / "changes.json").read_bytes()
    assert extract(str(corpus), "-o", str(out)) == 0
    assert (out / "changes.json").read_bytes() == quiet
    doc = json.loads(quiet)
    assert doc["figures"]["added"] == doc["figures"]["removed"] == 0


def test_changes_against_a_csv_only_previous_dataset(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out), "--format", "csv") == 0
    assert not (out / "figures.parquet").exists()
    assert extract(str(corpus), "-o", str(out)) == 0
    doc = json.loads((out / "changes.json").read_text())
    assert doc["previous_dataset"] is True
    assert doc["figures"]["added"] == doc["figures"]["removed"] == 0


# ---------------------------------------------------------------------------------------
# Crash safety


def start_run(corpus: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kzfigures", "extract", str(corpus), "-o", str(out), "--quiet",
         *extra], env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for(condition, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None and not condition():
        time.sleep(0.002)


def inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


@pytest.fixture(scope="module")
def crash_setup(tmp_path_factory):
    """A corpus, the dataset of a first run on it, and the dataset a second run on the
    grown corpus gives when it is left to finish."""
    base = tmp_path_factory.mktemp("crash")
    corpus = base / "corpus"
    write_corpus(corpus, 120)
    old = base / "old"
    assert extract(str(corpus), "-o", str(old)) == 0
    write_corpus(corpus, 30, start=120)
    new = base / "new"
    shutil.copytree(old, new)
    assert extract(str(corpus), "-o", str(new)) == 0
    old_files, new_files = snapshot(old), snapshot(new)
    assert old_files["figures.parquet"] != new_files["figures.parquet"]
    return corpus, old, old_files, new_files


def staging_exists(out: Path):
    return lambda: (out / ".staging").exists()


def replaced(out: Path):
    first = inode(out / "figures.parquet")
    return lambda: inode(out / "figures.parquet") != first


@pytest.mark.parametrize("moment", [
    "at-start", "sleep-0.6", "sleep-1.5", "staging-appears", "parquet-replaced", "no-cache-sleep-2",
])
def test_killed_run_leaves_a_whole_dataset(crash_setup, tmp_path, moment):
    corpus, old, old_files, new_files = crash_setup
    out = tmp_path / "out"
    shutil.copytree(old, out)  # the previous dataset, with its cache
    proc = start_run(corpus, out, *(["--no-cache"] if moment.startswith("no-cache") else []))
    try:
        if moment.startswith(("sleep", "no-cache-sleep")):
            wait_for(lambda: False, proc, timeout=float(moment.rsplit("-", 1)[1]))
        elif moment == "staging-appears":
            wait_for(staging_exists(out), proc)
        elif moment == "parquet-replaced":
            wait_for(replaced(out), proc)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode in (0, -signal.SIGKILL)

    after = snapshot(out)
    for name in ("figures.parquet", "figures.csv"):
        assert after[name] in (old_files[name], new_files[name]), name
    table = pq.read_table(out / "figures.parquet")  # a complete, readable table
    assert table.column_names == SCHEMA.names and table.num_rows > 0

    # the next run cleans up whatever the killed one left, and finishes the job
    assert extract(str(corpus), "-o", str(out)) == 0
    assert snapshot(out, ("figures.parquet", "figures.csv")) == {
        n: new_files[n] for n in ("figures.parquet", "figures.csv")}
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".staging")]
    assert leftovers == []
    assert not list((out / ".cache").rglob(".entry.*.tmp"))


def test_killed_partitioned_run_leaves_a_whole_dataset(crash_setup, tmp_path):
    corpus, old, _, _ = crash_setup
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out), "--partition-by", "year") == 0
    import pyarrow.dataset as ds
    before = ds.dataset(out / "figures", partitioning="hive").to_table().num_rows
    (corpus / "page-00003.txt").write_text("Exports grew 9% in 2024.\n")
    proc = start_run(corpus, out, "--partition-by", "year")
    try:
        wait_for(staging_exists(out), proc)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert extract(str(corpus), "-o", str(out), "--partition-by", "year") == 0
    after = ds.dataset(out / "figures", partitioning="hive").to_table().num_rows
    assert after > 0 and before > 0
    assert not (out / ".figures.old").exists() and not (out / ".staging").exists()


def test_terminated_run_exits_143_and_cleans_up(crash_setup, tmp_path):
    corpus, old, old_files, _ = crash_setup
    out = tmp_path / "out"
    shutil.copytree(old, out)
    proc = start_run(corpus, out, "--no-cache")
    # once the run holds the lock its SIGTERM handler is installed
    wait_for(lambda: (out / ".lock").read_text().strip() == str(proc.pid), proc)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 143:  # (0 if it had already finished)
        assert b"terminated; the previous dataset is kept" in err
        assert snapshot(out) == old_files
        assert not (out / ".staging").exists()
    else:
        assert proc.returncode == 0


def test_sigterm_during_the_renames_waits_for_them(tmp_path, monkeypatch, capsys):
    """A SIGTERM that arrives while the files are being moved into place is held back until
    they all are: the folder then holds the whole new dataset."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out)) == 0
    write_corpus(corpus, 2, start=3)
    assert extract(str(corpus), "-o", str(tmp_path / "expected"), "--no-cache") == 0
    expected = snapshot(tmp_path / "expected", ("figures.parquet", "figures.csv", "datapackage.json"))

    import kzfigures.publish as publish
    real = publish._put_in_place

    def put_in_place(staged, target):
        os.kill(os.getpid(), signal.SIGTERM)  # arrives before the first rename
        real(staged, target)

    monkeypatch.setattr(publish, "_put_in_place", put_in_place)
    assert extract(str(corpus), "-o", str(out)) == 143
    assert "terminated; the new dataset was already written" in capsys.readouterr().err
    assert snapshot(out, tuple(expected)) == expected


class _Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even ``finally`` clean-ups of the CLI."""


def test_a_run_killed_during_its_renames_is_finished_by_the_next(tmp_path, monkeypatch):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    write_corpus(corpus, 6)
    assert extract(str(corpus), "-o", str(out)) == 0
    write_corpus(corpus, 3, start=6)

    import kzfigures.publish as publish
    real = publish._put_in_place
    moved: list[str] = []

    def put_then_die(staged, target):
        if moved:
            raise _Killed()
        moved.append(target.name)
        real(staged, target)

    monkeypatch.setattr(publish, "_put_in_place", put_then_die)
    with pytest.raises(_Killed):
        extract(str(corpus), "-o", str(out))
    monkeypatch.setattr(publish, "_put_in_place", real)
    assert len(moved) == 1 and (out / ".staging" / ".ready").exists()

    # the folder holds the new figures under the old manifest and changes
    assert len(json.loads((out / "manifest.json").read_text())["inputs"]) == 6
    publish.recover(out)  # what the next run does first, with the lock held
    assert not (out / ".staging").exists()
    changes = json.loads((out / "changes.json").read_text())
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["inputs"]) == 9
    assert changes["figures"]["added"] > 0 and changes["figures"]["after"] == manifest_figures(manifest)
    for f in manifest["outputs"]:
        if (out / f["path"]).is_file():
            assert hashlib.sha256((out / f["path"]).read_bytes()).hexdigest() == f["sha256"], f["path"]

    # and the next run finds the dataset whole: nothing changed since it
    assert extract(str(corpus), "-o", str(out)) == 0
    assert json.loads((out / "changes.json").read_text())["figures"]["added"] == 0


def manifest_figures(manifest: dict) -> int:
    return sum(i["figures"] for i in manifest["inputs"])


@pytest.mark.parametrize("moment", ["reporting problems", "closing the files"])
def test_interrupt_between_extraction_and_publish_drops_the_staging(moment, tmp_path, monkeypatch):
    """Ctrl-C after the pages are extracted but before the dataset is marked ready leaves
    the previous dataset and no staging folder (which the next run would otherwise find)."""
    import kzfigures.cli as cli
    from kzfigures import publish

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(" date 2025-03-01 \nExports grew 9% in 2024 to $3.1 billion.\n")
    (corpus / "empty.txt").write_text("")  # a problem to report
    out = tmp_path / "out"
    assert extract(str(corpus), "-o", str(out), "--no-cache") == 1
    before = snapshot(out)
    (corpus / "a.txt").write_text(" date 2025-03-01 \nImports fell 4% in 2024 to $2.2 billion.\n")

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    if moment == "reporting problems":
        monkeypatch.setattr(cli.log, "warning", interrupt)
    else:
        monkeypatch.setattr(publish.Stage, "_close", interrupt)
    assert extract(str(corpus), "-o", str(out), "--no-cache") == 130
    assert snapshot(out) == before
    assert not (out / ".staging").exists()
