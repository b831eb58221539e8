"""Fixed-rate bonds and interest-rate conventions backed by QuantLib: price from yield, yield from
price, duration and convexity, coupon schedule, and conversion between compounding conventions.

Bonds are quoted per 100 of face value unless a face value is given. Coupons are paid on a
regular schedule counted back from the maturity date, with no business-day adjustment.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.finance._common import (
    QL_LOCK,
    IsoDate,
    Limit,
    Money,
    Rate,
    meta,
    parse_date,
    py_date,
    ql_date,
    quantlib,
    tidy,
)
from dive.tools.tool import Sem, tool

_META = meta("QuantLib")

Frequency = Literal["annual", "semiannual", "quarterly", "monthly"]
Compounding = Literal["simple", "annual", "semiannual", "quarterly", "monthly", "daily", "continuous"]
DayCountName = Annotated[str, Sem("day_count_convention")]
_PER_YEAR = {"annual": 1, "semiannual": 2, "quarterly": 4, "monthly": 12, "daily": 365}
BOND_DAY_COUNTS = ("30/360", "30E/360", "ACT/ACT", "ACT/360", "ACT/365F")


def _day_counter(name: str) -> Any:
    ql = quantlib()
    key = name.strip().upper().replace("ACTUAL", "ACT").replace(" ", "")
    table = {
        "30/360": lambda: ql.Thirty360(ql.Thirty360.BondBasis),
        "30U/360": lambda: ql.Thirty360(ql.Thirty360.BondBasis),
        "30E/360": lambda: ql.Thirty360(ql.Thirty360.European),
        "ACT/ACT": lambda: ql.ActualActual(ql.ActualActual.Bond),
        "ACT/360": ql.Actual360,
        "ACT/365F": ql.Actual365Fixed,
        "ACT/365": ql.Actual365Fixed,
    }
    if key not in table:
        raise ToolError(f"unknown bond day-count convention {name!r}; use one of {', '.join(BOND_DAY_COUNTS)}")
    return table[key]()


def _frequency(name: str) -> Any:
    ql = quantlib()
    return {"annual": ql.Annual, "semiannual": ql.Semiannual, "quarterly": ql.Quarterly, "monthly": ql.Monthly}[name]


def _bond(settlement: str, maturity: str, coupon_rate: float, frequency: str, face: float,
          day_count: str) -> tuple[Any, Any, Any]:
    """(bond, settlement date, day counter); sets the evaluation date, so call under QL_LOCK."""
    ql = quantlib()
    settle, mature = parse_date(settlement, "settlement_date"), parse_date(maturity, "maturity_date")
    if mature <= settle:
        raise ToolError(f"maturity_date {maturity} must be after settlement_date {settlement}")
    if (mature - settle).days > 366 * 100:
        raise ToolError("bonds longer than 100 years are not supported")
    if not 0 <= coupon_rate < 1:
        raise ToolError(f"coupon_rate is an annual fraction such as 0.05 for 5 %, got {coupon_rate}")
    if face <= 0:
        raise ToolError(f"face_value must be positive, got {face}")
    dc = _day_counter(day_count)
    months = 12 // _PER_YEAR[frequency]
    qs, qm = ql_date(settle), ql_date(mature)
    eom = ql.Date.isEndOfMonth(qm)  # a bond maturing on a month's last day pays on month ends

    def back(k: int) -> Any:
        d = qm - ql.Period(k * months, ql.Months)
        return ql.Date.endOfMonth(d) if eom else d

    k = 1
    while back(k) > qs:
        k += 1
    schedule = ql.Schedule(back(k), qm, ql.Period(_frequency(frequency)), ql.NullCalendar(), ql.Unadjusted,
                           ql.Unadjusted, ql.DateGeneration.Backward, eom)
    ql.Settings.instance().evaluationDate = qs
    return ql.FixedRateBond(0, face, schedule, [coupon_rate], dc), qs, dc


class BondPrice(TypedDict):
    clean_price: Annotated[float, Sem("money_amount")]
    dirty_price: Annotated[float, Sem("money_amount")]
    accrued_interest: Annotated[float, Sem("money_amount")]
    current_yield: Annotated[float, Sem("interest_rate")]


@tool(kind="P", examples=[{"settlement_date": "2024-01-15", "maturity_date": "2034-01-15", "coupon_rate": 0.06,
                           "yield_rate": 0.08}], **_META)
def bond_price(
    settlement_date: IsoDate, maturity_date: IsoDate, coupon_rate: Rate, yield_rate: Rate,
    frequency: Frequency = "semiannual", face_value: Money = 100.0, day_count: DayCountName = "30/360",
) -> BondPrice:
    """Price a fixed-coupon bond from its yield to maturity: clean price, dirty price and accrued interest.

    The yield is compounded at the coupon frequency (the street convention). Use coupon_rate 0
    for a zero-coupon bond.

    Args:
        settlement_date: date the bond is bought, YYYY-MM-DD.
        maturity_date: date the face value is repaid, YYYY-MM-DD.
        coupon_rate: annual coupon rate as a fraction of face value, e.g. 0.06.
        yield_rate: annual yield to maturity as a fraction, e.g. 0.08.
        frequency: coupon frequency: annual, semiannual, quarterly or monthly.
        face_value: face (par) value; prices are per this amount (100 gives prices in % of par).
        day_count: day count for accrued interest: 30/360, 30E/360, ACT/ACT, ACT/360 or ACT/365F.
    """
    ql = quantlib()
    with QL_LOCK:
        bond, settle, dc = _bond(settlement_date, maturity_date, coupon_rate, frequency, face_value, day_count)
        freq = _frequency(frequency)
        clean = bond.cleanPrice(yield_rate, dc, ql.Compounded, freq, settle)
        dirty = bond.dirtyPrice(yield_rate, dc, ql.Compounded, freq, settle)
        accrued = bond.accruedAmount(settle) * face_value / 100
    return {
        "clean_price": tidy(clean, 6), "dirty_price": tidy(dirty, 6), "accrued_interest": tidy(accrued, 6),
        "current_yield": tidy(coupon_rate * face_value / clean, 8),
    }


class BondYield(TypedDict):
    yield_to_maturity: Annotated[float, Sem("interest_rate")]
    yield_percent: Annotated[float, Sem("percent")]
    current_yield: Annotated[float, Sem("interest_rate")]


@tool(kind="P", examples=[{"settlement_date": "2024-01-15", "maturity_date": "2034-01-15", "coupon_rate": 0.06,
                           "clean_price": 86.41}], **_META)
def bond_yield(
    settlement_date: IsoDate, maturity_date: IsoDate, coupon_rate: Rate, clean_price: Money,
    frequency: Frequency = "semiannual", face_value: Money = 100.0, day_count: DayCountName = "30/360",
) -> BondYield:
    """Compute a fixed-coupon bond's yield to maturity from its clean price (compounded at the coupon frequency).

    Args:
        settlement_date: date the bond is bought, YYYY-MM-DD.
        maturity_date: maturity date, YYYY-MM-DD.
        coupon_rate: annual coupon rate as a fraction of face value, e.g. 0.06.
        clean_price: quoted clean price per face_value, e.g. 98.5.
        frequency: coupon frequency: annual, semiannual, quarterly or monthly.
        face_value: face value the price is quoted per (100 for % of par).
        day_count: day count for accrued interest: 30/360, 30E/360, ACT/ACT, ACT/360 or ACT/365F.
    """
    if clean_price <= 0:
        raise ToolError(f"clean_price must be positive, got {clean_price}")
    ql = quantlib()
    with QL_LOCK:
        bond, settle, dc = _bond(settlement_date, maturity_date, coupon_rate, frequency, face_value, day_count)
        price = ql.BondPrice(clean_price * 100 / face_value, ql.BondPrice.Clean)
        try:
            y = bond.bondYield(price, dc, ql.Compounded, _frequency(frequency), settle)
        except RuntimeError as exc:
            raise ToolError(f"no yield reproduces a clean price of {clean_price}: {exc}") from None
    return {"yield_to_maturity": tidy(y, 8), "yield_percent": tidy(y * 100, 6),
            "current_yield": tidy(coupon_rate * face_value / clean_price, 8)}


class BondRisk(TypedDict):
    macaulay_duration: Annotated[float, Sem("duration_years")]
    modified_duration: Annotated[float, Sem("number")]
    convexity: Annotated[float, Sem("number")]
    dv01: Annotated[float, Sem("money_amount")]
    dirty_price: Annotated[float, Sem("money_amount")]


@tool(kind="P", examples=[{"settlement_date": "2024-01-15", "maturity_date": "2027-01-15", "coupon_rate": 0.1,
                           "yield_rate": 0.12, "compounding": "continuous"}], **_META)
def bond_duration_convexity(
    settlement_date: IsoDate, maturity_date: IsoDate, coupon_rate: Rate, yield_rate: Rate,
    frequency: Frequency = "semiannual", compounding: Literal["coupon", "continuous"] = "coupon",
    face_value: Money = 100.0, day_count: DayCountName = "ACT/ACT",
) -> BondRisk:
    """Measure a fixed-coupon bond's interest-rate risk: Macaulay and modified duration, convexity and DV01.

    DV01 is the fall in the dirty price (per face_value) when the yield rises by one basis point.

    Args:
        settlement_date: valuation date, YYYY-MM-DD.
        maturity_date: maturity date, YYYY-MM-DD.
        coupon_rate: annual coupon rate as a fraction.
        yield_rate: annual yield to maturity as a fraction.
        frequency: coupon frequency: annual, semiannual, quarterly or monthly.
        compounding: "coupon" compounds the yield at the coupon frequency; "continuous" uses a continuously compounded yield.
        face_value: face value (100 for prices in % of par).
        day_count: day count used to measure time: ACT/ACT, 30/360, 30E/360, ACT/360 or ACT/365F.
    """
    ql = quantlib()
    with QL_LOCK:
        bond, settle, dc = _bond(settlement_date, maturity_date, coupon_rate, frequency, face_value, day_count)
        comp = ql.Continuous if compounding == "continuous" else ql.Compounded
        rate = ql.InterestRate(yield_rate, dc, comp, _frequency(frequency))
        bf = ql.BondFunctions
        mac_kind = ql.Duration.Simple if compounding == "continuous" else ql.Duration.Macaulay
        macaulay = bf.duration(bond, rate, mac_kind, settle)
        modified = bf.duration(bond, rate, ql.Duration.Modified, settle)
        convexity = bf.convexity(bond, rate, settle)
        bpv = bf.basisPointValue(bond, rate, settle)
        dirty = bond.dirtyPrice(yield_rate, dc, comp, _frequency(frequency), settle)
    return {
        "macaulay_duration": tidy(macaulay, 6), "modified_duration": tidy(modified, 6), "convexity": tidy(convexity, 6),
        "dv01": tidy(-bpv * face_value / 100, 8), "dirty_price": tidy(dirty, 6),
    }


class Coupon(TypedDict):
    date: Annotated[str, Sem("date")]
    amount: Annotated[float, Sem("money_amount")]
    kind: Literal["coupon", "redemption"]


class CashFlowSchedule(TypedDict):
    count: Annotated[int, Sem("integer")]
    total: Annotated[float, Sem("money_amount")]
    cash_flows: list[Coupon]


@tool(kind="P", examples=[{"settlement_date": "2024-03-01", "maturity_date": "2026-06-30", "coupon_rate": 0.045,
                           "face_value": 1000}], **_META)
def bond_cashflow_schedule(
    settlement_date: IsoDate, maturity_date: IsoDate, coupon_rate: Rate, frequency: Frequency = "semiannual",
    face_value: Money = 100.0, day_count: DayCountName = "30/360", limit: Limit = 20,
) -> CashFlowSchedule:
    """List the coupon and redemption payments a bond holder receives after a settlement date.

    Args:
        settlement_date: purchase date; only payments after it are listed, YYYY-MM-DD.
        maturity_date: maturity date, YYYY-MM-DD.
        coupon_rate: annual coupon rate as a fraction.
        frequency: coupon frequency: annual, semiannual, quarterly or monthly.
        face_value: face value held, e.g. 1000.
        day_count: day count for the coupon amounts: 30/360, 30E/360, ACT/ACT, ACT/360 or ACT/365F.
        limit: most payments to list (count and total cover all of them).
    """
    with QL_LOCK:
        bond, settle, _ = _bond(settlement_date, maturity_date, coupon_rate, frequency, face_value, day_count)
        flows = [(py_date(cf.date()), cf.amount()) for cf in bond.cashflows() if cf.date() > settle]
    redemption = flows[-1] if flows else None
    rows: list[Coupon] = [
        {"date": d.isoformat(), "amount": tidy(a, 6), "kind": "redemption" if (d, a) == redemption else "coupon"}
        for d, a in flows
    ]
    return {"count": len(rows), "total": tidy(sum(a for _, a in flows), 6), "cash_flows": rows[:limit]}


def _compounding(name: str) -> tuple[Any, Any]:
    ql = quantlib()
    if name == "simple":
        return ql.Simple, ql.Annual
    if name == "continuous":
        return ql.Continuous, ql.Annual
    return ql.Compounded, {1: ql.Annual, 2: ql.Semiannual, 4: ql.Quarterly, 12: ql.Monthly, 365: ql.Daily}[_PER_YEAR[name]]


class ConvertedRate(TypedDict):
    rate: Annotated[float, Sem("interest_rate")]
    rate_percent: Annotated[float, Sem("percent")]
    compound_factor: Annotated[float, Sem("number")]


@tool(kind="P", examples=[{"rate": 0.0525, "from_compounding": "quarterly", "to_compounding": "annual"},
                          {"rate": 0.05, "from_compounding": "continuous", "to_compounding": "semiannual"}], **_META)
def convert_interest_rate(
    rate: Rate, from_compounding: Compounding, to_compounding: Compounding,
    years: Annotated[float, Sem("duration_years"), Field(gt=0, le=100)] = 1.0,
) -> ConvertedRate:
    """Convert an annual interest rate between compounding conventions so both grow money equally over a horizon.

    E.g. a 5.25 % nominal rate compounded quarterly is a 5.354 % effective annual rate (APR to APY),
    and 5 % continuous equals 5.063 % compounded semiannually. Simple rates depend on the horizon.

    Args:
        rate: the annual rate to convert, as a fraction.
        from_compounding: its compounding: simple, annual, semiannual, quarterly, monthly, daily or continuous.
        to_compounding: the compounding wanted, same choices.
        years: horizon over which the two rates must give the same growth (matters only for simple rates).
    """
    ql = quantlib()
    with QL_LOCK:
        comp, freq = _compounding(from_compounding)
        dc = ql.Actual365Fixed()
        src = ql.InterestRate(rate, dc, comp, freq)
        to_comp, to_freq = _compounding(to_compounding)
        factor = src.compoundFactor(years)
        out = ql.InterestRate.impliedRate(factor, dc, to_comp, to_freq, years).rate()
    return {"rate": tidy(out, 10), "rate_percent": tidy(out * 100, 8), "compound_factor": tidy(factor, 10)}


class Discount(TypedDict):
    discount_factor: Annotated[float, Sem("number")]
    present_value: Annotated[float, Sem("money_amount")]
    year_fraction: Annotated[float, Sem("duration_years")]


@tool(kind="P", examples=[{"rate": 0.04, "start_date": "2024-01-15", "end_date": "2026-07-15", "amount": 1000000}],
      **_META)
def discount_factor(
    rate: Rate, start_date: IsoDate, end_date: IsoDate, amount: Money = 1.0,
    compounding: Compounding = "continuous", day_count: DayCountName = "ACT/365F",
) -> Discount:
    """Compute the discount factor between two dates at a flat annual rate, and the present value of an amount due at the end.

    Args:
        rate: annual rate as a fraction.
        start_date: valuation date, YYYY-MM-DD.
        end_date: date the amount is paid, YYYY-MM-DD.
        amount: amount paid at end_date.
        compounding: simple, annual, semiannual, quarterly, monthly, daily or continuous.
        day_count: ACT/365F, ACT/360, ACT/ACT, 30/360 or 30E/360.
    """
    ql = quantlib()
    d1, d2 = parse_date(start_date, "start_date"), parse_date(end_date, "end_date")
    if d2 < d1:
        raise ToolError(f"end_date {end_date} is before start_date {start_date}")
    with QL_LOCK:
        comp, freq = _compounding(compounding)
        dc = _day_counter(day_count)
        ir = ql.InterestRate(rate, dc, comp, freq)
        df = ir.discountFactor(ql_date(d1), ql_date(d2))
        t = dc.yearFraction(ql_date(d1), ql_date(d2))
    return {"discount_factor": tidy(df, 10), "present_value": tidy(amount * df, 6), "year_fraction": tidy(t, 10)}


TOOLS = [bond_price, bond_yield, bond_duration_convexity, bond_cashflow_schedule, convert_interest_rate, discount_factor]
