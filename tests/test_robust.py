"""No page can sink, stall or poison a run.

* a page whose extraction fails in any way (a regex time-out, a recursion error, a bug) is
  reported with its path and skipped; the other pages are written and the run exits 1;
* every stage costs time linear in the page size, on hostile pages too; a sentence or a
  page longer than the rules see is cut, and the rest reported;
* random text and random files never crash a page;
* a cache entry is used only when it is a bounded regular file matching its checksum, with
  rows of the table's shape and types: anything else is a miss and is rewritten;
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import signal
import sys
import time
from functools import cache
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzfigures import cache as C
from kzfigures import extract
from kzfigures import pages as P
from kzfigures import sentences as S
from kzfigures.cli import main
from kzfigures.context import figures_for_article
from kzfigures.pages import read_text
from kzfigures.resolve import harmonise_rates
from kzfigures.sentences import split_sentences
from kzfigures.table import check_citation, figure_rows

sys.path.insert(0, str(Path(__file__).parent))
from adversarial import PATTERNS, page_of  # noqa: E402

GOOD_PAGE = (
    " date 2025-03-01 Grain exports rise\n"
    "Kazakhstan exported 11.2 million tonnes of grain in 2024, up 8.5% on the year before.\n"
    "Export earnings reached $2.4 billion.\n"
)
POISON = "Poisoned exports reached $9.9 billion."
POISONED_PAGE = GOOD_PAGE.replace("Export earnings reached $2.4 billion.", POISON)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------
# A page that fails in any way is reported and skipped


def _raising(exc: BaseException):
    real = extract.sentence_mentions

    def mentions(text: str):
        if "Poisoned" in text:
            raise exc
        return real(text)

    return mentions


@pytest.mark.parametrize("exc", [
    TimeoutError("regex timed out"),  # an OSError: it used to end the run as a write failure
    RecursionError("maximum recursion depth exceeded"),
    ZeroDivisionError("division by zero"),
], ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failing_page_is_reported_and_skipped(tmp_path, monkeypatch, capsys, exc, jobs):
    pages = tmp_path / "pages"
    write(pages / "a-good.txt", GOOD_PAGE)
    write(pages / "b-bad.txt", POISONED_PAGE)
    write(pages / "c-good.txt", GOOD_PAGE.replace("2.4", "3.1"))
    monkeypatch.setattr(extract, "sentence_mentions", _raising(exc))
    out = tmp_path / "out"

    code = main(["extract", str(pages), "-o", str(out), "-j", jobs])

    err = capsys.readouterr().err
    assert code == 1, err
    assert f"{(pages / 'b-bad.txt').as_posix()}: extraction failed" in err
    rows = pq.read_table(out / "figures.parquet").to_pylist()
    assert {Path(r["source_file"]).name for r in rows} == {"a-good.txt", "c-good.txt"}
    assert {r["value"] for r in rows if r["kind"] == "money"} == {2.4e9, 3.1e9}
    statuses = {Path(i["path"]).name: i["status"] for i in _manifest(out)["inputs"]}
    assert statuses == {"a-good.txt": "read", "b-bad.txt": "skipped", "c-good.txt": "read"}


def test_a_failed_page_is_not_cached(tmp_path, monkeypatch, capsys):
    pages = tmp_path / "pages"
    write(pages / "bad.txt", POISONED_PAGE)
    write(pages / "good.txt", GOOD_PAGE)
    out = tmp_path / "out"
    with monkeypatch.context() as m:
        m.setattr(extract, "sentence_mentions", _raising(TimeoutError("regex timed out")))
        assert main(["extract", str(pages), "-o", str(out)]) == 1
    capsys.readouterr()
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "1 extracted, 1 from cache" in err
    rows = pq.read_table(out / "figures.parquet").to_pylist()
    assert 9.9e9 in {r["value"] for r in rows}


def test_the_failure_names_what_was_raised_and_where(tmp_path, monkeypatch):
    page = write(tmp_path / "bad.txt", POISONED_PAGE)
    monkeypatch.setattr(extract, "sentence_mentions", _raising(KeyError("unit")))
    result = extract.run([str(page)])
    [problem] = result.problems
    assert problem.skipped_file and problem.source_file == page.as_posix()
    assert "KeyError" in problem.message and "test_robust.py:" in problem.message
    assert result.files_skipped == 1 and result.rows == []


# ---------------------------------------------------------------------------------------
# A malformed cache entry is a miss, and is rewritten


def _entry_file(out: Path) -> Path:
    [entry] = list((out / ".cache").rglob("*.json"))
    return entry


def _signed(payload: bytes, key: str) -> bytes:
    """An entry file whose header is right for ``payload``: only validation can refuse it."""
    header = {"format": C.CACHE_FORMAT, "key": key,
              "sha256": hashlib.sha256(payload).hexdigest(), "bytes": len(payload)}
    return json.dumps(header).encode() + b"\n" + payload


def _edit_rows(edit):
    def poison(payload: bytes) -> bytes:
        doc = json.loads(payload)
        edit(doc["rows"][0])
        return json.dumps(doc, allow_nan=True).encode()
    return poison


def _set(column, value):
    return _edit_rows(lambda row: row.__setitem__(column, value))


#: name -> what replaces the payload of a valid entry (the header is made to match)
SIGNED_POISONS = {
    "top-level-null": lambda p: b"null",
    "top-level-list": lambda p: b"[]",
    "top-level-number": lambda p: b"42",
    "deeply-nested": lambda p: b"[" * 200_000 + b"]" * 200_000,
    "rows-not-a-list": lambda p: p.replace(b'"rows":[', b'"rows":"x","old":[', 1),
    "row-is-a-list": lambda p: json.dumps({**json.loads(p), "rows": [[1, 2, 3]]}).encode(),
    "missing-column": _edit_rows(lambda row: row.pop("span")),
    "extra-column": _set("colour", "red"),
    "unknown-kind": _set("kind", "weight"),
    "unknown-unit": _set("unit", "furlong"),
    "string-value": _set("value", "2400000000"),
    "bool-offset": _set("char_start", True),
    "nan-value": _set("value", float("nan")),
    "infinite-value": _set("value", float("inf")),
    "null-kind": _set("kind", None),
    "span-not-in-sentence": _set("span", "nothing like it"),
    "bad-date": _set("crawl_date", {"$date": "2025-13-45"}),
    "bad-problem": lambda p: json.dumps({**json.loads(p), "problems": [["a"]]}).encode(),
    "negative-articles": lambda p: json.dumps({**json.loads(p), "articles": -1}).encode(),
    "not-utf8": lambda p: b"\xff\xfe" + p,
}


def _first_run(tmp_path: Path) -> tuple[Path, Path, bytes]:
    pages = tmp_path / "pages"
    write(pages / "page.txt", GOOD_PAGE)
    out = tmp_path / "out"
    assert main(["extract", str(pages), "-o", str(out), "-q"]) == 0
    return pages, out, (out / "figures.parquet").read_bytes()


def _rerun_is_whole(pages: Path, out: Path, expected: bytes, capsys) -> None:
    """The rerun extracts the page afresh, writes the same table and a valid entry."""
    capsys.readouterr()
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "1 extracted, 0 from cache" in err, err
    assert (out / "figures.parquet").read_bytes() == expected
    entry = _entry_file(out)
    assert C.loads(entry.read_bytes(), entry.stem).rows  # rewritten, valid
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    assert "0 extracted, 1 from cache" in capsys.readouterr().err


@pytest.mark.parametrize("name", SIGNED_POISONS)
def test_a_malformed_entry_is_a_miss_and_rewritten(tmp_path, capsys, name):
    pages, out, expected = _first_run(tmp_path)
    entry = _entry_file(out)
    _, _, payload = entry.read_bytes().partition(b"\n")
    entry.write_bytes(_signed(SIGNED_POISONS[name](payload), entry.stem))
    _rerun_is_whole(pages, out, expected, capsys)


@pytest.mark.parametrize("content", [b"null", b"[]", b"42", b"", b"{}", b"\n\n",
                                     b"[" * 100_000], ids=repr)
def test_an_entry_without_a_header_is_a_miss(tmp_path, capsys, content):
    pages, out, expected = _first_run(tmp_path)
    _entry_file(out).write_bytes(content)
    _rerun_is_whole(pages, out, expected, capsys)


def test_a_changed_value_does_not_match_the_checksum(tmp_path, capsys):
    pages, out, expected = _first_run(tmp_path)
    entry = _entry_file(out)
    data = entry.read_bytes()
    assert b"2400000000.0" in data
    entry.write_bytes(data.replace(b"2400000000.0", b"2500000000.0"))
    _rerun_is_whole(pages, out, expected, capsys)


def test_an_entry_of_another_key_is_a_miss(tmp_path, capsys):
    pages, out, expected = _first_run(tmp_path)
    entry = _entry_file(out)
    other = entry.with_name("0" * 64 + ".json")
    data = entry.read_bytes().replace(entry.stem.encode(), other.stem.encode())
    entry.write_bytes(data)
    _rerun_is_whole(pages, out, expected, capsys)


def _hung(signum, frame):
    raise RuntimeError("the run hung")


def _replace_with_directory(entry: Path) -> None:
    entry.unlink()
    entry.mkdir()
    (entry / "inside.json").write_text("{}")


def _replace_with_fifo(entry: Path) -> None:
    entry.unlink()
    os.mkfifo(entry)


def _replace_with_dev_zero(entry: Path) -> None:
    entry.unlink()
    entry.symlink_to("/dev/zero")


def _replace_with_link_to_valid(entry: Path) -> None:
    real = entry.with_name("elsewhere")
    entry.rename(real)
    entry.symlink_to(real)


@pytest.mark.parametrize("replace", [_replace_with_directory, _replace_with_fifo,
                                     _replace_with_dev_zero, _replace_with_link_to_valid],
                         ids=lambda f: f.__name__.removeprefix("_replace_with_"))
def test_only_a_regular_file_is_read_as_an_entry(tmp_path, capsys, replace):
    pages, out, expected = _first_run(tmp_path)
    entry = _entry_file(out)
    replace(entry)
    signal.signal(signal.SIGALRM, _hung)
    signal.alarm(60)  # a FIFO used to hang the run: fail rather than hang
    try:
        _rerun_is_whole(pages, out, expected, capsys)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    assert entry.is_file() and not entry.is_symlink()


def test_an_entry_larger_than_the_bound_is_a_miss(tmp_path, capsys, monkeypatch):
    pages, out, expected = _first_run(tmp_path)
    size = _entry_file(out).stat().st_size
    monkeypatch.setattr(C, "MAX_ENTRY_BYTES", size - 1)
    capsys.readouterr()
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    assert "1 extracted, 0 from cache" in capsys.readouterr().err
    monkeypatch.setattr(C, "MAX_ENTRY_BYTES", size)
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    assert "0 extracted, 1 from cache" in capsys.readouterr().err


def test_a_cache_that_cannot_be_written_does_not_fail_the_run(tmp_path, capsys):
    pages = tmp_path / "pages"
    write(pages / "page.txt", GOOD_PAGE)
    blocked = write(tmp_path / "not-a-folder", "a file where the cache folder should be")
    out = tmp_path / "out"
    assert main(["extract", str(pages), "-o", str(out), "--cache", str(blocked)]) == 0
    err = capsys.readouterr().err
    assert "could not write the page cache" in err
    assert pq.read_table(out / "figures.parquet").num_rows == 3


# ---------------------------------------------------------------------------------------
# Linear time: hostile pages of growing size (CPU time of this process, ratios only)


def _cpu_by_stage(text: str, repeat: int = 1) -> dict[str, float]:
    """CPU seconds of each stage on ``text`` (a whole page), summed over ``repeat`` runs,
    with the garbage collector paused (a collection is a pause, not growth)."""
    gc.collect()
    gc.disable()
    try:
        return _spent(text, repeat)
    finally:
        gc.enable()


def _spent(text: str, repeat: int) -> dict[str, float]:
    spent = dict.fromkeys(("pages", "sentences", "rules", "context"), 0.0)
    for _ in range(repeat):
        t = time.process_time()
        page = read_text(text, "hostile.txt")
        spent["pages"] += time.process_time() - t
        for article in page.articles:
            t = time.process_time()
            sentences = split_sentences(article.body)
            t1 = time.process_time()
            spent["sentences"] += t1 - t
            mentions = harmonise_rates([s.text for s in sentences],
                                       [extract.sentence_mentions(s.text) for s in sentences])
            t2 = time.process_time()
            spent["rules"] += t2 - t1
            figures_for_article(article, sentences, mentions)
            spent["context"] += time.process_time() - t2
    spent["total"] = sum(spent.values())
    return spent


#: CPU time of 10x the text may be at most this many times that of 1x (linear: 10,
#: quadratic: 100); stages that take less than FLOOR seconds at 10x are not judged
GROWTH_BOUND = 25
FLOOR = 0.05


@pytest.fixture(scope="module", autouse=True)
def _rules_compiled():
    _cpu_by_stage(page_of("warm-up", 1))


@pytest.mark.parametrize("name", PATTERNS)
def test_pages_grow_linearly(name, monkeypatch):
    """A 50 KB hostile page costs less than 25x a 5 KB one, every stage together.

    Sentences are cut to pieces of 250 characters here, so that this measures the page
    (reading, splitting, pieces, context across sentences) and stays quick while some rules
    are still quadratic inside one sentence: test_sentences_grow_linearly measures those.
    """
    monkeypatch.setattr(S, "MAX_SENTENCE_CHARS", 250)
    small_page, large_page = page_of(name, 5), page_of(name, 50)
    small = large = float("inf")
    for _ in range(3):  # the least of up to three tries: a pause elsewhere is not growth
        small = min(small, _cpu_by_stage(small_page)["total"])
        large = min(large, _cpu_by_stage(large_page)["total"])
        if large < max(GROWTH_BOUND * small, FLOOR):
            break
    assert large < max(GROWTH_BOUND * small, FLOOR), (small, large)


@cache
def _sentence_costs(name: str) -> tuple[dict[str, float], dict[str, float]]:
    """Stage costs of the pattern as one 200-character sentence (run 10 times) and as one
    2000-character sentence (the longest the rules see), the same text in all."""
    def one_line(kb: float) -> str:
        body = " ".join(page_of(name, kb).split("\n")[2:]).strip()
        return f" date 2026-02-27 \nAdversarial page\n{body}\n"
    return _cpu_by_stage(one_line(0.2), repeat=10), _cpu_by_stage(one_line(2))


@pytest.mark.parametrize("name,stage", [
    (n, s) for n in PATTERNS for s in ("pages", "sentences", "rules", "context")
])
def test_sentences_grow_linearly(name, stage):
    """One sentence 10x as long costs less than 25x as much, stage by stage."""
    small, large = _sentence_costs(name)
    if large[stage] < FLOOR:
        return  # too quick to judge, whatever the ratio
    one_small = small[stage] / 10  # the short sentence was run 10 times
    for _ in range(3):  # measure again: a pause is not growth
        if large[stage] < GROWTH_BOUND * one_small:
            break
        again_small, again_large = _sentence_costs.__wrapped__(name)
        one_small = max(one_small, again_small[stage] / 10)
        large = {stage: min(large[stage], again_large[stage])}
    assert large[stage] < GROWTH_BOUND * one_small, (one_small, large[stage])


# ---------------------------------------------------------------------------------------
# Caps: no sentence and no page is longer than the rules see, and the rest is reported


def test_a_long_sentence_is_read_in_pieces_and_reported(tmp_path, capsys):
    body = "Exports reached $5 million " + "and more words follow here " * 200 + "and $7 million"
    page = write(tmp_path / "long.txt", f" date 2026-02-27 \nTitle line\n\nFirst.\n{body}.\n")
    assert main(["extract", str(page), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert f"{page.as_posix()}:5: a sentence of {len(body) + 1} characters was read in pieces" in err
    rows = pq.read_table(tmp_path / "out" / "figures.parquet").to_pylist()
    assert sorted(r["value"] for r in rows if r["kind"] == "money") == [5e6, 7e6]
    assert max(len(r["sentence"]) for r in rows) <= S.MAX_SENTENCE_CHARS


def test_pieces_cover_the_whole_sentence():
    body = "word " * 3000 + "x" * 5000 + " end"
    long: list[tuple[int, int]] = []
    pieces = split_sentences(body, long)
    assert long == [(0, len(body))]
    assert all(len(p.text) <= S.MAX_SENTENCE_CHARS for p in pieces)
    assert "".join(body[p.start:p.end] for p in pieces).replace(" ", "") == body.replace(" ", "")
    assert all(body[p.start:p.end] == p.text for p in pieces)


def test_a_page_longer_than_the_cap_is_cut_and_the_rest_reported(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(P, "MAX_PAGE_CHARS", 20_000)
    sentence = "Trade with China reached $1.62bn in 2025, up 12% on the year. "
    page = write(tmp_path / "one-line.txt", " date 2026-02-27 \nTitle line\n" + sentence * 5000)
    assert main(["extract", str(page), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert f"{page.as_posix()}:3: page of " in err and "the rest, from line 3, column" in err
    rows = pq.read_table(tmp_path / "out" / "figures.parquet").to_pylist()
    assert 0 < len(rows) < 20_000 // len(sentence) * 2 + 2


#: a title of 500,000 characters: a figure at its start, another past the cap
_HUGE_TITLE = "Exports reached $5 million in 2025 " + "and more words follow here " * 18_500 + "and $7 million"
_BODY = "Kazakhstan's grain exports rose by 12% in 2025 to 10 million tonnes, the ministry said in a statement."


def _html_page(title: str) -> str:
    return (f"<!DOCTYPE html><html><head><title>{title}</title><meta property=\"og:title\" content=\"{title}\">"
            f"</head><body><article><p>{_BODY}</p><p>{_BODY.replace('12%', '14%')}</p></article></body></html>")


@pytest.mark.parametrize("file_name, content, line", [
    ("huge-title.jsonl", json.dumps({"title": _HUGE_TITLE, "text": _BODY}) + "\n", 1),
    ("huge-title.html", _html_page(_HUGE_TITLE), None),
    ("huge-title.txt", f" date 2026-02-27 \n26.02.2026, 18:45 34191\n{_HUGE_TITLE}\n{_BODY}\n", 3),
], ids=["jsonl", "html", "listing"])
def test_a_huge_title_is_cut_to_a_sentence_and_the_rest_reported(tmp_path, capsys, file_name, content, line):
    page = write(tmp_path / file_name, content)
    assert main(["extract", str(page), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    where = f"{page.as_posix()}:{line}: " if line else f"{page.as_posix()}: "
    [report] = [ln for ln in err.splitlines() if "a title of " in ln]
    assert f"{where}a title of " in report and f"longer than the {S.MAX_SENTENCE_CHARS} read" in report
    [article] = pq.read_table(tmp_path / "out" / "articles.parquet").to_pylist()
    assert 0 < len(article["title"]) <= S.MAX_SENTENCE_CHARS and _HUGE_TITLE.startswith(article["title"])
    rows = pq.read_table(tmp_path / "out" / "figures.parquet").to_pylist()
    titled = [r for r in rows if r["section"] == "title"]
    assert [r["value"] for r in titled if r["kind"] == "money"] == [5e6]  # the one past the cap is not read
    assert all(article["title"][r["char_start"]:r["char_end"]] == r["span"] for r in titled)


def test_a_50_mb_one_line_page_is_read_quickly_up_to_the_cap():
    text = " date 2026-02-27 \nTitle line\n" + "Trade reached $1.62bn in 2025. " * 1_700_000
    t = time.process_time()
    page = read_text(text, "huge.txt")
    assert time.process_time() - t < 30  # the full page was not normalised char by char
    [article] = page.articles
    assert len(article.body) <= P.MAX_PAGE_CHARS
    [problem] = page.problems
    assert problem.line == 3 and "was not read" in problem.message


def test_a_50_mb_one_line_page_splits_in_linear_time():
    small = "Trade reached $1.62bn in 2025. Mr. Smith said so. " * 2_000
    t = time.process_time()
    split_sentences(small)
    one = time.process_time() - t
    t = time.process_time()
    split_sentences(small * 10)
    assert time.process_time() - t < GROWTH_BOUND * max(one, 0.01)


# ---------------------------------------------------------------------------------------
# Never crashes: random text, random pages


_ALPHABET = st.sampled_from(list(
    "0123456789 ,.-–—%$€₸£()[]“”\"'\n\t\r\u00a0\u2028:;/+*&?!#@=abcdeKZTUSDbnmntrillionand"
    "onehundredthousandJanuaryMarchQ1H12025percentagepointstonnestoptenthlargest"))
_WORDS = st.sampled_from([
    "$1", "KZT 5 bn", "1,1", "one hundred and", "January-March 2025", "5-6%", "up 12%", "the",
    "tonnes", "bcm", "26.02.2026, 18:45 34191", "Mr.", "U.S.", "(", ")", "rose by", "to",
    "from", "in 2024", "third", "largest", "10th", "million", "bn", "tenge", "€3", "thousand",
    "\n", ". ", "...", "’", "“", "%", "pp", "over", "about", "between", "and", "—", "9M",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(_ALPHABET, max_size=400), st.text(max_size=300),
                 st.lists(_WORDS, max_size=80).map(" ".join)))
def test_any_text_gives_valid_rows_or_problems(text):
    page = read_text(" date 2026-02-27 \nA title\n" + text, "random.txt")
    for article in page.articles:
        problems: list = []
        figures = extract.article_figures(article, problems)
        rows = figure_rows(figures)
        C.validate({"articles": 0, "skipped": True, "problems": [], "rows": rows,
                    "article_rows": []})
        for row in rows:
            check_citation(row, article.body)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=600) | st.lists(_WORDS, max_size=60).map(" ".join).map(str.encode))
def test_any_page_file_is_read_or_reported(tmp_path, data):
    path = tmp_path / "random.txt"
    path.write_bytes(data)
    result = extract.run([str(path)])
    assert result.files_read + result.files_skipped == 1
    failed = [p for p in result.problems if "extraction failed" in p.message]
    assert not failed, failed


# ---------------------------------------------------------------------------------------
# Files that are not pages: reported, never silently skipped, never hanging the run


def test_fifos_and_symlink_loops_in_a_folder_are_reported(tmp_path, capsys):
    pages = tmp_path / "pages"
    write(pages / "good.txt", GOOD_PAGE)
    os.mkfifo(pages / "pipe.txt")
    (pages / "loop-a.txt").symlink_to("loop-b.txt")
    (pages / "loop-b.txt").symlink_to("loop-a.txt")
    (pages / "broken.txt").symlink_to("nowhere.txt")
    (pages / "notes.log").symlink_to("notes.log")  # not a page name: left alone
    signal.signal(signal.SIGALRM, _hung)
    signal.alarm(60)
    try:
        code = main(["extract", str(pages), "-o", str(tmp_path / "out")])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    err = capsys.readouterr().err
    assert code == 1, err
    for name, why in [("pipe.txt", "a FIFO"), ("loop-a.txt", "a symlink loop"),
                      ("loop-b.txt", "a symlink loop"), ("broken.txt", "a broken symlink")]:
        assert f"{(pages / name).as_posix()}: not a page file: {why}; skipped" in err
    assert "notes.log" not in err
    assert pq.read_table(tmp_path / "out" / "figures.parquet").num_rows == 3


def test_a_fifo_named_on_the_command_line_is_reported(tmp_path, capsys):
    write(tmp_path / "good.txt", GOOD_PAGE)
    os.mkfifo(tmp_path / "pipe.txt")
    code = main(["extract", str(tmp_path / "good.txt"), str(tmp_path / "pipe.txt"),
                 "-o", str(tmp_path / "out")])
    assert code == 1
    assert "pipe.txt: not a page file: a FIFO; skipped" in capsys.readouterr().err


def test_a_page_that_becomes_a_fifo_is_not_waited_for(tmp_path):
    path = tmp_path / "page.txt"
    os.mkfifo(path)
    result = extract.page_figures(path)
    assert result[3] and "not a regular file: a FIFO" in result[1][0].message
