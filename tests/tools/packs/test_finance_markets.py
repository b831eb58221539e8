"""Real-value tests of the finance pack's exchange-calendar and exchange-rate tools.

Exchange facts come from the exchanges' published hours and holiday schedules; exchange rates
are the European Central Bank's euro reference rates.
"""

from __future__ import annotations

import pytest

from packs_util import pool_or_skip

POOL = pool_or_skip("finance")


def out(_tool: str, /, **args):  # noqa: ANN003, ANN201
    obs = POOL.call(_tool, args)
    assert obs.ok, obs.error
    return obs.output


def test_exchange_info_and_listing() -> None:
    # NYSE: core trading 09:30-16:00 Eastern time, Monday to Friday.
    nyse = out("exchange_info", exchange_code="XNYS")
    assert (nyse["name"], nyse["country_code"], nyse["timezone"]) == ("New York Stock Exchange", "US", "America/New_York")
    assert (nyse["open_time"], nyse["close_time"], nyse["lunch_break"]) == ("09:30", "16:00", None)
    assert "NYSE" in nyse["aliases"]
    # HKEX breaks for lunch from 12:00 to 13:00.
    assert out("exchange_info", exchange_code="HKEX")["lunch_break"] == "12:00-13:00"
    german = {row["exchange_code"] for row in out("list_exchanges", country_code="DE")["exchanges"]}
    assert {"XETR", "XFRA"} <= german


def test_session_hours_and_open_at() -> None:
    # NYSE closes early at 13:00 ET on the day after Thanksgiving (2024-11-29) = 18:00 UTC.
    day = out("exchange_session_hours", exchange_code="XNYS", date="2024-11-29")
    assert day["early_close"] is True and day["close_local"] == "2024-11-29T13:00" and day["close_utc"] == "2024-11-29T18:00"
    # The LSE trades 08:00-16:30 London time: open at 15:00, closed at 17:00.
    assert out("exchange_is_open_at", exchange_code="XLON", datetime="2024-03-15T15:00:00")["is_open"] is True
    late = out("exchange_is_open_at", exchange_code="XLON", datetime="2024-03-15T17:00:00")
    assert late["is_open"] is False and late["next_session_open_local"] == "2024-03-18T08:00"
    # 12:00 in New York on 4 July is a holiday, whatever the clock says.
    assert out("exchange_is_open_at", exchange_code="XNYS", datetime="2024-07-04T12:00:00-04:00")["is_open"] is False


def test_holidays_and_early_closes() -> None:
    # NYSE 2024 holiday schedule: 10 full-day closures, including Good Friday (Mar 29) and Juneteenth.
    hol = out("exchange_holidays", exchange_code="XNYS", year=2024)
    assert hol["count"] == 10
    assert {"2024-03-29", "2024-06-19", "2024-12-25"} <= {h["date"] for h in hol["holidays"]}
    # NYSE 2024 early closes at 13:00: July 3, the day after Thanksgiving, Christmas Eve.
    early = out("exchange_early_closes", exchange_code="XNYS", year=2024)
    assert [e["date"] for e in early["early_closes"]] == ["2024-07-03", "2024-11-29", "2024-12-24"]
    assert {e["close_local"] for e in early["early_closes"]} == {"13:00"}


def test_trading_days() -> None:
    # Closed: Independence Day 2024, Hurricane Sandy (2012-10-29) and President Carter's day of mourning (2025-01-09).
    for date in ("2024-07-04", "2012-10-29", "2025-01-09"):
        assert out("exchange_is_trading_day", exchange_code="XNYS", date=date)["is_trading_day"] is False
    assert out("exchange_is_trading_day", exchange_code="XNYS", date="2024-07-06")["reason"].startswith("weekend")
    # After Christmas Eve the next NYSE session is 26 December; the LSE is shut on the 25th and 26th.
    assert out("exchange_next_trading_day", exchange_code="XNYS", date="2024-12-24")["date"] == "2024-12-26"
    assert out("exchange_previous_trading_day", exchange_code="XLON", date="2024-12-27")["date"] == "2024-12-24"
    # NYSE had 250 trading days in 2023 and 252 in 2024.
    assert out("exchange_trading_days_between", exchange_code="XNYS", start="2023-01-01", end="2023-12-31")[
        "trading_days"] == 250
    assert out("exchange_trading_days_between", exchange_code="XNYS", start="2024-01-01", end="2024-12-31")[
        "trading_days"] == 252
    # Five sessions after Fri 2024-12-20: 23, 24, 26, 27 and 30 December.
    assert out("exchange_add_trading_days", exchange_code="XNYS", date="2024-12-20", sessions=5)["date"] == "2024-12-30"


def test_fx_rates() -> None:
    # The ECB's first euro reference rates (4 January 1999): USD 1.1789, JPY 133.73, GBP 0.7111.
    assert out("fx_rate", base_currency="EUR", quote_currency="USD", date="1999-01-04")["rate"] == 1.1789
    assert out("fx_convert", amount=100, from_currency="EUR", to_currency="JPY", date="1999-01-04")["amount"] == 13373
    # Cross rate through the euro: GBP per USD = 0.7111 / 1.1789.
    assert out("fx_rate", base_currency="USD", quote_currency="GBP", date="1999-01-04")["rate"] == pytest.approx(
        0.7111 / 1.1789, abs=1e-8)
    # Saturday 2024-01-06 has no fixing: the Friday 2024-01-05 rate (EUR/USD 1.0921) applies.
    sat = out("fx_convert", amount=100, from_currency="EUR", to_currency="USD", date="2024-01-06")
    assert sat["rate_date"] == "2024-01-05" and sat["rate"] == 1.0921


def test_fx_coverage_and_history() -> None:
    # The ECB suspended the rouble reference rate after 1 March 2022.
    rub = out("fx_currency_coverage", currency_code="RUB")
    assert rub["last_date"] == "2022-03-01" and rub["still_quoted"] is False
    # In mid-2024 the ECB published rates for 30 currencies against the euro (31 with the euro itself).
    assert out("fx_list_currencies", on_date="2024-06-28")["count"] == 31
    # Sterling's 2022 low against the dollar came in the late-September "mini-budget" crisis.
    stats = out("fx_rate_history_stats", base_currency="GBP", quote_currency="USD", start="2022-01-01", end="2022-12-31")
    assert "2022-09-23" <= stats["min_date"] <= "2022-09-30"
    assert stats["min_rate"] <= stats["mean_rate"] <= stats["max_rate"]
    # Every cross rate is consistent with the euro rate: USD -> EUR is 1 / EURUSD.
    cross = {r["currency_code"]: r["rate"] for r in out("fx_cross_rates", base_currency="USD", date="2024-01-05")["rates"]}
    assert cross["EUR"] == pytest.approx(1 / 1.0921, abs=1e-8)


def test_market_failures() -> None:
    bad = POOL.call("exchange_info", {"exchange_code": "XXXX"})
    assert not bad.ok and "MIC" in bad.error
    bad = POOL.call("exchange_is_trading_day", {"exchange_code": "XNYS", "date": "1990-01-02"})
    assert not bad.ok and "outside" in bad.error
    bad = POOL.call("fx_convert", {"amount": 1, "from_currency": "XYZ", "to_currency": "USD", "date": "2024-01-05"})
    assert not bad.ok and "not in the ECB reference rates" in bad.error
    bad = POOL.call("fx_rate", {"base_currency": "RUB", "quote_currency": "USD", "date": "2023-06-01"})
    assert not bad.ok and "only from" in bad.error
