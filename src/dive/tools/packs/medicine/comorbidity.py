"""AHRQ Elixhauser Comorbidity Software Refined v2026.1 (elixhauser-ahrq): 38 comorbidity measures,
their ICD-10-CM codes, and the in-hospital mortality and 30-day readmission indices.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import warnings
from typing import Annotated, Any

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.datacache import cached_json
from dive.tools.tool import Sem, tool

from ._common import ELIX, Comorbidity, Icd10cmCode, compact, icd10_dotted

__all__ = ["TOOLS", "measures"]

_CODE_RE = re.compile(r"^[A-Z][0-9][0-9A-Z]{1,5}$")
_FOOTER = "End of Content"


def _build() -> dict[str, Any]:
    """The AHRQ workbook bundled with elixhauser-ahrq and the index weights, as plain JSON.

    openpyxl's read-only mode is used directly: the package's own loader goes through
    pandas.read_excel and DataFrame.iterrows, about three times slower.
    """
    import openpyxl
    from elixhauser_ahrq import ElixhauserScorer

    data = importlib.resources.files("elixhauser_ahrq").joinpath("data")
    path = next(p for p in data.iterdir() if p.name.startswith("CMR-Reference-File") and p.name.endswith(".xlsx"))
    with path.open("rb") as fh:
        book = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        try:
            measure_rows = [r[:3] for r in book["Comorbidity_Measures"].iter_rows(min_row=3, values_only=True)
                            if r[0] and str(r[0]).strip() != _FOOTER]
            sheet = book["DX_to_Comorb_Mapping"].iter_rows(min_row=2, values_only=True)
            header = [str(h) for h in next(sheet)]
            code_rows = [r for r in sheet if r[0] and str(r[0]).strip() != _FOOTER]
        finally:
            book.close()
    columns = header[3:]
    return {"measures": [[str(a), str(d), str(p)] for a, d, p in measure_rows], "columns": columns,
            "codes": [[str(r[0]).strip(), str(r[1]).strip(), [bool(v) for _, v in zip(columns, r[3:], strict=False)]]
                      for r in code_rows],
            "mortality": dict(ElixhauserScorer.MORTALITY_WEIGHTS),
            "readmission": dict(ElixhauserScorer.READMISSION_WEIGHTS)}


@functools.cache
def _table() -> dict[str, Any]:
    """:func:`_build`, kept on disk: reading the workbook takes seconds, and importing the package pandas."""
    return cached_json("medicine", "elixhauser", "elixhauser-ahrq", __file__, _build)


@functools.cache
def _flags() -> dict[str, dict[str, bool]]:
    """Compact ICD-10-CM code -> {raw measure column: flag}, the lookup table of ElixhauserMapper."""
    columns = _table()["columns"]
    return {code: dict(zip(columns, flags, strict=False)) for code, _, flags in _table()["codes"]}


@functools.cache
def _mapper() -> Any:
    """elixhauser-ahrq's ElixhauserMapper, with its lookup table filled from :func:`_flags`."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from elixhauser_ahrq.mapper import ElixhauserMapper

    mapper = ElixhauserMapper.__new__(ElixhauserMapper)  # its __init__ would re-read the workbook with pandas
    mapper.comorbidity_cols = _table()["columns"]
    mapper.lookup = _flags()
    return mapper


@functools.cache
def _code_descriptions() -> dict[str, str]:
    return {code: desc for code, desc, _ in _table()["codes"]}


@functools.cache
def measures() -> dict[str, tuple[str, bool]]:
    """Abbreviation (HF, DIAB_CX, ...) -> (description, uses present-on-admission)."""
    return {a.replace("CMR_", "").strip(): (d.strip(), p.strip() == "Yes") for a, d, p in _table()["measures"]}


def _weights() -> tuple[dict[str, int], dict[str, int]]:
    """The AHRQ mortality and readmission index weights (ElixhauserScorer's)."""
    return _table()["mortality"], _table()["readmission"]


def _measure(text: str) -> str:
    key = str(text).strip().upper().removeprefix("CMR_")
    table = measures()
    if key in table:
        return key
    for abbr, (desc, _) in table.items():
        if desc.lower() == str(text).strip().lower():
            return abbr
    raise ToolError(f"unknown Elixhauser comorbidity {text!r}; give an abbreviation or a name, e.g. "
                    + ", ".join(f"{a} ({d})" for a, (d, _) in list(table.items())[:5]) + ", ...")


def _code(text: str) -> str:
    code = compact(text)
    if not _CODE_RE.match(code):
        raise ToolError(f"{text!r} is not an ICD-10-CM code (expected e.g. 'I50.9' or 'E1122')")
    return code


class Measure(TypedDict):
    abbreviation: str
    comorbidity: Annotated[str, Sem("comorbidity")]


def _as_measure(abbr: str) -> Measure:
    return {"abbreviation": abbr, "comorbidity": measures()[abbr][0]}


class PatientComorbidities(TypedDict):
    comorbidities: list[Measure]
    comorbidity_count: int
    mortality_index: Annotated[int, Sem("clinical_score", unit="points")]
    readmission_index: Annotated[int, Sem("clinical_score", unit="points")]
    unmapped_codes: list[Annotated[str, Sem("icd10cm_code")]]


@tool(kind="P", examples=[{"icd10cm_codes": ["I50.9", "E11.22", "N18.4", "F32.9"], "present_on_admission": True,
                           "first_is_principal": False}], **ELIX)
def elixhauser_comorbidities(
    icd10cm_codes: Annotated[list[str], Sem("icd10cm_code")],
    present_on_admission: bool = True,
    first_is_principal: bool = False,
) -> PatientComorbidities:
    """Assign AHRQ Elixhauser comorbidities to a hospital stay from its ICD-10-CM diagnoses and compute
    the AHRQ in-hospital mortality and 30-day readmission indices (sums of the v2026.1 weights).

    Hierarchies apply (complicated diabetes replaces uncomplicated, metastatic cancer replaces solid
    tumor, ...). 19 measures count only when present on admission.

    Args:
        icd10cm_codes: 1-50 ICD-10-CM diagnosis codes of the stay, with or without dots.
        present_on_admission: treat every diagnosis as present on admission (POA = Y); false means POA = N.
        first_is_principal: the first code is the principal diagnosis, which AHRQ excludes from comorbidities.
    """
    if not 1 <= len(icd10cm_codes) <= 50:
        raise ToolError(f"give between 1 and 50 ICD-10-CM codes, got {len(icd10cm_codes)}")
    codes = [_code(c) for c in icd10cm_codes]
    mapper = _mapper()
    dx = codes if first_is_principal else ["", *codes]
    poa = ["Y" if present_on_admission else "N"] * len(dx)
    flags = mapper.map_patient_diagnoses(dx, poa)
    present = [k for k, v in flags.items() if v and k in measures()]
    mortality, readmission = _weights()
    considered = codes[1:] if first_is_principal else codes
    unmapped = [icd10_dotted(c) for c in considered if not any(mapper.map_single_code(c).values())]
    return {"comorbidities": [_as_measure(k) for k in present], "comorbidity_count": len(present),
            "mortality_index": sum(mortality.get(k, 0) for k in present),
            "readmission_index": sum(readmission.get(k, 0) for k in present), "unmapped_codes": unmapped}


class CodeComorbidities(TypedDict):
    icd10cm_code: Annotated[str, Sem("icd10cm_code")]
    description: str
    comorbidities: list[Measure]


@tool(kind="R", examples=[{"icd10cm_code": "E11.22"}, {"icd10cm_code": "I50.9"}], **ELIX)
def elixhauser_code_comorbidities(icd10cm_code: Icd10cmCode) -> CodeComorbidities:
    """Which AHRQ Elixhauser comorbidity measures one ICD-10-CM code counts toward (none for most codes;
    I50.9 counts toward heart failure, I13.0 toward heart failure and complicated hypertension).

    Args:
        icd10cm_code: ICD-10-CM diagnosis code, with or without the dot.
    """
    code = _code(icd10cm_code)
    raw = [k for k, v in _flags().get(code, {}).items() if v]  # ElixhauserMapper.map_single_code, without pandas
    names = list(dict.fromkeys("CBVD" if k.startswith("CBVD") else k for k in raw))
    return {"icd10cm_code": icd10_dotted(code), "description": _code_descriptions().get(code, ""),
            "comorbidities": [_as_measure(k) for k in names if k in measures()]}


@functools.cache
def _members(abbr: str) -> list[str]:
    """The codes of one measure (CBVD joins its POA and sequela columns), in workbook order."""
    columns = _table()["columns"]
    wanted = [i for i, c in enumerate(columns) if c == abbr or (abbr == "CBVD" and c.startswith("CBVD_"))]
    return [code for code, _, flags in _table()["codes"] if any(flags[i] for i in wanted)]


class MeasureInfo(TypedDict):
    abbreviation: str
    comorbidity: Annotated[str, Sem("comorbidity")]
    requires_present_on_admission: bool
    mortality_weight: int
    readmission_weight: int
    code_count: int
    example_codes: list[Annotated[str, Sem("icd10cm_code")]]


@tool(kind="R", examples=[{"comorbidity": "Heart failure"}, {"comorbidity": "DIAB_CX"}], **ELIX)
def elixhauser_comorbidity_info(comorbidity: Comorbidity, limit: int = 10) -> MeasureInfo:
    """Describe an AHRQ Elixhauser comorbidity measure: its weights in the mortality and readmission
    indices, whether it needs present-on-admission, and the ICD-10-CM codes that define it.

    Args:
        comorbidity: measure name ("Heart failure", "Depression") or abbreviation ("HF", "DEPRESS").
        limit: maximum number of example codes (1-50).
    """
    abbr = _measure(comorbidity)
    hits = _members(abbr)
    mortality, readmission = _weights()
    desc, poa = measures()[abbr]
    return {"abbreviation": abbr, "comorbidity": desc, "requires_present_on_admission": poa,
            "mortality_weight": mortality.get(abbr, 0), "readmission_weight": readmission.get(abbr, 0),
            "code_count": len(hits), "example_codes": [icd10_dotted(c) for c in hits[:max(1, min(limit, 50))]]}


TOOLS = [elixhauser_comorbidities, elixhauser_code_comorbidities, elixhauser_comorbidity_info]
