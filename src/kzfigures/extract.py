"""The extraction pipeline: pages -> articles -> sentences -> mentions -> cited figures.

Each stage lives in its own module; this one only runs them in order and keeps the
per-run accounting (pages read, articles, problems) that the command line reports.
"""
from __future__ import annotations

import hashlib
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from .articles import article_rows
from .cache import PageCache, PageEntry
from .context import figures_for_article
from .executors import Executor, Serial, make_executor
from .files import MAX_FILE_BYTES, NotReadable, read_regular
from .kinds import Rule
from .model import Article, Figure, Problem, Sentence
from .pages import MAX_PAGE_CHARS, find_inputs
from .readers import read_file
from .resolve import harmonise_rates, lend_across
from .scan import compile_all, sentence_mentions
from .sentences import MAX_SENTENCE_CHARS, split_sentences
from .table import SCHEMA_VERSION, figure_rows

#: bump when a rule change alters output for the same input (keys the per-page cache)
RULES_VERSION = "12"


def article_figures(article: Article, problems: list[Problem] | None = None) -> list[Figure]:
    """The cited figures of one article: its title's, then its body's. A sentence too
    long for the rules is read in pieces and reported in ``problems`` with its line."""
    if len(article.body) > MAX_PAGE_CHARS:  # a text page is cut when read; other formats here
        article = _capped(article, problems)
    long: list[tuple[int, int]] = []
    sentences = split_sentences(article.body, long)
    if problems is not None:
        problems.extend(_long_sentences(article, long))
    mentions = harmonise_rates([s.text for s in sentences],
                               lend_across(sentences, [sentence_mentions(s.text) for s in sentences]))
    title = title_sentence(article)
    title_mentions = sentence_mentions(title.text) if title is not None else []
    return figures_for_article(article, sentences, mentions, title, title_mentions)


def warm() -> float:
    """Load what extracting any page needs, once per process: every rule pattern, the
    period patterns and the unit registry; returns the seconds it took.

    A run calls it before its worker processes fork, so that they inherit it all, and each
    Dask worker calls it as it starts (:mod:`kzfigures.dask_worker`), so that no page pays
    for it and no worker loads it twice.
    """
    start = time.perf_counter()
    compile_all()
    from .context.period import compile_all as compile_periods
    from .units import registry
    compile_periods()
    registry()
    _build_tables()
    return time.perf_counter() - start


def _parts(built: Any) -> Iterator[Any]:
    """What a builder built, with the items of its tuples, lists and dicts, at any depth."""
    if isinstance(built, dict):
        built = list(built.values())
    if isinstance(built, (tuple, list)):
        for item in built:
            yield from _parts(item)
    else:
        yield built


#: the packages whose cached builders of tables and patterns :func:`warm` runs
_BUILDERS = ("kzfigures.kinds", "kzfigures.context")


def _build_tables() -> None:
    """Run every table or pattern builder of the rules once: each function of the kind and
    context modules (and of those they use) cached by ``functools.cache`` that takes no
    argument. Each builds a vocabulary table or compiles a pattern the first time a page needs
    it; built here, before workers fork, no worker builds it again, and a builder added later
    is warmed without being listed anywhere."""
    import importlib
    import inspect
    import pkgutil

    from . import lexicon, numbers, resolve, scan, sentences
    modules = [lexicon, numbers, resolve, scan, sentences]
    for name in _BUILDERS:
        package = importlib.import_module(name)
        modules.append(package)
        modules += [importlib.import_module(m.name) for m in pkgutil.iter_modules(package.__path__, f"{name}.")]
    from .context.lookup import backwards
    patterns: list[regex.Pattern] = []
    for module in modules:
        for fn in list(vars(module).values()):
            if isinstance(fn, regex.Pattern):
                patterns.append(fn)
            elif (callable(fn) and hasattr(fn, "cache_info") and getattr(fn, "__module__", None) == module.__name__
                    and not inspect.signature(fn).parameters):
                for item in _parts(fn()):
                    rule = getattr(item, "rule", item)  # a rule, or a rule with what it means
                    if isinstance(rule, Rule):
                        rule.compiled
                    elif isinstance(item, regex.Pattern):
                        patterns.append(item)
    # a cue that must end right before a figure is first read backwards (lookup.ends_before)
    for pattern in patterns:
        if pattern.pattern.endswith("$"):
            backwards(pattern)


def title_sentence(article: Article) -> Sentence | None:
    """The title as one sentence of its own (offsets into the title), or None."""
    if not article.title:
        return None
    return Sentence(0, len(article.title), 0, article.title)


def _capped(article: Article, problems: list[Problem] | None) -> Article:
    """The article with only the first ``MAX_PAGE_CHARS`` of its body, cut at a line end
    or a space; where the unread rest starts is reported."""
    body = article.body
    cut = body.rfind("\n", MAX_PAGE_CHARS // 2, MAX_PAGE_CHARS) + 1 \
        or body.rfind(" ", MAX_PAGE_CHARS // 2, MAX_PAGE_CHARS) + 1 or MAX_PAGE_CHARS
    if problems is not None:
        line = article.body_line + body.count("\n", 0, cut)
        problems.append(Problem(article.source_file, line,
                                f"article of {len(body)} characters is longer than the "
                                f"{MAX_PAGE_CHARS} read: the rest, from line {line}, was not read"))
    return replace(article, body=body[:cut])


def _long_sentences(article: Article, long: list[tuple[int, int]]) -> Iterator[Problem]:
    line, pos = article.body_line, 0
    for start, length in long:  # in body order: lines are counted once, not per sentence
        line += article.body.count("\n", pos, start)
        pos = start
        yield Problem(article.source_file, line,
                      f"a sentence of {length} characters was read in pieces of at most "
                      f"{MAX_SENTENCE_CHARS} (a figure across a cut may be missed)")


@dataclass(frozen=True)
class InputFile:
    """One page file a run looked at: its content hash and size, and what it gave."""

    path: str
    sha256: str | None
    bytes: int | None
    status: str  # "read" or "skipped"
    articles: int
    figures: int
    cached: bool = False


@dataclass
class RunResult:
    """What one run read and found.

    ``rows`` holds the table rows (``table.figure_rows`` dicts) of every page read, and
    ``article_rows`` its articles (``articles.article_rows`` dicts, bodies included).
    ``figures`` holds the Figure records of the pages extracted in this run; pages reused
    from the cache give rows only, so with a cache ``figures`` may be a subset. A run that
    streams its rows elsewhere (``run(..., on_rows=...)``) keeps neither: only the counts.
    """

    figures: list[Figure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0
    files_skipped: int = 0
    articles: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    article_rows: list[dict[str, Any]] = field(default_factory=list)
    inputs: list[InputFile] = field(default_factory=list)
    pages_extracted: int = 0
    pages_cached: int = 0
    kinds: Counter[str] = field(default_factory=Counter)

    @property
    def figure_count(self) -> int:
        return sum(self.kinds.values())

    def per_kind(self) -> Counter[str]:
        return Counter(self.kinds)


def page_figures(path: Path) -> tuple[list[Figure], list[Problem], list[Article], bool]:
    """Figures of one page, its problems, its articles, and whether it was skipped."""
    page = read_file(path)
    figures = [f for a in page.articles for f in article_figures(a, page.problems)]
    return figures, page.problems, page.articles, page.skipped


#: modules that only write, describe or orchestrate: editing them changes no row
_OUTPUT_SIDE = frozenset({
    "__init__.py", "__main__.py", "api.py", "cache.py", "cli.py", "lock.py", "package.py",
    "publish.py", "write.py", "dask_worker.py",
})


def rules_fingerprint() -> str:
    """sha256 over the extraction code and vocabulary shipped in the package.

    Part of every cache key next to ``RULES_VERSION``, so a rule or vocabulary edit that
    forgot the version bump still re-extracts every page rather than serve stale rows.
    """
    root = resources.files("kzfigures")
    digest = hashlib.sha256()
    stack = [("", root)]
    files = []
    while stack:
        prefix, folder = stack.pop()
        for item in folder.iterdir():
            name = f"{prefix}{item.name}"
            if item.is_dir():
                if item.name not in ("__pycache__", "examples"):
                    stack.append((f"{name}/", item))
            elif not name.endswith((".pyc", ".pyo")) and name not in _OUTPUT_SIDE:
                files.append((name, item))
    for name, item in sorted(files, key=lambda f: f[0]):
        data = item.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def cache_salt() -> str:
    """What a cached page depends on besides its own bytes and name: the declared rule-set
    and schema versions, and the fingerprint of the extraction code."""
    return f"rules={RULES_VERSION};schema={SCHEMA_VERSION};code={rules_fingerprint()}"


def _digest(path: Path) -> tuple[str, int] | None:
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except (OSError, NotReadable):
        return None
    return hashlib.sha256(data).hexdigest(), len(data)


@dataclass
class _Page:
    """One page on its way through a run: its hash, its cache key, and what it gave."""

    path: Path
    digest: tuple[str, int] | None
    key: str | None
    entry: PageEntry | None = None
    figures: list[Figure] = field(default_factory=list)
    cached: bool = False


def _look_up(path: Path, cache: PageCache | None) -> _Page:
    """The page's hash and cache key; ``cached`` if an entry is there. The entry itself is
    read only when the page's turn comes, so a run never holds every page's rows."""
    digest = _digest(path)
    key = None if cache is None or digest is None else cache.key(digest[0], path.as_posix())
    return _Page(path, digest, key, cached=key is not None and cache.has(key))


def _extracted(path: Path, keep_figures: bool = True) -> tuple[PageEntry, list[Figure]]:
    """A page extracted afresh (in a worker process when a run uses several).

    Whatever goes wrong inside one page (a regex time-out, a recursion error, a bug) fails
    that page alone: it is reported with its path and skipped, and the run goes on. A
    failed page is never cached, so the next run tries it again.
    """
    try:
        figures, problems, articles, skipped = page_figures(path)
        rows = figure_rows(figures) if not skipped else []
        texts = article_rows(articles) if not skipped else []
    except Exception as exc:  # noqa: BLE001 - one page must never sink the run
        return PageEntry([], [failure(path.as_posix(), exc)], 0, True, failed=True), []
    return (PageEntry(rows, list(problems), len(articles), skipped, article_rows=texts),
            figures if keep_figures else [])


def failure(name: str, exc: BaseException) -> Problem:
    """The problem reported for a page whose extraction raised ``exc``: what was raised
    and where, so that a bug can be found from the log alone."""
    where = ""
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        where = f" in {Path(frames[-1].filename).name}:{frames[-1].lineno}"
    what = "regex time-out" if isinstance(exc, TimeoutError) else type(exc).__name__
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return Problem(name, None, f"extraction failed ({what}{': ' + detail if detail else ''}{where}); "
                               "page skipped", True)


def _crashed(path: Path) -> tuple[PageEntry, list[Figure]]:
    """The result of a page whose worker process died extracting it, even when alone (killed
    by the out-of-memory killer or a signal, or a crash outside Python): reported, skipped,
    and not cached, so the next run tries it again."""
    problem = Problem(path.as_posix(), None, "extraction failed (the worker process extracting it died: "
                                             "killed, out of memory, or a crash outside Python); page skipped", True)
    return PageEntry([], [problem], 0, True, failed=True), []


def _extract_all(pages: list[_Page], executor: Executor, cache: PageCache | None,
                 keep_figures: bool) -> Iterator[_Page]:
    """Fill in every page's entry, in order: from the cache when it has the page, else
    extracted by ``executor`` (in this process, a process pool or Dask), whose results
    come in input order."""
    extract = partial(_extracted, keep_figures=keep_figures)
    fresh = executor.map(extract, [p.path for p in pages if not p.cached], crashed=_crashed)
    for page in pages:
        if not page.cached:
            page.entry, page.figures = next(fresh)
        else:
            page.entry = cache.get(page.key)
            if page.entry is None:  # unreadable after all: extract it here
                page.cached = False
                page.entry, page.figures = extract(page.path)
        yield page
        page.entry, page.figures = None, []  # consumed: let it go


def run(
    specs: Iterable[str],
    cache: PageCache | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
    dask: str | None = None,
    on_rows: Callable[[list[dict[str, Any]], list[dict[str, Any]]], None] | None = None,
    order: Callable[[Path], str] | None = None,
) -> RunResult:
    """Read every page the specs name (files, folders, globs) and extract their figures.

    With a ``cache``, pages whose bytes (and name, rule-set and schema versions) are
    already in it are not extracted again. ``jobs`` processes extract at once.
    ``progress(done, total)`` is called after each page. The result is the same whatever
    ``jobs`` is: pages are gathered in input order.

    With ``on_rows``, each page's rows and article rows are handed to it as the page is
    done (in input order) and the result keeps no rows or figures, only counts, so memory does not grow
    with the number of pages.

    Pages are taken in the order of their paths, or of ``order(path)``: the name a page
    will carry in the table when the caller renames it (standard input is ``-``), so that
    rows written as pages finish come in the table's order whatever the path was.
    """
    paths, problems = find_inputs(list(specs))
    if order is not None:
        paths.sort(key=order)
    result = RunResult(problems=list(problems))
    result.files_skipped = sum(1 for p in problems if p.skipped_file)
    pages = [_look_up(path, cache) for path in paths]
    # Start workers only when there are pages to share out, not on a run the cache serves.
    todo = sum(1 for p in pages if not p.cached)
    if todo > 1 and jobs != 1 and dask is None:
        warm()  # before the pool forks its workers, which then inherit the patterns
    executor = make_executor(jobs, dask) if todo > 1 else Serial()
    try:
        _gather(result, pages, executor, cache, progress, on_rows)
    finally:
        executor.close()
    return result


def _gather(result: RunResult, pages: list[_Page], executor: Executor, cache: PageCache | None,
            progress: Callable[[int, int], None] | None,
            on_rows: Callable[[list[dict[str, Any]], list[dict[str, Any]]], None] | None) -> None:
    pages_done = _extract_all(pages, executor, cache, keep_figures=on_rows is None)
    for done, page in enumerate(pages_done, start=1):
        entry, figures = page.entry, page.figures
        # Store only what was extracted from the bytes that were hashed: a page being
        # rewritten while it is read is extracted afresh by the next run.
        if (not page.cached and not entry.failed and page.key is not None
                and _digest(page.path) == page.digest):
            cache.put(page.key, entry)
        sha256, size = page.digest if page.digest is not None else (None, None)
        record = InputFile(page.path.as_posix(), sha256, size, "skipped" if entry.skipped else "read",
                           0 if entry.skipped else entry.articles, len(entry.rows), page.cached)
        result.inputs.append(record)
        result.problems.extend(entry.problems)
        if record.cached:
            result.pages_cached += 1
        else:
            result.pages_extracted += 1
        if progress is not None:
            progress(done, len(pages))
        if entry.skipped:
            result.files_skipped += 1
            continue
        result.files_read += 1
        result.articles += entry.articles
        result.kinds.update(str(row["kind"]) for row in entry.rows)
        if on_rows is not None:
            on_rows(entry.rows, entry.article_rows)
        else:
            result.figures.extend(figures)
            result.rows.extend(entry.rows)
            result.article_rows.extend(entry.article_rows)
