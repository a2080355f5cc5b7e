"""The per-page cache that makes reruns incremental.

One JSON file per page under the cache folder (``<output>/.cache/`` by default), in a
subfolder named by the key's first two hex digits (``.cache/ab/abcdef....json``) so that
no folder holds more than a few hundred entries of a large archive. An entry
is found by a key made of the page's sha256, its ``source_file`` name (rows carry it), the
rule-set version, the table schema version and this file format's version: change one byte
of a page and only that page is extracted again; bump ``RULES_VERSION`` or
``SCHEMA_VERSION`` and every page is.

An entry holds what extracting the page gave: its rows (the ``figure_rows`` dicts), its
articles with their texts, its problems, its article count and whether it was skipped. Values round-trip exactly: floats
are written in shortest round-trip form, datetimes and dates as tagged ISO strings (with
their zone, if any), so rows read from the cache are equal to freshly extracted rows and
the written table is byte-identical.

Entries are written to a temporary file and renamed into place, so a killed run leaves
whole entries (which the next run reuses) or none. A cached row is published as it is, so
nothing is trusted that was not checked: only a regular file of bounded size is read (a
FIFO, a folder or a link to ``/dev/zero`` in an entry's place is not), its payload must
match the sha256 in its header, and every row must have the table's columns with values of
their types, known kinds and units, finite numbers (``validate``). Anything else counts as
a miss: the page is extracted again and the entry rewritten. A failed write is recorded in
``PageCache.errors``, never an error of the run.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cache
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzfigures.files import read_regular
from kzfigures.model import Problem

if TYPE_CHECKING:
    from kzfigures.table import Column

#: bump when the layout of an entry changes
CACHE_FORMAT = "3"

_SUFFIX = ".json"

#: the largest entry read or written; a bigger file (or a link to ``/dev/zero``) is a miss
MAX_ENTRY_BYTES = 64 * 1024 * 1024


@dataclass
class PageEntry:
    """What extracting one page gave."""

    rows: list[dict[str, Any]]
    problems: list[Problem]
    articles: int
    skipped: bool
    #: extraction raised (a time-out, a bug): never stored, so the next run tries again
    failed: bool = False
    #: the page's articles (``articles.article_rows`` dicts, bodies included)
    article_rows: list[dict[str, Any]] = field(default_factory=list)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):  # before date: datetime is a date subclass
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot store {type(value).__name__} in the page cache: {value!r}")


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        if "$datetime" in obj:
            return datetime.fromisoformat(obj["$datetime"])
        if "$date" in obj:
            return date.fromisoformat(obj["$date"])
    return obj


def _payload(entry: PageEntry) -> bytes:
    doc = {
        "articles": entry.articles,
        "skipped": entry.skipped,
        "problems": [[p.source_file, p.line, p.message, p.skipped_file] for p in entry.problems],
        "rows": entry.rows,
        "article_rows": entry.article_rows,
    }
    text = json.dumps(doc, default=_encode, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False)
    return text.encode("utf-8")


def dumps(entry: PageEntry, key: str) -> bytes:
    """An entry as two lines of compact UTF-8 JSON: a header naming the format, the key and
    the sha256 of the payload, then the payload (rows, problems, article count, skipped)."""
    payload = _payload(entry)
    header = {"format": CACHE_FORMAT, "key": key,
              "sha256": hashlib.sha256(payload).hexdigest(), "bytes": len(payload)}
    return json.dumps(header, separators=(",", ":")).encode("ascii") + b"\n" + payload


def loads(data: bytes, key: str) -> PageEntry:
    """Read an entry back; ValueError unless it is a whole, valid entry for ``key``.

    Everything is checked before a row is trusted: the header (format, key, checksum and
    length of the payload), then the payload's shape and every value's type (see
    :func:`validate`). JSON nested too deep for the parser is a ValueError too.
    """
    head, sep, payload = data.partition(b"\n")
    if not sep:
        raise ValueError("cache entry has no header line")
    try:
        header = json.loads(head.decode("ascii"))
        if not isinstance(header, dict) or header.get("format") != CACHE_FORMAT \
                or header.get("key") != key:
            raise ValueError("cache entry is for another key or format")
        if header.get("bytes") != len(payload) \
                or header.get("sha256") != hashlib.sha256(payload).hexdigest():
            raise ValueError("cache entry does not match its checksum")
        doc = json.loads(payload.decode("utf-8"), object_hook=_decode,
                         parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("cache entry is nested too deep") from None
    return validate(doc)


def _no_constant(name: str) -> Any:
    raise ValueError(f"cache entry holds {name}")


# ---------------------------------------------------------------------------------------
# Validation: one function, whatever the folder layout, so that no malformed entry is used

_PROBLEM_TYPES = (str, (int, type(None)), str, bool)


def validate(doc: Any) -> PageEntry:
    """The entry a decoded payload describes; ValueError unless every part has the shape
    and types a fresh extraction gives: rows with exactly the table's columns, each value
    of its column's type, kinds, qualifiers and units that exist, finite numbers, spans
    that sit in their sentences."""
    if not isinstance(doc, dict) or set(doc) != {"articles", "skipped", "problems", "rows",
                                                 "article_rows"}:
        raise ValueError("cache entry is not an object with the entry's fields")
    articles, skipped, problems, rows = doc["articles"], doc["skipped"], doc["problems"], doc["rows"]
    if not _is_int(articles) or articles < 0 or not isinstance(skipped, bool):
        raise ValueError("cache entry has a bad article count or skipped flag")
    if not isinstance(problems, list) or not isinstance(rows, list):
        raise ValueError("cache entry's problems and rows must be lists")
    for p in problems:
        if not (isinstance(p, list) and len(p) == 4
                and all(isinstance(v, t) and not (t is not bool and isinstance(v, bool))
                        for v, t in zip(p, _PROBLEM_TYPES))):
            raise ValueError(f"cache entry has a malformed problem: {p!r:.200}")
    for row in rows:
        _check_row(row)
    texts = doc["article_rows"]
    if not isinstance(texts, list) or not (skipped or len(texts) == articles):
        raise ValueError("cache entry's article texts do not match its article count")
    for text in texts:
        _check_article(text)
    return PageEntry(rows=rows, problems=[Problem(*p) for p in problems],
                     articles=articles, skipped=skipped, article_rows=texts)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


_INT_BITS = {"int32": 31, "int64": 63}


def _type_ok(c: Column, v: Any) -> bool:
    t = str(c.arrow_type)
    if t == "string":
        return isinstance(v, str)
    if t in _INT_BITS:
        return _is_int(v) and -(2 ** _INT_BITS[t]) <= v < 2 ** _INT_BITS[t]
    if t == "double":
        return isinstance(v, float) and math.isfinite(v)
    if t.startswith("timestamp"):
        return isinstance(v, datetime)
    if t.startswith("date"):
        return isinstance(v, date)
    return False


@cache
def _spec() -> tuple[tuple[Column, ...], frozenset[str], dict[str, frozenset[str]]]:
    """The table's columns and each kind's canonical units (imported when first needed)."""
    from kzfigures.table import COLUMNS, COLUMN_NAMES, canonical_units_by_kind

    units = {k: frozenset(u) for k, u in canonical_units_by_kind().items()}
    return COLUMNS, frozenset(COLUMN_NAMES), units


def _check_row(row: Any) -> None:
    columns, names, units = _spec()
    if not isinstance(row, dict) or row.keys() != names:
        raise ValueError("cache entry has a row without exactly the table's columns")
    for c in columns:
        v = row[c.name]
        if v is None:
            if not c.nullable:
                raise ValueError(f"cache entry row has a null {c.name}")
        elif not _type_ok(c, v) or (c.allowed is not None and v not in c.allowed):
            raise ValueError(f"cache entry row has a bad {c.name}: {v!r:.100}")
    if row["unit"] not in units[row["kind"]]:
        raise ValueError(f"cache entry row has unit {row['unit']!r:.50} for a {row['kind']}")
    if (row["value_max"] is None) != (row["qualifier"] != "range"):
        raise ValueError("cache entry row has value_max without a range, or the reverse")
    offset = row["char_start"] - row["sentence_start"]
    span = row["span"]
    if not (0 <= row["char_start"] <= row["char_end"] and offset >= 0
            and row["char_end"] - row["char_start"] == len(span)
            and row["sentence"][offset:offset + len(span)] == span):
        raise ValueError("cache entry row's span is not in its sentence")


def _check_article(row: Any) -> None:
    from kzfigures.articles import ARTICLE_COLUMN_NAMES, ARTICLE_COLUMNS

    if not isinstance(row, dict) or tuple(row) != ARTICLE_COLUMN_NAMES:
        raise ValueError("cache entry has an article without exactly the article columns")
    for c in ARTICLE_COLUMNS:
        v = row[c.name]
        if (v is None and not c.nullable) or (v is not None and not _type_ok(c, v)):
            raise ValueError(f"cache entry article has a bad {c.name}: {v!r:.100}")


@dataclass
class PageCache:
    """A folder of page entries; ``salt`` is the versions every key depends on."""

    folder: Path
    salt: str
    used: set[str] = field(default_factory=set)
    hits: int = 0
    misses: int = 0
    #: writes that failed (the run goes on without them)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)

    def key(self, sha256: str, source_file: str) -> str:
        """The entry key of a page with content hash ``sha256`` read as ``source_file``."""
        material = json.dumps([CACHE_FORMAT, self.salt, source_file, sha256])
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{_SUFFIX}"

    def has(self, key: str) -> bool:
        """Whether an entry file is there (``get`` still checks it)."""
        return self._path(key).is_file()

    def get(self, key: str) -> PageEntry | None:
        """The entry for ``key``, or None: missing, not a regular file, too big, or not a
        whole valid entry (see :func:`loads`) are all a miss, and the entry is rewritten."""
        self.used.add(key)
        try:
            entry = loads(read_regular(self._path(key), MAX_ENTRY_BYTES, follow=False), key)
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str, entry: PageEntry) -> bool:
        """Store an entry atomically (temporary file, then rename), replacing whatever is in
        its place (a malformed entry, a folder, a FIFO, a link).

        The cache only saves time: a write that fails (disk full, permissions) or an entry
        above ``MAX_ENTRY_BYTES`` is not an error of the run. It is recorded in ``errors``
        and False is returned; the page is extracted again next time.
        """
        self.used.add(key)
        data = dumps(entry, key)
        if len(data) > MAX_ENTRY_BYTES:
            return False
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".entry.", suffix=".tmp")
            try:
                with open(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            self.errors.append(f"{target}: {exc.strerror or exc}")
            return False
        return True

    def prune(self) -> int:
        """Delete entries this run did not use, and leftover temporary files.

        Returns how many files were removed. Only call it after a complete run over the
        whole input, on a cache no other output folder shares.
        """
        removed = 0
        try:
            if not self.folder.is_dir():
                return 0
            # entries of the flat layout (before shards) at the top are stale too
            shards = [p for p in self.folder.iterdir() if _is_shard(p)]
            for folder in [self.folder, *shards]:
                for path in folder.iterdir():
                    removed += self._prune_one(path, flat=folder == self.folder)
            for shard in shards:
                if not any(shard.iterdir()):
                    shard.rmdir()
        except OSError as exc:
            self.errors.append(f"{self.folder}: {exc.strerror or exc}")
        return removed

    def _prune_one(self, path: Path, flat: bool) -> int:
        """Remove ``path`` if it is an entry this run did not use (or any entry of the
        flat layout, ``flat``) or a leftover temporary file; 1 if removed."""
        stale_entry = path.suffix == _SUFFIX and (flat or path.stem not in self.used)
        stale_tmp = path.name.startswith(".entry.") and path.suffix == ".tmp"
        if not (stale_entry or stale_tmp):
            return 0
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        return 1


def _is_shard(path: Path) -> bool:
    """A subfolder of entries: two lower-case hex digits."""
    return (len(path.name) == 2 and all(c in "0123456789abcdef" for c in path.name)
            and path.is_dir() and not path.is_symlink())
