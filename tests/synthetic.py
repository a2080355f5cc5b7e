"""Synthetic corpora for the regeneration tests and the benchmark: real pages copied under
distinct names, each with one added sentence so that no two pages are alike."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def example_pages() -> list[Path]:
    """The example pages shipped with the package."""
    folder = Path(str(resources.files("kzfigures").joinpath("examples")))
    return sorted(folder.glob("*.txt"))


def variant(text: str, i: int) -> str:
    """``text`` with a sentence of its own at the end (a new figure of each core kind)."""
    return (text.rstrip("\n") + f"\nIn {2000 + i % 25}, exports of batch {i} reached "
            f"${i}.{i % 10} million, up {i % 50}.5%, with {i + 1} million tonnes of grain.\n")


def write_corpus(folder: Path, n: int, sources: list[Path] | None = None, start: int = 0) -> list[Path]:
    """Write pages ``start .. start+n-1`` into ``folder`` as ``page-NNNNN.txt``."""
    sources = sources or example_pages()
    texts = [p.read_text(encoding="utf-8") for p in sources]
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(start, start + n):
        path = folder / f"page-{i:05d}.txt"
        path.write_text(variant(texts[i % len(texts)], i), encoding="utf-8")
        written.append(path)
    return written
