"""Cardiovascular risk scores and ECG/hemodynamic calculators (medcalc-bench)."""

from __future__ import annotations

from typing import Annotated, Literal

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.tool import Sem, tool

from ._common import (
    MEDCALC,
    Age,
    DiastolicBp,
    HeartRate,
    QtMs,
    Sex,
    SystolicBp,
    check_range,
    medcalc,
    tidy,
    title_sex,
)

__all__ = ["TOOLS"]


class Points(TypedDict):
    score: Annotated[float, Sem("clinical_score", unit="points")]
    interpretation: str


@tool(kind="P", examples=[{"age_years": 72, "sex": "female", "congestive_heart_failure": False, "hypertension": True,
                           "stroke_tia_or_thromboembolism": False, "vascular_disease": False, "diabetes": True}],
      **MEDCALC)
def cha2ds2_vasc_score(
    age_years: Age,
    sex: Sex,
    congestive_heart_failure: bool = False,
    hypertension: bool = False,
    stroke_tia_or_thromboembolism: bool = False,
    vascular_disease: bool = False,
    diabetes: bool = False,
) -> Points:
    """CHA2DS2-VASc stroke risk score for atrial fibrillation (0-9 points).

    Points: CHF 1, hypertension 1, age >= 75 2 (65-74 1), diabetes 1, prior stroke/TIA/
    thromboembolism 2, vascular disease (MI, PAD, aortic plaque) 1, female sex 1.

    Args:
        age_years: patient age in years.
        sex: "male" or "female".
        congestive_heart_failure: history of heart failure or LV dysfunction.
        hypertension: history of hypertension.
        stroke_tia_or_thromboembolism: prior stroke, TIA or thromboembolism.
        vascular_disease: prior MI, peripheral artery disease or aortic plaque.
        diabetes: diabetes mellitus.
    """
    check_range(age_years, "age_years", 18, 120, "years")
    score = medcalc("cha2ds2_vasc_score", "generate_cha2ds2_vasc_explanation", {
        "age": (age_years, "years"), "sex": title_sex(sex), "chf": congestive_heart_failure,
        "hypertension": hypertension, "stroke": stroke_tia_or_thromboembolism, "vascular_disease": vascular_disease,
        "diabetes": diabetes,
    })
    base = score - (1 if sex == "female" else 0)
    level = "low" if base == 0 else "intermediate" if base == 1 else "high"
    return {"score": score, "interpretation": f"{level} stroke risk (non-sex risk factors score {base})"}


@tool(kind="P", examples=[{"age_years": 70, "hypertension": True, "renal_disease": False, "liver_disease": False,
                           "stroke": False, "prior_bleeding": True, "labile_inr": False, "bleeding_medication": True,
                           "alcohol_drinks_per_week": 4}], **MEDCALC)
def has_bled_score(
    age_years: Age,
    hypertension: bool = False,
    renal_disease: bool = False,
    liver_disease: bool = False,
    stroke: bool = False,
    prior_bleeding: bool = False,
    labile_inr: bool = False,
    bleeding_medication: bool = False,
    alcohol_drinks_per_week: int = 0,
) -> Points:
    """HAS-BLED score of one-year major bleeding risk on anticoagulation (0-9 points).

    One point each: uncontrolled hypertension (SBP > 160), renal disease, liver disease, stroke,
    prior bleeding, labile INR, age > 65, antiplatelet/NSAID use, alcohol >= 8 drinks/week.
    A score >= 3 means high bleeding risk.

    Args:
        age_years: patient age in years.
        hypertension: uncontrolled hypertension, systolic > 160 mmHg.
        renal_disease: dialysis, transplant or creatinine > 2.26 mg/dL.
        liver_disease: cirrhosis, or bilirubin > 2x normal with AST/ALT/ALP > 3x normal.
        stroke: history of stroke.
        prior_bleeding: prior major bleeding or predisposition to bleeding.
        labile_inr: unstable or high INRs, time in therapeutic range < 60%.
        bleeding_medication: aspirin, clopidogrel or NSAID use.
        alcohol_drinks_per_week: alcoholic drinks per week.
    """
    check_range(age_years, "age_years", 18, 120, "years")
    check_range(alcohol_drinks_per_week, "alcohol_drinks_per_week", 0, 200)
    score = medcalc("has_bled_score", "compute_has_bled_score_explanation", {
        "age": (age_years, "years"), "hypertension": hypertension, "liver_disease_has_bled": liver_disease,
        "renal_disease_has_bled": renal_disease, "stroke": stroke, "prior_bleeding": prior_bleeding,
        "labile_inr": labile_inr, "medications_for_bleeding": bleeding_medication,
        "alcoholic_drinks": alcohol_drinks_per_week,
    })
    return {"score": score, "interpretation": "high bleeding risk" if score >= 3 else "low to moderate bleeding risk"}


_HISTORY = {"slightly suspicious": "Slightly suspicious", "moderately suspicious": "Moderately suspicious",
            "highly suspicious": "Highly suspicious"}
_ECG = {"normal": "Normal", "nonspecific repolarization": "Non-specific repolarization disturbance",
        "significant st deviation": "Significant ST deviation"}
_TROPONIN = {"normal": "less than or equal to normal limit", "1-3x normal": "three times the normal limit",
             ">3x normal": "greater than three times normal limit"}


@tool(kind="P", examples=[{"age_years": 60, "history": "moderately suspicious", "ecg": "normal",
                           "troponin": "normal", "hypertension": True, "hypercholesterolemia": False,
                           "diabetes": False, "obesity": False, "smoking": True, "family_history_cvd": False,
                           "atherosclerotic_disease": False}], **MEDCALC)
def heart_score(
    age_years: Age,
    history: Literal["slightly suspicious", "moderately suspicious", "highly suspicious"],
    ecg: Literal["normal", "nonspecific repolarization", "significant st deviation"],
    troponin: Literal["normal", "1-3x normal", ">3x normal"],
    hypertension: bool = False,
    hypercholesterolemia: bool = False,
    diabetes: bool = False,
    obesity: bool = False,
    smoking: bool = False,
    family_history_cvd: bool = False,
    atherosclerotic_disease: bool = False,
) -> Points:
    """HEART score for major adverse cardiac events in emergency chest pain (0-10 points).

    History, ECG, Age (<45: 0, 45-64: 1, >=65: 2), Risk factors (1-2: 1, >=3 or known
    atherosclerotic disease: 2) and Troponin each score 0-2. 0-3 low, 4-6 moderate, 7-10 high risk.

    Args:
        age_years: patient age in years.
        history: how suspicious the history is for ACS.
        ecg: ECG finding.
        troponin: initial troponin relative to the normal limit.
        hypertension: risk factor: hypertension.
        hypercholesterolemia: risk factor: hypercholesterolemia.
        diabetes: risk factor: diabetes mellitus.
        obesity: risk factor: BMI > 30.
        smoking: risk factor: current smoker or quit within 3 months.
        family_history_cvd: risk factor: parent or sibling with CVD before 65.
        atherosclerotic_disease: known atherosclerosis (prior MI, PCI/CABG, stroke/TIA, PAD).
    """
    check_range(age_years, "age_years", 18, 120, "years")
    factors = {"hypertension": hypertension, "hypercholesterolemia": hypercholesterolemia,
               "diabetes_mellitus": diabetes, "obesity": obesity, "smoking": smoking,
               "family_with_cvd": family_history_cvd, "atherosclerotic_disease": atherosclerotic_disease}
    score = medcalc("heart_score", "compute_heart_score_explanation", {
        "age": (age_years, "years"), "history": _HISTORY[history], "electrocardiogram": _ECG[ecg],
        "initial_troponin": _TROPONIN[troponin], **factors,
    })
    # medcalc-bench gives 1 point for atherosclerotic disease with <= 2 risk factors; the published score gives 2.
    if atherosclerotic_disease and sum(factors.values()) <= 2:
        score += 1
    level = "low" if score <= 3 else "moderate" if score <= 6 else "high"
    return {"score": score, "interpretation": f"{level} risk of a major adverse cardiac event"}


@tool(kind="P", examples=[{"heart_rate_bpm": 110, "clinical_signs_dvt": True, "pe_most_likely_diagnosis": False,
                           "immobilization_or_recent_surgery": True, "previous_pe_or_dvt": False, "hemoptysis": False,
                           "malignancy": False}], **MEDCALC)
def wells_pe_score(
    heart_rate_bpm: HeartRate,
    clinical_signs_dvt: bool = False,
    pe_most_likely_diagnosis: bool = False,
    immobilization_or_recent_surgery: bool = False,
    previous_pe_or_dvt: bool = False,
    hemoptysis: bool = False,
    malignancy: bool = False,
) -> Points:
    """Wells criteria for pulmonary embolism (0-12.5 points); > 4 means PE likely.

    Clinical DVT signs 3, PE most likely diagnosis 3, heart rate > 100 1.5, immobilization >= 3 days
    or surgery within 4 weeks 1.5, previous PE/DVT 1.5, hemoptysis 1, malignancy 1.

    Args:
        heart_rate_bpm: heart rate in beats per minute.
        clinical_signs_dvt: clinical signs and symptoms of DVT.
        pe_most_likely_diagnosis: PE is the most likely diagnosis or equally likely.
        immobilization_or_recent_surgery: immobilized >= 3 days or surgery in the previous 4 weeks.
        previous_pe_or_dvt: previously diagnosed PE or DVT.
        hemoptysis: hemoptysis.
        malignancy: cancer treated within 6 months or palliative.
    """
    check_range(heart_rate_bpm, "heart_rate_bpm", 20, 300, "beats/min")
    score = medcalc("wells_criteria_pe", "calculate_pe_wells_explanation", {
        "heart_rate": (heart_rate_bpm, "beats per minute"), "clinical_dvt": clinical_signs_dvt,
        "pe_number_one": pe_most_likely_diagnosis, "immobilization_for_3days": immobilization_or_recent_surgery,
        "previous_pe": previous_pe_or_dvt, "hemoptysis": hemoptysis, "malignancy_with_treatment": malignancy,
    })
    return {"score": score, "interpretation": "PE likely" if score > 4 else "PE unlikely"}


@tool(kind="P", examples=[{"active_cancer": True, "bedridden_or_major_surgery": False, "calf_swelling_over_3cm": True,
                           "collateral_superficial_veins": False, "entire_leg_swollen": True,
                           "deep_vein_tenderness": False, "pitting_edema": False, "paralysis_or_leg_cast": False,
                           "previous_dvt": False, "alternative_diagnosis_likely": False}], **MEDCALC)
def wells_dvt_score(
    active_cancer: bool = False,
    bedridden_or_major_surgery: bool = False,
    calf_swelling_over_3cm: bool = False,
    collateral_superficial_veins: bool = False,
    entire_leg_swollen: bool = False,
    deep_vein_tenderness: bool = False,
    pitting_edema: bool = False,
    paralysis_or_leg_cast: bool = False,
    previous_dvt: bool = False,
    alternative_diagnosis_likely: bool = False,
) -> Points:
    """Wells criteria for deep vein thrombosis (-2 to 9 points); >= 2 means DVT likely.

    One point for each finding; an alternative diagnosis at least as likely as DVT subtracts 2.

    Args:
        active_cancer: cancer treated within 6 months or palliative.
        bedridden_or_major_surgery: bedridden > 3 days or major surgery within 12 weeks.
        calf_swelling_over_3cm: calf swelling > 3 cm compared with the other leg.
        collateral_superficial_veins: collateral (non-varicose) superficial veins.
        entire_leg_swollen: the entire leg is swollen.
        deep_vein_tenderness: localized tenderness along the deep venous system.
        pitting_edema: pitting edema confined to the symptomatic leg.
        paralysis_or_leg_cast: paralysis, paresis or recent cast of the lower limb.
        previous_dvt: previously documented DVT.
        alternative_diagnosis_likely: an alternative diagnosis is at least as likely.
    """
    score = medcalc("wells_criteria_dvt", "compute_wells_criteria_dvt_explanation", {
        "active_cancer": active_cancer, "bedridden_for_atleast_3_days": bedridden_or_major_surgery,
        "major_surgery_in_last_12_weeks": False, "calf_swelling_3cm": calf_swelling_over_3cm,
        "collateral_superficial_veins": collateral_superficial_veins, "leg_swollen": entire_leg_swollen,
        "localized_tenderness_on_deep_venuous_system": deep_vein_tenderness,
        "pitting_edema_on_symptomatic_leg": pitting_edema,
        "paralysis_paresis_immobilization_in_lower_extreme": paralysis_or_leg_cast,
        "previous_dvt": previous_dvt, "alternative_to_dvt_diagnosis": alternative_diagnosis_likely,
    })
    return {"score": score, "interpretation": "DVT likely" if score >= 2 else "DVT unlikely"}


_QTC = {
    "bazett": ("qt_calculator_bazett", "bazett_calculator_explanation"),
    "fridericia": ("qt_calculator_fredericia", "fredericia_calculator_explanation"),
    "framingham": ("qt_calculator_framingham", "framingham_calculator_explanation"),
    "hodges": ("qt_calculator_hodges", "hodges_calculator_explanation"),
    "rautaharju": ("qt_calculator_rautaharju", "rautaharju_calculator_explanation"),
}


class Qtc(TypedDict):
    qtc_ms: Annotated[float, Sem("clinical_score", unit="ms")]
    rr_interval_s: Annotated[float, Sem("number", unit="s")]
    formula: str


@tool(kind="P", examples=[{"qt_interval_ms": 400, "heart_rate_bpm": 90, "formula": "fridericia"}], **MEDCALC)
def qtc_interval(
    qt_interval_ms: QtMs,
    heart_rate_bpm: HeartRate,
    formula: Literal["bazett", "fridericia", "framingham", "hodges", "rautaharju"] = "bazett",
) -> Qtc:
    """Correct a measured QT interval for heart rate (QTc) with a chosen formula.

    Bazett QT/sqrt(RR); Fridericia QT/cbrt(RR); Framingham QT + 154 (1 - RR); Hodges
    QT + 1.75 (HR - 60); Rautaharju QT (120 + HR) / 180. RR = 60 / HR in seconds.

    Args:
        qt_interval_ms: measured QT interval in milliseconds.
        heart_rate_bpm: heart rate in beats per minute.
        formula: correction formula.
    """
    check_range(qt_interval_ms, "qt_interval_ms", 100, 1000, "ms")
    check_range(heart_rate_bpm, "heart_rate_bpm", 20, 300, "beats/min")
    module, fn = _QTC[formula]
    qtc = medcalc(module, fn, {"heart_rate": (heart_rate_bpm, "beats per minute"),
                               "qt_interval": (qt_interval_ms, "msec")})
    return {"qtc_ms": tidy(qtc), "rr_interval_s": tidy(60 / heart_rate_bpm), "formula": formula}


class Map(TypedDict):
    mean_arterial_pressure: Annotated[float, Sem("clinical_score", unit="mmHg")]


@tool(kind="P", examples=[{"systolic_bp_mmhg": 120, "diastolic_bp_mmhg": 80}], **MEDCALC)
def mean_arterial_pressure(systolic_bp_mmhg: SystolicBp, diastolic_bp_mmhg: DiastolicBp) -> Map:
    """Mean arterial pressure from a blood pressure reading: MAP = (SBP + 2 x DBP) / 3.

    Args:
        systolic_bp_mmhg: systolic pressure in mmHg.
        diastolic_bp_mmhg: diastolic pressure in mmHg (lower than the systolic).
    """
    check_range(systolic_bp_mmhg, "systolic_bp_mmhg", 30, 300, "mmHg")
    check_range(diastolic_bp_mmhg, "diastolic_bp_mmhg", 10, 200, "mmHg")
    if diastolic_bp_mmhg >= systolic_bp_mmhg:
        raise ToolError("diastolic_bp_mmhg must be lower than systolic_bp_mmhg (e.g. 120/80)")
    value = medcalc("mean_arterial_pressure", "mean_arterial_pressure_explanation",
                    {"sys_bp": (systolic_bp_mmhg, "mm hg"), "dia_bp": (diastolic_bp_mmhg, "mm hg")})
    return {"mean_arterial_pressure": tidy(value)}


TOOLS = [cha2ds2_vasc_score, has_bled_score, heart_score, wells_pe_score, wells_dvt_score, qtc_interval,
         mean_arterial_pressure]
