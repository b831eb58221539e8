"""Real-value tests of the bio pack's protein (Biopython ProtParam) and peptide (peptides) tools.

Expected values come from databases (UniProt, ExPASy ProtParam, PubChem), published tables
(Kyte & Doolittle 1982, Pace et al. 1995, Ikai 1980, Eisenberg 1984, Kidera 1985, Sandberg 1998)
applied by hand, or from an independent implementation.
"""

from __future__ import annotations

import cmath
import math

import pytest

from packs_util import pool_or_skip

POOL = pool_or_skip("bio")

UBIQUITIN = "MQIFVKTLTGKTITLEVEPSDTIENVKAKIQDKEGIPPDQQRLIFAGKQLEDGRTLSDYNIQKESTLHLVLRLRGG"  # UniProt P0CG48
LYSOZYME = ("KVFGRCELAAAMKRHGLDNYRGYSLGNWVCAAKFESNFNTQATNRNTDGSTDYGILQINSRWWCNDGRTPGSRNLCNIPCSALLSSDITASVN"
            "CAKKIVSDGNGMNAWVAWRNRCKGTDVQAWIRGCRL")  # hen egg-white lysozyme, mature chain (UniProt P00698)
MELITTIN = "GIGAVLKVLTTGLPALISWIKRKRQQ"  # UniProt P01501

# Kyte & Doolittle (1982) J Mol Biol 157:105, hydropathy index.
KD = {"A": 1.8, "R": -4.5, "N": -3.5, "D": -3.5, "C": 2.5, "Q": -3.5, "E": -3.5, "G": -0.4, "H": -3.2, "I": 4.5,
      "L": 3.8, "K": -3.9, "M": 1.9, "F": 2.8, "P": -1.6, "S": -0.8, "T": -0.7, "W": -0.9, "Y": -1.3, "V": 4.2}
# Eisenberg et al. (1984) J Mol Biol 179:125, normalized consensus hydrophobicity.
EISENBERG = {"A": 0.62, "R": -2.53, "N": -0.78, "D": -0.90, "C": 0.29, "Q": -0.85, "E": -0.74, "G": 0.48, "H": -0.40,
             "I": 1.38, "L": 1.06, "K": -1.50, "M": 0.64, "F": 1.19, "P": 0.12, "S": -0.18, "T": -0.05, "W": 0.81,
             "Y": 0.26, "V": 1.08}


def out(_tool: str, /, **args):  # noqa: ANN003, ANN201
    obs = POOL.call(_tool, args)
    assert obs.ok, obs.error
    return obs.output


def err(_tool: str, /, **args) -> str:  # noqa: ANN003
    obs = POOL.call(_tool, args)
    assert obs.ok is False
    return obs.error


# --- ProtParam --------------------------------------------------------------------------


def test_ubiquitin_mass_pi_and_gravy() -> None:
    # ExPASy ProtParam for human ubiquitin (76 aa): MW 8564.84 Da, theoretical pI 6.56.
    assert out("protein_molecular_weight", sequence=UBIQUITIN)["molecular_weight"] == pytest.approx(8564.84, abs=0.2)
    pi = out("protein_isoelectric_point", sequence=UBIQUITIN)
    assert pi["isoelectric_point"] == pytest.approx(6.56, abs=0.01)
    # At its pI the net charge is zero by definition.
    assert out("protein_isoelectric_point", sequence=UBIQUITIN, ph=pi["isoelectric_point"])["charge_at_ph"] == \
        pytest.approx(0, abs=0.02)
    # GRAVY is the mean Kyte-Doolittle value of the residues.
    gravy = sum(KD[a] for a in UBIQUITIN) / len(UBIQUITIN)
    assert out("protein_gravy", sequence=UBIQUITIN)["gravy"] == pytest.approx(gravy, abs=1e-4)
    # Lysozyme: 14,313 Da (mature hen egg-white lysozyme, 129 aa).
    assert out("protein_molecular_weight", sequence=LYSOZYME)["molecular_weight"] == pytest.approx(14313, abs=1)


def test_extinction_instability_structure_composition() -> None:
    # Pace et al. (1995): epsilon280 = 5500 W + 1490 Y + 125 per cystine. Ubiquitin has 1 Tyr and no Trp or Cys
    # (famously weak at 280 nm: 1490); lysozyme has 6 Trp, 3 Tyr and 8 Cys (4 disulfides).
    assert out("protein_extinction_coefficient", sequence=UBIQUITIN)["extinction_coefficient_reduced"] == 1490
    lyso = out("protein_extinction_coefficient", sequence=LYSOZYME)
    assert (lyso["tryptophans"], lyso["tyrosines"], lyso["cysteines"]) == (6, 3, 8)
    assert lyso["extinction_coefficient_reduced"] == 6 * 5500 + 3 * 1490
    assert lyso["extinction_coefficient_cystines"] == 6 * 5500 + 3 * 1490 + 4 * 125
    # Instability index (Guruprasad 1990): checked against the independent implementation in the
    # peptides package (a port of the R Peptides package); ubiquitin is a famously stable protein.
    import peptides

    inst = out("protein_instability_index", sequence=UBIQUITIN)
    assert inst["instability_index"] == pytest.approx(peptides.Peptide(UBIQUITIN).instability_index(), abs=0.01)
    assert inst["predicted_stable"] is True
    # Propensity classes counted by hand for melittin: helix E M A L K = 2 A + 4 L + 3 K = 9/26,
    # turn N P G S D = 3 G + 1 P + 1 S = 5/26, sheet V I Y F W L T = 2 V + 3 I + 1 W + 4 L + 2 T = 12/26.
    ss = out("protein_secondary_structure_fraction", sequence=MELITTIN)
    assert ss["helix_percent"] == pytest.approx(100 * 9 / 26, abs=0.01)
    assert ss["turn_percent"] == pytest.approx(100 * 5 / 26, abs=0.01)
    assert ss["sheet_percent"] == pytest.approx(100 * 12 / 26, abs=0.01)
    comp = out("protein_amino_acid_composition", sequence=MELITTIN)
    assert comp["composition"][0] == {"amino_acid": "L", "name": "leucine", "count": 4, "percent": pytest.approx(15.38, abs=0.01)}
    assert comp["aromaticity_percent"] == pytest.approx(100 / 26, abs=0.01)  # one Trp, no Phe or Tyr


# --- peptides ---------------------------------------------------------------------------


def test_hydrophobicity_scales() -> None:
    mean_kd = sum(KD[a] for a in MELITTIN) / len(MELITTIN)
    assert out("peptide_hydrophobicity", sequence=MELITTIN)["hydrophobicity"] == pytest.approx(mean_kd, abs=1e-4)
    mean_eis = sum(EISENBERG[a] for a in MELITTIN) / len(MELITTIN)
    assert out("peptide_hydrophobicity", sequence=MELITTIN, scale="Eisenberg")["hydrophobicity"] == \
        pytest.approx(mean_eis, abs=1e-4)
    # Kyte-Doolittle: isoleucine is the most hydrophobic (4.5), arginine the least (-4.5).
    assert out("amino_acid_scale_value", amino_acid="Ile") == {"amino_acid": "I", "name": "isoleucine",
                                                               "scale": "KyteDoolittle", "value": 4.5, "rank_by_value": 1}
    assert out("amino_acid_scale_value", amino_acid="R")["rank_by_value"] == 20


def test_charge_aliphatic_boman_moment() -> None:
    # At pH 1 every basic group is protonated and every acid neutral: K, R, H side chains plus the N-terminus = +4.
    assert out("peptide_charge", sequence="KRH", ph=1.0)["net_charge"] == pytest.approx(4, abs=0.1)
    # At pH 13: D and E side chains plus the C-terminus are -1 each, the amine and lysines are neutral = -3.
    assert out("peptide_charge", sequence="DE", ph=13.0)["net_charge"] == pytest.approx(-3, abs=0.1)
    pep = out("peptide_charge", sequence=MELITTIN, pk_scale="EMBOSS")
    assert out("peptide_charge", sequence=MELITTIN, ph=pep["isoelectric_point"], pk_scale="EMBOSS")["net_charge"] == \
        pytest.approx(0, abs=0.01)
    # Ikai (1980): A + 2.9 V + 3.9 (I + L) in mole %; SDKEVDEVDAALSDLEITLE has A 10 %, V 10 %, I 5 %, L 15 %.
    assert out("peptide_aliphatic_index", sequence="SDKEVDEVDAALSDLEITLE")["aliphatic_index"] == \
        pytest.approx(10 + 2.9 * 10 + 3.9 * 20)
    # R package Peptides (Osorio et al. 2015) reference manual: boman("FLPVLAGLTPSIVPKLVCLLTKKC") = -1.235833.
    assert out("peptide_boman_index", sequence="FLPVLAGLTPSIVPKLVCLLTKKC")["boman_index"] == pytest.approx(-1.2358, abs=1e-4)
    # Hydrophobic moment (Eisenberg 1984): |sum h_n exp(i n 100deg)| / N over one window covering the peptide.
    seq = "LKKLLKLLKKLLKL"
    moment = abs(sum(EISENBERG[a] * cmath.exp(1j * math.radians(100 * n)) for n, a in enumerate(seq))) / len(seq)
    got = out("peptide_hydrophobic_moment", sequence=seq, window=len(seq))
    assert got["hydrophobic_moment"] == pytest.approx(moment, abs=1e-4)


def test_mass_to_charge_and_descriptors() -> None:
    # PEPTIDE: monoisotopic mass 799.3600 Da; [M+2H]2+ = (M + 2 x 1.007276) / 2 = 400.6873.
    mz = out("peptide_mass_to_charge", sequence="PEPTIDE", charge=2)
    assert mz["monoisotopic_mass"] == pytest.approx(799.3600, abs=1e-3)
    assert mz["mz"] == pytest.approx((799.35999 + 2 * 1.007276) / 2, abs=1e-3)
    # SILAC 13C6 labels add 6.020129 Da per Lys/Arg: EGVNDNECEGFFSAR has one Arg, so +3.010 at z = 2.
    light = out("peptide_mass_to_charge", sequence="EGVNDNECEGFFSAR")["mz"]
    heavy = out("peptide_mass_to_charge", sequence="EGVNDNECEGFFSAR", label="silac_13c")["mz"]
    assert heavy - light == pytest.approx(6.020129 / 2, abs=1e-4)
    # Kidera et al. (1985), alanine: -1.56 -1.67 -0.97 -0.27 -0.93 -0.78 -0.20 -0.08 0.21 -0.48.
    kf = [v["value"] for v in out("peptide_descriptors", sequence="A")["values"]]
    assert kf == pytest.approx([-1.56, -1.67, -0.97, -0.27, -0.93, -0.78, -0.20, -0.08, 0.21, -0.48])
    # Sandberg et al. (1998) z-scales, alanine: 0.24 -2.32 0.60 -0.14 1.30.
    z = [v["value"] for v in out("peptide_descriptors", sequence="A", family="z_scales")["values"]]
    assert z == pytest.approx([0.24, -2.32, 0.60, -0.14, 1.30])


def test_protein_failures() -> None:
    assert "internal stop" in err("protein_molecular_weight", sequence="MAIVMGR*KGAR*")
    assert "20 standard amino acids" in err("protein_gravy", sequence="MAXB")
    assert "no value for arginine" in err("amino_acid_scale_value", amino_acid="R", scale="interfaceScale_pH8")
    assert "unknown amino acid" in err("amino_acid_info", amino_acid="Xyz")
