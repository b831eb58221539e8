"""Bench calculations for nucleic acids: mass to moles and copies, ligation insert amounts, A260
concentration. These are published formulas written by us (source "dive-tasks"); each docstring cites it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.bio._common import meta, tidy
from dive.tools.tool import Sem, tool

__all__ = ["dna_copy_number", "ligation_insert_mass", "nucleic_acid_concentration_a260"]

_META = meta("dive-tasks")

AVOGADRO = 6.02214076e23  # 1/mol, exact (SI 2019)
# NEBioCalculator (New England Biolabs): molar mass = length x per-unit mass + end groups, g/mol.
_MASS_PER_UNIT = {"dsDNA": (617.96, 36.04), "ssDNA": (308.97, 18.02), "ssRNA": (320.5, 159.0)}
# Absorbance at 260 nm of 1.0 (1 cm path) corresponds to these concentrations in ng/uL (ug/mL).
_A260_FACTOR = {"dsDNA": 50.0, "ssDNA": 33.0, "RNA": 40.0}

MassNg = Annotated[float, Sem("mass_ng", unit="ng"), Field(gt=0, le=1e9)]
LengthParam = Annotated[int, Sem("sequence_length"), Field(ge=1, le=10_000_000_000)]


class CopyNumber(TypedDict):
    picomoles: Annotated[float, Sem("number", unit="pmol")]
    copies: Annotated[float, Sem("number")]
    molar_mass: Annotated[float, Sem("molar_mass", unit="g/mol")]


@tool(kind="P", examples=[{"mass_ng": 1000, "length": 48502}, {"mass_ng": 10, "length": 2686}], **_META)
def dna_copy_number(mass_ng: MassNg, length: LengthParam,
                    molecule: Literal["dsDNA", "ssDNA", "ssRNA"] = "dsDNA") -> CopyNumber:
    """Convert a mass of DNA or RNA into picomoles and number of molecules (copies), e.g. for qPCR standards or ligations.

    Uses the NEBioCalculator molar masses: dsDNA = 617.96 g/mol per bp + 36.04; ssDNA = 308.97 per nt
    + 18.02; ssRNA = 320.5 per nt + 159.0; copies = moles x Avogadro's number.

    Args:
        mass_ng: amount of nucleic acid in nanograms.
        length: length in bp (dsDNA) or nt (single-stranded).
        molecule: dsDNA, ssDNA or ssRNA.
    """
    per_unit, ends = _MASS_PER_UNIT[molecule]
    molar_mass = length * per_unit + ends
    moles = mass_ng * 1e-9 / molar_mass
    return {"picomoles": float(f"{moles * 1e12:.6g}"), "copies": float(f"{moles * AVOGADRO:.6g}"),
            "molar_mass": tidy(molar_mass, 2)}


class Ligation(TypedDict):
    insert_mass_ng: Annotated[float, Sem("mass_ng", unit="ng")]
    molar_ratio: Annotated[float, Sem("number")]


@tool(kind="P", examples=[{"vector_mass_ng": 50, "vector_length": 3000, "insert_length": 500}], **_META)
def ligation_insert_mass(vector_mass_ng: MassNg, vector_length: LengthParam, insert_length: LengthParam,
                         molar_ratio: Annotated[float, Sem("number"), Field(gt=0, le=100)] = 3) -> Ligation:
    """Compute how many ng of insert to add to a ligation for a chosen insert:vector molar ratio.

    insert ng = vector ng x (insert length / vector length) x ratio (Promega pGEM-T Vector Systems
    technical manual TM042; NEBioCalculator ligation). A 3:1 ratio is the usual starting point.

    Args:
        vector_mass_ng: vector DNA in the reaction, in ng.
        vector_length: vector length in bp.
        insert_length: insert length in bp.
        molar_ratio: desired insert:vector molar ratio (3 means 3:1).
    """
    return {"insert_mass_ng": tidy(vector_mass_ng * insert_length / vector_length * molar_ratio, 3),
            "molar_ratio": molar_ratio}


class Concentration(TypedDict):
    concentration_ng_ul: Annotated[float, Sem("concentration_ng_ul", unit="ng/uL")]
    a260_a280_ratio: Annotated[float | None, Sem("number")]
    purity_ok: bool | None


@tool(kind="P", examples=[{"a260": 0.5, "dilution_factor": 10}, {"a260": 1.2, "a280": 0.6, "molecule": "RNA"}], **_META)
def nucleic_acid_concentration_a260(
    a260: Annotated[float, Sem("absorbance"), Field(ge=0, le=100)],
    molecule: Literal["dsDNA", "ssDNA", "RNA"] = "dsDNA",
    dilution_factor: Annotated[float, Sem("number"), Field(ge=1, le=1e6)] = 1,
    path_length_cm: Annotated[float, Sem("number", unit="cm"), Field(gt=0, le=10)] = 1,
    a280: Annotated[float | None, Sem("absorbance"), Field(ge=0, le=100)] = None,
) -> Concentration:
    """Compute a DNA or RNA concentration (ng/uL) from its absorbance at 260 nm, and the A260/A280 purity ratio if A280 is given.

    One A260 unit (1 cm) equals 50 ng/uL dsDNA, 33 ng/uL ssDNA or 40 ng/uL RNA (Sambrook & Russell,
    Molecular Cloning, 3rd ed., Appendix 8). Pure DNA has A260/A280 near 1.8 and RNA near 2.0.

    Args:
        a260: absorbance at 260 nm as measured.
        molecule: dsDNA, ssDNA or RNA.
        dilution_factor: how much the sample was diluted before measuring (10 for 1:10).
        path_length_cm: cuvette path length in cm (1 for a standard cuvette).
        a280: absorbance at 280 nm of the same dilution, to check protein contamination (optional).
    """
    conc = a260 * _A260_FACTOR[molecule] * dilution_factor / path_length_cm
    ratio = purity = None
    if a280 is not None:
        if a280 == 0:
            raise ToolError("a280 must be above 0 to compute the A260/A280 ratio")
        ratio = tidy(a260 / a280, 3)
        target = 2.0 if molecule == "RNA" else 1.8
        purity = abs(ratio - target) <= 0.15
    return {"concentration_ng_ul": tidy(conc, 3), "a260_a280_ratio": ratio, "purity_ok": purity}
