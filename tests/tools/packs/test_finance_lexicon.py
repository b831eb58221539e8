"""The finance pack's lexicon against the deriver's rules: what makes a calculator's what-if a comparison, and
how a comparison says its second entity."""

from __future__ import annotations

from dive.chains import is_additive
from dive.lexicon import load_lexicon
from packs_util import pool_or_skip

POOL = pool_or_skip("finance")
LEX = load_lexicon(["core", "finance"])


def test_calculators_have_nothing_that_adds_up() -> None:
    # Three runs of one calculator (a rate what-if) are totalled when a field "adds up" ("the number of ..."),
    # and a total of payoff times over three rates means nothing: the what-if must be compared instead.
    # (A bond's count of remaining payments is the same for any rate, so it is never totalled.)
    for tool in POOL.list_tools():
        if tool.kind != "P" or tool.name not in LEX.tools:
            continue
        for path, fl in LEX.tools[tool.name].fields.items():
            if (tool.name, path) != ("bond_cashflow_schedule", "$.count"):
                assert not is_additive(fl.noun), (tool.name, path)


def test_the_filing_status_comes_before_the_amounts() -> None:
    # A what-if over the filing status is said "than that of <rest>" after the first shared "of": with the
    # status after "$100,000 of wages" it read "than that of wages for someone filing as head of household".
    for name in ("us_federal_income_tax", "us_self_employment_tax", "us_state_income_tax", "us_itemized_vs_standard_deduction"):
        for path, fl in LEX.tools[name].fields.items():
            head = fl.noun.split("{filing_status}")[0]
            assert " of wages" not in head and " of deductions" not in head, (name, path)


def test_an_inflation_rate_is_asked_to_the_decimal_the_bls_publishes() -> None:
    """The BLS gives 1985's December-to-December CPI-U inflation as 3.8% (CPI Detailed Report tables, one decimal);
    the index's 109.3 over 105.3 is 3.799%, which asked "to 3 decimal places" marks the published figure wrong."""
    import random  # noqa: PLC0415

    from dive.derivation.natural import Natural  # noqa: PLC0415
    from dive.exploration.programs import ProgramExplorer  # noqa: PLC0415
    from dive.records import Seed  # noqa: PLC0415

    seed = Seed(value=1985, sem="year", domain="finance")
    pool = POOL.subset(["cpi_annual_inflation"])
    trace = ProgramExplorer(LEX, {"year": [seed]}, hops=1).explore(seed=seed, toolset=pool, trace=None, round=1,
                                                                    rng=random.Random(1))
    tasks = Natural(LEX, min_calls=1).derive(trace=trace, tools={t.name: t for t in pool.list_tools()}, seed=seed,
                                             round=1, previous=None, rng=random.Random(1))
    dec = [t for t in tasks if "December-to-December" in t.query]
    assert dec, [t.query for t in tasks]
    assert dec[0].answer.value == 3.8 and "1 decimal place" in dec[0].query, (dec[0].query, dec[0].answer)
