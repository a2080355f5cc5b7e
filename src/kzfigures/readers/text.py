"""Text pages in the crawler's layouts (listing pages, single-article pages).

The layouts themselves are read by ``kzfigures.pages``; this module puts that reader
behind the common interface.
"""
from __future__ import annotations

from kzfigures.model import PageResult
from kzfigures.pages import read_bytes


def read(data: bytes, name: str) -> PageResult:
    """Articles of a UTF-8 text page (see ``kzfigures.pages``)."""
    return read_bytes(data, name)
