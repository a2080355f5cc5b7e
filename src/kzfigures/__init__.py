"""kzfigures: turn English-language news about Kazakhstan's economy into a cited table of figures."""
from __future__ import annotations

__version__ = "0.1.0"
