"""Seeds of the geo pack, drawn from the backing packages' own data."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pycountry

from dive.records import Seed
from dive.tools.packs.geo._common import country_name, geonames, haversine_km

__all__ = ["seeds"]

_DOMAIN = "geo"
_SUBDIVIDED = ("US", "CA", "AU", "DE", "FR", "IN", "BR", "MX", "CN", "JP", "ES", "IT", "GB", "NG", "ZA", "AR")
_SCRIPTS = ("Latn", "Cyrl", "Arab", "Hans", "Hant", "Deva", "Grek", "Hebr", "Jpan", "Kore", "Thai", "Beng", "Geor",
            "Armn", "Ethi", "Taml", "Telu", "Khmr", "Mong", "Tibt")


_CENSUS_DIVISION = {
    **dict.fromkeys(("CT", "ME", "MA", "NH", "RI", "VT"), "New England"),
    **dict.fromkeys(("NJ", "NY", "PA"), "Middle Atlantic"),
    **dict.fromkeys(("IL", "IN", "MI", "OH", "WI"), "East North Central"),
    **dict.fromkeys(("IA", "KS", "MN", "MO", "NE", "ND", "SD"), "West North Central"),
    **dict.fromkeys(("DE", "FL", "GA", "MD", "NC", "SC", "VA", "WV"), "South Atlantic"),
    **dict.fromkeys(("AL", "KY", "MS", "TN"), "East South Central"),
    **dict.fromkeys(("AR", "LA", "OK", "TX"), "West South Central"),
    **dict.fromkeys(("AZ", "CO", "ID", "MT", "NV", "NM", "UT", "WY"), "Mountain"),
    **dict.fromkeys(("AK", "CA", "HI", "OR", "WA"), "Pacific"),
}
"""The US Census Bureau's nine divisions: a state is compared with states of its division (reviewers found
"Connecticut, New Jersey, Arizona, Idaho or Delaware" an arbitrary set; one of the four regions, of up to 16
states, still gave "North Carolina, Tennessee, Oklahoma or Virginia"). The District of Columbia is in none: it is not a state, and a
comparison of "states" that lists it is wrong."""

_INTERMEDIATE = {
    **dict.fromkeys(("BJ", "BF", "CV", "CI", "GM", "GH", "GN", "GW", "LR", "ML", "MR", "NE", "NG", "SN", "SL", "TG"),
                    "Western Africa"),
    **dict.fromkeys(("AO", "CM", "CF", "TD", "CG", "CD", "GQ", "GA", "ST"), "Middle Africa"),
    **dict.fromkeys(("BW", "SZ", "LS", "NA", "ZA"), "Southern Africa"),
    **dict.fromkeys(("BI", "KM", "DJ", "ER", "ET", "KE", "MG", "MW", "MU", "MZ", "RW", "SC", "SO", "SS", "UG", "TZ",
                     "ZM", "ZW"), "Eastern Africa"),
    **dict.fromkeys(("AG", "BS", "BB", "CU", "DM", "DO", "GD", "HT", "JM", "KN", "LC", "VC", "TT"), "Caribbean"),
    **dict.fromkeys(("BZ", "CR", "SV", "GT", "HN", "MX", "NI", "PA"), "Central America"),
    **dict.fromkeys(("AR", "BO", "BR", "CL", "CO", "EC", "GY", "PY", "PE", "SR", "UY", "VE"), "South America"),
    **dict.fromkeys(("RS", "ME"), "Southern Europe"),  # the countries data: Eastern Europe
}
"""The UN M49 intermediate regions of the two largest subregions (Sub-Saharan Africa, 53 countries; Latin America
and the Caribbean, 52), by ISO code: a country is compared with the countries of its region (round AK's readers
rated "Canada, Dominica or Saint Vincent", of one continent, a quiz; Ghana is compared with Togo and Benin)."""


def country_region(code: str) -> str:
    """The region a country is compared within: its UN intermediate region where its subregion has one, else its
    UN subregion (Northern Europe, Eastern Asia); '' when the countries data has none."""
    from dive.tools.packs.geo.country_facts import _facts

    return _INTERMEDIATE.get(code) or (_facts().get(code) or {}).get("subregion") or ""



def _seed(value: str, sem: str, label: str = "", group: str = "") -> Seed:
    return Seed(value=value, sem=sem, domain=_DOMAIN, label=label, group=group)


TERRITORIES = frozenset({
    "AS", "AI", "AQ", "AW", "AX", "BL", "BM", "BQ", "BV", "CC", "CK", "CW", "CX", "EH", "FK", "FO", "GF", "GG", "GI",
    "GL", "GP", "GS", "GU", "HK", "HM", "IM", "IO", "JE", "KY", "MF", "MO", "MP", "MQ", "MS", "NC", "NF", "NU", "PF",
    "PM", "PN", "PR", "RE", "SH", "SJ", "SX", "TC", "TF", "TK", "UM", "VG", "VI", "WF", "YT", "PS", "TW"})
"""ISO 3166-1 entries that are not sovereign states by the UN's count: dependencies (Gibraltar, the Isle of Man,
French Guiana), Antarctica, and the disputed Western Sahara, Palestine and Taiwan (the 193 members and the Holy
See remain). They are no country seeds: two readers of each of rounds AB-AE marked "the Isle of Man" among
countries, and Western Sahara or Palestine as a country that borders Morocco or Israel, wrong; and a list with
one of them (the neighbours of Spain, with Gibraltar) is then no set of countries to compare over."""


def _countries() -> list[Seed]:
    return [_seed(c.alpha_2, "country_code", country_name(c), country_region(c.alpha_2))
            for c in pycountry.countries if c.alpha_2 not in TERRITORIES]


_TRANSLITERATED = re.compile("[āēīōūĀĒĪŌŪḥḩṣşṭẓḍẖḤḨṢŞṬẒḌ]")
"""Letters of a scholarly transliteration (a macron, a dot or a cedilla under a consonant), as GeoNames writes Arabic
and Indic names; not São Paulo's or Bogotá's."""


PER_COUNTRY = 12
"""The most city seeds of one country: GeoNames gives a Chinese prefecture-level city its prefecture's population, so
81 of the 300 most populous entries were Chinese, among them districts of Shanghai (Puxi, Pudong, Minhang) and
Wuzhong, which a person also reads as Suzhou's Wuzhong District (both readers, round CU: "the query doesn't pin down
the answer"). The 12 largest of a country are cities people know by name."""
NEAR_KM = 20.0
"""A GeoNames entry this close to a more populous seed is a part of that city (Sadr City of Baghdad, Gustavo A.
Madero of Mexico City, Pudong of Shanghai, Callao of Lima), not a city a person names on its own."""


def _cities(n: int = 300) -> list[Seed]:
    cities = sorted(geonames().get_cities().values(), key=lambda c: -c["population"])
    in_country = Counter((c["name"], c["countrycode"]) for c in cities)
    out, seen = [], set()
    taken: Counter[str] = Counter()
    kept: list[dict] = []
    for c in cities:
        if taken[c["countrycode"]] >= PER_COUNTRY or any(
                haversine_km(c["latitude"], c["longitude"], k["latitude"], k["longitude"]) < NEAR_KM for k in kept):
            continue
        if c["name"] in seen or c["timezone"] == "Asia/Urumqi":  # a clock there reads Beijing time (UTC+8) or
            continue  # Xinjiang time (UTC+6): "the local time" is not one answer (two readers, round AG)
        if in_country[(c["name"], c["countrycode"])] > 1:  # Taizhou in Jiangsu and in Zhejiang: "Taizhou (China)" is
            continue  # two places (both readers, round CJ)
        if _TRANSLITERATED.search(c["name"]):  # "Al Mawşil al Jadīdah", a district of Mosul: a gazetteer's
            continue  # transliteration, not the name a person writes (both readers, round CB)
        seen.add(c["name"])
        taken[c["countrycode"]] += 1
        kept.append(c)
        out.append(_seed(c["name"], "city_name", f"{c['name']}, {c['countrycode']}",
                         country_region(c["countrycode"])))  # Lagos with Accra and Abidjan, not with Cairo
        if len(out) >= n:
            break
    return out


def _airports(n: int = 300, per_country: int = 3) -> list[Seed]:
    """Airports with "International" in their name, spread over countries (at most 3 each)."""
    import airportsdata

    by_country: dict[str, list[dict]] = defaultdict(list)
    for _code, a in sorted(airportsdata.load("IATA").items()):
        if "international" in a["name"].lower():
            by_country[a["country"]].append(a)
    out: list[Seed] = []
    for rank in range(per_country):
        for country in sorted(by_country):
            if rank < len(by_country[country]) and len(out) < n:
                a = by_country[country][rank]
                out.append(_seed(a["iata"], "airport_iata", f"{a['name']} ({a['city']}, {country})"))
    icao = [_seed(a["icao"], "airport_icao", a["name"]) for seeds in by_country.values() for a in seeds[:1]]
    return out + icao[:60]


def _languages() -> list[Seed]:
    """Languages that have their own CLDR locale (about 200), with their English names."""
    import langcodes
    from babel import Locale
    from babel.localedata import locale_identifiers

    names = Locale("en").languages
    out = []
    for ident in sorted(i for i in locale_identifiers() if "_" not in i and i != "root"):
        lang = langcodes.get(ident)
        if lang.is_valid() and lang.has_name_data() and ident in names:
            out.append(_seed(ident, "language_code", names[ident]))
    return out


def _locales() -> list[Seed]:
    from babel import Locale
    from babel.core import get_global
    from babel.localedata import locale_identifiers

    wanted = ("en", "fr", "de", "es", "pt", "ar", "zh", "ru", "ja", "hi", "it", "nl", "sv", "tr", "ko", "pl")
    spoken = get_global("territory_languages")
    per_language: dict[str, int] = defaultdict(int)
    out = []
    for ident in sorted(locale_identifiers()):
        parts = ident.split("_")
        official = len(parts) == 2 and (spoken.get(parts[1], {}).get(parts[0]) or {}).get("official_status")
        # a language where it is official: "Spanish as used in Brazil" and "English as used in Austria" are
        # CLDR locales no one names (two reviewers)
        if parts[0] in wanted and official and len(parts[1]) == 2 and per_language[parts[0]] < 6:
            per_language[parts[0]] += 1
            out.append(_seed(ident, "locale", Locale.parse(ident).get_display_name("en")))
    return out


def _currencies() -> list[Seed]:
    from babel import Locale

    from dive.tools.packs.geo.currencies import territory_currencies

    current = {c for spans in territory_currencies().values() for c, _s, end, tender in spans
               if end is None and tender}
    names = Locale("en").currencies
    return [_seed(c.alpha_3, "currency_code", names.get(c.alpha_3, c.name))
            for c in pycountry.currencies if c.alpha_3 in current]


def _subdivisions() -> list[Seed]:
    out = []
    for country in _SUBDIVIDED:
        for s in sorted(pycountry.subdivisions.get(country_code=country) or [], key=lambda s: s.code):
            if s.parent_code is None:
                out.append(_seed(s.code, "subdivision_code", s.name))
    return out


def _phones() -> list[Seed]:
    import phonenumbers

    out, seen = [], set()
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        num = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        if num is None or not pycountry.countries.get(alpha_2=region):
            continue
        text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        if text not in seen:  # regions sharing a numbering plan share example numbers
            seen.add(text)
            out.append(_seed(text, "phone_number", f"example mobile number, {region}"))
    return out


def _small_sets() -> list[Seed]:
    import phonenumbers
    from babel.core import get_global

    out = [_seed(code, "continent_code", c["name"]) for code, c in sorted(geonames().get_continents().items())
           if code != "AN"]  # Antarctica has no countries: "the largest country in Antarctica" is a riddle
    out += [_seed(code, "us_state_code", s["name"], _CENSUS_DIVISION.get(code, ""))
            for code, s in sorted(geonames().get_us_states().items())]
    out += [_seed(code, "script_code", pycountry.scripts.get(alpha_4=code).name) for code in _SCRIPTS]
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    out += [_seed(str(code), "calling_code", "+" + str(code)) for code in codes
            if phonenumbers.COUNTRY_CODE_TO_REGION_CODE[code][0] != "001"]
    zones = sorted(get_global("windows_zone_mapping").items())
    out += [_seed(name, "windows_timezone", zone) for name, zone in zones if not zone.startswith("Etc/")]
    out += [_seed(name, "region_name", name) for name in _SUBREGIONS]
    return out


_SUBREGIONS = ("Northern Africa", "Northern America", "Central Asia", "Eastern Asia", "South-eastern Asia",
               "Southern Asia", "Western Europe", "Australia and New Zealand", "Melanesia",
               "Micronesia", "Polynesia")
"""The UN subregions of 3 to 12 countries and territories (``countries_in_region``), a set a person compares over
(*which of the countries of Central Asia has the capital with the largest population?*); Western Asia (18) and
Southern Europe (14) are too many to go through (:data:`dive.exploration.members.MAX_MEMBERS`), and the countries
data puts Serbia and Montenegro in Eastern Europe (the UN: Southern Europe)."""


def seeds() -> list[Seed]:
    """Countries, cities, airports, languages, locales, currencies, subdivisions, phone numbers and more."""
    return [
        *_countries(), *_cities(), *_airports(), *_languages(), *_locales(), *_currencies(), *_subdivisions(),
        *_phones(), *_small_sets(),
    ]
