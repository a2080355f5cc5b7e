"""Accuracy on the held-out set ``tests/heldout``: pages written after the rules, with hand-made
gold (see ``tests/heldout/README.md``), in rounds scored separately.

The pages are extracted in-process and the table is scored with the shared scorer
``../shared/eval/score.py``. When the set was made the rules had never seen it: 248 gold
figures, F1 0.986 overall (count 0.941, money 0.982, rank 0.977, the others 1.000), qualifier
0.992, change 0.979, period 0.874. The errors it showed were then fixed by general rules
(reporting dates, comparison bases, "the number of ...", ...), which brought it to:

    kind       gold  pred   tp     P      R      F1
    count        36    35   35  1.000  0.972  0.986
    mass         24    24   24  1.000  1.000  1.000
    money        55    55   55  1.000  1.000  1.000
    percent      62    62   62  1.000  1.000  1.000
    quantity     49    49   49  1.000  1.000  1.000
    rank         22    21   21  1.000  0.955  0.977
    ALL         248   246  246  1.000  0.992  0.996
    qualifier accuracy 1.000 (246 matched), change 0.996, period 0.988 (169 judged)

so it now guards those fixes too. Each threshold is the measured value rounded down to a
multiple of 0.05 (and never below 0.80): the test catches a regression and does not demand
more than was measured.

Round 2, ``tests/heldout/pages2`` with ``gold2``: ten more pages on new topics (metals, banks,
an IPO, housing, aviation, livestock, water, IT, external debt, coal, the tenge, cars, fuel),
written and annotated after round 1 was fixed. First measurement, before any rule saw them:

    kind       gold  pred   tp     P      R      F1
    count        45    36   36  1.000  0.800  0.889
    mass         30    30   30  1.000  1.000  1.000
    money        54    51   51  1.000  0.944  0.971
    percent      73    73   70  0.959  0.959  0.959
    quantity     17    17   17  1.000  1.000  1.000
    rank         12     7    7  1.000  0.583  0.737
    ALL         231   214  211  0.986  0.913  0.948
    qualifier accuracy 0.995 (211 matched), change 0.986, period 0.876 (161 judged)

The errors it showed were fixed by general rules in turn (signs as changes, "N head", currency
pairs, "the largest <noun>" after a linking verb, months after "over"/"early", comparison
bases after "on"/"from"), which brought it to:

    kind       gold  pred   tp     P      R      F1
    count        45    42   42  1.000  0.933  0.966
    mass         30    30   30  1.000  1.000  1.000
    money        54    53   53  1.000  0.981  0.991
    percent      73    73   73  1.000  1.000  1.000
    quantity     17    17   17  1.000  1.000  1.000
    rank         12    12   12  1.000  1.000  1.000
    ALL         231   227  227  1.000  0.983  0.991
    qualifier accuracy 0.996 (227 matched), change 0.996, period 0.994 (172 judged)

Its floors follow the same rule.

Round 3, ``tests/heldout/pages3`` with ``gold3``: ten more pages on new topics and in new styles
(farm machinery, Caspian ports, car assembly, reservoirs, critical minerals, rural hospitals,
trade in yuan, e-commerce, a regional roundup in sum, som, manat and rubles, grants and schools,
pension assets, prices, Baikonur; a feature with quotes, a Trend wire, dash bullets, an interview,
a statistics release), written and annotated after round 2 was fixed. First measurement, before
any rule saw them:

    kind       gold  pred   tp     P      R      F1
    count        60    49   49  1.000  0.817  0.899
    mass         10    10   10  1.000  1.000  1.000
    money        63    62   62  1.000  0.984  0.992
    percent      76    76   76  1.000  1.000  1.000
    quantity     20    18   18  1.000  0.900  0.947
    rank          9     8    8  1.000  0.889  0.941
    ALL         238   223  223  1.000  0.937  0.967
    qualifier accuracy 0.996 (223 matched), change 0.987, period 0.957 (161 judged)

Its errors were then fixed by general rules (hyphened capacities and areas, "the largest in
<place>", "N% cheaper", brackets after a change, "an estimated cost of", targets and "since"
spans kept out of the article's period, an undated page read against the year it names most,
"a year earlier" counted back from the sentence's year), which brought it to:

    kind       gold  pred   tp     P      R      F1
    count        60    51   51  1.000  0.850  0.919
    mass         10    10   10  1.000  1.000  1.000
    money        63    62   62  1.000  0.984  0.992
    percent      76    76   76  1.000  1.000  1.000
    quantity     20    20   20  1.000  1.000  1.000
    rank          9     9    9  1.000  1.000  1.000
    ALL         238   228  228  1.000  0.958  0.979
    qualifier accuracy 1.000 (228 matched), change 1.000, period 1.000 (163 judged)

Its floors are these values rounded down by the same rule.

Round 4, ``tests/heldout/pages4`` with ``gold4``: eight more pages in the rougher style of wire copy
("mln"/"bln"/"trln.", "thsd tons", "pct", "9M2025", "H1 2025", "Jan-Aug 2025", "year-to-date",
"as of end-2024", "the 2024/25 season"; steel, cement, flour to Afghanistan, Eurobonds and
remittances, consumer loans and mortgages, Halyk and Kaspi results, Turkistan tourism, fuel and
utility tariffs, melons, cotton and poultry, rail passengers and buses), written and annotated after
round 3 was fixed. First measurement, before any rule saw them:

    kind       gold  pred   tp     P      R      F1
    count        29    25   25  1.000  0.862  0.926
    mass         20    17   17  1.000  0.850  0.919
    money        39    39   38  0.974  0.974  0.974
    percent      62    62   62  1.000  1.000  1.000
    quantity      7     7    6  0.857  0.857  0.857
    rank          3     3    3  1.000  1.000  1.000
    ALL         160   153  151  0.987  0.944  0.965
    qualifier accuracy 0.993 (151 matched), change 0.927, period 0.891 (119 judged)

Its errors were then fixed by general rules ("thsd", a date before "to <amount>", price
denominators after "per", "shed"/"edged up", change nouns as subjects with "will be", "9M"
alone, years in asides such as "opened in 2020", times of a later coordinated clause, future
targets kept out of what is carried), which brought it to:

    kind       gold  pred   tp     P      R      F1
    count        29    26   26  1.000  0.897  0.945
    mass         20    20   20  1.000  1.000  1.000
    money        39    39   39  1.000  1.000  1.000
    percent      62    62   62  1.000  1.000  1.000
    quantity      7     7    7  1.000  1.000  1.000
    rank          3     3    3  1.000  1.000  1.000
    ALL         160   157  157  1.000  0.981  0.991
    qualifier accuracy 0.994 (157 matched), change 0.949, period 0.919 (124 judged)

Its floors are these values rounded down by the same rule.

Round 5, ``tests/heldout/pages5`` with ``gold5``: six more pages in the style of the Foreign Ministry
listing of the shared corpus (four listings whose 24 articles are mostly diplomatic news, 14 of them
without any figure, full of anniversaries, meeting ordinals, "C5+1", "UN80", "EXPO-2017", articles,
times, phone numbers and ages; two Kazinform pages on trade with India and Korea), written and
annotated after round 4 was fixed. First measurement, before any rule saw them:

    kind       gold  pred   tp     P      R      F1
    count        38    35   35  1.000  0.921  0.959
    mass         11    11   11  1.000  1.000  1.000
    money        35    35   35  1.000  1.000  1.000
    percent      17    17   17  1.000  1.000  1.000
    quantity      3     3    3  1.000  1.000  1.000
    rank          7     6    6  1.000  0.857  0.923
    ALL         111   107  107  1.000  0.964  0.982
    qualifier accuracy 1.000 (107 matched), change 1.000, period 0.983 (60 judged)

No row came from the 14 figure-free articles; ``test_no_rows_in_figure_free_articles`` keeps it so.
Its floors are these values rounded down by the same rule.

Round 6, ``tests/heldout/pages6`` with ``gold6``: twelve more pages written for the classes of miss
seen on real pages (figures in titles, numbers written the Kazakh-Russian way, "T"/"Т" before tenge,
ranks without an ordinal suffix, bare numbers in lists, the world's currencies and units in wire
copy, idioms and vague counts), annotated with title figures as ``GOLD.md`` now asks. First
measurement, before any rule saw them (titles were not yet extracted):

    kind       gold  pred   tp     P      R      F1
    count        21    21   13  0.619  0.619  0.619
    mass         31    23   13  0.565  0.419  0.481
    money        68    43   34  0.791  0.500  0.613
    percent      31    29   27  0.931  0.871  0.900
    quantity     14    12   12  1.000  0.857  0.923
    rank         34    14   14  1.000  0.412  0.583
    ALL         199   142  113  0.796  0.568  0.663
    qualifier accuracy 1.000 (113 matched), change 0.991, period 0.769 (39 judged)

Most kinds measured far below the 0.80 minimum, so round 6 is guarded at the measured values
rounded down (no minimum), and the F1 the project aims for on unseen pages (0.92 per kind) is an
expected failure (strict) for each kind measured below it: when a kind gets there its marker has
to go.

When titles came to be extracted (the ``section`` column) round 6 measured F1 0.693 (count 0.619,
mass 0.536, money 0.649, percent 0.918, quantity 0.963, rank 0.612; period 0.800), and the 17 title
figures of rounds 1, 2, 3 and 5 were added to their gold, as ``GOLD.md`` now asks.

When ranks without an ordinal suffix came to be read ("tops the list", "the leader", "came second
with ...", "the most tourists") and counts of attributions and idioms were dropped ("two industry
sources said", "two steps back"), round 6 measured rank F1 1.000 (was 0.612) and count precision
0.684 (was 0.619); the rank floor rose to 0.95 and its target marker went.

Numbers written the Kazakh-Russian way ("2 million 75.3 thousand tons", "KZT 68.tn", "thou"), the
tenge as "T"/"Т" before an amount with a magnitude and the currencies of wire copy ("HK $", "S $",
"RM", "$US", "pc") then brought round 6 to F1 0.863 (count 0.732, mass 0.877, money 0.929, percent
0.952, quantity 0.963, rank 0.612; period 0.862), measured without the rank rules above: money and
percent reached the target.

Round 7, ``tests/heldout/pages7`` with ``gold7``: twelve more pages on topics and in styles no round had
(budget execution, mortgages, rail freight, a regional akimat report with dash lists, a central-bank
reserves release, a talent ranking, an airline's quarterly report, wheat in new markets, a tourism
listing; wire copy on uranium, oil and currencies in rupees, yuan, euros, pounds sterling and pesos,
with pounds of weight, cubic feet and barrels), annotated before the extractor was run on them.
First measurement, before any rule saw them:

    kind       gold  pred   tp     P      R      F1
    count        34    34   29  0.853  0.853  0.853
    mass         32    29   29  1.000  0.906  0.951
    money        79    73   72  0.986  0.911  0.947
    percent      69    69   69  1.000  1.000  1.000
    quantity     14    12   12  1.000  0.857  0.923
    rank         31    28   28  1.000  0.903  0.949
    ALL         259   245  239  0.976  0.923  0.948
    qualifier accuracy 0.992 (239 matched), change 0.987, period 0.880 (166 judged), metric 0.695

Its floors follow the rounding rule (every kind measured above 0.80); count, below the 0.92 target,
is a strict expected failure of the target as in round 6.

The units of international wires (cents and pence as hundredths of their currency, pesos by the
country of their clause, pounds of U3O8 and gigatonnes as mass, cubic feet, ".001 per cent", "kt"
after a speed word as knots, no count of "pesos" or "pounds", "on a 100% basis" no figure) then
brought round 6 to F1 0.964 (count 0.833, mass 0.949, money 0.962, percent 1.000, quantity 1.000,
rank 1.000) and round 7 to F1 0.966 (count 0.921, mass 0.984, money 0.954, percent 1.000, quantity
0.966, rank 0.949): mass in round 6 and count in round 7 reached the target.

Lists whose unit or counted thing is said once ("31 thousand foreign tourists: Mangystau region -
14,620, ...", a list that opens the sentence after its total, "New enterprises: Almaty - 3,140"),
each item taking the unit of the figure heading its list and of no other, and counted things in
title-case headlines ("Fund to Finance 12 Projects") then brought round 6 to F1 0.992 (count
1.000, mass 0.984, money 0.985, percent, quantity and rank 1.000) and round 7 to F1 0.976 (count
0.985, mass 0.984, money 0.954, percent 1.000, quantity 1.000, rank 0.949): every kind of both
rounds is at the target.

Round 8, ``tests/heldout/pages8`` with ``gold8``: twelve more pages on topics no round had (fertilisers,
Caspian fish, wool and hides, electricity exports, tourists from India and the Gulf, insurance, telecom,
construction materials, the National Bank's gold and silver, National Fund transfers, sugar beet; wire
copy on OPEC+, copper and wheat futures and emerging-market currencies with the rand, francs, kroner,
rupees, riyals, pesos, cents, pence, "A$", "RM", "HK$", "$US" and acres), annotated before the extractor
was run on them. First measurement, before any rule saw them:

    kind       gold  pred   tp     P      R      F1
    count        22    14   14  1.000  0.636  0.778
    mass         51    51   51  1.000  1.000  1.000
    money        82    79   76  0.962  0.927  0.944
    percent      68    68   68  1.000  1.000  1.000
    quantity     28    26   26  1.000  0.929  0.963
    rank         34    24   24  1.000  0.706  0.828
    ALL         285   262  259  0.989  0.909  0.947
    qualifier accuracy 1.000 (259 matched), change 0.973, period 0.868 (228 judged), metric 0.629

Its floors follow the rounding rule, except count, measured below the 0.80 minimum and guarded at
0.75 as round 2's rank was; count and rank, below the 0.92 target, are strict expected failures of
the target. Places said without a verb or an ordinal ("and Zhambyl region third with ...", "with
Germany the largest buyer", "Beeline, the leader by revenue", "the best performer among ...", a
title's "leads EM currency gains", the plural "remain the leader in") then brought its rank to 1.000.
Counted things whose name holds a digit ("2,488 5G base stations"), peoples ("ethnic Koreans"), place
points ("pick-up points"), counts pointed back to ("their number shrank to 221", "bringing its fleet to
59"), the bare numbers of a ranking by a counted thing ("tops the list of operators by subscribers with
10.2 mln."), a tenge letter before a short amount beside another ("T210 more"), list items after a head
that took its unit late ("received 1.6 billion, Uzbekistan - 0.9 billion") and a superlative
coordinated with a ranked one then brought round 8 to count 0.977, money, quantity and rank 1.000,
every other kind of rounds 1 to 8 at or above 0.98.

Round 9, ``tests/heldout/pages9`` with ``gold9``: twelve more pages on topics no round had
(pharmaceuticals, transit containers and the Khorgos dry port, a venture fund, poultry and eggs,
irrigation, car production, ski resorts, remittances, government debt and eurobonds, cotton, retail
and e-commerce; wire copy on coal, central banks and ferrochrome), annotated before the extractor was
run on them. First measurement, before any rule saw them:

    kind       gold  pred   tp     P      R      F1
    count        36    31   31  1.000  0.861  0.925
    mass         28    28   28  1.000  1.000  1.000
    money        87    88   83  0.943  0.954  0.949
    percent      86    86   86  1.000  1.000  1.000
    quantity     24    24   24  1.000  1.000  1.000
    rank         34    25   25  1.000  0.735  0.847
    ALL         295   282  277  0.982  0.939  0.960
    qualifier accuracy 1.000 (277 matched), change 0.989, period 0.841 (245 judged), metric 0.711

Its floors follow the rounding rule.

Round 10, ``tests/heldout/pages10`` with ``gold10``: ten more pages on topics no round had (sunflower
oil, titanium sponge, green hydrogen, gasification, cinema, sulphur, card payments, tree planting,
housing prices; wire copy on tungsten, rice and bitcoin mining), annotated before the extractor was
run on them. First measurement, before any rule saw them:

    kind       gold  pred   tp     P      R      F1
    count        45    42    41  0.976  0.911  0.943
    mass         39    38    38  1.000  0.974  0.987
    money        71    70    70  1.000  0.986  0.993
    percent      56    58    56  0.966  1.000  0.982
    quantity     29    28    28  1.000  0.966  0.982
    rank         39    31    31  1.000  0.795  0.886
    ALL         279   267   264  0.989  0.946  0.967
    qualifier accuracy 0.989 (264 matched), change 0.992, period 0.946 (204 judged), metric 0.614

Its floors follow the rounding rule.

Round 11, ``tests/heldout/pages11`` with ``gold11``: five more pages (honey, flaxseed, milk,
e-government, furniture; wire copy on lithium and LNG), annotated before the extractor was run on
them. First measurement, after the rules written from round 10 and before any rule saw round 11:

    kind       gold  pred   tp     P      R      F1
    count        26    25    25  1.000  0.962  0.980
    mass         29    29    29  1.000  1.000  1.000
    money        29    29    29  1.000  1.000  1.000
    percent      26    27    26  0.963  1.000  0.981
    quantity      9     9     9  1.000  1.000  1.000
    rank         25    17    17  1.000  0.680  0.810
    ALL         144   136   135  0.993  0.938  0.964
    qualifier accuracy 0.993 (135 matched), change 0.993, period 0.974 (116 judged), metric 0.741

Its floors follow the rounding rule.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

HELDOUT = Path(__file__).resolve().parent / "heldout"
ROUNDS = {
    "round1": (HELDOUT / "pages", sorted((HELDOUT / "gold").glob("*.jsonl")), 12),
    "round2": (HELDOUT / "pages2", sorted((HELDOUT / "gold2").glob("*.jsonl")), 10),
    "round3": (HELDOUT / "pages3", sorted((HELDOUT / "gold3").glob("*.jsonl")), 10),
    "round4": (HELDOUT / "pages4", sorted((HELDOUT / "gold4").glob("*.jsonl")), 8),
    "round5": (HELDOUT / "pages5", sorted((HELDOUT / "gold5").glob("*.jsonl")), 6),
    "round6": (HELDOUT / "pages6", sorted((HELDOUT / "gold6").glob("*.jsonl")), 12),
    "round7": (HELDOUT / "pages7", sorted((HELDOUT / "gold7").glob("*.jsonl")), 12),
    "round8": (HELDOUT / "pages8", sorted((HELDOUT / "gold8").glob("*.jsonl")), 12),
    "round9": (HELDOUT / "pages9", sorted((HELDOUT / "gold9").glob("*.jsonl")), 12),
    "round10": (HELDOUT / "pages10", sorted((HELDOUT / "gold10").glob("*.jsonl")), 10),
    "round11": (HELDOUT / "pages11", sorted((HELDOUT / "gold11").glob("*.jsonl")), 5),
}
# the measured values rounded down to a multiple of 0.05, never below 0.80 (round 6: no minimum)
F1_AT_LEAST = {
    "round1": {"count": 1.00, "mass": 1.00, "money": 1.00, "percent": 1.00, "quantity": 1.00, "rank": 1.00},
    "round2": {"count": 0.95, "mass": 1.00, "money": 1.00, "percent": 1.00, "quantity": 1.00, "rank": 1.00},
    "round3": {"count": 0.95, "mass": 1.00, "money": 1.00, "percent": 1.00, "quantity": 1.00, "rank": 1.00},
    "round4": {"count": 0.95, "mass": 1.00, "money": 1.00, "percent": 1.00, "quantity": 1.00, "rank": 1.00},
    "round5": {"count": 1.00, "mass": 1.00, "money": 1.00, "percent": 1.00, "quantity": 1.00, "rank": 1.00},
    "round6": {"count": 1.00, "mass": 1.00, "money": 1.00, "percent": 1.00, "quantity": 1.00, "rank": 1.00},
    "round7": {"count": 1.00, "mass": 1.00, "money": 1.00, "percent": 1.00, "quantity": 1.00, "rank": 1.00},
    "round8": {"count": 0.95, "mass": 1.00, "money": 1.00, "percent": 1.00, "quantity": 1.00, "rank": 1.00},
    "round9": {"count": 1.00, "mass": 1.00, "money": 1.00, "percent": 1.00, "quantity": 1.00, "rank": 1.00},
    "round10": {"count": 1.00, "mass": 1.00, "money": 1.00, "percent": 1.00, "quantity": 1.00, "rank": 1.00},
}
# the F1 per kind aimed at on unseen pages; kinds of a round measured below it are strict xfails
F1_TARGET = 0.92
F1_BELOW_TARGET: dict[str, tuple[str, ...]] = {}
ATTRIBUTE_AT_LEAST = {
    "round1": {"qualifier": 1.00, "change": 1.00, "period": 0.95, "metric": 0.80},
    "round2": {"qualifier": 0.95, "change": 1.00, "period": 0.95, "metric": 0.75},
    "round3": {"qualifier": 1.00, "change": 1.00, "period": 1.00, "metric": 0.75},
    "round4": {"qualifier": 0.95, "change": 0.95, "period": 1.00, "metric": 0.75},
    "round5": {"qualifier": 1.00, "change": 1.00, "period": 1.00, "metric": 0.85},
    # metric 0.786 over 196 matched once list items and hundredths matched: most list items
    # ("The Netherlands - 118.6 billion") name no metric of their own
    "round6": {"qualifier": 1.00, "change": 1.00, "period": 0.95, "metric": 0.80},
    "round7": {"qualifier": 1.00, "change": 1.00, "period": 1.00, "metric": 0.80},
    "round8": {"qualifier": 1.00, "change": 1.00, "period": 1.00, "metric": 0.75},
    "round9": {"qualifier": 1.00, "change": 1.00, "period": 1.00, "metric": 0.75},
    "round10": {"qualifier": 0.95, "change": 1.00, "period": 1.00, "metric": 0.70},
}

FIELDS = {"source", "title", "kind", "text", "value", "unit", "qualifier", "change", "period", "metric"}


@pytest.fixture(scope="module")
def reports(score_pages) -> dict[str, dict]:
    return {name: score_pages(pages, gold) for name, (pages, gold, _) in ROUNDS.items()}


@pytest.mark.parametrize("round_", sorted(ROUNDS))
def test_gold_lines_are_well_formed_and_cite_their_page(round_: str) -> None:
    pages, gold, n = ROUNDS[round_]
    assert len(gold) == n
    assert {g.stem + ".txt" for g in gold} == {p.name for p in pages.glob("*.txt")}
    for path in gold:
        text = (pages / (path.stem + ".txt")).read_text(encoding="utf-8")
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            figure = json.loads(line)
            where = f"{path.name}:{i}"
            assert FIELDS <= figure.keys(), where
            assert figure["source"] == path.stem + ".txt", where
            assert figure["text"] in text, where
            assert (figure["qualifier"] == "range") == (figure.get("value_max") is not None), where
            assert figure["title"] is None or figure["title"] in text, where


@pytest.mark.parametrize(("round_", "kind"), [(r, k) for r in sorted(F1_AT_LEAST) for k in sorted(F1_AT_LEAST[r])])
def test_f1_per_kind(reports: dict, round_: str, kind: str) -> None:
    got = reports[round_]["kinds"][kind]
    assert got["f1"] >= F1_AT_LEAST[round_][kind], (round_, kind, got)


@pytest.mark.parametrize(("round_", "kind"), [
    pytest.param(r, k, marks=pytest.mark.xfail(reason=f"{r} {k}: measured below the target", strict=True))
    for r in sorted(F1_BELOW_TARGET) for k in F1_BELOW_TARGET[r]])
def test_f1_target_per_kind(reports: dict, round_: str, kind: str) -> None:
    got = reports[round_]["kinds"][kind]
    assert got["f1"] >= F1_TARGET, (round_, kind, got)


@pytest.mark.parametrize("round_", sorted(ATTRIBUTE_AT_LEAST))
def test_attribute_accuracy(reports: dict, round_: str) -> None:
    attrs = reports[round_]["attributes"]
    for attr, floor in ATTRIBUTE_AT_LEAST[round_].items():
        assert attrs[attr]["accuracy"] >= floor, (round_, attr, attrs[attr])


def test_no_rows_in_figure_free_articles() -> None:
    """Round 5 is about precision on diplomatic text: every row must come from an article that has
    gold figures (the pages without a title line have all their figures in gold)."""
    from kzfigures.extract import run
    from kzfigures.table import figure_rows

    pages, gold, _ = ROUNDS["round5"]
    titled = {(json.loads(line)["source"], json.loads(line)["title"])
              for path in gold for line in path.read_text(encoding="utf-8").splitlines()}
    rows = figure_rows(run([str(pages)]).figures)
    stray = [(Path(r["source_file"]).name, r["title"], r["span"]) for r in rows
             if (Path(r["source_file"]).name, r["title"]) not in titled]
    assert not stray, stray
