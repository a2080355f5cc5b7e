"""The ``kzfigures`` command line: subcommands and exit codes, nothing else.

Exit codes: 0 all inputs read; 1 some inputs were skipped (the others' figures are written);
2 usage error, or nothing readable at all.
"""
from __future__ import annotations

import argparse
import logging
import sys
from importlib import resources
from pathlib import Path

from . import __version__
from .extract import RunResult, run
from .table import figure_rows
from .write import write_outputs

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED = 0, 1, 2

log = logging.getLogger("kzfigures")

_EXAMPLES = """\
examples:
  kzfigures extract ../shared/corpus/kz-news-2026-02-27.txt -o output/
  kzfigures extract crawl/2026-03/ 'more/*.txt' --format csv
  kzfigures extract            # reads ./corpus/, or the example pages shipped with kzfigures

exit codes: 0 all read; 1 some inputs skipped (the rest written); 2 usage error or nothing readable
"""


def default_inputs() -> list[str]:
    """``corpus/`` when it exists here, else the example pages shipped in the package."""
    if Path("corpus").is_dir():
        return ["corpus"]
    return [str(resources.files("kzfigures").joinpath("examples"))]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kzfigures",
        description="Extract economic figures from crawled news pages into a cited table.",
        epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"kzfigures {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ex = sub.add_parser(
        "extract", help="read pages and write figures.parquet / figures.csv",
        description="Read crawled pages (files, folders of *.txt, or globs) and write one row per figure.",
        epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("paths", nargs="*", metavar="PATH",
                    help="page files, folders (all *.txt inside, recursively) or glob patterns; "
                         "default: ./corpus/ if present, else the shipped example pages")
    ex.add_argument("-o", "--output", default="output", metavar="DIR",
                    help="folder for figures.parquet and figures.csv (default: output)")
    ex.add_argument("--format", choices=("parquet", "csv", "both"), default="both",
                    help="what to write (default: both)")
    ex.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    return parser


def _summary(result: RunResult, written: dict[str, Path]) -> str:
    kinds = result.per_kind()
    per_kind = ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds)) or "none"
    lines = [
        f"read {result.files_read} page(s), {result.articles} article(s); "
        f"skipped {result.files_skipped} file(s); {len(result.problems)} problem(s)",
        f"figures: {len(result.figures)} ({per_kind})",
    ]
    lines += [f"wrote {p}" for p in written.values()]
    return "\n".join(lines)


def cmd_extract(args: argparse.Namespace) -> int:
    specs = args.paths or default_inputs()
    result = run(specs)
    for problem in result.problems:
        log.warning("%s", problem)
    if result.files_read == 0:
        log.error("nothing readable in %s", " ".join(specs))
        return EXIT_FAILED
    formats = ("parquet", "csv") if args.format == "both" else (args.format,)
    written = write_outputs(figure_rows(result.figures), args.output, formats)
    if not args.quiet:
        print(_summary(result, written), file=sys.stderr)
    return EXIT_SKIPPED if result.files_skipped else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="kzfigures: %(message)s", stream=sys.stderr)
    if args.command == "extract":
        return cmd_extract(args)
    parser.error(f"unknown command {args.command}")
    return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
