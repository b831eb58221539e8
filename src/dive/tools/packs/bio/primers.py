"""PCR primer thermodynamics and design, backed by primer3-py (the Primer3 C library)."""

from __future__ import annotations

from typing import Annotated, Any

import primer3
from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.bio._common import (
    Celsius,
    CelsiusParam,
    DnaSeq,
    KcalPerMol,
    Length,
    Percent,
    clean_dna,
    meta,
    tidy,
)
from dive.tools.tool import Sem, tool

__all__ = ["design_pcr_primers", "primer_end_stability", "primer_hairpin", "primer_heterodimer", "primer_homodimer",
           "primer_melting_temperature"]

_META = meta("primer3-py")

Mono = Annotated[float, Sem("number", unit="mM"), Field(ge=0, le=2000)]
Di = Annotated[float, Sem("number", unit="mM"), Field(ge=0, le=1000)]
Dntp = Annotated[float, Sem("number", unit="mM"), Field(ge=0, le=100)]
Oligo = Annotated[float, Sem("number", unit="nM"), Field(gt=0, le=1e6)]


def _primer(seq: str, max_len: int = 60) -> str:
    return clean_dna(seq, strict=True, min_len=2, max_len=max_len)


def _conditions(mv_mm: float, dv_mm: float, dntp_mm: float, dna_nm: float) -> dict[str, float]:
    return {"mv_conc": mv_mm, "dv_conc": dv_mm, "dntp_conc": dntp_mm, "dna_conc": dna_nm}


class PrimerTm(TypedDict):
    tm: Celsius
    length: Length


@tool(kind="P", examples=[{"sequence": "GTAAAACGACGGCCAGT"}, {"sequence": "TAATACGACTCACTATAGGG", "dv_mm": 2.0}],
      **_META)
def primer_melting_temperature(sequence: DnaSeq, mv_mm: Mono = 50, dv_mm: Di = 1.5, dntp_mm: Dntp = 0.6,
                               dna_nm: Oligo = 50,
                               dmso_percent: Annotated[float, Sem("percent"), Field(ge=0, le=20)] = 0) -> PrimerTm:
    """Compute a PCR primer's melting temperature the way Primer3 does (SantaLucia 1998 nearest-neighbour parameters and salt correction).

    Defaults are Primer3's PCR conditions: 50 mM K+/Na+, 1.5 mM Mg2+, 0.6 mM dNTPs, 50 nM primer.

    Args:
        sequence: primer sequence 5'->3' (A, C, G, T; at most 200 bases).
        mv_mm: monovalent cation concentration in mM.
        dv_mm: divalent cation (Mg2+) concentration in mM.
        dntp_mm: dNTP concentration in mM.
        dna_nm: primer concentration in nM.
        dmso_percent: DMSO concentration in percent (lowers Tm by 0.6 degC per percent).
    """
    s = _primer(sequence, max_len=200)
    tm = primer3.calc_tm(s, **_conditions(mv_mm, dv_mm, dntp_mm, dna_nm), dmso_conc=dmso_percent)
    return {"tm": tidy(tm, 2), "length": len(s)}


class Thermo(TypedDict):
    structure_found: bool
    dg: KcalPerMol
    dh: Annotated[float, Sem("number", unit="kcal/mol")]
    ds: Annotated[float, Sem("number", unit="cal/(mol*K)")]
    tm: Celsius
    structure: list[str]


def _thermo(result: Any) -> Thermo:
    found = bool(result.structure_found)
    return {
        "structure_found": found,
        "dg": tidy(result.dg / 1000, 3) if found else 0.0,
        "dh": tidy(result.dh / 1000, 3) if found else 0.0,
        "ds": tidy(result.ds, 2) if found else 0.0,
        "tm": tidy(result.tm, 2) if found else 0.0,
        "structure": [line.replace("\t", " ") for line in (result.ascii_structure_lines or [])],
    }


@tool(kind="P", examples=[{"sequence": "CCCCCATCCGATCAGGGGG"}], **_META)
def primer_hairpin(sequence: DnaSeq, mv_mm: Mono = 50, dv_mm: Di = 1.5, dntp_mm: Dntp = 0.6, dna_nm: Oligo = 50,
                   temperature_c: CelsiusParam = 37) -> Thermo:
    """Check whether a primer or oligo forms a hairpin (intramolecular secondary structure), with its dG, Tm and a sketch.

    A hairpin with dG below about -2 to -3 kcal/mol at the annealing temperature, or a Tm near it, can hurt a PCR.

    Args:
        sequence: oligo sequence 5'->3' (A, C, G, T; at most 60 bases).
        mv_mm: monovalent cation concentration in mM.
        dv_mm: divalent cation (Mg2+) concentration in mM.
        dntp_mm: dNTP concentration in mM.
        dna_nm: oligo concentration in nM.
        temperature_c: temperature at which dG is reported, in degrees C.
    """
    s = _primer(sequence)
    return _thermo(primer3.calc_hairpin(s, **_conditions(mv_mm, dv_mm, dntp_mm, dna_nm), temp_c=temperature_c,
                                        output_structure=True))


@tool(kind="P", examples=[{"sequence": "GAATTCGAATTCGAATTC"}], **_META)
def primer_homodimer(sequence: DnaSeq, mv_mm: Mono = 50, dv_mm: Di = 1.5, dntp_mm: Dntp = 0.6, dna_nm: Oligo = 50,
                     temperature_c: CelsiusParam = 37) -> Thermo:
    """Check whether a primer pairs with another copy of itself (self-dimer), giving the most stable dimer's dG and Tm.

    A dG below about -9 kcal/mol warns of primer-dimer artefacts.

    Args:
        sequence: primer sequence 5'->3' (A, C, G, T; at most 60 bases).
        mv_mm: monovalent cation concentration in mM.
        dv_mm: divalent cation (Mg2+) concentration in mM.
        dntp_mm: dNTP concentration in mM.
        dna_nm: primer concentration in nM.
        temperature_c: temperature at which dG is reported, in degrees C.
    """
    s = _primer(sequence)
    return _thermo(primer3.calc_homodimer(s, **_conditions(mv_mm, dv_mm, dntp_mm, dna_nm), temp_c=temperature_c,
                                          output_structure=True))


@tool(kind="P", examples=[{"sequence_a": "GTAAAACGACGGCCAGT", "sequence_b": "CAGGAAACAGCTATGAC"}], **_META)
def primer_heterodimer(sequence_a: DnaSeq, sequence_b: DnaSeq, mv_mm: Mono = 50, dv_mm: Di = 1.5,
                       dntp_mm: Dntp = 0.6, dna_nm: Oligo = 50, temperature_c: CelsiusParam = 37) -> Thermo:
    """Compute the most stable duplex between two DNA strands (e.g. a forward and a reverse primer, or a probe and its target).

    Gives dG, dH, dS and Tm of the duplex; a perfectly complementary pair gives the full duplex stability.

    Args:
        sequence_a: first strand 5'->3' (at most 60 bases).
        sequence_b: second strand 5'->3' (at most 2,000 bases).
        mv_mm: monovalent cation concentration in mM.
        dv_mm: divalent cation (Mg2+) concentration in mM.
        dntp_mm: dNTP concentration in mM.
        dna_nm: strand concentration in nM.
        temperature_c: temperature at which dG is reported, in degrees C.
    """
    a, b = _primer(sequence_a), _primer(sequence_b, max_len=2_000)
    return _thermo(primer3.calc_heterodimer(a, b, **_conditions(mv_mm, dv_mm, dntp_mm, dna_nm), temp_c=temperature_c,
                                            output_structure=True))


class EndStability(TypedDict):
    dg: KcalPerMol
    tm: Celsius
    structure_found: bool


@tool(kind="P", examples=[{"primer": "GTAAAACGACGGCCAGT", "target": "ACTGGCCGTCGTTTTAC"}], **_META)
def primer_end_stability(primer: DnaSeq, target: DnaSeq, mv_mm: Mono = 50, dv_mm: Di = 1.5, dntp_mm: Dntp = 0.6,
                         dna_nm: Oligo = 50) -> EndStability:
    """Compute the 3'-end stability of a primer on a target strand: the dG of the most stable duplex that includes the primer's 3' end.

    A very stable 3' end (dG below about -9 kcal/mol) raises the risk of false priming.

    Args:
        primer: primer sequence 5'->3' (at most 60 bases).
        target: the strand it anneals to, 5'->3' (at most 2,000 bases).
        mv_mm: monovalent cation concentration in mM.
        dv_mm: divalent cation (Mg2+) concentration in mM.
        dntp_mm: dNTP concentration in mM.
        dna_nm: primer concentration in nM.
    """
    r = primer3.calc_end_stability(_primer(primer), _primer(target, max_len=2_000),
                                   **_conditions(mv_mm, dv_mm, dntp_mm, dna_nm))
    found = bool(r.structure_found)
    return {"dg": tidy(r.dg / 1000, 3) if found else 0.0, "tm": tidy(r.tm, 2) if found else 0.0,
            "structure_found": found}


class Primer(TypedDict):
    sequence: Annotated[str, Sem("dna_sequence")]
    start: Annotated[int, Sem("integer")]
    length: Annotated[int, Sem("sequence_length")]
    tm: Celsius
    gc_percent: Percent


class PrimerPair(TypedDict):
    left: Primer
    right: Primer
    product_size: Annotated[int, Sem("sequence_length")]
    product_tm: Celsius
    penalty: Annotated[float, Sem("number")]


class PrimerDesign(TypedDict):
    pairs: list[PrimerPair]
    template_length: Length


@tool(kind="P", timeout_s=30, examples=[{
    "template": "ATGGCCATTGTAATGGGCCGCTGAAAGGGTGCCCGATAGGCTAGCTAGGATCCATCGATCGGACTTAGCCGATCGTAGCTAGCTAGGCTAGCGG"
                "ATCGATCGTAGCTAGCATCGACTAGCTACGATCGACTGACTAGCTAGCTACGACTGCGCGATCGATCGACTAGCTAGCTAGCATCGAT",
    "product_size_min": 80, "product_size_max": 150, "num_return": 2}], **_META)
def design_pcr_primers(
    template: DnaSeq,
    product_size_min: Annotated[int, Sem("sequence_length"), Field(ge=40, le=10_000)] = 100,
    product_size_max: Annotated[int, Sem("sequence_length"), Field(ge=40, le=10_000)] = 300,
    optimal_tm: CelsiusParam = 60,
    target_start: Annotated[int | None, Sem("integer"), Field(ge=1)] = None,
    target_length: Annotated[int | None, Field(ge=1)] = None,
    num_return: Annotated[int, Field(ge=1, le=10)] = 3,
) -> PrimerDesign:
    """Design PCR primer pairs for a DNA template with Primer3 (size 18-27 nt, Tm near optimal_tm, low dimer and hairpin risk).

    Returns the best pairs first: left (forward) primer as written, right (reverse) primer as its
    5'->3' sequence, each primer's 1-based 5'-end position on the template (the right primer's is its
    rightmost base), Tm and GC, and the product size. Give target_start/target_length to force the
    product to cover a region.

    Args:
        template: DNA template 5'->3' (A, C, G, T, N; 60 to 10,000 bases).
        product_size_min: shortest acceptable PCR product in bp.
        product_size_max: longest acceptable PCR product in bp.
        optimal_tm: optimal primer Tm in degrees C.
        target_start: 1-based first base of a region the product must contain (optional).
        target_length: length of that region (required with target_start).
        num_return: number of primer pairs to return.
    """
    t = clean_dna(template, min_len=60, max_len=10_000)
    if set(t) - set("ACGTN"):
        raise ToolError("the template may contain only A, C, G, T and N for primer design")
    if product_size_min > product_size_max:
        raise ToolError("product_size_min must not exceed product_size_max")
    seq_args: dict[str, Any] = {"SEQUENCE_ID": "template", "SEQUENCE_TEMPLATE": t}
    if target_start is not None:
        if target_length is None or target_start + target_length - 1 > len(t):
            raise ToolError("give target_length with target_start, and keep the target inside the template")
        seq_args["SEQUENCE_TARGET"] = [target_start - 1, target_length]
    global_args = {
        "PRIMER_NUM_RETURN": num_return, "PRIMER_PRODUCT_SIZE_RANGE": [[product_size_min, product_size_max]],
        "PRIMER_OPT_TM": optimal_tm, "PRIMER_MIN_TM": optimal_tm - 3, "PRIMER_MAX_TM": optimal_tm + 3,
    }
    try:
        r = primer3.design_primers(seq_args, global_args)
    except (OSError, ValueError, RuntimeError) as exc:
        raise ToolError(f"Primer3 refused the input: {exc}") from None
    pairs: list[PrimerPair] = []
    for i in range(r.get("PRIMER_PAIR_NUM_RETURNED", 0)):
        sides = {}
        for side in ("LEFT", "RIGHT"):
            pos, length = r[f"PRIMER_{side}_{i}"]
            sides[side] = {"sequence": r[f"PRIMER_{side}_{i}_SEQUENCE"], "start": pos + 1, "length": length,
                           "tm": tidy(r[f"PRIMER_{side}_{i}_TM"], 2), "gc_percent": tidy(r[f"PRIMER_{side}_{i}_GC_PERCENT"], 2)}
        pairs.append({"left": sides["LEFT"], "right": sides["RIGHT"],
                      "product_size": r[f"PRIMER_PAIR_{i}_PRODUCT_SIZE"],
                      "product_tm": tidy(r[f"PRIMER_PAIR_{i}_PRODUCT_TM"], 2),
                      "penalty": tidy(r[f"PRIMER_PAIR_{i}_PENALTY"], 4)})
    if not pairs:
        raise ToolError(f"Primer3 found no acceptable pair ({r.get('PRIMER_PAIR_EXPLAIN', 'no explanation')}); "
                        "widen the product size range or change optimal_tm")
    return {"pairs": pairs, "template_length": len(t)}
