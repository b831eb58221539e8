"""Real-value tests of the time pack's calendar tools (holidays, working days, markets, calendar systems,
cron, clock arithmetic, time-zone geography); each expected value is an independent fact.
"""

from __future__ import annotations

import pytest

from dive.tools import load_seeds
from packs_util import pool_or_skip

POOL = pool_or_skip("time")


def out(_tool: str, /, **args):  # noqa: ANN003, ANN201
    obs = POOL.call(_tool, args)
    assert obs.ok, obs.error
    return obs.output


def error(_tool: str, /, **args) -> str:  # noqa: ANN003
    obs = POOL.call(_tool, args)
    assert obs.ok is False, obs.output
    return obs.error or ""


# --- public holidays -----------------------------------------------------------------------------


def test_public_holidays() -> None:
    # France has 11 public holidays (Code du travail L3133-1); Bastille Day is 14 July.
    fr = out("list_public_holidays", country_code="FR", year=2024)
    assert fr["count"] == 11
    assert "2024-07-14" in [h["date"] for h in fr["holidays"]]
    # California's Cesar Chavez Day is a state holiday on 31 March (2025 is a Monday).
    ca = out("list_public_holidays", country_code="US", year=2025, subdivision="US-CA")
    assert {"date": "2025-03-31", "name": "Cesar Chavez Day", "weekday": "Monday"} in ca["holidays"]
    # 4 July is US Independence Day; 2024-07-04 was a Thursday.
    check = out("is_public_holiday", country_code="US", date="2024-07-04")
    assert check["is_holiday"] is True and check["holiday_names"] == ["Independence Day"]
    assert check["weekday"] == "Thursday"
    # Japan's Showa Day (29 April) opens Golden Week.
    nxt = out("next_public_holiday", country_code="JP", date="2024-04-15")
    assert nxt["date"] == "2024-04-29" and nxt["days_away"] == 14
    # US Thanksgiving is the 4th Thursday of November: 2024-11-28.
    prev = out("previous_public_holiday", country_code="US", date="2024-12-01")
    assert prev["date"] == "2024-11-28" and "Thanksgiving" in prev["name"]
    # 11 US federal holidays (5 U.S.C. 6103); in 2024 none fell on a weekend.
    count = out("count_public_holidays", country_code="US", year=2024)
    assert count["holiday_dates"] == 11 and count["on_weekend"] == 0
    # Thanksgiving 2025 is 27 November (4th Thursday).
    found = out("find_holiday_date", country_code="US", holiday_name="thanksgiving", year=2025)
    assert found["matches"][0]["date"] == "2025-11-27"


def test_holiday_calendars_and_breaks() -> None:
    # Germany has 16 Laender; Bavaria is DE-BY (ISO 3166-2:DE).
    subs = out("holiday_subdivisions", country_code="DE")
    assert {"code": "DE-BY", "name": "Bayern"} in subs["subdivisions"]
    assert sum(1 for s in subs["subdivisions"] if s["code"].startswith("DE-")) == 16
    # Israel's weekend is Friday-Saturday; the UAE moved to Saturday-Sunday in 2022.
    assert out("holiday_calendar_info", country_code="IL")["weekend_days"] == ["Friday", "Saturday"]
    assert out("holiday_calendar_info", country_code="AE")["weekend_days"] == ["Saturday", "Sunday"]
    # Easter 2024 in England: bank holidays Good Friday 29 March and Easter Monday 1 April (gov.uk).
    breaks = out("long_weekends", country_code="GB", year=2024, subdivision="GB-ENG")["breaks"]
    assert {"start": "2024-03-29", "end": "2024-04-01", "days": 4,
            "holidays": ["Good Friday", "Easter Monday"]} in breaks
    # Labour Day is the first Monday of September in both the US and Canada (2024-09-02).
    shared = out("shared_public_holidays", country_code="US", other_country_code="CA", year=2024)
    assert {"2024-01-01", "2024-09-02", "2024-12-25"} <= {s["date"] for s in shared["shared"]}


def test_working_days() -> None:
    # July 2024 has 23 weekdays; Independence Day (Thursday 4 July) leaves 22 working days.
    wd = out("working_days_between", country_code="US", start="2024-07-01", end="2024-07-31")
    assert wd["working_days"] == 22 and wd["weekend_days"] == 8 and wd["holidays_on_workdays"] == 1
    # One business day after Wednesday 3 July 2024 skips the 4th: Friday 5 July.
    assert out("add_business_days", country_code="US", date="2024-07-03", days=1)["date"] == "2024-07-05"
    # Germany: 24 and 31 December are working days, 25 and 26 are holidays -> 5 days after 2024-12-20 is the 31st.
    de = out("add_business_days", country_code="DE", date="2024-12-20", days=5)
    assert de["date"] == "2024-12-31" and len(de["skipped_holidays"]) == 2
    # Friday is a weekend day in Israel but a working day in the UAE since 2022.
    assert out("is_working_day", country_code="IL", date="2024-03-15")["is_weekend"] is True
    assert out("is_working_day", country_code="AE", date="2024-03-15")["is_working_day"] is True
    # May 2024 in France: 23 weekdays minus 1 May, 8 May, Ascension (9 May), Whit Monday (20 May) = 19.
    months = out("working_days_per_month", country_code="FR", year=2024)["months"]
    assert months[4] == {"month": 5, "working_days": 19, "holidays_on_workdays": 4}


def test_market_holidays() -> None:
    # NYSE 2024 closures: 10 full-day holidays, including Good Friday 29 March (NYSE holiday schedule).
    nyse = out("market_holidays", exchange_code="NYSE", year=2024)
    assert nyse["exchange_code"] == "XNYS" and nyse["count"] == 10
    assert "2024-03-29" in [h["date"] for h in nyse["holidays"]]
    # NYSE is closed on Thanksgiving (28 Nov 2024) and reopens the next day.
    day = out("market_holiday_check", exchange_code="XNYS", date="2024-11-28")
    assert day["is_trading_day"] is False and day["next_trading_day"] == "2024-11-29"
    # The UK Early May bank holiday 2024 was Monday 6 May; the LSE closes.
    assert out("next_market_holiday", exchange_code="XLON", date="2024-05-01")["date"] == "2024-05-06"


# --- calendar systems ----------------------------------------------------------------------------


def test_calendar_conversions() -> None:
    # Nowruz 2024 (1 Farvardin 1403) fell on 20 March 2024.
    fa = out("gregorian_to_calendar", date="2024-03-20", calendar_system="persian")
    assert (fa["year"], fa["month"], fa["day"], fa["month_name"]) == (1403, 1, 1, "Farvardin")
    # Robespierre fell on 9 Thermidor Year II = 27 July 1794.
    fr = out("gregorian_to_calendar", date="1794-07-27", calendar_system="french_republican")
    assert (fr["year"], fr["month_name"], fr["day"]) == (2, "Thermidor", 9)
    # The October Revolution, 25 October 1917 (Julian) = 7 November 1917 (Gregorian).
    assert out("calendar_to_gregorian", calendar_system="julian", year=1917, month=10, day=25)["date"] == "1917-11-07"
    # Rosh Hashana 5785 (1 Tishri) was 3 October 2024.
    assert out("calendar_to_gregorian", calendar_system="hebrew", year=5785, month=7, day=1)["date"] == "2024-10-03"
    # Hebrew 5784 was a leap year of 13 months and 383 days; Persian 1403 was a 366-day leap year.
    heb = out("calendar_year_info", calendar_system="hebrew", year=5784)
    assert heb["is_leap_year"] is True and heb["days_in_year"] == 383 and len(heb["months"]) == 13
    fa_year = out("calendar_year_info", calendar_system="persian", year=1403)
    assert fa_year["is_leap_year"] is True and fa_year["days_in_year"] == 366 and fa_year["first_day"] == "2024-03-20"


def test_julian_day_maya_and_easter() -> None:
    # J2000.0 epoch: JD 2451545.0 = 2000-01-01 12:00 UTC, so midnight is JD 2451544.5 (MJD 51544).
    jd = out("date_to_julian_day", date="2000-01-01")
    assert jd["julian_day"] == 2451544.5 and jd["julian_day_number"] == 2451545 and jd["modified_julian_day"] == 51544
    assert out("julian_day_to_date", julian_day=2451545.0)["datetime_utc"] == "2000-01-01T12:00:00"
    # The end of b'ak'tun 13: 13.0.0.0.0 4 Ajaw 3 K'ank'in = 21 December 2012 (GMT correlation).
    maya = out("mayan_calendar", date="2012-12-21")
    assert maya["long_count"] == "13.0.0.0.0" and maya["tzolkin"] == "4 Ajaw" and maya["haab"] == "3 K'ank'in"
    assert out("maya_long_count_to_date", long_count="13.0.0.0.0")["date"] == "2012-12-21"
    # Easter 2025 fell on 20 April for both Western and Orthodox churches; in 2024 on 31 March and 5 May.
    assert out("easter_date", year=2025)["easter_sunday"] == "2025-04-20"
    assert out("easter_date", year=2025, church="orthodox")["easter_sunday"] == "2025-04-20"
    western = out("easter_date", year=2024)
    assert western["easter_sunday"] == "2024-03-31" and western["good_friday"] == "2024-03-29"
    assert out("easter_date", year=2024, church="orthodox")["easter_sunday"] == "2024-05-05"


def test_hijri() -> None:
    # Saudi Arabia began Ramadan 1445 on Monday 11 March 2024 and celebrated Eid al-Fitr on 10 April 2024.
    h = out("gregorian_to_hijri", date="2024-03-11")
    assert h["hijri_date"] == "1445-09-01" and h["month_name"] == "Ramadan"
    assert out("hijri_to_gregorian", hijri_date="1445-10-01")["date"] == "2024-04-10"
    ramadan = out("hijri_month_info", hijri_year=1445, hijri_month=9)
    assert ramadan["days"] == 30 and ramadan["first_day"] == "2024-03-11" and ramadan["last_day"] == "2024-04-09"
    # Eid al-Adha 1445 in Saudi Arabia: Sunday 16 June 2024.
    year = out("islamic_year_dates", hijri_year=1445)
    assert year["eid_al_adha"] == "2024-06-16" and year["ramadan_start"] == "2024-03-11"


def test_hebrew() -> None:
    # The first day of Passover 2024 (15 Nisan 5784) was 23 April 2024.
    h = out("gregorian_to_hebrew", date="2024-04-23")
    assert (h["year"], h["month"], h["day"]) == (5784, 1, 15) and h["holiday"] == "1 Pesach"
    # Yom Kippur 5785 (10 Tishrei) fell on Saturday 12 October 2024; Purim 2024 (14 Adar II 5784) on 24 March.
    assert out("hebrew_to_gregorian", hebrew_year=5785, month="Tishrei", day=10)["date"] == "2024-10-12"
    assert out("hebrew_to_gregorian", hebrew_year=5784, month="Adar II", day=14)["date"] == "2024-03-24"
    # Hebcal: parashat Vayikra was read on 23 March 2024; Tazria-Metzora (double) on 3 May 2025.
    assert out("torah_portion", date="2024-03-20") == {"shabbat_date": "2024-03-23", "parsha": "Vayikra",
                                                       "parsha_hebrew": "ויקרא", "note": "regular weekly reading"}
    assert out("torah_portion", date="2025-05-01")["parsha"] == "Tazria, Metzora"
    # Rosh Hashana 5786 began at sunset on 22 September 2025 (first day 23 September); Yom Kippur 2 October.
    days = {d["name"]: d["date"] for d in out("jewish_holidays_in_year", year=2025, limit=100)["holidays"]}
    assert days["1 Rosh Hashana"] == "2025-09-23" and days["Yom Kippur"] == "2025-10-02"
    # 5785 is a common year; Chanuka began (first day) 26 Dec 2024; Pesach 13 April 2025.
    info = out("hebrew_year_info", hebrew_year=5785)
    assert info["is_leap_year"] is False and info["rosh_hashana"] == "2024-10-03"
    assert info["chanuka_first_day"] == "2024-12-26" and info["pesach_first_day"] == "2025-04-13"


# --- cron ----------------------------------------------------------------------------------------


def test_cron() -> None:
    # 15 March 2024 was a Friday, so the next weekday 09:00 runs are Mon 18, Tue 19, Wed 20 March.
    runs = out("cron_next_runs", cron_expression="0 9 * * 1-5", start="2024-03-15T10:00:00", count=3)["runs"]
    assert runs == ["2024-03-18T09:00:00", "2024-03-19T09:00:00", "2024-03-20T09:00:00"]
    prev = out("cron_previous_runs", cron_expression="0 0 1 * *", start="2024-03-15T10:00:00", count=2)["runs"]
    assert prev == ["2024-03-01T00:00:00", "2024-02-01T00:00:00"]
    assert out("cron_matches", cron_expression="0 9 * * 1-5", datetime="2024-03-15T09:00:00")["matches"] is True
    assert out("cron_matches", cron_expression="0 9 * * 1-5", datetime="2024-03-16T09:00:00")["matches"] is False
    # January 2024 has 23 weekdays (it starts on a Monday and has 31 days).
    assert out("cron_runs_between", cron_expression="0 9 * * 1-5", start="2024-01-01T00:00:00",
               end="2024-01-31T23:59:00")["count"] == 23
    # */15 between 9 and 17 -> 4 times an hour for 9 hours = 36 runs a day.
    fields = out("cron_expand_fields", cron_expression="*/15 9-17 * * 1-5")
    assert fields["minutes"] == [0, 15, 30, 45] and fields["runs_per_day_when_active"] == 36
    text = out("describe_cron", cron_expression="*/15 9-17 * * 1-5")["description"]
    assert "Every 15 minutes" in text and "Monday through Friday" in text


# --- clock arithmetic and zones ------------------------------------------------------------------


def test_clock_arithmetic() -> None:
    # ISO week 12 of 2024 runs Monday 18 to Sunday 24 March; 1 January 2021 belongs to 2020-W53.
    assert out("iso_week_to_date", iso_year=2024, iso_week=12)["week_end"] == "2024-03-24"
    assert out("iso_week_to_date", iso_year=2020, iso_week=53, weekday=5)["date"] == "2021-01-01"
    # US Thanksgiving 2024 (4th Thursday of November) and Memorial Day 2024 (last Monday of May).
    assert out("nth_weekday_of_month", year=2024, month=11, weekday="Thursday", n=4)["date"] == "2024-11-28"
    assert out("nth_weekday_of_month", year=2024, month=5, weekday="Mon", n=-1)["date"] == "2024-05-27"
    # 1990-05-17 + 33 years = 2023-05-17, + 9 months = 2024-02-17, + 27 days (leap February) = 2024-03-15.
    diff = out("date_difference_ymd", start="1990-05-17", end="2024-03-15")
    assert (diff["years"], diff["months"], diff["days"]) == (33, 9, 27)
    # 2024 is a leap year: one month after 31 January is 29 February.
    assert out("add_calendar_months", date="2024-01-31", months=1)["date"] == "2024-02-29"
    # Unix time 1,700,000,000 was 2023-11-14 22:13:20 UTC; the epoch was 09:00 in Tokyo (UTC+9).
    assert out("unix_timestamp_to_datetime", timestamp=1700000000)["datetime_utc"] == "2023-11-14T22:13:20"
    assert out("unix_timestamp_to_datetime", timestamp=0, timezone="Asia/Tokyo")["local_datetime"] == "1970-01-01T09:00:00"
    # 2024-01-01T00:00Z is 1704067200; Paris is UTC+1 in winter, one hour earlier.
    assert out("datetime_to_unix_timestamp", datetime="2024-01-01T00:00:00", timezone="Europe/Paris")["timestamp"] \
        == 1704063600


def test_zones() -> None:
    zones = {z["timezone"] for z in out("country_timezones", country_code="AU")["timezones"]}
    assert {"Australia/Sydney", "Australia/Perth", "Australia/Adelaide"} <= zones
    # zone.tab places America/Chicago at 41deg51'N 87deg39'W.
    chicago = out("timezone_location", timezone="America/Chicago")
    assert chicago["country_code"] == "US"
    assert chicago["latitude"] == pytest.approx(41.85) and chicago["longitude"] == pytest.approx(-87.65)
    # India and Sri Lanka are the located zones on UTC+5:30.
    assert out("timezones_at_offset", utc_offset_hours=5.5, date="2024-01-15")["timezones"] == \
        ["Asia/Colombo", "Asia/Kolkata"]
    # EU summer time starts and ends at 01:00 UTC on the last Sundays of March and October (2024: 31 Mar, 27 Oct).
    berlin = out("dst_transitions", timezone="Europe/Berlin", year=2024)["transitions"]
    assert [t["utc"] for t in berlin] == ["2024-03-31T01:00:00", "2024-10-27T01:00:00"]
    # US DST 2024: 10 March to 3 November at 2:00 local; Japan has no DST.
    ny = out("dst_transitions", timezone="America/New_York", year=2024)["transitions"]
    assert [t["local_before"] for t in ny] == ["2024-03-10T02:00:00", "2024-11-03T02:00:00"]
    assert out("dst_transitions", timezone="Asia/Tokyo", year=2024)["observes_dst"] is False


# --- failures and seeds --------------------------------------------------------------------------


def test_failures_are_helpful() -> None:
    assert "alpha-2" in error("list_public_holidays", country_code="XX", year=2024)
    assert "no holiday subdivision" in error("is_public_holiday", country_code="US", date="2024-07-04",
                                             subdivision="US-ZZ")
    assert "not a valid five-field cron" in error("cron_next_runs", cron_expression="61 * * * *",
                                                  start="2024-01-01T00:00:00")
    assert "not a leap year" in error("hebrew_to_gregorian", hebrew_year=5785, month="Adar II", day=1)
    assert "not a valid date of the julian calendar" in error("calendar_to_gregorian", calendar_system="julian",
                                                              year=2023, month=2, day=30)
    assert "1924-08-01 to 2077-11-16" in error("gregorian_to_hijri", date="1900-01-01")
    assert "YYYY-MM-DD" in error("is_public_holiday", country_code="US", date="July 4th")
    assert "XNYS" in error("market_holidays", exchange_code="NOPE", year=2024)
    assert "unknown IANA time zone" in error("dst_transitions", timezone="Mars/Olympus", year=2024)


def test_seeds_feed_parameters() -> None:
    seeds = load_seeds("time")
    assert len(seeds) >= 250
    accepted = {sem for tool in POOL.list_tools() for sem in tool.param_sem.values()}
    assert {s.sem for s in seeds} <= accepted
    by_sem = {s.sem for s in seeds}
    assert {"country_code", "exchange_code", "cron_expression", "city_name", "date", "star_name"} <= by_sem
    # no calendar seeds (compared, a calendar ran the example's Hebrew year) and no holiday names (looked up in
    # the example's country)
    assert not by_sem & {"calendar_system", "holiday_name"}
    # every country seed opens a holiday calendar and every market seed a market calendar
    for seed in seeds:
        if seed.sem == "country_code":
            assert POOL.call("holiday_calendar_info", {"country_code": seed.value}).ok, seed
        elif seed.sem == "exchange_code":
            assert POOL.call("market_holidays", {"exchange_code": seed.value, "year": 2030}).ok, seed
        elif seed.sem == "city_name":
            assert POOL.call("city_sun_location", {"city_name": seed.value}).ok, seed
        elif seed.sem == "cron_expression":
            assert POOL.call("describe_cron", {"cron_expression": seed.value}).ok, seed


def test_seeds_compared_within_their_family() -> None:
    """Countries are compared within their continent and planets with planets: Germany with Austria and
    Poland, not Tokelau with Albania; the Sun (the brightest of all) and Pluto (the faintest by far) never
    rank among planets."""
    seeds = load_seeds("time")
    countries = {s.value: s.group for s in seeds if s.sem == "country_code"}
    assert countries["DE"] == countries["AT"] == "EU" and countries["JP"] == "AS" and countries["BR"] == "SA"
    assert "TK" not in countries and all(countries.values())
    bodies = {s.value: s.group for s in seeds if s.sem == "celestial_body"}
    assert bodies["Mars"] == bodies["Jupiter"] == "planet"
    assert bodies["Sun"] != "planet" and bodies["Pluto"] != "planet"
    stars = [s.value for s in seeds if s.sem == "star_name"]
    assert "Sirius" in stars and "Formalhaut" not in stars and len(stars) == len(set(stars))


def test_lexicon_keeps_round_trips_and_riddles_out() -> None:
    """A Maya Long Count or a Julian Day found for a date never stands for it in a longer
    question (its weekday is the date's), and a found holiday name feeds nothing."""
    from dive.lexicon import load_lexicon

    lex = load_lexicon(["time"])
    assert not lex.tools["mayan_calendar"].fields["$.long_count"].bridge
    assert not lex.tools["date_to_julian_day"].fields["$.julian_day"].bridge
    assert not lex.tools["next_public_holiday"].fields["$.name"].bridge
    assert not lex.tools["find_holiday_date"].fields and not lex.tools["shared_public_holidays"].fields
    assert POOL.call("add_business_days", {"country_code": "DE", "date": "2024-12-20", "days": 10}).ok


def test_no_working_day_question_where_the_calendar_rests_on_sunday_alone() -> None:
    # the holidays library gives Venezuela, Hong Kong or Paraguay a weekend of Sunday alone, while offices and banks
    # close on Saturday too: "the next business day in Venezuela after Friday 15 March 2024" came out Saturday the
    # 16th. Every such country (by the library's own rule) is a subject no working-day question is asked of.
    import holidays  # noqa: PLC0415

    from dive.lexicon import disputed, load_lexicon  # noqa: PLC0415

    sunday_only = {c for c in holidays.list_supported_countries()
                   if holidays.country_holidays(c, years=2024).weekend == {6}}
    assert {"VE", "HK", "PY"} <= sunday_only
    assert out("is_working_day", country_code="VE", date="2024-03-15")["next_working_day"] == "2024-03-16"
    lex = load_lexicon(["time"])
    fields = [lex.tools["is_working_day"].fields[f"$.{f}"] for f in ("next_working_day", "is_working_day", "is_weekend")]
    fields += [lex.tools["working_days_between"].fields["$.working_days"],
               lex.tools["add_business_days"].fields["$.date"],
               lex.tools["working_days_per_month"].fields["$.total_working_days"]]
    for fl in fields:
        assert all(disputed(fl, c) for c in sunday_only), fl.noun
        assert not disputed(fl, "DE") and not disputed(fl, "SA")  # Saturday-Sunday, Friday-Saturday: asked
