"""Genetic codes, codons and amino acids from Biopython's data tables (NCBI genetic codes, IUPAC data)."""

from __future__ import annotations

from typing import Annotated

from Bio.Data import CodonTable, IUPACData
from Bio.SeqUtils import ProtParamData
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.bio._common import TableId, meta
from dive.tools.packs.bio.sequences import codon_table
from dive.tools.tool import Sem, tool

__all__ = ["AMINO_ACID_NAMES", "amino_acid_codons", "amino_acid_info", "codon_table_info", "codon_translate",
           "iupac_nucleotide_code"]

_META = meta("biopython")

# IUPAC-IUB names of the 20 standard amino acids (the one- and three-letter codes come from Biopython).
AMINO_ACID_NAMES = {
    "A": "alanine", "R": "arginine", "N": "asparagine", "D": "aspartic acid", "C": "cysteine",
    "Q": "glutamine", "E": "glutamic acid", "G": "glycine", "H": "histidine", "I": "isoleucine",
    "L": "leucine", "K": "lysine", "M": "methionine", "F": "phenylalanine", "P": "proline",
    "S": "serine", "T": "threonine", "W": "tryptophan", "Y": "tyrosine", "V": "valine",
}
_WATER = 18.01528  # g/mol, lost per peptide bond

AminoAcid = Annotated[str, Sem("amino_acid")]
Codon = Annotated[str, Sem("codon")]


def resolve_amino_acid(text: str) -> str:
    """One-letter code of an amino acid given as one-letter code, three-letter code or English name."""
    t = text.strip()
    if len(t) == 1 and t.upper() in AMINO_ACID_NAMES:
        return t.upper()
    three = IUPACData.protein_letters_3to1.get(t.capitalize())
    if three:
        return three
    for letter, name in AMINO_ACID_NAMES.items():
        if t.lower() in (name, name.replace(" acid", ""), name.replace("ic acid", "ate")):
            return letter
    raise ToolError(
        f"unknown amino acid {text!r}; give a one-letter code (W), a three-letter code (Trp) or a name (tryptophan) "
        "of one of the 20 standard amino acids"
    )


def _table_names(table: CodonTable.CodonTable) -> list[str]:
    return [n for n in table.names if n and not n.startswith("SGC")]


class Difference(TypedDict):
    codon: Annotated[str, Sem("codon")]
    standard: str
    this_table: str


class TableInfo(TypedDict):
    codon_table_id: Annotated[int, Sem("codon_table_id")]
    names: list[str]
    start_codons: list[Annotated[str, Sem("codon")]]
    stop_codons: list[Annotated[str, Sem("codon")]]
    differences_from_standard: list[Difference]


@tool(kind="R", examples=[{"table": 2}, {"table": 11}], **_META)
def codon_table_info(table: TableId) -> TableInfo:
    """Look up an NCBI genetic code: its names, start and stop codons, and codons read differently from the standard code.

    Use it to check which code applies to an organism or organelle (e.g. 2 = vertebrate mitochondrial,
    11 = bacterial/plastid) before translating.

    Args:
        table: NCBI genetic code id (1-6, 9-16, 21-33).
    """
    code = codon_table(table)
    std = CodonTable.unambiguous_dna_by_id[1]

    def meaning(t: CodonTable.CodonTable, codon: str) -> str:
        return "*" if codon in t.stop_codons else t.forward_table[codon]

    codons = [a + b + c for a in "TCAG" for b in "TCAG" for c in "TCAG"]
    diffs: list[Difference] = [
        {"codon": c, "standard": meaning(std, c), "this_table": meaning(code, c)}
        for c in codons if meaning(std, c) != meaning(code, c)
    ]
    return {
        "codon_table_id": table,
        "names": _table_names(code),
        "start_codons": list(code.start_codons),
        "stop_codons": list(code.stop_codons),
        "differences_from_standard": diffs,
    }


class CodonMeaning(TypedDict):
    codon: Annotated[str, Sem("codon")]
    amino_acid: Annotated[str | None, Sem("amino_acid")]
    amino_acid_name: str | None
    is_stop: bool
    is_start: bool
    codon_table_id: Annotated[int, Sem("codon_table_id")]


@tool(kind="R", examples=[{"codon": "TGA"}, {"codon": "AGA", "table": 2}], **_META)
def codon_translate(codon: Codon, table: TableId = 1) -> CodonMeaning:
    """Look up what one codon encodes in an NCBI genetic code: its amino acid, or that it is a stop; and whether it can start translation.

    Args:
        codon: three DNA or RNA bases, e.g. "ATG" or "AUG".
        table: NCBI genetic code id, 1 = standard.
    """
    c = codon.strip().upper().replace("U", "T")
    if len(c) != 3 or set(c) - set("ACGT"):
        raise ToolError(f"not a codon: {codon!r}; give exactly three bases of A, C, G, T/U, e.g. 'ATG'")
    code = codon_table(table)
    stop = c in code.stop_codons
    aa = None if stop else code.forward_table[c]
    return {
        "codon": c,
        "amino_acid": aa,
        "amino_acid_name": AMINO_ACID_NAMES.get(aa) if aa else None,
        "is_stop": stop,
        "is_start": c in code.start_codons,
        "codon_table_id": table,
    }


class AaCodons(TypedDict):
    amino_acid: Annotated[str, Sem("amino_acid")]
    codons: list[Annotated[str, Sem("codon")]]
    count: int
    codon_table_id: Annotated[int, Sem("codon_table_id")]


@tool(kind="R", examples=[{"amino_acid": "L"}, {"amino_acid": "stop", "table": 2}], **_META)
def amino_acid_codons(amino_acid: AminoAcid, table: TableId = 1) -> AaCodons:
    """List the codons that encode an amino acid (its synonymous codons) in an NCBI genetic code.

    Give "stop" (or "*") to list the stop codons. Useful for codon degeneracy, back-translation and
    designing degenerate primers.

    Args:
        amino_acid: one-letter code, three-letter code or name (e.g. "L", "Leu", "leucine"), or "stop".
        table: NCBI genetic code id, 1 = standard.
    """
    code = codon_table(table)
    if amino_acid.strip().lower() in ("*", "stop", "ter"):
        codons, aa = sorted(code.stop_codons), "*"
    else:
        aa = resolve_amino_acid(amino_acid)
        codons = sorted(c for c, a in code.forward_table.items() if a == aa)
    return {"amino_acid": aa, "codons": codons, "count": len(codons), "codon_table_id": table}


class AminoAcidInfo(TypedDict):
    one_letter: Annotated[str, Sem("amino_acid")]
    three_letter: str
    name: str
    molar_mass: Annotated[float, Sem("molar_mass", unit="g/mol")]
    residue_mass: Annotated[float, Sem("molar_mass", unit="g/mol")]
    monoisotopic_mass: Annotated[float, Sem("molar_mass", unit="Da")]
    hydropathy_kyte_doolittle: Annotated[float, Sem("number")]
    standard_codons: list[Annotated[str, Sem("codon")]]


@tool(kind="R", examples=[{"amino_acid": "W"}, {"amino_acid": "glutamic acid"}], **_META)
def amino_acid_info(amino_acid: AminoAcid) -> AminoAcidInfo:
    """Look up an amino acid: one- and three-letter codes, name, molar mass (free and as a residue in a chain), monoisotopic mass, Kyte-Doolittle hydropathy and its codons in the standard code.

    Args:
        amino_acid: one-letter code, three-letter code or name, e.g. "W", "Trp" or "tryptophan".
    """
    aa = resolve_amino_acid(amino_acid)
    std = CodonTable.unambiguous_dna_by_id[1]
    return {
        "one_letter": aa,
        "three_letter": IUPACData.protein_letters_1to3[aa],
        "name": AMINO_ACID_NAMES[aa],
        "molar_mass": round(IUPACData.protein_weights[aa], 4),
        "residue_mass": round(IUPACData.protein_weights[aa] - _WATER, 4),
        "monoisotopic_mass": round(IUPACData.monoisotopic_protein_weights[aa], 6),
        "hydropathy_kyte_doolittle": ProtParamData.kd[aa],
        "standard_codons": sorted(c for c, a in std.forward_table.items() if a == aa),
    }


class NucleotideCode(TypedDict):
    code: Annotated[str, Sem("nucleotide_code")]
    bases: list[str]
    complement: Annotated[str, Sem("nucleotide_code")]
    degeneracy: int


@tool(kind="R", examples=[{"code": "R"}, {"code": "N"}], **_META)
def iupac_nucleotide_code(code: Annotated[str, Sem("nucleotide_code")]) -> NucleotideCode:
    """Look up an IUPAC nucleotide ambiguity code: which DNA bases it stands for and its complement code.

    E.g. R = A or G (purine), Y = C or T (pyrimidine), N = any base. Use it to read degenerate primers
    and restriction sites such as GCNGC.

    Args:
        code: one IUPAC DNA letter (A C G T R Y S W K M B D H V N).
    """
    c = code.strip().upper().replace("U", "T")
    if len(c) != 1 or c not in IUPACData.ambiguous_dna_values or c == "X":
        raise ToolError(f"not an IUPAC nucleotide code: {code!r}; give one of A C G T R Y S W K M B D H V N")
    bases = sorted(IUPACData.ambiguous_dna_values[c])
    return {"code": c, "bases": bases, "complement": IUPACData.ambiguous_dna_complement[c], "degeneracy": len(bases)}
