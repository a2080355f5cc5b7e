"""Compare one figure kind's rules with the shared gold, mention by mention.

    PYTHONPATH=src python benchmarks/kind_vs_gold.py count [quantity ...] [-v]

Reads every corpus page that has a gold file (``../shared/corpus`` and its ``dev/``), runs
``kzfigures.kinds.<kind>.extract`` on each sentence, and matches the mentions against the
gold lines of that kind as score.py does: same unit, value within 0.5%, each gold line used
once. Rules alone, without the overlap resolver or context, so a mention another kind would
win still counts here. ``-v`` prints the misses and the extra mentions with their sentences.
"""
from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from kzfigures.readers import read_file
from kzfigures.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def pairs() -> list[tuple[Path, Path]]:
    out = []
    for gold_dir, corpus_dir in ((SHARED / "eval/gold", SHARED / "corpus"),
                                 (SHARED / "eval/gold/dev", SHARED / "corpus/dev")):
        for g in sorted(gold_dir.glob("*.jsonl")):
            page = corpus_dir / (g.stem + ".txt")
            if page.is_file():
                out.append((page, g))
    return out


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1e-12)


def run(kind: str, verbose: bool) -> tuple[int, int, int]:
    extract = importlib.import_module(f"kzfigures.kinds.{kind}").extract
    tp = fp = fn = 0
    for page, gold_file in pairs():
        gold = [json.loads(ln) for ln in gold_file.read_text().splitlines() if ln.strip()]
        gold = [g for g in gold if g["kind"] == kind]
        found = []
        for art in read_file(page).articles:
            for s in split_sentences(art.body):
                for m in extract(s.text):
                    found.append((m, s.text))
        used = [False] * len(gold)
        extra = []
        for m, sent in found:
            for i, g in enumerate(gold):
                if not used[i] and g["unit"] == m.unit and close(g["value"], m.value):
                    used[i] = True
                    tp += 1
                    break
            else:
                fp += 1
                extra.append((m, sent))
        misses = [g for g, u in zip(gold, used) if not u]
        fn += len(misses)
        if verbose and (extra or misses):
            print(f"== {page.name}")
            for m, sent in extra:
                print(f"  + {sent[m.start:m.end]!r} {m.value:g} {m.unit} counted={m.counted} [{m.rule}]")
                print(f"      {sent}")
            for g in misses:
                print(f"  - {g['text']!r} {g['value']:g} {g['unit']}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{kind}: tp={tp} fp={fp} fn={fn}  P={p:.3f} R={r:.3f} F1={f:.3f}")
    return tp, fp, fn


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    for k in args or ["count", "quantity"]:
        run(k, "-v" in sys.argv)
