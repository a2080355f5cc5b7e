"""kzfigures: turn English-language news about Kazakhstan's economy into a cited table of figures."""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["__version__", "extract_files", "extract_text", "load"]

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable
    from datetime import date, datetime

    import pandas as pd


def load(path: str | os.PathLike[str] = "output") -> pd.DataFrame:
    """The figures table written by ``kzfigures extract`` as a pandas DataFrame.

    ``path``: the output folder (default ``output``), a ``figures.parquet`` file or a
    Hive-partitioned folder. See :func:`kzfigures.api.load` for the dtypes. (Imported on
    first use, so that ``import kzfigures`` stays light.)
    """
    from kzfigures.api import load as _load

    return _load(path)


def extract_text(
    text: str,
    published: datetime | date | str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> pd.DataFrame:
    """The figures of one article's text as a DataFrame with the table's columns and the
    dtypes of :func:`load`. See :func:`kzfigures.api.extract_text`."""
    from kzfigures.api import extract_text as _extract_text

    return _extract_text(text, published=published, url=url, title=title)


def extract_files(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> pd.DataFrame:
    """The figures of files, folders or globs (text, HTML, WARC, JSON Lines) as a DataFrame
    like :func:`load`'s; nothing is written. See :func:`kzfigures.api.extract_files`."""
    from kzfigures.api import extract_files as _extract_files

    return _extract_files(paths)
