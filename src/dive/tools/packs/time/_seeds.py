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

_HOLIDAY_COUNTRIES = ("US", "GB", "FR", "DE", "JP", "IN", "BR", "CA", "AU", "MX", "CN", "IL", "SA", "ZA", "KR")


def _holiday_seeds() -> list[Seed]:
    from dive.tools.packs.time.public_holidays import country_calendar

    names: dict[str, str] = {}
    days: dict[str, str] = {}
    for code in _HOLIDAY_COUNTRIES:
        cal = country_calendar(code, 2025)
        for day, name in sorted(cal.items()):
            for single in name.split("; "):
                names.setdefault(single, code)
            if code in ("US", "GB", "JP", "IN", "BR"):
                days.setdefault(day.isoformat(), f"{name} ({code})")
    out = [Seed(value=d, sem="date", domain=DOMAIN, label=label) for d, label in sorted(days.items())]
    out += [Seed(value=n, sem="holiday_name", domain=DOMAIN, label=f"public holiday in {c}") for n, c in names.items()]
    return out


def seeds() -> list[Seed]:
    """Countries, markets, calendars, cron schedules, cities, stars, planets, years and holidays."""
    import cron_descriptor

    from dive.tools.packs.time.calendars import CALENDARS
    from dive.tools.packs.time.markets import markets
    from dive.tools.packs.time.public_holidays import country_names
    from dive.tools.packs.time.sky import BODIES, star_names
    from dive.tools.packs.time.sun import astral_cities

    out = [Seed(value=code, sem="country_code", domain=DOMAIN, label=name)
           for code, (name, _) in sorted(country_names().items())]
    out += [Seed(value=code, sem="exchange_code", domain=DOMAIN, label=name)
            for code, name in sorted(set(markets().values()))]
    out += [Seed(value=name, sem="calendar_system", domain=DOMAIN, label=info[2]) for name, info in CALENDARS.items()]
    for expr in _CRON:
        label = expr if expr.startswith("@") else cron_descriptor.get_description(expr)
        out.append(Seed(value=expr, sem="cron_expression", domain=DOMAIN, label=label))
    cities = astral_cities()
    counts = collections.Counter(c.name for c in cities)
    out += [Seed(value=c.name if counts[c.name] == 1 else f"{c.name}, {c.region}", sem="city_name", domain=DOMAIN,
                 label=c.region) for c in cities]
    out += [Seed(value=name, sem="star_name", domain=DOMAIN) for name in sorted(star_names().values())]
    out += [Seed(value=body, sem="celestial_body", domain=DOMAIN) for body in BODIES]
    out += [Seed(value=year, sem="year", domain=DOMAIN) for year in range(2015, 2031)]
    out += [Seed(value=year, sem="hijri_year", domain=DOMAIN, label="Umm al-Qura Hijri year")
            for year in range(1440, 1451)]
    out += [Seed(value=year, sem="hebrew_year", domain=DOMAIN, label="Hebrew year") for year in range(5780, 5791)]
    out += _holiday_seeds()
    return out
