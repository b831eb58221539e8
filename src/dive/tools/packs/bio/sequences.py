"""Nucleotide sequence tools backed by Biopython: complement, transcription, translation, ORFs,
GC content, molecular weight, melting temperature and IUPAC motif search.
"""

from __future__ import annotations

import warnings
from typing import Annotated, Any, Literal

from Bio import BiopythonWarning
from Bio.Data import CodonTable
from Bio.Seq import Seq
from Bio.SeqUtils import MeltingTemp, gc_fraction, molecular_weight, nt_search
from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.bio._common import (
    Celsius,
    DnaSeq,
    Length,
    Limit,
    Percent,
    TableId,
    clean_dna,
    clean_nucleic,
    meta,
    tidy,
)
from dive.tools.tool import Sem, tool


def _translate(seq: Seq, **kwargs: Any) -> str:
    """``seq.translate(**kwargs)`` without Biopython's notice that a table reads some codons as stop or amino
    acid (printed to a user's terminal on every run; the table's rule is the tool's documented behaviour)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BiopythonWarning)
        return str(seq.translate(**kwargs))

__all__ = [
    "dna_find_orfs", "dna_gc_content", "dna_melting_temperature", "dna_motif_search", "dna_reverse_complement",
    "dna_six_frame_translation", "dna_transcribe", "dna_translate", "nucleic_acid_molecular_weight",
]

_META = meta("biopython")

Millimolar = Annotated[float, Sem("number", unit="mM"), Field(ge=0, le=2000)]


def codon_table(table: int) -> CodonTable.CodonTable:
    """The NCBI genetic code with id ``table`` (ToolError listing the valid ids)."""
    try:
        return CodonTable.unambiguous_dna_by_id[table]
    except KeyError:
        ids = ", ".join(str(i) for i in sorted(CodonTable.unambiguous_dna_by_id))
        raise ToolError(f"no NCBI genetic code with id {table}; valid ids: {ids} (1 = standard)") from None


class DnaOut(TypedDict):
    dna_sequence: Annotated[str, Sem("dna_sequence")]
    length: Length


@tool(kind="P", examples=[{"sequence": "ATGGCCATTGTAATGGGCCGC"}], **_META)
def dna_reverse_complement(sequence: DnaSeq) -> DnaOut:
    """Give the reverse complement of a DNA sequence (the other strand read 5'->3').

    Use it to get the opposite strand, e.g. the binding site of a reverse primer. IUPAC ambiguity
    codes are complemented too (R <-> Y, N <-> N).

    Args:
        sequence: DNA sequence 5'->3' (A, C, G, T and IUPAC codes; spaces and digits are ignored).
    """
    s = clean_dna(sequence)
    return {"dna_sequence": str(Seq(s).reverse_complement()), "length": len(s)}


class RnaOut(TypedDict):
    rna_sequence: Annotated[str, Sem("rna_sequence")]
    length: Length


@tool(kind="P", examples=[{"sequence": "ATGGCCATTGTAATGGGCCGCTGA"}], **_META)
def dna_transcribe(sequence: DnaSeq, template_strand: bool = False) -> RnaOut:
    """Transcribe DNA into the messenger RNA it encodes (T becomes U).

    By default the input is the coding (sense) strand, so the mRNA has the same sequence with U for T;
    set template_strand when the input is the template (antisense) strand.

    Args:
        sequence: DNA sequence 5'->3'.
        template_strand: true if the sequence is the template strand (it is reverse-complemented first).
    """
    seq = Seq(clean_dna(sequence))
    if template_strand:
        seq = seq.reverse_complement()
    return {"rna_sequence": str(seq.transcribe()), "length": len(seq)}


class Translation(TypedDict):
    protein_sequence: Annotated[str, Sem("protein_sequence")]
    length_aa: Annotated[int, Sem("sequence_length")]
    stop_codons: int
    trailing_bases: int
    codon_table_id: Annotated[int, Sem("codon_table_id")]


@tool(kind="P", examples=[{"sequence": "ATGGCCATTGTAATGGGCCGCTGAAAGGGTGCCCGATAG"},
                          {"sequence": "ATGGCCATTGTAATGGGCCGCTGAAAGGGTGCCCGATAG", "table": 2, "to_stop": True}], **_META)
def dna_translate(sequence: DnaSeq, table: TableId = 1, to_stop: bool = False,
                  frame: Annotated[int, Field(ge=1, le=3)] = 1) -> Translation:
    """Translate a DNA or RNA coding sequence into protein with an NCBI genetic code.

    Stops appear as '*' unless to_stop cuts the protein at the first stop. Use table 2 for vertebrate
    mitochondria, 11 for bacteria (see codon_table_info). Incomplete trailing codons are ignored.

    Args:
        sequence: DNA (or RNA) sequence 5'->3'.
        table: NCBI genetic code id, 1 = standard.
        to_stop: stop translating at the first stop codon (the stop is not included).
        frame: reading frame 1, 2 or 3 (start at the first, second or third base).
    """
    s, _ = clean_nucleic(sequence)
    codon_table(table)
    s = s[frame - 1:]
    usable = len(s) - len(s) % 3
    if usable == 0:
        raise ToolError("the sequence is shorter than one codon in this frame; give at least 3 bases")
    protein = _translate(Seq(s[:usable]), table=table, to_stop=to_stop)
    return {
        "protein_sequence": protein,
        "length_aa": len(protein.rstrip("*")),
        "stop_codons": protein.count("*"),
        "trailing_bases": len(s) - usable,
        "codon_table_id": table,
    }


class Frame(TypedDict):
    frame: Literal["+1", "+2", "+3", "-1", "-2", "-3"]
    protein_sequence: Annotated[str, Sem("protein_sequence")]
    stop_codons: int


class SixFrames(TypedDict):
    frames: list[Frame]
    length: Length


@tool(kind="P", examples=[{"sequence": "ATGGCCATTGTAATGGGCCGCTGAAAGGGTGCCCGATAG"}], **_META)
def dna_six_frame_translation(sequence: DnaSeq, table: TableId = 1) -> SixFrames:
    """Translate a DNA sequence in all six reading frames (three per strand), stops shown as '*'.

    Use it to see which frame is open (few '*') before picking one to translate or search for ORFs.
    Frames -1..-3 read the reverse complement.

    Args:
        sequence: DNA sequence 5'->3', at most 20,000 bases.
        table: NCBI genetic code id, 1 = standard.
    """
    s = clean_dna(sequence, min_len=3, max_len=20_000)
    codon_table(table)
    frames: list[Frame] = []
    for sign, strand in (("+", Seq(s)), ("-", Seq(s).reverse_complement())):
        for offset in range(3):
            part = strand[offset:]
            part = part[: len(part) - len(part) % 3]
            protein = _translate(part, table=table) if len(part) else ""
            frames.append({"frame": f"{sign}{offset + 1}", "protein_sequence": protein,
                           "stop_codons": protein.count("*")})
    return {"frames": frames, "length": len(s)}


class Orf(TypedDict):
    strand: Literal["+", "-"]
    frame: int
    start: Annotated[int, Sem("integer")]
    end: Annotated[int, Sem("integer")]
    length_nt: Annotated[int, Sem("sequence_length")]
    protein_sequence: Annotated[str, Sem("protein_sequence")]


class Orfs(TypedDict):
    orfs: list[Orf]
    total_found: int


def _scan_orfs(s: str, starts: set[str], stops: set[str], min_codons: int) -> list[tuple[int, int, int]]:
    """(frame, start, end_exclusive) of every complete ORF (first start codon to the in-frame stop)."""
    found = []
    for frame in range(3):
        open_at = None
        for i in range(frame, len(s) - 2, 3):
            codon = s[i:i + 3]
            if open_at is None and codon in starts:
                open_at = i
            elif open_at is not None and codon in stops:
                if (i - open_at) // 3 >= min_codons:
                    found.append((frame + 1, open_at, i + 3))
                open_at = None
    return found


@tool(kind="P", examples=[{"sequence": "CCATGGCCATTGTAATGGGCCGCTGAAAGGGTGCCCGATAGTT", "min_protein_length": 5}], **_META)
def dna_find_orfs(sequence: DnaSeq, table: TableId = 1, min_protein_length: Annotated[int, Field(ge=1)] = 30,
                  alternative_starts: bool = False, limit: Limit = 10) -> Orfs:
    """Find open reading frames (start codon to in-frame stop codon) on both strands of a DNA sequence.

    Returns the longest ORFs first with their strand, frame, 1-based positions in the input sequence's
    coordinates (start <= end, also for '-' strand ORFs), length and translated protein. By default only ATG starts an
    ORF; alternative_starts also accepts the genetic code's other start codons (e.g. GTG, TTG in table 11).

    Args:
        sequence: DNA sequence 5'->3', at most 100,000 bases.
        table: NCBI genetic code id, 1 = standard, 11 = bacterial.
        min_protein_length: shortest ORF to report, in amino acids (stop not counted).
        alternative_starts: accept every start codon of the table, not only ATG.
        limit: maximum number of ORFs to return.
    """
    s = clean_dna(sequence, min_len=6)
    code = codon_table(table)
    starts = set(code.start_codons) if alternative_starts else {"ATG"}
    stops = set(code.stop_codons)
    n = len(s)
    rc = str(Seq(s).reverse_complement())
    hits = []
    for strand, text in (("+", s), ("-", rc)):
        for frame, a, b in _scan_orfs(text, starts, stops, min_protein_length):
            start, end = (a + 1, b) if strand == "+" else (n - b + 1, n - a)
            hits.append((b - a, strand, frame, start, end, text[a:b]))
    hits.sort(key=lambda h: (-h[0], h[3]))
    orfs: list[Orf] = [
        {"strand": strand, "frame": frame, "start": start, "end": end, "length_nt": length,
         "protein_sequence": _translate(Seq(nt), table=table, cds=True)}
        for length, strand, frame, start, end, nt in hits[:limit]
    ]
    return {"orfs": orfs, "total_found": len(hits)}


class GcContent(TypedDict):
    gc_percent: Percent
    at_percent: Percent
    counts: dict[str, int]
    gc_skew: Annotated[float | None, Sem("number")]
    length: Length


@tool(kind="P", examples=[{"sequence": "ATGGCCATTGTAATGGGCCGC"}], **_META)
def dna_gc_content(sequence: DnaSeq) -> GcContent:
    """Compute the GC content (percent G+C) of a DNA or RNA sequence, with base counts and GC skew.

    Ambiguous bases other than S (G/C) and W (A/T) are left out of the percentage. GC skew is
    (G - C) / (G + C).

    Args:
        sequence: DNA or RNA sequence.
    """
    s, is_rna = clean_nucleic(sequence)
    gc = gc_fraction(s, ambiguous="remove") * 100
    counts = {b: s.count(b) for b in ("ACGU" if is_rna else "ACGT")}
    other = len(s) - sum(counts.values())
    if other:
        counts["other"] = other
    g, c = s.count("G"), s.count("C")
    return {
        "gc_percent": tidy(gc),
        "at_percent": tidy(100 - gc) if len(s) - other else 0.0,
        "counts": counts,
        "gc_skew": tidy((g - c) / (g + c)) if g + c else None,
        "length": len(s),
    }


class MolWeight(TypedDict):
    molecular_weight: Annotated[float, Sem("molar_mass", unit="g/mol")]
    molecule: Literal["ssDNA", "dsDNA", "ssRNA", "dsRNA"]
    length: Length


@tool(kind="P", examples=[{"sequence": "GTAAAACGACGGCCAGT"}, {"sequence": "ATGC", "double_stranded": True}], **_META)
def nucleic_acid_molecular_weight(sequence: DnaSeq, double_stranded: bool = False, circular: bool = False,
                                  monoisotopic: bool = False) -> MolWeight:
    """Compute the molecular weight (g/mol, i.e. Da) of a DNA or RNA sequence.

    A linear strand is counted with a 5' phosphate (as after restriction digestion); a double-stranded
    molecule adds its complementary strand. RNA is recognised by U.

    Args:
        sequence: DNA or RNA sequence of A, C, G, T/U.
        double_stranded: weigh the duplex (sequence plus its complement).
        circular: the molecule is circular (no terminal water).
        monoisotopic: use monoisotopic instead of average atomic masses.
    """
    s, is_rna = clean_nucleic(sequence, strict=True)
    kind = "RNA" if is_rna else "DNA"
    mw = molecular_weight(s, seq_type=kind, double_stranded=double_stranded, circular=circular,
                          monoisotopic=monoisotopic)
    return {"molecular_weight": tidy(mw, 2), "molecule": ("ds" if double_stranded else "ss") + kind,
            "length": len(s)}


class MeltTemp(TypedDict):
    tm_nearest_neighbor: Celsius
    tm_gc_formula: Celsius
    tm_wallace: Celsius
    gc_percent: Percent
    length: Length


@tool(kind="P", examples=[{"sequence": "GTAAAACGACGGCCAGT"}, {"sequence": "CGTTCCAAAGATGTGGGCATGAGCTTAC", "mg_mm": 1.5}],
      **_META)
def dna_melting_temperature(sequence: DnaSeq, na_mm: Millimolar = 50, mg_mm: Millimolar = 0,
                            dntps_mm: Millimolar = 0,
                            oligo_nm: Annotated[float, Sem("number", unit="nM"), Field(gt=0, le=1e6)] = 25) -> MeltTemp:
    """Estimate the melting temperature (Tm, degrees C) of a DNA oligo three ways (Biopython MeltingTemp).

    tm_nearest_neighbor is the most accurate (Allawi & SantaLucia 1997 nearest-neighbour parameters,
    SantaLucia 1998 salt correction with Mg2+ and dNTPs converted to a sodium equivalent as in von Ahsen
    2001, two strands of oligo_nm each); tm_gc_formula is the empirical
    81.5 + 0.41(%GC) - 600/N + 16.6 log[Na+]; tm_wallace is the rule of thumb 4(G+C) + 2(A+T),
    meant for oligos under 14 nt.

    Args:
        sequence: DNA oligo of A, C, G, T (at most 1,000 bases).
        na_mm: monovalent cation (Na+) concentration in mM.
        mg_mm: Mg2+ concentration in mM (1.5-2 in a typical PCR).
        dntps_mm: total dNTP concentration in mM (they bind Mg2+).
        oligo_nm: concentration of each strand in nM.
    """
    s = clean_dna(sequence, strict=True, min_len=2, max_len=1_000)
    try:
        nn = MeltingTemp.Tm_NN(s, Na=na_mm, Mg=mg_mm, dNTPs=dntps_mm, dnac1=oligo_nm, dnac2=oligo_nm)
        gc = MeltingTemp.Tm_GC(s, Na=na_mm, Mg=mg_mm, dNTPs=dntps_mm)
    except (ValueError, ZeroDivisionError) as exc:
        raise ToolError(f"cannot compute Tm for these conditions: {exc} (give na_mm > 0 or mg_mm > 0)") from None
    return {
        "tm_nearest_neighbor": tidy(nn, 2),
        "tm_gc_formula": tidy(gc, 2),
        "tm_wallace": tidy(MeltingTemp.Tm_Wallace(s), 2),
        "gc_percent": tidy(gc_fraction(s) * 100),
        "length": len(s),
    }


class MotifHit(TypedDict):
    strand: Literal["+", "-"]
    start: Annotated[int, Sem("integer")]
    end: Annotated[int, Sem("integer")]
    match: Annotated[str, Sem("dna_sequence")]


class MotifHits(TypedDict):
    motif: Annotated[str, Sem("dna_motif")]
    regex: str
    matches: list[MotifHit]
    total_matches: int


@tool(kind="P", examples=[{"sequence": "ATGGAATTCGAGTCAAGAATCC", "motif": "GAANTC"}], **_META)
def dna_motif_search(sequence: DnaSeq, motif: Annotated[str, Sem("dna_motif")], both_strands: bool = True,
                     limit: Limit = 20) -> MotifHits:
    """Find every occurrence of a DNA motif written in IUPAC codes (N = any base, R = A/G, Y = C/T, ...).

    Positions are 1-based on the given strand (start <= end); with both_strands, hits of the motif's
    reverse complement are reported on strand '-'. Overlapping matches are all reported.

    Args:
        sequence: DNA sequence of A, C, G, T (and N) to search, at most 100,000 bases.
        motif: the pattern, e.g. "GAANTC" or a restriction site "GGTCTC".
        both_strands: also search the reverse strand.
        limit: maximum number of matches to return.
    """
    s = clean_dna(sequence)
    m = clean_dna(motif, max_len=100)
    hits: list[MotifHit] = []
    regex = nt_search(s, m)[0]
    for pos in nt_search(s, m)[1:]:
        hits.append({"strand": "+", "start": pos + 1, "end": pos + len(m), "match": s[pos:pos + len(m)]})
    rc = str(Seq(m).reverse_complement())
    if both_strands and rc != m:
        for pos in nt_search(s, rc)[1:]:
            hits.append({"strand": "-", "start": pos + 1, "end": pos + len(m), "match": s[pos:pos + len(m)]})
    hits.sort(key=lambda h: (h["start"], h["strand"]))
    return {"motif": m, "regex": regex, "matches": hits[:limit], "total_matches": len(hits)}
