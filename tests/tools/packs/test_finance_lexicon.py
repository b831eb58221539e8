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
