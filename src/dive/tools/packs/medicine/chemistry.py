"""Laboratory-value calculators (medcalc-bench): electrolytes, osmolality, lipids, insulin resistance, fibrosis."""

from __future__ import annotations

from typing import Annotated

from typing_extensions import TypedDict

from dive.tools.tool import Sem, tool

from ._common import (
    MEDCALC,
    Age,
    AlbuminGDl,
    AminotransferaseUL,
    BicarbonateMmolL,
    BunMgDl,
    CalciumMgDl,
    ChlorideMmolL,
    CholesterolMgDl,
    GlucoseMgDl,
    InsulinUiuMl,
    Platelets,
    SodiumMmolL,
    TriglyceridesMgDl,
    check_range,
    medcalc,
    tidy,
)

__all__ = ["TOOLS"]


class AnionGap(TypedDict):
    anion_gap: Annotated[float, Sem("clinical_score", unit="mEq/L")]
    albumin_corrected_anion_gap: Annotated[float | None, Sem("clinical_score", unit="mEq/L")]


@tool(kind="P", examples=[{"sodium_mmol_l": 138, "chloride_mmol_l": 101, "bicarbonate_mmol_l": 22, "albumin_g_dl": 2.4},
                          {"sodium_mmol_l": 140, "chloride_mmol_l": 104, "bicarbonate_mmol_l": 24}], **MEDCALC)
def anion_gap(
    sodium_mmol_l: SodiumMmolL, chloride_mmol_l: ChlorideMmolL, bicarbonate_mmol_l: BicarbonateMmolL, albumin_g_dl: AlbuminGDl | None = None,
) -> AnionGap:
    """Serum anion gap, Na - (Cl + HCO3), and optionally the albumin-corrected gap, AG + 2.5 x (4 - albumin).

    Use it to work up a metabolic acidosis; a gap above about 12 mEq/L suggests unmeasured anions.

    Args:
        sodium_mmol_l: serum sodium in mmol/L.
        chloride_mmol_l: serum chloride in mmol/L.
        bicarbonate_mmol_l: serum bicarbonate (total CO2) in mmol/L.
        albumin_g_dl: serum albumin in g/dL, to also return the albumin-corrected gap.
    """
    check_range(sodium_mmol_l, "sodium_mmol_l", 100, 200, "mmol/L")
    check_range(chloride_mmol_l, "chloride_mmol_l", 50, 150, "mmol/L")
    check_range(bicarbonate_mmol_l, "bicarbonate_mmol_l", 1, 60, "mmol/L")
    params = {"sodium": (sodium_mmol_l, "mEq/L"), "chloride": (chloride_mmol_l, "mEq/L"),
              "bicarbonate": (bicarbonate_mmol_l, "mEq/L")}
    gap = medcalc("anion_gap", "compute_anion_gap_explanation", dict(params))
    corrected = None
    if albumin_g_dl is not None:
        check_range(albumin_g_dl, "albumin_g_dl", 0.5, 7, "g/dL")
        corrected = tidy(medcalc("albumin_corrected_anion", "compute_albumin_corrected_anion_explanation",
                                 {**params, "albumin": (albumin_g_dl, "g/dL")}))
    return {"anion_gap": tidy(gap), "albumin_corrected_anion_gap": corrected}


class Calcium(TypedDict):
    corrected_calcium_mg_dl: Annotated[float, Sem("clinical_score", unit="mg/dL")]


@tool(kind="P", examples=[{"calcium_mg_dl": 8.0, "albumin_g_dl": 2.5}], **MEDCALC)
def corrected_calcium(calcium_mg_dl: CalciumMgDl, albumin_g_dl: AlbuminGDl) -> Calcium:
    """Albumin-corrected total calcium (Payne): Ca + 0.8 x (4.0 - albumin).

    Args:
        calcium_mg_dl: measured total serum calcium in mg/dL (mmol/L x 4.008).
        albumin_g_dl: serum albumin in g/dL.
    """
    check_range(calcium_mg_dl, "calcium_mg_dl", 2, 25, "mg/dL")
    check_range(albumin_g_dl, "albumin_g_dl", 0.5, 7, "g/dL")
    ca = medcalc("calcium_correction", "calculate_corrected_calcium_explanation",
                 {"calcium": (calcium_mg_dl, "mg/dL"), "albumin": (albumin_g_dl, "g/dL")})
    return {"corrected_calcium_mg_dl": tidy(ca)}


class Osmolality(TypedDict):
    serum_osmolality: Annotated[float, Sem("clinical_score", unit="mOsm/kg")]


@tool(kind="P", examples=[{"sodium_mmol_l": 140, "bun_mg_dl": 14, "glucose_mg_dl": 90}], **MEDCALC)
def serum_osmolality(sodium_mmol_l: SodiumMmolL, bun_mg_dl: BunMgDl, glucose_mg_dl: GlucoseMgDl) -> Osmolality:
    """Calculated serum osmolality: 2 x Na + BUN / 2.8 + glucose / 18 (normal about 275-295 mOsm/kg).

    Compare with a measured osmolality to get the osmolal gap.

    Args:
        sodium_mmol_l: serum sodium in mmol/L.
        bun_mg_dl: blood urea nitrogen in mg/dL.
        glucose_mg_dl: blood glucose in mg/dL.
    """
    check_range(sodium_mmol_l, "sodium_mmol_l", 100, 200, "mmol/L")
    check_range(bun_mg_dl, "bun_mg_dl", 0, 300, "mg/dL")
    check_range(glucose_mg_dl, "glucose_mg_dl", 10, 3000, "mg/dL")
    osm = medcalc("sOsm", "compute_serum_osmolality_explanation", {
        "sodium": (sodium_mmol_l, "mmol/L"), "bun": (bun_mg_dl, "mg/dL"), "glucose": (glucose_mg_dl, "mg/dL")})
    return {"serum_osmolality": tidy(osm)}


class Ldl(TypedDict):
    ldl_cholesterol_mg_dl: Annotated[float, Sem("clinical_score", unit="mg/dL")]
    valid: bool


@tool(kind="P", examples=[{"total_cholesterol_mg_dl": 200, "hdl_cholesterol_mg_dl": 50, "triglycerides_mg_dl": 150}],
      **MEDCALC)
def ldl_cholesterol_friedewald(
    total_cholesterol_mg_dl: CholesterolMgDl, hdl_cholesterol_mg_dl: CholesterolMgDl,
    triglycerides_mg_dl: TriglyceridesMgDl,
) -> Ldl:
    """LDL cholesterol by the Friedewald equation: total - HDL - triglycerides / 5 (all mg/dL).

    ``valid`` is false when triglycerides exceed 400 mg/dL, where the equation is unreliable.

    Args:
        total_cholesterol_mg_dl: total cholesterol in mg/dL (mmol/L x 38.67).
        hdl_cholesterol_mg_dl: HDL cholesterol in mg/dL.
        triglycerides_mg_dl: triglycerides in mg/dL (mmol/L x 88.57).
    """
    check_range(total_cholesterol_mg_dl, "total_cholesterol_mg_dl", 50, 1000, "mg/dL")
    check_range(hdl_cholesterol_mg_dl, "hdl_cholesterol_mg_dl", 5, 200, "mg/dL")
    check_range(triglycerides_mg_dl, "triglycerides_mg_dl", 10, 5000, "mg/dL")
    ldl = medcalc("ldl_calculated", "compute_ldl_explanation", {
        "total_cholestrol": (total_cholesterol_mg_dl, "mg/dL"), "hdl_cholestrol": (hdl_cholesterol_mg_dl, "mg/dL"),
        "triglycerides": (triglycerides_mg_dl, "mg/dL")})
    return {"ldl_cholesterol_mg_dl": tidy(ldl), "valid": triglycerides_mg_dl <= 400}


class HomaIr(TypedDict):
    homa_ir: Annotated[float, Sem("clinical_score", unit="index")]


@tool(kind="P", examples=[{"fasting_insulin_uiu_ml": 10, "fasting_glucose_mg_dl": 90}], **MEDCALC)
def homa_ir(fasting_insulin_uiu_ml: InsulinUiuMl,
            fasting_glucose_mg_dl: GlucoseMgDl) -> HomaIr:
    """HOMA-IR insulin-resistance index: fasting insulin (µIU/mL) x fasting glucose (mg/dL) / 405.

    Values above about 2.5 suggest insulin resistance.

    Args:
        fasting_insulin_uiu_ml: fasting insulin in µIU/mL (pmol/L / 6).
        fasting_glucose_mg_dl: fasting glucose in mg/dL.
    """
    check_range(fasting_insulin_uiu_ml, "fasting_insulin_uiu_ml", 0.1, 1000, "µIU/mL")
    check_range(fasting_glucose_mg_dl, "fasting_glucose_mg_dl", 20, 1000, "mg/dL")
    value = medcalc("homa_ir", "compute_homa_ir_explanation", {
        "insulin": (fasting_insulin_uiu_ml, "µIU/mL"), "glucose": (fasting_glucose_mg_dl, "mg/dL")})
    return {"homa_ir": tidy(value)}


class Fib4(TypedDict):
    fib4_index: Annotated[float, Sem("clinical_score", unit="index")]
    interpretation: str


@tool(kind="P", examples=[{"age_years": 55, "ast_u_l": 60, "alt_u_l": 45, "platelets_10e9_l": 150}], **MEDCALC)
def fib4_index(
    age_years: Age,
    ast_u_l: AminotransferaseUL,
    alt_u_l: AminotransferaseUL,
    platelets_10e9_l: Platelets,
) -> Fib4:
    """FIB-4 liver fibrosis index: age x AST / (platelets x sqrt(ALT)).

    < 1.30 makes advanced fibrosis unlikely; > 2.67 makes it likely (NAFLD cut-offs).

    Args:
        age_years: patient age in years.
        ast_u_l: aspartate aminotransferase in U/L.
        alt_u_l: alanine aminotransferase in U/L.
        platelets_10e9_l: platelet count in 10^9/L (= thousands per µL, e.g. 250).
    """
    check_range(age_years, "age_years", 18, 120, "years")
    check_range(ast_u_l, "ast_u_l", 1, 20000, "U/L")
    check_range(alt_u_l, "alt_u_l", 1, 20000, "U/L")
    check_range(platelets_10e9_l, "platelets_10e9_l", 1, 2000, "x 10^9/L")
    value = medcalc("fibrosis_4", "compute_fib4_explanation", {
        "age": (age_years, "years"), "ast": (ast_u_l, "U/L"), "alt": (alt_u_l, "U/L"),
        "platelet_count": (platelets_10e9_l * 1000, "µL")})
    text = ("advanced fibrosis unlikely" if value < 1.30 else "advanced fibrosis likely" if value > 2.67
            else "indeterminate")
    return {"fib4_index": tidy(value), "interpretation": text}


TOOLS = [anion_gap, corrected_calcium, serum_osmolality, ldl_cholesterol_friedewald, homa_ir, fib4_index]
