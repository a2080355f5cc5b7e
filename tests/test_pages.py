"""Tests of the page reader: layouts, normalisation, bad input and input discovery."""
from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from kzfigures.pages import find_inputs, normalise_text, read_text
from kzfigures.readers import read_file

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "kzfigures" / "examples"

# A listing header as the test sees it, written independently of the module's pattern:
# optional crawl prefix on the same line, then "DD.MM.YYYY, HH:MM N" alone on its line.
HEADER_LINE = re.compile(
    r"^(?: ?date \d{4}-\d\d-\d\d )?(\d\d)\.(\d\d)\.(\d{4}), (\d\d):(\d\d) (\d+)$", re.M
)
SENTENCE_END = (".", "!", "?", ":", "”", '"')


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


# ---------------------------------------------------------------------------------------
# The real listing page


@pytest.fixture(scope="module")
def listing(shared_corpus: Path) -> tuple[str, list[re.Match[str]], Path]:
    path = shared_corpus / "kz-news-2026-02-27.txt"
    text = normalise_text(path.read_text(encoding="utf-8"))
    return text, list(HEADER_LINE.finditer(text)), path


def test_listing_has_one_article_per_header(listing) -> None:
    text, headers, path = listing
    result = read_file(path)
    assert not result.problems
    assert len(headers) > 1
    assert len(result.articles) == len(headers)
    assert [a.position for a in result.articles] == list(range(len(headers)))


def test_listing_articles_follow_their_headers(listing) -> None:
    text, headers, path = listing
    lines = text.split("\n")
    result = read_file(path)
    assert result.articles[0].crawl_date == date(2026, 2, 27)
    for article, header in zip(result.articles, headers):
        header_line = text.count("\n", 0, header.start()) + 1
        day, month, year, hour, minute, number = (int(g) for g in header.groups())
        assert article.line == header_line
        assert article.title == lines[header_line].strip()  # the line after the header
        assert article.published == datetime(year, month, day, hour, minute)
        assert article.header_number == number
        assert article.body_line == header_line + 2
        assert article.body in text
        assert article.body.startswith(lines[header_line + 1])
        assert article.body == article.body.rstrip()
        assert not HEADER_LINE.search(article.body)
        assert article.source_file == path.as_posix()


def test_listing_ids_unique_and_stable(listing) -> None:
    _, _, path = listing
    first = [a.article_id for a in read_file(path).articles]
    again = [a.article_id for a in read_file(path, name="elsewhere/renamed.txt").articles]
    assert len(set(first)) == len(first)
    assert first == again
    assert all(re.fullmatch(r"[0-9a-f]{16}", i) for i in first)


# ---------------------------------------------------------------------------------------
# The real single-article pages


def test_every_dev_page_is_one_article(shared_corpus: Path) -> None:
    pages = sorted((shared_corpus / "dev").glob("*.txt"))
    assert pages, "no dev pages found"
    failures = []
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        text = normalise_text(raw)
        result = read_file(path)
        has_prefix = raw.startswith(" date ")
        checks = {
            "no skipping problem": not result.skipped,
            "exactly one article": len(result.articles) == 1,
        }
        if len(result.articles) == 1:
            article = result.articles[0]
            checks |= {
                "crawl date iff prefix": (article.crawl_date is not None) == has_prefix,
                "body in text": article.body in text,
                "body starts on body_line": text.split("\n")[article.body_line - 1].endswith(
                    article.body.split("\n")[0]
                ),
                "title not a sentence": article.title is None
                or not article.title.endswith(SENTENCE_END),
                "no header number": article.header_number is None,
            }
        failures += [f"{path.name}: {name}" for name, ok in checks.items() if not ok]
    assert not failures, failures


# Layout of particular dev pages, checked by eye: (file, title line or None, body line).
DEV_LAYOUTS = [
    ("kursiv-opec-quota-2021.txt", 1, 3),  # no prefix, title on line 1
    ("timesca-rail-cargo-2024.txt", 1, 5),  # "photo:" caption on line 3 is skipped
    ("trend-metals-production-2021.txt", 3, 5),  # "..." on line 1 is furniture
    ("kt-kmg-oil-production-2024.txt", None, 3),  # "Tell a friend" after the prefix
    ("astanatimes-base-rate-2022.txt", None, 1),  # body shares the prefix's line
    ("qazinform-grain-harvest.txt", None, 1),  # no prefix, long first line
]


@pytest.mark.parametrize(("file_name", "title_line", "body_line"), DEV_LAYOUTS)
def test_dev_page_layout(
    shared_corpus: Path, file_name: str, title_line: int | None, body_line: int
) -> None:
    path = shared_corpus / "dev" / file_name
    lines = normalise_text(path.read_text(encoding="utf-8")).split("\n")
    (article,) = read_file(path).articles
    assert article.body_line == body_line
    if title_line is None:
        assert article.title is None
        assert article.line == body_line
    else:
        assert article.title == lines[title_line - 1].strip()
        assert article.line == title_line
    assert lines[body_line - 1].endswith(article.body.split("\n")[0])


# ---------------------------------------------------------------------------------------
# Hand-made pages


LISTING = (
    " date 2025-03-02 01.03.2025, 09:15 7\n"
    "Wheat exports rise\n"
    "Exports rose by 5.1% in 2024.\n"
    "\n"
    "Shipments to China reached 450,000 tons.\n"
    "\n\n"
    "02.03.2025, 18:00 8\n"
    "Budget revenue\n"
    "Revenue was 19.2 trillion tenge.\n"
)


def test_hand_made_listing() -> None:
    result = read_text(LISTING, "mem/listing.txt")
    assert result.problems == []
    first, second = result.articles
    assert (first.position, first.line, first.body_line) == (0, 1, 3)
    assert (second.position, second.line, second.body_line) == (1, 8, 10)
    assert first.title == "Wheat exports rise"
    # paragraphs stay lines, inner blank lines kept, trailing blank lines dropped
    assert first.body == (
        "Exports rose by 5.1% in 2024.\n\nShipments to China reached 450,000 tons."
    )
    assert second.body == "Revenue was 19.2 trillion tenge."
    assert first.published == datetime(2025, 3, 1, 9, 15)
    assert second.published == datetime(2025, 3, 2, 18, 0)
    assert (first.header_number, second.header_number) == (7, 8)
    assert first.crawl_date == second.crawl_date == date(2025, 3, 2)
    assert {a.source_file for a in result.articles} == {"mem/listing.txt"}


def test_listing_without_prefix_has_no_crawl_date() -> None:
    text = LISTING.replace(" date 2025-03-02 ", "")
    result = read_text(text, "x.txt")
    assert [a.crawl_date for a in result.articles] == [None, None]
    assert result.articles[0].published == datetime(2025, 3, 1, 9, 15)


SINGLE_PAGES = [
    # (page text, title, body start, line, body_line, crawl date)
    ("Short title\nBody sentence one.\nTwo.\n", "Short title", "Body sentence", 1, 2, None),
    ("A sentence ending in a period.\nSecond line.\n", None, "A sentence", 1, 1, None),
    ("Lonely heading\n", None, "Lonely heading", 1, 1, None),
    ("x" * 151 + "\nBody.\n", None, "xxx", 1, 1, None),
    ("x" * 150 + "\nBody.\n", "x" * 150, "Body.", 1, 2, None),
    ("He said:\nBody.\n", None, "He said:", 1, 1, None),
    ("“Quoted headline”\nBody.\n", None, "“Quoted", 1, 1, None),
    ("Is it a question?\nBody.\n", None, "Is it", 1, 1, None),
    (
        " date 2025-01-01 Tell a friend\n\nTitle here\n\nBody text.\n",
        "Title here", "Body text.", 3, 5, date(2025, 1, 1),
    ),
    ("...\nphoto: Akorda\nTitle\nRead also\nBody.\n", "Title", "Body.", 3, 5, None),
    (
        " date 2022-12-05 ASTANA – Body on the prefix line.\n\nMore text.\n",
        None, "ASTANA –", 1, 1, date(2022, 12, 5),
    ),
    (" date 2022-12-05\nHeadline\nBody.\n", "Headline", "Body.", 2, 3, date(2022, 12, 5)),
    # a title followed only by furniture is not a title
    ("Kazakhstan grows\nRead also\n", None, "Kazakhstan grows", 1, 1, None),
]


@pytest.mark.parametrize(
    ("page", "title", "body_start", "line", "body_line", "crawl"), SINGLE_PAGES
)
def test_single_page_title_heuristic(
    page: str, title: str | None, body_start: str, line: int, body_line: int, crawl: date | None
) -> None:
    result = read_text(page, "single.txt")
    assert not result.problems
    (article,) = result.articles
    assert article.title == title
    assert article.body.startswith(body_start)
    assert article.body in page
    assert (article.line, article.body_line) == (line, body_line)
    assert article.crawl_date == crawl
    expected_published = None if crawl is None else datetime(crawl.year, crawl.month, crawl.day)
    assert article.published == expected_published
    assert article.header_number is None
    assert article.position == 0


def test_article_id_depends_on_content_not_name() -> None:
    page = "Title\nGDP grew by 6.3%.\n"
    a = read_text(page, "a.txt").articles[0]
    b = read_text(page, "b/c.txt").articles[0]
    c = read_text("Title\nGDP grew by 6.4%.\n", "a.txt").articles[0]
    assert a.article_id == b.article_id
    assert a.article_id != c.article_id


def test_same_title_and_body_under_different_headers_get_different_ids() -> None:
    page = " date 2025-01-01 01.01.2025, 10:00 1\nT\nBody.\n01.01.2025, 11:00 2\nT\nBody.\n"
    first, second = read_text(page, "p.txt").articles
    assert first.body == second.body and first.title == second.title
    assert first.article_id != second.article_id


# ---------------------------------------------------------------------------------------
# Normalisation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\ufeffHello", "Hello"),
        ("a\r\nb\rc\n", "a\nb\nc\n"),
        ("17.1\u00a0million", "17.1 million"),
        ("450\u202f000 tons", "450 000 tons"),
        ("5\u2009%", "5 %"),
        ("1\u2007234", "1 234"),
        ("ideo\u3000graphic", "ideo graphic"),
        ("12\u200b.5", "12.5"),
        ("in\ufefftext", "intext"),
        ("Kazakhstan’s “plan”", "Kazakhstan’s “plan”"),
        ("line\u2028break", "line\nbreak"),
        ("tab\tstays", "tab\tstays"),
    ],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_normalised_offsets_are_consistent(tmp_path: Path) -> None:
    clean = "Grain harvest\nKazakhstan’s “record” crop: 17.1 million tonnes.\nUp 5%.\n"
    messy = ("\ufeff" + clean.replace(" million", "\u00a0million").replace("Up ", "Up\u202f"))
    path = write(tmp_path, "messy.txt", messy.replace("\n", "\r\n"))
    (article,) = read_file(path).articles
    (reference,) = read_text(clean, "clean.txt").articles
    assert article.body == reference.body
    assert article.article_id == reference.article_id
    assert "\r" not in article.body and "\u00a0" not in article.body
    span = "17.1 million tonnes"
    start = article.body.index(span)
    assert article.body[start:start + len(span)] == span
    assert "Kazakhstan’s “record”" in article.body
    assert article.body in normalise_text(path.read_bytes().decode("utf-8"))


# ---------------------------------------------------------------------------------------
# Bad input


BAD_FILES = [
    # (file name, content, words the message must contain, line)
    ("empty.txt", b"", "empty file", None),
    ("blank.txt", b"  \n\t\r\n\n", "empty file", None),
    ("bom-only.txt", "\ufeff\u00a0\n".encode("utf-8"), "empty file", None),
    ("binary.txt", b"Title\nbody\n\x89PNG\x00\x01", "not a text file (NUL byte at line 3)", 3),
    (
        "latin1.txt",
        "Prices\nrose by 5%\nin the café sector.\n".encode("latin-1"),
        "not UTF-8 text (invalid byte 0xE9 at line 3, column 11)",
        3,
    ),
    (
        "mixed.txt",  # column counts characters: the curly quote is one, not three bytes
        "Title\n“Caf".encode("utf-8") + b"\xe9\xe2\x80\x9d\n",
        "not UTF-8 text (invalid byte 0xE9 at line 2, column 5)",
        2,
    ),
    ("prefix-only.txt", b" date 2026-02-27 \n", "no recognisable article", None),
    ("prefix-no-newline.txt", b" date 2026-02-27", "no recognisable article", None),
    (
        "furniture.txt",
        b" date 2026-02-27 Tell a friend\n\n...\nphoto: Akorda\nRead also\n",
        "no recognisable article",
        None,
    ),
    ("no-letters.txt", b"12 345\n---\n2025\n", "no recognisable article", None),
]


@pytest.mark.parametrize(("file_name", "content", "words", "line"), BAD_FILES)
def test_bad_file_is_skipped_with_a_problem(
    tmp_path: Path, file_name: str, content: bytes, words: str, line: int | None
) -> None:
    path = write(tmp_path, file_name, content)
    result = read_file(path)
    assert result.articles == []
    assert result.skipped
    skipping = [p for p in result.problems if p.skipped_file]
    assert len(skipping) == 1
    problem = skipping[0]
    assert words in problem.message
    assert problem.line == line
    assert path.as_posix() in str(problem)


def test_read_text_of_empty_string() -> None:
    result = read_text("", "nothing.txt")
    assert result.skipped and result.problems[0].message == "empty file"


def test_directory_passed_to_read_page(tmp_path: Path) -> None:
    result = read_file(tmp_path)
    assert result.skipped and result.articles == []
    assert "cannot read file" in result.problems[0].message
    assert "directory" in result.problems[0].message.lower()
    assert tmp_path.as_posix() in str(result.problems[0])


def test_missing_file_passed_to_read_page(tmp_path: Path) -> None:
    result = read_file(tmp_path / "gone.txt", name="corpus/gone.txt")
    assert result.skipped
    assert "No such file" in result.problems[0].message
    assert str(result.problems[0]).startswith("corpus/gone.txt: ")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.txt", "Title\nBody.\n")
    path.chmod(0)
    try:
        result = read_file(path)
    finally:
        path.chmod(0o644)
    assert result.skipped
    assert "Permission denied" in result.problems[0].message


def test_invalid_header_date_keeps_article(tmp_path: Path) -> None:
    page = (
        " date 2026-02-27 \n"
        "\n"
        "31.02.2026, 25:61 12\n"
        "Odd header\n"
        "Exports grew by 3.2 percent.\n"
        "26.02.2026, 18:45 13\n"
        "Good header\n"
        "Imports fell.\n"
    )
    path = write(tmp_path, "bad-header.txt", page)
    result = read_file(path)
    assert not result.skipped
    odd, good = result.articles
    assert odd.title == "Odd header" and odd.line == 3
    assert odd.published == datetime(2026, 2, 27)  # falls back to the crawl date
    assert odd.header_number == 12
    assert good.published == datetime(2026, 2, 26, 18, 45)
    (problem,) = result.problems
    assert problem.line == 3 and not problem.skipped_file
    assert "invalid article header date" in problem.message
    assert "31.02.2026, 25:61" in problem.message
    assert str(problem).startswith(f"{path.as_posix()}:3: ")


def test_invalid_header_date_without_crawl_date() -> None:
    result = read_text("29.02.2025, 10:00 1\nT\nBody.\n", "p.txt")
    (article,) = result.articles
    assert article.published is None
    assert result.problems[0].line == 1


@pytest.mark.parametrize(
    ("middle", "words"),
    [
        ("", "no title or body"),
        ("\n\n", "no title or body"),
        ("Only a title\n", "a title but no body"),
        ("Only a title\nRead also\n", "a title but no body"),
    ],
)
def test_header_without_body_is_dropped(middle: str, words: str) -> None:
    page = (
        " date 2026-02-27 26.02.2026, 10:00 1\nFirst\nBody one.\n"
        "26.02.2026, 11:00 2\n" + middle + "26.02.2026, 12:00 3\nThird\nBody three.\n"
    )
    result = read_text(page, "p.txt")
    assert [a.header_number for a in result.articles] == [1, 3]
    assert [a.position for a in result.articles] == [0, 1]
    (problem,) = result.problems
    assert problem.line == 4 and words in problem.message and not problem.skipped_file


def test_listing_with_only_an_empty_header_is_skipped() -> None:
    result = read_text(" date 2026-02-27 26.02.2026, 10:00 1\n", "p.txt")
    assert result.skipped and result.articles == []
    assert [p.line for p in result.problems] == [1, None]
    assert "no recognisable article" in result.problems[-1].message


def test_text_before_first_header_is_reported() -> None:
    page = " date 2026-02-27 \n\nStray words\nmore\n26.02.2026, 10:00 1\nTitle\nBody.\n"
    result = read_text(page, "p.txt")
    (article,) = result.articles
    assert article.line == 5 and article.title == "Title"
    (problem,) = result.problems
    assert problem.line == 3 and not problem.skipped_file
    assert "text before the first article header ignored" in problem.message
    assert "Stray" not in article.body


def test_invalid_crawl_date_is_reported_not_skipped() -> None:
    result = read_text(" date 2026-02-30 Title\nBody.\n", "p.txt")
    (article,) = result.articles
    assert article.crawl_date is None and article.published is None
    assert article.title == "Title"
    assert result.problems[0].line == 1 and "invalid crawl date" in result.problems[0].message


# ---------------------------------------------------------------------------------------
# Finding inputs


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ["b/z.txt", "a.txt", "c/d/e.txt", "c/notes.md", "b/y.txt", "empty/.keep"]:
        write(tmp_path, name, "Title\nBody.\n")
    return tmp_path


def test_folder_recursion_sorted(tree: Path) -> None:
    paths, problems = find_inputs([tree.as_posix()])
    assert problems == []
    names = [p.relative_to(tree).as_posix() for p in paths]
    assert names == ["a.txt", "b/y.txt", "b/z.txt", "c/d/e.txt"]


def test_glob_and_duplicates(tree: Path) -> None:
    specs = [
        (tree / "b" / "*.txt").as_posix(),
        (tree / "b" / "z.txt").as_posix(),
        (tree / "b").as_posix(),
        (tree / "c" / "notes.md").as_posix(),  # a file named explicitly is taken as is
        (tree / "?.txt").as_posix(),
    ]
    paths, problems = find_inputs(specs)
    assert problems == []
    names = [p.relative_to(tree).as_posix() for p in paths]
    assert names == ["a.txt", "b/y.txt", "b/z.txt", "c/notes.md"]
    assert [p.as_posix() for p in paths] == sorted(p.as_posix() for p in paths)


def test_same_file_spelled_differently_is_kept_once(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree)
    paths, problems = find_inputs(["a.txt", "b/../a.txt", (tree / "a.txt").as_posix(), "*.txt"])
    assert problems == []
    assert paths == [Path("a.txt")]  # the first spelling met


def test_recursive_glob(tree: Path) -> None:
    paths, _ = find_inputs([(tree / "**" / "e.txt").as_posix()])
    assert [p.relative_to(tree).as_posix() for p in paths] == ["c/d/e.txt"]


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("missing/page.txt", "no such file or folder"),
        ("missing/*.txt", "pattern matched no file"),
        ("b/[q].txt", "pattern matched no file"),
        ("empty", "folder has no page file (.txt, .html, .htm, .jsonl, .ndjson, .warc, .warc.gz)"),
    ],
)
def test_spec_matching_nothing(tree: Path, spec: str, words: str) -> None:
    full = (tree / spec).as_posix()
    paths, problems = find_inputs([full, (tree / "a.txt").as_posix()])
    assert [p.name for p in paths] == ["a.txt"]
    (problem,) = problems
    assert problem.source_file == full and problem.skipped_file
    assert words in problem.message
    assert full in str(problem)


# ---------------------------------------------------------------------------------------
# Example pages shipped in the package


def test_example_pages() -> None:
    paths, problems = find_inputs([EXAMPLES.as_posix()])
    assert problems == []
    results = {p.name: read_file(p) for p in paths}
    assert set(results) == {
        "example-listing.txt",
        "example-single-oil.txt",
        "example-single-trade.txt",
    }
    assert all(not r.problems for r in results.values())

    listing = results["example-listing.txt"]
    text = (EXAMPLES / "example-listing.txt").read_text(encoding="utf-8")
    assert len(listing.articles) == len(HEADER_LINE.findall(text)) == 3
    assert listing.articles[0].line == 1  # first header on the prefix line
    assert all(a.crawl_date is not None and a.title for a in listing.articles)

    oil = results["example-single-oil.txt"].articles[0]
    assert oil.crawl_date is not None and oil.title is not None
    trade = results["example-single-trade.txt"].articles[0]
    assert trade.crawl_date is None and trade.title is None
