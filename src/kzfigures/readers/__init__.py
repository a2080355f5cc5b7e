"""Crawled files -> articles, one reader per format.

Crawls arrive as plain text pages, saved HTML pages, JSON Lines feeds and WARC archives.
Each format has a module here with one interface, ``read(data: bytes, name: str) ->
PageResult``: the file's bytes in, its articles (url, title, published, body) and problems
out, never an exception for bad content. ``read_file`` picks the reader:

1. by content first, where the bytes say what they are beyond doubt: a WARC record
   (``WARC/1.1``, or gzip holding one), an HTML document (``<!DOCTYPE html``, ``<html``),
   or a format no reader takes (PDF, ZIP-based office files, images, archives), which is
   refused by name;
2. then by extension: ``.html``/``.htm``, ``.jsonl``/``.ndjson``, ``.warc``/``.warc.gz``;
3. then, for any other name, by a look at the text: a first line that is a JSON object
   makes a JSON Lines file; everything else is a text page in today's layouts.

The HTML and WARC readers need the optional extra ``kzfigures[html]`` (trafilatura,
warcio); without it such a file is refused with a message saying what to install, and
text and JSON Lines still read.
"""
from __future__ import annotations

import importlib
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kzfigures.files import MAX_FILE_BYTES, NotReadable, read_regular
from kzfigures.model import PageResult, Problem

__all__ = ["FORMATS", "Refused", "detect", "read_bytes", "read_file"]

#: the formats a reader exists for
FORMATS = ("text", "html", "jsonl", "warc")


@dataclass(frozen=True)
class Refused:
    """A file in a format no reader takes; ``what`` names it ("PDF document")."""

    what: str


# Signatures of formats that are not pages, each with the bytes it starts with.
_REFUSED: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (DOCX, XLSX, ODT, EPUB, ...)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document (DOC, XLS)"),
    (b"{\\rtf", "RTF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "executable"),
)
_GZIP = b"\x1f\x8b"
_WARC = b"WARC/"
_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml")  # lower-cased, after BOM/space
_BY_SUFFIX = (
    (".warc.gz", "warc"), (".warc", "warc"), (".html", "html"), (".htm", "html"),
    (".xhtml", "html"), (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".txt", "text"),
)
_EXTRA = "pip install 'kzfigures[html]'"


def _gunzipped_start(data: bytes, size: int = 16) -> bytes:
    """The first bytes of a gzip stream's content (b"" when it cannot be read)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096], size)
    except zlib.error:
        return b""


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<?xml"):
        return b"<html" in head[:2048].lower()
    return start.startswith(_HTML_STARTS)


def _first_line_is_json_object(data: bytes) -> bool:
    for line in data.split(b"\n", 20)[:20]:
        if line.strip():
            try:
                return isinstance(json.loads(line), dict)
            except ValueError:
                return False
    return False


def detect(name: str, data: bytes) -> str | Refused:
    """The reader for a file called ``name`` holding ``data`` (see the module docstring)."""
    if data.startswith(_WARC):
        return "warc"
    if data.startswith(_GZIP):
        inner = _gunzipped_start(data)
        return "warc" if inner.startswith(_WARC) else Refused("gzip archive (not a WARC file)")
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return Refused("WebP image")
    for signature, what in _REFUSED:
        if data.startswith(signature):
            return Refused(what)
    if _looks_like_html(data[:1024]):
        return "html"
    lower = name.lower()
    for suffix, reader in _BY_SUFFIX:
        if lower.endswith(suffix):
            return reader
    return "jsonl" if _first_line_is_json_object(data) else "text"


def _reader(fmt: str) -> Callable[[bytes, str], PageResult]:
    """The ``read`` function of a format's module (imported on first use: the HTML and
    WARC readers pull in their libraries)."""
    if fmt not in FORMATS:
        raise ValueError(f"no reader for {fmt!r}")
    return importlib.import_module(f"kzfigures.readers.{fmt}").read


def read_bytes(data: bytes, name: str) -> PageResult:
    """Articles of a file's bytes; ``name`` goes into ``source_file``. Never raises for
    bad content: a refused format or a missing optional library is a skipping problem."""
    if not data.strip():
        return PageResult(name, problems=[Problem(name, None, "empty file", True)])
    fmt = detect(name, data)
    if isinstance(fmt, Refused):
        message = f"cannot read this format: {fmt.what}"
        return PageResult(name, problems=[Problem(name, None, message, True)])
    try:
        read = _reader(fmt)
    except ImportError as exc:
        message = f"reading {fmt.upper()} needs {exc.name or 'an optional library'}: {_EXTRA}"
        return PageResult(name, problems=[Problem(name, None, message, True)])
    return read(data, name)


def read_file(path: Path, name: str | None = None) -> PageResult:
    """Read one file of any supported format. ``name`` goes into ``source_file``
    (default: the posix path). Never raises for bad content or an unreadable path."""
    name = path.as_posix() if name is None else name
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except (OSError, NotReadable) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return PageResult(name, problems=[Problem(name, None, f"cannot read file: {reason}", True)])
    return read_bytes(data, name)
