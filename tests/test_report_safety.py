"""Names of page files are text from outside: they must not forge report lines on standard
error, nor run as formulas when the CSV is opened in a spreadsheet."""
from __future__ import annotations

import csv

import pytest

from kzfigures import cli
from kzfigures.model import Problem, printable

PAGE = " date 2025-03-01 Exports rose by 5% to $3 billion in 2024.\n"


@pytest.mark.parametrize("name, shown", [
    ("a\nb.txt", "a\\nb.txt"),
    ("a\rb.txt", "a\\rb.txt"),
    ("tab\there.txt", "tab\\there.txt"),
    ("esc\x1b[31m.txt", "esc\\x1b[31m.txt"),
    ("plain é name.txt", "plain é name.txt"),
])
def test_control_characters_in_names_are_escaped(name: str, shown: str) -> None:
    assert printable(name) == shown
    assert str(Problem(name, 4, "empty file")) == f"{shown}:4: empty file"


def test_a_newline_in_a_file_name_gives_one_report_line(tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "bad\nkzfigures: forged.txt").write_text("")
    (tmp_path / "pages" / "good.txt").write_text(PAGE)
    code = cli.main(["extract", str(tmp_path / "pages"), "-o", str(tmp_path / "out"), "--no-cache"])
    assert code == 1
    err = capsys.readouterr().err
    problem_lines = [line for line in err.splitlines() if "empty" in line]
    assert len(problem_lines) == 1
    assert "bad\\nkzfigures: forged.txt" in problem_lines[0]
    assert not any(line.startswith("kzfigures: forged") for line in err.splitlines())


def test_a_file_name_that_looks_like_a_formula_is_neutralised_in_the_csv(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "=HYPERLINK(1).txt").write_text(PAGE)
    code = cli.main(["extract", "=HYPERLINK(1).txt", "-o", "out", "--no-cache"])
    assert code == 0
    with open(tmp_path / "out" / "figures.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows, "the page has figures"
    assert {r["source_file"] for r in rows} == {"'=HYPERLINK(1).txt"}
