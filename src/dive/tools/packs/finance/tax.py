"""US income tax backed by tenforty (the OpenTaxSolver forms compiled in): federal tax on wages,
investment income and self-employment income for tax years 2018-2025, state tax for the states
OpenTaxSolver covers, marginal rates, and the income that produces a given tax.

Amounts are in US dollars a year; deductions are the standard deduction unless stated.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.finance._common import meta, money, tidy
from dive.tools.tool import Sem, tool

_META = meta("tenforty")

FilingStatus = Annotated[
    Literal["single", "married_joint", "married_separate", "head_of_household", "widow"], Sem("tax_filing_status"),
]
TaxYear = Annotated[int, Sem("year"), Field(ge=2018, le=2025)]
Income = Annotated[float, Sem("money_amount"), Field(ge=0, le=1e9)]
STATUS_NAMES = {"single": "Single", "married_joint": "Married/Joint", "married_separate": "Married/Sep",
           "head_of_household": "Head_of_House", "widow": "Widow(er)"}
TAX_LOCK = threading.Lock()  # OpenTaxSolver keeps global state


@cache
def tenforty_module() -> Any:
    import tenforty

    return tenforty


def evaluate(year: int, status: str, **amounts: Any) -> Any:
    """One tenforty return (OpenTaxSolver backend) or a ToolError naming the problem."""
    try:
        with TAX_LOCK:
            return tenforty_module().evaluate_return(year=year, filing_status=STATUS_NAMES[status], **amounts)
    except ValueError as exc:
        raise ToolError(f"tenforty cannot compute this return: {exc}") from None


def _effective(tax: float, agi: float) -> float:
    return tidy(tax / agi * 100, 4) if agi > 0 else 0.0


class FederalTax(TypedDict):
    total_tax: Annotated[float, Sem("money_amount")]
    adjusted_gross_income: Annotated[float, Sem("money_amount")]
    taxable_income: Annotated[float, Sem("money_amount")]
    effective_rate_percent: Annotated[float, Sem("percent")]
    marginal_bracket_percent: Annotated[float, Sem("percent")]
    after_tax_income: Annotated[float, Sem("money_amount")]


@tool(kind="R", examples=[{"w2_income": 100000, "filing_status": "single", "tax_year": 2024}], **_META)
def us_federal_income_tax(w2_income: Income, filing_status: FilingStatus = "single", tax_year: TaxYear = 2024) -> FederalTax:
    """Compute US federal income tax on wage (W-2) income for a tax year and filing status, with the standard deduction.

    Gives total tax, AGI, taxable income, the effective rate (tax / AGI) and the marginal bracket.
    Payroll taxes (Social Security, Medicare) withheld from wages are not included.

    Args:
        w2_income: yearly wages and salary in US dollars, e.g. 100000.
        filing_status: single, married_joint, married_separate, head_of_household or widow.
        tax_year: tax year, 2018 to 2025.
    """
    r = evaluate(tax_year, filing_status, w2_income=w2_income)
    return {
        "total_tax": money(r.federal_total_tax), "adjusted_gross_income": money(r.federal_adjusted_gross_income),
        "taxable_income": money(r.federal_taxable_income),
        "effective_rate_percent": _effective(r.federal_total_tax, r.federal_adjusted_gross_income),
        "marginal_bracket_percent": float(r.federal_tax_bracket),
        "after_tax_income": money(w2_income - r.federal_total_tax),
    }


class InvestmentTax(TypedDict):
    total_tax: Annotated[float, Sem("money_amount")]
    adjusted_gross_income: Annotated[float, Sem("money_amount")]
    taxable_income: Annotated[float, Sem("money_amount")]
    net_investment_income_tax: Annotated[float, Sem("money_amount")]
    alternative_minimum_tax: Annotated[float, Sem("money_amount")]
    effective_rate_percent: Annotated[float, Sem("percent")]


@tool(kind="R", examples=[{"w2_income": 50000, "long_term_capital_gains": 30000, "qualified_dividends": 5000,
                           "ordinary_dividends": 5000, "taxable_interest": 2000}], **_META)
def us_tax_with_investment_income(
    w2_income: Income = 0.0, taxable_interest: Income = 0.0, ordinary_dividends: Income = 0.0,
    qualified_dividends: Income = 0.0, short_term_capital_gains: Income = 0.0, long_term_capital_gains: Income = 0.0,
    filing_status: FilingStatus = "single", tax_year: TaxYear = 2024,
) -> InvestmentTax:
    """Compute US federal income tax with investment income: interest, dividends and capital gains (preferential 0/15/20 % rates, NIIT).

    Qualified dividends are the part of ordinary dividends taxed at capital-gain rates, so they
    must not exceed ordinary_dividends.

    Args:
        w2_income: yearly wages in US dollars.
        taxable_interest: taxable interest received.
        ordinary_dividends: total ordinary dividends (Form 1099-DIV box 1a).
        qualified_dividends: the qualified part of the dividends (box 1b).
        short_term_capital_gains: net gains on assets held one year or less (taxed as ordinary income).
        long_term_capital_gains: net gains on assets held over one year.
        filing_status: single, married_joint, married_separate, head_of_household or widow.
        tax_year: tax year, 2018 to 2025.
    """
    if qualified_dividends > ordinary_dividends:
        raise ToolError("qualified_dividends are part of ordinary_dividends and cannot exceed them")
    r = evaluate(tax_year, filing_status, w2_income=w2_income, taxable_interest=taxable_interest,
                 ordinary_dividends=ordinary_dividends, qualified_dividends=qualified_dividends,
                 short_term_capital_gains=short_term_capital_gains, long_term_capital_gains=long_term_capital_gains)
    return {
        "total_tax": money(r.federal_total_tax), "adjusted_gross_income": money(r.federal_adjusted_gross_income),
        "taxable_income": money(r.federal_taxable_income), "net_investment_income_tax": money(r.federal_niit),
        "alternative_minimum_tax": money(r.federal_amt),
        "effective_rate_percent": _effective(r.federal_total_tax, r.federal_adjusted_gross_income),
    }


class SelfEmployment(TypedDict):
    self_employment_tax: Annotated[float, Sem("money_amount")]
    income_tax: Annotated[float, Sem("money_amount")]
    qbi_deduction: Annotated[float, Sem("money_amount")]
    total_tax: Annotated[float, Sem("money_amount")]
    adjusted_gross_income: Annotated[float, Sem("money_amount")]
    effective_rate_percent: Annotated[float, Sem("percent")]


@tool(kind="R", examples=[{"self_employment_income": 100000, "filing_status": "single", "tax_year": 2024}], **_META)
def us_self_employment_tax(
    self_employment_income: Income, w2_income: Income = 0.0, filing_status: FilingStatus = "single",
    tax_year: TaxYear = 2024,
) -> SelfEmployment:
    """Compute US federal tax for a freelancer or sole proprietor: self-employment tax (Social Security + Medicare), income tax and the QBI deduction.

    Args:
        self_employment_income: net profit from self-employment (Schedule C) in US dollars.
        w2_income: wages from an employer in the same year, if any.
        filing_status: single, married_joint, married_separate, head_of_household or widow.
        tax_year: tax year, 2018 to 2025.
    """
    r = evaluate(tax_year, filing_status, w2_income=w2_income, self_employment_income=self_employment_income)
    return {
        "self_employment_tax": money(r.federal_se_tax), "income_tax": money(r.federal_income_tax),
        "qbi_deduction": money(r.federal_qbi_deduction), "total_tax": money(r.federal_total_tax),
        "adjusted_gross_income": money(r.federal_adjusted_gross_income),
        "effective_rate_percent": _effective(r.federal_total_tax, r.federal_adjusted_gross_income),
    }


class StateTax(TypedDict):
    state_code: Annotated[str, Sem("us_state_code")]
    state_tax: Annotated[float, Sem("money_amount")]
    state_taxable_income: Annotated[float, Sem("money_amount")]
    federal_tax: Annotated[float, Sem("money_amount")]
    combined_effective_rate_percent: Annotated[float, Sem("percent")]
    has_income_tax: bool


@tool(kind="R", examples=[{"state_code": "CA", "w2_income": 100000, "tax_year": 2024}], **_META)
def us_state_income_tax(
    state_code: Annotated[str, Sem("us_state_code")], w2_income: Income, filing_status: FilingStatus = "single",
    tax_year: TaxYear = 2024,
) -> StateTax:
    """Compute a US state's income tax on wage income (with the federal tax beside it) from OpenTaxSolver's state forms.

    States without an income tax (AK, FL, NV, SD, TN, TX, WA, WY) give 0; a few states (e.g. IL) and
    years are not covered by OpenTaxSolver and give an error.

    Args:
        state_code: two-letter US state code, e.g. "CA", "NY", "PA" (DC for Washington, D.C.).
        w2_income: yearly wages in US dollars.
        filing_status: single, married_joint, married_separate, head_of_household or widow.
        tax_year: tax year, 2018 to 2025 (most states are covered for 2024 and 2025).
    """
    code = state_code.strip().upper()
    states = {s.value for s in tenforty_module().models.OTSState if s.value}
    if code not in states:
        raise ToolError(f"unknown US state code {state_code!r}; use a two-letter code such as CA, NY, TX or DC")
    r = evaluate(tax_year, filing_status, state=code, w2_income=w2_income)
    has_tax = tenforty_module().models.STATE_TO_FORM.get(tenforty_module().models.OTSState(code)) is not None
    return {
        "state_code": code, "state_tax": money(r.state_total_tax), "state_taxable_income": money(r.state_taxable_income),
        "federal_tax": money(r.federal_total_tax),
        "combined_effective_rate_percent": _effective(r.state_total_tax + r.federal_total_tax, w2_income),
        "has_income_tax": has_tax,
    }


TOOLS = [us_federal_income_tax, us_tax_with_investment_income, us_self_employment_tax, us_state_income_tax]
