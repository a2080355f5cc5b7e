"""The extraction pipeline: pages -> articles -> sentences -> mentions -> cited figures.

Each stage lives in its own module; this one only runs them in order and keeps the
per-run accounting (pages read, articles, problems) that the command line reports.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .context import figures_for_article
from .kinds import count, mass, money, percent, quantity, rank
from .model import Article, Figure, Mention, Problem
from .pages import find_inputs, read_page
from .resolve import choose, fill_ellipses, harmonise_rates
from .sentences import split_sentences

#: every figure kind's extractor, in the order their mentions are gathered
EXTRACTORS: tuple[Callable[[str], list[Mention]], ...] = (
    money.extract, percent.extract, mass.extract, rank.extract, count.extract, quantity.extract,
)

#: bump when a rule change alters output for the same input (keys the per-page cache)
RULES_VERSION = "1"


def sentence_mentions(text: str) -> list[Mention]:
    """All figures of one sentence, one reading per stretch of text."""
    found = [m for extract in EXTRACTORS for m in extract(text)]
    return fill_ellipses(text, choose(found))


def article_figures(article: Article) -> list[Figure]:
    """The cited figures of one article."""
    sentences = split_sentences(article.body)
    mentions = harmonise_rates([s.text for s in sentences], [sentence_mentions(s.text) for s in sentences])
    return figures_for_article(article, sentences, mentions)


@dataclass
class RunResult:
    """What one run read and found."""

    figures: list[Figure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0
    files_skipped: int = 0
    articles: int = 0

    def per_kind(self) -> Counter[str]:
        return Counter(f.kind.value for f in self.figures)


def page_figures(path: Path) -> tuple[list[Figure], list[Problem], int, bool]:
    """Figures of one page, its problems, its article count, and whether it was skipped."""
    page = read_page(path)
    figures = [f for a in page.articles for f in article_figures(a)]
    return figures, page.problems, len(page.articles), page.skipped


def run(specs: Iterable[str]) -> RunResult:
    """Read every page the specs name (files, folders, globs) and extract their figures."""
    paths, problems = find_inputs(list(specs))
    result = RunResult(problems=list(problems))
    result.files_skipped = sum(1 for p in problems if p.skipped_file)
    for path in paths:
        figures, page_problems, n_articles, skipped = page_figures(path)
        result.problems.extend(page_problems)
        if skipped:
            result.files_skipped += 1
            continue
        result.files_read += 1
        result.articles += n_articles
        result.figures.extend(figures)
    return result
