"""Accuracy and speed of extraction on the shared pages, measured in one run.

usage: python benchmarks/bench_extract.py [--shared ../shared] [--repeat 20]

Prints precision, recall and F1 per kind against the gold files (scored by the shared
``eval/score.py``), then the extraction speed, and how that speed compares with only
reading the pages and splitting sentences (the ratio says what the rules cost).
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
from kzfigures.pages import find_inputs, read_page
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--repeat", type=int, default=20)
    a = ap.parse_args()
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
    pages = [read_page(p) for p in paths]
    articles = [art for page in pages for art in page.articles]
    chars = sum(len(art.body) for art in articles)
    read_only = timed(lambda: [split_sentences(art.body) for page in [read_page(p) for p in paths] for art in page.articles], a.repeat)
    full = timed(lambda: [article_figures(art) for page in [read_page(p) for p in paths] for art in page.articles], a.repeat)
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


if __name__ == "__main__":
    main()
