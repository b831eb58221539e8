"""Real-value tests of the core (stdlib) pack; each expected value is an independent fact."""

from __future__ import annotations

import pytest

from packs_util import pool_or_skip

POOL = pool_or_skip("core")


def out(_tool: str, /, **args):  # noqa: ANN003, ANN201
    obs = POOL.call(_tool, args)
    assert obs.ok, obs.error
    return obs.output


def test_arithmetic() -> None:
    assert out("add_numbers", a=0.1, b=0.2)["result"] == 0.3
    assert out("subtract_numbers", a=10, b=4.5)["result"] == 5.5
    assert out("multiply_numbers", a=12, b=12)["result"] == 144
    assert out("divide_numbers", a=22, b=7)["result"] == pytest.approx(3.142857142857)
    # Round half away from zero: 2.5 -> 3, -2.5 -> -3, 2.675 is stored below 2.675 in binary.
    assert out("round_number", value=2.5)["result"] == 3
    assert out("round_number", value=-2.5)["result"] == -3
    assert out("round_number", value=1234.5, digits=-2)["result"] == 1200


def test_percent_change_and_compare() -> None:
    assert out("percent_change", old=80, new=100)["percent_change"] == 25
    assert out("percent_change", old=-50, new=-25)["percent_change"] == 50
    cmp = out("compare_numbers", a=3, b=5)
    assert cmp == {"larger": "b", "difference": -2, "ratio": 0.6}


def test_statistics() -> None:
    # Wikipedia "Standard deviation" example: 2,4,4,4,5,5,7,9 has mean 5, population sd 2,
    # sample sd sqrt(32/7) = 2.138089935...
    s = out("statistics_summary", values=[2, 4, 4, 4, 5, 5, 7, 9])
    assert s["mean"] == 5 and s["median"] == 4.5 and s["count"] == 8 and s["sum"] == 40
    assert s["stdev"] == pytest.approx(2.138089935)
    assert out("sort_numbers", values=[3, 1, 2], descending=True)["values"] == [3, 2, 1]


def test_units() -> None:
    # 1 mile = 1.609344 km exactly (international mile, 1959).
    assert out("convert_units", value=1, from_unit="mi", to_unit="km")["value"] == 1.609344
    # Water boils at 100 C = 212 F; absolute zero is -273.15 C.
    assert out("convert_units", value=100, from_unit="C", to_unit="F")["value"] == 212
    assert out("convert_units", value=0, from_unit="K", to_unit="C")["value"] == -273.15
    # 1 atm = 101.325 kPa; 1 kWh = 3600 kJ.
    assert out("convert_units", value=1, from_unit="atm", to_unit="kPa")["value"] == 101.325
    assert out("convert_units", value=1, from_unit="kWh", to_unit="kJ")["value"] == 3600
    # An electronvolt per particle is e * N_A = 96.4853 kJ/mol (CODATA 2018); 1 kcal/mol = 4.184 kJ/mol.
    assert out("convert_units", value=1, from_unit="eV", to_unit="kJ/mol")["value"] == pytest.approx(96.4853, abs=1e-4)
    assert out("convert_units", value=1, from_unit="kcal/mol", to_unit="kJ/mol")["value"] == 4.184
    assert not POOL.call("convert_units", {"value": 1, "from_unit": "eV", "to_unit": "kJ"}).ok  # per particle, per mole
    bad = POOL.call("convert_units", {"value": 1, "from_unit": "km", "to_unit": "kg"})
    assert not bad.ok and "cannot convert length" in bad.error


def test_dates() -> None:
    # 2024 is a leap year: Jan 1 -> Mar 1 is 31 + 29 = 60 days.
    assert out("date_difference", start="2024-01-01", end="2024-03-01")["days"] == 60
    assert out("add_days", date="2024-02-20", days=10) == {"date": "2024-03-01", "weekday": "Friday"}
    # Bastille Day 1789 fell on a Tuesday; 2000 was a leap year, 1900 was not.
    assert out("date_info", date="1789-07-14")["weekday"] == "Tuesday"
    assert out("date_info", date="2000-12-31")["day_of_year"] == 366
    assert out("date_info", date="1900-03-01")["is_leap_year"] is False


def test_time_zones() -> None:
    # India Standard Time is UTC+5:30 with no DST; New York is on EDT (UTC-4) in July.
    assert out("timezone_offset", timezone="Asia/Kolkata", datetime="2024-01-01")["utc_offset_hours"] == 5.5
    ny = out("timezone_offset", timezone="America/New_York", datetime="2024-07-01T12:00")
    assert ny["utc_offset_hours"] == -4 and ny["abbreviation"] == "EDT" and ny["is_dst"] is True
    # 09:00 GMT in London on 10 March 2024 (before UK DST) is 18:00 in Tokyo (UTC+9).
    t = out("convert_timezone", datetime="2024-03-10T09:00:00", from_timezone="Europe/London", to_timezone="Asia/Tokyo")
    assert t["datetime"] == "2024-03-10T18:00:00"


def test_unicode() -> None:
    # U+00E9 is LATIN SMALL LETTER E WITH ACUTE (Unicode code chart 0080-00FF).
    info = out("unicode_character_info", character="é")
    assert info["codepoint"] == "U+00E9" and info["name"] == "LATIN SMALL LETTER E WITH ACUTE"
    assert out("unicode_lookup", name="SNOWMAN")["codepoint"] == "U+2603"


def test_seeds() -> None:
    from dive.tools import load_seeds

    seeds = load_seeds("core")
    assert len(seeds) >= 200
    assert {s.sem for s in seeds} == {"timezone", "unicode_char"}
