"""Protein properties from a sequence, backed by Biopython's ProtParam (the ExPASy ProtParam methods)."""

from __future__ import annotations

from typing import Annotated, Literal

from Bio.SeqUtils.ProtParam import ProteinAnalysis
from pydantic import Field
from typing_extensions import TypedDict

from dive.tools.packs.bio._common import Length, Percent, ProteinSeq, clean_protein, meta, tidy
from dive.tools.packs.bio.codons import AMINO_ACID_NAMES
from dive.tools.tool import Sem, tool

__all__ = [
    "protein_amino_acid_composition", "protein_extinction_coefficient", "protein_gravy", "protein_instability_index",
    "protein_isoelectric_point", "protein_molecular_weight", "protein_secondary_structure_fraction",
]

_META = meta("biopython")

Ph = Annotated[float, Sem("ph"), Field(ge=0, le=14)]


def _analysis(sequence: str, min_len: int = 1, monoisotopic: bool = False) -> tuple[str, ProteinAnalysis]:
    seq = clean_protein(sequence, min_len=min_len)
    return seq, ProteinAnalysis(seq, monoisotopic=monoisotopic)


class ProteinMass(TypedDict):
    molecular_weight: Annotated[float, Sem("molar_mass", unit="g/mol")]
    molecular_weight_kda: Annotated[float, Sem("number", unit="kDa")]
    length: Length


@tool(kind="P", examples=[{"sequence": "MQIFVKTLTGKTITLEVEPSDTIENVKAKIQDKEGIPPDQQRLIFAGKQLEDGRTLSDYNIQKESTLHLVLRLRGG"}],
      **_META)
def protein_molecular_weight(sequence: ProteinSeq, monoisotopic: bool = False) -> ProteinMass:
    """Compute the molecular weight of a protein or peptide from its sequence (g/mol = Da), as ExPASy ProtParam does.

    The chain is unmodified (free N- and C-terminus, no disulfides or PTMs). Use monoisotopic for
    mass spectrometry.

    Args:
        sequence: protein sequence in one-letter codes of the 20 standard amino acids.
        monoisotopic: use monoisotopic residue masses instead of average masses.
    """
    _, pa = _analysis(sequence, monoisotopic=monoisotopic)
    mw = pa.molecular_weight()
    return {"molecular_weight": tidy(mw, 2), "molecular_weight_kda": tidy(mw / 1000, 3), "length": pa.length}


class Pi(TypedDict):
    isoelectric_point: Annotated[float, Sem("ph")]
    charge_at_ph: Annotated[float, Sem("number")]
    ph: Annotated[float, Sem("ph")]


@tool(kind="P", examples=[{"sequence": "MQIFVKTLTGKTITLEVEPSDTIENVKAKIQDKEGIPPDQQRLIFAGKQLEDGRTLSDYNIQKESTLHLVLRLRGG"},
                          {"sequence": "GIGAVLKVLTTGLPALISWIKRKRQQ", "ph": 7.4}], **_META)
def protein_isoelectric_point(sequence: ProteinSeq, ph: Ph = 7.0) -> Pi:
    """Compute a protein's theoretical isoelectric point (pI) and its net charge at a given pH.

    Uses the Bjellqvist pK values as ExPASy ProtParam does. Above its pI a protein is negatively
    charged, below it positively; useful for choosing ion-exchange conditions or buffers.

    Args:
        sequence: protein sequence in one-letter codes.
        ph: the pH at which to report the net charge.
    """
    _, pa = _analysis(sequence)
    return {"isoelectric_point": tidy(pa.isoelectric_point(), 2), "charge_at_ph": tidy(pa.charge_at_pH(ph), 3),
            "ph": ph}


GravyScale = Literal[
    "KyteDoolitle", "Aboderin", "AbrahamLeo", "Argos", "BlackMould", "BullBreese", "Casari", "Cid", "Cowan3.4",
    "Cowan7.5", "Eisenberg", "Engelman", "Fasman", "Fauchere", "GoldSack", "Guy", "Jones", "Juretic", "Kidera",
    "Miyazawa", "Parker", "Ponnuswamy", "Rose", "Roseman", "Sweet", "Tanford", "Wilson", "Zimmerman",
]


class Gravy(TypedDict):
    gravy: Annotated[float, Sem("number")]
    scale: str
    length: Length


@tool(kind="P", examples=[{"sequence": "MQIFVKTLTGKTITLEVEPSDTIENVKAKIQDKEGIPPDQQRLIFAGKQLEDGRTLSDYNIQKESTLHLVLRLRGG"}],
      **_META)
def protein_gravy(sequence: ProteinSeq, scale: GravyScale = "KyteDoolitle") -> Gravy:
    """Compute the GRAVY score (grand average of hydropathy) of a protein: the mean hydropathy of its residues.

    With the default Kyte-Doolittle scale, positive values mean a hydrophobic protein (e.g. membrane
    proteins), negative values a hydrophilic, soluble one.

    Args:
        sequence: protein sequence in one-letter codes.
        scale: hydropathy scale (Biopython ProtParamData names; "KyteDoolitle" is Kyte & Doolittle 1982).
    """
    _, pa = _analysis(sequence)
    return {"gravy": tidy(pa.gravy(scale=scale)), "scale": scale, "length": pa.length}


class Instability(TypedDict):
    instability_index: Annotated[float, Sem("number")]
    predicted_stable: bool
    length: Length


@tool(kind="P", examples=[{"sequence": "MQIFVKTLTGKTITLEVEPSDTIENVKAKIQDKEGIPPDQQRLIFAGKQLEDGRTLSDYNIQKESTLHLVLRLRGG"}],
      **_META)
def protein_instability_index(sequence: ProteinSeq) -> Instability:
    """Compute the instability index of a protein (Guruprasad et al. 1990, dipeptide-based), as in ExPASy ProtParam.

    A value below 40 predicts a protein that is stable in a test tube; above 40, unstable.

    Args:
        sequence: protein sequence in one-letter codes, at least 2 residues.
    """
    _, pa = _analysis(sequence, min_len=2)
    value = pa.instability_index()
    return {"instability_index": tidy(value, 2), "predicted_stable": value < 40, "length": pa.length}


class Extinction(TypedDict):
    extinction_coefficient_reduced: Annotated[int, Sem("extinction_coefficient", unit="1/(M*cm)")]
    extinction_coefficient_cystines: Annotated[int, Sem("extinction_coefficient", unit="1/(M*cm)")]
    absorbance_1mg_ml_reduced: Annotated[float, Sem("absorbance")]
    absorbance_1mg_ml_cystines: Annotated[float, Sem("absorbance")]
    tryptophans: int
    tyrosines: int
    cysteines: int


@tool(kind="P", examples=[{"sequence": "MQIFVKTLTGKTITLEVEPSDTIENVKAKIQDKEGIPPDQQRLIFAGKQLEDGRTLSDYNIQKESTLHLVLRLRGG"}],
      **_META)
def protein_extinction_coefficient(sequence: ProteinSeq) -> Extinction:
    """Compute a protein's molar extinction coefficient at 280 nm in water (Pace et al. 1995: Trp 5500, Tyr 1490, cystine 125).

    Gives the value with all cysteines reduced and with all of them forming cystines, plus the
    absorbance of a 1 mg/mL solution (1 cm path), used to measure protein concentration by A280.

    Args:
        sequence: protein sequence in one-letter codes.
    """
    seq, pa = _analysis(sequence)
    reduced, cystines = pa.molar_extinction_coefficient()
    mw = pa.molecular_weight()
    return {
        "extinction_coefficient_reduced": int(reduced),
        "extinction_coefficient_cystines": int(cystines),
        "absorbance_1mg_ml_reduced": tidy(reduced / mw, 3),
        "absorbance_1mg_ml_cystines": tidy(cystines / mw, 3),
        "tryptophans": seq.count("W"),
        "tyrosines": seq.count("Y"),
        "cysteines": seq.count("C"),
    }


class SecondaryStructure(TypedDict):
    helix_percent: Percent
    turn_percent: Percent
    sheet_percent: Percent


@tool(kind="P", examples=[{"sequence": "GIGAVLKVLTTGLPALISWIKRKRQQ"}], **_META)
def protein_secondary_structure_fraction(sequence: ProteinSeq) -> SecondaryStructure:
    """Estimate the share of residues that favour helix, turn and sheet, from amino-acid propensities (a rough composition-based estimate, not a structure prediction).

    Helix formers: E, M, A, L, K; turn formers: N, P, G, S, D; sheet formers: V, I, Y, F, W, L, T
    (leucine counts for both helix and sheet, so the three can exceed 100%).

    Args:
        sequence: protein sequence in one-letter codes.
    """
    _, pa = _analysis(sequence)
    helix, turn, sheet = pa.secondary_structure_fraction()
    return {"helix_percent": tidy(helix * 100, 2), "turn_percent": tidy(turn * 100, 2),
            "sheet_percent": tidy(sheet * 100, 2)}


class AaCount(TypedDict):
    amino_acid: Annotated[str, Sem("amino_acid")]
    name: str
    count: int
    percent: Percent


class Composition(TypedDict):
    composition: list[AaCount]
    aromaticity_percent: Percent
    length: Length


@tool(kind="P", examples=[{"sequence": "GIGAVLKVLTTGLPALISWIKRKRQQ"}], **_META)
def protein_amino_acid_composition(
    sequence: ProteinSeq, include_absent: bool = False,
    limit: Annotated[int, Field(ge=1, le=20)] = 20,
) -> Composition:
    """Count each amino acid in a protein (count and percent, most frequent first) and give its aromaticity.

    Aromaticity is the share of F + W + Y (Lobry & Gautier 1994).

    Args:
        sequence: protein sequence in one-letter codes.
        include_absent: also list amino acids that do not occur (count 0).
        limit: maximum number of amino acids to list.
    """
    seq, pa = _analysis(sequence)
    counts = pa.count_amino_acids()
    rows: list[AaCount] = [
        {"amino_acid": aa, "name": AMINO_ACID_NAMES[aa], "count": n, "percent": tidy(100 * n / len(seq), 2)}
        for aa, n in counts.items() if n or include_absent
    ]
    rows.sort(key=lambda r: (-r["count"], r["amino_acid"]))
    return {"composition": rows[:limit], "aromaticity_percent": tidy(pa.aromaticity() * 100, 2), "length": len(seq)}
