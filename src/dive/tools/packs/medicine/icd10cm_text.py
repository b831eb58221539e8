"""ICD-10-CM text: keyword search, tabular-list notes, 7th characters, related codes (simple-icd-10-cm)."""

from __future__ import annotations

import functools
import re
from typing import Annotated

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.tool import Sem, tool

from ._common import ICD10CM, Icd10cmCode, add_dot, remove_dot, roman
from .icd10cm import Entry, cm, entry, item

__all__ = ["TOOLS"]


@functools.cache
def _index() -> tuple[tuple[str, str, bool], ...]:
    """(code, lower-case description, billable) for every code, in tabular order."""
    m = cm()
    return tuple((c, m.get_description(c).lower(), m.is_leaf(c)) for c in m.get_all_codes(True)
                 if not m.is_chapter_or_block(c))


class SearchResult(TypedDict):
    query: str
    total_matches: int
    matches: list[Entry]


@tool(kind="R", examples=[{"query": "type 2 diabetes chronic kidney disease"}, {"query": "asthma", "billable_only": True}],
      **ICD10CM)
def icd10cm_search(query: str, billable_only: bool = False, limit: int = 10) -> SearchResult:
    """Find ICD-10-CM codes whose description contains every word of a query (case-insensitive).

    Use it to turn a diagnosis in words into candidate codes, then check one with icd10cm_lookup.
    Matches whose description contains the query as a phrase come first, then shorter descriptions.

    Args:
        query: diagnosis words, e.g. "acute appendicitis" or "heart failure systolic".
        billable_only: return only billable (leaf) codes.
        limit: maximum number of matches to return (1-50).
    """
    words = re.findall(r"[a-z0-9]+", query.lower())
    if not words:
        raise ToolError("query must contain at least one word, e.g. 'pneumonia'")
    phrase = " ".join(words)
    hits = [(c, leaf) for c, d, leaf in _index()
            if all(w in d for w in words) and (leaf or not billable_only)]
    descriptions = {c: d for c, d, _ in _index()} if hits else {}
    hits.sort(key=lambda h: (phrase not in descriptions[h[0]], len(descriptions[h[0]])))
    return {"query": query, "total_matches": len(hits),
            "matches": [entry(c) for c, _ in hits[:max(1, min(limit, 50))]]}


class Notes(TypedDict):
    code: Annotated[str, Sem("icd10cm_code")]
    description: str
    inclusion_terms: list[str]
    includes: list[str]
    excludes1: list[str]
    excludes2: list[str]
    code_first: str
    use_additional_code: str
    code_also: str
    inherited_from: list[Annotated[str, Sem("icd10cm_code")]]


@tool(kind="R", examples=[{"icd10cm_code": "E11.9"}, {"icd10cm_code": "I10"}], **ICD10CM)
def icd10cm_coding_notes(icd10cm_code: Icd10cmCode, include_ancestors: bool = True) -> Notes:
    """The tabular-list instructions for an ICD-10-CM code: inclusion terms, Excludes1/Excludes2,
    "code first", "use additional code" and "code also" notes.

    Notes written on a parent category apply to its subcodes; with include_ancestors the notes of
    every ancestor category are merged in and listed in inherited_from.

    Args:
        icd10cm_code: ICD-10-CM code, with or without the dot.
        include_ancestors: also collect the notes of the parent categories (default true).
    """
    m = cm()
    code = item(icd10cm_code, blocks=False)
    chain = [code] + ([a for a in m.get_ancestors(code) if not m.is_chapter_or_block(a)] if include_ancestors else [])
    out: Notes = {"code": code, "description": m.get_description(code), "inclusion_terms": [], "includes": [],
                  "excludes1": [], "excludes2": [], "code_first": "", "use_additional_code": "", "code_also": "",
                  "inherited_from": []}
    for c in chain:
        found = False
        for key, getter in (("inclusion_terms", m.get_inclusion_term), ("includes", m.get_includes),
                            ("excludes1", m.get_excludes1), ("excludes2", m.get_excludes2)):
            values = getter(c)
            out[key] += [v for v in values if v not in out[key]]  # type: ignore[literal-required]
            found = found or bool(values)
        for key, getter in (("code_first", m.get_code_first), ("use_additional_code", m.get_use_additional_code),
                            ("code_also", m.get_code_also)):
            text = getter(c)
            if text and not out[key]:  # type: ignore[literal-required]
                out[key] = text  # type: ignore[literal-required]
                found = True
        if found and c != code:
            out["inherited_from"].append(c)
    return out


class Seventh(TypedDict):
    character: str
    meaning: str
    full_code: Annotated[str | None, Sem("icd10cm_code")]


class SeventhChars(TypedDict):
    code: Annotated[str, Sem("icd10cm_code")]
    uses_seventh_character: bool
    defined_on: Annotated[str | None, Sem("icd10cm_code")]
    note: str
    characters: list[Seventh]


@tool(kind="R", examples=[{"icd10cm_code": "S72.001"}, {"icd10cm_code": "T36.0X1"}], **ICD10CM)
def icd10cm_seventh_characters(icd10cm_code: Icd10cmCode) -> SeventhChars:
    """The 7th-character extensions an injury, poisoning, external-cause or obstetric code needs
    (A initial encounter, D subsequent encounter, S sequela, ...), with the full code each one forms.

    Most categories outside chapters XIX and XX take no 7th character: then
    ``uses_seventh_character`` is false and the list is empty.

    Args:
        icd10cm_code: an ICD-10-CM code, e.g. "S72.001" or "T36.0X1".
    """
    m = cm()
    code = item(icd10cm_code, blocks=False)
    base = m.get_parent(code) if m.is_extended_subcategory(code) else code
    owner = next((c for c in [base, *m.get_ancestors(base)] if m.get_seven_chr_def(c)), None)
    if owner is None:
        return {"code": code, "uses_seventh_character": False, "defined_on": None, "characters": [],
                "note": f"{code} takes no 7th character (they are used in chapters XV, XIX and XX, e.g. S72.001)"}
    children = set(m.get_children(base))
    chars: list[Seventh] = []
    for ch, meaning in m.get_seven_chr_def(owner).items():
        full = add_dot(m, remove_dot(m, base) + ch) if len(remove_dot(m, base)) == 6 else None
        chars.append({"character": ch, "meaning": meaning.replace("\t", " "),
                      "full_code": full if full in children else None})
    return {"code": code, "uses_seventh_character": True, "defined_on": owner, "note": m.get_seven_chr_note(owner),
            "characters": chars}


class Related(TypedDict):
    code_a: Annotated[str, Sem("icd10cm_code")]
    code_b: Annotated[str, Sem("icd10cm_code")]
    nearest_common_ancestor: str | None
    ancestor_description: str | None
    same_chapter: bool
    same_block: bool
    distance: int


@tool(kind="P", examples=[{"code_a": "E11.9", "code_b": "E10.9"}, {"code_a": "I10", "code_b": "I50.9"}], **ICD10CM)
def icd10cm_relationship(code_a: Icd10cmCode, code_b: Icd10cmCode) -> Related:
    """How closely two ICD-10-CM codes are related: nearest common ancestor (null for codes in different
    chapters), same block or chapter, and the number of hierarchy steps between them.

    Args:
        code_a: first ICD-10-CM code.
        code_b: second ICD-10-CM code.
    """
    m = cm()
    a, b = item(code_a, blocks=False), item(code_b, blocks=False)
    up_a, up_b = [a, *m.get_ancestors(a)], [b, *m.get_ancestors(b)]
    common = m.get_nearest_common_ancestor(a, b) if up_a[-1] == up_b[-1] else ""
    distance = up_a.index(common) + up_b.index(common) if common else len(up_a) + len(up_b)
    block_a = next(x for x in up_a if m.is_block(x))
    block_b = next(x for x in up_b if m.is_block(x))
    shown = (roman(int(common)) if common.isdigit() else common) or None  # in different chapters: none
    return {"code_a": a, "code_b": b, "nearest_common_ancestor": shown,
            "ancestor_description": m.get_description(common) if common else None,
            "same_chapter": up_a[-1] == up_b[-1], "same_block": block_a == block_b, "distance": distance}


TOOLS = [icd10cm_search, icd10cm_coding_notes, icd10cm_seventh_characters, icd10cm_relationship]
