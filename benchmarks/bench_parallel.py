"""Benchmark: one process against ``--jobs 2`` and ``--dask local`` on the same pages.

    python benchmarks/bench_parallel.py [--pages 300] [--workers 2]

Builds a corpus of real-looking pages (``tests/heldout/pages*`` and, when present,
``../shared/corpus``, each copy with a sentence of its own), then runs
``kzfigures extract --no-cache`` on it in a child process three ways: ``-j 1``,
``-j N`` and ``--dask local -j N`` (a local Dask cluster of N worker processes). Prints
wall and CPU time of each (CPU summed over the run and its workers), the speed-up over
``-j 1``, and checks that all three wrote the same bytes (exit status 1 if not).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_memory import child, sources  # noqa: E402
from synthetic import write_corpus  # noqa: E402

OUTPUTS = ("figures.parquet", "figures.csv", "articles.parquet", "manifest.json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    kz = [str(Path(sys.executable).with_name("kzfigures"))]
    n = str(args.workers)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, args.pages, sources())
        runs = {"-j 1": ["-j", "1"], f"-j {n}": ["-j", n], f"--dask local -j {n}": ["--dask", "local", "-j", n]}
        results, files = {}, {}
        for name, extra in runs.items():
            out = Path(tmp) / name.replace(" ", "_")
            _, wall, cpu, _ = child(kz + ["extract", str(corpus), "-o", str(out), "--no-cache", "-q", *extra])
            results[name] = (wall, cpu)
            files[name] = {f: (out / f).read_bytes() for f in OUTPUTS if (out / f).exists()}
        base = results["-j 1"][0]
        print(f"{args.pages} pages, {args.workers} workers")
        for name, (wall, cpu) in results.items():
            print(f"{name:>20}: wall {wall:6.1f} s, CPU {cpu:6.1f} s, speed-up {base / wall:4.2f}x")
        same = all(f == files["-j 1"] for f in files.values())
        print("same bytes:", "yes" if same else "NO")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
