"""kzfigures: turn English-language news about Kazakhstan's economy into a cited table of figures."""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["__version__", "load"]

if TYPE_CHECKING:
    import os

    import pandas as pd


def load(path: str | os.PathLike[str] = "output") -> pd.DataFrame:
    """The figures table written by ``kzfigures extract`` as a pandas DataFrame.

    ``path``: the output folder (default ``output``), a ``figures.parquet`` file or a
    Hive-partitioned folder. See :func:`kzfigures.api.load` for the dtypes. (Imported on
    first use, so that ``import kzfigures`` stays light.)
    """
    from kzfigures.api import load as _load

    return _load(path)
