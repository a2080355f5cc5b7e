"""Accuracy and speed of extraction, and speed beside quantulum3, measured in one run.

usage: python benchmarks/bench_extract.py [--shared ../shared] [--repeat 20] [--pages 2000]

Prints precision, recall and F1 per kind against the gold files (scored by the shared
``eval/score.py``), then the extraction speed, and how that speed compares with only
reading the pages and splitting sentences (the ratio says what the rules cost).

Then kzfigures end to end (read, split, extract, context; one process, patterns compiled
and warm) beside quantulum3's ``parser.parse`` on the same ``--pages`` page files, built at
run time from the project's held-out pages (``tests/heldout/pages*``) and the shared pages
when present, repeated and renamed, in a temporary folder: characters per second of each,
the ratio, wall and CPU time, and the time to compile the rules. quantulum3 is optional:
``pip install -e '.[bench]'``; without it that column is skipped.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from kzfigures.extract import article_figures, run
from kzfigures.pages import find_inputs
from kzfigures.readers import read_file
from kzfigures.sentences import split_sentences
from kzfigures.table import figure_rows
from kzfigures.write import write_outputs

ROOT = Path(__file__).resolve().parents[1]


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def build_pages(shared: Path, n: int, folder: Path) -> list[Path]:
    """``n`` page files in ``folder``, cycling through the real-looking pages at hand."""
    sources = sorted(p for d in sorted((ROOT / "tests" / "heldout").glob("pages*")) for p in d.glob("*.txt"))
    if (shared / "corpus").is_dir():
        sources += sorted((shared / "corpus").rglob("*.txt"))
    if not sources:
        sys.exit("bench_extract: no pages to build the benchmark from")
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        dest = folder / f"{i:05d}-{src.name}"
        dest.write_bytes(src.read_bytes())
        out.append(dest)
    return out


def clock(fn) -> tuple[float, float, object]:
    """Wall and CPU seconds of one call, and what it returned."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, value


def versus_quantulum(shared: Path, n: int, compile_s: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pages = build_pages(shared, n, Path(tmp))
        texts = [p.read_text(encoding="utf-8") for p in pages]
        chars = sum(len(t) for t in texts)
        run([str(p) for p in pages[:5]])  # warm: the first pages load every table
        wall, cpu, result = clock(lambda: run([tmp]))
        print(f"\n== end to end on {len(pages)} pages ({chars:,} characters), one process, warm")
        print(f"compiling every rule pattern: {compile_s:.2f} s (once per process, before workers fork)")
        print(f"kzfigures   {chars / wall:12,.0f} chars/s   wall {wall:7.2f} s   cpu {cpu:7.2f} s   "
              f"figures {len(result.rows):,}")
        try:
            from quantulum3 import parser
        except ImportError:
            print("quantulum3  not installed (pip install -e '.[bench]'): skipped")
            return
        import warnings
        warnings.simplefilter("ignore")
        parser.parse(texts[0])  # warm
        q_wall, q_cpu, found = clock(lambda: sum(len(parser.parse(t)) for t in texts))
        print(f"quantulum3  {chars / q_wall:12,.0f} chars/s   wall {q_wall:7.2f} s   cpu {q_cpu:7.2f} s   "
              f"quantities {found:,}")
        print(f"ratio kzfigures / quantulum3: {q_wall / wall:.1f}x (wall), {q_cpu / cpu:.1f}x (cpu)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--pages", type=int, default=2000, help="pages for the comparison with quantulum3")
    a = ap.parse_args()
    from kzfigures.scan import compile_all
    compile_s = compile_all()  # first, in a fresh process: what every process pays once
    corpus = a.shared / "corpus"
    gold = sorted((a.shared / "eval" / "gold").rglob("*.jsonl"))
    if not corpus.is_dir() or not gold:
        sys.exit(f"bench_extract: no corpus or gold under {a.shared}")

    result = run([str(corpus)])
    with tempfile.TemporaryDirectory() as tmp:
        written = write_outputs(figure_rows(result.figures), tmp, ("parquet",))
        score = load_scorer(a.shared)
        print("== accuracy on the shared gold")
        score.main([str(written["parquet"]), *map(str, gold)])

    paths, _ = find_inputs([str(corpus)])
    pages = [read_file(p) for p in paths]
    articles = [art for page in pages for art in page.articles]
    chars = sum(len(art.body) for art in articles)
    read_only = timed(lambda: [split_sentences(art.body) for page in [read_file(p) for p in paths] for art in page.articles], a.repeat)
    full = timed(lambda: [article_figures(art) for page in [read_file(p) for p in paths] for art in page.articles], a.repeat)
    tracemalloc.start()
    [article_figures(art) for art in articles]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print("\n== speed (best of %d runs, one process)" % a.repeat)
    print(f"pages {len(paths)}, articles {len(articles)}, characters {chars:,}, figures {len(result.figures)}")
    print(f"read + split sentences: {read_only * 1000:8.1f} ms  ({chars / read_only / 1e6:6.2f} M chars/s)")
    print(f"read + extract figures: {full * 1000:8.1f} ms  ({chars / full / 1e6:6.2f} M chars/s, "
          f"{len(result.figures) / full:,.0f} figures/s)")
    print(f"ratio extract / read:   {full / read_only:8.1f}x")
    print(f"peak memory while extracting: {peak / 1e6:.1f} MB")
    versus_quantulum(a.shared, a.pages, compile_s)


if __name__ == "__main__":
    main()
