"""The per-page cache that makes reruns incremental.

One JSON file per page under the cache folder (``<output>/.cache/`` by default). An entry
is found by a key made of the page's sha256, its ``source_file`` name (rows carry it), the
rule-set version, the table schema version and this file format's version: change one byte
of a page and only that page is extracted again; bump ``RULES_VERSION`` or
``SCHEMA_VERSION`` and every page is.

An entry holds what extracting the page gave: its rows (the ``figure_rows`` dicts), its
problems, its article count and whether it was skipped. Values round-trip exactly: floats
are written in shortest round-trip form, datetimes and dates as tagged ISO strings (with
their zone, if any), so rows read from the cache are equal to freshly extracted rows and
the written table is byte-identical.

Entries are written to a temporary file and renamed into place, so a killed run leaves
whole entries (which the next run reuses) or none. An entry that cannot be read for any
reason counts as a miss: the page is extracted again and the entry rewritten.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kzfigures.model import Problem

#: bump when the layout of an entry changes
CACHE_FORMAT = "1"

_SUFFIX = ".json"


@dataclass
class PageEntry:
    """What extracting one page gave."""

    rows: list[dict[str, Any]]
    problems: list[Problem]
    articles: int
    skipped: bool
    #: extraction raised (a time-out, a bug): never stored, so the next run tries again
    failed: bool = False


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


def dumps(entry: PageEntry, key: str) -> bytes:
    """An entry as compact UTF-8 JSON."""
    doc = {
        "format": CACHE_FORMAT,
        "key": key,
        "articles": entry.articles,
        "skipped": entry.skipped,
        "problems": [[p.source_file, p.line, p.message, p.skipped_file] for p in entry.problems],
        "rows": entry.rows,
    }
    text = json.dumps(doc, default=_encode, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=True)
    return text.encode("utf-8")


def loads(data: bytes, key: str) -> PageEntry:
    """Read an entry back; ValueError if it is not the entry for ``key``."""
    doc = json.loads(data.decode("utf-8"), object_hook=_decode)
    if doc.get("format") != CACHE_FORMAT or doc.get("key") != key:
        raise ValueError("cache entry is for another key or format")
    return PageEntry(
        rows=list(doc["rows"]),
        problems=[Problem(f, line, message, bool(skipped))
                  for f, line, message, skipped in doc["problems"]],
        articles=int(doc["articles"]),
        skipped=bool(doc["skipped"]),
    )


@dataclass
class PageCache:
    """A folder of page entries; ``salt`` is the versions every key depends on."""

    folder: Path
    salt: str
    used: set[str] = field(default_factory=set)
    hits: int = 0
    misses: int = 0

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)

    def key(self, sha256: str, source_file: str) -> str:
        """The entry key of a page with content hash ``sha256`` read as ``source_file``."""
        material = json.dumps([CACHE_FORMAT, self.salt, source_file, sha256])
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{_SUFFIX}"

    def get(self, key: str) -> PageEntry | None:
        """The entry for ``key``, or None (missing or unreadable: a miss)."""
        self.used.add(key)
        try:
            entry = loads(self._path(key).read_bytes(), key)
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str, entry: PageEntry) -> None:
        """Store an entry atomically (temporary file, then rename)."""
        self.used.add(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".entry.", suffix=".tmp")
        try:
            with open(fd, "wb") as f:
                f.write(dumps(entry, key))
            os.replace(tmp, self._path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def prune(self) -> int:
        """Delete entries this run did not use, and leftover temporary files.

        Returns how many files were removed. Only call it after a complete run over the
        whole input, on a cache no other output folder shares.
        """
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.iterdir():
            stale_entry = path.suffix == _SUFFIX and path.stem not in self.used
            stale_tmp = path.name.startswith(".entry.") and path.suffix == ".tmp"
            if path.is_file() and (stale_entry or stale_tmp):
                path.unlink(missing_ok=True)
                removed += 1
        return removed
