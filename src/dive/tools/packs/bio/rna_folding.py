"""RNA secondary structure with the ViennaRNA package (``import RNA``, Turner 2004 energy parameters)."""

from __future__ import annotations

import functools
from typing import Annotated, Any

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.bio._common import (
    CelsiusParam,
    DotBracket,
    KcalPerMol,
    Length,
    Limit,
    RnaSeq,
    clean_rna,
    meta,
    tidy,
)
from dive.tools.tool import Sem, tool

__all__ = ["rna_cofold", "rna_fold", "rna_partition_function", "rna_structure_distance", "rna_structure_energy",
           "rna_suboptimal_structures", "structure_pairs"]

_META = meta("ViennaRNA")

Structure = Annotated[str, Sem("dot_bracket")]


@functools.cache
def _rna() -> Any:
    import RNA

    return RNA


def _compound(seq: str, temperature_c: float, **options: Any) -> Any:
    RNA = _rna()
    md = RNA.md()
    md.temperature = temperature_c
    for key, value in options.items():
        setattr(md, key, value)
    return RNA.fold_compound(seq, md)


def structure_pairs(structure: str, length: int | None = None) -> list[tuple[int, int]]:
    """Base pairs (0-based i < j) of a dot-bracket string; ToolError if it is malformed."""
    s = structure.strip()
    if set(s) - set(".()"):
        raise ToolError(f"not a dot-bracket structure: only '.', '(' and ')' are allowed, got {''.join(sorted(set(s) - set('.()')))!r}")
    if length is not None and len(s) != length:
        raise ToolError(f"the structure has {len(s)} characters but the sequence has {length}; they must match")
    stack: list[int] = []
    pairs = []
    for i, ch in enumerate(s):
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            if not stack:
                raise ToolError(f"unbalanced dot-bracket structure: ')' at position {i + 1} has no matching '('")
            pairs.append((stack.pop(), i))
    if stack:
        raise ToolError(f"unbalanced dot-bracket structure: '(' at position {stack[-1] + 1} is never closed")
    return sorted(pairs)


class Fold(TypedDict):
    dot_bracket: Annotated[str, Sem("dot_bracket")]
    mfe: KcalPerMol
    base_pairs: int
    length: Length


@tool(kind="P", examples=[{"sequence": "GCGGAUUUAGCUCAGUUGGGAGAGCGCCAGACUGAAGAUCUGGAGGUCCUGUGUUCGAUCCACAGAAUUCGCACCA"}],
      **_META)
def rna_fold(sequence: RnaSeq, temperature_c: CelsiusParam = 37) -> Fold:
    """Predict an RNA's minimum free energy (MFE) secondary structure with ViennaRNA (RNAfold, Turner 2004 parameters).

    Returns the structure in dot-bracket notation ('(' and ')' are paired bases, '.' unpaired) and its
    free energy in kcal/mol. T is read as U, so a DNA sequence folds as its RNA copy.

    Args:
        sequence: RNA sequence of A, C, G, U (at most 700 nt).
        temperature_c: folding temperature in degrees C.
    """
    s = clean_rna(sequence, max_len=700)
    structure, mfe = _compound(s, temperature_c).mfe()
    return {"dot_bracket": structure, "mfe": tidy(mfe, 2), "base_pairs": structure.count("("), "length": len(s)}


class Ensemble(TypedDict):
    ensemble_free_energy: KcalPerMol
    mfe: KcalPerMol
    mfe_structure: Annotated[str, Sem("dot_bracket")]
    mfe_probability: Annotated[float, Sem("number")]
    ensemble_diversity: Annotated[float, Sem("number")]
    centroid_structure: Annotated[str, Sem("dot_bracket")]


@tool(kind="P", examples=[{"sequence": "GGGGAAAACCCCAUCGAUCGGGAAACCCGAUCG"}], **_META)
def rna_partition_function(sequence: RnaSeq, temperature_c: CelsiusParam = 37) -> Ensemble:
    """Compute an RNA's Boltzmann ensemble with ViennaRNA (McCaskill partition function): ensemble free energy, how dominant the MFE structure is, and the centroid structure.

    mfe_probability is the MFE structure's share of the ensemble; ensemble_diversity is the mean
    base-pair distance between structures (low = one well-defined fold).

    Args:
        sequence: RNA sequence of A, C, G, U (at most 400 nt).
        temperature_c: folding temperature in degrees C.
    """
    s = clean_rna(sequence, max_len=400)
    fc = _compound(s, temperature_c)
    structure, mfe = fc.mfe()
    fc.exp_params_rescale(mfe)
    _, ensemble = fc.pf()
    centroid, _ = fc.centroid()
    return {
        "ensemble_free_energy": tidy(ensemble, 3),
        "mfe": tidy(mfe, 2),
        "mfe_structure": structure,
        "mfe_probability": tidy(fc.pr_structure(structure), 5),
        "ensemble_diversity": tidy(fc.mean_bp_distance(), 3),
        "centroid_structure": centroid,
    }


class Cofold(TypedDict):
    dot_bracket: Annotated[str, Sem("dot_bracket")]
    mfe: KcalPerMol
    intermolecular_pairs: int


@tool(kind="P", examples=[{"sequence_a": "UGAGGUAGUAGGUUGUAUAGUU", "sequence_b": "AACUAUACAACCUACUACCUCA"}], **_META)
def rna_cofold(sequence_a: RnaSeq, sequence_b: RnaSeq, temperature_c: CelsiusParam = 37) -> Cofold:
    """Predict how two RNA strands fold together (RNAcofold): the joint MFE structure and its free energy, e.g. a miRNA on its target.

    The structure gives strand a, '&', then strand b; pairs that cross the '&' are intermolecular.

    Args:
        sequence_a: first RNA strand (A, C, G, U).
        sequence_b: second RNA strand; the two together at most 700 nt.
        temperature_c: folding temperature in degrees C.
    """
    a, b = clean_rna(sequence_a, max_len=700), clean_rna(sequence_b, max_len=700)
    if len(a) + len(b) > 700:
        raise ToolError("the two strands together are longer than 700 nt")
    structure, mfe = _compound(f"{a}&{b}", temperature_c).mfe_dimer()
    if "&" not in structure:
        structure = f"{structure[:len(a)]}&{structure[len(a):]}"
    pairs = structure_pairs(structure.replace("&", ""))
    inter = sum(1 for i, j in pairs if i < len(a) <= j)
    return {"dot_bracket": structure, "mfe": tidy(mfe, 2), "intermolecular_pairs": inter}


class StructureEnergy(TypedDict):
    free_energy: KcalPerMol
    base_pairs: int


@tool(kind="P", examples=[{"sequence": "GGGGAAAACCCC", "dot_bracket": "((((....))))"}], **_META)
def rna_structure_energy(sequence: RnaSeq, dot_bracket: DotBracket, temperature_c: CelsiusParam = 37) -> StructureEnergy:
    """Evaluate the free energy of a given secondary structure for an RNA sequence (RNAeval, Turner 2004).

    Use it to compare a known or proposed structure with the predicted MFE. Pairs must be canonical
    (A-U, G-C, G-U).

    Args:
        sequence: RNA sequence of A, C, G, U (at most 1,000 nt).
        dot_bracket: the structure in dot-bracket notation, same length as the sequence.
        temperature_c: temperature in degrees C.
    """
    s = clean_rna(sequence, max_len=1_000)
    pairs = structure_pairs(dot_bracket, len(s))
    allowed = {"AU", "UA", "GC", "CG", "GU", "UG"}
    bad = [(i + 1, j + 1) for i, j in pairs if s[i] + s[j] not in allowed]
    if bad:
        i, j = bad[0]
        raise ToolError(f"non-canonical pair {s[i - 1]}-{s[j - 1]} at positions {i}-{j}; only A-U, G-C and G-U can pair")
    energy = _compound(s, temperature_c).eval_structure(dot_bracket.strip())
    return {"free_energy": tidy(energy, 2), "base_pairs": len(pairs)}


class Distance(TypedDict):
    base_pair_distance: Annotated[int, Sem("integer")]
    pairs_only_in_a: int
    pairs_only_in_b: int
    shared_pairs: int


@tool(kind="P", examples=[{"structure_a": "((((....))))", "structure_b": ".(((....)))."}], **_META)
def rna_structure_distance(structure_a: Structure, structure_b: Structure) -> Distance:
    """Compare two secondary structures of the same RNA: the base-pair distance (pairs in one but not the other), as ViennaRNA's bp_distance.

    Args:
        structure_a: first structure in dot-bracket notation.
        structure_b: second structure, same length.
    """
    a = set(structure_pairs(structure_a))
    b = set(structure_pairs(structure_b, len(structure_a.strip())))
    distance = _rna().bp_distance(structure_a.strip(), structure_b.strip())
    return {"base_pair_distance": int(distance), "pairs_only_in_a": len(a - b), "pairs_only_in_b": len(b - a),
            "shared_pairs": len(a & b)}


class Subopt(TypedDict):
    dot_bracket: Annotated[str, Sem("dot_bracket")]
    free_energy: KcalPerMol


class Subopts(TypedDict):
    structures: list[Subopt]
    total_within_delta: int
    mfe: KcalPerMol


@tool(kind="P", examples=[{"sequence": "GGGGAAAACCCCAUCGAUCGGGAAACCCGAUCG", "delta": 1.5}], **_META)
def rna_suboptimal_structures(sequence: RnaSeq,
                              delta: Annotated[float, Sem("number", unit="kcal/mol"), Field(gt=0, le=3)] = 1.0,
                              temperature_c: CelsiusParam = 37, limit: Limit = 10) -> Subopts:
    """List an RNA's suboptimal secondary structures within delta kcal/mol of the MFE (Wuchty algorithm, RNAsubopt), lowest energy first.

    Use it to see alternative folds, e.g. for riboswitches.

    Args:
        sequence: RNA sequence of A, C, G, U (at most 150 nt).
        delta: energy band above the MFE in kcal/mol (at most 3).
        temperature_c: folding temperature in degrees C.
        limit: maximum number of structures to return.
    """
    s = clean_rna(sequence, max_len=150)
    fc = _compound(s, temperature_c, uniq_ML=1)
    found = sorted(((round(x.energy, 2), x.structure) for x in fc.subopt(int(round(delta * 100)))), key=lambda t: t)
    if not found:
        raise ToolError("no structure found for this sequence")
    return {"structures": [{"dot_bracket": st, "free_energy": e} for e, st in found[:limit]],
            "total_within_delta": len(found), "mfe": found[0][0]}
