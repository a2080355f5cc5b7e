"""Shared fixtures for the kzfigures tests."""
from __future__ import annotations

import os
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
    folder = REPO_ROOT.parent / "shared" / "corpus"
    if not folder.is_dir():
        message = f"shared corpus folder not found: {folder}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return folder
