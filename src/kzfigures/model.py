"""The records that flow through kzfigures: pages become articles, articles become figures.

All offsets are half-open ``[start, end)`` character offsets into the article field the figure
was read from (``Figure.section``: the body, or the title), so that
``article.body[f.char_start:f.char_end] == f.span`` (``article.title[...]`` for a title figure)
always holds: a citation can be checked by anyone holding the source page.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime


class Kind(str, enum.Enum):
    """What a figure measures. Core kinds first, then the extended ones."""

    MONEY = "money"
    PERCENT = "percent"
    MASS = "mass"
    RANK = "rank"
    COUNT = "count"
    QUANTITY = "quantity"


class Qualifier(str, enum.Enum):
    """How exact the stated figure is (see the qualifier words in data/context.toml)."""

    EXACT = "exact"
    APPROX = "approx"
    OVER = "over"
    UNDER = "under"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    RANGE = "range"


class Section(str, enum.Enum):
    """The field of an article a figure was read from: a headline figure ("... Hits $94.8
    Billion in 2024") is a figure of its article, cited in the title."""

    TITLE = "title"
    BODY = "body"


class Change(str, enum.Enum):
    """Direction of a figure that states a change ("rose by 5%")."""

    INCREASE = "increase"
    DECREASE = "decrease"


@dataclass(frozen=True)
class Article:
    """One news article read from a crawled page.

    ``line`` is the 1-based line of the page where the article starts (its header, or the
    first line of a single-article page); ``body_line`` is the line where ``body`` starts.
    ``body_lines`` says whether the body's own line breaks are lines of the file (plain
    text, HTML's extracted text) or not (a JSON Lines record is one line, whatever its
    text holds). ``url`` is the page's address when the input gives one. ``title_line`` is
    the line of the title when it is a line of the file, else None.
    """

    source_file: str
    position: int
    line: int
    body_line: int
    article_id: str
    published: datetime | None
    crawl_date: date | None
    header_number: int | None
    title: str | None
    body: str
    url: str | None = None
    body_lines: bool = True
    title_line: int | None = None

    def field(self, section: Section | str) -> str:
        """The text a figure of ``section`` is cited in."""
        return (self.title or "") if Section(section) is Section.TITLE else self.body


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article body (``start``/``end`` are offsets into the body), or the
    title, one sentence of its own."""

    start: int
    end: int
    paragraph: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A figure as a kind's rule finds it in one sentence, before context is attached.

    Offsets are into the sentence text. ``qualifier`` is set only when the rule itself
    decides it (a range, "top ten"); words around the span are read later by context.
    """

    kind: Kind
    start: int
    end: int
    value: float
    unit: str
    rule: str
    value_max: float | None = None
    qualifier: Qualifier | None = None
    number_text: str = ""
    unit_text: str = ""
    counted: str | None = None
    change: Change | None = None


@dataclass(frozen=True)
class Figure:
    """One row of the output table: a mention with its context and its citation."""

    article: Article
    sentence: Sentence
    kind: Kind
    value: float
    value_max: float | None
    unit: str
    qualifier: Qualifier
    change: Change | None
    period: str | None
    period_source: str | None
    metric: str | None
    counted: str | None
    char_start: int
    char_end: int
    span: str
    number_text: str
    unit_text: str
    rule: str
    #: the normalised indicator the metric is built on (data/indicators.toml)
    indicator: str | None = None
    #: whose figure it is: a country, region, city, company or field (data/places.toml)
    subject: str | None = None
    #: the other party of a flow (exports to, trade with, investment from)
    counterpart: str | None = None
    #: the field the offsets point into: the body, or the title
    section: Section = Section.BODY


@dataclass(frozen=True)
class Problem:
    """Something a page could not give us, reported with where it happened."""

    source_file: str
    line: int | None
    message: str
    skipped_file: bool = False

    def __str__(self) -> str:
        name = printable(self.source_file)
        where = name if self.line is None else f"{name}:{self.line}"
        return f"{where}: {printable(self.message)}"


def printable(text: str) -> str:
    """``text`` with control characters escaped, so a file name holding a newline cannot
    forge a line of its own in a report: "a\nb.txt" is shown as "a\\nb.txt"."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
                   for c in text)


@dataclass
class PageResult:
    """What reading one page gave: its articles and the problems met on the way."""

    source_file: str
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        return any(p.skipped_file for p in self.problems)
