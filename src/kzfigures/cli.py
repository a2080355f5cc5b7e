"""The ``kzfigures`` command line: subcommands and exit codes, nothing else.

Exit codes (also in ``--help`` and the README):

0. every input was read and the dataset written;
1. some inputs were skipped, unreadable or failed (the others' figures are written);
2. usage error, or nothing readable at all (nothing written);
3. another run holds the output folder's lock (nothing written);
4. the output could not be written (disk full, permissions; the previous dataset is kept);
5. an unexpected error (a bug; the traceback is printed and the previous dataset is kept).

Logs, problems, the progress bar (on a terminal only) and the run summary go to standard
error; standard output stays empty.
"""
from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import signal
import sys
import threading
import time
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .lock import FolderBusy, hold

# The extraction and output modules (regex rule sets, pyarrow, pint) are imported when a
# command runs, so that ``kzfigures --help`` answers at once.
if TYPE_CHECKING:
    from .cache import PageCache
    from .extract import RunResult
    from .publish import Published

#: ``--partition-by`` choices (``publish.PARTITIONINGS``, kept here so --help imports nothing)
PARTITIONINGS = ("year", "month")
#: ``-o -``: write to standard output (``pipe.STDOUT``)
STDOUT = "-"

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED, EXIT_LOCKED, EXIT_WRITE_FAILED, EXIT_BUG = 0, 1, 2, 3, 4, 5
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143

DEFAULT_WAIT = 10.0

log = logging.getLogger("kzfigures")

_EXAMPLES = """\
examples:
  kzfigures extract ../shared/corpus/kz-news-2026-02-27.txt -o output/
  kzfigures extract crawl/2026-03/ 'more/*.txt' --format csv
  kzfigures extract            # reads ./corpus/, or the example pages shipped with kzfigures
  kzfigures extract corpus/ -o /srv/kzfigures/output --quiet --partition-by year
  kzfigures review output/ -o review.html   # every figure marked in its article
  curl -s https://example.kz/news/1 | kzfigures extract - -o - --format jsonl | jq .span

exit codes:
  0  every input read, dataset written
  1  some inputs skipped, unreadable or failed (the rest written)
  2  usage error, or nothing readable (nothing written)
  3  another run holds the output folder's lock (nothing written)
  4  the output could not be written (the previous dataset is kept)
  5  unexpected error, a bug (traceback printed; the previous dataset is kept)
  130/143  interrupted (Ctrl-C) / terminated (SIGTERM); the previous dataset is kept
"""


def default_inputs() -> list[str]:
    """``corpus/`` when it exists here, else the example pages shipped in the package."""
    if Path("corpus").is_dir():
        return ["corpus"]
    return [str(resources.files("kzfigures").joinpath("examples"))]


def _jobs(text: str) -> int:
    """``--jobs``: a count of processes, 0 for one per CPU."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("the number of processes cannot be negative")
    return n or os.cpu_count() or 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kzfigures",
        description="Extract economic figures from crawled news pages into a cited table.",
        epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"kzfigures {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ex = sub.add_parser(
        "extract", help="read pages and write figures.parquet / figures.csv",
        description="Read crawled pages (text, HTML, WARC, JSON Lines: files, folders or globs) "
                    "and write one row per figure.",
        epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("paths", nargs="*", metavar="PATH",
                    help="page files, folders (every .txt, .html, .htm, .jsonl, .ndjson, .warc, "
                         ".warc.gz inside, recursively) or glob patterns; - for standard input; "
                         "default: ./corpus/ if present, else the shipped example pages")
    ex.add_argument("-o", "--output", default="output", metavar="DIR",
                    help="output folder: figures.parquet/.csv, datapackage.json, manifest.json, "
                         "changes.json (default: output); - for standard output with --format jsonl")
    ex.add_argument("--format", choices=("parquet", "csv", "both", "jsonl"), default=None,
                    help="what to write (default: both, i.e. parquet and csv); jsonl writes "
                         "one JSON object per figure to standard output, with -o -")
    ex.add_argument("--partition-by", choices=PARTITIONINGS, metavar="{year,month}",
                    help="write the Parquet output as a Hive-partitioned folder "
                         "(output/figures/year=2026/...) by the year or month of `published`")
    ex.add_argument("--cache", metavar="DIR",
                    help="per-page cache folder (default: .cache/ inside the output folder; "
                         "a folder given here may be shared and is never pruned)")
    ex.add_argument("--no-cache", action="store_true",
                    help="extract every page afresh; neither read nor write the cache")
    ex.add_argument("--wait", type=_seconds, default=DEFAULT_WAIT, metavar="SECONDS",
                    help="how long to wait for another run on the same output folder to "
                         f"finish before giving up with exit code {EXIT_LOCKED} "
                         f"(default: {DEFAULT_WAIT:g})")
    ex.add_argument("-j", "--jobs", type=_jobs, default=1, metavar="N",
                    help="extract pages in N processes at once; 0 means one per CPU (default: 1). "
                         "The output is the same whatever N is")
    ex.add_argument("--dask", metavar="ADDRESS",
                    help="extract pages on a Dask cluster: 'local' starts one here (with --jobs "
                         "workers, or one per CPU), tcp://HOST:PORT uses a running scheduler "
                         "whose workers have kzfigures installed. Needs "
                         "pip install 'kzfigures[dask]'. The output is the same bytes")
    ex.add_argument("-q", "--quiet", action="store_true",
                    help="print only problems (no progress bar, no summary)")
    rv = sub.add_parser(
        "review", help="write one HTML page showing every figure in its article",
        description="Write a self-contained HTML page from an output folder: every article "
                    "with its figures marked in place, filters by kind and source, plots of "
                    "figures per kind and per month.")
    rv.add_argument("output_dir", metavar="OUTPUT_DIR",
                    help="a folder written by `kzfigures extract` (figures and articles.parquet)")
    rv.add_argument("-o", "--output", metavar="FILE",
                    help="where to write the page (default: OUTPUT_DIR/review.html)")
    rv.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    return parser


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text!r}")
    return value


class Progress:
    """A one-line progress bar on standard error, drawn only when it is a terminal."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream, self.width = stream, width
        self.last = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\rkzfigures: [{bar}] {done}/{total} pages")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _progress(quiet: bool) -> Progress | None:
    stream = sys.stderr
    if quiet or not (hasattr(stream, "isatty") and stream.isatty()):
        return None
    return Progress(stream)


def _summary(result: RunResult, published: Published, cache: PageCache | None, out: Path) -> str:
    from .package import describe_changes

    kinds = result.per_kind()
    per_kind = ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds)) or "none"
    reuse = f"{result.pages_extracted} extracted, " + (
        f"{result.pages_cached} from cache" if cache is not None else "cache off")
    files = [o.path for o in published.outputs if "/" not in o.path]
    parts = sum(1 for o in published.outputs if "/" in o.path)
    if parts:
        files.insert(0, f"figures/ ({parts} partition file(s))")
    return "\n".join([
        f"read {result.files_read} page(s) ({reuse}), {result.articles} article(s); "
        f"skipped {result.files_skipped} file(s); {len(result.problems)} problem(s)",
        f"figures: {result.figure_count} ({per_kind})",
        describe_changes(published.changes),
        f"wrote {out}/: {', '.join(files + ['manifest.json'])}",
    ])


def _cache_for(args: argparse.Namespace) -> PageCache | None:
    from .cache import PageCache
    from .extract import cache_salt

    if args.no_cache:
        return None
    folder = Path(args.cache) if args.cache else Path(args.output) / ".cache"
    return PageCache(folder, cache_salt())


def cmd_review(args: argparse.Namespace) -> int:
    """``kzfigures review``: exit 0 with the page written, 2 when the folder holds no
    dataset, 4 when the page cannot be written."""
    from .review import write_review

    try:
        path = write_review(args.output_dir, args.output)
    except FileNotFoundError as exc:
        log.error("%s", exc)
        return EXIT_FAILED
    except OSError as exc:
        log.error("could not write the review page: %s", exc)
        return EXIT_WRITE_FAILED
    log.info("wrote %s", path)
    return EXIT_OK


def cmd_pipe(args: argparse.Namespace, specs: list[str]) -> int:
    """``-o - --format jsonl``: figures as JSON Lines on standard output, nothing written
    elsewhere (the page cache only when ``--cache`` names one)."""
    from .cache import PageCache
    from .extract import cache_salt
    from .pipe import JsonlWriter, run_specs

    cache = PageCache(Path(args.cache), cache_salt()) if args.cache and not args.no_cache else None
    writer = JsonlWriter(sys.stdout)
    try:
        result = run_specs(specs, cache=cache, jobs=args.jobs, dask=args.dask, on_rows=writer.add)
    except BrokenPipeError:  # `| head`: the reader has all it wants
        _silence_stdout()
        return EXIT_OK
    written = writer.count
    for problem in result.problems:
        log.warning("%s", problem)
    if result.files_read == 0:
        log.error("nothing readable in %s; nothing written", " ".join(specs))
        return EXIT_FAILED
    kinds = result.per_kind()
    per_kind = ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds)) or "none"
    log.info("read %d page(s), %d article(s); skipped %d file(s); %d problem(s)\n"
             "figures: %d (%s) written to standard output as JSON Lines",
             result.files_read, result.articles, result.files_skipped, len(result.problems),
             written, per_kind)
    return EXIT_SKIPPED if result.files_skipped else EXIT_OK


def _silence_stdout() -> None:
    """After a broken pipe, point standard output at /dev/null so that the interpreter's
    final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def cmd_extract(args: argparse.Namespace) -> int:
    from .pipe import run_specs
    from .publish import Stage

    specs = args.paths or default_inputs()
    if args.dask and importlib.util.find_spec("distributed") is None:
        log.error("--dask needs dask and distributed: pip install 'kzfigures[dask]'")
        return EXIT_FAILED
    if (args.output == STDOUT) != (args.format == "jsonl"):
        log.error("-o - and --format jsonl go together: figures as JSON Lines on standard output")
        return EXIT_FAILED
    if args.output == STDOUT:
        return cmd_pipe(args, specs)
    args.format = args.format or "both"
    formats = ("parquet", "csv") if args.format == "both" else (args.format,)
    out = Path(args.output)
    try:
        with hold(out, wait=args.wait):
            cache = _cache_for(args)
            progress = _progress(args.quiet)
            # rows are written into the staging folder as pages finish
            stage = Stage(out, formats, args.partition_by)
            try:  # until the dataset is marked ready, any exit drops the staging folder
                try:
                    result = run_specs(specs, cache=cache, progress=progress, jobs=args.jobs,
                                       dask=args.dask, on_rows=stage.add)
                finally:
                    if progress is not None:
                        progress.close()
                for problem in result.problems:
                    log.warning("%s", problem)
                if result.files_read == 0:
                    stage.abort()
                    log.error("nothing readable in %s; %s/ left as it was", " ".join(specs), out)
                    return EXIT_FAILED
                published = stage.finish(result, on_written=lambda: _state.update(written=True))
            except BaseException:
                stage.abort()
                raise
            if cache is not None and not args.cache:
                cache.prune()  # the default cache belongs to this folder alone
            if cache is not None and cache.errors:
                log.warning("could not write the page cache (%d time(s); first: %s); the "
                            "dataset is written, the pages concerned are extracted again "
                            "next run", len(cache.errors), cache.errors[0])
    except FolderBusy as busy:
        log.error("%s", busy)
        return EXIT_LOCKED
    except OSError as exc:
        log.error("could not write the output in %s/: %s; %s", out, exc, _kept())
        return EXIT_WRITE_FAILED
    log.info("%s", _summary(result, published, cache, out))
    return EXIT_SKIPPED if result.files_skipped else EXIT_OK


def _configure_logging(quiet: bool) -> None:
    """Log to the current standard error (looked up now, so tests that swap it see it)."""
    for handler in list(log.handlers):
        log.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("kzfigures: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    log.propagate = False


#: whether this run's dataset is in place (what an interruption message can say)
_state = {"written": False}


def _kept() -> str:
    return ("the new dataset was already written" if _state["written"]
            else "the previous dataset is kept")


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that temporary files are cleaned up."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(getattr(args, "quiet", False))
    if args.command == "review":
        return cmd_review(args)
    if args.command != "extract":
        parser.error(f"unknown command {args.command}")
    _state["written"] = False
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if in_main_thread else None
    try:
        return cmd_extract(args)
    except KeyboardInterrupt:
        log.error("interrupted; %s", _kept())
        return EXIT_INTERRUPTED
    except _Terminated:
        log.error("terminated; %s", _kept())
        return EXIT_TERMINATED
    except Exception:
        log.exception("unexpected error; %s", _kept())
        return EXIT_BUG
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
