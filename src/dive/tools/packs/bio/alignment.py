"""Pairwise sequence alignment and substitution matrices, backed by Biopython's PairwiseAligner."""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.bio._common import DnaSeq, Percent, ProteinSeq, clean_dna, clean_protein, meta, tidy
from dive.tools.tool import Sem, tool

__all__ = ["dna_align", "protein_align", "substitution_score"]

_META = meta("biopython")

Matrix = Annotated[str, Sem("substitution_matrix")]
Penalty = Annotated[float, Sem("number"), Field(ge=0, le=100)]
_MAX = 3_000


@functools.cache
def matrix_names() -> tuple[str, ...]:
    """Names of the substitution matrices that ship with Biopython."""
    from Bio.Align import substitution_matrices

    return tuple(substitution_matrices.load())


@functools.cache
def load_matrix(name: str) -> Any:
    """A Biopython substitution matrix by name (case-insensitive), or a ToolError listing the names."""
    from Bio.Align import substitution_matrices

    by_upper = {n.upper(): n for n in matrix_names()}
    key = by_upper.get(name.strip().upper())
    if key is None:
        raise ToolError(f"unknown substitution matrix {name!r}; known: {', '.join(matrix_names())}")
    return substitution_matrices.load(key)


class Alignment(TypedDict):
    score: Annotated[float, Sem("number")]
    aligned_a: str
    aligned_b: str
    identities: int
    mismatches: int
    gaps: int
    alignment_length: Annotated[int, Sem("sequence_length")]
    percent_identity: Percent
    a_start: Annotated[int, Sem("integer")]
    a_end: Annotated[int, Sem("integer")]
    b_start: Annotated[int, Sem("integer")]
    b_end: Annotated[int, Sem("integer")]


def _align(aligner: Any, a: str, b: str) -> Alignment:
    best = aligner.align(a, b)[0]
    counts = best.counts()
    row_a, row_b = best[0], best[1]
    coords = best.coordinates
    length = len(row_a)
    return {
        "score": tidy(best.score, 3),
        "aligned_a": row_a,
        "aligned_b": row_b,
        "identities": int(counts.identities),
        "mismatches": int(counts.mismatches),
        "gaps": int(counts.gaps),
        "alignment_length": length,
        "percent_identity": tidy(100 * counts.identities / length, 2) if length else 0.0,
        "a_start": int(coords[0][0]) + 1,
        "a_end": int(coords[0][-1]),
        "b_start": int(coords[1][0]) + 1,
        "b_end": int(coords[1][-1]),
    }


@tool(kind="P", examples=[{"sequence_a": "HEAGAWGHEE", "sequence_b": "PAWHEAE"},
                          {"sequence_a": "HEAGAWGHEE", "sequence_b": "PAWHEAE", "mode": "local", "matrix": "BLOSUM50",
                           "gap_open_penalty": 8, "gap_extend_penalty": 8}], **_META)
def protein_align(sequence_a: ProteinSeq, sequence_b: ProteinSeq, mode: Literal["global", "local"] = "global",
                  matrix: Matrix = "BLOSUM62", gap_open_penalty: Penalty = 10, gap_extend_penalty: Penalty = 0.5) -> Alignment:
    """Align two protein sequences (Needleman-Wunsch global or Smith-Waterman local) with a substitution matrix and affine gaps.

    Returns the optimal score, one optimal alignment (gaps as '-'), identities and percent identity
    over the alignment length, and the aligned region (1-based, inclusive) in each sequence. Defaults
    match EMBOSS needle/water (BLOSUM62, gap open 10, extend 0.5).

    Args:
        sequence_a: first protein sequence (one-letter codes, at most 3,000 residues).
        sequence_b: second protein sequence.
        mode: "global" aligns end to end; "local" finds the best-matching region.
        matrix: substitution matrix name, e.g. BLOSUM62, BLOSUM50, PAM250.
        gap_open_penalty: penalty for the first position of a gap (a positive number).
        gap_extend_penalty: penalty for each further gap position.
    """
    from Bio.Align import PairwiseAligner

    a, b = clean_protein(sequence_a, max_len=_MAX), clean_protein(sequence_b, max_len=_MAX)
    aligner = PairwiseAligner(mode=mode, substitution_matrix=load_matrix(matrix),
                              open_gap_score=-gap_open_penalty, extend_gap_score=-gap_extend_penalty)
    try:
        return _align(aligner, a, b)
    except (KeyError, ValueError) as exc:
        raise ToolError(f"matrix {matrix} cannot score these residues ({exc}); use a protein matrix like BLOSUM62") from None


@tool(kind="P", examples=[{"sequence_a": "GATTACA", "sequence_b": "GCATGCT"},
                          {"sequence_a": "TGTTACGG", "sequence_b": "GGTTGACTA", "mode": "local", "match_score": 3,
                           "mismatch_penalty": 3, "gap_open_penalty": 2, "gap_extend_penalty": 2}], **_META)
def dna_align(sequence_a: DnaSeq, sequence_b: DnaSeq, mode: Literal["global", "local"] = "global",
              match_score: Annotated[float, Sem("number"), Field(gt=0, le=100)] = 5,
              mismatch_penalty: Penalty = 4, gap_open_penalty: Penalty = 10, gap_extend_penalty: Penalty = 0.5) -> Alignment:
    """Align two DNA sequences (Needleman-Wunsch global or Smith-Waterman local) with match/mismatch scores and affine gaps.

    Returns the optimal score, one optimal alignment (gaps as '-'), identities, percent identity and the
    aligned region (1-based) in each sequence. Defaults follow EMBOSS needle's EDNAFULL (+5/-4, gap
    open 10, extend 0.5); a linear gap cost is gap_open_penalty = gap_extend_penalty.

    Args:
        sequence_a: first DNA sequence (A, C, G, T; at most 3,000 bases).
        sequence_b: second DNA sequence.
        mode: "global" aligns end to end; "local" finds the best-matching region.
        match_score: score for two identical bases (positive).
        mismatch_penalty: penalty for two different bases (a positive number).
        gap_open_penalty: penalty for the first position of a gap.
        gap_extend_penalty: penalty for each further gap position.
    """
    from Bio.Align import PairwiseAligner

    a, b = clean_dna(sequence_a, strict=True, max_len=_MAX), clean_dna(sequence_b, strict=True, max_len=_MAX)
    aligner = PairwiseAligner(mode=mode, match_score=match_score, mismatch_score=-mismatch_penalty,
                              open_gap_score=-gap_open_penalty, extend_gap_score=-gap_extend_penalty)
    return _align(aligner, a, b)


class SubScore(TypedDict):
    matrix: Annotated[str, Sem("substitution_matrix")]
    residue_a: str
    residue_b: str
    score: Annotated[float, Sem("number")]
    matrix_min: Annotated[float, Sem("number")]
    matrix_max: Annotated[float, Sem("number")]


@tool(kind="R", examples=[{"matrix": "BLOSUM62", "residue_a": "W", "residue_b": "F"},
                          {"matrix": "PAM250", "residue_a": "A", "residue_b": "S"}], **_META)
def substitution_score(matrix: Matrix, residue_a: Annotated[str, Sem("amino_acid")],
                       residue_b: Annotated[str, Sem("amino_acid")]) -> SubScore:
    """Look up the score for substituting one residue by another in a substitution matrix (BLOSUM62, PAM250, NUC.4.4, ...).

    Positive scores mean the pair is exchanged more often than by chance in related sequences.

    Args:
        matrix: matrix name, e.g. "BLOSUM62", "PAM250", "BLOSUM45" or the nucleotide matrix "NUC.4.4".
        residue_a: one-letter code of the first residue (or base for a nucleotide matrix).
        residue_b: one-letter code of the second residue.
    """
    m = load_matrix(matrix)
    a, b = residue_a.strip().upper(), residue_b.strip().upper()
    for r in (a, b):
        if len(r) != 1 or r not in m.alphabet:
            raise ToolError(f"{r!r} is not a letter of matrix {matrix}; its alphabet is {''.join(m.alphabet)}")
    name = next(n for n in matrix_names() if n.upper() == matrix.strip().upper())
    return {"matrix": name, "residue_a": a, "residue_b": b, "score": float(m[a][b]), "matrix_min": float(m.min()),
            "matrix_max": float(m.max())}
