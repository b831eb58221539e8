"""Body-size calculators (medcalc-bench): BMI, body surface area, ideal and adjusted body weight."""

from __future__ import annotations

from typing import Annotated

from typing_extensions import TypedDict

from dive.tools.tool import Sem, tool

from ._common import MEDCALC, HeightCm, Sex, WeightKg, check_range, medcalc, tidy, title_sex

__all__ = ["TOOLS"]


def _bmi_class(bmi: float) -> str:
    """WHO adult BMI classification."""
    if bmi < 18.5:
        return "underweight"
    if bmi < 25:
        return "normal weight"
    if bmi < 30:
        return "overweight"
    if bmi < 35:
        return "obesity class I"
    if bmi < 40:
        return "obesity class II"
    return "obesity class III"


def _body(weight_kg: float, height_cm: float) -> dict:
    check_range(weight_kg, "weight_kg", 0.5, 400, "kg")
    check_range(height_cm, "height_cm", 30, 250, "cm")
    return {"weight": (weight_kg, "kg"), "height": (height_cm, "cm")}


class Bmi(TypedDict):
    bmi: Annotated[float, Sem("clinical_score", unit="kg/m2")]
    category: str


@tool(kind="P", examples=[{"weight_kg": 70, "height_cm": 175}], **MEDCALC)
def body_mass_index(weight_kg: WeightKg, height_cm: HeightCm) -> Bmi:
    """Body mass index, weight / height², with the WHO adult category (underweight ... obesity class III).

    Args:
        weight_kg: body weight in kg.
        height_cm: height in cm.
    """
    bmi = medcalc("bmi_calculator", "bmi_calculator_explanation", _body(weight_kg, height_cm))
    return {"bmi": tidy(bmi), "category": _bmi_class(bmi)}


class Bsa(TypedDict):
    body_surface_area_m2: Annotated[float, Sem("clinical_score", unit="m2")]


@tool(kind="P", examples=[{"weight_kg": 70, "height_cm": 175}], **MEDCALC)
def body_surface_area(weight_kg: WeightKg, height_cm: HeightCm) -> Bsa:
    """Body surface area by the Mosteller formula, sqrt(height cm x weight kg / 3600), for dosing.

    Args:
        weight_kg: body weight in kg.
        height_cm: height in cm.
    """
    bsa = medcalc("bsa_calculator", "bsa_calculator_explaination", _body(weight_kg, height_cm))
    return {"body_surface_area_m2": tidy(bsa)}


class BodyWeights(TypedDict):
    ideal_body_weight_kg: Annotated[float, Sem("weight_kg", unit="kg")]
    adjusted_body_weight_kg: Annotated[float | None, Sem("weight_kg", unit="kg")]
    percent_of_ideal: Annotated[float | None, Sem("percent")]


@tool(kind="P", examples=[{"height_cm": 178, "sex": "male", "weight_kg": 110}], **MEDCALC)
def body_weight_targets(height_cm: HeightCm, sex: Sex, weight_kg: WeightKg | None = None) -> BodyWeights:
    """Ideal body weight (Devine) and, given the actual weight, adjusted body weight for dosing.

    IBW = 50 kg (men) or 45.5 kg (women) + 2.3 kg per inch over 5 feet; ABW = IBW + 0.4 x
    (actual - IBW). Use IBW or ABW for ventilator settings and drug dosing in obesity.

    Args:
        height_cm: height in cm (the Devine formula is meant for adults taller than 152 cm).
        sex: "male" or "female".
        weight_kg: actual body weight in kg; leave out to get the ideal weight only.
    """
    check_range(height_cm, "height_cm", 120, 250, "cm")
    params = {"height": (height_cm, "cm"), "sex": title_sex(sex)}
    ibw = medcalc("ideal_body_weight", "ibw_explanation", dict(params))
    if weight_kg is None:
        return {"ideal_body_weight_kg": tidy(ibw), "adjusted_body_weight_kg": None, "percent_of_ideal": None}
    check_range(weight_kg, "weight_kg", 20, 400, "kg")
    abw = medcalc("adjusted_body_weight", "abw_explanation", {**params, "weight": (weight_kg, "kg")})
    return {"ideal_body_weight_kg": tidy(ibw), "adjusted_body_weight_kg": tidy(abw),
            "percent_of_ideal": tidy(100 * weight_kg / ibw, 1)}


TOOLS = [body_mass_index, body_surface_area, body_weight_targets]
