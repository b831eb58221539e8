"""How the medicine pack's values are mentioned in a question (see its lexicon.yaml).

Every function is pure and offline, and returns None for a value it cannot name.
"""

from __future__ import annotations

import re
from typing import Any

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
          "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII")


def sex_label(value: Any) -> str | None:
    """``female`` -> ``woman``, ``male`` -> ``man``: "a 72-year-old woman"."""
    return {"female": "woman", "male": "man"}.get(str(value).strip().lower())


def chapter_label(value: Any) -> str | None:
    """An ICD-10 chapter, ``IV`` or ``4`` -> ``chapter IV``: the question names the classification (ICD-10-CM's
    chapters are the WHO's, and "ICD-10-CM chapter XVIII" for a question about the WHO's ICD-10 read wrong to two
    reviewers, round X)."""
    text = str(value).strip().upper().removeprefix("CHAPTER").strip()
    if text.isdigit() and 1 <= int(text) <= len(_ROMAN):
        return f"chapter {_ROMAN[int(text) - 1]}"
    return f"chapter {text}" if text in _ROMAN else None


def chapter_title_aliases(value: Any) -> tuple[str, ...]:
    """A chapter's title without its code range: ``Endocrine, nutritional and metabolic diseases (E00-E89)`` ->
    ``Endocrine, nutritional and metabolic diseases`` (two readers of round AX found the range required); a range
    may end in a letter (pregnancy's O00-O9A: a reader, round BT)."""
    m = re.fullmatch(r"(.*\S)\s+\([A-Z]\d[\dA-Z](?:\.\w+)?-[A-Z]\d[\dA-Z](?:\.\w+)?\)", str(value).strip())
    return (m.group(1),) if m else ()


def ccs_label(value: Any) -> str | None:
    """A single-level CCS diagnosis category ``49`` -> ``CCS category 49``."""
    text = str(value).strip()
    return f"CCS category {text}" if text.isdigit() else None


def ccs_procedure_label(value: Any) -> str | None:
    """A single-level CCS procedure category ``80`` -> ``CCS procedure category 80``."""
    text = str(value).strip()
    return f"CCS procedure category {text}" if text.isdigit() else None


def ccsr_label(value: Any) -> str | None:
    """A CCSR diagnosis category ``END002`` -> ``CCSR category END002``."""
    text = str(value).strip().upper()
    return f"CCSR category {text}" if re.fullmatch(r"[A-Z]{3}\d{3}", text) else None


def comorbidity_label(value: Any) -> str | None:
    """An Elixhauser measure by its name in running text: ``Heart failure`` or ``HF`` -> ``heart failure``."""
    text = str(value).strip() if isinstance(value, str) else ""
    if not text:
        return None
    if re.fullmatch(r"[A-Z0-9_]+", text):  # an abbreviation such as HF or DIAB_CX
        try:
            from dive.tools.packs.medicine.comorbidity import measures  # noqa: PLC0415 - reads a local table

            text = measures().get(text.removeprefix("CMR_"), (None,))[0] or ""
        except Exception:  # noqa: BLE001 - a label never raises
            return None
        if not text:
            return None
    if len(text) > 1 and text[1].isupper():  # keep acronyms such as "AIDS/HIV"
        return text
    return text[:1].lower() + text[1:]
