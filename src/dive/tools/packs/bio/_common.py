"""Shared pieces of the bio pack: tool metadata, typed parameter aliases, sequence cleaning."""

from __future__ import annotations

import math
import re
from typing import Annotated

from pydantic import Field

from dive.errors import ToolError
from dive.tools.tool import Sem

# The licence of each backing package (its data ships under the same terms).
_LICENSES = {
    "biopython": "LicenseRef-Biopython",  # Biopython License Agreement (BSD-like); REBASE data
    "primer3-py": "GPL-2.0-or-later",
    "ViennaRNA": "LicenseRef-ViennaRNA",  # ViennaRNA disclaimer and copyright (free for non-commercial use)
    "peptides": "GPL-3.0-or-later",
    "seqfold": "MIT",
    "dive-tasks": "Apache-2.0",  # formulas written by us
}


def meta(source: str) -> dict[str, str]:
    """The ``@tool`` keyword arguments shared by every tool of the pack backed by ``source``."""
    return {"domain": "bio", "pack": "bio", "source": source, "license": _LICENSES[source]}


DnaSeq = Annotated[str, Sem("dna_sequence")]
RnaSeq = Annotated[str, Sem("rna_sequence")]
ProteinSeq = Annotated[str, Sem("protein_sequence")]
DotBracket = Annotated[str, Sem("dot_bracket")]
TableId = Annotated[int, Sem("codon_table_id"), Field(ge=1, le=33)]
CelsiusParam = Annotated[float, Sem("temperature_c"), Field(ge=0, le=100)]
Limit = Annotated[int, Field(ge=1, le=100)]

Celsius = Annotated[float, Sem("temperature_c", unit="degC")]
KcalPerMol = Annotated[float, Sem("free_energy_kcal_mol", unit="kcal/mol")]
Length = Annotated[int, Sem("sequence_length")]
Percent = Annotated[float, Sem("percent")]

DNA_IUPAC = set("ACGTRYSWKMBDHVN")
RNA_IUPAC = set("ACGURYSWKMBDHVN")
PROTEIN_20 = set("ACDEFGHIKLMNPQRSTVWY")

_JUNK = re.compile(r"[\s\d]+")


def _strip(seq: str) -> str:
    """Drop a FASTA header line, whitespace and position numbers; upper-case the rest."""
    text = seq.strip()
    if text.startswith(">"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    return _JUNK.sub("", text).upper()


def _check_letters(seq: str, allowed: set[str], what: str, example: str) -> None:
    bad = sorted(set(seq) - allowed)
    if bad:
        raise ToolError(
            f"not a valid {what}: unexpected characters {''.join(bad)!r}; "
            f"use the letters {''.join(sorted(allowed))}, e.g. {example!r}"
        )


def _check_length(seq: str, what: str, min_len: int, max_len: int) -> None:
    if len(seq) < min_len:
        raise ToolError(f"the {what} is too short ({len(seq)}); give at least {min_len} letters")
    if len(seq) > max_len:
        raise ToolError(f"the {what} is too long ({len(seq):,}); this tool accepts at most {max_len:,} letters")


def clean_dna(seq: str, *, strict: bool = False, min_len: int = 1, max_len: int = 100_000) -> str:
    """A DNA sequence, upper-case; ``strict`` allows only A, C, G, T (else IUPAC ambiguity codes too)."""
    s = _strip(seq)
    if "U" in s and "T" not in s:
        s = s.replace("U", "T")
    _check_letters(s, set("ACGT") if strict else DNA_IUPAC, "DNA sequence", "ATGGCCATTGTAATG")
    _check_length(s, "DNA sequence", min_len, max_len)
    return s


def clean_nucleic(seq: str, *, strict: bool = False, min_len: int = 1, max_len: int = 100_000) -> tuple[str, bool]:
    """A DNA or RNA sequence, upper-case, and whether it is RNA (contains U and no T)."""
    s = _strip(seq)
    is_rna = "U" in s and "T" not in s
    allowed = (set("ACGU") if strict else RNA_IUPAC) if is_rna else (set("ACGT") if strict else DNA_IUPAC)
    _check_letters(s, allowed, "RNA sequence" if is_rna else "DNA sequence", "AUGGCC" if is_rna else "ATGGCC")
    _check_length(s, "sequence", min_len, max_len)
    return s, is_rna


def clean_rna(seq: str, *, min_len: int = 1, max_len: int = 2_000) -> str:
    """An RNA sequence of A, C, G, U (T is read as U, so a DNA oligo folds as its RNA copy)."""
    s = _strip(seq).replace("T", "U")
    _check_letters(s, set("ACGU"), "RNA sequence", "GGGGAAAACCCC")
    _check_length(s, "RNA sequence", min_len, max_len)
    return s


def clean_protein(seq: str, *, min_len: int = 1, max_len: int = 50_000) -> str:
    """A protein sequence of the 20 standard one-letter amino-acid codes (a final stop '*' is dropped)."""
    s = _strip(seq).rstrip("*")
    if "*" in s:
        raise ToolError(
            "the protein sequence contains an internal stop '*'; give one open reading frame "
            "(translate with to_stop=true, or cut at the first '*')"
        )
    _check_letters(s, PROTEIN_20, "protein sequence of the 20 standard amino acids", "MAIVMGR")
    _check_length(s, "protein sequence", min_len, max_len)
    return s


def tidy(x: float, digits: int = 4) -> float:
    """Round ``x`` to ``digits`` decimal places, as a plain float (refusing NaN and infinity)."""
    if not math.isfinite(x):
        raise ToolError("the computation gave a non-finite number for this input")
    return float(round(float(x), digits))
