"""US federal tax planning questions answered with tenforty: marginal rate, the wage that produces a
given tax, comparing filing statuses, and itemizing versus the standard deduction.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.finance._common import meta, money, tidy
from dive.tools.packs.finance.tax import (
    STATUS_NAMES,
    TAX_LOCK,
    FilingStatus,
    Income,
    TaxYear,
    evaluate,
    tenforty_module,
)
from dive.tools.tool import Sem, tool

_META = meta("tenforty")


class Marginal(TypedDict):
    marginal_rate_percent: Annotated[float, Sem("percent")]
    total_tax: Annotated[float, Sem("money_amount")]
    bracket_percent: Annotated[float, Sem("percent")]


@tool(kind="R", examples=[{"w2_income": 100000, "filing_status": "single", "tax_year": 2025}], **_META)
def us_marginal_tax_rate(
    w2_income: Income, filing_status: FilingStatus = "single",
    tax_year: Annotated[int, Sem("year"), Field(ge=2024, le=2025)] = 2025,
    long_term_capital_gains: Income = 0.0,
    income_type: Literal["w2_income", "long_term_capital_gains"] = "w2_income",
) -> Marginal:
    """Compute the US federal marginal tax rate: the tax on one more dollar of wages (or of long-term capital gains).

    Unlike the statutory bracket it includes surtaxes that kick in (e.g. the 0.9 % Additional Medicare
    Tax, NIIT) and the stacking of capital gains on top of wages. Tax years 2024 and 2025.

    Args:
        w2_income: yearly wages in US dollars.
        filing_status: single, married_joint, married_separate, head_of_household or widow.
        tax_year: 2024 or 2025.
        long_term_capital_gains: long-term capital gains in the same year.
        income_type: which income the extra dollar is: "w2_income" or "long_term_capital_gains".
    """
    try:
        with TAX_LOCK:
            rate = tenforty_module().marginal_rate(year=tax_year, filing_status=STATUS_NAMES[filing_status], w2_income=w2_income,
                                       long_term_capital_gains=long_term_capital_gains, wrt=income_type)
    except (ValueError, RuntimeError, OSError) as exc:
        raise ToolError(f"tenforty could not compute the marginal rate: {exc}") from None
    r = evaluate(tax_year, filing_status, w2_income=w2_income, long_term_capital_gains=long_term_capital_gains)
    return {"marginal_rate_percent": tidy(float(rate) * 100, 4), "total_tax": money(r.federal_total_tax),
            "bracket_percent": float(r.federal_tax_bracket)}


class IncomeForTax(TypedDict):
    w2_income: Annotated[float, Sem("money_amount")]
    total_tax: Annotated[float, Sem("money_amount")]
    effective_rate_percent: Annotated[float, Sem("percent")]


@tool(kind="R", examples=[{"target_tax": 20000, "filing_status": "single", "tax_year": 2024}], **_META)
def us_income_for_target_tax(
    target_tax: Annotated[float, Sem("money_amount"), Field(gt=0, le=1e8)], filing_status: FilingStatus = "single",
    tax_year: TaxYear = 2024,
) -> IncomeForTax:
    """Find the smallest yearly wage (W-2 income) whose US federal income tax reaches a target amount.

    Solved by bisection on tenforty's federal return (tax grows with wages), to the nearest dollar.

    Args:
        target_tax: the federal tax in US dollars, e.g. 20000.
        filing_status: single, married_joint, married_separate, head_of_household or widow.
        tax_year: tax year, 2018 to 2025.
    """

    def tax(wage: float) -> float:
        return float(evaluate(tax_year, filing_status, w2_income=wage).federal_total_tax)

    lo, hi = 0.0, 1e6
    while tax(hi) < target_tax:
        hi *= 4
        if hi > 1e9:
            raise ToolError(f"no wage up to $1 billion produces a tax of {target_tax}")
    while hi - lo > 0.5:
        mid = (lo + hi) / 2
        if tax(mid) >= target_tax:
            hi = mid
        else:
            lo = mid
    wage = float(round(hi))
    paid = tax(wage)
    return {"w2_income": wage, "total_tax": money(paid), "effective_rate_percent": tidy(paid / wage * 100, 4)}


class StatusRow(TypedDict):
    filing_status: Annotated[str, Sem("tax_filing_status")]
    total_tax: Annotated[float, Sem("money_amount")]
    effective_rate_percent: Annotated[float, Sem("percent")]


class StatusComparison(TypedDict):
    lowest_tax_status: Annotated[str, Sem("tax_filing_status")]
    statuses: list[StatusRow]


@tool(kind="R", examples=[{"w2_income": 120000, "tax_year": 2024}], **_META)
def us_filing_status_comparison(w2_income: Income, tax_year: TaxYear = 2024) -> StatusComparison:
    """Compare the US federal income tax on the same wages under every filing status, lowest first.

    For a couple, married_joint wages are the household's combined wages.

    Args:
        w2_income: yearly wages in US dollars.
        tax_year: tax year, 2018 to 2025.
    """
    rows: list[StatusRow] = []
    for status in STATUS_NAMES:
        r = evaluate(tax_year, status, w2_income=w2_income)
        agi = r.federal_adjusted_gross_income
        rows.append({"filing_status": status, "total_tax": money(r.federal_total_tax),
                     "effective_rate_percent": tidy(r.federal_total_tax / agi * 100, 4) if agi > 0 else 0.0})
    rows.sort(key=lambda row: row["total_tax"])
    return {"lowest_tax_status": rows[0]["filing_status"], "statuses": rows}


class Itemizing(TypedDict):
    tax_with_standard_deduction: Annotated[float, Sem("money_amount")]
    tax_with_itemized_deductions: Annotated[float, Sem("money_amount")]
    savings_from_itemizing: Annotated[float, Sem("money_amount")]
    better_choice: Literal["standard", "itemized"]


@tool(kind="R", examples=[{"w2_income": 150000, "itemized_deductions": 25000, "filing_status": "married_joint"}], **_META)
def us_itemized_vs_standard_deduction(
    w2_income: Income, itemized_deductions: Income, filing_status: FilingStatus = "single", tax_year: TaxYear = 2024,
) -> Itemizing:
    """Compare US federal tax with the standard deduction and with itemized deductions (mortgage interest, SALT, gifts).

    Args:
        w2_income: yearly wages in US dollars.
        itemized_deductions: total of the Schedule A itemized deductions in US dollars.
        filing_status: single, married_joint, married_separate, head_of_household or widow.
        tax_year: tax year, 2018 to 2025.
    """
    standard = evaluate(tax_year, filing_status, w2_income=w2_income).federal_total_tax
    itemized = evaluate(tax_year, filing_status, w2_income=w2_income, standard_or_itemized="Itemized",
                        itemized_deductions=itemized_deductions).federal_total_tax
    return {
        "tax_with_standard_deduction": money(standard), "tax_with_itemized_deductions": money(itemized),
        "savings_from_itemizing": money(max(standard - itemized, 0.0)),
        "better_choice": "itemized" if itemized < standard else "standard",
    }


TOOLS = [us_marginal_tax_rate, us_income_for_target_tax, us_filing_status_comparison, us_itemized_vs_standard_deduction]
