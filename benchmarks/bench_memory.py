"""Benchmark: peak memory of a run on 200 and on 2,000 pages, and start-up time.

    python benchmarks/bench_memory.py [--small 200] [--large 2000] [--jobs 1] [--jsonl]

Builds two corpora in a temporary folder from real-looking pages (``tests/heldout/pages*``
and, when present, ``../shared/corpus``, each copy with a sentence of its own so that no two
pages are alike), runs ``kzfigures extract --no-cache`` on each in a child process and reads
the child's peak resident set size (``resource.getrusage(RUSAGE_CHILDREN)``, one child per
measurement process). Prints both peaks, their ratio (the target is at most 1.25: rows are
streamed to disk, so memory should not grow with the corpus), wall and CPU time. With
``--jsonl`` each corpus is also read into a pipe (``-o - --format jsonl``, standard output
counted line by line) and that pipe's peaks and ratio are printed beside the folder's.

Then times ``kzfigures --help`` in a child process against a child that imports what
``--help`` used to import (the extraction rules, pyarrow, pint), in the same run.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from synthetic import write_corpus  # noqa: E402


def sources() -> list[Path]:
    pages = sorted(p for folder in (ROOT / "tests" / "heldout").glob("pages*")
                   for p in folder.rglob("*.txt"))
    shared = ROOT.parent / "shared" / "corpus"
    if shared.is_dir():
        pages += sorted(shared.rglob("*.txt"))
    return pages


def child(argv: list[str]) -> tuple[float, float, float, int]:
    """Run argv in a fresh child (with a measuring parent of its own, so that
    RUSAGE_CHILDREN sees this child alone); return peak RSS in MiB, wall and CPU seconds,
    and how many lines the child wrote to standard output (read as they come, as a
    consumer at the other end of a pipe would)."""
    probe = ("import resource, subprocess, sys, time\n"
             "t = time.perf_counter()\n"
             "count = 0\n"
             "with subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE) as proc:\n"
             "    for _ in proc.stdout:\n"
             "        count += 1\n"
             "code = proc.returncode\n"
             "wall = time.perf_counter() - t\n"
             "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
             "print(u.ru_maxrss, wall, u.ru_utime + u.ru_stime, code, count)\n")
    done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True,
                          check=True)
    maxrss, wall, cpu, code, count = done.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {code}: {done.stderr[-2000:]}")
    return int(maxrss) / 1024, float(wall), float(cpu), int(count)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--large", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--jsonl", action="store_true",
                        help="also measure a run into a pipe: -o - --format jsonl")
    args = parser.parse_args()
    pages = sources()
    kz = [str(Path(sys.executable).with_name("kzfigures"))]
    with tempfile.TemporaryDirectory() as tmp:
        peaks, pipe_peaks = {}, {}
        for n in (args.small, args.large):
            corpus = Path(tmp) / f"corpus-{n}"
            write_corpus(corpus, n, pages)
            size = sum(p.stat().st_size for p in corpus.iterdir())
            rss, wall, cpu, _ = child(kz + ["extract", str(corpus), "-o", str(Path(tmp) / f"out-{n}"),
                                         "--no-cache", "-q", "-j", str(args.jobs)])
            rows = sum(1 for _ in open(Path(tmp) / f"out-{n}" / "figures.csv", "rb")) - 1
            peaks[n] = rss
            print(f"{n:>6} pages ({size / 1e6:5.1f} MB, {rows:,} figures): peak RSS {rss:7.1f} MiB, "
                  f"wall {wall:6.1f} s, CPU {cpu:6.1f} s")
            if args.jsonl:
                rss, wall, cpu, lines = child(kz + ["extract", str(corpus), "-o", "-", "--format",
                                                    "jsonl", "--no-cache", "-q", "-j", str(args.jobs)])
                if lines != rows:
                    raise SystemExit(f"the pipe gave {lines:,} lines, the folder {rows:,} figures")
                pipe_peaks[n] = rss
                print(f"{n:>6} pages into a pipe (JSON Lines, {lines:,} lines): peak RSS "
                      f"{rss:7.1f} MiB, wall {wall:6.1f} s, CPU {cpu:6.1f} s")
        ratio = peaks[args.large] / peaks[args.small]
        print(f"peak RSS ratio {args.large}/{args.small} pages: {ratio:.2f}x (target <= 1.25x)")
        if args.jsonl:
            pipe_ratio = pipe_peaks[args.large] / pipe_peaks[args.small]
            print(f"peak RSS ratio {args.large}/{args.small} pages into a pipe: {pipe_ratio:.2f}x "
                  f"(target <= 1.25x)")
            ratio = max(ratio, pipe_ratio)

    helps, eager = [], []
    for _ in range(3):
        helps.append(child(kz + ["--help"]))
        eager.append(child([sys.executable, "-c",
                            "import kzfigures.cli, kzfigures.extract, kzfigures.publish, "
                            "kzfigures.units as u; u.registry()"]))
    best = lambda runs: min(r[1] for r in runs)  # noqa: E731
    print(f"start-up: kzfigures --help {best(helps):.2f} s wall; importing the extraction "
          f"rules, pyarrow and pint as --help used to {best(eager):.2f} s "
          f"({best(eager) / best(helps):.1f}x); best of 3")
    return 0 if ratio <= 1.25 else 1


if __name__ == "__main__":
    sys.exit(main())
