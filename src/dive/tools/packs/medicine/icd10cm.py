"""ICD-10-CM codes and their hierarchy (simple-icd-10-cm, CMS ICD-10-CM April 2026 release)."""

from __future__ import annotations

import functools
import re
import warnings
from types import ModuleType
from typing import Annotated, Literal

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.tool import Sem, tool

from ._common import ICD10CM, Icd10cmCode, IcdChapter, IcdChapterTitle, add_dot, chapter_number, compact, roman

__all__ = ["TOOLS", "cm", "item", "kind_of", "chapter_of", "entry"]

Kind = Literal["chapter", "block", "category", "subcategory", "extended_subcategory"]


@functools.cache
def cm() -> ModuleType:
    """The simple_icd_10_cm module; importing it parses the ICD-10-CM XML (about 1.5 s), so it is deferred."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import simple_icd_10_cm

    return simple_icd_10_cm


def item(text: str, *, blocks: bool = True) -> str:
    """Canonical form of an ICD-10-CM code (dotted) or block (E08-E13), or a ToolError with a hint."""
    m = cm()
    raw = str(text).strip().upper().replace(" ", "")
    if blocks and "-" in raw and m.is_valid_item(raw) and m.is_block(raw):
        return raw
    code = compact(raw)
    if code and m.is_valid_item(code) and not m.is_chapter_or_block(code):
        return add_dot(m, code)
    hint = ""
    for cut in range(len(code) - 1, 2, -1):
        if m.is_valid_item(code[:cut]) and not m.is_chapter_or_block(code[:cut]):
            hint = f"; the closest valid parent is {add_dot(m, code[:cut])} ({m.get_description(code[:cut])})"
            break
    raise ToolError(f"{text!r} is not an ICD-10-CM code (expected e.g. 'E11.9' or 'E119'){hint}")


def kind_of(code: str) -> Kind:
    m = cm()
    if m.is_chapter(code):
        return "chapter"
    if m.is_block(code):
        return "block"
    if m.is_category(code):
        return "category"
    if m.is_extended_subcategory(code):
        return "extended_subcategory"
    return "subcategory"


def chapter_of(code: str) -> str:
    """The chapter number (Arabic, as simple-icd-10-cm stores it) containing ``code``."""
    m = cm()
    return code if m.is_chapter(code) else m.get_ancestors(code)[-1]


def _range(description: str) -> str:
    found = re.search(r"\(([A-Z0-9.\-]+)\)\s*$", description)
    return found.group(1) if found else ""


class Entry(TypedDict):
    code: Annotated[str, Sem("icd10cm_code")]
    description: str
    kind: Kind
    billable: bool


def entry(code: str) -> Entry:
    m = cm()
    return {"code": code, "description": m.get_description(code), "kind": kind_of(code), "billable": m.is_leaf(code)}


class Block(TypedDict):
    block: str
    description: str


class Lookup(TypedDict):
    code: Annotated[str, Sem("icd10cm_code")]
    description: str
    kind: Kind
    billable: bool
    parent_code: Annotated[str | None, Sem("icd10cm_code")]
    block: str
    block_description: str
    chapter: Annotated[str, Sem("icd_chapter")]
    chapter_title: IcdChapterTitle
    children_count: int


@tool(kind="R", examples=[{"icd10cm_code": "E11.9"}, {"icd10cm_code": "I509"}], **ICD10CM)
def icd10cm_lookup(icd10cm_code: Icd10cmCode) -> Lookup:
    """Look up an ICD-10-CM diagnosis code: description, billable flag, parent, block and chapter.

    Accepts codes with or without the dot ("E11.9" or "E119") and returns the dotted form.
    A billable code is a leaf of the hierarchy (valid on a claim).

    Args:
        icd10cm_code: ICD-10-CM code such as "E11.9", "I50.9" or "S72.001A".
    """
    m = cm()
    code = item(icd10cm_code, blocks=False)
    ancestors = m.get_ancestors(code)
    parent = ancestors[0]
    block = next(a for a in ancestors if m.is_block(a))
    chapter = ancestors[-1]
    return {
        "code": code, "description": m.get_description(code), "kind": kind_of(code), "billable": m.is_leaf(code),
        "parent_code": None if m.is_chapter_or_block(parent) else parent,
        "block": block, "block_description": m.get_description(block),
        "chapter": roman(int(chapter)), "chapter_title": m.get_description(chapter),
        "children_count": len(m.get_children(code)),
    }


class Children(TypedDict):
    parent: str
    count: int
    children: list[Entry]


@tool(kind="R", examples=[{"icd10cm_code": "E11"}, {"icd10cm_code": "E08-E13"}], **ICD10CM)
def icd10cm_children(icd10cm_code: Icd10cmCode, limit: int = 25) -> Children:
    """List the direct children of an ICD-10-CM code or block (e.g. the subcategories of E11).

    Use it to drill down from a category to more specific or billable codes.

    Args:
        icd10cm_code: a code ("E11", "E11.6") or a block range ("E08-E13").
        limit: maximum number of children to return (1-100).
    """
    m = cm()
    code = item(icd10cm_code)
    kids = m.get_children(code, prioritize_blocks=m.is_block(code))
    return {"parent": code, "count": len(kids), "children": [entry(k) for k in kids[:max(1, min(limit, 100))]]}


class Ancestors(TypedDict):
    code: Annotated[str, Sem("icd10cm_code")]
    ancestors: list[Entry]
    block: Block
    chapter: Annotated[str, Sem("icd_chapter")]
    chapter_title: IcdChapterTitle
    depth: int


@tool(kind="R", examples=[{"icd10cm_code": "S72.001A"}], **ICD10CM)
def icd10cm_ancestors(icd10cm_code: Icd10cmCode) -> Ancestors:
    """List the ancestor codes of an ICD-10-CM code, nearest first (S72.001A -> S72.001, S72.00, S72.0,
    S72), then its block and chapter.

    Args:
        icd10cm_code: ICD-10-CM code, with or without the dot.
    """
    m = cm()
    code = item(icd10cm_code, blocks=False)
    chain = m.get_ancestors(code)
    codes = [a for a in chain if not m.is_chapter_or_block(a)]
    block = next(a for a in chain if m.is_block(a))
    return {"code": code, "ancestors": [entry(a) for a in codes],
            "block": {"block": block, "description": m.get_description(block)},
            "chapter": roman(int(chain[-1])), "chapter_title": m.get_description(chain[-1]), "depth": len(chain)}


class Chapter(TypedDict):
    chapter: Annotated[str, Sem("icd_chapter")]
    title: IcdChapterTitle
    code_range: str
    blocks: list[Block]


@tool(kind="R", examples=[{"chapter": "IV"}, {"chapter": "9"}], **ICD10CM)
def icd10cm_chapter(chapter: IcdChapter) -> Chapter:
    """Describe an ICD-10-CM chapter: title, code range and its blocks (e.g. chapter IV = E00-E89).

    Args:
        chapter: chapter number 1-22 or Roman numeral I-XXII.
    """
    m = cm()
    n = str(chapter_number(chapter))
    title = m.get_description(n)
    blocks: list[Block] = [{"block": b, "description": m.get_description(b)} for b in m.get_children(n)]
    return {"chapter": roman(int(n)), "title": title, "code_range": _range(title), "blocks": blocks}


class Checked(TypedDict):
    input: str
    valid: bool
    code: Annotated[str | None, Sem("icd10cm_code")]
    billable: bool
    description: str
    message: str


class CheckResult(TypedDict):
    results: list[Checked]
    all_billable: bool


@tool(kind="P", examples=[{"codes": ["E119", "I10", "E11.99", "R69"]}], **ICD10CM)
def icd10cm_check_codes(codes: Annotated[list[str], Sem("icd10cm_code")]) -> CheckResult:
    """Validate a list of ICD-10-CM codes for a claim: is each a real code, and is it billable?

    Invalid codes get a message naming the closest valid parent; non-billable codes get a
    message saying to pick a more specific child.

    Args:
        codes: 1-50 ICD-10-CM codes, with or without dots.
    """
    if not 1 <= len(codes) <= 50:
        raise ToolError(f"give between 1 and 50 codes, got {len(codes)}")
    m = cm()
    out: list[Checked] = []
    for raw in codes:
        try:
            code = item(raw, blocks=False)
        except ToolError as exc:
            out.append({"input": raw, "valid": False, "code": None, "billable": False, "description": "",
                        "message": str(exc)})
            continue
        leaf = m.is_leaf(code)
        msg = "billable" if leaf else f"not billable: choose one of its {len(m.get_children(code))} children"
        out.append({"input": raw, "valid": True, "code": code, "billable": leaf,
                    "description": m.get_description(code), "message": msg})
    return {"results": out, "all_billable": all(r["billable"] for r in out)}


TOOLS = [icd10cm_lookup, icd10cm_children, icd10cm_ancestors, icd10cm_chapter, icd10cm_check_codes]
