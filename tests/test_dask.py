"""Page extraction on Dask (``--dask``) writes the same bytes as one process."""
from __future__ import annotations

import subprocess
import sys

import pytest

from kzfigures.cli import main

from synthetic import write_corpus

pytest.importorskip("distributed", reason="the dask extra is not installed")

OUTPUTS = ("figures.parquet", "figures.csv", "datapackage.json", "manifest.json", "changes.json")


def snapshot(out) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """A corpus and its dataset written by one process."""
    root = tmp_path_factory.mktemp("dask")
    corpus = root / "corpus"
    write_corpus(corpus, 6)
    out = root / "serial"
    assert main(["extract", str(corpus), "-o", str(out), "--no-cache", "-q", "-j", "1"]) == 0
    return corpus, snapshot(out)


def test_dask_local_gives_the_same_bytes_as_one_process(serial, tmp_path):
    corpus, expected = serial
    out = tmp_path / "dask"
    assert main(["extract", str(corpus), "-o", str(out), "--no-cache", "-q",
                 "--dask", "local", "-j", "2"]) == 0
    assert snapshot(out) == expected


def test_the_default_path_never_imports_distributed(tmp_path):
    """(pint imports dask's core itself when dask is installed; the cluster client, the
    heavy part, is only imported for --dask.)"""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    code = ("import sys; from kzfigures.cli import main; "
            f"rc = main(['extract', {str(corpus)!r}, '-o', {str(tmp_path / 'out')!r}, '-q', '-j', '2']); "
            "assert rc == 0, rc; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'distributed'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_each_dask_worker_loads_the_rule_set_once_before_its_first_page():
    from kzfigures.dask_worker import loaded
    from kzfigures.executors import DaskCluster

    cluster = DaskCluster("local", 2)
    try:
        assert list(cluster.map(loaded, range(8))) == [True] * 8
    finally:
        cluster.close()


def test_a_page_that_kills_its_dask_workers_is_reported_and_skipped(serial, tmp_path, monkeypatch, capsys):
    """A page whose worker dies every time it is tried (the out-of-memory killer, a crash in
    C) is given up by Dask after a few workers; the run reports it and writes the rest."""
    import pyarrow.parquet as pq

    from kzfigures.executors import CRASH_ENV

    corpus, expected = serial
    doomed = sorted(p.name for p in corpus.iterdir())[1]
    monkeypatch.setenv(CRASH_ENV, doomed)  # read by the worker processes the cluster starts
    out = tmp_path / "dask"
    assert main(["extract", str(corpus), "-o", str(out), "--no-cache", "-q",
                 "--dask", "local", "-j", "2"]) == 1
    assert f"{doomed}: extraction failed (the worker process extracting it died" in capsys.readouterr().err
    rows = pq.read_table(out / "figures.parquet").to_pylist()
    assert rows and all(not r["source_file"].endswith(doomed) for r in rows)
    assert {r["source_file"] for r in rows} == {f.as_posix() for f in corpus.iterdir() if f.name != doomed}
