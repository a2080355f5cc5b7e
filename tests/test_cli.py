"""The command line: help, exit codes, bad files end to end, default input, quiet mode,
progress bar, run summary, the output folder's lock and write failures.

Most tests call ``main([...])`` in-process (fast); the lock tests hold the lock from another
process, as a second scheduled run would.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kzfigures import cli
from kzfigures.cli import main
from kzfigures.lock import hold

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
EXAMPLES = SRC / "kzfigures" / "examples"

GOOD_PAGE = (
    " date 2025-03-01 Grain exports rise\n"
    "Kazakhstan exported 11.2 million tonnes of grain in 2024, up 8.5% on the year before.\n"
    "Export earnings reached $2.4 billion.\n"
)


def env() -> dict[str, str]:
    """Environment for a child process that imports this checkout's kzfigures."""
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(SRC), e.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return e


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def table_rows(out: Path) -> list[dict]:
    return pq.read_table(out / "figures.parquet").to_pylist()


# ---------------------------------------------------------------------------------------
# Help and usage


def test_help_shows_examples_and_exit_codes(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["extract", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "kzfigures extract ../shared/corpus/kz-news-2026-02-27.txt -o output/" in out
    for flag in ("--quiet", "--wait", "--no-cache", "--cache", "--partition-by", "--format"):
        assert flag in out
    for code in ("0  every input", "1  some inputs", "2  usage", "3  another run", "4  the output"):
        assert code in out


def test_top_level_help_shows_examples(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "examples:" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    [],
    ["extract", "--bogus"],
    ["extract", "--format", "xml"],
    ["extract", "--partition-by", "week"],
    ["extract", "--wait", "soon"],
    ["extract", "--wait", "-1"],
])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == cli.EXIT_FAILED == 2
    assert "usage:" in capsys.readouterr().err


def test_console_script_and_module_agree(tmp_path):
    """``python -m kzfigures`` runs the same main and returns its exit code."""
    proc = subprocess.run([sys.executable, "-m", "kzfigures", "extract", str(tmp_path / "nope"),
                           "-o", str(tmp_path / "out")], env=env(), capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "nope: no such file or folder" in proc.stderr


# ---------------------------------------------------------------------------------------
# Exit codes 0, 1, 2


def test_all_read_exits_0(tmp_path, capsys):
    page = write(tmp_path / "pages" / "good.txt", GOOD_PAGE)
    out = tmp_path / "out"
    assert main(["extract", str(page), "-o", str(out)]) == cli.EXIT_OK == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "read 1 page(s)" in captured.err
    rows = table_rows(out)
    assert {r["kind"] for r in rows} >= {"money", "percent", "mass"}
    assert {r["source_file"] for r in rows} == {page.as_posix()}


def test_nothing_readable_exits_2_and_writes_nothing(tmp_path, capsys):
    empty = write(tmp_path / "empty.txt", "")
    out = tmp_path / "out"
    assert main(["extract", str(empty), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{empty.as_posix()}: empty file" in err
    assert "nothing readable" in err
    assert not (out / "figures.parquet").exists()


def test_nothing_readable_keeps_previous_dataset(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(write(tmp_path / "good.txt", GOOD_PAGE)), "-o", str(out)]) == 0
    before = (out / "figures.parquet").read_bytes()
    assert main(["extract", str(tmp_path / "missing.txt"), "-o", str(out)]) == 2
    assert (out / "figures.parquet").read_bytes() == before


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "crawl"
    write(folder / "a-good.txt", GOOD_PAGE)
    write(folder / "b-empty.txt", "")
    write(folder / "c-binary.txt", b"PK binary\nstuff\x00\x01")
    write(folder / "d-latin1.txt", "Title line\nThe caf\xe9 sold 5 tonnes.\n".encode("latin-1"))
    write(folder / "e-no-article.txt", " date 2025-03-01 \n\nTell a friend\nphoto: Akorda\n")
    return folder


def test_bad_files_end_to_end(bad_folder, tmp_path, capsys):
    missing = tmp_path / "not-there.txt"
    out = tmp_path / "out"
    code = main(["extract", str(bad_folder), str(missing), "-o", str(out)])
    assert code == cli.EXIT_SKIPPED == 1
    err = capsys.readouterr().err
    f = bad_folder.as_posix()
    expected = [
        f"{missing.as_posix()}: no such file or folder",
        f"{f}/b-empty.txt: empty file",
        f"{f}/c-binary.txt:2: not a text file (NUL byte at line 2)",
        f"{f}/d-latin1.txt:2: not UTF-8 text (invalid byte 0xE9 at line 2, column 8)",
        f"{f}/e-no-article.txt: no recognisable article",
    ]
    for message in expected:
        assert f"kzfigures: {message}" in err, message
    assert "read 1 page(s)" in err and "skipped 5 file(s)" in err
    rows = table_rows(out)
    assert rows and {r["source_file"] for r in rows} == {f"{f}/a-good.txt"}
    # the manifest records every page looked at, and every problem
    import json
    manifest = json.loads((out / "manifest.json").read_text())
    status = {i["path"].rsplit("/", 1)[-1]: i["status"] for i in manifest["inputs"]}
    assert status == {"a-good.txt": "read", "b-empty.txt": "skipped", "c-binary.txt": "skipped",
                      "d-latin1.txt": "skipped", "e-no-article.txt": "skipped"}
    assert len(manifest["problems"]) == 5


def test_bad_files_from_the_cache_are_reported_again(bad_folder, tmp_path, capsys):
    """A rerun reuses the cache but still reports every problem and exits 1."""
    out = tmp_path / "out"
    assert main(["extract", str(bad_folder), "-o", str(out)]) == 1
    first = capsys.readouterr().err
    assert main(["extract", str(bad_folder), "-o", str(out)]) == 1
    second = capsys.readouterr().err
    assert "(0 extracted, 5 from cache)" in second
    problems = lambda err: sorted(l for l in err.splitlines() if ".txt" in l)  # noqa: E731
    assert problems(first) == problems(second)


# ---------------------------------------------------------------------------------------
# Default input


def test_default_input_is_the_shipped_examples(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["extract"]) == 0
    rows = table_rows(tmp_path / "output")
    assert len(rows) > 10
    names = {Path(r["source_file"]).name for r in rows}
    assert names == {p.name for p in EXAMPLES.glob("*.txt")}


def test_default_input_is_corpus_folder_when_present(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "corpus" / "x" / "page.txt", GOOD_PAGE)
    assert main(["extract"]) == 0
    rows = table_rows(tmp_path / "output")
    assert rows and {r["source_file"] for r in rows} == {"corpus/x/page.txt"}


# ---------------------------------------------------------------------------------------
# Quiet, progress bar, summary


def test_quiet_prints_only_problems(bad_folder, tmp_path, capsys):
    assert main(["extract", str(bad_folder), "-o", str(tmp_path / "out"), "--quiet"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 4 and all(".txt" in line for line in lines)


def test_quiet_clean_run_prints_nothing(tmp_path, capsys):
    page = write(tmp_path / "good.txt", GOOD_PAGE)
    assert main(["extract", str(page), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert capsys.readouterr() == ("", "")


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path, capsys):
    assert main(["extract", str(EXAMPLES), "-o", str(tmp_path / "out")]) == 0
    assert "\r" not in capsys.readouterr().err


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(tmp_path, monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["extract", str(EXAMPLES), "-o", str(tmp_path / "out")]) == 0
    text = terminal.getvalue()
    assert "\rkzfigures: [" in text and "3/3 pages" in text
    assert "\r\x1b[K" in text  # the bar is cleared before the summary
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["extract", str(EXAMPLES), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert terminal.getvalue() == ""


def test_summary_says_what_was_reused_and_what_changed(tmp_path, capsys):
    pages = tmp_path / "pages"
    write(pages / "a.txt", GOOD_PAGE)
    out = tmp_path / "out"
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "(1 extracted, 0 from cache)" in err
    assert "no previous dataset: 3 figure(s) added" in err
    assert f"wrote {out}/: figures.parquet, figures.csv, articles.parquet, datapackage.json, changes.json, manifest.json" in err

    write(pages / "b.txt", GOOD_PAGE.replace("11.2 million", "12.0 million"))
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "(1 extracted, 1 from cache)" in err
    assert "since the previous run: +3 -0 figure(s) (mass +1 -0, money +1 -0, percent +1 -0)" in err
    assert "pages: 1 new, 0 changed, 0 gone" in err

    assert main(["extract", str(pages), "-o", str(out), "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert "(2 extracted, cache off)" in err
    assert "no figure added or removed since the previous run" in err


# ---------------------------------------------------------------------------------------
# One run at a time


HOLDER = textwrap.dedent("""
    import fcntl, os, sys, time
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0); os.write(fd, b"%d\\n" % os.getpid())
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
""")


def hold_in_child(lock: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the folder's lock, as a run in progress would."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock), str(seconds)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "locked"
    return child


def test_second_run_gives_up_with_exit_3(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(EXAMPLES), "-o", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".lock"}
    capsys.readouterr()
    child = hold_in_child(out / ".lock", 60)
    try:
        started = time.monotonic()
        code = main(["extract", str(EXAMPLES), "-o", str(out), "--wait", "0.5"])
        waited = time.monotonic() - started
    finally:
        child.kill()
        child.wait()
    assert code == cli.EXIT_LOCKED == 3
    assert waited >= 0.5
    err = capsys.readouterr().err
    assert f"another kzfigures run is writing to {out}/" in err
    assert f"held by process {child.pid}" in err
    assert "gave up after waiting 0.5 s" in err
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".lock"}
    assert after == before


def test_waiting_run_proceeds_when_the_lock_is_released(tmp_path, capsys):
    out = tmp_path / "out"
    child = hold_in_child(out / ".lock", 0.5)
    try:
        assert main(["extract", str(EXAMPLES), "-o", str(out), "--wait", "30"]) == 0
    finally:
        child.kill()
        child.wait()
    assert (out / "figures.parquet").is_file()


def test_lock_in_this_process_blocks_a_real_run(tmp_path):
    """A subprocess run, as cron starts it, against a lock held here."""
    out = tmp_path / "out"
    with hold(out, wait=0):
        proc = subprocess.run(
            [sys.executable, "-m", "kzfigures", "extract", str(EXAMPLES), "-o", str(out),
             "--wait", "0.2", "--quiet"], env=env(), capture_output=True, text=True)
    assert proc.returncode == 3
    assert f"another kzfigures run is writing to {out}/" in proc.stderr
    assert not (out / "figures.parquet").exists()


def test_lock_is_released_after_a_run(tmp_path):
    out = tmp_path / "out"
    assert main(["extract", str(EXAMPLES), "-o", str(out), "-q"]) == 0
    with hold(out, wait=0):  # would raise FolderBusy if the run had kept it
        pass


# ---------------------------------------------------------------------------------------
# Write failure


def test_write_failure_exits_4_and_keeps_previous_dataset(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(EXAMPLES), "-o", str(out), "-q"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def disk_full(sink, table):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kzfigures.write._CsvSink.write", disk_full)
    write(tmp_path / "more" / "new.txt", GOOD_PAGE)
    code = main(["extract", str(EXAMPLES), str(tmp_path / "more"), "-o", str(out), "-q"])
    assert code == cli.EXIT_WRITE_FAILED == 4
    err = capsys.readouterr().err
    assert "could not write the output" in err and "No space left on device" in err
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before
    assert not (out / ".staging").exists()
    monkeypatch.undo()
    assert main(["extract", str(EXAMPLES), "-o", str(out), "-q"]) == 0
    assert not (out / ".staging").exists()


def test_help_imports_no_extraction_or_table_library():
    """``kzfigures --help`` starts fast: the rule sets, pint, pyarrow, pandas and dask are
    imported only when a command needs them."""
    code = ("import sys\nfrom kzfigures.cli import main\ntry:\n    main(['extract', '--help'])\n"
            "except SystemExit:\n    pass\n"
            "heavy = {'pint', 'pyarrow', 'pandas', 'dask', 'distributed', 'regex'}\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & heavy),"
            " sorted(m for m in sys.modules if m.startswith('kzfigures.kinds')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[] []"


def test_partition_choices_match_the_writer():
    from kzfigures import pipe, publish

    assert cli.PARTITIONINGS == publish.PARTITIONINGS
    assert cli.STDOUT == pipe.STDOUT


def test_dask_without_the_extra_is_a_usage_error(tmp_path, capsys, monkeypatch):
    """Without dask installed, ``--dask`` says how to install it and exits 2 (not 5 with a
    traceback), before taking the output folder."""
    real = cli.importlib.util.find_spec
    monkeypatch.setattr(cli.importlib.util, "find_spec",
                        lambda name, *a: None if name == "distributed" else real(name, *a))
    page = write(tmp_path / "good.txt", GOOD_PAGE)
    out = tmp_path / "out"
    assert main(["extract", str(page), "-o", str(out), "--dask", "local"]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "pip install 'kzfigures[dask]'" in err and "Traceback" not in err
    assert not out.exists()
