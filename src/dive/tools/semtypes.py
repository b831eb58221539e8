"""The shared vocabulary of semantic types.

A semantic type names what a value *is* (a country code, a SMILES string, a date), so the
typed-walk explorer can feed one tool's output into another tool's parameter across packs.
Every ``Sem(...)`` used by a built-in tool must name a type listed here (a test checks it);
add new types here, with a one-line description and an example, before using them.

Numbers chain by JSON type as well: any numeric output can feed a parameter typed
``number``, so numeric measurements get a specific type (``population``) and a unit.
"""

from __future__ import annotations

__all__ = ["SEMANTIC_TYPES", "describe"]

SEMANTIC_TYPES: dict[str, tuple[str, str]] = {
    # name: (description, example)
    # --- generic values
    "number": ("any real number", "3.14"),
    "integer": ("any whole number", "42"),
    "number_list": ("a list of real numbers", "[1.5, 2, 3]"),
    "percent": ("a percentage, 0-100", "12.5"),
    "text": ("free text", "hello world"),
    "word": ("a single word", "river"),
    "unit": ("a unit of measure name or symbol", "km"),
    "quantity_kind": ("a physical dimension", "length"),
    "unicode_char": ("a single Unicode character", "é"),
    "physical_constant": ("name of a CODATA physical constant", "speed of light in vacuum"),
    "boolean": ("true or false", "true"),
    "python_code": ("a Python 3 program", "print(2 ** 10)"),
    # --- time
    "date": ("a calendar date, ISO 8601 YYYY-MM-DD", "2024-03-15"),
    "datetime": ("a date and time, ISO 8601", "2024-03-15T14:30:00"),
    "time_of_day": ("a time of day HH:MM[:SS]", "14:30"),
    "year": ("a Gregorian year", "2024"),
    "month": ("a month number 1-12", "3"),
    "weekday": ("an English weekday name", "Friday"),
    "timezone": ("an IANA time zone name", "Europe/Paris"),
    "utc_offset": ("a UTC offset in hours", "5.5"),
    "holiday_name": ("the name of a public holiday", "Bastille Day"),
    "calendar_system": ("a calendar system name", "hebrew"),
    "cron_expression": ("a five-field cron expression", "0 9 * * 1-5"),
    "duration_days": ("a number of days", "30"),
    # --- geography and general knowledge
    "country_code": ("ISO 3166-1 alpha-2 country code", "FR"),
    "country_code3": ("ISO 3166-1 alpha-3 country code", "FRA"),
    "country_name": ("English short name of a country", "France"),
    "subdivision_code": ("ISO 3166-2 subdivision code", "US-CA"),
    "subdivision_name": ("name of a country subdivision", "California"),
    "continent_code": ("two-letter continent code (AF AN AS EU NA OC SA)", "EU"),
    "region_name": ("a world region or continent name", "Western Europe"),
    "city_name": ("name of a city", "Lyon"),
    "geonames_id": ("GeoNames id of a place", "2996944"),
    "latitude": ("latitude in decimal degrees", "45.75"),
    "longitude": ("longitude in decimal degrees", "4.85"),
    "airport_iata": ("three-letter IATA airport code", "CDG"),
    "airport_icao": ("four-letter ICAO airport code", "LFPG"),
    "language_code": ("ISO 639 / BCP-47 language code", "fr"),
    "language_name": ("English name of a language", "French"),
    "locale": ("a CLDR locale identifier", "fr_FR"),
    "script_code": ("ISO 15924 script code", "Latn"),
    "currency_code": ("ISO 4217 currency code", "EUR"),
    "currency_name": ("name of a currency", "Euro"),
    "phone_number": ("a phone number in E.164 or national format", "+33 1 42 68 53 00"),
    "calling_code": ("an international calling code", "33"),
    "population": ("a number of people", "67750000"),
    "area_km2": ("an area in square kilometres", "551695"),
    "distance_km": ("a distance in kilometres", "391.5"),
    "elevation_m": ("an elevation in metres", "119"),
    "us_state_code": ("two-letter US state code", "CA"),
    "us_zip_code": ("a five-digit US ZIP code", "94105"),
    # --- finance and economics
    "money_amount": ("an amount of money", "1500.00"),
    "interest_rate": ("an interest rate as a fraction per period", "0.05"),
    "dividend_yield": ("a continuous annual dividend yield as a fraction", "0.02"),
    "exchange_code": ("an exchange calendar code (ISO 10383 MIC)", "XNYS"),
    "market_name": ("a financial market calendar name", "NYSE"),
    "tax_filing_status": ("a US tax filing status", "single"),
    "volatility": ("an annualized volatility as a fraction", "0.2"),
    "option_type": ("call or put", "call"),
    # --- biology
    "dna_sequence": ("a DNA sequence (ACGT)", "ATGGCCATTGTAATG"),
    "rna_sequence": ("an RNA sequence (ACGU)", "AUGGCCAUUGUAAUG"),
    "protein_sequence": ("a protein sequence in one-letter codes", "MAIVMGR"),
    "amino_acid": ("an amino acid one-letter code or name", "W"),
    "codon": ("a DNA codon", "ATG"),
    "codon_table_id": ("an NCBI genetic code table id", "11"),
    "restriction_enzyme": ("a restriction enzyme name (REBASE)", "EcoRI"),
    "dot_bracket": ("an RNA secondary structure in dot-bracket notation", "((..))"),
    "substitution_matrix": ("a substitution matrix name", "BLOSUM62"),
    "organism_name": ("a species name", "Escherichia coli"),
    # --- chemistry and materials
    "element_symbol": ("a chemical element symbol", "Fe"),
    "element_name": ("a chemical element name", "iron"),
    "atomic_number": ("an atomic number", "26"),
    "smiles": ("a SMILES string", "CCO"),
    "molecule_name": ("a chemical name (common or IUPAC)", "ethanol"),
    "inchi": ("an InChI string", "InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3"),
    "inchikey": ("an InChIKey", "LFQSCWFLJHTTHZ-UHFFFAOYSA-N"),
    "molecular_formula": ("a molecular formula", "C2H6O"),
    "cas_number": ("a CAS registry number", "64-17-5"),
    "molar_mass": ("a molar mass in g/mol", "46.07"),
    "fluid_name": ("a CoolProp fluid name", "Water"),
    "nuclide": ("a nuclide such as C-14", "C-14"),
    "temperature_k": ("a temperature in kelvin", "298.15"),
    "ph": ("a pH value", "7.4"),
    "pressure_pa": ("a pressure in pascals", "101325"),
    # --- medicine
    "icd10cm_code": ("an ICD-10-CM diagnosis code", "E11.9"),
    "icd10_code": ("a WHO ICD-10 code", "I10"),
    "icd9_code": ("an ICD-9-CM diagnosis code", "250.00"),
    "icd_chapter": ("an ICD chapter number or name", "IV"),
    "ccs_category": ("an HCUP CCS category", "49"),
    "comorbidity": ("a comorbidity group name", "Diabetes, uncomplicated"),
    "age_years": ("an age in years", "65"),
    "sex": ("biological sex, male or female", "female"),
    "weight_kg": ("a body weight in kilograms", "70"),
    "height_cm": ("a body height in centimetres", "175"),
    "creatinine_mg_dl": ("serum creatinine in mg/dL", "1.1"),
    "heart_rate_bpm": ("heart rate in beats per minute", "72"),
    "qt_interval_ms": ("a QT interval in milliseconds", "400"),
    "clinical_score": ("the result of a clinical score or calculator", "3"),
}


def describe(name: str) -> str:
    """Return the description of semantic type ``name`` (KeyError naming close matches)."""
    try:
        return SEMANTIC_TYPES[name][0]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, list(SEMANTIC_TYPES), n=3)
        raise KeyError(f"unknown semantic type {name!r}; close: {close}; add it to dive.tools.semtypes") from None
