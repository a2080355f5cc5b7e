"""The README's scheduling and loading examples run as written.

The crontab command and the systemd service's ExecStart are run with ``/srv/kzfigures``
pointed at a temporary folder that has the layout the README sets up (``.venv/bin/kzfigures``,
``corpus/``); the Python and SQL snippets of "Loading the table" are run against a real
output folder.
"""
from __future__ import annotations

import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kzfigures.cli import main

from synthetic import write_corpus

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PLACE = "/srv/kzfigures"


def blocks(language: str, section: str | None = None) -> list[str]:
    text = README
    if section is not None:
        start = text.index(f"## {section}\n")
        end = text.find("\n## ", start + 1)
        text = text[start:end if end > 0 else None]
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A stand-in for /srv/kzfigures: a venv whose kzfigures runs this checkout, a corpus."""
    home = tmp_path / "srv-kzfigures"
    script = home / ".venv" / "bin" / "kzfigures"
    script.parent.mkdir(parents=True)
    script.write_text(f'#!/bin/sh\nPYTHONPATH={shlex.quote(str(ROOT / "src"))} '
                      f'exec {shlex.quote(sys.executable)} -m kzfigures "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    write_corpus(home / "corpus", 5)
    return home


def crontab_command(place: Path) -> str:
    (block,) = blocks("crontab")
    (line,) = [ln for ln in block.splitlines() if ln.strip() and not ln.startswith("#")]
    fields = line.split(None, 5)
    assert fields[:5] == ["*/30", "*", "*", "*", "*"]
    assert "%" not in fields[5]  # cron would turn it into a newline
    return fields[5].replace(PLACE, str(place))


def test_crontab_line_runs_as_written(place):
    command = crontab_command(place)
    proc = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")  # nothing for cron to mail
    assert (place / "output" / "figures.parquet").is_file()
    assert (place / "output" / "datapackage.json").is_file()

    (place / "corpus" / "broken.txt").write_bytes(b"")
    proc = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True)
    assert (proc.stdout, proc.stderr) == ("", "")  # a skipped page is logged, not mailed
    assert "broken.txt: empty file" in (place / "extract.log").read_text()


def test_crontab_line_reports_a_failed_run(place):
    for page in (place / "corpus").iterdir():
        page.write_bytes(b"")  # nothing readable: exit 2
    proc = subprocess.run(["/bin/sh", "-c", crontab_command(place)], capture_output=True, text=True)
    assert proc.stdout.startswith("kzfigures extract failed; see ")


def unit(block_name: str) -> dict[str, list[str]]:
    block = next(b for b in blocks("ini") if b.startswith(f"# /etc/systemd/system/{block_name}"))
    keys: dict[str, list[str]] = {}
    for line in block.splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            keys.setdefault(key, []).append(value)
    return keys


def test_systemd_service_runs_as_written(place):
    service = unit("kzfigures.service")
    assert service["Type"] == ["oneshot"]
    (workdir,) = service["WorkingDirectory"]
    (exec_start,) = service["ExecStart"]
    argv = [a.replace(PLACE, str(place)) for a in shlex.split(exec_start)]
    assert Path(argv[0]).is_absolute()  # systemd needs an absolute path
    ok = {0} | {int(c) for c in " ".join(service.get("SuccessExitStatus", [])).split()}
    proc = subprocess.run(argv, cwd=workdir.replace(PLACE, str(place)), capture_output=True,
                          text=True)
    assert proc.returncode in ok and proc.returncode == 0
    assert proc.stderr == ""
    assert (place / "output" / "manifest.json").is_file()


def test_systemd_timer():
    timer = unit("kzfigures.timer")
    assert timer["OnCalendar"] == ["*:0/30"]
    assert timer["WantedBy"] == ["timers.target"]


@pytest.fixture
def outputs(tmp_path: Path) -> tuple[Path, Path]:
    """A folder with output/figures.parquet and one with a partitioned output/figures/."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6)
    single, partitioned = tmp_path / "single", tmp_path / "partitioned"
    assert main(["extract", str(corpus), "-o", str(single / "output"), "-q"]) == 0
    assert main(["extract", str(corpus), "-o", str(partitioned / "output"), "-q",
                 "--partition-by", "year"]) == 0
    return single, partitioned


def test_loading_snippets_run(outputs, monkeypatch, capsys):
    single, _ = outputs
    snippets = blocks("python", "Loading the table")
    assert len(snippets) == 2
    monkeypatch.chdir(single)
    for code in snippets:
        exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "USD" in printed and "money" in printed


def test_duckdb_snippets_run(outputs, monkeypatch):
    duckdb = pytest.importorskip("duckdb")
    single, partitioned = outputs
    (sql,) = blocks("sql", "Loading the table")
    first, second = [s.strip() for s in sql.split(";") if s.strip()]
    monkeypatch.chdir(single)
    counts = dict(duckdb.sql(first).fetchall())
    assert counts and set(counts) <= {"money", "percent", "mass", "rank", "count", "quantity"}
    monkeypatch.chdir(partitioned)
    rows = duckdb.sql(second).fetchall()
    assert sum(n for _, _, n in rows) == sum(counts.values())


def test_citation_check_snippet_runs(outputs, monkeypatch):
    single, _ = outputs
    (code,) = blocks("python", "The table")
    monkeypatch.chdir(single)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert len(namespace["joined"]) == len(namespace["figures"]) > 0


def test_python_api_snippet_runs(tmp_path, monkeypatch, capsys):
    (code,) = blocks("python", "Extracting from Python")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "crawl" / "2026-03").mkdir(parents=True)
    (tmp_path / "crawl" / "2026-03" / "a.txt").write_text("Title\nOutput grew by 4%.\n")
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "f.jsonl").write_text('{"text": "Exports reached $2 billion."}\n')
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert list(namespace["df"]["kind"]) == ["percent", "mass"]
    assert sorted(namespace["files"]["kind"].astype(str)) == ["money", "percent"]
    assert "9.4 million tonnes" in capsys.readouterr().out


#: pages whose answers to the README's three questions are known
QUESTION_PAGES = {
    "trade.txt": "Kazakhstan-China trade hits record\n"
                 "Kazakhstan's trade turnover with China reached $43.8 billion in 2024, according to the "
                 "Bureau of National Statistics.\n"
                 "Kazakh exports to China rose by 6% to $15.2 billion in 2024, while trade with Russia stood "
                 "at 12.1 trillion tenge.\n"
                 "In 2023, trade with Russia amounted to $27.1 billion.\n",
    "ranks.txt": "Kazakhstan climbs in global rankings\n"
                 "Kazakhstan ranked 34th in the IMD World Competitiveness Ranking in 2025.\n"
                 "In the Global Innovation Index 2024 Kazakhstan was placed 78th.\n"
                 "Uzbekistan ranked 52nd in the Global Innovation Index 2024.\n",
    "harvest.txt": "Grain harvest\n"
                   "Kazakhstan's grain harvest reached 26.7 million tonnes in 2024.\n"
                   "In 2023, the grain harvest amounted to 17.1 million tonnes, and the cotton harvest to "
                   "310,000 tonnes.\n",
}


@pytest.fixture
def answered(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in QUESTION_PAGES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    assert main(["extract", str(corpus), "-o", str(tmp_path / "output"), "-q"]) == 0
    return tmp_path


def test_question_snippets_answer(answered, monkeypatch, capsys):
    """The three questions of "Answering questions" give the known answers: the 2024 USD trade
    amounts (not the tenge one, not 2023's), Kazakhstan's ranks by index (not Uzbekistan's),
    and the grain harvest by year (not cotton)."""
    snippets = blocks("python", "Answering questions")
    assert len(snippets) == 3
    monkeypatch.chdir(answered)
    namespace: dict = {}
    for code in snippets:
        exec(compile(code, "README.md", "exec"), namespace)
    assert sorted(namespace["trade"]["value"]) == [15.2e9, 43.8e9]
    assert set(namespace["trade"]["counterpart"]) == {"China"}
    ranks = namespace["ranks"]
    assert dict(zip(ranks["metric"], ranks["value"])) == {"IMD World Competitiveness Ranking": 34,
                                                         "Global Innovation Index": 78}
    harvest = namespace["harvest"].groupby("period_start")["value"].max()
    assert {k.year: v for k, v in harvest.items()} == {2023: 17.1e6, 2024: 26.7e6}
    assert "Global Innovation Index" in capsys.readouterr().out


def test_question_sql_answers(answered, monkeypatch):
    duckdb = pytest.importorskip("duckdb")
    (sql,) = blocks("sql", "Answering questions")
    monkeypatch.chdir(answered)
    rows = duckdb.sql(sql.strip().rstrip(";")).fetchall()
    assert sorted(r[0] for r in rows) == [15.2e9, 43.8e9]
