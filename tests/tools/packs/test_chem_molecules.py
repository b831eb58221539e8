"""Real-value tests of the chem pack's molecule tools (RDKit), name and identifier tools (chemicals,
OPSIN). Each expected value is an independent fact with its source in a comment.
"""

from __future__ import annotations

import shutil

import pytest

from packs_util import pool_or_skip

POOL = pool_or_skip("chem")

ASPIRIN = "CC(=O)Oc1ccccc1C(=O)O"
CAFFEINE = "CN1C=NC2=C1C(=O)N(C(=O)N2C)C"
IBUPROFEN = "CC(C)Cc1ccc(cc1)C(C)C(=O)O"
needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="OPSIN needs Java")


def out(_tool: str, /, **args):  # noqa: ANN003, ANN201
    obs = POOL.call(_tool, args)
    assert obs.ok, obs.error
    return obs.output


def err(_tool: str, /, **args) -> str:  # noqa: ANN003
    obs = POOL.call(_tool, args)
    assert obs.ok is False, obs.output
    return obs.error


def test_descriptors_and_formula() -> None:
    # Aspirin (PubChem CID 2244): C9H8O4, 180.16 g/mol, exact mass 180.042259, TPSA 63.6 A^2,
    # 1 H-bond donor, 13 heavy atoms, one (aromatic) ring.
    d = out("molecule_descriptors", smiles=ASPIRIN)
    assert d["formula"] == "C9H8O4" and d["molecular_weight"] == pytest.approx(180.16, abs=0.01)
    assert d["exact_mass"] == pytest.approx(180.042259, abs=1e-5)
    assert d["tpsa"] == pytest.approx(63.6, abs=0.05) and d["h_bond_donors"] == 1
    assert d["heavy_atom_count"] == 13 and d["ring_count"] == 1 and d["aromatic_ring_count"] == 1
    # Caffeine is C8H10N4O2, 194.19 g/mol (PubChem CID 2519).
    f = out("smiles_to_formula", smiles=CAFFEINE)
    assert f["formula"] == "C8H10N4O2" and f["molecular_weight"] == pytest.approx(194.19, abs=0.01)
    # Two SMILES of ethanol canonicalize to the same string.
    assert out("canonical_smiles", smiles="OCC")["canonical_smiles"] == out("canonical_smiles", smiles="C(O)C")["canonical_smiles"]
    # L-alanine's SMILES carries stereo; dropping it gives plain alanine CC(N)C(=O)O.
    ala = out("canonical_smiles", smiles="C[C@@H](C(=O)O)N", keep_stereo=False)
    assert "@" not in ala["canonical_smiles"] and ala["has_stereochemistry"] is True


def test_drug_likeness() -> None:
    # Ibuprofen, an oral drug, satisfies Lipinski's rule of five (MW 206.28, PubChem CID 3672).
    ib = out("lipinski_rule_of_five", smiles=IBUPROFEN)
    assert ib["passes_lipinski"] is True and ib["violations"] == []
    assert ib["molecular_weight"] == pytest.approx(206.28, abs=0.01)
    # Tetracontane C40H82 weighs 563.1 g/mol (> 500) and is far too lipophilic: two violations.
    wax = out("lipinski_rule_of_five", smiles="C" * 40)
    assert wax["passes_lipinski"] is False and len(wax["violations"]) == 2
    # QED of methane is 0.35978 (poli documentation, RDKit QED objective, "a single carbon").
    assert out("drug_likeness_qed", smiles="C")["qed"] == pytest.approx(0.35978, abs=1e-4)


def test_identifiers() -> None:
    # Ethanol: InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3, InChIKey LFQSCWFLJHTTHZ-UHFFFAOYSA-N (PubChem CID 702).
    eth = out("smiles_to_inchi", smiles="CCO")
    assert eth == {"inchi": "InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3", "inchikey": "LFQSCWFLJHTTHZ-UHFFFAOYSA-N",
                   "undefined_stereocenters": 0}
    # alanine without its stereo leaves its one stereocentre open; L-alanine's (PubChem CID 5950) is fixed
    assert out("smiles_to_inchi", smiles="CC(N)C(=O)O")["undefined_stereocenters"] == 1
    assert out("smiles_to_inchi", smiles="C[C@@H](C(=O)O)N") == {
        "inchi": "InChI=1S/C3H7NO2/c1-2(4)3(5)6/h2H,4H2,1H3,(H,5,6)/t2-/m0/s1", "inchikey": "QNAYBMKLOCPYGJ-REOHCLBHSA-N",
        "undefined_stereocenters": 0}
    back = out("inchi_to_smiles", inchi="InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3")
    assert back["smiles"] == "CCO" and back["formula"] == "C2H6O"
    # A double bond's geometry stays in the key: all-trans retinol is FPIPGXGPPPQFEQ-OVSJKPMPSA-N and (E)-capsaicin
    # YKPUWZUDDOIDPM-SOFGYWHQSA-N (PubChem CIDs 445354 and 1548943); the stereo-free keys end in -UHFFFAOYSA-N.
    retinol = out("smiles_to_inchi", smiles="CC1=C(C(CCC1)(C)C)/C=C/C(=C/C=C/C(=C/CO)/C)/C")
    assert retinol["inchikey"] == "FPIPGXGPPPQFEQ-OVSJKPMPSA-N"
    capsaicin = out("smiles_to_inchi", smiles="COc1cc(CNC(=O)CCCC/C=C/C(C)C)ccc1O")
    assert capsaicin["inchikey"] == "YKPUWZUDDOIDPM-SOFGYWHQSA-N"
    assert out("canonical_smiles", smiles="C(=C/C(C)C)\\CCCCC(=O)NCc1ccc(O)c(OC)c1")["canonical_smiles"].count("/") == 2


def test_a_structure_read_from_an_inchi_with_mobile_hydrogens_is_drawn_as_usual() -> None:
    """InChI leaves mobile hydrogens' atoms open, and RDKit reads them onto the first atom listed: paracetamol as an
    imidic acid, folic acid as a hydroxy imine with 7 hydrogen-bond donors. PubChem draws paracetamol
    CC(=O)NC1=CC=C(C=C1)O (CID 1983) and gives folic acid (CID 135398658) 6 donors, guanine (CID 135398634) 3."""
    paracetamol = "InChI=1S/C8H9NO2/c1-6(10)9-7-2-4-8(11)5-3-7/h2-5,11H,1H3,(H,9,10)"
    assert out("inchi_to_smiles", inchi=paracetamol)["smiles"] == "CC(=O)Nc1ccc(O)cc1"
    folic = ("InChI=1S/C19H19N7O6/c20-19-25-15-14(17(30)26-19)23-11(8-22-15)7-21-10-3-1-9(2-4-10)16(29)24-12(18(31)32)"
             "5-6-13(27)28/h1-4,8,12,21H,5-7H2,(H,24,29)(H,27,28)(H,31,32)(H3,20,22,25,26,30)/t12-/m0/s1")
    drawn = out("inchi_to_smiles", inchi=folic)
    assert drawn["inchikey"] == "OVBPIULPVIDEAO-LBPRGKRZSA-N" and "[C@@H]" in drawn["smiles"]  # L-glutamate kept
    assert out("molecule_descriptors", smiles=drawn["smiles"])["h_bond_donors"] == 6
    guanine = out("inchi_to_smiles", inchi="InChI=1S/C5H5N5O/c6-5-9-3-2(4(11)10-5)7-1-8-3/h1H,(H4,6,7,8,9,10,11)")
    assert out("molecule_descriptors", smiles=guanine["smiles"])["h_bond_donors"] == 3


def test_stereo_and_rings() -> None:
    # L-alanine is (S)-2-aminopropanoic acid.
    ala = out("molecule_stereocenters", smiles="C[C@@H](C(=O)O)N")
    assert ala["stereocenter_count"] == 1 and ala["stereocenters"][0]["label"] == "S"
    # Open-chain D-glucose is (2R,3S,4R,5R)-2,3,4,5,6-pentahydroxyhexanal (PubChem CID 107526).
    glc = out("molecule_stereocenters", smiles="O=C[C@H](O)[C@@H](O)[C@H](O)[C@H](O)CO")
    assert [c["label"] for c in glc["stereocenters"]] == ["R", "S", "R", "R"]
    # Naphthalene has two fused aromatic six-membered rings; adamantane has 4 bridgehead carbons.
    nap = out("molecule_ring_info", smiles="c1ccc2ccccc2c1")
    assert nap["ring_sizes"] == [6, 6] and nap["aromatic_ring_count"] == 2
    assert out("molecule_ring_info", smiles="C1C2CC3CC1CC(C2)C3")["bridgehead_atoms"] == 4


def test_similarity_and_substructure() -> None:
    # A molecule is identical to itself whatever the SMILES spelling: Tanimoto 1.0.
    same = out("tanimoto_similarity", smiles_a="OCC", smiles_b="CCO")
    assert same["tanimoto"] == 1.0 and same["identical_structure"] is True
    # Methane and water share no atom environment: Tanimoto 0.
    assert out("tanimoto_similarity", smiles_a="C", smiles_b="O")["tanimoto"] == 0.0
    ranked = out("rank_by_similarity", query_smiles="c1ccccc1O", candidate_smiles=["CCO", "Oc1ccccc1", "c1ccccc1N"])
    assert ranked["ranked"][0] == {"smiles": "Oc1ccccc1", "tanimoto": 1.0}
    # Aspirin has one carboxylic acid; caffeine has two carbonyl groups (its 2,6-dione).
    acid = out("substructure_match", smiles=ASPIRIN, pattern="C(=O)[OX2H1]")
    assert acid["matches"] is True and acid["match_count"] == 1
    assert out("substructure_match", smiles=CAFFEINE, pattern="[#6]=[#8]")["match_count"] == 2
    assert out("substructure_match", smiles="CCO", pattern="c1ccccc1")["matches"] is False
    # Paracetamol (N-(4-hydroxyphenyl)acetamide) is a phenol and an amide.
    groups = {g["group"] for g in out("molecule_functional_groups", smiles="CC(=O)Nc1ccc(O)cc1")["groups"]}
    assert {"aromatic hydroxyl (phenol)", "amide", "benzene ring"} <= groups
    # Ibuprofen's only ring is its benzene ring, so its Murcko scaffold is benzene.
    assert out("murcko_scaffold", smiles=IBUPROFEN)["scaffold_smiles"] == "c1ccccc1"
    # Sodium acetate's parent acid is acetic acid.
    salt = out("strip_salts", smiles="CC(=O)[O-].[Na+]")
    assert salt["parent_smiles"] == "CC(=O)O" and salt["removed_fragments"] == ["[Na+]"]


def test_chemical_database() -> None:
    # Caffeine: CAS 58-08-2, PubChem CID 2519, C8H10N4O2.
    caf = out("chemical_lookup", name="caffeine")
    assert (caf["cas_number"], caf["pubchem_cid"], caf["formula"]) == ("58-08-2", 2519, "C8H10N4O2")
    # CAS 50-78-2 is aspirin (acetylsalicylic acid).
    assert out("chemical_by_cas", cas_number="50-78-2")["name"] == "aspirin"
    # InChIKey RYYVLZVUVIJVGH-UHFFFAOYSA-N is caffeine (PubChem).
    assert out("chemical_by_inchikey", inchikey="RYYVLZVUVIJVGH-UHFFFAOYSA-N")["cas_number"] == "58-08-2"
    # Paracetamol and acetaminophen are the same drug (INN vs USAN).
    syn = out("chemical_synonyms", name="acetaminophen", limit=50)
    assert "paracetamol" in syn["synonyms"] and syn["cas_number"] == "103-90-2"
    # C2H6O has exactly two constitutional isomers: ethanol and dimethyl ether.
    iso = out("chemicals_with_formula", formula="C2H6O")
    assert {c["name"] for c in iso["compounds"]} == {"ethanol", "dimethyl ether"}
    # Formulas are normalized to Hill order: C2H5OH is C2H6O.
    assert out("chemicals_with_formula", formula="C2H5OH")["formula"] == "C2H6O"


@needs_java
def test_opsin_names() -> None:
    # 2-acetyloxybenzoic acid is the IUPAC name of aspirin; 3-methylbutan-2-ol is C5H12O.
    assert out("iupac_name_to_smiles", name="2-acetyloxybenzoic acid")["smiles"] == ASPIRIN
    assert out("iupac_name_to_smiles", name="3-methylbutan-2-ol")["formula"] == "C5H12O"
    # Propan-2-ol (isopropanol) has InChIKey KFZMGEQAYNKOFK-UHFFFAOYSA-N (PubChem CID 3776).
    assert out("iupac_name_to_inchi", name="propan-2-ol")["inchikey"] == "KFZMGEQAYNKOFK-UHFFFAOYSA-N"
    assert "OPSIN could not parse" in err("iupac_name_to_smiles", name="not a real chemical name")


def test_molecule_errors() -> None:
    assert "not valid SMILES" in err("molecule_descriptors", smiles="C1CC(")
    assert "not a valid molecule" in err("smiles_to_formula", smiles="C(C)(C)(C)(C)C")  # pentavalent carbon
    assert "contains a space" in err("molecule_descriptors", smiles="acetic acid")
    assert "not valid SMARTS" in err("substructure_match", smiles="CCO", pattern="[C")
    assert "fails its check digit" in err("chemical_by_cas", cas_number="50-78-3")
    assert "no chemical matching" in err("chemical_lookup", name="unobtainium carbonate")
    assert "not an InChIKey" in err("chemical_by_inchikey", inchikey="caffeine")
    assert "no rings" in err("murcko_scaffold", smiles="CCCC")


def test_open_chain_sugars_are_never_asked_their_form_dependent_descriptors() -> None:
    """The compound table draws glucose, fructose, ribose, galactose, mannose and lactose open-chain; in water they are
    rings (fructose's fraction of sp3 carbons is 5/6 open, 1 as a ring; glucose's TPSA 118.22 open, 110.38 as a ring:
    Ertl's contributions, 20.23 per OH, 17.07 per C=O, 9.23 per ether O). The lexicon lists those structures as
    disputed for the descriptors that differ, so none is asked; sucrose, a ring either way, still is."""
    from dive.lexicon import disputed, load_lexicon  # noqa: PLC0415

    fields = load_lexicon(["chem"]).tools["molecule_descriptors"].fields
    asked = [fl for path, fl in fields.items() if path.endswith(("fraction_csp3", "tpsa", "logp"))]
    assert len(asked) == 3
    for name in ("glucose", "fructose", "ribose", "galactose", "mannose", "lactose"):
        smiles = out("chemical_lookup", name=name)["smiles"]
        assert all(disputed(fl, smiles) for fl in asked), name
    fructose = out("molecule_descriptors", smiles=out("chemical_lookup", name="fructose")["smiles"])
    glucose = out("molecule_descriptors", smiles=out("chemical_lookup", name="glucose")["smiles"])
    assert fructose["fraction_csp3"] == pytest.approx(5 / 6, abs=1e-3) and glucose["tpsa"] == pytest.approx(118.22, abs=0.01)
    assert not any(disputed(fl, out("chemical_lookup", name="sucrose")["smiles"]) for fl in asked)
