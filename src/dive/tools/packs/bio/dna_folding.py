"""Single-strand DNA (and RNA) folding with seqfold (Zuker algorithm, SantaLucia 2004 DNA energies)."""

from __future__ import annotations

import math
from typing import Annotated, Any

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.bio._common import CelsiusParam, DnaSeq, KcalPerMol, Length, Limit, clean_nucleic, meta, tidy
from dive.tools.tool import Sem, tool

__all__ = ["dna_fold", "dna_fold_substructures"]

_META = meta("seqfold")
_MAX = 250


def _fold(sequence: str, temperature_c: float) -> tuple[str, list[Any], float, str]:
    """(sequence, sub-structures, total dG, dot-bracket); an open chain when no fold is below 0 kcal/mol."""
    import seqfold

    s, _ = clean_nucleic(sequence, strict=True, min_len=4, max_len=_MAX)
    try:
        structs = seqfold.fold(s, temp=temperature_c)
    except (RuntimeError, ValueError) as exc:
        raise ToolError(f"seqfold cannot fold this sequence: {exc}") from None
    total = sum(x.e for x in structs)
    if not structs or not math.isfinite(total) or total >= 0:
        return s, [], 0.0, "." * len(s)
    return s, structs, total, seqfold.dot_bracket(s, structs)


class DnaFold(TypedDict):
    dg: KcalPerMol
    dot_bracket: Annotated[str, Sem("dot_bracket")]
    stable_structure: bool
    base_pairs: int
    length: Length


@tool(kind="P", examples=[{"sequence": "GGGAGGTCGTTACATCTGGGTAACACCGGTACTGATCCGGTGACCTCCC"},
                          {"sequence": "GGGAGGTCGTTACATCTGGGTAACACCGGTACTGATCCGGTGACCTCCC", "temperature_c": 32}], **_META)
def dna_fold(sequence: DnaSeq, temperature_c: CelsiusParam = 37) -> DnaFold:
    """Predict the minimum free energy secondary structure of a single-stranded DNA (or RNA) with seqfold.

    Use it to check oligos, probes or aptamers for self-structure. Gives dG in kcal/mol and the
    structure in dot-bracket notation; when no fold is more stable than the open chain, dG is 0 and
    stable_structure is false.

    Args:
        sequence: DNA sequence of A, C, G, T (or RNA with U), 4 to 250 nt.
        temperature_c: temperature in degrees C.
    """
    s, _, total, structure = _fold(sequence, temperature_c)
    return {"dg": tidy(total, 2), "dot_bracket": structure, "stable_structure": total < 0,
            "base_pairs": structure.count("("), "length": len(s)}


class SubStructure(TypedDict):
    i: Annotated[int, Sem("integer")]
    j: Annotated[int, Sem("integer")]
    ddg: KcalPerMol
    kind: str
    description: str


class SubStructures(TypedDict):
    dg: KcalPerMol
    substructures: list[SubStructure]
    total: int


@tool(kind="P", examples=[{"sequence": "GGGAGGTCGTTACATCTGGGTAACACCGGTACTGATCCGGTGACCTCCC"}], **_META)
def dna_fold_substructures(sequence: DnaSeq, temperature_c: CelsiusParam = 37, limit: Limit = 30) -> SubStructures:
    """Break a DNA (or RNA) MFE fold from seqfold into its energy terms: each stack, hairpin loop, bulge, interior loop or multibranch junction with its ddG.

    Positions i and j are the 1-based closing base pair of each term, 5' to 3'. Useful to see which
    part of an oligo drives its folding.

    Args:
        sequence: DNA sequence of A, C, G, T (or RNA with U), 4 to 250 nt.
        temperature_c: temperature in degrees C.
        limit: maximum number of terms to list.
    """
    _, structs, total, _ = _fold(sequence, temperature_c)
    rows: list[SubStructure] = []
    for x in structs:
        desc = x.desc.strip()
        rows.append({"i": int(x.ij[0][0]) + 1 if x.ij else 0, "j": int(x.ij[0][1]) + 1 if x.ij else 0,
                     "ddg": tidy(x.e, 2), "kind": desc.split(":")[0].lower(), "description": desc})
    return {"dg": tidy(total, 2), "substructures": rows[:limit], "total": len(rows)}
