"""Kidney function and fluid calculators (medcalc-bench): eGFR, creatinine clearance, fluids."""

from __future__ import annotations

import importlib
from typing import Annotated

from typing_extensions import TypedDict

from dive.tools.tool import Sem, tool

from ._common import (
    MEDCALC,
    Age,
    CreatinineMgDl,
    HeightCm,
    Sex,
    SodiumMmolL,
    WeightKg,
    check_range,
    medcalc,
    tidy,
    title_sex,
)

__all__ = ["TOOLS"]


def _ckd_stage(gfr: float) -> str:
    """KDIGO 2012 GFR category."""
    for bound, stage in ((90, "G1"), (60, "G2"), (45, "G3a"), (30, "G3b"), (15, "G4")):
        if gfr >= bound:
            return stage
    return "G5"


def _renal_inputs(age_years: float, creatinine_mg_dl: float) -> None:
    check_range(age_years, "age_years", 18, 120, "years (adult equations)")
    check_range(creatinine_mg_dl, "creatinine_mg_dl", 0.1, 30, "mg/dL")


class Egfr(TypedDict):
    egfr: Annotated[float, Sem("clinical_score", unit="mL/min/1.73m2")]
    gfr_category: str


@tool(kind="P", examples=[{"age_years": 50, "sex": "female", "creatinine_mg_dl": 1.1}], **MEDCALC)
def egfr_ckd_epi_2021(age_years: Age, sex: Sex, creatinine_mg_dl: CreatinineMgDl) -> Egfr:
    """Estimate glomerular filtration rate with the race-free CKD-EPI 2021 creatinine equation.

    Use it to stage chronic kidney disease or check renal dosing from a serum creatinine.
    Returns eGFR in mL/min/1.73 m² and the KDIGO GFR category (G1-G5).

    Args:
        age_years: patient age in years (18 or older).
        sex: "male" or "female".
        creatinine_mg_dl: serum creatinine in mg/dL (divide µmol/L by 88.4).
    """
    _renal_inputs(age_years, creatinine_mg_dl)
    mod = importlib.import_module("medcalc.ckd_epi_2021_creatinine")
    # ckd_epi_2021 (not the *_explanation variant, whose male kappa is wrong) is the published equation.
    gfr = mod.ckd_epi_2021({"sex": title_sex(sex), "age": (age_years, "years"),
                            "creatinine": (creatinine_mg_dl, "mg/dL")})
    return {"egfr": tidy(gfr), "gfr_category": _ckd_stage(gfr)}


@tool(kind="P", examples=[{"age_years": 49, "sex": "male", "creatinine_mg_dl": 1.4, "black_race": False}], **MEDCALC)
def egfr_mdrd(age_years: Age, sex: Sex, creatinine_mg_dl: CreatinineMgDl, black_race: bool = False) -> Egfr:
    """Estimate GFR with the 4-variable MDRD study equation (IDMS-traceable, 175 x Scr^-1.154 x age^-0.203).

    Use it when a lab or guideline asks for MDRD specifically; prefer egfr_ckd_epi_2021 otherwise.

    Args:
        age_years: patient age in years (18 or older).
        sex: "male" or "female" (female multiplies by 0.742).
        creatinine_mg_dl: serum creatinine in mg/dL.
        black_race: apply the historical 1.212 race coefficient (default false).
    """
    _renal_inputs(age_years, creatinine_mg_dl)
    params = {"age": (age_years, "years"), "creatinine": (creatinine_mg_dl, "mg/dL"), "sex": title_sex(sex)}
    if black_race:
        params["race"] = "Black"
    gfr = medcalc("mdrd_gfr", "mrdr_gfr_explanation", params)
    return {"egfr": tidy(gfr), "gfr_category": _ckd_stage(gfr)}


class CrCl(TypedDict):
    creatinine_clearance: Annotated[float, Sem("clinical_score", unit="mL/min")]
    weight_used_kg: Annotated[float, Sem("weight_kg", unit="kg")]
    weight_basis: str


@tool(kind="P", examples=[{"age_years": 70, "sex": "male", "weight_kg": 80, "height_cm": 178,
                           "creatinine_mg_dl": 1.2}], **MEDCALC)
def creatinine_clearance_cockcroft_gault(
    age_years: Age, sex: Sex, weight_kg: WeightKg, height_cm: HeightCm, creatinine_mg_dl: CreatinineMgDl,
) -> CrCl:
    """Estimate creatinine clearance with Cockcroft-Gault: ((140 - age) x weight x 0.85 if female) / (72 x Scr).

    Use it for renal drug dosing. Following MedCalc-Bench, the weight is chosen from the BMI:
    actual weight if BMI < 18.5, the lesser of ideal and actual weight if BMI 18.5-24.9, and the
    adjusted body weight if BMI >= 25. The weight used is returned.

    Args:
        age_years: patient age in years.
        sex: "male" or "female".
        weight_kg: actual body weight in kg.
        height_cm: height in cm (needed for BMI and ideal body weight).
        creatinine_mg_dl: serum creatinine in mg/dL.
    """
    _renal_inputs(age_years, creatinine_mg_dl)
    check_range(weight_kg, "weight_kg", 20, 400, "kg")
    check_range(height_cm, "height_cm", 120, 250, "cm")
    params = {"sex": title_sex(sex), "weight": (weight_kg, "kg"), "height": (height_cm, "cm"),
              "creatinine": (creatinine_mg_dl, "mg/dL"), "age": (age_years, "years")}
    crcl = medcalc("creatinine_clearance", "generate_cockcroft_gault_explanation", dict(params))
    bmi = medcalc("bmi_calculator", "bmi_calculator_explanation", dict(params))
    if bmi < 18.5:
        used, basis = weight_kg, "actual weight (BMI < 18.5)"
    elif bmi <= 24.9:
        ibw = medcalc("ideal_body_weight", "ibw_explanation", dict(params))
        used, basis = min(ibw, weight_kg), "lesser of ideal and actual weight (BMI 18.5-24.9)"
    else:
        used, basis = medcalc("adjusted_body_weight", "abw_explanation", dict(params)), "adjusted body weight (BMI >= 25)"
    return {"creatinine_clearance": tidy(crcl), "weight_used_kg": tidy(used), "weight_basis": basis}


class FluidRate(TypedDict):
    rate_ml_per_hour: Annotated[float, Sem("clinical_score", unit="mL/h")]
    daily_volume_ml: Annotated[float, Sem("clinical_score", unit="mL/day")]


@tool(kind="P", examples=[{"weight_kg": 25}], **MEDCALC)
def maintenance_fluids_rate(weight_kg: WeightKg) -> FluidRate:
    """Hourly maintenance IV fluid rate by the Holliday-Segar 4-2-1 rule.

    4 mL/kg/h for the first 10 kg, 2 mL/kg/h for the next 10 kg, 1 mL/kg/h above 20 kg.

    Args:
        weight_kg: body weight in kg.
    """
    check_range(weight_kg, "weight_kg", 0.5, 400, "kg")
    rate = medcalc("maintenance_fluid_calc", "maintenance_fluid_explanation", {"weight": (weight_kg, "kg")})
    return {"rate_ml_per_hour": tidy(rate), "daily_volume_ml": tidy(rate * 24)}


class WaterDeficit(TypedDict):
    free_water_deficit_l: Annotated[float, Sem("clinical_score", unit="L")]
    total_body_water_fraction: float


@tool(kind="P", examples=[{"age_years": 70, "sex": "male", "weight_kg": 70, "sodium_mmol_l": 160}], **MEDCALC)
def free_water_deficit(age_years: Age, sex: Sex, weight_kg: WeightKg, sodium_mmol_l: SodiumMmolL) -> WaterDeficit:
    """Free water deficit in hypernatremia: TBW fraction x weight x (Na / 140 - 1).

    Total body water fraction: 0.6 for children and adult men, 0.5 for adult women and
    elderly men (65+), 0.45 for elderly women. A negative result means sodium is below 140.

    Args:
        age_years: patient age in years.
        sex: "male" or "female".
        weight_kg: body weight in kg.
        sodium_mmol_l: serum sodium in mmol/L.
    """
    check_range(age_years, "age_years", 0, 120, "years")
    check_range(weight_kg, "weight_kg", 0.5, 400, "kg")
    check_range(sodium_mmol_l, "sodium_mmol_l", 100, 200, "mmol/L")
    params = {"age": (age_years, "years"), "sex": title_sex(sex), "weight": (weight_kg, "kg"),
              "sodium": (sodium_mmol_l, "mmol/L")}
    deficit = medcalc("free_water_deficit", "free_water_deficit_explanation", params)
    if age_years < 18:
        tbw = 0.6
    elif age_years < 65:
        tbw = 0.6 if sex == "male" else 0.5
    else:
        tbw = 0.5 if sex == "male" else 0.45
    return {"free_water_deficit_l": tidy(deficit), "total_body_water_fraction": tbw}


TOOLS = [egfr_ckd_epi_2021, egfr_mdrd, creatinine_clearance_cockcroft_gault, maintenance_fluids_rate,
         free_water_deficit]
