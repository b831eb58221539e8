"""Real-value tests of the finance pack's US inflation (CPI) and US income tax tools, and its seeds.

CPI figures are the Bureau of Labor Statistics' published CPI-U values; tax figures follow the
IRS brackets, standard deductions and tax tables of each year.
"""

from __future__ import annotations

import pytest

from dive.tools import load_seeds
from packs_util import pool_or_skip

POOL = pool_or_skip("finance")


def out(_tool: str, /, **args):  # noqa: ANN003, ANN201
    obs = POOL.call(_tool, args)
    assert obs.ok, obs.error
    return obs.output


def test_cpi_values_and_inflation() -> None:
    # BLS CPI-U (1982-84=100): 1913 annual average 9.9, June 1980 82.7, 2024 annual average 313.689.
    assert out("cpi_value", year=1913)["cpi"] == 9.9
    assert out("cpi_value", year=1980, month=6)["cpi"] == 82.7
    assert out("cpi_value", year=2024)["cpi"] == 313.689
    # $100 of 1980 (annual CPI 82.4) in 2024 dollars: 100 * 313.689 / 82.4 = $380.69.
    assert out("cpi_inflate_amount", amount=100, from_year=1980, to_year=2024)["amount"] == 380.69
    # BLS: prices rose 6.5 % over the 12 months to December 2022; the 2022 annual average rose 8.0 %.
    y2022 = out("cpi_annual_inflation", year=2022)
    assert y2022["december_to_december_percent"] == pytest.approx(6.5, abs=0.05)
    assert y2022["annual_average_percent"] == pytest.approx(8.0, abs=0.05)
    # 2000 annual average 172.2 -> 2024: 313.689 / 172.2 - 1 = 82.17 %.
    span = out("cpi_inflation_between", from_year=2000, to_year=2024)
    assert span["cumulative_percent"] == pytest.approx((313.689 / 172.2 - 1) * 100, abs=1e-3)
    # 1980 was the peak inflation year (13.5 %) of 1970-2024; 2009 the only deflation year since 1955.
    assert out("cpi_extreme_inflation_years", start_year=1970, end_year=2024, limit=1)["years"][0]["year"] == 1980
    assert out("cpi_extreme_inflation_years", start_year=1990, end_year=2024, lowest=True, limit=1)["years"][0][
        "year"] == 2009


def test_cpi_items_and_areas() -> None:
    # BLS item codes: SETB01 Gasoline (all types), SEHA Rent of primary residence.
    gas = out("cpi_item_search", query="gasoline")["items"]
    assert gas[0] == {"item_code": "SETB01", "name": "Gasoline (all types)"}
    assert "SEHA" in {i["item_code"] for i in out("cpi_item_search", query="rent primary residence")["items"]}
    # BLS release of January 2025: the food index rose 2.5 % over the 12 months to December 2024.
    food = out("cpi_item_change", item_code="SAF1", from_year=2023, from_month=12, to_year=2024, to_month=12)
    assert food["change_percent"] == pytest.approx(2.5, abs=0.05)
    # BLS: San Francisco-Oakland-Hayward is area S49B; its CPI-U averaged 348.417 in 2024.
    assert out("cpi_area_search", query="San Francisco")["areas"][0]["area_code"] == "S49B"
    sf = out("cpi_area_change", area_code="S49B", from_year=2015, to_year=2024)
    assert sf["index_to"] == 348.417


def test_federal_tax() -> None:
    # 2024, single, $100,000 wages: standard deduction $14,600 -> taxable $85,400; the IRS 2024 tax table
    # row 85,400-85,450 gives $13,847.
    fed = out("us_federal_income_tax", w2_income=100000, filing_status="single", tax_year=2024)
    assert fed["taxable_income"] == 85400 and fed["total_tax"] == 13847 and fed["marginal_bracket_percent"] == 22
    # 2025: the One Big Beautiful Bill Act raised the single standard deduction to $15,750.
    assert out("us_federal_income_tax", w2_income=100000, tax_year=2025)["taxable_income"] == 84250
    # 2024 married filing jointly: deduction $29,200 -> taxable $70,800; table midpoint 70,825:
    # 2,320 + 12 % of (70,825 - 23,200) = $8,035.
    assert out("us_federal_income_tax", w2_income=100000, filing_status="married_joint")["total_tax"] == 8035


def test_investment_and_self_employment_tax() -> None:
    # 2024 single: AGI 50,000 + 2,000 + 5,000 + 30,000 = 87,000, taxable 72,400 of which 35,000 is preferential.
    # Ordinary 37,400 (table midpoint 37,425): 1,160 + 12 % of 25,825 = 4,259; the 0 % gain bracket ends at
    # 47,025 so 9,625 is untaxed and 25,375 pays 15 % = 3,806.25. Total 8,065.25.
    inv = out("us_tax_with_investment_income", w2_income=50000, taxable_interest=2000, ordinary_dividends=5000,
              qualified_dividends=5000, long_term_capital_gains=30000)
    assert inv["adjusted_gross_income"] == 87000 and inv["total_tax"] == pytest.approx(8065.25, abs=0.01)
    # Schedule SE: 15.3 % of 92.35 % of net earnings: 100,000 * 0.9235 * 0.153 = 14,129.55.
    se = out("us_self_employment_tax", self_employment_income=100000)
    assert se["self_employment_tax"] == pytest.approx(14129.55, abs=0.01)
    assert se["adjusted_gross_income"] == pytest.approx(100000 - 14129.55 / 2, abs=0.01)


def test_state_and_planning_tools() -> None:
    # Pennsylvania taxes income at a flat 3.07 %; Texas has no income tax.
    assert out("us_state_income_tax", state_code="PA", w2_income=100000)["state_tax"] == 3070
    tx = out("us_state_income_tax", state_code="TX", w2_income=100000)
    assert tx["state_tax"] == 0 and tx["has_income_tax"] is False
    # 2025 single: $100k is in the 22 % bracket; at $300k the 35 % bracket plus the 0.9 % Additional
    # Medicare Tax on wages over $200k make 35.9 %.
    assert out("us_marginal_tax_rate", w2_income=100000, tax_year=2025)["marginal_rate_percent"] == 22
    assert out("us_marginal_tax_rate", w2_income=300000, tax_year=2025)["marginal_rate_percent"] == pytest.approx(35.9)
    # One more dollar of long-term gain on top of $300k wages: 15 % gain rate + 3.8 % net investment income tax
    # (MAGI over $200k, single) = 18.8 %.
    assert out("us_marginal_tax_rate", w2_income=300000, long_term_capital_gains=50000,
               income_type="long_term_capital_gains")["marginal_rate_percent"] == pytest.approx(18.8)
    # $13,847 is the 2024 single tax on $100,000 of wages (test_federal_tax): the smallest wage reaching it.
    assert out("us_income_for_target_tax", target_tax=13847, tax_year=2024)["w2_income"] == pytest.approx(100000, abs=1)
    # Surviving spouses use the joint rate schedule; single and separate schedules match below $243,725.
    cmp = {r["filing_status"]: r["total_tax"] for r in out("us_filing_status_comparison", w2_income=120000)["statuses"]}
    assert cmp["married_joint"] == cmp["widow"] < cmp["head_of_household"] < cmp["single"] == cmp["married_separate"]
    # 2024 joint, $150k: itemizing $40,000 instead of the $29,200 standard deduction removes $10,800 of
    # income taxed at 22 % -> saves $2,376.
    item = out("us_itemized_vs_standard_deduction", w2_income=150000, itemized_deductions=40000,
               filing_status="married_joint")
    assert item["savings_from_itemizing"] == 2376 and item["better_choice"] == "itemized"


def test_economy_failures() -> None:
    # The BLS collected no CPI for October 2025 (federal government shutdown).
    bad = POOL.call("cpi_value", {"year": 2025, "month": 10})
    assert not bad.ok and "October 2025" in bad.error
    bad = POOL.call("cpi_item_change", {"item_code": "NOPE", "from_year": 2020, "to_year": 2024})
    assert not bad.ok and "cpi_item_search" in bad.error
    bad = POOL.call("us_state_income_tax", {"state_code": "ZZ", "w2_income": 50000})
    assert not bad.ok and "two-letter" in bad.error
    bad = POOL.call("us_tax_with_investment_income", {"ordinary_dividends": 100, "qualified_dividends": 500})
    assert not bad.ok and "cannot exceed" in bad.error


def test_seeds() -> None:
    seeds = load_seeds("finance")
    assert len(seeds) >= 250
    accepted = {sem for t in POOL.list_tools() for sem in t.param_sem.values()}
    assert {s.sem for s in seeds} <= accepted
    assert all(s.domain == "finance" for s in seeds)
    by_sem = {}
    for s in seeds:
        by_sem.setdefault(s.sem, set()).add(s.value)
    assert {"USD", "JPY", "EUR"} <= by_sem["currency_code"]
    assert {"XNYS", "XLON", "XTKS"} <= by_sem["exchange_code"]
    assert {1929, 2024} <= by_sem["year"] and "SAF1" in by_sem["cpi_item_code"]


def test_seeds_fit_every_role_they_fill() -> None:
    """A seed fills any parameter of its type, and its siblings are the what-if values ("..., all else being
    equal"): each value must read plausibly in every role its type has."""
    by_sem: dict[str, set] = {}
    for s in load_seeds("finance"):
        by_sem.setdefault(s.sem, set()).add(s.value)
    # a rate is a loan's APR, a discount rate, a coupon, a yield, a risk-free rate or a dividend yield
    assert len(by_sem["interest_rate"]) >= 20 and all(0.02 <= r <= 0.09 for r in by_sem["interest_rate"])
    assert all(0.1 <= v <= 0.6 for v in by_sem["volatility"])
    # an amount is a principal, a monthly payment, a spot price or a strike: no value fits them all
    assert "money_amount" not in by_sem
    # the tax tools know 2018-2025; every year seed has a CPI-U annual average
    assert set(range(2018, 2026)) <= by_sem["year"] and min(by_sem["year"]) >= 1913
    # every day-count seed is one the bond tools take too
    for convention in by_sem["day_count_convention"]:
        obs = POOL.call("bond_price", {"settlement_date": "2024-01-15", "maturity_date": "2034-01-15",
                                       "coupon_rate": 0.06, "yield_rate": 0.08, "day_count": convention})
        assert obs.ok, obs.error
    # no country seeds: they only ever started a dead-end program (bank_add_business_days first)
    assert "country_code" not in by_sem
    from dive.tools.packs.finance.inflation import items  # noqa: PLC0415

    categories = [items()[code].lower() for code in by_sem["cpi_item_code"]]
    assert not [c for c in categories if "purchasing power" in c or c.startswith(("all items", "other "))]


def test_pack_shape() -> None:
    tools = POOL.list_tools()
    assert len(tools) >= 42
    assert sum(t.kind == "P" for t in tools) >= 8
    per_source: dict[str, int] = {}
    for t in tools:
        per_source[t.source] = per_source.get(t.source, 0) + 1
        assert t.examples, t.name
    assert max(per_source.values()) <= 30
    assert per_source.get("dive-tasks", 0) <= 5
