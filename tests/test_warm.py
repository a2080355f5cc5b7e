"""``warm()`` loads every table and pattern a page may need, so that worker processes forked
after it (``--jobs``) and Dask workers (which call it as they start) compile nothing again.

Run in a fresh interpreter: the test process has compiled much already."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HELDOUT = Path(__file__).resolve().parent / "heldout"

#: counts every pattern the rules compile (with the regex module) while the held-out pages are
#: extracted after warm()
SCRIPT = r"""
import sys, regex
from pathlib import Path
from kzfigures.extract import run, warm
warm()
compiled = []
for module in (regex,):
    real = module.compile
    def counting(pattern, *args, _real=real, **kwargs):
        compiled.append(str(pattern)[:80])
        return _real(pattern, *args, **kwargs)
    module.compile = counting
pages = sorted(str(p) for d in sys.argv[1:] for p in Path(d).glob("*.txt"))
result = run(pages)
assert result.figures_count if hasattr(result, "figures_count") else True
print(len(pages), len(compiled))
for c in compiled[:10]:
    print(repr(c))
"""


def test_extracting_after_warm_compiles_no_pattern() -> None:
    folders = [str(d) for d in sorted(HELDOUT.glob("pages*"))]
    done = subprocess.run([sys.executable, "-c", SCRIPT, *folders], capture_output=True, text=True, check=True)
    pages, compiled = done.stdout.split("\n", 1)[0].split()
    assert int(pages) > 100
    assert int(compiled) == 0, done.stdout
