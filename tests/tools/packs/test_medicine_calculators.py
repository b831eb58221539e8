"""Real-value tests of the medicine pack's clinical calculators (medcalc-bench).

Each expectation is worked out by hand from the published formula or score table cited in the
comment, never copied from the tool's output.
"""

from __future__ import annotations

import math

import pytest

pytest.importorskip("medcalc")

from packs_util import pool_or_skip

POOL = pool_or_skip("medicine")


def out(_tool: str, /, **args):  # noqa: ANN003, ANN201
    obs = POOL.call(_tool, args)
    assert obs.ok, obs.error
    return obs.output


def test_egfr_ckd_epi_2021() -> None:
    # CKD-EPI 2021 (Inker et al., NEJM 2021): 142 x min(Scr/k,1)^a x max(Scr/k,1)^-1.200 x 0.9938^age
    # x 1.012 [female]; k = 0.7 (F) / 0.9 (M), a = -0.241 (F) / -0.302 (M).
    female = 142 * (1.1 / 0.7) ** -1.200 * 0.9938**50 * 1.012  # = 61.2, NKF calculator shows 61
    r = out("egfr_ckd_epi_2021", age_years=50, sex="female", creatinine_mg_dl=1.1)
    assert r["egfr"] == pytest.approx(female, abs=0.01) and r["gfr_category"] == "G2"
    # A man with Scr below kappa uses a = -0.302 and kappa 0.9: 107.8 (KDIGO category G1).
    male = 142 * (0.8 / 0.9) ** -0.302 * 0.9938**50
    r = out("egfr_ckd_epi_2021", age_years=50, sex="male", creatinine_mg_dl=0.8)
    assert r["egfr"] == pytest.approx(male, abs=0.01) and r["gfr_category"] == "G1"


def test_egfr_mdrd() -> None:
    # IDMS-traceable MDRD (Levey 2006): 175 x Scr^-1.154 x age^-0.203 x 0.742 [female] x 1.212 [Black].
    r = out("egfr_mdrd", age_years=49, sex="male", creatinine_mg_dl=1.4)
    assert r["egfr"] == pytest.approx(175 * 1.4**-1.154 * 49**-0.203, abs=0.01)
    assert r["gfr_category"] == "G3a"  # KDIGO 2012: 45-59
    r = out("egfr_mdrd", age_years=71, sex="female", creatinine_mg_dl=1.0, black_race=True)
    assert r["egfr"] == pytest.approx(175 * 71**-0.203 * 0.742 * 1.212, abs=0.01)


def test_cockcroft_gault() -> None:
    # Cockcroft & Gault 1976: CrCl = (140 - age) x weight / (72 x Scr) (x 0.85 female).
    # 178 cm, 80 kg: BMI 25.2 -> adjusted weight; Devine IBW = 50 + 2.3 x (178/2.54 - 60) = 73.18 kg,
    # ABW = IBW + 0.4 x (80 - IBW) = 75.91 kg -> CrCl = 70 x 75.91 / 86.4 = 61.5 mL/min.
    ibw = 50 + 2.3 * (178 / 2.54 - 60)
    abw = ibw + 0.4 * (80 - ibw)
    r = out("creatinine_clearance_cockcroft_gault", age_years=70, sex="male", weight_kg=80, height_cm=178,
            creatinine_mg_dl=1.2)
    assert r["weight_used_kg"] == pytest.approx(abw, abs=0.01)
    assert r["creatinine_clearance"] == pytest.approx(70 * abw / (72 * 1.2), abs=0.05)
    # Underweight (BMI 16.5): actual weight; (140 - 40) x 45 x 0.85 / (72 x 0.8) = 66.4 mL/min.
    r = out("creatinine_clearance_cockcroft_gault", age_years=40, sex="female", weight_kg=45, height_cm=165,
            creatinine_mg_dl=0.8)
    assert r["weight_used_kg"] == 45
    assert r["creatinine_clearance"] == pytest.approx(100 * 45 * 0.85 / (72 * 0.8), abs=0.01)


def test_fluids() -> None:
    # Holliday-Segar 4-2-1 rule: 25 kg -> 40 + 20 + 5 = 65 mL/h; 8 kg -> 32 mL/h.
    assert out("maintenance_fluids_rate", weight_kg=25)["rate_ml_per_hour"] == 65
    assert out("maintenance_fluids_rate", weight_kg=8) == {"rate_ml_per_hour": 32, "daily_volume_ml": 768}
    # Free water deficit = TBW x weight x (Na/140 - 1); elderly man TBW 0.5: 0.5 x 70 x (160/140 - 1) = 5 L.
    r = out("free_water_deficit", age_years=70, sex="male", weight_kg=70, sodium_mmol_l=160)
    assert r == {"free_water_deficit_l": 5.0, "total_body_water_fraction": 0.5}
    # Adult woman TBW 0.5: 0.5 x 60 x (154/140 - 1) = 3 L.
    assert out("free_water_deficit", age_years=40, sex="female", weight_kg=60,
               sodium_mmol_l=154)["free_water_deficit_l"] == pytest.approx(3.0)


def test_cha2ds2_vasc_and_has_bled() -> None:
    # CHA2DS2-VASc (Lip 2010): female 1 + age 65-74 1 + hypertension 1 = 3.
    assert out("cha2ds2_vasc_score", age_years=72, sex="female", hypertension=True)["score"] == 3
    # Man 80: age >= 75 2 + CHF 1 + HTN 1 + DM 1 + stroke 2 + vascular 1 = 8.
    r = out("cha2ds2_vasc_score", age_years=80, sex="male", congestive_heart_failure=True, hypertension=True,
            diabetes=True, stroke_tia_or_thromboembolism=True, vascular_disease=True)
    assert r["score"] == 8 and r["interpretation"].startswith("high")
    assert out("cha2ds2_vasc_score", age_years=50, sex="male")["score"] == 0
    # HAS-BLED (Pisters 2010): age > 65, hypertension, prior bleeding = 3 -> high risk (>= 3).
    r = out("has_bled_score", age_years=70, hypertension=True, prior_bleeding=True)
    assert r == {"score": 3, "interpretation": "high bleeding risk"}
    every = out("has_bled_score", age_years=70, hypertension=True, renal_disease=True, liver_disease=True,
                stroke=True, prior_bleeding=True, labile_inr=True, bleeding_medication=True, alcohol_drinks_per_week=10)
    assert every["score"] == 9


def test_heart_score() -> None:
    # HEART (Six 2008): moderately suspicious 1 + normal ECG 0 + age 45-64 1 + 2 risk factors 1 + troponin 0 = 3.
    r = out("heart_score", age_years=60, history="moderately suspicious", ecg="normal", troponin="normal",
            hypertension=True, smoking=True)
    assert r["score"] == 3 and r["interpretation"].startswith("low")
    # Known atherosclerotic disease scores 2 for risk factors: 2 + 2 + 2 (age 70) + 2 + 2 = 10.
    r = out("heart_score", age_years=70, history="highly suspicious", ecg="significant st deviation",
            troponin=">3x normal", atherosclerotic_disease=True)
    assert r["score"] == 10 and r["interpretation"].startswith("high")


def test_wells() -> None:
    # Wells PE (Wells 2000): clinical DVT 3 + HR > 100 1.5 = 4.5 -> "PE likely" (> 4).
    assert out("wells_pe_score", heart_rate_bpm=110, clinical_signs_dvt=True) == {"score": 4.5,
                                                                                  "interpretation": "PE likely"}
    assert out("wells_pe_score", heart_rate_bpm=80, hemoptysis=True)["score"] == 1
    # Wells DVT (Wells 2003): cancer + whole leg swollen + calf > 3 cm = 3; alternative diagnosis -2 -> 1.
    assert out("wells_dvt_score", active_cancer=True, entire_leg_swollen=True, calf_swelling_over_3cm=True)["score"] == 3
    r = out("wells_dvt_score", active_cancer=True, entire_leg_swollen=True, calf_swelling_over_3cm=True,
            alternative_diagnosis_likely=True)
    assert r == {"score": 1, "interpretation": "DVT unlikely"}


def test_qtc() -> None:
    # At 60 bpm RR = 1 s and every correction returns the measured QT.
    for formula in ("bazett", "fridericia", "framingham", "hodges", "rautaharju"):
        assert out("qtc_interval", qt_interval_ms=400, heart_rate_bpm=60, formula=formula)["qtc_ms"] == 400
    # HR 90: RR = 0.667 s. Bazett 400/sqrt(RR) = 489.8; Fridericia 400/RR^(1/3) = 457.8;
    # Framingham 400 + 154 (1 - RR) = 451.3; Hodges 400 + 1.75 (90 - 60) = 452.5; Rautaharju 400 x 210/180 = 466.7.
    rr = 0.667
    expected = {"bazett": 400 / math.sqrt(rr), "fridericia": 400 / rr ** (1 / 3), "framingham": 400 + 154 * (1 - rr),
                "hodges": 452.5, "rautaharju": 400 * 210 / 180}
    for formula, value in expected.items():
        got = out("qtc_interval", qt_interval_ms=400, heart_rate_bpm=90, formula=formula)["qtc_ms"]
        assert got == pytest.approx(value, abs=0.6), formula


def test_mean_arterial_pressure() -> None:
    # MAP = DBP + (SBP - DBP)/3: 120/80 -> 93.3 mmHg.
    assert out("mean_arterial_pressure", systolic_bp_mmhg=120,
               diastolic_bp_mmhg=80)["mean_arterial_pressure"] == pytest.approx(93.333, abs=1e-3)


def test_body_size() -> None:
    # BMI = 70 / 1.75^2 = 22.86 kg/m2, WHO "normal weight"; 110 kg at 1.78 m = 34.7, obesity class I.
    assert out("body_mass_index", weight_kg=70, height_cm=175) == {"bmi": pytest.approx(22.857, abs=1e-3),
                                                                   "category": "normal weight"}
    assert out("body_mass_index", weight_kg=110, height_cm=178)["category"] == "obesity class I"
    # Mosteller (1987): sqrt(175 x 70 / 3600) = 1.845 m2.
    assert out("body_surface_area", weight_kg=70, height_cm=175)["body_surface_area_m2"] == pytest.approx(
        math.sqrt(175 * 70 / 3600), abs=1e-3)
    # Devine (1974): woman 165 cm = 64.96 in -> 45.5 + 2.3 x 4.96 = 56.9 kg.
    r = out("body_weight_targets", height_cm=165, sex="female")
    assert r["ideal_body_weight_kg"] == pytest.approx(45.5 + 2.3 * (165 / 2.54 - 60), abs=0.01)
    assert r["adjusted_body_weight_kg"] is None
    ibw = 50 + 2.3 * (178 / 2.54 - 60)
    r = out("body_weight_targets", height_cm=178, sex="male", weight_kg=110)
    assert r["adjusted_body_weight_kg"] == pytest.approx(ibw + 0.4 * (110 - ibw), abs=0.01)
    assert r["percent_of_ideal"] == pytest.approx(100 * 110 / ibw, abs=0.1)


def test_chemistry() -> None:
    # Anion gap = Na - (Cl + HCO3) = 140 - 128 = 12; albumin 2.0 adds 2.5 x (4 - 2) = 5 (Figge 1998).
    assert out("anion_gap", sodium_mmol_l=140, chloride_mmol_l=104, bicarbonate_mmol_l=24) == {
        "anion_gap": 12, "albumin_corrected_anion_gap": None}
    assert out("anion_gap", sodium_mmol_l=140, chloride_mmol_l=104, bicarbonate_mmol_l=24,
               albumin_g_dl=2.0)["albumin_corrected_anion_gap"] == 17
    # Payne: corrected Ca = 8.0 + 0.8 x (4 - 2.5) = 9.2 mg/dL.
    assert out("corrected_calcium", calcium_mg_dl=8.0, albumin_g_dl=2.5)["corrected_calcium_mg_dl"] == pytest.approx(9.2)
    # 2 x 140 + 14/2.8 + 90/18 = 280 + 5 + 5 = 290 mOsm/kg.
    assert out("serum_osmolality", sodium_mmol_l=140, bun_mg_dl=14, glucose_mg_dl=90)["serum_osmolality"] == 290
    # Friedewald (1972): 200 - 50 - 150/5 = 120 mg/dL; invalid above TG 400.
    assert out("ldl_cholesterol_friedewald", total_cholesterol_mg_dl=200, hdl_cholesterol_mg_dl=50,
               triglycerides_mg_dl=150) == {"ldl_cholesterol_mg_dl": 120, "valid": True}
    assert out("ldl_cholesterol_friedewald", total_cholesterol_mg_dl=300, hdl_cholesterol_mg_dl=40,
               triglycerides_mg_dl=500)["valid"] is False
    # HOMA-IR (Matthews 1985): 10 x 90 / 405 = 2.22.
    assert out("homa_ir", fasting_insulin_uiu_ml=10, fasting_glucose_mg_dl=90)["homa_ir"] == pytest.approx(900 / 405,
                                                                                                         abs=1e-3)
    # FIB-4 (Sterling 2006): 55 x 60 / (150 x sqrt(45)) = 3.28 > 2.67.
    r = out("fib4_index", age_years=55, ast_u_l=60, alt_u_l=45, platelets_10e9_l=150)
    assert r["fib4_index"] == pytest.approx(55 * 60 / (150 * math.sqrt(45)), abs=1e-3)
    assert r["interpretation"] == "advanced fibrosis likely"
    assert out("fib4_index", age_years=40, ast_u_l=20, alt_u_l=25, platelets_10e9_l=250)["interpretation"] == (
        "advanced fibrosis unlikely")  # 40 x 20 / (250 x 5) = 0.64


def test_curb65_and_centor() -> None:
    # CURB-65 (Lim 2003): age >= 65 1 + BUN > 19 1 + RR 24 0 + BP 110/70 0 = 2.
    r = out("curb65_score", age_years=70, confusion=False, bun_mg_dl=25, respiratory_rate=24, systolic_bp_mmhg=110,
            diastolic_bp_mmhg=70)
    assert r["score"] == 2
    r = out("curb65_score", age_years=80, confusion=True, bun_mg_dl=30, respiratory_rate=32, systolic_bp_mmhg=85,
            diastolic_bp_mmhg=50)
    assert r["score"] == 5 and r["interpretation"].startswith("severe")
    # McIsaac (1998): age 15-44 0 + fever > 38 1 + exudate 1 + nodes 1 + no cough 1 = 4; age >= 45 subtracts 1.
    assert out("centor_score", age_years=25, temperature_c=38.6, tonsillar_exudate=True, tender_anterior_nodes=True,
               cough_absent=True)["score"] == 4
    assert out("centor_score", age_years=50, temperature_c=37.0)["score"] == -1
    assert out("centor_score", age_years=10, temperature_c=37.2, cough_absent=True)["score"] == 2


def test_liver_scores() -> None:
    # Child-Pugh (Pugh 1973): bilirubin 2-3 2 + albumin 2.8-3.5 2 + INR 1.7-2.3 2 + slight ascites 2 + none 1 = 9 (B).
    assert out("child_pugh_score", bilirubin_mg_dl=2.5, albumin_g_dl=3.0, inr=1.8, ascites="slight",
               encephalopathy="none") == {"score": 9, "child_pugh_class": "B"}
    # Bilirubin of exactly 2 mg/dL falls in the 2-3 band (2 points): 2 + 1 + 1 + 1 + 1 = 6 (A).
    assert out("child_pugh_score", bilirubin_mg_dl=2.0, albumin_g_dl=4.0, inr=1.0)["score"] == 6
    assert out("child_pugh_score", bilirubin_mg_dl=4, albumin_g_dl=2.5, inr=2.5, ascites="moderate",
               encephalopathy="grade 3-4") == {"score": 15, "child_pugh_class": "C"}
    # MELD-Na (UNOS 2016): MELD(i) = 0.957 ln 1.9 + 0.378 ln 4.2 + 1.12 ln 1.7 + 0.643 = 2.394 -> 24;
    # 24 + 1.32 x 7 - 0.033 x 24 x 7 = 27.7 -> 28.
    meld_i = round(0.957 * math.log(1.9) + 0.378 * math.log(4.2) + 1.12 * math.log(1.7) + 0.643, 1) * 10
    assert round(meld_i + 1.32 * 7 - 0.033 * meld_i * 7) == 28
    assert out("meld_na_score", creatinine_mg_dl=1.9, bilirubin_mg_dl=4.2, inr=1.7, sodium_mmol_l=130)["meld_na"] == 28
    # Values below 1 are set to 1, giving the floor score of 6.
    assert out("meld_na_score", creatinine_mg_dl=0.8, bilirubin_mg_dl=0.5, inr=0.9, sodium_mmol_l=140)["meld_na"] == 6
    # Dialysis twice in a week sets creatinine to 4: 0.957 ln 4 + 0.378 ln 2 + 1.12 ln 1.5 + 0.643 = 2.69 -> 27;
    # 27 + 9.24 - 6.24 = 30.
    assert out("meld_na_score", creatinine_mg_dl=0.8, bilirubin_mg_dl=2, inr=1.5, sodium_mmol_l=130,
               dialysis_twice_past_week=True)["meld_na"] == 30


def test_glasgow_coma_scale() -> None:
    # Teasdale & Jennett 1974: eyes to pain 2 + confused 4 + localizes 5 = 11 (moderate).
    r = out("glasgow_coma_scale", eye="to pain", verbal="confused", motor="localizes pain")
    assert r == {"score": 11, "interpretation": "moderate impairment of consciousness"}
    assert out("glasgow_coma_scale", eye="none", verbal="none", motor="none")["score"] == 3
    assert out("glasgow_coma_scale", eye="spontaneous", verbal="oriented", motor="obeys commands")["score"] == 15


def test_pregnancy_dating() -> None:
    # Naegele: LMP + 280 days; 2024-01-10 + 280 days = 2024-10-16 (2024 is a leap year); conception LMP + 14 days.
    assert out("pregnancy_due_date", last_menstrual_period="2024-01-10") == {"due_date": "2024-10-16",
                                                                             "conception_date": "2024-01-24"}
    # A 32-day cycle moves the dates 4 days later, a 25-day cycle 3 days earlier.
    assert out("pregnancy_due_date", last_menstrual_period="2024-01-10", cycle_length_days=32)["due_date"] == "2024-10-20"
    assert out("pregnancy_due_date", last_menstrual_period="2024-01-10", cycle_length_days=25)["due_date"] == "2024-10-13"
    # 2024-01-10 to 2024-05-01 is 21 + 29 + 31 + 30 + 1 = 112 days = 16 weeks 0 days (second trimester).
    assert out("gestational_age", last_menstrual_period="2024-01-10", on_date="2024-05-01") == {
        "weeks": 16, "days": 0, "total_days": 112, "trimester": 2}


def test_calculator_failures() -> None:
    bad = POOL.call("egfr_ckd_epi_2021", {"age_years": 50, "sex": "female", "creatinine_mg_dl": 0})
    assert not bad.ok and "creatinine_mg_dl must be between" in bad.error
    bad = POOL.call("egfr_ckd_epi_2021", {"age_years": 50, "sex": "M", "creatinine_mg_dl": 1})
    assert not bad.ok and "male" in bad.error
    bad = POOL.call("mean_arterial_pressure", {"systolic_bp_mmhg": 80, "diastolic_bp_mmhg": 120})
    assert not bad.ok and "lower than systolic" in bad.error
    bad = POOL.call("gestational_age", {"last_menstrual_period": "2024-05-01", "on_date": "2024-01-10"})
    assert not bad.ok and "after last_menstrual_period" in bad.error
    bad = POOL.call("pregnancy_due_date", {"last_menstrual_period": "10/01/2024"})
    assert not bad.ok and "YYYY-MM-DD" in bad.error
