"""How the time pack's values are named in questions (see ``lexicon.yaml``).

Each function maps a value to its display text, or None when it has none; none raises.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

__all__ = ["body_label", "calendar_label", "datetime_label", "hebrew_year_label", "hijri_date_label",
           "hijri_year_label", "plain_number_label", "subdivision_label", "utc_offset_label"]

_CALENDARS = {
    "julian": "the Julian calendar",
    "hebrew": "the Hebrew calendar",
    "islamic": "the tabular Islamic calendar",
    "persian": "the Persian (Solar Hijri) calendar",
    "french_republican": "the French Republican calendar",
    "bahai": "the Baháʼí calendar",
    "indian_civil": "the Indian national (Saka) calendar",
    "coptic": "the Coptic calendar",
    "armenian": "the Armenian calendar",
    "positivist": "the Positivist calendar",
}

_HIJRI_MONTHS = ("Muharram", "Safar", "Rabi' al-Awwal", "Rabi' al-Thani", "Jumada al-Ula", "Jumada al-Akhirah",
                 "Rajab", "Sha'ban", "Ramadan", "Shawwal", "Dhu al-Qa'dah", "Dhu al-Hijjah")


def calendar_label(value: Any) -> str | None:
    """``persian`` -> ``the Persian (Solar Hijri) calendar``."""
    return _CALENDARS.get(str(value).strip().lower()) if value is not None else None


def body_label(value: Any) -> str | None:
    """``Moon`` -> ``the Moon``; other bodies and stars keep their name."""
    if not isinstance(value, str) or not value.strip():
        return None
    name = value.strip()
    return f"the {name.capitalize()}" if name.lower() in ("sun", "moon") else name


def hijri_date_label(value: Any) -> str | None:
    """``1445-10-01`` -> ``1 Shawwal 1445 AH``."""
    m = re.fullmatch(r"\s*(\d{3,4})-(\d{1,2})-(\d{1,2})\s*", str(value))
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12 or not 1 <= day <= 30:
        return None
    return f"{day} {_HIJRI_MONTHS[month - 1]} {year} AH"


def utc_offset_label(value: Any) -> str | None:
    """``5.5`` -> ``UTC+5:30``; ``-4`` -> ``UTC-4``; ``0`` -> ``UTC+0``."""
    try:
        hours = float(value)
    except (TypeError, ValueError):
        return None
    sign = "-" if hours < 0 else "+"
    minutes = round(abs(hours) * 60)
    h, m = divmod(minutes, 60)
    return f"UTC{sign}{h}" + (f":{m:02d}" if m else "")


def plain_number_label(value: Any) -> str | None:
    """A number as people write an identifier-like count: ``1700000000``, ``2451545.5`` (no separators)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def datetime_label(value: Any) -> str | None:
    """``2024-03-15T14:30:00`` -> ``15 March 2024 at 14:30``; seconds and an explicit offset are kept."""
    text = str(value).strip()
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    day = f"{moment.day} {moment.strftime('%B')} {moment.year}"
    if len(text) <= 10:
        return day
    clock = moment.strftime("%H:%M" if moment.second == 0 else "%H:%M:%S")
    out = f"{day} at {clock}"
    offset = moment.utcoffset()
    if offset is not None:
        out += " UTC" if not offset else f" (UTC{moment.strftime('%z')[:3]}:{moment.strftime('%z')[3:]})"
    return out


def subdivision_label(value: Any) -> str | None:
    """``US-CA`` -> ``California``; None when the code is unknown."""
    if not isinstance(value, str) or "-" not in value:
        return None
    try:
        import pycountry  # noqa: PLC0415 - optional, offline data
    except ImportError:
        return None
    try:
        sub = pycountry.subdivisions.get(code=value.strip().upper())
    except (KeyError, LookupError):
        return None
    return getattr(sub, "name", None) if sub is not None else None


def hebrew_year_label(value: Any) -> str | None:
    """``5785`` -> ``the Hebrew year 5785``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not float(value).is_integer():
        return None
    return f"the Hebrew year {int(value)}"


def hijri_year_label(value: Any) -> str | None:
    """``1446`` -> ``1446 AH (Umm al-Qura calendar)``: the tools' calendar, named (Ramadan 1448 has 29 days in it and 30
    in the tabular Islamic calendar: two readers, round AG), as people write it ("Ramadan of the Umm al-Qura year 1442
    AH" read as stilted to two readers, rounds CRD and CRF)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not float(value).is_integer():
        return None
    return f"{int(value)} AH (Umm al-Qura calendar)"


def timezone_label(value: Any) -> str | None:
    """An IANA time zone as people say it: ``"America/Mazatlan"`` -> ``"Mazatlan time"``,
    ``"America/Argentina/Buenos_Aires"`` -> ``"Buenos Aires time"``; UTC stays UTC, and a zone with
    no place in its name (``Etc/GMT+5``) keeps its identifier (None)."""
    if not isinstance(value, str) or "/" not in value:
        return "UTC" if value in ("UTC", "Etc/UTC", "Etc/Universal", "Zulu") else None
    area, _, place = value.rpartition("/")
    if area == "Etc" or not place or any(c.isdigit() for c in place):
        return None
    return f"{place.replace('_', ' ')} time"


_HEBREW_MONTHS = {
    "Nissan": ("Nisan", "Nissan"), "Iyar": ("Iyar", "Iyyar"), "Sivan": ("Sivan",), "Tammuz": ("Tammuz", "Tamuz"),
    "Av": ("Av", "Ab", "Menachem Av"), "Elul": ("Elul",), "Tishrei": ("Tishrei", "Tishri"),
    "Cheshvan": ("Cheshvan", "Heshvan", "Marcheshvan", "Marheshvan"), "Kislev": ("Kislev", "Chislev"),
    "Teves": ("Tevet", "Teves", "Tebeth"), "Shevat": ("Shevat", "Shvat", "Sh'vat"), "Adar": ("Adar",),
    "Adar 1": ("Adar I", "Adar 1", "Adar Rishon"), "Adar 2": ("Adar II", "Adar 2", "Adar Sheni"),
}
"""pyluach's month names (Ashkenazi "Teves", "Nissan", "Adar 1") -> the usual English spelling first, then the others
people write: "Which month of the Jewish calendar is 21 April 2025 in?" was answered only "Nissan", and "Nisan" was
marked wrong (a user's review)."""


def hebrew_month_label(value: Any) -> str | None:
    """``"Nissan"`` -> ``"Nisan"``, ``"Adar 1"`` -> ``"Adar I"``: a Hebrew month by its usual English spelling."""
    spellings = _HEBREW_MONTHS.get(value) if isinstance(value, str) else None
    return spellings[0] if spellings else None


def hebrew_month_aliases(value: Any) -> tuple[str, ...]:
    """The other spellings of a Hebrew month people write (Nissan, Tishri, Heshvan, Teves, Adar Sheni)."""
    return _HEBREW_MONTHS.get(value, ())[1:] if isinstance(value, str) else ()


def _offsets(tz: Any) -> set[dt.timedelta]:
    """A zone's UTC offsets in mid-January and mid-July: two when it keeps summer time."""
    return {tz.utcoffset(dt.datetime(2024, month, 15)) for month in (1, 7)}


def timezone_answer(value: Any) -> str | None:
    """How a person names an IANA time zone in an answer, in English from CLDR by babel: a zone with summer time by its
    generic name (``America/Toronto`` -> Eastern Time, ``Europe/Prague`` -> Central European Time), one without by
    its standard name (``Africa/Nairobi`` -> East Africa Time, ``Asia/Shanghai`` -> China Standard Time), never by
    CLDR's fallback of the country's name (``Europe/London``: Greenwich Mean Time, not United Kingdom Time). Two
    readers of round AP found "Prague time" an odd answer, and "Toronto time" is the zone of Ottawa. None for a zone
    without a place."""
    if not isinstance(value, str) or "/" not in value or value.startswith("Etc/"):
        return None
    try:
        from babel.dates import get_timezone, get_timezone_location, get_timezone_name  # noqa: PLC0415
    except ImportError:  # the geo extra brings babel; without it, the label is the answer
        return None
    try:
        tz = get_timezone(value)
        summer = len(_offsets(tz)) > 1
        generic = get_timezone_name(tz, width="long", locale="en", zone_variant="generic")
        standard = get_timezone_name(tz, width="long", locale="en", zone_variant="standard")
        fallback = get_timezone_location(tz, locale="en")
    except LookupError:
        return None
    name = generic if summer and generic != fallback else standard
    return name if name and "/" not in name and "Unknown" not in name and not name.startswith("world") else None


_ABBREVIATIONS = {
    "Central Africa Time": "CAT", "East Africa Time": "EAT", "West Africa Standard Time": "WAT",
    "South Africa Standard Time": "SAST", "Greenwich Mean Time": "GMT", "Western European Standard Time": "WET",
    "Central European Standard Time": "CET", "Eastern European Standard Time": "EET", "Moscow Standard Time": "MSK",
    "India Standard Time": "IST", "India Time": "IST", "Pakistan Standard Time": "PKT", "Indochina Time": "ICT",
    "Western Indonesia Time": "WIB", "Singapore Standard Time": "SGT", "Japan Standard Time": "JST",
    "Korean Standard Time": "KST", "Australian Western Standard Time": "AWST",
    "Australian Central Standard Time": "ACST", "Australian Eastern Standard Time": "AEST",
    "New Zealand Standard Time": "NZST", "Hawaii-Aleutian Standard Time": "HST",
}
"""The abbreviations people write for CLDR's standard names that babel's English short names leave out (it gives
only North America's: EST, PST)."""


def timezone_aliases(value: Any) -> tuple[str, ...]:
    """Other names people give an IANA time zone, in English from CLDR by babel: its generic and standard names
    (``"Africa/Harare"`` -> Zimbabwe Time, Central Africa Time; ``"America/New_York"`` -> Eastern Time, Eastern
    Standard Time, ET, EST), the standard name's usual abbreviation (CAT, IST) and the standard time's UTC offset
    (UTC+2, UTC+02:00, GMT+2; UTC+5:30). Two readers of round AW found "CAT" and "UTC+2" missing for Malawi's zone.
    None for a zone without a place (``Etc/GMT+5``)."""
    if not isinstance(value, str) or "/" not in value or value.startswith("Etc/"):
        return ()
    try:
        from babel.dates import get_timezone, get_timezone_name  # noqa: PLC0415
    except ImportError:  # the geo extra brings babel; without it, the label and the zone's id are the answers
        return ()
    try:
        tz = get_timezone(value)
        names = [get_timezone_name(tz, width=w, locale="en", zone_variant=v)
                 for w in ("long", "short") for v in ("generic", "standard")]
        offset = min(_offsets(tz))  # standard time's (summer time's is an hour more)
    except LookupError:
        return ()
    # not CLDR's fallbacks for zones without a name: "Argentina (Argentina/Buenos Aires) Time", "world (Troll) Time"
    names = [n for n in names if n and "Unknown" not in n and "/" not in n and not n.startswith("world")]
    names += [_ABBREVIATIONS[n] for n in names if n in _ABBREVIATIONS]
    return tuple(dict.fromkeys([*names, *_offset_names(offset)]))


def _offset_names(offset: Any) -> list[str]:
    """``5:30`` -> UTC+5:30, UTC+05:30, GMT+5:30; ``2:00`` -> UTC+2, UTC+02:00, GMT+2; none for UTC itself."""
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return []
    sign, hours, mins = "+" if minutes > 0 else "-", abs(minutes) // 60, abs(minutes) % 60
    short = f"{sign}{hours}" + (f":{mins:02d}" if mins else "")
    return [f"UTC{short}", f"UTC{sign}{hours:02d}:{mins:02d}", f"GMT{short}"]


_PARSHIOS = {
    "Bereishis": ("Bereshit", "Bereishit"), "Noach": (), "Lech Lecha": ("Lech-Lecha", "Lekh Lekha"),
    "Vayeira": ("Vayera",), "Chayei Sarah": ("Chayei Sara", "Chaye Sarah"), "Toldos": ("Toldot", "Toledot"),
    "Vayeitzei": ("Vayetzei",), "Vayishlach": (), "Vayeishev": ("Vayeshev",), "Mikeitz": ("Miketz",),
    "Vayigash": (), "Vayechi": ("Vaychi",), "Shemos": ("Shemot", "Shmot"), "Va'eira": ("Vaera", "Va'era"), "Bo": (),
    "Beshalach": (), "Yisro": ("Yitro",), "Mishpatim": (), "Terumah": (), "Tetzaveh": (), "Ki Sisa": ("Ki Tisa",),
    "Vayakhel": (), "Pekudei": (), "Vayikra": (), "Tzav": (), "Shemini": ("Shmini",), "Tazria": (), "Metzora": (),
    "Acharei Mos": ("Achrei Mot", "Acharei Mot"), "Kedoshim": (), "Emor": (), "Behar": (),
    "Bechukosai": ("Bechukotai",), "Bamidbar": (), "Nasso": ("Naso",), "Beha'aloscha": ("Beha'alotcha", "Behaalotecha"),
    "Shelach": ("Sh'lach", "Shelach Lecha"), "Korach": (), "Chukas": ("Chukat",), "Balak": (), "Pinchas": (),
    "Mattos": ("Matot", "Mattot"), "Masei": ("Massei",), "Devarim": (), "Va'eschanan": ("Vaetchanan", "Va'etchanan"),
    "Eikev": ("Ekev",), "Re'eh": (), "Shoftim": (), "Ki Seitzei": ("Ki Teitzei", "Ki Tetzei"), "Ki Savo": ("Ki Tavo",),
    "Nitzavim": (), "Vayeilech": ("Vayelech",), "Haazinu": ("Ha'azinu",),
    "Vezos Haberachah": ("Vezot Haberakhah", "V'Zot HaBerachah"),
}
"""pyluach's Ashkenazi names of the weekly Torah portions -> the Sephardi (Israeli, Hebcal) spellings and other common
ones: the portion of 13 September 2025 was accepted only as "Ki Savo", not the commoner "Ki Tavo" (a reader, round
BM)."""


def torah_portion_aliases(value: Any) -> tuple[str, ...]:
    """The other spellings of a Torah portion, a double one's parts joined as the tool joins them (``"Ki Savo"`` ->
    ``Ki Tavo``; ``"Vayakhel, Pekudei"`` -> ``Vayakhel-Pekudei``)."""
    if not isinstance(value, str):
        return ()
    parts = [p.strip() for p in value.split(",")]
    if not all(p in _PARSHIOS for p in parts):
        return ()
    out: list[str] = []
    for names in itertools.product(*((p, *_PARSHIOS[p]) for p in parts)):
        out += [", ".join(names), "-".join(names), " and ".join(names)]
    return tuple(a for a in dict.fromkeys(out) if a != value)
