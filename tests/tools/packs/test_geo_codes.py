"""Real-value tests of the geo pack, part 2: phone numbers, languages, locales, currencies, seeds, errors.

Each expected value is an independent fact, with its source in a comment.
"""

from __future__ import annotations

import unicodedata

import pytest

from dive.tools import load_seeds
from dive.tools.registry import load_semtypes
from dive.tools.semtypes import SEMANTIC_TYPES
from packs_util import pool_or_skip

POOL = pool_or_skip("geo")


def out(_tool: str, /, **args):  # noqa: ANN003, ANN201
    obs = POOL.call(_tool, args)
    assert obs.ok, obs.error
    return obs.output


def fail(_tool: str, /, **args) -> str:  # noqa: ANN003
    obs = POOL.call(_tool, args)
    assert obs.ok is False, obs.output
    return obs.error


def plain(text: str) -> str:
    """Replace the no-break spaces CLDR puts in numbers by plain spaces."""
    return "".join(" " if unicodedata.category(ch) == "Zs" else ch for ch in text)


# ---------------------------------------------------------------------------------------
# Phone numbers


def test_phone_parse_validate_format() -> None:
    # +33 1 is a Paris-region landline (ARCEP numbering plan); (650) 253-0000 is Google's US number.
    fr = out("phone_parse", number="+33 1 42 68 53 00")
    assert (fr["country_code"], fr["calling_code"], fr["number_type"], fr["is_valid"]) == ("FR", "33", "fixed_line", True)
    assert out("phone_parse", number="(650) 253-0000", region="US")["e164"] == "+16502530000"
    # A French number has 9 digits after +33 (ARCEP), so "+33 1 42" is too short.
    short = out("phone_validate", number="+33 1 42")
    assert short["is_valid"] is False and short["reason"] == "too_short"
    # UK London numbers are written 020 xxxx xxxx nationally (Ofcom).
    assert out("phone_format", number="+442079460958", style="national")["formatted"] == "020 7946 0958"
    assert out("phone_format", number="+442079460958", style="rfc3966")["formatted"] == "tel:+44-20-7946-0958"
    # French mobiles start 06 nationally, +33 6 internationally (ARCEP).
    assert out("phone_format", number="06 12 34 56 78", region="FR")["formatted"] == "+33 6 12 34 56 78"


def test_phone_details_and_dialing() -> None:
    # Area code 650 serves Mountain View, CA, on Pacific time (NANPA).
    info = out("phone_number_details", number="+1 650 253 0000")
    assert info["location"] == "Mountain View, CA" and info["timezones"] == ["America/Los_Angeles"]
    # Swiss 079 mobile numbers were allocated to Swisscom (BAKOM/OFCOM).
    swiss = out("phone_number_details", number="+41 79 123 45 67")
    assert swiss["carrier"] == "Swisscom" and swiss["number_type"] == "mobile" and swiss["country_code"] == "CH"
    # German mobile numbers start with 015, 016 or 017 (Bundesnetzagentur).
    de = out("phone_example_number", country="DE", number_type="mobile")
    assert de["national"][:3] in {"015", "016", "017"} and de["e164"].startswith("+49")
    # France: +33, exit code 00, trunk prefix 0; North America: exit 011; Australia: exit 0011 (ITU-T E.164 list).
    fr = out("country_dialing_info", country="FR")
    assert (fr["calling_code"], fr["international_prefix"], fr["national_prefix"]) == ("33", "00", "0")
    ca = out("country_dialing_info", country="CA")
    assert ca["calling_code"] == "1" and ca["international_prefix"] == "011" and "US" in ca["shares_calling_code_with"]
    assert out("country_dialing_info", country="AU")["international_prefix"] == "0011"
    # +44 is shared by the UK, Guernsey, the Isle of Man and Jersey (ITU).
    assert set(out("calling_code_countries", calling_code="+44")["countries"]) == {"GB", "GG", "IM", "JE"}
    # From the US you dial 011, then 33 for France, dropping the French trunk 0.
    assert out("phone_dial_from", number="+33 1 42 68 53 00", from_country="US")["dial"] == "011 33 1 42 68 53 00"
    found = out("extract_phone_numbers", text="Call 650-253-0000 or +44 20 7946 0958 today.", region="US")
    assert [n["e164"] for n in found["numbers"]] == ["+16502530000", "+442079460958"]


# ---------------------------------------------------------------------------------------
# Languages


def test_languages() -> None:
    # French: ISO 639-2/3 "fra", autonym "français", Latin script (ISO 639-3, CLDR).
    fr = out("language_info", code="fr")
    assert (fr["alpha3"], fr["autonym"], fr["script_code"], fr["likely_country"]) == ("fra", "français", "Latn", "FR")
    # French has several hundred million speakers (OIF estimates about 320 million).
    assert 200e6 < fr["speaking_population"] < 400e6
    # Cantonese (yue) is written in traditional characters and centred on Hong Kong.
    yue = out("language_info", code="yue")
    assert yue["script_code"] == "Hant" and yue["likely_country"] == "HK"
    assert out("language_find", name="Deutsch")["language_code"] == "de"
    assert out("language_find", name="Swahili")["language_code"] == "sw"
    # German is "allemand" in French.
    assert out("language_name_localized", code="de", in_language="fr")["name"] == "allemand"
    # Australian and British English are close variants; Spanish and French are different languages.
    assert out("language_tag_distance", desired="en-AU", supported="en-GB")["distance"] < 10
    assert out("language_tag_distance", desired="es", supported="fr")["mutually_usable"] is False
    # ISO 639 replaced "iw" by "he" for Hebrew in 1989; Serbian is written in Cyrillic in Serbia by default.
    assert out("language_tag_standardize", tag="iw")["language_code"] == "he"
    assert out("language_tag_standardize", tag="sr")["maximized"] == "sr-Cyrl-RS"
    assert out("language_tag_standardize", tag="eng_US")["language_code"] == "en-US"


def test_iso_639_and_scripts() -> None:
    # ISO 639-3: Latin is "lat", a historical language; "ger" is the ISO 639-2/B code of German (deu).
    la = out("iso639_language", code="la")
    assert la["alpha3"] == "lat" and la["status"] == "historical"
    assert out("iso639_language", code="ger")["alpha3"] == "deu"
    # Mandarin (cmn) is an individual language in the Chinese (zho) macrolanguage.
    assert out("iso639_language", code="zho")["scope"] == "macrolanguage"
    # ISO 15924: Cyrillic is Cyrl / 220, Arabic is Arab / 160.
    assert out("script_info", code="Cyrl")["numeric_code"] == "220"
    assert out("script_info", code="160")["script_code"] == "Arab"


def test_languages_by_country() -> None:
    # Switzerland's official languages are German, French and Italian (Romansh regionally) (Federal Constitution art. 70).
    ch = out("languages_of_country", country="CH", limit=20)
    assert {"de", "fr", "it"} <= set(ch["official_languages"])
    statuses = {row["language_code"]: row["official_status"] for row in ch["languages"]}
    assert statuses["rm"] == "official regionally"
    # German is spoken by more Swiss than French, French by more than Italian (Swiss FSO).
    share = {row["language_code"]: row["population_percent"] for row in ch["languages"]}
    assert share["de"] > share["fr"] > share["it"]
    # Portuguese is official in Portugal, Brazil, Angola and Mozambique (CPLP); Brazil has the most speakers.
    pt = out("countries_speaking_language", language="pt", official_only=True, sort_by="speakers")
    assert {"PT", "BR", "AO", "MZ"} <= {c["country_code"] for c in pt["countries"]}
    assert pt["countries"][0]["country_code"] == "BR"


# ---------------------------------------------------------------------------------------
# Locales, time zones, currencies


def test_locales() -> None:
    # Germany is "Allemagne" in French and "ドイツ" in Japanese.
    assert out("localized_country_name", country="DE", locale="fr")["name"] == "Allemagne"
    assert out("localized_country_name", country="DE", locale="ja")["name"] == "ドイツ"
    # US weeks start on Sunday; Arabic is written right to left; Switzerland uses the franc.
    assert out("locale_info", locale="en_US")["first_weekday"] == "Sunday"
    assert out("locale_info", locale="de")["first_weekday"] == "Monday"  # ISO 8601 week in Germany
    assert out("locale_info", locale="ar-EG")["text_direction"] == "rtl"
    assert out("locale_info", locale="de_CH")["currency_code"] == "CHF"


def test_number_currency_and_date_formats() -> None:
    # French writes 1 234,50 € (space groups, comma decimals); the yen has no minor unit (ISO 4217).
    assert plain(out("format_currency_amount", amount=1234.5, currency_code="EUR", locale="fr_FR")["formatted"]) == "1 234,50 €"
    assert out("format_currency_amount", amount=1234.5, currency_code="USD", locale="en_US")["formatted"] == "$1,234.50"
    assert "." not in out("format_currency_amount", amount=1234, currency_code="JPY", locale="ja_JP")["formatted"]
    # German groups with dots and uses a decimal comma.
    assert out("format_number_localized", number=1234567.891, locale="de_DE")["formatted"] == "1.234.567,891"
    # Turkish writes the percent sign first: %26.
    assert out("format_number_localized", number=0.256, locale="tr", style="percent")["formatted"] == "%26"
    assert out("parse_localized_number", text="1.234,56", locale="de")["value"] == 1234.56
    assert out("parse_localized_number", text="1 234,5", locale="fr")["value"] == 1234.5
    # Bastille Day 2024 (14 July) was a Sunday.
    assert out("format_date_localized", date="2024-07-14", locale="fr", length="full")["formatted"] == "dimanche 14 juillet 2024"


def test_time_zones() -> None:
    # Chicago is on US Central Time.
    chicago = out("timezone_country", timezone="America/Chicago")
    assert chicago["country_code"] == "US" and chicago["long_name"] == "Central Time"
    # Asia/Calcutta is the old alias of Asia/Kolkata (IANA backward file).
    assert out("timezone_country", timezone="Asia/Calcutta")["timezone"] == "Asia/Kolkata"
    # Windows "Romance Standard Time" is Paris, "Tokyo Standard Time" Tokyo (Microsoft/CLDR windowsZones).
    assert out("windows_timezone_to_iana", windows_timezone="Romance Standard Time")["timezone"] == "Europe/Paris"
    assert out("windows_timezone_to_iana", windows_timezone="tokyo standard time")["timezone"] == "Asia/Tokyo"


def test_currencies() -> None:
    # ISO 4217: EUR is 978; the yen has 0 decimals, the Kuwaiti dinar 3.
    eur = out("iso_currency_info", currency_code="EUR")
    assert eur["numeric_code"] == "978" and eur["symbol"] == "€" and eur["decimal_digits"] == 2
    # Croatia joined the euro on 2023-01-01 (ECB); Germany, France and Montenegro (unilaterally) use it.
    assert {"DE", "FR", "HR", "ME"} <= set(eur["used_by"])
    assert out("iso_currency_info", currency_code="JPY")["decimal_digits"] == 0
    assert out("iso_currency_info", currency_code="KWD")["decimal_digits"] == 3
    hr = out("country_currencies", country="HR")
    assert hr["currency_code"] == "EUR" and hr["currencies"][0]["since"] == "2023-01-01"
    # Panama uses the balboa and the US dollar (both legal tender since 1904): no one currency is "the" answer.
    pa = out("country_currencies", country="PA")
    assert pa["currency_code"] is None and {c["currency_code"] for c in pa["currencies"]} == {"PAB", "USD"}
    # The Deutsche Mark (from 20 June 1948) stopped being legal tender on 28 February 2002 (Bundesbank).
    de = out("country_currencies", country="DE", include_historic=True)["currencies"]
    dem = next(c for c in de if c["currency_code"] == "DEM")
    assert (dem["since"], dem["until"]) == ("1948-06-20", "2002-02-28")
    # Bulgaria adopted the euro on 1 January 2026 (the Council of the EU, 8 July 2025), after the CLDR release
    # babel carries: the lev until the end of January, when dual circulation ended.
    bg = out("country_currencies", country="BG", include_historic=True)
    assert bg["currency_code"] == "EUR" and "BG" in eur["used_by"]
    assert next(c for c in bg["currencies"] if c["currency_code"] == "BGN")["until"] == "2026-01-31"
    rupees = {m["currency_code"] for m in out("currency_search", query="rupee")["matches"]}
    assert {"INR", "PKR", "LKR", "NPR"} <= rupees


def test_a_country_profile_gives_the_currencies_in_use_today() -> None:
    """countryinfo's currencies are a decade old; the profile keeps only those CLDR says are legal tender today."""
    def cur(country: str) -> tuple[str, list[str]]:
        o = out("country_profile", country=country)
        return o["currency_code"], o["currency_codes"]
    assert cur("HR") == ("EUR", ["EUR"])  # the kuna until 14 January 2023 (Croatian National Bank)
    assert cur("SV") == ("USD", ["USD"])  # the colón left circulation after dollarization in 2001
    assert cur("VE")[0] == "VES" and cur("BY")[0] == "BYN" and cur("ZM")[0] == "ZMW"  # 2018, 2016, 2013 redenominations
    assert cur("UY")[0] == "UYU" and cur("CH") == ("CHF", ["CHF"])  # the indexed units UYI, CHE and CHW are no tender
    assert cur("PA") == ("PAB", ["PAB", "USD"])  # both legal tender: the balboa first, as countryinfo lists it
    assert cur("BG")[0] == "EUR"



def test_a_country_profile_gives_the_capital_of_today_or_none_where_there_are_two() -> None:
    def cap(country: str) -> tuple[str | None, float | None]:
        o = out("country_profile", country=country)
        return o["capital"], o["capital_longitude"]
    assert cap("KZ")[0] == "Astana"  # Nur-Sultan again Astana since 17 September 2022
    name, lon = cap("BI")  # Gitega since 2019, at 29.93 E (Bujumbura is at 29.36 E)
    assert name == "Gitega" and lon == pytest.approx(29.93, abs=0.05)
    assert cap("BO") == (None, None) and cap("LK")[0] is None  # Sucre and La Paz; Kotte and Colombo
    assert cap("FR")[0] == "Paris"


# ---------------------------------------------------------------------------------------
# Errors, seeds, semantic types


def test_failures_are_helpful() -> None:
    assert "unknown country 'XX'" in fail("country_profile", country="XX")
    assert "IATA codes are three letters" in fail("airport_by_iata", code="ZZZ")
    assert "looks like an ICAO code" in fail("airport_by_iata", code="EGLL")
    assert "leading +" in fail("phone_parse", number="0142685300")
    assert "unknown locale" in fail("localized_country_name", country="FR", locale="xx_YY")
    assert "no city named" in fail("city_lookup", name="Atlantisville")
    assert "not a known language tag" in fail("language_info", code="qqq-zz")
    assert "is not a number in de style" in fail("parse_localized_number", text="1,234.5", locale="de")
    assert "unknown region" in fail("countries_in_region", region="Middle Earth")
    # Out-of-range coordinates are rejected before the tool runs.
    assert "latitude" in fail("geo_distance", latitude_a=95, longitude_a=0, latitude_b=0, longitude_b=0)


def test_seeds_feed_the_pool() -> None:
    seeds = load_seeds("geo")
    assert len(seeds) >= 250
    accepted = {sem for t in POOL.list_tools() for sem in t.param_sem.values()}
    assert {s.sem for s in seeds} <= accepted
    assert {"country_code", "city_name", "airport_iata", "language_code", "currency_code"} <= {s.sem for s in seeds}
    # Every country seed is an ISO alpha-2 code in upper case, of a sovereign state: the 193 UN members and the Holy
    # See (UN), never a dependency (Gibraltar, the Isle of Man, Greenland) or Western Sahara.
    countries = {s.value for s in seeds if s.sem == "country_code"}
    assert all(len(c) == 2 and c.isupper() for c in countries)
    assert len(countries) == 194 and {"ES", "VA", "MA", "KN", "TV"} <= countries
    assert not {"GI", "IM", "GL", "EH", "PR", "HK"} & countries
    # A locale seed is a language where it is official: Spanish in Argentina, never in Brazil; English in Australia,
    # never in Austria (CLDR has es_BR and en_AT, locales no one names).
    locales = {s.value for s in seeds if s.sem == "locale"}
    assert {"es_AR", "en_AU", "de_AT", "pt_BR"} <= locales and not {"es_BR", "en_AT"} & locales
    # UN subregions small enough to compare every country over: Central Asia's five, not Western Asia's 18.
    regions = {s.value for s in seeds if s.sem == "region_name"}
    assert {"Central Asia", "Western Europe"} <= regions and "Western Asia" not in regions
    assert all(3 <= out("countries_in_region", region=r)["total"] <= 12 for r in regions)


def test_pack_shape() -> None:
    tools = POOL.list_tools()
    assert len(tools) >= 42
    assert sum(t.kind == "P" for t in tools) >= 8
    per_source: dict[str, int] = {}
    for t in tools:
        per_source[t.source] = per_source.get(t.source, 0) + 1
        assert t.examples, t.name
    assert max(per_source.values()) <= 30 and per_source.get("dive-tasks", 0) <= 5
    vocabulary = set(SEMANTIC_TYPES) | set(load_semtypes("geo"))
    used = {sem for t in tools for sem in (*t.param_sem.values(), *t.output_sem.values())}
    assert used <= vocabulary, used - vocabulary


@pytest.mark.parametrize("tool", [t.name for t in POOL.list_tools()])
def test_examples_succeed(tool: str) -> None:
    for example in POOL.get(tool).examples:
        out(tool, **example)


def test_chaining_outputs() -> None:
    # A city gives a country code and a time zone; a country gives a currency; an airport gives coordinates.
    city = out("city_lookup", name="Osaka")
    assert city["country_code"] == "JP" and city["timezone"] == "Asia/Tokyo"
    assert out("country_profile", country=city["country_code"])["currency_code"] == "JPY"
    jfk, lax = out("airport_by_iata", code="JFK"), out("airport_by_iata", code="LAX")
    # JFK to LAX is 2,475 statute miles great-circle (Great Circle Mapper, JFK-LAX).
    d = out("geo_distance", latitude_a=jfk["latitude"], longitude_a=jfk["longitude"],
            latitude_b=lax["latitude"], longitude_b=lax["longitude"])
    assert d["distance_mi"] == pytest.approx(2475, rel=0.005)
