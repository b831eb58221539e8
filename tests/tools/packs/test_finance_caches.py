"""The finance pack's fast paths answer exactly as the slow ones they replace: CPI series read by row-id
stretches, exchange calendars loaded from the disk cache, the cheap minute bounds, the weekday count
and the option greeks restated from vollib.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from packs_util import require_packs

require_packs("finance")

from dive.tools.packs.finance import _common, exchanges, inflation, options, trading_days  # noqa: E402


@pytest.mark.parametrize("series", ["CUUR0000SA0", "CUUS0000SA0", "CUURS49BSA0", "CUUR0000SETB01", "CUURNONE"])
def test_cpi_series_match_a_full_scan(series: str) -> None:
    scanned = inflation._query("SELECT year, period, value FROM indexes WHERE series = ?", (series,))
    assert inflation._series.__wrapped__(series) == {(y, p): v for y, p, v in scanned}


def test_calendar_from_the_disk_cache(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = _common._build_calendar.__wrapped__("XHKG")
    assert list(tmp_path.rglob("calendar-*"))

    def no_build(*_args: object) -> None:
        raise AssertionError("the calendar should come from the cache")

    monkeypatch.setattr(_common, "_fabricate", no_build)
    loaded = _common._build_calendar.__wrapped__("XHKG")
    assert loaded is not built and loaded.schedule.equals(built.schedule)
    assert loaded.early_closes.equals(built.early_closes) and loaded.weekmask == built.weekmask
    moment = _common.parse_datetime("2024-03-15T12:30:00+08:00")
    import pandas as pd

    ts = pd.Timestamp(moment).tz_convert("UTC")
    assert (loaded.is_open_at_time(ts), loaded.next_open(ts)) == (built.is_open_at_time(ts), built.next_open(ts))


@pytest.mark.filterwarnings("ignore:DatetimeIndex.values")  # inside exchange_calendars' first_minute
@pytest.mark.parametrize("code", ["XNYS", "XHKG", "XTKS"])
def test_minute_bounds_without_every_minute(code: str) -> None:
    import pandas as pd

    cal = _common.exchange_calendar(code)
    first, last = exchanges._minute_bounds(cal)
    assert "minutes_nanos" not in vars(cal)
    assert (first, last) == (cal.first_minute, cal.last_minute)  # builds every minute, for the comparison
    one = pd.Timedelta(minutes=1)
    for ts in (first - one, first, first + one, last - one, last, last + one):
        assert cal._minute_oob(ts) == type(cal)._minute_oob(cal, ts)


def test_weekday_count() -> None:
    rng = random.Random(0)
    for _ in range(300):
        mask = "".join(rng.choice("01") for _ in range(7))
        d1 = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(11000))
        d2 = d1 + dt.timedelta(days=rng.randrange(40))
        brute = sum(mask[(d1 + dt.timedelta(days=k)).weekday()] == "1" for k in range((d2 - d1).days + 1))
        assert trading_days._weekdays(mask, d1, d2) == brute


def test_greeks_equal_vollib() -> None:
    from vollib.black_scholes_merton.greeks import analytical

    rng = random.Random(0)
    for _ in range(200):
        flag = rng.choice("cp")
        args = (rng.uniform(1, 200), rng.uniform(1, 200), rng.uniform(0.01, 5), rng.uniform(-0.05, 0.2),
                rng.uniform(0.01, 2), rng.uniform(0, 0.1))
        g = options._greeks(flag, *args)
        assert [g["delta"], g["gamma"], g["vega"], g["theta_per_day"], g["rho"]] == [
            f(flag, *args) for f in (analytical.delta, analytical.gamma, analytical.vega, analytical.theta,
                                     analytical.rho)]
