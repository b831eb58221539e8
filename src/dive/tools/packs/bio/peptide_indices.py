"""Physicochemical indices of peptides, backed by the ``peptides`` package (a port of the R Peptides package)."""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.bio._common import Length, ProteinSeq, clean_protein, meta, tidy
from dive.tools.packs.bio.codons import AMINO_ACID_NAMES, resolve_amino_acid
from dive.tools.tool import Sem, tool

__all__ = [
    "amino_acid_scale_value", "peptide_aliphatic_index", "peptide_boman_index", "peptide_charge", "peptide_descriptors",
    "peptide_hydrophobic_moment", "peptide_hydrophobicity", "peptide_mass_to_charge",
]

_META = meta("peptides")

HydrophobicityScale = Literal[
    "KyteDoolittle", "Eisenberg", "HoppWoods", "Engelman", "interfaceScale_pH8", "octanolScale_pH8", "oiScale_pH8", "interfaceScale_pH2", "octanolScale_pH2", "oiScale_pH2", "Aboderin",
    "AbrahamLeo", "Argos", "BlackMould", "BullBreese", "Casari", "Chothia", "Cid", "Cowan3.4", "Cowan7.5", "Fasman",
    "Fauchere", "Goldsack", "Guy", "Janin", "Jones", "Juretic", "Kidera", "Kuhn", "Levitt", "Manavalan", "Miyazawa",
    "Parker", "Ponnuswamy", "Prabhakaran", "Rao", "Rose", "Roseman", "Sweet", "Tanford", "Welling", "Wilson",
    "Wolfenden", "Zimmerman", "Barley",
]
PkScale = Literal["EMBOSS", "Bjellqvist", "Dawson", "Lehninger", "Murray", "Rodwell", "Sillero", "Solomon", "Stryer"]
DescriptorFamily = Literal[
    "kidera_factors", "z_scales", "vhse_scales", "blosum_indices", "atchley_factors", "cruciani_properties",
    "fasgai_vectors", "ms_whim_scores", "pcp_descriptors", "physical_descriptors", "prin_components",
    "protfp_descriptors", "sneath_vectors", "st_scales", "svger_descriptors", "t_scales", "vstpv_descriptors",
]


@functools.cache
def _peptides() -> Any:
    import peptides

    return peptides


def _peptide(sequence: str, min_len: int = 1) -> Any:
    return _peptides().Peptide(clean_protein(sequence, min_len=min_len, max_len=10_000))


class Hydrophobicity(TypedDict):
    hydrophobicity: Annotated[float, Sem("number")]
    scale: str
    length: Length


@tool(kind="P", examples=[{"sequence": "GIGAVLKVLTTGLPALISWIKRKRQQ"},
                          {"sequence": "GIGAVLKVLTTGLPALISWIKRKRQQ", "scale": "Eisenberg"}], **_META)
def peptide_hydrophobicity(sequence: ProteinSeq, scale: HydrophobicityScale = "KyteDoolittle") -> Hydrophobicity:
    """Compute a peptide's mean hydrophobicity on one of 45 published amino-acid hydrophobicity scales.

    KyteDoolittle gives the GRAVY value; Eisenberg is the normalized consensus scale used for
    amphipathic helices; the Wimley-White interface/octanol scales are free energies of transfer.

    Args:
        sequence: peptide or protein sequence in one-letter codes.
        scale: name of the hydrophobicity scale.
    """
    p = _peptide(sequence)
    missing = sorted(set(p.sequence) - set(_peptides().tables.HYDROPHOBICITY[scale]))
    if missing:
        raise ToolError(f"scale {scale} has no value for {''.join(missing)}; use a 20-residue scale such as KyteDoolittle")
    return {"hydrophobicity": tidy(p.hydrophobicity(scale=scale)), "scale": scale, "length": len(p)}


class Charge(TypedDict):
    net_charge: Annotated[float, Sem("number")]
    ph: Annotated[float, Sem("ph")]
    isoelectric_point: Annotated[float, Sem("ph")]
    pk_scale: str


@tool(kind="P", examples=[{"sequence": "GIGAVLKVLTTGLPALISWIKRKRQQ", "ph": 7.4}], **_META)
def peptide_charge(sequence: ProteinSeq, ph: Annotated[float, Sem("ph"), Field(ge=0, le=14)] = 7.0,
                   pk_scale: PkScale = "Lehninger") -> Charge:
    """Compute a peptide's net charge at a pH (Henderson-Hasselbalch) and its isoelectric point, with a choice of 9 pKa scales.

    Use it for antimicrobial-peptide design or to compare pKa sets; protein_isoelectric_point gives the
    ExPASy (Bjellqvist) pI.

    Args:
        sequence: peptide or protein sequence in one-letter codes.
        ph: the pH at which to compute the net charge.
        pk_scale: the set of pKa values (EMBOSS, Bjellqvist, Lehninger, ...).
    """
    p = _peptide(sequence)
    return {"net_charge": tidy(p.charge(pH=ph, pKscale=pk_scale)), "ph": ph,
            "isoelectric_point": tidy(p.isoelectric_point(pKscale=pk_scale), 3), "pk_scale": pk_scale}


class Aliphatic(TypedDict):
    aliphatic_index: Annotated[float, Sem("number")]
    length: Length


@tool(kind="P", examples=[{"sequence": "SDKEVDEVDAALSDLEITLE"}], **_META)
def peptide_aliphatic_index(sequence: ProteinSeq) -> Aliphatic:
    """Compute the aliphatic index of a protein (Ikai 1980): A + 2.9 V + 3.9 (I + L) in mole percent.

    It is the relative volume of aliphatic side chains; higher values suggest greater thermostability
    of globular proteins.

    Args:
        sequence: protein sequence in one-letter codes.
    """
    p = _peptide(sequence)
    return {"aliphatic_index": tidy(p.aliphatic_index(), 3), "length": len(p)}


class Boman(TypedDict):
    boman_index: Annotated[float, Sem("number", unit="kcal/mol")]
    high_binding_potential: bool
    length: Length


@tool(kind="P", examples=[{"sequence": "FLPVLAGLTPSIVPKLVCLLTKKC"}], **_META)
def peptide_boman_index(sequence: ProteinSeq) -> Boman:
    """Compute the Boman (protein-binding potential) index of a peptide (Boman 2003): the mean side-chain solubility.

    Values above 2.48 suggest the peptide binds other proteins (hormone-like); low or negative values
    are typical of membrane-active antimicrobial peptides.

    Args:
        sequence: peptide sequence in one-letter codes.
    """
    p = _peptide(sequence)
    value = p.boman()
    return {"boman_index": tidy(value), "high_binding_potential": value > 2.48, "length": len(p)}


class Moment(TypedDict):
    hydrophobic_moment: Annotated[float, Sem("number")]
    window: int
    angle: int


@tool(kind="P", examples=[{"sequence": "GIGKFLHSAKKFGKAFVGEIMNS"}, {"sequence": "GIGKFLHSAKKFGKAFVGEIMNS", "angle": 160}],
      **_META)
def peptide_hydrophobic_moment(sequence: ProteinSeq, window: Annotated[int, Field(ge=2, le=100)] = 11,
                               angle: Annotated[int, Field(ge=0, le=360)] = 100) -> Moment:
    """Compute a peptide's maximal hydrophobic moment (Eisenberg 1984), a measure of amphipathicity.

    The moment is the length of the vector sum of Eisenberg consensus hydrophobicities placed at
    successive angles, divided by the window, maximised over sliding windows. Use angle 100 for an
    alpha-helix and 160 for a beta-strand.

    Args:
        sequence: peptide sequence in one-letter codes.
        window: sliding-window length in residues (shortened to the sequence length if longer).
        angle: rotation per residue in degrees.
    """
    p = _peptide(sequence, min_len=2)
    used = min(window, len(p))
    return {"hydrophobic_moment": tidy(p.hydrophobic_moment(window=used, angle=angle)), "window": used, "angle": angle}


class MassToCharge(TypedDict):
    mz: Annotated[float, Sem("mass_to_charge", unit="Th")]
    charge: int
    monoisotopic_mass: Annotated[float, Sem("molar_mass", unit="Da")]
    average_mass: Annotated[float, Sem("molar_mass", unit="g/mol")]


@tool(kind="P", examples=[{"sequence": "PEPTIDE", "charge": 2}, {"sequence": "EGVNDNECEGFFSAR", "label": "silac_13c"}],
      **_META)
def peptide_mass_to_charge(sequence: ProteinSeq, charge: Annotated[int, Field(ge=1, le=50)] = 2,
                           label: Literal["none", "silac_13c", "silac_13c15n", "15n"] = "none",
                           carbamidomethyl_cysteine: bool = True) -> MassToCharge:
    """Compute the monoisotopic m/z of a peptide ion [M+zH]z+ for mass spectrometry, optionally with heavy-isotope labels.

    Cysteines are carbamidomethylated (+57.021464 Da, iodoacetamide) by default. silac_13c labels Lys
    and Arg with 13C6; 15n labels every nitrogen. Also gives the neutral monoisotopic mass and the
    average mass of the unmodified peptide.

    Args:
        sequence: peptide sequence in one-letter codes (e.g. a tryptic peptide).
        charge: the ion's charge state z.
        label: stable-isotope label, or "none".
        carbamidomethyl_cysteine: add the iodoacetamide mass shift to each cysteine.
    """
    p = _peptide(sequence)
    shift = None if label == "none" else label
    cys = 57.021464 if carbamidomethyl_cysteine else 0.0
    mz = p.mz(charge=charge, aa_shift=shift, cysteins=cys)
    return {"mz": tidy(mz, 5), "charge": charge, "monoisotopic_mass": tidy(mz * charge - charge * 1.007276, 5),
            "average_mass": tidy(p.molecular_weight(), 3)}


class Descriptor(TypedDict):
    name: str
    value: Annotated[float, Sem("number")]


class Descriptors(TypedDict):
    family: str
    values: list[Descriptor]


@tool(kind="P", examples=[{"sequence": "GIGAVLKVLTTGLPALISWIKRKRQQ", "family": "kidera_factors"}], **_META)
def peptide_descriptors(sequence: ProteinSeq, family: DescriptorFamily = "kidera_factors") -> Descriptors:
    """Compute a family of numeric peptide descriptors (averaged over residues) for QSAR or machine learning.

    Families include Kidera factors (10 physical properties, Kidera 1985), Z-scales (Sandberg 1998),
    VHSE scales, BLOSUM indices, Atchley factors and more.

    Args:
        sequence: peptide or protein sequence in one-letter codes.
        family: which descriptor set to compute.
    """
    p = _peptide(sequence)
    result = getattr(p, family)()
    return {"family": family, "values": [{"name": k, "value": tidy(float(v))} for k, v in zip(result._fields, result,
                                                                                              strict=True)]}


class ScaleValue(TypedDict):
    amino_acid: Annotated[str, Sem("amino_acid")]
    name: str
    scale: str
    value: Annotated[float, Sem("number")]
    rank_by_value: int


@tool(kind="R", examples=[{"amino_acid": "I"}, {"amino_acid": "arginine", "scale": "HoppWoods"}], **_META)
def amino_acid_scale_value(amino_acid: Annotated[str, Sem("amino_acid")],
                           scale: HydrophobicityScale = "KyteDoolittle") -> ScaleValue:
    """Look up one amino acid's value on a published hydrophobicity scale, and its rank among the 20 (1 = highest value).

    On most scales a higher value means more hydrophobic (Kyte-Doolittle: Ile 4.5, Arg -4.5); HoppWoods is
    a hydrophilicity scale, and on the Wimley-White free-energy scales (interfaceScale_*, octanolScale_*,
    oiScale_*) lower means more hydrophobic.

    Args:
        amino_acid: one-letter code, three-letter code or name, e.g. "I", "Ile", "isoleucine".
        scale: name of the hydrophobicity scale (e.g. KyteDoolittle, Eisenberg, HoppWoods).
    """
    aa = resolve_amino_acid(amino_acid)
    table = _peptides().tables.HYDROPHOBICITY[scale]
    values = {k: v for k, v in table.items() if k in AMINO_ACID_NAMES}
    if aa not in values:
        raise ToolError(f"scale {scale} has no value for {AMINO_ACID_NAMES[aa]} ({aa}); it covers {''.join(sorted(values))}")
    rank = 1 + sum(1 for v in values.values() if v > values[aa])
    return {"amino_acid": aa, "name": AMINO_ACID_NAMES[aa], "scale": scale, "value": float(values[aa]),
            "rank_by_value": rank}
