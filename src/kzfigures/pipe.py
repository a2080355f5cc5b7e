"""kzfigures in a shell pipe: a page on standard input, figures as JSON Lines on standard
output.

``-`` as a PATH is standard input: its bytes are read once, kept in a temporary file for
the run (so every reader and every executor sees an ordinary file), and the rows, articles,
inputs and problems name it ``-``. ``-o - --format jsonl`` writes one JSON object per
figure to standard output, in the table's row order, and nothing else there: each page's
rows as soon as the page is done (:class:`JsonlWriter`), so memory does not grow with the
number of pages.
"""
from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

from kzfigures.extract import RunResult, run
from kzfigures.table import to_arrow

STDIN = "-"
STDOUT = "-"


def run_specs(specs: list[str], stdin: BinaryIO | None = None, **options: Any) -> RunResult:
    """``extract.run`` over ``specs``, where ``-`` stands for standard input."""
    if STDIN not in specs:
        return run(specs, **options)
    data = (stdin or sys.stdin.buffer).read()
    with tempfile.TemporaryDirectory(prefix="kzfigures-stdin-") as folder:
        path = Path(folder) / "stdin"
        path.write_bytes(data)
        name = path.as_posix()
        on_rows = options.get("on_rows")
        if on_rows is not None:  # rows streamed out as pages finish: name them on the way
            options["on_rows"] = lambda rows, texts: on_rows(_named(rows, name, STDIN),
                                                             _named(texts, name, STDIN))
        result = run([name if s == STDIN else s for s in specs],
                     order=lambda p: STDIN if p.as_posix() == name else p.as_posix(), **options)
    _rename(result, name, STDIN)
    return result


def _named(rows: list[dict[str, Any]], old: str, new: str) -> list[dict[str, Any]]:
    return [dict(r, source_file=new) if r["source_file"] == old else r for r in rows]


def _rename(result: RunResult, old: str, new: str) -> None:
    """Name standard input ``-`` wherever the run named its temporary file."""
    result.rows = _named(result.rows, old, new)
    result.article_rows = _named(result.article_rows, old, new)
    result.inputs = [replace(i, path=new) if i.path == old else i for i in result.inputs]
    result.problems = [replace(p, source_file=new) if p.source_file == old else p
                       for p in result.problems]


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):  # before date: datetime is a date subclass
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"no JSON form for {type(value).__name__}")


def write_jsonl(rows: list[dict[str, Any]], stream: TextIO | IO[str]) -> int:
    """Write one JSON object per figure (the table's columns, in its row order and with its
    normalised values: ISO dates, null for null); return how many were written."""
    table = to_arrow(rows)
    count = 0
    for batch in table.to_batches():
        for row in batch.to_pylist():
            stream.write(json.dumps(row, ensure_ascii=False, allow_nan=False,
                                    default=_json_value) + "\n")
            count += 1
    stream.flush()
    return count


class JsonlWriter:
    """Figure rows in, JSON Lines out, a page at a time (``run(..., on_rows=writer.add)``).

    Each page's rows are written, in the table's order, as soon as the page is done, and
    then let go. Pages come in the order of the names the table gives them (their paths,
    ``-`` for standard input, see ``run_specs``), which is the table's order of
    ``source_file``: the lines are those that writing the whole table at the end would
    give, and the streamed Parquet and CSV files hold the rows in the same order.
    """

    def __init__(self, stream: TextIO | IO[str]) -> None:
        self._stream = stream
        self.count = 0

    def add(self, rows: list[dict[str, Any]], article_rows: list[dict[str, Any]] | None = None) -> None:
        if rows:
            self.count += write_jsonl(rows, self._stream)
