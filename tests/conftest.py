"""Shared fixtures for the kzfigures tests."""
from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Callable
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The shared corpus folder ``../shared/corpus`` next to the repository.

    It holds real crawled pages that are not part of the repository. When it is missing the
    tests that need it are skipped locally, but fail on CI (env ``CI=true``), where a silent
    skip would hide that they never ran.
    """
    return _shared(REPO_ROOT.parent / "shared" / "corpus")


def _shared(path: Path) -> Path:
    """``path`` under ``../shared``; skipped where it is missing, failed on CI."""
    if not path.exists():
        message = f"shared file or folder not found: {path}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def crawl_output(shared_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of one ``kzfigures extract`` over the shared pages and the format
    fixtures (``tests/formats``: the same page as HTML, WARC, JSON Lines...), run once for
    every test that reads a whole dataset."""
    import shutil

    from kzfigures.cli import main

    crawl = tmp_path_factory.mktemp("crawl")
    shutil.copytree(shared_corpus, crawl / "corpus")
    shutil.copytree(REPO_ROOT / "tests" / "formats", crawl / "formats")
    out = tmp_path_factory.mktemp("out")
    assert main(["extract", str(crawl), "-o", str(out), "-q"]) == 0
    return out


@pytest.fixture(scope="session")
def score_pages(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., dict]:
    """``score_pages(pages, gold_files, kinds="all")``: extract the pages in-process, write
    the Parquet table and score it with the shared scorer ``../shared/eval/score.py``,
    returning its ``--json`` report. The accuracy tests measure what a user would."""
    from kzfigures.extract import run
    from kzfigures.table import figure_rows
    from kzfigures.write import write_outputs

    scorer = _shared(REPO_ROOT.parent / "shared" / "eval" / "score.py")
    spec = importlib.util.spec_from_file_location("kz_score", scorer)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def score(pages: Path, gold: list[Path], kinds: str = "all") -> dict:
        rows = figure_rows(run([str(pages)]).figures)
        parquet = write_outputs(rows, tmp_path_factory.mktemp("scored"), ("parquet",))["parquet"]
        buf = StringIO()
        with redirect_stdout(buf):
            module.main([str(parquet), *map(str, gold), "--json", "--kinds", kinds])
        return json.loads(buf.getvalue())

    return score
