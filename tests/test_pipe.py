"""Pipes: `-` reads standard input, `-o - --format jsonl` writes JSON Lines to standard
output and nothing else there."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kzfigures.table import COLUMN_NAMES

FORMATS_DIR = Path(__file__).parent / "formats"
HTML = FORMATS_DIR / "steppe-ledger.html"
TEXT = FORMATS_DIR / "steppe-ledger.txt"


def kz(*args: str, stdin: bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kzfigures", "extract", *args], input=stdin,
                          capture_output=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> list[dict]:
    """The rows `kzfigures extract` writes for the HTML page, as figures.parquet."""
    out = tmp_path_factory.mktemp("out")
    assert kz(str(HTML), "-o", str(out), "-q").returncode == 0
    return pq.read_table(out / "figures.parquet").to_pylist()


def test_stdin_to_stdout_as_json_lines(written) -> None:
    proc = kz("-", "-o", "-", "--format", "jsonl", stdin=HTML.read_bytes())
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # every line of stdout is a JSON object
    assert len(records) == len(written) > 5
    assert all(list(r) == list(COLUMN_NAMES) for r in records)
    assert {r["source_file"] for r in records} == {"-"}
    keep = [c for c in COLUMN_NAMES if c not in ("source_file", "published", "crawl_date")]
    as_json = [json.loads(json.dumps({c: w[c] for c in keep}, default=lambda v: v.isoformat()))
               for w in written]
    assert [{c: r[c] for c in keep} for r in records] == as_json
    assert {r["published"] for r in records} == {"2026-03-10T00:00:00"}
    assert b"written to standard output" in proc.stderr


def test_stdin_into_an_output_folder_is_named_dash(tmp_path) -> None:
    out = tmp_path / "out"
    proc = kz("-", str(HTML), "-o", str(out), stdin=TEXT.read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b""
    files = {r["source_file"] for r in pq.read_table(out / "figures.parquet").to_pylist()}
    assert files == {"-", HTML.as_posix()}
    articles = pq.read_table(out / "articles.parquet").to_pylist()
    assert [a["source_file"] for a in articles] == ["-", HTML.as_posix()]
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(i["path"] for i in manifest["inputs"]) == sorted(["-", HTML.as_posix()])


@pytest.mark.parametrize("to_stdout", [False, True], ids=["folder", "jsonl"])
def test_stdin_among_paths_gives_the_same_bytes_wherever_it_is_kept(to_stdout, tmp_path) -> None:
    """Standard input is kept in a temporary file for the run; where that file lies (TMPDIR)
    must not change the order of the rows: they come in the order of the names written."""
    page = tmp_path / "m" / "page.txt"
    page.parent.mkdir()
    page.write_bytes(TEXT.read_bytes())
    outputs = []
    for tmpdir in ("a", "z"):  # the kept file sorts before, then after the page's path
        (tmp_path / tmpdir).mkdir()
        out = tmp_path / f"out-{tmpdir}"
        target = ["-o", "-", "--format", "jsonl"] if to_stdout else ["-o", str(out), "-q"]
        proc = subprocess.run([sys.executable, "-m", "kzfigures", "extract", "-", str(page), *target],
                              input=HTML.read_bytes(), capture_output=True, timeout=300,
                              env={**os.environ, "TMPDIR": str(tmp_path / tmpdir)})
        assert proc.returncode == 0, proc.stderr
        if to_stdout:
            outputs.append(proc.stdout)
            files = [json.loads(line)["source_file"] for line in proc.stdout.splitlines()]
        else:
            outputs.append((out / "figures.parquet").read_bytes())
            files = [r["source_file"] for r in pq.read_table(out / "figures.parquet").to_pylist()]
        assert files == sorted(files) and set(files) == {"-", page.as_posix()}
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("args", [["-o", "-"], ["-o", "-", "--format", "csv"],
                                  ["--format", "jsonl"]])
def test_stdout_and_jsonl_go_together(args, tmp_path) -> None:
    proc = kz("-", *args, stdin=TEXT.read_bytes(), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert b"-o - and --format jsonl go together" in proc.stderr


def test_unreadable_stdin_is_reported_by_name(tmp_path) -> None:
    proc = kz("-", "-o", "-", "--format", "jsonl", stdin=b"%PDF-1.7\n")
    assert (proc.returncode, proc.stdout) == (2, b"")
    assert b"-: cannot read this format: PDF document" in proc.stderr
    proc = kz("-", str(TEXT), "-o", "-", "--format", "jsonl", stdin=b"%PDF-1.7\n")
    assert proc.returncode == 1
    assert {json.loads(line)["source_file"] for line in proc.stdout.splitlines()} == {TEXT.as_posix()}


def test_a_closed_pipe_ends_quietly() -> None:
    command = (f"{sys.executable} -m kzfigures extract - -o - --format jsonl < {HTML} | head -n 1")
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 1
    assert b"Traceback" not in proc.stderr


# --- streaming: each page's rows as the page is done -----------------------------------------

class _Counting:
    """A text stream that keeps only how much was written to it."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_json_lines_stream_is_the_whole_table_in_order(tmp_path, capsys) -> None:
    import io

    from synthetic import write_corpus

    from kzfigures.cli import main
    from kzfigures.extract import run
    from kzfigures.pipe import write_jsonl

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6)
    whole = io.StringIO()
    rows = run([str(corpus)]).rows
    assert write_jsonl(rows, whole) == len(rows) > 30
    capsys.readouterr()
    assert main(["extract", "-q", str(corpus), "-o", "-", "--format", "jsonl"]) == 0
    assert capsys.readouterr().out == whole.getvalue()


def _peak_bytes(corpus: Path, stream: bool) -> tuple[int, int]:
    """Peak memory traced while reading ``corpus`` into JSON Lines, streamed or whole."""
    import tracemalloc

    from kzfigures.pipe import JsonlWriter, run_specs, write_jsonl

    sink = _Counting()
    tracemalloc.start()
    try:
        if stream:
            writer = JsonlWriter(sink)
            run_specs([str(corpus)], on_rows=writer.add)
            count = writer.count
        else:
            count = write_jsonl(run_specs([str(corpus)]).rows, sink)
        return tracemalloc.get_traced_memory()[1], count
    finally:
        tracemalloc.stop()


def test_json_lines_memory_does_not_grow_with_the_pages(tmp_path) -> None:
    from synthetic import write_corpus

    small, large = tmp_path / "small", tmp_path / "large"
    write_corpus(small, 4)
    write_corpus(large, 24)
    _peak_bytes(small, True)  # warm: patterns and tables loaded once
    peak_small, rows_small = _peak_bytes(small, True)
    peak_large, rows_large = _peak_bytes(large, True)
    assert rows_large > 5 * rows_small
    assert peak_large < 1.15 * peak_small, (peak_small, peak_large)
    # the measure tells the difference: holding every row grows with the pages
    held_small, _ = _peak_bytes(small, False)
    held_large, _ = _peak_bytes(large, False)
    assert held_large > 1.4 * held_small, (held_small, held_large)
