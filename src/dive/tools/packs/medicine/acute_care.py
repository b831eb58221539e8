"""Severity scores for pneumonia, pharyngitis, liver disease and consciousness (medcalc-bench)."""

from __future__ import annotations

from typing import Annotated, Literal

from typing_extensions import TypedDict

from dive.tools.tool import Sem, tool

from ._common import (
    MEDCALC,
    Age,
    AlbuminGDl,
    BilirubinMgDl,
    BunMgDl,
    CreatinineMgDl,
    DiastolicBp,
    Inr,
    RespiratoryRate,
    SodiumMmolL,
    SystolicBp,
    TemperatureC,
    check_range,
    medcalc,
)

__all__ = ["TOOLS"]


class Points(TypedDict):
    score: Annotated[float, Sem("clinical_score", unit="points")]
    interpretation: str


@tool(kind="P", examples=[{"age_years": 70, "confusion": False, "bun_mg_dl": 25, "respiratory_rate": 24,
                           "systolic_bp_mmhg": 110, "diastolic_bp_mmhg": 70}], **MEDCALC)
def curb65_score(
    age_years: Age,
    confusion: bool,
    bun_mg_dl: BunMgDl,
    respiratory_rate: RespiratoryRate,
    systolic_bp_mmhg: SystolicBp,
    diastolic_bp_mmhg: DiastolicBp,
) -> Points:
    """CURB-65 severity score for community-acquired pneumonia (0-5 points).

    One point each: Confusion, BUN > 19 mg/dL (urea > 7 mmol/L), Respiratory rate >= 30,
    Blood pressure (SBP < 90 or DBP <= 60), age >= 65. 0-1 outpatient, 2 admit, 3-5 severe.

    Args:
        age_years: patient age in years.
        confusion: new disorientation to person, place or time.
        bun_mg_dl: blood urea nitrogen in mg/dL.
        respiratory_rate: breaths per minute.
        systolic_bp_mmhg: systolic blood pressure in mmHg.
        diastolic_bp_mmhg: diastolic blood pressure in mmHg.
    """
    check_range(age_years, "age_years", 18, 120, "years")
    check_range(bun_mg_dl, "bun_mg_dl", 0, 300, "mg/dL")
    check_range(respiratory_rate, "respiratory_rate", 0, 80, "breaths/min")
    check_range(systolic_bp_mmhg, "systolic_bp_mmhg", 30, 300, "mmHg")
    check_range(diastolic_bp_mmhg, "diastolic_bp_mmhg", 10, 200, "mmHg")
    score = medcalc("curb_65", "curb_65_explanation", {
        "age": (age_years, "years"), "confusion": confusion, "bun": (bun_mg_dl, "mg/dL"),
        "respiratory_rate": (respiratory_rate, "breaths per minute"), "sys_bp": (systolic_bp_mmhg, "mm hg"),
        "dia_bp": (diastolic_bp_mmhg, "mm hg")})
    text = ("low severity: consider outpatient care" if score <= 1 else
            "moderate severity: consider hospital admission" if score == 2 else
            "severe pneumonia: hospitalize, consider ICU")
    return {"score": score, "interpretation": text}


@tool(kind="P", examples=[{"age_years": 25, "temperature_c": 38.6, "tonsillar_exudate": True,
                           "tender_anterior_nodes": True, "cough_absent": True}], **MEDCALC)
def centor_score(
    age_years: Age,
    temperature_c: TemperatureC,
    tonsillar_exudate: bool = False,
    tender_anterior_nodes: bool = False,
    cough_absent: bool = False,
) -> Points:
    """Modified Centor (McIsaac) score for streptococcal pharyngitis (-1 to 5 points).

    Age 3-14 +1, 15-44 0, >= 45 -1; exudate or swelling of tonsils +1; tender/swollen anterior
    cervical nodes +1; temperature > 38 °C +1; absent cough +1.

    Args:
        age_years: patient age in years (3 or older).
        temperature_c: body temperature in degrees Celsius.
        tonsillar_exudate: exudate or swelling on the tonsils.
        tender_anterior_nodes: tender or swollen anterior cervical lymph nodes.
        cough_absent: the patient has no cough.
    """
    check_range(age_years, "age_years", 3, 120, "years")
    check_range(temperature_c, "temperature_c", 30, 45, "°C")
    score = medcalc("centor_score", "compute_centor_score_explanation", {
        "age": (age_years, "years"), "temperature": (temperature_c, "degrees celsius"),
        "exudate_swelling_tonsils": tonsillar_exudate, "tender_lymph_nodes": tender_anterior_nodes,
        "cough_absent": cough_absent})
    text = ("no testing or antibiotics needed" if score <= 1 else
            "rapid strep test or culture advised" if score <= 3 else
            "high likelihood of strep: test and consider empiric antibiotics")
    return {"score": score, "interpretation": text}


class ChildPugh(TypedDict):
    score: Annotated[float, Sem("clinical_score", unit="points")]
    child_pugh_class: Literal["A", "B", "C"]


@tool(kind="P", examples=[{"bilirubin_mg_dl": 2.5, "albumin_g_dl": 3.0, "inr": 1.8, "ascites": "slight",
                           "encephalopathy": "none"}], **MEDCALC)
def child_pugh_score(
    bilirubin_mg_dl: BilirubinMgDl,
    albumin_g_dl: AlbuminGDl,
    inr: Inr,
    ascites: Literal["absent", "slight", "moderate"] = "absent",
    encephalopathy: Literal["none", "grade 1-2", "grade 3-4"] = "none",
) -> ChildPugh:
    """Child-Pugh score and class (A 5-6, B 7-9, C 10-15) of cirrhosis severity.

    Bilirubin < 2 / 2-3 / > 3 mg/dL; albumin > 3.5 / 2.8-3.5 / <= 2.8 g/dL; INR < 1.7 / 1.7-2.3 /
    > 2.3; ascites absent / slight / moderate; encephalopathy none / grade 1-2 / grade 3-4 score 1 / 2 / 3.

    Args:
        bilirubin_mg_dl: total bilirubin in mg/dL (µmol/L / 17.1).
        albumin_g_dl: serum albumin in g/dL.
        inr: international normalized ratio.
        ascites: ascites grade.
        encephalopathy: hepatic encephalopathy grade.
    """
    check_range(bilirubin_mg_dl, "bilirubin_mg_dl", 0.1, 60, "mg/dL")
    check_range(albumin_g_dl, "albumin_g_dl", 0.5, 7, "g/dL")
    check_range(inr, "inr", 0.5, 15)
    score = medcalc("child_pugh_score", "compute_child_pugh_score_explanation", {
        "bilirubin": (bilirubin_mg_dl, "mg/dL"), "albumin": (albumin_g_dl, "g/dL"), "inr": inr,
        "ascites": ascites.capitalize(),
        "encephalopathy": {"none": "No Encephalopathy", "grade 1-2": "Grade 1-2", "grade 3-4": "Grade 3-4"}[encephalopathy],
    })
    # medcalc-bench scores bilirubin of exactly 2 as 0 and exactly 3 as 3; the published bands give 2 for both.
    if bilirubin_mg_dl == 2:
        score += 2
    elif bilirubin_mg_dl == 3:
        score -= 1
    cls: Literal["A", "B", "C"] = "A" if score <= 6 else "B" if score <= 9 else "C"
    return {"score": score, "child_pugh_class": cls}


class Meld(TypedDict):
    meld_na: Annotated[float, Sem("clinical_score", unit="points")]


@tool(kind="P", examples=[{"creatinine_mg_dl": 1.9, "bilirubin_mg_dl": 4.2, "inr": 1.7, "sodium_mmol_l": 130,
                           "dialysis_twice_past_week": False}],
      **MEDCALC)
def meld_na_score(
    creatinine_mg_dl: CreatinineMgDl,
    bilirubin_mg_dl: BilirubinMgDl,
    inr: Inr,
    sodium_mmol_l: SodiumMmolL,
    dialysis_twice_past_week: bool = False,
) -> Meld:
    """MELD-Na score (UNOS 2016) of end-stage liver disease severity, 6-40.

    MELD(i) = 0.957 ln(Cr) + 0.378 ln(bilirubin) + 1.120 ln(INR) + 0.643 (x10, values below 1 set to 1,
    creatinine capped at 4); above 11, MELD-Na = MELD + 1.32 (137 - Na) - 0.033 MELD (137 - Na),
    sodium bounded to 125-137.

    Args:
        creatinine_mg_dl: serum creatinine in mg/dL.
        bilirubin_mg_dl: total bilirubin in mg/dL.
        inr: international normalized ratio.
        sodium_mmol_l: serum sodium in mmol/L.
        dialysis_twice_past_week: dialysis at least twice (or CVVHD 24 h) in the past week: creatinine counts as 4.
    """
    check_range(creatinine_mg_dl, "creatinine_mg_dl", 0.1, 30, "mg/dL")
    check_range(bilirubin_mg_dl, "bilirubin_mg_dl", 0.1, 60, "mg/dL")
    check_range(inr, "inr", 0.5, 15)
    check_range(sodium_mmol_l, "sodium_mmol_l", 100, 200, "mmol/L")
    creatinine = 4.0 if dialysis_twice_past_week else creatinine_mg_dl
    score = medcalc("meldna", "compute_meldna_explanation", {
        "creatinine": (creatinine, "mg/dL"), "bilirubin": (bilirubin_mg_dl, "mg/dL"), "inr": inr,
        "sodium": (sodium_mmol_l, "mEq/L"), "dialysis_twice": dialysis_twice_past_week})
    return {"meld_na": score}


_EYE = {"spontaneous": "eyes open spontaneously", "to voice": "eye opening to verbal command",
        "to pain": "eye opening to pain", "none": "no eye opening"}
_VERBAL = {"oriented": "oriented", "confused": "confused", "inappropriate words": "inappropriate words",
           "incomprehensible sounds": "incomprehensible sounds", "none": "no verbal response"}
_MOTOR = {"obeys commands": "obeys commands", "localizes pain": "localizes pain",
          "withdraws from pain": "withdrawal from pain", "abnormal flexion": "flexion to pain",
          "extension": "extension to pain", "none": "no motor response"}


@tool(kind="P", examples=[{"eye": "to pain", "verbal": "confused", "motor": "localizes pain"}], **MEDCALC)
def glasgow_coma_scale(
    eye: Literal["spontaneous", "to voice", "to pain", "none"],
    verbal: Literal["oriented", "confused", "inappropriate words", "incomprehensible sounds", "none"],
    motor: Literal["obeys commands", "localizes pain", "withdraws from pain", "abnormal flexion", "extension", "none"],
) -> Points:
    """Glasgow Coma Scale total (3-15) from the best eye (1-4), verbal (1-5) and motor (1-6) responses.

    13-15 mild, 9-12 moderate, 3-8 severe brain injury.

    Args:
        eye: best eye opening response.
        verbal: best verbal response.
        motor: best motor response.
    """
    score = medcalc("glasgow_coma_score", "compute_glasgow_coma_score_explanation", {
        "best_eye_response": _EYE[eye], "best_verbal_response": _VERBAL[verbal], "best_motor_response": _MOTOR[motor]})
    text = "mild" if score >= 13 else "moderate" if score >= 9 else "severe"
    return {"score": score, "interpretation": f"{text} impairment of consciousness"}


TOOLS = [curb65_score, centor_score, child_pugh_score, meld_na_score, glasgow_coma_scale]
