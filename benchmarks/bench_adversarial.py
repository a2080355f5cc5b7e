"""Benchmark: time per KB of hostile pages at two sizes, stage by stage, with the ratio.

    PYTHONPATH=src python benchmarks/bench_adversarial.py [--small 5] [--large 50] [--only NAME]
    PYTHONPATH=src python benchmarks/bench_adversarial.py --one-line --small 0.2 --large 2

Each pattern of ``tests/adversarial.py`` (one phrase repeated, a long sentence without a
full stop, a whole page on one line, ...) is built at ``--small`` and ``--large`` KB and
run through every stage in this one process: reading the page, splitting sentences, the
figure rules, and context. For each it prints wall and CPU milliseconds per KB at both sizes
and the large/small ratio of CPU time per KB: about 1 when a stage is linear in the page
size, about the size ratio (10) when it is quadratic. Sentences longer than 2,000 characters
are read in pieces, so a page of many sentences cannot show what one long sentence costs:
``--one-line`` puts each page's body on one line (one sentence, for the patterns without a
full stop), to be run at sizes up to 2 KB.

Each size is run ``--repeat`` times and the quickest run is shown, after a garbage
collection, with the warmed-up heap (the compiled rules) frozen out of the collector's
sight: otherwise one full collection, whose cost is that of the whole heap and not of the
page, lands in whichever run crosses the collector's threshold. A 5 KB page of some
patterns takes about a millisecond, so that one pause read as a ratio of 4 where the
stage is linear.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from adversarial import PATTERNS, page_of  # noqa: E402

from kzfigures.context import figures_for_article  # noqa: E402
from kzfigures.extract import sentence_mentions  # noqa: E402
from kzfigures.pages import read_text  # noqa: E402
from kzfigures.resolve import harmonise_rates  # noqa: E402
from kzfigures.sentences import split_sentences  # noqa: E402

STAGES = ("pages", "sentences", "rules", "context", "total")


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def run_stages(text: str) -> dict[str, tuple[float, float]]:
    """(wall, cpu) seconds spent in each stage on one page."""
    spent: dict[str, list[float]] = {s: [0.0, 0.0] for s in STAGES}

    def add(stage: str, since: tuple[float, float]) -> tuple[float, float]:
        now = _clock()
        spent[stage][0] += now[0] - since[0]
        spent[stage][1] += now[1] - since[1]
        return now

    t = _clock()
    page = read_text(text, "bench.txt")
    t = add("pages", t)
    for article in page.articles:
        sentences = split_sentences(article.body)
        t = add("sentences", t)
        mentions = harmonise_rates([s.text for s in sentences],
                                   [sentence_mentions(s.text) for s in sentences])
        t = add("rules", t)
        figures_for_article(article, sentences, mentions)
        t = add("context", t)
    spent["total"] = [sum(spent[s][i] for s in STAGES[:-1]) for i in (0, 1)]
    return {s: (w, c) for s, (w, c) in spent.items()}


def quickest(text: str, repeat: int) -> dict[str, tuple[float, float]]:
    """The stage times of the run of least total CPU time among ``repeat`` runs."""
    best = None
    for _ in range(repeat):
        gc.collect()
        spent = run_stages(text)
        if best is None or spent["total"][1] < best["total"][1]:
            best = spent
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=float, default=5, help="small page size in KB")
    parser.add_argument("--large", type=float, default=50, help="large page size in KB")
    parser.add_argument("--one-line", action="store_true", help="each page's body on one line")
    parser.add_argument("--only", help="run only the patterns whose name contains this")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each size; the quickest is shown")
    args = parser.parse_args()

    def build(name: str, kb: float) -> str:
        page = page_of(name, kb)
        if not args.one_line:
            return page
        head, title, *body = page.split("\n")
        return f"{head}\n{title}\n{' '.join(body).strip()}\n"

    run_stages(page_of("warm-up", 2))  # compile the rules outside the measurements
    gc.collect()
    gc.freeze()
    print(f"ms per KB, wall/CPU, at {args.small} KB and {args.large} KB; "
          f"ratio = CPU per KB at {args.large} KB / at {args.small} KB (1 = linear, "
          f"{args.large / args.small:g} = quadratic)")
    print(f"{'pattern':<22} {'stage':<10} {f'{args.small} KB wall/cpu':>18} "
          f"{f'{args.large} KB wall/cpu':>18} {'ratio':>6}")
    worst = 0.0
    for name in PATTERNS:
        if args.only and args.only not in name:
            continue
        small = quickest(build(name, args.small), args.repeat)
        large = quickest(build(name, args.large), args.repeat)
        for stage in STAGES:
            (ws, cs), (wl, cl) = small[stage], large[stage]
            per = [1000 * v / kb for v, kb in ((ws, args.small), (cs, args.small),
                                                (wl, args.large), (cl, args.large))]
            ratio = per[3] / per[1] if per[1] > 0.05 else float("nan")
            if stage == "total":
                worst = max(worst, ratio)
            if stage == "total" or max(cs, cl) > 0.01:
                print(f"{name:<22} {stage:<10} {per[0]:8.2f}/{per[1]:8.2f} "
                      f"{per[2]:8.2f}/{per[3]:8.2f} {ratio:6.2f}")
    print(f"worst total ratio: {worst:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
