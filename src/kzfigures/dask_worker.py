"""What every Dask worker does once, as it starts: load the rule set.

Imported only when a run uses Dask (``--dask``), which installs :class:`Warm` on the
cluster: each worker, those there already and those that join later, compiles every
pattern and loads the unit registry before its first page, instead of in the middle of it.
"""
from __future__ import annotations

from distributed import WorkerPlugin


class Warm(WorkerPlugin):
    """Runs :func:`kzfigures.extract.warm` once in each worker process."""

    name = "kzfigures-warm"

    def setup(self, worker) -> None:  # noqa: ANN001 - a distributed.Worker
        from .extract import warm

        warm()


def loaded(_: object = None) -> bool:
    """Does this process hold the loaded rule set: every kind's patterns compiled, the
    period patterns, the unit registry? (What :class:`Warm` gives each worker.)"""
    from . import kinds
    from .context import period
    from .units import registry

    compiled = all((r.name, r.pattern) in kinds._CACHE for s in kinds.specs() for r in s.rules)
    return compiled and period._compiled.cache_info().currsize == 1 and registry.cache_info().currsize == 1
