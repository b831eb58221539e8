"""Real-value tests of the geo pack, part 1: countries, regions, subdivisions, cities, airports, coordinates.

Each expected value is an independent fact, with its source in a comment.
"""

from __future__ import annotations

import pytest

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


def codes(rows: list[dict], key: str = "country_code") -> set[str]:
    return {r[key] for r in rows}


# ---------------------------------------------------------------------------------------
# Countries


def test_country_codes() -> None:
    # ISO 3166-1: Germany is DE / DEU / 276; Japan's numeric code is 392; Bolivia is BO / BOL.
    de = out("country_by_code", code="DEU")
    assert (de["country_code"], de["country_code3"], de["numeric_code"]) == ("DE", "DEU", "276")
    assert out("country_by_code", code="392")["country_code"] == "JP"
    assert out("country_by_code", code="Bolivia")["country_code3"] == "BOL"
    # ISO 3166-1 has two Koreas: KP (North) and KR (South).
    assert {"KP", "KR"} <= codes(out("country_search", query="korea")["matches"])
    # ISO 3166-3: the USSR's code SU/SUN (SUHH) was withdrawn on 1992-08-30.
    su = out("historic_country", code="SU")
    assert su["former_code3"] == "SUN" and su["withdrawal_date"] == "1992-08-30"


def test_country_profile() -> None:
    # France: capital Paris, euro, French, +33, .fr, UN geoscheme Western Europe (CIA World Factbook, UN M49).
    fr = out("country_profile", country="FR")
    assert fr["capital"] == "Paris" and fr["currency_code"] == "EUR" and fr["language_code"] == "fr"
    assert fr["calling_code"] == "33" and fr["tld"] == ".fr" and fr["subregion"] == "Western Europe"
    assert fr["timezone"] == "Europe/Paris"
    # Paris lies at about 48.86 N, 2.35 E (IGN).
    assert fr["capital_latitude"] == pytest.approx(48.86, abs=0.05)
    # Japan: capital Tokyo, yen, Japanese, +81 (CIA World Factbook); Japan has about 125 million people.
    jp = out("country_profile", country="Japan")
    assert (jp["capital"], jp["currency_code"], jp["language_code"], jp["calling_code"]) == ("Tokyo", "JPY", "ja", "81")
    assert 120e6 < jp["population"] < 130e6
    # Japan's area is 377,975 km2 (Geospatial Information Authority of Japan).
    assert jp["area_km2"] == pytest.approx(377975, rel=0.01)
    # Serbia is 77,474 km2 without Kosovo, Slovakia 49,035 km2 (CIA World Factbook): countryinfo gives Serbia
    # Slovakia's area. Macao is 32.9 km2 after land reclamation (DSEC, 2022). The neighbours and regions see the same.
    assert out("country_profile", country="RS")["area_km2"] == pytest.approx(77474, rel=0.01)
    assert out("country_profile", country="SK")["area_km2"] == pytest.approx(49035, rel=0.01)
    assert out("country_profile", country="MO")["area_km2"] == pytest.approx(32.9, rel=0.02)
    # Ireland had 4.64 million people in April 2015 (CSO), Denmark 5.66 million (Statistics Denmark, 1 January 2015):
    # countryinfo gave Ireland the island's 6.38 million, Northern Ireland included
    assert out("country_profile", country="IE")["population"] == pytest.approx(4.64e6, rel=0.01)
    assert out("compare_countries", country_a="IE", country_b="DK")["more_populous"] in ("DK", "Denmark")
    east = out("countries_in_region", region="Eastern Europe", limit=50)  # (where countryinfo places Serbia)
    serbia = [c for c in east["countries"] if c["country_code"] == "RS"]
    assert serbia and serbia[0]["area_km2"] == pytest.approx(77474, rel=0.01)
    # Uruguay's currency is the peso uruguayo (UYU, Banco Central del Uruguay); UYI is an inflation-indexed unit
    # of account (ISO 4217 funds code) that countryinfo lists first.
    uy = out("country_profile", country="UY")
    assert uy["currency_code"] == "UYU" and uy["currency_codes"] == ["UYU"]


def test_neighbors_regions_and_ranks() -> None:
    # Germany borders nine countries (German Federal Foreign Office).
    de = out("country_neighbors", country="DE")
    assert de["count"] == 9
    assert codes(de["neighbors"]) == {"DK", "PL", "CZ", "AT", "CH", "FR", "LU", "BE", "NL"}
    # Japan and Iceland are island nations with no land border.
    assert out("country_neighbors", country="IS")["count"] == 0
    # UN M49 Western Europe: AT BE FR DE LI LU MC NL CH.
    we = out("countries_in_region", region="western europe", limit=20)
    assert codes(we["countries"]) == {"AT", "BE", "FR", "DE", "LI", "LU", "MC", "NL", "CH"}
    assert we["countries"][0]["country_code"] == "DE"  # the most populous of them
    # Russia is the largest country by area; China and India are the two most populous (UN WPP).
    assert out("country_rank", country="RU", metric="area")["rank"] == 1
    assert out("country_rank", country="CN")["rank"] <= 2
    # Monaco is the most densely populated sovereign state (UN).
    assert out("country_rank", country="MC", metric="density")["rank"] <= 3


def test_land_borders_are_mutual_and_chad_borders_sudan_not_south_sudan() -> None:
    """countryinfo listed some borders on one side only: Chad with South Sudan (they do not touch; CIA World
    Factbook: Chad borders Cameroon, CAR, Libya, Niger, Nigeria and Sudan), Myanmar without India."""
    from dive.tools.packs.geo.country_facts import _facts  # noqa: PLC0415

    assert codes(out("country_neighbors", country="TD")["neighbors"]) == {"CM", "CF", "LY", "NE", "NG", "SD"}
    assert "IN" in codes(out("country_neighbors", country="MM")["neighbors"])
    # India and Sri Lanka share only a maritime boundary (CIA World Factbook: India borders Bangladesh, Bhutan,
    # Burma, China, Nepal and Pakistan; Sri Lanka has no land boundaries).
    assert codes(out("country_neighbors", country="IN")["neighbors"]) == {"BD", "BT", "CN", "MM", "NP", "PK"}
    # France meets Brazil and Suriname in French Guiana (CIA World Factbook: France's land borders include Brazil
    # 649 km and Suriname 556 km), so Brazil, not Spain, is the largest country that borders France
    assert {"BR", "SR", "ES", "DE"} <= codes(out("country_neighbors", country="FR")["neighbors"])
    assert "FR" in codes(out("country_neighbors", country="BR")["neighbors"])
    # Kosovo borders Serbia, Montenegro, Albania and North Macedonia (CIA World Factbook), without an ISO code
    assert {"XK", "AL", "RS"} <= codes(out("country_neighbors", country="ME")["neighbors"])
    assert "XK" not in codes(out("country_neighbors", country="HR")["neighbors"])
    assert out("country_neighbors", country="LK")["count"] == 0
    lists = {c: codes(out("country_neighbors", country=c)["neighbors"]) for c in _facts()}
    one_sided = {(a, b) for a, ns in lists.items() for b in ns if b in lists and a not in lists[b]}
    assert one_sided <= {("SR", "FR")}, one_sided  # Suriname borders French Guiana, which is France


def test_compare_countries() -> None:
    # Germany has more people than France (about 84 vs 68 million), France more land; they share a border.
    cmp = out("compare_countries", country_a="FR", country_b="DE")
    assert cmp["more_populous"] == "DE" and cmp["larger_area"] == "FR" and cmp["share_border"] is True
    assert cmp["a"]["density_per_km2"] < cmp["b"]["density_per_km2"]
    assert out("compare_countries", country_a="JP", country_b="NZ")["share_border"] is False


def test_continents_and_postal_codes() -> None:
    # Brazil is South America's largest and most populous country; Russia Europe's (CIA World Factbook).
    sa = out("continent_info", continent="South America")
    assert sa["continent_code"] == "SA" and sa["largest_country"] == "BR" and sa["most_populous_country"] == "BR"
    assert out("continent_info", continent="EU")["largest_country"] == "RU"
    # Australia is Oceania's most populous country, then Papua New Guinea (UN WPP 2022).
    oc = out("countries_in_continent", continent="OC", limit=2)
    assert [c["country_code"] for c in oc["countries"]] == ["AU", "PG"]
    # USPS ZIP+4 has 5+4 digits; Canada Post codes are A1A 1A1 (K1A 0B1 is Parliament Hill);
    # SW1A 1AA is Buckingham Palace (Royal Mail).
    assert out("postal_code_check", country="US", postal_code="94105-1234")["valid"] is True
    assert out("postal_code_check", country="US", postal_code="9410")["valid"] is False
    assert out("postal_code_check", country="CA", postal_code="K1A 0B1")["valid"] is True
    assert out("postal_code_check", country="GB", postal_code="SW1A 1AA")["valid"] is True


def test_us_states_and_counties() -> None:
    # California: FIPS 06, 58 counties; Texas has 254 counties (US Census Bureau).
    ca = out("us_state_info", state="CA")
    assert ca["fips"] == "06" and ca["county_count"] == 58 and ca["subdivision_code"] == "US-CA"
    assert out("us_state_info", state="Texas")["county_count"] == 254
    # Cook County, Illinois is FIPS 17031 (US Census Bureau).
    cook = out("us_county_search", name="Cook", state="IL")["matches"]
    assert cook[0]["fips"] == "17031"


# ---------------------------------------------------------------------------------------
# Subdivisions (ISO 3166-2)


def test_subdivisions() -> None:
    # ISO 3166-2:US has 50 states, 1 district (DC) and 6 outlying areas.
    types = {t["type"]: t["count"] for t in out("subdivision_types", country="US")["types"]}
    assert types == {"State": 50, "District": 1, "Outlying area": 6}
    assert out("country_subdivisions", country="US", subdivision_type="state")["total"] == 50
    # ISO 3166-2:CN: 23 provinces (Taiwan included), 5 autonomous regions, 4 municipalities, 2 SARs.
    cn = {t["type"]: t["count"] for t in out("subdivision_types", country="CN")["types"]}
    assert cn == {"Province": 23, "Autonomous region": 5, "Municipality": 4, "Special administrative region": 2}
    # France has 13 metropolitan regions, 12 of them ISO "Metropolitan region" plus Corsica (a collectivity).
    assert out("country_subdivisions", country="FR", subdivision_type="Metropolitan region")["total"] == 12
    # The Rhône department (69) is in the Auvergne-Rhône-Alpes region (INSEE).
    rhone = out("subdivision_info", code="fr-69")
    assert rhone["parent_code"] == "FR-ARA" and rhone["country_code"] == "FR"
    # Bavaria is DE-BY; Victoria is AU-VIC (ISO 3166-2).
    assert out("subdivision_search", name="Bayern")["matches"][0]["subdivision_code"] == "DE-BY"
    assert out("subdivision_search", name="Victoria", country="AU")["matches"][0]["subdivision_code"] == "AU-VIC"
    # England, Scotland, Wales and Northern Ireland are the top level of ISO 3166-2:GB.
    gb = out("country_subdivisions", country="GB", top_level_only=True)
    assert codes(gb["subdivisions"], "subdivision_code") == {"GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR"}


# ---------------------------------------------------------------------------------------
# Cities


def test_city_lookup() -> None:
    # Lyon is at 45°45′N 4°50′E in France, on Paris time (Wikipedia / IANA tz).
    lyon = out("city_lookup", name="Lyon")
    assert lyon["country_code"] == "FR" and lyon["timezone"] == "Europe/Paris"
    assert lyon["latitude"] == pytest.approx(45.75, abs=0.05) and lyon["longitude"] == pytest.approx(4.84, abs=0.05)
    # "Munich" and "Cologne" are English names of München and Köln.
    assert out("city_lookup", name="Munich")["timezone"] == "Europe/Berlin"
    assert out("city_lookup", name="Cologne")["country_code"] == "DE"
    # Paris, Texas is on US Central Time.
    assert out("city_lookup", name="Paris", country="US")["timezone"] == "America/Chicago"
    # GeoNames id 2988507 is Paris (geonames.org/2988507).
    assert out("city_by_geonames_id", geonames_id=2988507)["name"] == "Paris"
    assert "San Jose" in {c["name"] for c in out("city_search", query="san jose")["cities"]}


def test_city_rankings_and_nearby() -> None:
    # Tokyo, São Paulo and Madrid are the largest cities of Japan, Brazil and Spain's Madrid time zone.
    assert out("largest_cities", country="JP", limit=1)["cities"][0]["name"] == "Tokyo"
    assert out("largest_cities", country="BR", limit=1)["cities"][0]["name"] == "São Paulo"
    assert out("cities_in_timezone", timezone="Europe/Madrid", limit=1)["cities"][0]["name"] == "Madrid"
    # The centre of Paris (Notre-Dame, 48.853 N 2.350 E) is in Paris.
    near = out("cities_near", latitude=48.853, longitude=2.35, radius_km=30, min_population=1_000_000)
    assert [c["name"] for c in near["cities"]] == ["Paris"]
    # Place Bellecour (45.757 N, 4.832 E) is in Lyon.
    spot = out("nearest_city", latitude=45.757, longitude=4.832, min_population=200_000)
    assert spot["name"] == "Lyon" and spot["distance_km"] < 5
    # Paris to London is about 344 km as the crow flies (great-circle, e.g. Wikipedia "Paris").
    assert out("city_distance", city_a="Paris", city_b="London")["distance_km"] == pytest.approx(344, rel=0.01)


# ---------------------------------------------------------------------------------------
# Airports


def test_airport_lookup() -> None:
    # Paris CDG is LFPG, elevation 392 ft = 119 m (French AIP).
    cdg = out("airport_by_iata", code="cdg")
    assert cdg["icao"] == "LFPG" and cdg["country_code"] == "FR" and cdg["timezone"] == "Europe/Paris"
    assert cdg["elevation_ft"] == 392 and cdg["elevation_m"] == pytest.approx(119.5, abs=0.2)
    # EGLL is London Heathrow (LHR); KSFO is San Francisco International, elevation 13 ft (FAA).
    assert out("airport_by_icao", code="EGLL")["iata"] == "LHR"
    assert out("airport_by_icao", code="KSFO")["elevation_ft"] == pytest.approx(13, abs=1)
    # Keflavik (KEF) is Iceland's international airport.
    assert "KEF" in codes(out("airports_in_country", country="IS", limit=100)["airports"], "iata")
    assert "LHR" in codes(out("airport_search", query="heathrow")["airports"], "iata")
    # Heathrow, Gatwick, Stansted, Luton and City all serve London (IATA metro code LON).
    london = codes(out("airports_in_city", city="London", country="GB")["airports"], "iata")
    assert {"LHR", "LGW", "STN", "LTN", "LCY"} <= london
    assert {"LHR", "LGW", "STN", "LTN", "LCY"} <= codes(out("metro_area_airports", code="LON")["airports"], "iata")
    # JFK and LaGuardia belong to IATA metro area NYC.
    assert out("metro_area_airports", code="JFK")["metro_code"] == "NYC"
    # London City (LCY) is about 12 km east of Trafalgar Square.
    near = out("airports_near", latitude=51.508, longitude=-0.128, radius_km=20)
    assert near["airports"][0]["iata"] == "LCY" and near["airports"][0]["distance_km"] == pytest.approx(12.7, abs=1)


def test_flight_distance() -> None:
    # JFK-LHR great-circle distance is 5,555 km / 3,451 mi (Great Circle Mapper), heading north-east.
    route = out("flight_distance", origin="JFK", destination="LHR")
    assert route["distance_km"] == pytest.approx(5555, rel=0.002)
    assert route["distance_mi"] == pytest.approx(3451, rel=0.002)
    assert 45 < route["initial_bearing_deg"] < 55 and route["domestic"] is False
    # Sydney-Melbourne is about 705 km (Great Circle Mapper SYD-MEL 439 mi).
    assert out("flight_distance", origin="SYD", destination="MEL")["distance_mi"] == pytest.approx(439, rel=0.01)


# ---------------------------------------------------------------------------------------
# Coordinates


def test_geodesy() -> None:
    # One degree of longitude along the WGS-84 equator is 111.319 km (a = 6378.137 km, 2*pi*a/360).
    d = out("geo_distance", latitude_a=0, longitude_a=0, latitude_b=0, longitude_b=1)
    assert d["distance_km"] == pytest.approx(111.319, abs=0.001)
    assert d["distance_nmi"] == pytest.approx(111.319 / 1.852, abs=0.001)
    # ... and on the mean-radius sphere (R = 6371.0088 km) it is 2*pi*R/360 = 111.195 km.
    assert d["great_circle_km"] == pytest.approx(111.195, abs=0.001)
    # Travelling that distance due east from (0, 0) along the equator reaches (0, 1).
    end = out("geo_destination", latitude=0, longitude=0, bearing_deg=90, distance_km=111.319491)
    assert end["latitude"] == pytest.approx(0, abs=1e-6) and end["longitude"] == pytest.approx(1, abs=1e-5)
    # One degree of latitude at the equator is 110.574 km, so 10 km is 0.0904 degrees.
    box = out("geo_bounding_box", latitude=0, longitude=0, radius_km=10)
    assert box["north"] == pytest.approx(10 / 110.574, abs=1e-4) and box["west"] == pytest.approx(-10 / 111.319, abs=1e-4)
    # Due east along the equator is 90 degrees; due north is 0; the halfway point of (0,0)-(0,90) is (0,45).
    assert out("geo_bearing", latitude_a=0, longitude_a=0, latitude_b=0, longitude_b=10)["initial_bearing_deg"] == 90
    north = out("geo_bearing", latitude_a=0, longitude_a=0, latitude_b=10, longitude_b=0)
    assert north["initial_bearing_deg"] == 0 and north["compass_point"] == "N"
    mid = out("geo_midpoint", latitude_a=0, longitude_a=0, latitude_b=0, longitude_b=90)
    assert (mid["latitude"], mid["longitude"]) == (0, 45)


def test_coordinates_text_and_density() -> None:
    # 48°51′24″ = 48 + 51/60 + 24/3600 = 48.856667 degrees.
    p = out("coordinates_parse", text="48°51′24″N 2°21′8″E")
    assert p["latitude"] == pytest.approx(48.856667, abs=1e-6) and p["longitude"] == pytest.approx(2.352222, abs=1e-6)
    # 48.8584 degrees = 48° 51′ 30.24″ (0.8584 * 60 = 51.504 min, 0.504 * 60 = 30.24 s).
    assert out("coordinates_to_dms", latitude=48.8584, longitude=-2.5)["latitude_dms"] == "48° 51′ 30.24″ N"
    # 42.7833333 degrees = 42° 47′ 0″ (0.7833333 * 60 = 46.999998 min: the seconds carry, never 46′ 59.9988″)
    assert out("coordinates_to_dms", latitude=42.7833333, longitude=-0.5)["formatted"] == "42° 47′ 0″ N, 0° 30′ 0″ W"
    # 100 people on 2 km2 is 50 per km2, or 50 * 2.589988 = 129.4994 per square mile (NIST SP 811).
    dens = out("population_density", population=100, area_km2=2)
    assert dens["density_per_km2"] == 50 and dens["density_per_mi2"] == pytest.approx(129.4994, abs=1e-3)
