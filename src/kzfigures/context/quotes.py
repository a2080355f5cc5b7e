"""Market quotes: a listed company's move and price in a market report.

"Singapore's DBS Group rose 0.6% to S $52.30, and in Kuala Lumpur Petronas Chemicals fell
0.8 pc to RM 4.21": the percent is the move of the company's share price, the amount its
price ("DBS Group share price"). A quote is a clause that opens with a name (after a place,
"Shares of", a demonym or a short title such as "Swiss lender"), then a market verb ("rose",
"fell", "ended Monday at"), with no indicator word in it: "Exports rose 5% to $3 billion" is
no quote, nor is a country, region or city that "rose".

A currency's rate against the dollar ("the tenge firmed 0.7% to 512.30 per dollar") is that
currency's exchange rate, and the move written just before it in its clause its change.

An amount quoted per unit ("Urals crude traded at $58 per barrel", "diesel fuel 305 tenge per
litre") is the price of what the clause names, and an amount or a move of a traded thing
("Brent futures fell 62 cents, or 0.9%", "the bank's shares rose 2.1%") the price's change.
"""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import table
from ..model import Kind, Mention
from .metric import Metric, indicator_of

#: a name: capitalised words ("DBS Group", "Kaspi.kz", "Petronas Chemicals")
_NAME = r"\p{Lu}[\p{L}\p{N}.&-]*(?:\s+\p{Lu}[\p{L}\p{N}.&-]*){0,2}"


@cache
def _quote() -> regex.Pattern:
    verbs = table("context")["quotes"]["verbs"]
    return regex.compile(
        r"^\s*(?:(?:and|while|whereas)\s+)?(?:in\s+" + _NAME + r",?\s+)?(?:[Ss]hares\s+of\s+)?"
        # "Singapore's", "Australian peer", "Swiss lender", "Canada's"
        r"(?:\p{Lu}\p{L}*(?:’s|'s)\s+|\p{Lu}\p{L}+\s+\p{Ll}+\s+)?"
        r"(?P<name>" + _NAME + r")(?:’s|'s)?(?:\s+(?:shares|stock|stocks))?"
        r"\s+(?:\L<verbs>)(?![\p{L}])[^,;]{0,40}$",
        verbs=verbs)


_CLAUSE = regex.compile(r"[,;]")


def quote_metric(mention: Mention, text: str) -> Metric | None:
    """"DBS Group share price" for a percent or an amount in a quote's clause; None elsewhere."""
    from .subject import is_company, is_party
    if mention.kind not in (Kind.PERCENT, Kind.MONEY):
        return None
    start = max([0] + [c.end() for c in _CLAUSE.finditer(text, 0, mention.start)
                       if not text[c.end():c.end() + 1].isdigit()])
    m = _quote().match(text[start: mention.start])
    if m is None:
        return None
    name = m["name"]
    # "Exports rose 5%", "GDP rose": an indicator, not a company ("Boss Energy" still is one)
    if indicator_of(name.split()[0]) is not None or is_party(name) and not is_company(name):
        return None
    return Metric(f"{name} share price", "prices", start + m.start("name"), start + m.end("name"), "share price")


#: the money rule that reads a rate quoted against the dollar (kinds/money.py)
RATE_RULE = "<amount> per dollar"


def rate_metric(mention: Mention, text: str, mentions: list[Mention]) -> Metric | None:
    """"tenge exchange rate" for "512.30 per dollar" after "the tenge", and for the move
    ("firmed 0.7%") written before the rate in its clause; None elsewhere."""
    rate = mention
    if mention.kind is Kind.PERCENT:
        later = [m for m in mentions if m.start >= mention.end]
        if not later or later[0].rule != RATE_RULE or _CLAUSE.search(text, mention.end, later[0].start):
            return None
        rate = later[0]
    elif mention.rule != RATE_RULE:
        return None
    currency = rate.unit_text
    return Metric(f"{currency} exchange rate", "exchange rate", -1, -1, "exchange rate") if currency else None


@cache
def _per_unit() -> regex.Pattern:
    units = table("context")["quotes"]["price_units"]
    return regex.compile(r"\G\s*(?:a|an|per|/)\s*(?:\L<units>)\b", units=units)


@cache
def _traded() -> frozenset[str]:
    return frozenset(table("context")["quotes"]["traded"])


@cache
def _priced() -> frozenset[str]:
    return frozenset(table("context")["quotes"]["priced"])


#: an amount per something: "per 1,000 cubic meters", "/litre"
_PER = regex.compile(r"\G\s*(?:per|/)\s*\S")


def price_metric(metric: Metric, mention: Mention, text: str, change: object | None) -> Metric:
    """The metric of an amount per unit, or of an amount or a move of a traded thing, named as
    the price: "Urals crude" -> "Urals crude price", "bank's shares" -> "bank's share price"."""
    if not metric.text or mention.kind not in (Kind.MONEY, Kind.PERCENT):
        return metric
    ws = metric.text.split()
    if mention.kind is Kind.MONEY and len(ws) > 1 and ws[-1].lower() in ("cost", "costs") \
            and _PER.match(text, mention.end):
        # "Natural gas for households will cost 2,435 tenge per 1,000 cubic meters": its price
        return Metric(" ".join([*ws[:-1], "price"]), "prices", metric.start, metric.end, "price")
    if any(w.lower() in _priced() for w in ws):
        return metric
    last = ws[-1].lower()
    traded = last in _traded()
    if mention.kind is Kind.PERCENT and (change is None or not traded):
        return metric
    if not traded and not _per_unit().match(text, mention.end):
        return metric
    if last in ("shares", "stocks"):
        ws[-1] = ws[-1][:-1]
    return Metric(" ".join([*ws, "price"]), "prices", metric.start, metric.end, "price")
