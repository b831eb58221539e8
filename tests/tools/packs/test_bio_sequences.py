"""Real-value tests of the bio pack's sequence, genetic-code, restriction and alignment tools.

Each expected value is an independent fact (a textbook example, a database entry or a hand
calculation from a published table), never the tool's own output pasted back.
"""

from __future__ import annotations

import math

import pytest

from packs_util import pool_or_skip

POOL = pool_or_skip("bio")

M13F = "GTAAAACGACGGCCAGT"  # M13/pUC forward (-20) sequencing primer
TUTORIAL = "ATGGCCATTGTAATGGGCCGCTGAAAGGGTGCCCGATAG"  # Biopython Tutorial, "Translation" section


def out(_tool: str, /, **args):  # noqa: ANN003, ANN201
    obs = POOL.call(_tool, args)
    assert obs.ok, obs.error
    return obs.output


def err(_tool: str, /, **args) -> str:  # noqa: ANN003
    obs = POOL.call(_tool, args)
    assert obs.ok is False
    return obs.error


# --- sequences --------------------------------------------------------------------------


def test_reverse_complement_and_transcription() -> None:
    # Base pairing A-T, G-C: ATGC -> GCAT; the EcoRI site GAATTC is a palindrome (REBASE).
    assert out("dna_reverse_complement", sequence="ATGC")["dna_sequence"] == "GCAT"
    assert out("dna_reverse_complement", sequence="GAATTC")["dna_sequence"] == "GAATTC"
    # IUPAC: R (A/G) pairs with Y (C/T).
    assert out("dna_reverse_complement", sequence="AARTT")["dna_sequence"] == "AAYTT"
    # mRNA has the coding-strand sequence with U for T; a template strand TCA gives mRNA UGA.
    assert out("dna_transcribe", sequence=M13F)["rna_sequence"] == "GUAAAACGACGGCCAGU"
    assert out("dna_transcribe", sequence="TCA", template_strand=True)["rna_sequence"] == "UGA"


def test_translate_standard_and_mitochondrial() -> None:
    # Biopython Tutorial: standard code gives MAIVMGR*KGAR*, vertebrate mitochondrial (table 2)
    # reads TGA as Trp: MAIVMGRWKGAR*.
    std = out("dna_translate", sequence=TUTORIAL)
    assert std["protein_sequence"] == "MAIVMGR*KGAR*" and std["stop_codons"] == 2
    assert out("dna_translate", sequence=TUTORIAL, table=2)["protein_sequence"] == "MAIVMGRWKGAR*"
    assert out("dna_translate", sequence=TUTORIAL, to_stop=True)["protein_sequence"] == "MAIVMGR"
    # RNA input reads the same (AUG = Met, UUU = Phe, UAA = stop in the standard code).
    assert out("dna_translate", sequence="AUGUUUUAA")["protein_sequence"] == "MF*"
    # Frame 2 of xATGTGG... starts at the second base; 2 trailing bases are reported.
    frame2 = out("dna_translate", sequence="CATGTGGAA", frame=2)
    assert frame2["protein_sequence"] == "MW" and frame2["trailing_bases"] == 2


def test_six_frames_and_orfs() -> None:
    frames = {f["frame"]: f["protein_sequence"] for f in out("dna_six_frame_translation", sequence="ATGGCC")["frames"]}
    # Reverse complement GGCCAT: GGC = Gly, CAT = His (standard code).
    assert frames["+1"] == "MA" and frames["-1"] == "GH"
    # One ORF on each strand: ATG AAA TTT GGG TAA (MKFG) at 3..17, and on the reverse strand
    # ATG CCC TAA (MP), whose reverse complement TTAGGGCAT sits at 20..28.
    seq = "CC" + "ATGAAATTTGGGTAA" + "CC" + "TTAGGGCAT" + "CC"
    res = out("dna_find_orfs", sequence=seq, min_protein_length=2)
    orfs = {(o["strand"], o["start"], o["end"]): o["protein_sequence"] for o in res["orfs"]}
    assert orfs == {("+", 3, 17): "MKFG", ("-", 20, 28): "MP"}
    # With the bacterial code's alternative starts, GTG also opens an ORF (translated as M).
    alt = out("dna_find_orfs", sequence="GTGAAATAA", table=11, min_protein_length=1, alternative_starts=True)
    assert alt["orfs"][0]["protein_sequence"] == "MK"


def test_gc_weight_and_melting_temperature() -> None:
    gc = out("dna_gc_content", sequence="ATGCATGC")
    assert gc["gc_percent"] == 50 and gc["counts"] == {"A": 2, "C": 2, "G": 2, "T": 2}
    # GC skew (G - C) / (G + C) for GGGC is 2 / 4 (Lobry 1996).
    assert out("dna_gc_content", sequence="GGGC")["gc_skew"] == 0.5
    # Oligo MW (IDT/Thermo formula for a 5'-OH oligo): 313.21 A + 304.2 T + 289.18 C + 329.21 G - 61.96;
    # Biopython weighs a linear strand with a 5' phosphate, i.e. + HPO3 (79.98 g/mol).
    a, c, g, t = (M13F.count(b) for b in "ACGT")
    idt = 313.21 * a + 304.2 * t + 289.18 * c + 329.21 * g - 61.96
    assert out("nucleic_acid_molecular_weight", sequence=M13F)["molecular_weight"] == pytest.approx(idt + 79.98, abs=0.5)
    tm = out("dna_melting_temperature", sequence=M13F, na_mm=1000, oligo_nm=25)
    # Wallace rule 4(G+C) + 2(A+T): 9 G/C and 8 A/T -> 52 degC.
    assert tm["tm_wallace"] == 52
    # Empirical Tm = 81.5 + 0.41 %GC - 600/N + 16.6 log10[Na+] (Primer3Plus product Tm), at 1 M Na+.
    assert tm["tm_gc_formula"] == pytest.approx(81.5 + 0.41 * 900 / 17 - 600 / 17, abs=0.01)
    # Nearest-neighbour Tm by hand from SantaLucia (1998) unified parameters at 1 M Na+, 50 nM total strands.
    dh, ds = santalucia(M13F)
    assert tm["tm_nearest_neighbor"] == pytest.approx(dh * 1000 / (ds + 1.987204 * math.log(50e-9 / 4)) - 273.15, abs=0.05)


# SantaLucia (1998) PNAS 95:1460, Table 2: unified nearest-neighbour dH (kcal/mol) and dS (cal/(mol K)).
NN = {"AA": (-7.9, -22.2), "AT": (-7.2, -20.4), "TA": (-7.2, -21.3), "CA": (-8.5, -22.7), "GT": (-8.4, -22.4),
      "CT": (-7.8, -21.0), "GA": (-8.2, -22.2), "CG": (-10.6, -27.2), "GC": (-9.8, -24.4), "GG": (-8.0, -19.9)}
COMP = {"A": "T", "C": "G", "G": "C", "T": "A"}


def santalucia(seq: str) -> tuple[float, float]:
    """Duplex dH and dS of ``seq`` with its complement, from the unified NN table."""
    dh = ds = 0.0
    for i in range(len(seq) - 1):
        pair = seq[i:i + 2]
        key = pair if pair in NN else "".join(COMP[b] for b in reversed(pair))
        dh, ds = dh + NN[key][0], ds + NN[key][1]
    for end in (seq[0], seq[-1]):
        h, s = (0.1, -2.8) if end in "GC" else (2.3, 4.1)  # initiation with terminal G.C / A.T
        dh, ds = dh + h, ds + s
    return dh, ds


def test_motif_search() -> None:
    # GAANTC (N = any base) matches GAATTC at 4..9 and, on the other strand, GATTC's complement.
    res = out("dna_motif_search", sequence="ATGGAATTCGAGTCAAGAATCC", motif="GAANTC", both_strands=False)
    assert [(m["start"], m["match"]) for m in res["matches"]] == [(4, "GAATTC")]
    # BsaI site GGTCTC appears once on each strand of this sequence (GAGACC is its reverse complement).
    both = out("dna_motif_search", sequence="AAGGTCTCAAAAGAGACCAA", motif="GGTCTC")
    assert [(m["strand"], m["start"]) for m in both["matches"]] == [("+", 3), ("-", 13)]


# --- genetic codes and amino acids ------------------------------------------------------


def test_codon_tables() -> None:
    # NCBI genetic code 2 (vertebrate mitochondrial): stops TAA TAG AGA AGG; TGA = Trp, ATA = Met.
    t2 = out("codon_table_info", table=2)
    assert set(t2["stop_codons"]) == {"TAA", "TAG", "AGA", "AGG"}
    diffs = {d["codon"]: (d["standard"], d["this_table"]) for d in t2["differences_from_standard"]}
    assert diffs == {"AGA": ("R", "*"), "AGG": ("R", "*"), "ATA": ("I", "M"), "TGA": ("*", "W")}
    # NCBI code 11 (bacterial, archaeal, plant plastid) allows GTG and TTG starts.
    assert {"ATG", "GTG", "TTG"} <= set(out("codon_table_info", table=11)["start_codons"])
    assert out("codon_translate", codon="AUG") == {"codon": "ATG", "amino_acid": "M", "amino_acid_name": "methionine",
                                                   "is_stop": False, "is_start": True, "codon_table_id": 1}
    assert out("codon_translate", codon="TGA", table=2)["amino_acid"] == "W"
    # Leucine has six codons, tryptophan one (TGG) in the standard code.
    assert out("amino_acid_codons", amino_acid="Leu")["codons"] == ["CTA", "CTC", "CTG", "CTT", "TTA", "TTG"]
    assert out("amino_acid_codons", amino_acid="tryptophan")["codons"] == ["TGG"]


def test_amino_acids_and_iupac_codes() -> None:
    # Tryptophan C11H12N2O2, 204.23 g/mol (PubChem CID 6305); Kyte-Doolittle hydropathy -0.9 (Kyte & Doolittle 1982).
    w = out("amino_acid_info", amino_acid="Trp")
    assert w["one_letter"] == "W" and w["molar_mass"] == pytest.approx(204.23, abs=0.01)
    assert w["hydropathy_kyte_doolittle"] == -0.9 and w["standard_codons"] == ["TGG"]
    # Glutamic acid (glutamate) C5H9NO4, 147.13 g/mol (PubChem CID 33032).
    assert out("amino_acid_info", amino_acid="glutamate")["molar_mass"] == pytest.approx(147.13, abs=0.01)
    # IUPAC-IUB 1970: R = A or G (purine), complement Y; N = any base.
    assert out("iupac_nucleotide_code", code="R") == {"code": "R", "bases": ["A", "G"], "complement": "Y", "degeneracy": 2}
    assert out("iupac_nucleotide_code", code="n")["degeneracy"] == 4


# --- restriction enzymes (REBASE) -------------------------------------------------------


def test_enzyme_facts() -> None:
    # REBASE: EcoRI G^AATTC leaves a 5' AATT overhang and is sold by New England Biolabs.
    e = out("restriction_enzyme_info", enzyme="ecori")
    assert e["recognition_site"] == "GAATTC" and e["cut_pattern"] == "G^AATT_C"
    assert e["overhang"] == "5'" and e["overhang_sequence"] == "AATT" and "New England Biolabs" in e["suppliers"]
    # SmaI CCC^GGG is blunt; KpnI GGTAC^C leaves a 3' overhang; NotI recognises an 8-bp site.
    assert out("restriction_enzyme_info", enzyme="SmaI")["overhang"] == "blunt"
    assert out("restriction_enzyme_info", enzyme="KpnI")["overhang"] == "3'"
    assert out("restriction_enzyme_info", enzyme="NotI")["site_length"] == 8
    # BsaI, the Golden Gate type IIS enzyme: GGTCTC(1/5).
    assert out("restriction_enzyme_info", enzyme="BsaI")["cut_pattern"] == "GGTCTCN^NNNN_N"
    # XmaI (C^CCGGG) is a neoschizomer of SmaI (CCC^GGG).
    assert "XmaI" in out("restriction_isoschizomers", enzyme="SmaI")["neoschizomers"]
    # GGATCC is the BamHI site; GAATTC the EcoRI site.
    assert "BamHI" in [x["enzyme"] for x in out("restriction_enzymes_by_site", site="ggatcc")["enzymes"]]
    assert "EcoRI" in [x["enzyme"] for x in out("restriction_enzymes_by_site", site="GAATTC")["enzymes"]]


def test_cuts_and_digests() -> None:
    seq = "AAAGAATTCAAAAAAAAAGAATTCAAA"  # 27 bp, EcoRI sites at 4-9 and 19-24, cut after the G
    assert out("restriction_cut_positions", enzyme="EcoRI", sequence=seq)["positions"] == [5, 20]
    linear = out("restriction_digest", enzyme="EcoRI", sequence=seq)
    assert linear["fragment_lengths"] == [15, 8, 4]  # 1-4, 5-19, 20-27
    circular = out("restriction_digest", enzyme="EcoRI", sequence=seq, circular=True)
    assert sorted(circular["fragment_lengths"]) == [12, 15]  # n cuts in a circle give n fragments
    # Double digest: BamHI (G^GATCC) at 1-6 and 19-24, EcoRI (G^AATTC) at 10-15 -> cuts before 2, 11, 20.
    double = out("restriction_digest", enzyme="BamHI", second_enzyme="EcoRI", sequence="GGATCCAAAGAATTCAAAGGATCC")
    assert double["fragment_lengths"] == [9, 9, 5, 1] and double["cuts_by_enzyme"] == {"BamHI": 2, "EcoRI": 1}
    # A unique NotI site (GCGGCCGC) makes NotI a single cutter; EcoRI has no site here.
    cutters = out("restriction_enzymes_cutting", sequence="AAAAGCGGCCGCAAAATTTT", max_cuts=1, limit=100)
    names = {c["enzyme"] for c in cutters["enzymes"]}
    assert "NotI" in names and "EcoRI" not in names


# --- alignment --------------------------------------------------------------------------


def test_alignments_textbook_examples() -> None:
    # Durbin et al., Biological Sequence Analysis (1998), Figs 2.5/2.6: HEAGAWGHEE vs PAWHEAE with
    # BLOSUM50 and linear gap cost 8: global score 1, local score 28 (AWGHE / AW-HE).
    kw = {"matrix": "BLOSUM50", "gap_open_penalty": 8, "gap_extend_penalty": 8}
    assert out("protein_align", sequence_a="HEAGAWGHEE", sequence_b="PAWHEAE", **kw)["score"] == 1
    local = out("protein_align", sequence_a="HEAGAWGHEE", sequence_b="PAWHEAE", mode="local", **kw)
    assert local["score"] == 28 and (local["aligned_a"], local["aligned_b"]) == ("AWGHE", "AW-HE")
    # Wikipedia "Needleman-Wunsch algorithm": GCATGCG vs GATTACA, +1/-1/-1, optimal score 0.
    nw = {"match_score": 1, "mismatch_penalty": 1, "gap_open_penalty": 1, "gap_extend_penalty": 1}
    assert out("dna_align", sequence_a="GCATGCG", sequence_b="GATTACA", **nw)["score"] == 0
    # Wikipedia "Smith-Waterman algorithm": TGTTACGG vs GGTTGACTA, +3/-3, linear gap 2: score 13, GTT-AC/GTTGAC.
    sw = out("dna_align", sequence_a="TGTTACGG", sequence_b="GGTTGACTA", mode="local", match_score=3,
             mismatch_penalty=3, gap_open_penalty=2, gap_extend_penalty=2)
    assert sw["score"] == 13 and (sw["aligned_a"], sw["aligned_b"]) == ("GTT-AC", "GTTGAC")
    assert sw["identities"] == 5 and sw["gaps"] == 1


def test_substitution_matrices() -> None:
    # BLOSUM62 (Henikoff & Henikoff 1992): W/W 11, C/C 9, A/R -1; PAM250 (Dayhoff 1978): W/W 17.
    assert out("substitution_score", matrix="BLOSUM62", residue_a="W", residue_b="W")["score"] == 11
    assert out("substitution_score", matrix="blosum62", residue_a="C", residue_b="C")["score"] == 9
    assert out("substitution_score", matrix="BLOSUM62", residue_a="A", residue_b="R")["score"] == -1
    assert out("substitution_score", matrix="PAM250", residue_a="W", residue_b="W")["score"] == 17


# --- failures ----------------------------------------------------------------------------


def test_failures_are_helpful() -> None:
    assert "did you mean" in err("restriction_enzyme_info", enzyme="EcoR1")
    assert "valid ids" in err("codon_table_info", table=7)
    assert "unexpected characters 'X'" in err("dna_translate", sequence="ATGXXX")
    assert "not a letter of matrix BLOSUM62" in err("substitution_score", matrix="BLOSUM62", residue_a="J", residue_b="A")
    assert "unknown substitution matrix" in err("protein_align", sequence_a="AC", sequence_b="AC", matrix="BLOSUM99")
    assert "cut positions are unknown" in err("restriction_cut_positions", enzyme="Aba6411II", sequence="ACGT")
