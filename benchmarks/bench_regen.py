"""Benchmark: a cold run, a warm rerun on the unchanged corpus, and a rerun after adding pages.

    PYTHONPATH=src python benchmarks/bench_regen.py [--pages 400] [--source DIR]

Builds a corpus of N pages in a temporary folder (the pages of --source, default
../shared/corpus when present or else the example pages shipped with kzfigures, copied under
distinct names, each with a sentence of its own), then, in this one process:

1. cold: ``kzfigures extract`` with an empty cache (every page extracted);
2. warm: the same command again (every page from the cache);
3. +10: the same command after adding 10 pages (only those extracted);
4. cold again with ``--jobs 0`` (one process per CPU) into a fresh folder.

It prints the times, the cold/warm and serial/parallel ratios, and checks that the warm,
cold and parallel runs wrote byte-identical figures.parquet and figures.csv (exit status 1
if not).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from synthetic import example_pages, write_corpus  # noqa: E402

from kzfigures.cli import main  # noqa: E402

OUTPUTS = ("figures.parquet", "figures.csv")


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    code = main(argv)
    elapsed = time.perf_counter() - start
    if code not in (0, 1):
        raise SystemExit(f"kzfigures {' '.join(argv)} exited {code}")
    return elapsed


def main_bench() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    sources = sorted(args.source.rglob("*.txt")) if args.source.is_dir() else []
    origin = str(args.source) if sources else "the shipped example pages"
    sources = sources or example_pages()

    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "output"
        write_corpus(corpus, args.pages, sources)
        size = sum(p.stat().st_size for p in corpus.iterdir())
        print(f"corpus: {args.pages} pages ({size / 1e6:.1f} MB) made from {len(sources)} "
              f"page(s) of {origin}")
        argv = ["extract", str(corpus), "-o", str(out), "--quiet"]

        cold = timed(argv)
        cold_bytes = {n: (out / n).read_bytes() for n in OUTPUTS}
        warm = timed(argv)
        warm_bytes = {n: (out / n).read_bytes() for n in OUTPUTS}
        write_corpus(corpus, 10, sources, start=args.pages)
        added = timed(argv)
        cold_all = timed(argv + ["--no-cache", "-o", str(Path(tmp) / "serial")])
        parallel = timed(argv + ["--no-cache", "-o", str(Path(tmp) / "parallel"), "--jobs", "0"])
        same_parallel = all((Path(tmp) / "serial" / n).read_bytes() == (Path(tmp) / "parallel" / n).read_bytes()
                            for n in OUTPUTS)

    same = cold_bytes == warm_bytes and same_parallel
    ratio = cold / warm
    print(f"cold run (all pages extracted):     {cold:7.2f} s")
    print(f"warm run (all pages from cache):    {warm:7.2f} s")
    print(f"after adding 10 pages (10 extracted): {added:5.2f} s")
    print(f"cold / warm: {ratio:.1f}x ({'at least' if ratio >= 10 else 'LESS THAN'} 10x)")
    print(f"warm output byte-identical to cold: {'yes' if cold_bytes == warm_bytes else 'NO'}")
    print(f"{args.pages + 10} pages, no cache: 1 process {cold_all:.2f} s, {os.cpu_count()} processes "
          f"{parallel:.2f} s ({cold_all / parallel:.1f}x); same bytes: {'yes' if same_parallel else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main_bench())
