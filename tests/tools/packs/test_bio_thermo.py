"""Real-value tests of the bio pack's primer (primer3-py), folding (ViennaRNA, seqfold) and bench
formula tools, plus the pack's seeds and size rules. Expected values are independent facts.
"""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from dive.tools import load_pack, load_seeds
from packs_util import pool_or_skip

POOL = pool_or_skip("bio")

M13F = "GTAAAACGACGGCCAGT"
M13F_RC = "ACTGGCCGTCGTTTTAC"
TRNA_PHE = "GCGGAUUUAGCUCAGUUGGGAGAGCGCCAGACUGAAGAUCUGGAGGUCCUGUGUUCGAUCCACAGAAUUCGCACCA"  # yeast tRNA-Phe, 76 nt
LET7A = "UGAGGUAGUAGGUUGUAUAGUU"  # hsa-let-7a-5p, miRBase MIMAT0000062
SEQFOLD_README = "GGGAGGTCGTTACATCTGGGTAACACCGGTACTGATCCGGTGACCTCCC"

# SantaLucia (1998) PNAS 95:1460, Table 2: unified nearest-neighbour dH (kcal/mol), dS (cal/(mol K)), dG37.
NN = {"AA": (-7.9, -22.2), "AT": (-7.2, -20.4), "TA": (-7.2, -21.3), "CA": (-8.5, -22.7), "GT": (-8.4, -22.4),
      "CT": (-7.8, -21.0), "GA": (-8.2, -22.2), "CG": (-10.6, -27.2), "GC": (-9.8, -24.4), "GG": (-8.0, -19.9)}
COMP = {"A": "T", "C": "G", "G": "C", "T": "A"}


def santalucia(seq: str) -> tuple[float, float]:
    dh = ds = 0.0
    for i in range(len(seq) - 1):
        pair = seq[i:i + 2]
        key = pair if pair in NN else "".join(COMP[b] for b in reversed(pair))
        dh, ds = dh + NN[key][0], ds + NN[key][1]
    for end in (seq[0], seq[-1]):
        h, s = (0.1, -2.8) if end in "GC" else (2.3, 4.1)
        dh, ds = dh + h, ds + s
    return dh, ds


def cloverleaf() -> str:
    """tRNA-Phe cloverleaf from its stems (Kim et al. 1974): acceptor 1-7:66-72, D 10-13:22-25,
    anticodon 27-31:39-43, T 49-53:61-65."""
    s = ["."] * 76
    for (a, b), (c, d) in (((1, 7), (66, 72)), ((10, 13), (22, 25)), ((27, 31), (39, 43)), ((49, 53), (61, 65))):
        for i in range(a - 1, b):
            s[i] = "("
        for i in range(c - 1, d):
            s[i] = ")"
    return "".join(s)


def out(_tool: str, /, **args):  # noqa: ANN003, ANN201
    obs = POOL.call(_tool, args)
    assert obs.ok, obs.error
    return obs.output


def err(_tool: str, /, **args) -> str:  # noqa: ANN003
    obs = POOL.call(_tool, args)
    assert obs.ok is False
    return obs.error


# --- primer3 ----------------------------------------------------------------------------


def test_primer_tm_matches_santalucia_by_hand() -> None:
    # At 1 M Na+ there is no salt correction: Tm = dH / (dS + R ln(CT/4)), CT = 50 nM of primer.
    dh, ds = santalucia(M13F)
    expected = dh * 1000 / (ds + 1.987204 * math.log(50e-9 / 4)) - 273.15
    tm = out("primer_melting_temperature", sequence=M13F, mv_mm=1000, dv_mm=0, dntp_mm=0, dna_nm=50)["tm"]
    assert tm == pytest.approx(expected, abs=0.05)
    # Mg2+ stabilises the duplex and DMSO destabilises it (about 0.6 degC per percent).
    base = out("primer_melting_temperature", sequence=M13F, dv_mm=0)["tm"]
    assert out("primer_melting_temperature", sequence=M13F, dv_mm=3)["tm"] > base
    assert out("primer_melting_temperature", sequence=M13F, dv_mm=0, dmso_percent=5)["tm"] == pytest.approx(base - 3, abs=0.01)


def test_duplex_energies() -> None:
    # SantaLucia (1998) worked example: CGTTGA/TCAACG, dG37 = 0.98 + 1.03 - 2.17 - 1.44 - 1.00 - 1.45 - 1.30 = -5.35.
    het = out("primer_heterodimer", sequence_a="CGTTGA", sequence_b="TCAACG", mv_mm=1000, dv_mm=0, dntp_mm=0)
    assert het["dg"] == pytest.approx(-5.35, abs=0.05)
    # A 17-mer with its complement: dH and dG37 = dH - 310.15 dS summed from the NN table.
    dh, ds = santalucia(M13F)
    full = out("primer_heterodimer", sequence_a=M13F, sequence_b=M13F_RC, mv_mm=1000, dv_mm=0, dntp_mm=0)
    assert full["dh"] == pytest.approx(dh, abs=0.05)
    assert full["dg"] == pytest.approx(dh - 310.15 * ds / 1000, abs=0.1)
    # A self-complementary oligo (three EcoRI sites) forms a full homodimer with the NN duplex enthalpy.
    pal = "GAATTCGAATTCGAATTC"
    homo = out("primer_homodimer", sequence=pal, mv_mm=1000, dv_mm=0, dntp_mm=0)
    assert homo["structure_found"] and homo["dh"] == pytest.approx(santalucia(pal)[0], abs=0.05)
    # Poly-T cannot pair with itself.
    assert out("primer_homodimer", sequence="TTTTTTTTTTTTTTTTTTTT")["structure_found"] is False


def test_hairpin_and_end_stability() -> None:
    # CCCCC...GGGGG closes a 5-bp G-C stem; a poly-T oligo has no hairpin.
    hp = out("primer_hairpin", sequence="CCCCCATCCGATCAGGGGG")
    assert hp["structure_found"] and hp["dg"] < -2 and hp["structure"][0].count("/") == 5
    assert out("primer_hairpin", sequence="TTTTTTTTTTTTTTTTTTTT")["structure_found"] is False
    # With a full complement the 3'-end duplex is the whole duplex; remove the 5 bases that pair with the
    # primer's 3' end and the 3'-end stability collapses.
    full = out("primer_end_stability", primer=M13F, target=M13F_RC)
    assert full["dg"] == pytest.approx(out("primer_heterodimer", sequence_a=M13F, sequence_b=M13F_RC)["dg"], abs=0.01)
    assert out("primer_end_stability", primer=M13F, target=M13F_RC[5:])["dg"] > -2


def test_design_primers_consistent_with_template() -> None:
    rng = random.Random(7)  # a deterministic pseudo-random 600-bp template
    template = "".join(rng.choice("ACGT") for _ in range(600))
    design = out("design_pcr_primers", template=template, product_size_min=150, product_size_max=250, num_return=2)
    comp = {"A": "T", "C": "G", "G": "C", "T": "A"}
    for pair in design["pairs"]:
        left, right = pair["left"], pair["right"]
        # The left primer is on the top strand at its start; the right primer is the reverse complement
        # of the top strand ending at its start position.
        assert template[left["start"] - 1:left["start"] - 1 + left["length"]] == left["sequence"]
        site = template[right["start"] - right["length"]:right["start"]]
        assert "".join(comp[b] for b in reversed(site)) == right["sequence"]
        assert pair["product_size"] == right["start"] - left["start"] + 1
        assert 150 <= pair["product_size"] <= 250 and 57 <= left["tm"] <= 63
        gc = 100 * sum(b in "GC" for b in left["sequence"]) / len(left["sequence"])
        assert left["gc_percent"] == pytest.approx(gc)


# --- ViennaRNA --------------------------------------------------------------------------


def test_trna_folds_into_its_cloverleaf() -> None:
    fold = out("rna_fold", sequence=TRNA_PHE)
    assert fold["dot_bracket"] == cloverleaf() and fold["base_pairs"] == 21
    # Evaluating the MFE structure gives the MFE back (RNAeval of the RNAfold result).
    assert out("rna_structure_energy", sequence=TRNA_PHE, dot_bracket=fold["dot_bracket"])["free_energy"] == \
        pytest.approx(fold["mfe"], abs=0.01)
    # A 4-bp G-C stem closing a 4-nt loop.
    assert out("rna_fold", sequence="GGGGAAAACCCC")["dot_bracket"] == "((((....))))"


def test_ensemble_cofold_distance_subopt() -> None:
    ens = out("rna_partition_function", sequence=TRNA_PHE)
    # G_ensemble = -RT ln Z <= MFE, and P(MFE) = exp(-(MFE - G_ensemble) / RT), RT = 0.61633 kcal/mol at 37 degC.
    assert ens["ensemble_free_energy"] <= ens["mfe"]
    rt = 1.98720425864083e-3 * 310.15
    assert ens["mfe_probability"] == pytest.approx(math.exp(-(ens["mfe"] - ens["ensemble_free_energy"]) / rt), rel=0.01)
    # let-7a with its perfect complement forms a 22-bp duplex.
    target = LET7A[::-1].translate(str.maketrans("ACGU", "UGCA"))
    co = out("rna_cofold", sequence_a=LET7A, sequence_b=target)
    assert co["intermolecular_pairs"] == 22 and co["dot_bracket"] == "(" * 22 + "&" + ")" * 22
    # Base-pair distance by hand: one pair lost; four pairs against the open chain.
    assert out("rna_structure_distance", structure_a="((((....))))", structure_b=".(((....))).")["base_pair_distance"] == 1
    assert out("rna_structure_distance", structure_a="((((....))))", structure_b="." * 12)["base_pair_distance"] == 4
    sub = out("rna_suboptimal_structures", sequence=TRNA_PHE, delta=1.0)
    energies = [s["free_energy"] for s in sub["structures"]]
    assert sub["structures"][0]["dot_bracket"] == cloverleaf() and energies == sorted(energies)
    assert all(e <= sub["mfe"] + 1.0 + 1e-9 for e in energies)


# --- seqfold ----------------------------------------------------------------------------


def test_seqfold_readme_examples() -> None:
    # seqfold README: dg = -13.4 kcal/mol at 37 degC, -15.3 at 32 degC, with this structure.
    f37 = out("dna_fold", sequence=SEQFOLD_README)
    assert f37["dg"] == pytest.approx(-13.4) and f37["dot_bracket"] == "((((((((.((((......))))..((((.......)))).))))))))"
    assert out("dna_fold", sequence=SEQFOLD_README, temperature_c=32)["dg"] == pytest.approx(-15.3)
    subs = out("dna_fold_substructures", sequence=SEQFOLD_README)
    # README: 16 terms, the first STACK:GG/CC closing bases 0 and 48 (0-based), i.e. 1 and 49.
    assert subs["total"] == 16 and subs["substructures"][0]["description"] == "STACK:GG/CC"
    assert (subs["substructures"][0]["i"], subs["substructures"][0]["j"]) == (1, 49)
    assert sum(s["ddg"] for s in subs["substructures"]) == pytest.approx(-13.4, abs=0.05)
    # Poly-A cannot pair: no structure more stable than the open chain.
    assert out("dna_fold", sequence="A" * 20) == {"dg": 0.0, "dot_bracket": "." * 20, "stable_structure": False,
                                                  "base_pairs": 0, "length": 20}


# --- bench formulas ---------------------------------------------------------------------


def test_bench_formulas() -> None:
    # Rule of thumb (NEB, Thermo Fisher): 1 ug of a 1 kb dsDNA is about 1.5-1.6 pmol.
    one_kb = out("dna_copy_number", mass_ng=1000, length=1000)
    assert 1.5 <= one_kb["picomoles"] <= 1.65
    # copies = moles x Avogadro's number (6.02214076e23 /mol, SI 2019).
    assert one_kb["copies"] == pytest.approx(one_kb["picomoles"] * 1e-12 * 6.02214076e23, rel=1e-5)
    # Promega pGEM-T manual (TM042): 50 ng vector (3.0 kb), 0.5 kb insert, 3:1 -> 25 ng insert.
    assert out("ligation_insert_mass", vector_mass_ng=50, vector_length=3000, insert_length=500)["insert_mass_ng"] == 25
    # A260 = 1 corresponds to 50 ug/mL dsDNA, 40 ug/mL RNA, 33 ug/mL ssDNA (Sambrook & Russell).
    assert out("nucleic_acid_concentration_a260", a260=1)["concentration_ng_ul"] == 50
    assert out("nucleic_acid_concentration_a260", a260=1, molecule="RNA")["concentration_ng_ul"] == 40
    assert out("nucleic_acid_concentration_a260", a260=0.5, dilution_factor=10)["concentration_ng_ul"] == 250
    pure = out("nucleic_acid_concentration_a260", a260=0.9, a280=0.5)
    assert pure["a260_a280_ratio"] == 1.8 and pure["purity_ok"] is True


# --- failures, seeds and pack rules ----------------------------------------------------


def test_folding_and_primer_failures() -> None:
    assert "unbalanced" in err("rna_structure_energy", sequence="GGGGAAAACCCC", dot_bracket="((((....))).")
    assert "must match" in err("rna_structure_energy", sequence="GGGGAAAACCCC", dot_bracket="((((....)))")
    assert "non-canonical pair" in err("rna_structure_energy", sequence="GGGGAAAAACCC", dot_bracket="((((....))))")
    assert "at most 60" in err("primer_hairpin", sequence="A" * 70)
    assert "no acceptable pair" in err("design_pcr_primers", template="A" * 100)
    assert "too long" in err("rna_suboptimal_structures", sequence="ACGU" * 50)


def test_seeds() -> None:
    seeds = load_seeds("bio")
    assert len(seeds) >= 250
    accepted = {s for t in load_pack("bio") for s in t.param_sem.values()}
    assert {s.sem for s in seeds} <= accepted
    values = {(s.sem, s.value) for s in seeds}
    assert ("restriction_enzyme", "EcoRI") in values and ("codon_table_id", 11) in values
    # AbaSI cuts only DNA with 5-hydroxymethylcytosine (NEB): its "site" C is no site in a plain sequence
    assert ("restriction_enzyme", "AbaSI") not in values and ("restriction_enzyme", "DpnI") in values
    by_label = {s.label: s.value for s in seeds}
    # Integrity of the curated sequences: GFP's chromophore is Ser65-Tyr66-Gly67 (Ormo et al. 1996),
    # ubiquitin has 76 residues, loxP is 34 bp, tRNA-Phe 76 nt.
    gfp = by_label["green fluorescent protein, Aequorea victoria (UniProt P42212)"]
    assert len(gfp) == 238 and gfp[64:67] == "SYG"
    assert len(by_label["human ubiquitin (UniProt P0CG48)"]) == 76
    assert len(by_label["loxP site, Cre recombinase target (bacteriophage P1)"]) == 34
    assert by_label["cloverleaf of yeast tRNA-Phe (76 nt)"] == cloverleaf()


def test_pack_rules() -> None:
    tools = load_pack("bio")
    assert len(tools) >= 42
    kinds = Counter(t.kind for t in tools)
    assert kinds["P"] >= 8 and kinds["R"] >= 1
    sources = Counter(t.source for t in tools)
    assert max(sources.values()) <= 30 and sources["dive-tasks"] <= 5
