"""Read crawled news pages into articles.

Two page layouts arrive from the crawler:

* listing pages: a crawl prefix, then articles that each start with a header line
  (``26.02.2026, 18:45 34191``), a title line and body paragraphs (one per line);
* single-article pages: an optional crawl prefix, then one article's text, perhaps led by
  a title line and some page furniture ("Tell a friend", "photo: ...").

Bad input never raises: whatever a page cannot give is reported as a ``Problem`` with the
file (and the line where that helps), so one broken file cannot stop a run over a corpus.
"""
from __future__ import annotations

import glob
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from datetime import date, datetime
from pathlib import Path

from kzfigures import sentences
from kzfigures.files import not_regular
from kzfigures.model import Article, PageResult, Problem

__all__ = ["FOLDER_SUFFIXES", "article_id", "capped_title", "find_inputs", "normalise_text", "read_bytes",
           "read_text"]

# ---------------------------------------------------------------------------------------
# Patterns. Each one is shown with a line it is meant to match.

# " date 2026-02-27 " at the very start of a file. The leading space is how the crawler
# writes it; we also accept it missing, and the prefix ending the line.
_CRAWL_PREFIX = re.compile(r"\A ?date (\d{4})-(\d{2})-(\d{2})(?: |(?=\n)|\Z)")

# "26.02.2026, 18:45 34191": day.month.year, hour:minute, then a counter. Day, month and
# hour may have one digit; values are checked later so that "31.02.2026, 25:61 12" is still
# recognised as a header (and reported) rather than read as body text.
_HEADER = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}), (\d{1,2}):(\d{2}) (\d+)[ \t]*")

# Page furniture: lines that belong to the web page, not to the article.
_FURNITURE_LINES = frozenset(
    {
        "tell a friend",
        "read also",
        "read more",
        "see also",
        "related news",
        "share",
        "print",
        "advertisement",
        "subscribe",
    }
)
# "photo: KTZ", "Photo credit: Akorda", "Video: Kazinform"
_FURNITURE_CAPTION = re.compile(r"(?i)(?:photo|photos|image|video)(?: credit| by)?\s*:")

# A title never ends like a sentence: "... per annum." / "... he said:" / "...”"
_SENTENCE_END = ('.', '!', '?', ':', '”', '"', '…')
_MAX_TITLE_LENGTH = 150

#: The most characters of a page that are read: far above any news page (the shared pages
#: have at most 22 000), low enough that one page cannot stall a run. The rest of a longer
#: page is reported with the line and column where it starts.
MAX_PAGE_CHARS = 2_000_000

# Characters that carry no text and are dropped by normalisation.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


# ---------------------------------------------------------------------------------------
# Normalisation


def normalise_text(text: str) -> str:
    """Make page text uniform before anything reads it.

    Pages come from many sites and editors, so the same words can arrive with a byte order
    mark, Windows line ends, or unusual spaces inside numbers ("17.1\u00a0million",
    "450\u202f000"). Figure rules and offsets must see one form of text, and the article
    body we cite must be a substring of this normalised text. So:

    * a leading UTF-8 BOM is stripped and zero-width characters (U+200B..U+200D, U+2060,
      U+FEFF inside text) are removed, since they are invisible and split numbers;
    * CRLF and lone CR become LF, and Unicode line/paragraph separators (U+0085, U+2028,
      U+2029) become LF too, so that "a line" means the same everywhere;
    * every Unicode space separator (category Zs: NBSP, narrow NBSP, thin space, figure
      space, ...) becomes a plain space, one for one, keeping offsets within a line.

    Curly quotes and apostrophes are kept as they are: they are part of what we cite.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return text
    return text.translate(_normal_chars())


@cache
def _normal_chars() -> dict[int, str | None]:
    """One ``str.translate`` table for all of it (linear, in C): zero-width characters
    dropped, line separators to LF, space separators (all in the BMP) to a space."""
    table: dict[int, str | None] = {c: " " for c in range(0x80, 0x10000)
                                    if unicodedata.category(chr(c)) == "Zs"}
    table.update({ord(c): "\n" for c in "\u0085\u2028\u2029"})
    table.update(_ZERO_WIDTH)
    return table


# ---------------------------------------------------------------------------------------
# Decoding bytes


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character column of a byte offset (the bytes before it decoded
    leniently, so a column counts characters as an editor shows them)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _decode(data: bytes, name: str) -> tuple[str | None, Problem | None]:
    """Decode page bytes as UTF-8, or say why the file is not a text page."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line, _ = _line_and_column(data, nul)
        return None, Problem(name, line, f"not a text file (NUL byte at line {line})", True)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line, column = _line_and_column(data, exc.start)
        byte = data[exc.start]
        message = f"not UTF-8 text (invalid byte 0x{byte:02X} at line {line}, column {column})"
        return None, Problem(name, line, message, True)


# ---------------------------------------------------------------------------------------
# Lines of a page


@dataclass(frozen=True)
class _Line:
    """One line of normalised text: ``start``/``end`` are offsets into it (end excludes
    the newline). Line 1 may start after the crawl prefix."""

    number: int
    start: int
    end: int
    text: str


def _split_lines(text: str, first_start: int = 0) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    for number, part in enumerate(text.split("\n"), start=1):
        end = start + len(part)
        cut = first_start if number == 1 else start
        lines.append(_Line(number, cut, end, text[cut:end]))
        start = end + 1
    return lines


def _is_furniture(line: str) -> bool:
    """Whether a line is page furniture (or has no letters at all), i.e. no article text."""
    stripped = line.strip()
    if not any(ch.isalpha() for ch in stripped):
        return True
    return stripped.lower() in _FURNITURE_LINES or bool(_FURNITURE_CAPTION.match(stripped))


def _content_lines(lines: list[_Line]) -> list[_Line]:
    """The non-blank lines that are not furniture, in order."""
    return [ln for ln in lines if ln.text.strip() and not _is_furniture(ln.text)]


def _looks_like_title(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) <= _MAX_TITLE_LENGTH and not stripped.endswith(_SENTENCE_END)


def capped_title(title: str | None, name: str, line: int | None, problems: list[Problem]) -> str | None:
    """The title, or its first ``MAX_SENTENCE_CHARS`` characters cut at a space: a title is
    read as one sentence, so it gets a sentence's cap (a whole page can sit in an HTML
    ``<title>`` or a JSON ``title``). What is cut off is reported with the title's line."""
    cap = sentences.MAX_SENTENCE_CHARS
    if title is None or len(title) <= cap:
        return title
    cut = title.rfind(" ", cap // 2, cap + 1)
    kept = title[: cut if cut > 0 else cap].rstrip()
    problems.append(Problem(name, line, f"a title of {len(title)} characters is longer than the {cap} "
                                        f"read: the rest, from character {len(kept) + 1}, was not read"))
    return kept


def article_id(header: str, title: str | None, body: str) -> str:
    """Content hash: the same page text gives the same id, whatever the file is called."""
    digest = hashlib.sha256(f"{header}\n{title or ''}\n{body}".encode("utf-8"))
    return digest.hexdigest()[:16]


_article_id = article_id


# ---------------------------------------------------------------------------------------
# Reading


def read_bytes(data: bytes, name: str) -> PageResult:
    """Read a text page from its bytes; ``name`` goes into ``source_file``."""
    if not data.strip():
        return PageResult(name, problems=[Problem(name, None, "empty file", True)])
    text, problem = _decode(data, name)
    if text is None:
        return PageResult(name, problems=[problem] if problem else [])
    return read_text(text, name)


def read_text(text: str, name: str) -> PageResult:
    """Read a page already decoded to ``str``; ``name`` goes into ``source_file``."""
    result = PageResult(name)
    text = normalise_text(text)
    if not text.strip():
        result.problems.append(Problem(name, None, "empty file", True))
        return result
    if len(text) > MAX_PAGE_CHARS:
        text = _capped(text, name, result)

    crawl_date, content_start = _read_prefix(text, name, result)
    lines = _split_lines(text, content_start)
    headers = [(ln, m) for ln in lines if (m := _HEADER.fullmatch(ln.text))]
    if headers:
        _read_listing(text, lines, headers, crawl_date, name, result)
    else:
        _read_single(text, lines, crawl_date, name, result)

    if not result.articles and not result.skipped:
        result.problems.append(Problem(name, None, "no recognisable article", True))
    return result


def _capped(text: str, name: str, result: PageResult) -> str:
    """The first ``MAX_PAGE_CHARS`` of a page, cut at a line end (or a space, on a page
    with longer lines); where the unread rest starts is reported."""
    cut = text.rfind("\n", MAX_PAGE_CHARS // 2, MAX_PAGE_CHARS) + 1
    if cut <= 0:
        cut = text.rfind(" ", MAX_PAGE_CHARS // 2, MAX_PAGE_CHARS) + 1 or MAX_PAGE_CHARS
    line = text.count("\n", 0, cut) + 1
    column = cut - (text.rfind("\n", 0, cut) + 1) + 1
    result.problems.append(Problem(
        name, line, f"page of {len(text)} characters is longer than the {MAX_PAGE_CHARS} "
                    f"read: the rest, from line {line}, column {column}, was not read"))
    return text[:cut]


def _read_prefix(text: str, name: str, result: PageResult) -> tuple[date | None, int]:
    """The crawl date and where the page text after the prefix begins."""
    match = _CRAWL_PREFIX.match(text)
    if match is None:
        return None, 0
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day), match.end()
    except ValueError as exc:
        stamp = f"{match.group(1)}-{match.group(2)}-{match.group(3)}"
        result.problems.append(Problem(name, 1, f"invalid crawl date {stamp!r} ({exc})"))
        return None, match.end()


def _midnight(day: date | None) -> datetime | None:
    return None if day is None else datetime(day.year, day.month, day.day)


def _body(text: str, first: _Line, stop: int) -> str:
    """Text from the start of ``first`` to ``stop``, trailing whitespace removed."""
    return text[first.start:stop].rstrip()


def _read_listing(
    text: str,
    lines: list[_Line],
    headers: list[tuple[_Line, re.Match[str]]],
    crawl_date: date | None,
    name: str,
    result: PageResult,
) -> None:
    """Articles of a listing page: header line, title line, body lines until next header."""
    first_header = headers[0][0]
    before = [ln for ln in lines[: first_header.number - 1] if ln.text.strip()]
    if before:
        result.problems.append(
            Problem(name, before[0].number, "text before the first article header ignored")
        )

    for index, (header, match) in enumerate(headers):
        last = headers[index + 1][0].number - 1 if index + 1 < len(headers) else len(lines)
        stop = headers[index + 1][0].start if index + 1 < len(headers) else len(text)
        content = _content_lines(lines[header.number:last])
        if len(content) < 2:
            what = "no title or body" if not content else "a title but no body"
            result.problems.append(
                Problem(name, header.number, f"article header with {what} dropped")
            )
            continue
        title_line, body_start = content[0], content[1]
        body = _body(text, body_start, stop)
        published = _header_datetime(match, name, header.number, result)
        header_text = match.group(0).strip()
        title = capped_title(title_line.text.strip(), name, title_line.number, result.problems)
        result.articles.append(
            Article(
                source_file=name,
                position=len(result.articles),
                line=header.number,
                body_line=body_start.number,
                article_id=_article_id(header_text, title, body),
                published=published if published is not None else _midnight(crawl_date),
                crawl_date=crawl_date,
                header_number=int(match.group(6)),
                title=title,
                body=body,
                title_line=title_line.number,
            )
        )


def _header_datetime(
    match: re.Match[str], name: str, line: int, result: PageResult
) -> datetime | None:
    """The header's date and time, or None with a (non-skipping) problem if invalid."""
    day, month, year, hour, minute = (int(g) for g in match.groups()[:5])
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError as exc:
        stamp = match.group(0)[: match.start(6) - match.start()].strip()
        result.problems.append(
            Problem(name, line, f"invalid article header date {stamp!r} ({exc})")
        )
        return None


def _read_single(
    text: str, lines: list[_Line], crawl_date: date | None, name: str, result: PageResult
) -> None:
    """The one article of a single-article page, with a title when the first line of
    text looks like one (short, not ending like a sentence, more text after it)."""
    content = _content_lines(lines)
    if not content:
        return
    if len(content) >= 2 and _looks_like_title(content[0].text):
        title: str | None = content[0].text.strip()
        body_start = content[1]
    else:
        title, body_start = None, content[0]
    body = _body(text, body_start, len(text))
    result.articles.append(
        Article(
            source_file=name,
            position=0,
            line=content[0].number,
            body_line=body_start.number,
            article_id=_article_id("", title, body),
            published=_midnight(crawl_date),
            crawl_date=crawl_date,
            header_number=None,
            title=title,
            body=body,
            title_line=content[0].number if title is not None else None,
        )
    )


# ---------------------------------------------------------------------------------------
# Finding input files

_GLOB_CHARS = re.compile(r"[*?\[]")  # "corpus/*.txt", "page-?.txt", "kz-[0-9]*.txt"

#: the files a folder gives: text pages, saved HTML pages, JSON Lines feeds and WARC
#: archives (``kzfigures.readers`` reads each). Anything else in a folder (images, PDFs,
#: a crawler's logs) is left alone; named on the command line, it is read or refused.
FOLDER_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".ndjson", ".warc", ".warc.gz")


def _page_suffix(path: Path) -> bool:
    return path.name.lower().endswith(FOLDER_SUFFIXES)


def _odd(path: Path, problems: list[Problem]) -> bool:
    """Whether ``path`` is a page name that is not a readable file (a FIFO, a socket, a
    symlink loop, a broken link), reporting it: it is skipped, never silently."""
    if not os.path.lexists(path) or path.is_file() or path.is_dir() and not path.is_symlink():
        return False
    why = not_regular(path)
    if why is None or why == "a directory":
        return False
    problems.append(Problem(path.as_posix(), None, f"not a page file: {why}; skipped", True))
    return True


def find_inputs(specs: list[str]) -> tuple[list[Path], list[Problem]]:
    """Expand files, folders (every file with one of ``FOLDER_SUFFIXES`` inside,
    recursively) and glob patterns.

    The result is de-duplicated (by resolved path, keeping the first spelling met) and
    sorted by posix path string, so runs are reproducible. A spec matching nothing is a
    skipping problem naming it, and so is a page name that is not a regular file (a FIFO,
    a symlink loop or a broken link, named or met in a folder).
    """
    found: dict[Path, Path] = {}
    problems: list[Problem] = []
    for spec in specs:
        path = Path(spec)
        if path.is_file():
            matches = [path]
        elif path.is_dir():
            named = [p for p in path.rglob("*") if _page_suffix(p)]
            matches = sorted(p for p in named if p.is_file())
            odd = [p for p in sorted(named) if _odd(p, problems)]
            if not matches and not odd:
                kinds = ", ".join(FOLDER_SUFFIXES)
                problems.append(Problem(spec, None, f"folder has no page file ({kinds})", True))
        elif _GLOB_CHARS.search(spec):
            named = sorted(Path(p) for p in glob.glob(spec, recursive=True))
            matches = [p for p in named if p.is_file()]
            odd = [p for p in named if _odd(p, problems)]
            if not matches and not odd:
                problems.append(Problem(spec, None, "pattern matched no file", True))
        else:
            matches = []
            if not _odd(path, problems):
                problems.append(Problem(spec, None, "no such file or folder", True))
        for match in matches:
            found.setdefault(match.resolve(), match)
    return sorted(found.values(), key=lambda p: p.as_posix()), problems
