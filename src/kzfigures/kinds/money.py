"""Money: an amount with a currency, in whole currency units of its ISO 4217 code.

Currencies come from ``data/currencies.toml``; no amount is ever converted between
currencies.
"""
from __future__ import annotations

from functools import cache

import dataclasses

import regex

from ..lexicon import table, currencies, currency_lookup, lookup, shared_currency_words, subunit_lookup
from ..model import Kind, Mention, Qualifier
from ..numbers import (COMPOUND, DIGITS, NUMBER, NUMBER_BODY, RANGE_DASH, RANGE_TO, SCALE, compile_rule, number_scale,
                       parse_number)
from ..units import check_currency
from . import (BETWEEN, CURRENCY_ANCHOR, LOOKBACK, Borrow, KindSpec, Rule, preceded_by, range_values, rule_maker,
               sentence_has, two_levels, year_not_amount)
from .mass import weight_after


@cache
def _lists() -> dict[str, list[str]]:
    cs = currencies()
    return {
        # written before the amount: "$", "US$", "€", "USD", "KZT"
        "cur_prefix": [s for c in cs for s in (*c.symbols, *c.codes)],
        # written after the amount: "USD", "tenge", "Kazakh tenge", "euros"
        "cur_suffix": [s for c in cs for s in (*c.codes, *c.words)],
        # ISO codes alone, for currency pairs: "USD/KZT", and after an amount in their case
        "cur_codes": [s for c in cs for s in c.codes],
        # currency words written after the amount, in any case: "tenge", "euros"
        "cur_words": [s for c in cs for s in c.words],
        # hundredths after the amount: "cents", "euro cents", "pence"
        "cur_sub": [w for c in cs for w, _ in c.subunits],
        # words several currencies share, read by the country of their clause: "pesos"
        "cur_shared": list(shared_currency_words()),
        # a letter glued before an amount with a magnitude: "T4.2 trillion", "Т850 billion"
        "cur_letters": [s for c in cs for s in c.letters],
        # what may follow a tenge letter's short amount: "T210 more than"
        "short_amount_after": table("money")["short_amount_after"],
    }


# --- pieces --------------------------------------------------------------------------------
#: "$", "US$", "KZT", "€" (not inside a word: "BKZT" is no currency)
PREFIX = r"(?<![\p{L}])(?<!['’](?=\p{L}))(?P<cur>\L<cur_prefix>)"
#: "T4.2 trillion": the letter in its case, not after a word, digit or apostrophe ("don't")
LETTER = r"(?<![\p{L}\p{N}'’])(?P<cur>(?-i:\L<cur_letters>))"
#: "tenge", "Kazakh tenge", "USD", "euros" (a whole word); a code in its case ("500 kgs" is
#: kilograms, "500 million KGS" the som)
SUFFIX = r"(?P<cur>(?-i:\L<cur_codes>)|\L<cur_words>)(?![\p{L}])"
#: a bare digit amount with its magnitude: "750", "850 million", "2.5tln"
AMOUNT = rf"(?:{DIGITS}{SCALE}?)"
#: an amount that states its magnitude: "4.2 trillion", "850bn", "5 trillion 126.4 bln."
SCALED_AMOUNT = rf"(?:{DIGITS}(?:{COMPOUND}|{SCALE}))"
#: digits in groups of three, which no model name or grade is written with: "3,450" in "T3,450"
GROUPED_AMOUNT = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,.]?\d))"

#: "per $1" is the denominator of a rate ("442.05 tenge per $1"), not an amount
_PER = regex.compile(r"\bper\s+$", regex.IGNORECASE)
#: "from $1.5bn to $2bn" states two amounts, not one range
_FROM = regex.compile(r"\bfrom\s+$", regex.IGNORECASE)


def _currency(surface: str) -> str:
    code = lookup(currency_lookup(), surface)
    if code is None:  # a shared word with no plain reading: its first currency
        code = next(iter(shared_currency_words()[surface.lower()].values()))
    return check_currency(code)


@cache
def _ambiguous() -> frozenset[str]:
    """Currency words that are also plain English: "won", "sum"."""
    return frozenset(w.lower() for c in currencies() for w in c.ambiguous)


def _single(name: str):
    def build(m: regex.Match, text: str) -> Mention | None:
        if preceded_by(text, m.start("fig"), _PER):
            return None
        num = m.group("num")
        value = parse_number(num)
        if value is None or year_not_amount(text, m.start("num"), num):
            return None  # "In 2024 tenge deposits grew"
        if (m.group("cur").lower() in _ambiguous() and number_scale(num) is None
                and not home_named(text, m.start("fig"), m.group("cur"))):
            return None  # "12 won grants" (but "In Uzbekistan, a loaf costs 4,500 sum")
        return Mention(Kind.MONEY, m.start("fig"), m.end("fig"), value, _currency(m.group("cur")), name,
                       number_text=m.group("num"), unit_text=m.group("cur"))
    return build


@cache
def _letter_amount() -> regex.Pattern:
    """A tenge-letter amount that is money on its own: "T3,450", "T4.2 trillion"."""
    return compile_rule(rf"{LETTER}(?:{SCALED_AMOUNT}|{GROUPED_AMOUNT})", **_lists())


def _beside_letter_amount(name: str):
    """ "T210 more than a year earlier" is money in a sentence that already states a tenge-letter
    amount ("rose to T3,450, T210 more"); alone, "T210" may be a model name."""
    inner = _single(name)

    def build(m: regex.Match, text: str) -> Mention | None:
        if not sentence_has(text, _letter_amount()):
            return None
        return inner(m, text)
    return build


def _hundredths(name: str):
    """ "35 cents" is 0.35 USD, "2.4 pence" 0.024 GBP."""
    def build(m: regex.Match, text: str) -> Mention | None:
        value = parse_number(m.group("num"))
        if value is None or year_not_amount(text, m.start("num"), m.group("num")):
            return None
        code, f = lookup(subunit_lookup(), m.group("cur"))
        return Mention(Kind.MONEY, m.start("fig"), m.end("fig"), float(f"{value * f:.12g}"), check_currency(code),
                       name, number_text=m.group("num"), unit_text=m.group("cur"))
    return build


#: where the clause of an amount starts: a comma, semicolon, colon or bracket, or a
#: conjunction that opens another clause
_CLAUSE_START = regex.compile(r"(?r)[,;:()]|(?<![\p{L}])(?:while|whereas|but)(?![\p{L}])", regex.IGNORECASE)


@cache
def _country_names() -> list[str]:
    """The countries of the shared currency words, longest first."""
    return sorted({c for m in shared_currency_words().values() for c in m}, key=len, reverse=True)


@cache
def _country_pattern() -> regex.Pattern:
    """Those countries, searched backwards from an amount."""
    return regex.compile(r"(?r)(?<![\p{L}])\L<countries>(?![\p{L}])", countries=_country_names())


def clause_country(text: str, start: int) -> str | None:
    """The country named nearest before ``start`` in the same clause, within :data:`LOOKBACK`:
    "Mexico" in "Mexico's Pemex paid 120 billion pesos"."""
    lo = max(0, start - LOOKBACK)
    stop = _CLAUSE_START.search(text, lo, start)
    if stop is not None:
        lo = stop.end()
    found = _country_pattern().search(text, lo, start)
    return found.group(0) if found else None


#: how far back in its sentence an amount's country is looked for beyond its clause
SENTENCE_LOOKBACK = 400


@cache
def _countries_forward() -> regex.Pattern:
    """Those countries, every one in a stretch of the sentence."""
    return regex.compile(r"(?<![\p{L}])\L<countries>(?![\p{L}])", countries=_country_names())


def sentence_code(text: str, start: int, word: str) -> str | None:
    """The one currency of ``word`` whose countries are named before ``start`` in the sentence:
    "Mexico's Pemex said its output fell 8.2%, and its debt stood at 1.7 trillion pesos" (MXN).
    Countries of two currencies of the word ("Mexico and Argentina ... pesos") give none."""
    codes_of = shared_currency_words()[word.lower()]
    codes = {codes_of[c.group(0)] for c in _countries_forward().finditer(text, max(0, start - SENTENCE_LOOKBACK), start)
             if c.group(0) in codes_of}
    return codes.pop() if len(codes) == 1 else None


@cache
def _homes() -> dict[str, regex.Pattern]:
    """Each ambiguous currency word (lower case) -> its currency's countries, searched for."""
    return {w.lower(): regex.compile(r"(?<![\p{L}])\L<countries>(?![\p{L}])", countries=list(c.countries))
            for c in currencies() if c.countries for w in c.ambiguous}


def home_named(text: str, start: int, word: str) -> bool:
    """Whether the sentence names the country of an ambiguous currency word before its amount
    (within :data:`SENTENCE_LOOKBACK`): "In Uzbekistan, a loaf costs 4,500 sum"; the word alone
    ("a 4,500 sum in the last cell") is plain English."""
    home = _homes().get(word.lower())
    return home is not None and home.search(text, max(0, start - SENTENCE_LOOKBACK), start) is not None


def _shared(name: str):
    """A word several currencies share, read as the currency of the country of its clause,
    else of the one country of it named before it in the sentence; with no such country the
    plain reading (if the word has one) is left to the next rule."""
    def build(m: regex.Match, text: str) -> Mention | None:
        country = clause_country(text, m.start("fig"))
        code = shared_currency_words()[m.group("cur").lower()].get(country) if country else None
        if code is None:
            code = sentence_code(text, m.start("fig"), m.group("cur"))
        if code is None:
            return None
        if weight_after(text, m.end("fig"), m.group("cur")):
            return None  # "2 million pounds of U3O8" is a mass
        mention = _single(name)(m, text)
        return None if mention is None else dataclasses.replace(mention, unit=check_currency(code))
    return build


def _range(name: str):
    def build(m: regex.Match, text: str) -> Mention | None:
        values = range_values(m.group("num"), m.group("num2"))
        if values is None:
            return None
        if two_levels(text, m.start("fig"), m.group("fig")) or (
                " to " in m.group("fig").lower() and preceded_by(text, m.start("fig"), _FROM)
                and number_scale(m.group("num")) is not None):
            return None  # "rose from $450 to $500 million", "from $1.5bn to $2bn": two figures
        return Mention(Kind.MONEY, m.start("fig"), m.end("fig"), values[0], _currency(m.group("cur")), name,
                       value_max=values[1], qualifier=Qualifier.RANGE,
                       number_text=f"{m.group('num')}-{m.group('num2')}", unit_text=m.group("cur"))
    return build


#: the rule of exchange rates, whose parallel clauses quote their own currency
_RATE_RULE = "<amount> per dollar"
#: "per dollar", "per US dollar", "per U.S. dollar": an exchange rate's unit of account
PER_DOLLAR = r"\s+per\s+(?:U\.?S\.?\s+|American\s+)?dollar(?![\p{L}])"


@cache
def _rate_currency() -> regex.Pattern:
    """Currency words and codes other than the dollar's, searched backwards: the currency a
    rate "per dollar" is quoted in ("the tenge firmed to 512.30 per dollar")."""
    names = sorted({w for c in currencies() if c.code != "USD" for w in (*c.words, *c.codes)},
                   key=len, reverse=True)
    return regex.compile(r"(?r)(?<![\p{L}])\L<names>(?![\p{L}])", names=names, flags=regex.IGNORECASE)


def _rate(name: str):
    """"512.30 per dollar", "between 500 and 530 per dollar": an exchange rate, in the currency
    named nearest before it in its sentence; none named, no figure."""
    def build(m: regex.Match, text: str) -> Mention | None:
        found = _rate_currency().search(text, max(0, m.start("fig") - LOOKBACK), m.start("fig"))
        if found is None:
            return None
        num, num2 = m.group("num"), m.group("num2")
        value = parse_number(num)
        if value is None or year_not_amount(text, m.start("num"), num):
            return None
        low, high = range_values(num, num2) or (None, None) if num2 else (value, None)
        if low is None:
            return None  # "between 530 and 500 per dollar" is no range
        return Mention(Kind.MONEY, m.start("fig"), m.end("fig"), low, _currency(found.group(0)), name,
                       value_max=high, qualifier=Qualifier.RANGE if num2 else None,
                       number_text=f"{num}-{num2}" if num2 else num, unit_text=found.group(0))
    return build


def _clause_rate_currency(head: Mention, text: str, lo: int, hi: int) -> str | None:
    """The currency a parallel clause quotes against the dollar after a rate: "18.34" in
    "the rupee slipped to 90.86 per dollar, and the Mexican peso lost 0.5% to 18.34"."""
    if head.rule != _RATE_RULE:
        return None
    found = _rate_currency().search(text, lo, hi)
    return _currency(found.group(0)) if found else None


_rule = rule_maker(_lists)
#: how far "between " may stand before its first amount
_BETWEEN = 24


RULES: list[Rule] = [
    _rule("<currency><amount>-<currency>?<amount>",
          rf"(?P<fig>{PREFIX}\s?(?P<num>{AMOUNT})(?:{RANGE_DASH}|{RANGE_TO})(?:\L<cur_prefix>)?\s?(?P<num2>{AMOUNT}))",
          ("$750-$850 million", "$450 to $500 million", "$2-3 billion"), _range("<currency><amount>-<currency>?<amount>"),
          anchors=[CURRENCY_ANCHOR]),
    _rule("<amount>-<amount> <currency>",
          rf"(?P<fig>(?P<num>{NUMBER})(?:{RANGE_DASH}|{RANGE_TO})(?P<num2>{NUMBER})\s?{SUFFIX})",
          ("2-3 billion tenge", "5 to 7 million euros"), _range("<amount>-<amount> <currency>"),
          needs=("cur_suffix",)),
    _rule("between <currency>?<amount> and <currency>?<amount>",
          rf"\bbetween\s+(?P<fig>(?P<cur>\L<cur_prefix>)\s?(?P<num>{AMOUNT})\s+and\s+(?:\L<cur_prefix>)?\s?(?P<num2>{AMOUNT}))",
          ("between $2 and $3 billion",), _range("between <currency>?<amount> and <currency>?<amount>"),
          anchors=[CURRENCY_ANCHOR], lead=_BETWEEN, needs=(BETWEEN,)),
    _rule("between <letter><amount> and <letter>?<amount>",
          rf"\bbetween\s+(?P<fig>{LETTER}(?P<num>{SCALED_AMOUNT})\s+and\s+(?-i:\L<cur_letters>)?(?P<num2>{SCALED_AMOUNT}))",
          ("between T2.4 trillion and T2.6 trillion", "between Т300 billion and 350 billion"),
          _range("between <letter><amount> and <letter>?<amount>"),
          anchors=[CURRENCY_ANCHOR], lead=_BETWEEN, needs=(BETWEEN,)),
    _rule("between <amount> and <amount> <currency>",
          rf"\bbetween\s+(?P<fig>(?P<num>{NUMBER})\s+and\s+(?P<num2>{NUMBER})\s?{SUFFIX})",
          ("between 2 and 3 trillion tenge",), _range("between <amount> and <amount> <currency>"),
          lead=_BETWEEN, needs=(BETWEEN, "cur_suffix")),
    _rule(_RATE_RULE,
          rf"(?<![\p{{L}}\p{{N}}$.,])(?P<fig>(?P<num>{DIGITS})(?:(?:\s+and\s+|{RANGE_DASH})(?P<num2>{DIGITS}))?{PER_DOLLAR})",
          ("the tenge firmed 0.7% to 512.30 per dollar", "the rouble between 95 and 100 per dollar",
           "the tenge at 495-520 per dollar"),
          _rate(_RATE_RULE), needs=(("per",),)),
    _rule("<code>/<code> ... at <amount>",
          rf"(?<![\p{{L}}])(?-i:\L<cur_codes>)/(?P<cur>(?-i:\L<cur_codes>))(?![\p{{L}}])(?:\s+[\p{{L}}-]+){{0,4}}?"
          rf"\s+(?:at|to|of)\s+(?P<fig>(?P<num>{DIGITS}))(?![\p{{L}}\p{{N}}%])",
          ("the USD/KZT rate closed at 512.40", "the EUR/KZT pair rose to 560.1"),
          _single("<code>/<code> ... at <amount>"), anchors=[CURRENCY_ANCHOR]),
    _rule("<currency><amount>",
          rf"(?P<fig>{PREFIX}\s?(?P<num>{NUMBER_BODY}))",
          ("$1.62bn", "US$ 5 million", "USD 300 million", "KZT2.5tln", "€40 million", "₸1.5tn"),
          _single("<currency><amount>"), anchors=[CURRENCY_ANCHOR]),
    _rule("<letter><amount with magnitude>",
          rf"(?P<fig>{LETTER}(?P<num>{SCALED_AMOUNT}))",
          ("T4.2 trillion", "Т850 billion", "T18.4tn", "T5 trillion 126.4 bln."),
          _single("<letter><amount with magnitude>"), anchors=[CURRENCY_ANCHOR]),
    _rule("<letter><grouped amount>",
          rf"(?P<fig>{LETTER}(?P<num>{GROUPED_AMOUNT}))",
          ("T3,450", "Т12,300.50"),
          _single("<letter><grouped amount>"), anchors=[CURRENCY_ANCHOR]),
    _rule("<letter><short amount> (beside a tenge-letter amount)",
          rf"(?P<fig>{LETTER}(?P<num>\d{{1,3}}(?:\.\d+)?))(?![\d,.]?\d)(?![\p{{L}}\p{{N}}-])"
          rf"(?=\s*(?:[,.;:)]|$)|\s+(?:\L<short_amount_after>)(?![\p{{L}}]))",
          ("rose to T3,450, T210 more than a year earlier", "reached T4.1 billion, and a ticket rose to T950."),
          _beside_letter_amount("<letter><short amount> (beside a tenge-letter amount)"), anchors=[CURRENCY_ANCHOR]),
    _rule("<amount> <hundredths>",
          rf"(?P<fig>(?P<num>{NUMBER})\s?(?P<cur>\L<cur_sub>))(?![\p{{L}}])",
          ("35 cents", "4.5 euro cents", "2.4 pence"), _hundredths("<amount> <hundredths>"), needs=("cur_sub",)),
    _rule("<country> ... <amount> <shared currency word>",
          rf"(?P<fig>(?P<num>{NUMBER})\s?(?P<cur>\L<cur_shared>))(?![\p{{L}}])",
          ("Mexico's Pemex paid 120 billion pesos", "Pakistan raised 90 billion rupees"), _shared("<country> ... <amount> <shared currency word>"),
          needs=("cur_shared",)),
    _rule("<amount> <currency>",
          rf"(?P<fig>(?P<num>{NUMBER})\s?{SUFFIX})",
          ("1.5 trillion tenge", "50 billion Kazakh tenge", "300 million USD", "one trillion tenge"),
          _single("<amount> <currency>"), needs=("cur_suffix",)),
]


def unit_of(surface: str) -> tuple[str, float]:
    """A currency as written -> (its ISO code, 1.0): amounts are never converted between
    currencies; a hundredth gives its factor ("cents" -> ("USD", 0.01))."""
    sub = lookup(subunit_lookup(), surface)
    if sub is not None:
        return check_currency(sub[0]), sub[1]
    return _currency(surface), 1.0


SPEC = KindSpec(
    kind=Kind.MONEY, rules=tuple(RULES), priority=0,
    canonical_units=lambda: tuple(c.code for c in currencies()),
    unit_words=lambda: [*_lists()["cur_suffix"], *_lists()["cur_sub"], *_lists()["cur_shared"]],
    unit_of=unit_of, borrow=Borrow(own_unit=_clause_rate_currency),
    anchor_words=lambda: {CURRENCY_ANCHOR: [*_lists()["cur_prefix"], *_lists()["cur_letters"]]},
    unit_label="ISO 4217 currency code", vocabulary="currencies",
)


def extract(text: str) -> list[Mention]:
    """Money mentions in one sentence (and bare numbers that borrow their currency)."""
    from ..scan import extract_kind
    return extract_kind(SPEC, text)
