"""Seed entities of the time pack, drawn from the backing packages' own data."""

from __future__ import annotations

import collections

from dive.records import Seed
from dive.tools.packs.time._common import DOMAIN

__all__ = ["seeds"]

# Everyday schedules; each label is cron-descriptor's own description.
_CRON = (
    "* * * * *", "*/5 * * * *", "*/15 * * * *", "0 * * * *", "30 * * * *", "0 */2 * * *", "0 */6 * * *",
    "0 0 * * *", "0 9 * * *", "30 2 * * *", "0 9 * * 1-5", "0 17 * * 1-5", "*/15 9-17 * * 1-5", "0 8-18 * * 1-5",
    "0 0 * * 0", "0 12 * * 6", "0 0 1 * *", "0 6 1,15 * *", "0 0 28 * *",
    "0 0 1 1 *", "0 0 1 */3 *", "0 3 * * 1", "45 23 * * 5", "0 0 29 2 *", "0 22 * * 1-5", "5 4 * * 0",
    "0 0,12 * * *", "0 9 1-7 * 1", "@daily", "@weekly", "@monthly", "@hourly", "@yearly",
)

_CONTINENTS = {
    "EU": "AT BE BG HR CY CZ DK EE FI FR DE GR HU IS IE IT LV LT LU MT NL NO PL PT RO SK SI ES SE CH GB UA RS",
    "AS": "JP CN KR IN ID MY SG TH VN PH PK BD IL SA AE TR KZ LK NP",
    "NA": "US CA MX CR PA GT JM DO",
    "SA": "BR AR CL CO PE UY EC BO PY",
    "AF": "ZA NG KE EG MA GH TZ ET TN DZ UG",
    "OC": "AU NZ",
}
"""Countries people ask about, by continent (geonames' codes): compared within their continent, so a question
weighs Germany against Poland and Austria rather than Tokelau against Albania (a holidays calendar exists for
far more territories, but a request about Norfolk Island's holidays next to North Korea's reads as a drill)."""

_BODY_GROUPS = {"Sun": "star", "Moon": "moon", "Pluto": "dwarf planet"}
"""Bodies compared among their own kind: the planets (the Sun is the brightest of anything, and Pluto the
faintest by far, so neither makes a ranking that needs a tool)."""

_CITIES_PER_REGION = 8

_HOLIDAY_COUNTRIES = ("US", "GB", "JP", "IN", "BR")


def _date_seeds() -> list[Seed]:
    """The 2025 public holidays of a few countries: dates people convert to other calendars."""
    from dive.tools.packs.time.public_holidays import country_calendar

    days: dict[str, str] = {}
    for code in _HOLIDAY_COUNTRIES:
        for day, name in sorted(country_calendar(code, 2025).items()):
            days.setdefault(day.isoformat(), f"{name} ({code})")
    return [Seed(value=d, sem="date", domain=DOMAIN, label=label) for d, label in sorted(days.items())]


def _country_seeds() -> list[Seed]:
    from dive.tools.packs.time.public_holidays import country_names

    names = country_names()
    return [Seed(value=code, sem="country_code", domain=DOMAIN, label=names[code][0], group=continent)
            for continent, codes in _CONTINENTS.items() for code in codes.split() if code in names]


_ALIASES = frozenset({"Formalhaut", "Alcaid", "Adara", "Agena"})


def _bright_stars(n: int = 45) -> list[str]:
    """The ``n`` brightest stars of ephem's catalogue, one name each (it lists Fomalhaut also as Formalhaut,
    Alkaid as Alcaid, Adhara as Adara, Hadar as Agena): the stars people know by name, not Arkab Prior."""
    import ephem

    from dive.tools.packs.time.sky import star_names

    ranked: list[tuple[float, str]] = []
    seen: set[tuple[float, float]] = set()
    for name in sorted(star_names().values(), key=lambda n: (n in _ALIASES, n)):
        star = ephem.star(name)
        star.compute("2024/1/1")
        where = (round(float(star.a_ra), 4), round(float(star.a_dec), 4))
        if where not in seen:
            seen.add(where)
            ranked.append((float(star.mag), name))
    return [name for _, name in sorted(ranked)[:n]]


def seeds() -> list[Seed]:
    """Countries, markets, calendars, cron schedules, cities, stars, planets, years and dates."""
    import cron_descriptor

    from dive.tools.packs.time.markets import markets
    from dive.tools.packs.time.sky import BODIES
    from dive.tools.packs.time.sun import astral_cities

    out = _country_seeds()
    out += [Seed(value=code, sem="exchange_code", domain=DOMAIN, label=name)
            for code, name in sorted(set(markets().values()))]
    # no calendar seeds: compared, a calendar's tools ran for the example's year in each ("the number of days in
    # year 5784 of the Positivist calendar", the year being a Hebrew one)
    for expr in _CRON:
        label = expr if expr.startswith("@") else cron_descriptor.get_description(expr)
        out.append(Seed(value=expr, sem="cron_expression", domain=DOMAIN, label=label))
    cities = astral_cities()
    per_region: collections.Counter[str] = collections.Counter()
    for c in cities:  # at most 8 a region: astral lists 91 US state capitals, and cities were half the seeds
        per_region[c.region] += 1
        if per_region[c.region] <= _CITIES_PER_REGION:
            name, region = c.name.casefold(), c.region.casefold()  # "Singapore, Republic of Singapore" echoes a field;
            alone = region == name or region.endswith(" " + name)  # "Saint Pierre" alone is Reunion's too (round CL)
            out.append(Seed(value=c.name if alone else f"{c.name}, {c.region}", sem="city_name",
                            domain=DOMAIN, label=c.region))  # with its region: astral's one San Jose is Costa Rica's
            # and its George Town the Cayman Islands', and a reader takes them for California's and Penang's (two
            # reviewers, round V); a city-state alone ("Gibraltar, Gibraltar" reads as a template's: round W; "Singapore,
            # Republic of Singapore", two readers, round AG)
    out += [Seed(value=name, sem="star_name", domain=DOMAIN) for name in _bright_stars()]
    out += [Seed(value=body, sem="celestial_body", domain=DOMAIN, group=_BODY_GROUPS.get(body, "planet"))
            for body in BODIES]
    out += [Seed(value=year, sem="year", domain=DOMAIN) for year in range(2015, 2031)]
    out += [Seed(value=year, sem="hijri_year", domain=DOMAIN, label="Umm al-Qura Hijri year")
            for year in range(1440, 1451)]
    out += [Seed(value=year, sem="hebrew_year", domain=DOMAIN, label="Hebrew year") for year in range(5780, 5791)]
    out += _date_seeds()  # no holiday names: the one tool that takes one (find_holiday_date) gets its
    # country from its example, so a seed "Diwali" was looked up in the United States
    return out
