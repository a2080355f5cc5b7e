"""A ``-j 2`` run killed with SIGKILL leaves neither workers nor a held lock behind."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from synthetic import write_corpus

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

KZFIGURES = [sys.executable, "-m", "kzfigures"]


def children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(test, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if test():
            return True
        time.sleep(0.05)
    return test()


def test_sigkill_of_a_parallel_run_frees_workers_and_lock(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    write_corpus(corpus, 400)
    proc = subprocess.Popen([*KZFIGURES, "extract", str(corpus), "-o", str(out), "-j", "2", "--no-cache", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_until(lambda: len(children(proc.pid)) >= 2, 120), "no workers started"
        workers = children(proc.pid)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert wait_until(lambda: not any(alive(w) for w in workers), 30), "workers outlived the run"
    small = tmp_path / "small"
    write_corpus(small, 1)
    done = subprocess.run([*KZFIGURES, "extract", str(small), "-o", str(out), "--wait", "0", "-q"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_a_worker_killed_on_one_page_skips_that_page_only(tmp_path):
    """A worker that dies (SIGKILL, as from the out-of-memory killer) while extracting a page
    breaks the pool: that page is reported by name and skipped, the pool is made again, and
    every other page, those in flight with it included, is written as a clean run writes it."""
    import pyarrow.parquet as pq

    from kzfigures.executors import CRASH_ENV

    corpus = tmp_path / "corpus"
    pages = write_corpus(corpus, 12)
    culprit = pages[5].name
    env = {**os.environ, CRASH_ENV: culprit}
    crashed = subprocess.run([*KZFIGURES, "extract", str(corpus), "-o", str(tmp_path / "crashed"), "-j", "2",
                              "--no-cache"], capture_output=True, text=True, timeout=600, env=env)
    assert crashed.returncode == 1, crashed.stderr
    [line] = [ln for ln in crashed.stderr.splitlines() if "worker process" in ln]
    assert culprit in line and "page skipped" in line
    clean = subprocess.run([*KZFIGURES, "extract", str(corpus), "-o", str(tmp_path / "clean"), "--no-cache", "-q"],
                           capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stderr
    got = pq.read_table(tmp_path / "crashed" / "figures.parquet").to_pylist()
    want = [r for r in pq.read_table(tmp_path / "clean" / "figures.parquet").to_pylist()
            if not r["source_file"].endswith(culprit)]
    assert got == want
    assert {r["source_file"].rsplit("/", 1)[-1] for r in got} == {p.name for p in pages} - {culprit}
