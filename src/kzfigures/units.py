"""Unit normalisation with one pint registry, built once per process.

Surface words never reach pint's parser (it reads "kt" as knots and "ton" as a US short
ton): the lexicon maps each word to a pint unit name, and this module turns that name into a
factor to the canonical unit of its kind. Factors are computed once and cached, so a figure
costs a multiplication, not a pint conversion.
"""
from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from .lexicon import currencies, data_text

if TYPE_CHECKING:
    import pint


@cache
def registry() -> pint.UnitRegistry:
    """pint's default units, plus ``data/units.txt``, plus one dimension per currency.

    A currency is its own dimension ("USD = [currency_USD]"), so converting tenge to dollars
    raises instead of silently succeeding: there is no exchange rate in a unit registry.
    pint is imported here, on first use, not at start-up (it takes about a second).
    """
    import pint

    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    lines = [ln for ln in data_text("units.txt").splitlines() if ln.strip() and not ln.startswith("#")]
    lines += [f"{c.code} = [currency_{c.code}]" for c in currencies()]
    ureg.load_definitions(lines)
    return ureg


@cache
def factor(unit: str, canonical: str) -> float:
    """How many ``canonical`` units one ``unit`` is: factor("kilogram", "tonne") == 0.001."""
    ureg = registry()
    return float(ureg.Quantity(1, unit).to(canonical).magnitude)


@cache
def check_currency(code: str) -> str:
    """The ISO code itself, after checking that the registry knows it as a currency (once
    per code: each money figure asks)."""
    ureg = registry()
    dims = ureg.Quantity(1, code).dimensionality
    if dims != {f"[currency_{code}]": 1}:
        raise ValueError(f"{code} is not a currency unit")
    return code
