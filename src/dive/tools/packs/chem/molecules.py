"""Molecules from SMILES with RDKit: descriptors, formula, drug-likeness rules, InChI, stereo, rings."""

from __future__ import annotations

import re
from typing import Annotated, Any

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.chem._common import RDKIT, Smiles, tidy
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS", "mol_from_smiles"]


def mol_from_smiles(smiles: str, what: str = "smiles") -> Any:
    """An RDKit molecule, or a ToolError saying why the SMILES is not valid."""
    from rdkit import Chem, rdBase

    text = (smiles or "").strip()
    if not text:
        raise ToolError(f"{what} is empty; give a SMILES string such as 'CCO' (ethanol)")
    if " " in text:
        raise ToolError(f"{what} {smiles!r} contains a space: a SMILES has none (a name? use chemical_lookup or "
                        "iupac_name_to_smiles to get the SMILES first)")
    with rdBase.BlockLogs():
        mol = Chem.MolFromSmiles(text, sanitize=False)
        if mol is None:
            raise ToolError(f"{what} {smiles!r} is not valid SMILES (syntax error); example: 'CC(=O)Oc1ccccc1C(=O)O'")
        try:
            Chem.SanitizeMol(mol)
        except Exception as exc:  # noqa: BLE001 - RDKit raises several sanitization exception types
            raise ToolError(f"{what} {smiles!r} is not a valid molecule: {exc}") from None
        # stereo is perceived only by a parse that sanitizes: without this, retinol's all-trans double bonds were
        # dropped from its InChIKey (FPIPGXGPPPQFEQ-UHFFFAOYSA-N, not -OVSJKPMPSA-N: two readers, round AO)
        Chem.AssignStereochemistry(mol, cleanIt=True, force=True)
    if mol.GetNumAtoms() == 0:
        raise ToolError(f"{what} {smiles!r} has no atoms")
    return mol


def canonical(mol: Any) -> str:
    from rdkit import Chem

    return Chem.MolToSmiles(mol)


class Descriptors(TypedDict):
    canonical_smiles: Annotated[str, Sem("smiles")]
    formula: Annotated[str, Sem("molecular_formula")]
    molecular_weight: Annotated[float, Sem("molar_mass", unit="g/mol")]
    exact_mass: Annotated[float, Sem("number", unit="Da")]
    logp: Annotated[float, Sem("number")]
    molar_refractivity: Annotated[float, Sem("number", unit="cm3/mol")]
    tpsa: Annotated[float, Sem("number", unit="angstrom^2")]
    h_bond_donors: int
    h_bond_acceptors: int
    rotatable_bonds: int
    ring_count: int
    aromatic_ring_count: int
    heavy_atom_count: int
    formal_charge: int
    fraction_csp3: Annotated[float, Sem("number")]


@tool(kind="P", examples=[{"smiles": "CC(=O)Oc1ccccc1C(=O)O"}], **RDKIT)
def molecule_descriptors(smiles: Smiles) -> Descriptors:
    """Compute the standard descriptors of a molecule from its SMILES: molecular weight, exact
    mass, Crippen logP and molar refractivity, topological polar surface area (TPSA), H-bond
    donors/acceptors, rotatable bonds, rings, heavy atoms, formal charge and fraction sp3 carbon.

    Get a SMILES from a name first with chemical_lookup or iupac_name_to_smiles.

    Args:
        smiles: SMILES string of the molecule, e.g. "CC(=O)Oc1ccccc1C(=O)O" (aspirin).
    """
    from rdkit.Chem import Crippen, Descriptors, Lipinski, rdMolDescriptors

    mol = mol_from_smiles(smiles)
    return {
        "canonical_smiles": canonical(mol), "formula": rdMolDescriptors.CalcMolFormula(mol),
        "molecular_weight": tidy(Descriptors.MolWt(mol), 8), "exact_mass": tidy(Descriptors.ExactMolWt(mol), 10),
        "logp": tidy(Crippen.MolLogP(mol), 6), "molar_refractivity": tidy(Crippen.MolMR(mol), 6),
        "tpsa": tidy(rdMolDescriptors.CalcTPSA(mol), 6), "h_bond_donors": Lipinski.NumHDonors(mol),
        "h_bond_acceptors": Lipinski.NumHAcceptors(mol),
        "rotatable_bonds": rdMolDescriptors.CalcNumRotatableBonds(mol),
        "ring_count": rdMolDescriptors.CalcNumRings(mol), "aromatic_ring_count": rdMolDescriptors.CalcNumAromaticRings(mol),
        "heavy_atom_count": mol.GetNumHeavyAtoms(), "formal_charge": sum(a.GetFormalCharge() for a in mol.GetAtoms()),
        "fraction_csp3": tidy(rdMolDescriptors.CalcFractionCSP3(mol), 6),
    }


class CanonicalSmiles(TypedDict):
    canonical_smiles: Annotated[str, Sem("smiles")]
    atom_count: int
    has_stereochemistry: bool


@tool(kind="P", examples=[{"smiles": "OCC"}], **RDKIT)
def canonical_smiles(smiles: Smiles, keep_stereo: bool = True) -> CanonicalSmiles:
    """Validate a SMILES and rewrite it in RDKit canonical form, so that two SMILES of the same
    molecule can be compared as strings ("OCC" and "C(O)C" both become "CCO").

    Args:
        smiles: SMILES string to validate and canonicalize.
        keep_stereo: keep stereochemistry (@, /, \\) when true; drop it when false.
    """
    from rdkit import Chem

    mol = mol_from_smiles(smiles)
    text = Chem.MolToSmiles(mol, isomericSmiles=keep_stereo)
    stereo = any(ch in Chem.MolToSmiles(mol) for ch in "@/\\")
    return {"canonical_smiles": text, "atom_count": mol.GetNumAtoms(), "has_stereochemistry": stereo}


class SmilesFormula(TypedDict):
    formula: Annotated[str, Sem("molecular_formula")]
    molecular_weight: Annotated[float, Sem("molar_mass", unit="g/mol")]
    heavy_atom_count: int


@tool(kind="P", examples=[{"smiles": "CN1C=NC2=C1C(=O)N(C(=O)N2C)C"}], **RDKIT)
def smiles_to_formula(smiles: Smiles) -> SmilesFormula:
    """Molecular formula (Hill order, implicit hydrogens counted) and molecular weight of a SMILES.

    Args:
        smiles: SMILES string, e.g. "CN1C=NC2=C1C(=O)N(C(=O)N2C)C" (caffeine).
    """
    from rdkit.Chem import Descriptors, rdMolDescriptors

    mol = mol_from_smiles(smiles)
    return {"formula": rdMolDescriptors.CalcMolFormula(mol), "molecular_weight": tidy(Descriptors.MolWt(mol), 8),
            "heavy_atom_count": mol.GetNumHeavyAtoms()}


class RuleOfFive(TypedDict):
    molecular_weight: Annotated[float, Sem("molar_mass", unit="g/mol")]
    logp: Annotated[float, Sem("number")]
    h_bond_donors: int
    h_bond_acceptors: int
    violations: list[str]
    passes_lipinski: bool
    rotatable_bonds: int
    tpsa: Annotated[float, Sem("number", unit="angstrom^2")]
    passes_veber: bool


@tool(kind="P", examples=[{"smiles": "CC(C)Cc1ccc(cc1)C(C)C(=O)O"}], **RDKIT)
def lipinski_rule_of_five(smiles: Smiles) -> RuleOfFive:
    """Check Lipinski's rule of five for oral drug-likeness (MW <= 500, logP <= 5, H-bond donors
    <= 5, H-bond acceptors <= 10; at most one violation passes) and Veber's rules (rotatable
    bonds <= 10, TPSA <= 140).

    Donors and acceptors are counted as in Lipinski's paper (NH + OH, and N + O atoms).

    Args:
        smiles: SMILES string of the molecule.
    """
    from rdkit.Chem import Crippen, Descriptors, rdMolDescriptors

    mol = mol_from_smiles(smiles)
    mw, logp = Descriptors.MolWt(mol), Crippen.MolLogP(mol)
    hbd, hba = rdMolDescriptors.CalcNumLipinskiHBD(mol), rdMolDescriptors.CalcNumLipinskiHBA(mol)
    violations = [name for name, bad in (("molecular_weight > 500", mw > 500), ("logp > 5", logp > 5),
                                         ("h_bond_donors > 5", hbd > 5), ("h_bond_acceptors > 10", hba > 10)) if bad]
    rot, tpsa = rdMolDescriptors.CalcNumRotatableBonds(mol), rdMolDescriptors.CalcTPSA(mol)
    return {"molecular_weight": tidy(mw, 8), "logp": tidy(logp, 6), "h_bond_donors": hbd, "h_bond_acceptors": hba,
            "violations": violations, "passes_lipinski": len(violations) <= 1, "rotatable_bonds": rot,
            "tpsa": tidy(tpsa, 6), "passes_veber": rot <= 10 and tpsa <= 140}


class Qed(TypedDict):
    qed: Annotated[float, Sem("number")]
    interpretation: str


@tool(kind="P", examples=[{"smiles": "CC(=O)Nc1ccc(O)cc1"}], **RDKIT)
def drug_likeness_qed(smiles: Smiles) -> Qed:
    """Quantitative Estimate of Drug-likeness (QED, Bickerton et al. 2012): a 0-1 score combining
    eight properties; oral drugs typically score above 0.5.

    Args:
        smiles: SMILES string of the molecule.
    """
    from rdkit.Chem import QED

    score = QED.qed(mol_from_smiles(smiles))
    label = "favourable" if score >= 0.67 else "moderate" if score >= 0.49 else "unfavourable"
    return {"qed": tidy(score, 6), "interpretation": label}


def undefined_stereocenters(mol: Any) -> int:
    """The stereocentres a molecule leaves open (RDKit's current perception; a SMILES without ``@`` marks leaves all
    of them: sucrose written so has 9)."""
    from rdkit import Chem

    centers = Chem.FindMolChiralCenters(mol, includeUnassigned=True, useLegacyImplementation=False)
    return sum(1 for _, label in centers if label == "?")


class InchiOut(TypedDict):
    inchi: Annotated[str, Sem("inchi")]
    inchikey: Annotated[str, Sem("inchikey")]
    undefined_stereocenters: int


@tool(kind="P", examples=[{"smiles": "CCO"}], **RDKIT)
def smiles_to_inchi(smiles: Smiles) -> InchiOut:
    """Standard InChI and InChIKey of a molecule given as SMILES. The InChIKey is a fixed-length
    hash that identifies a structure in databases (e.g. chemical_by_inchikey). A SMILES that leaves
    stereocentres open (undefined_stereocenters > 0) gives the key of no one stereoisomer: sucrose
    written without its stereo is CZMRCDWAGMRECN-UHFFFAOYSA-N, not sucrose's -UGDNZRGBSA-N.

    Args:
        smiles: SMILES string, e.g. "CCO".
    """
    from rdkit import Chem, rdBase

    mol = mol_from_smiles(smiles)
    with rdBase.BlockLogs():
        inchi = Chem.MolToInchi(mol)
    if not inchi:
        raise ToolError(f"InChI generation failed for {smiles!r}")
    return {"inchi": inchi, "inchikey": Chem.InchiToInchiKey(inchi), "undefined_stereocenters": undefined_stereocenters(mol)}


class FromInchi(TypedDict):
    smiles: Annotated[str, Sem("smiles")]
    formula: Annotated[str, Sem("molecular_formula")]
    inchikey: Annotated[str, Sem("inchikey")]


@tool(kind="P", examples=[{"inchi": "InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3"}], **RDKIT)
def inchi_to_smiles(inchi: Annotated[str, Sem("inchi")]) -> FromInchi:
    """Convert an InChI string to a canonical SMILES (and its formula and InChIKey). Where the InChI leaves
    hydrogens mobile (its "(H...)" groups), the SMILES is the canonical tautomer (amide, lactam and keto forms, as the
    compound is usually drawn), its stereocentres kept.

    Args:
        inchi: InChI string starting with "InChI=1S/".
    """
    from rdkit import Chem, rdBase
    from rdkit.Chem import rdMolDescriptors

    text = (inchi or "").strip()
    if not text.startswith("InChI="):
        raise ToolError(f"not an InChI: {inchi!r}; an InChI starts with 'InChI=1S/', e.g. 'InChI=1S/CH4/h1H4'")
    with rdBase.BlockLogs():
        mol = Chem.MolFromInchi(text)
        if mol is not None and mol.GetNumAtoms() and _MOBILE_H.search(text):
            mol = _usual_tautomer(mol)
    if mol is None or mol.GetNumAtoms() == 0:
        raise ToolError(f"RDKit could not read the InChI {inchi!r}")
    return {"smiles": Chem.MolToSmiles(mol), "formula": rdMolDescriptors.CalcMolFormula(mol),
            "inchikey": Chem.InchiToInchiKey(text) or Chem.MolToInchiKey(mol)}


_MOBILE_H = re.compile(r"/h[^/]*\(H")
"""An InChI's hydrogen layer with a mobile group: which atom holds those hydrogens is left open."""


def _usual_tautomer(mol: Any) -> Any:
    """RDKit's canonical tautomer of ``mol``, stereocentres and double-bond stereo kept. RDKit reads a mobile
    hydrogen where InChI lists it first: paracetamol as an imidic acid (CC(O)=Nc1ccc(O)cc1), guanine and folic acid as
    hydroxy imines, which have one hydrogen-bond donor more than the compounds as drawn (folic acid's 7 instead of 6:
    both readers, round CZ)."""
    from rdkit.Chem.MolStandardize import rdMolStandardize

    enumerator = rdMolStandardize.TautomerEnumerator()
    enumerator.SetRemoveSp3Stereo(False)
    enumerator.SetRemoveBondStereo(False)
    return enumerator.Canonicalize(mol)


class Stereocenter(TypedDict):
    atom_index: int
    element: Annotated[str, Sem("element_symbol")]
    label: str


class Stereo(TypedDict):
    stereocenter_count: int
    unassigned_count: int
    stereocenters: list[Stereocenter]
    double_bond_stereo: list[str]


@tool(kind="P", examples=[{"smiles": "C[C@@H](C(=O)O)N"}], **RDKIT)
def molecule_stereocenters(smiles: Smiles) -> Stereo:
    """Find the stereocenters (chiral atoms) of a molecule and their CIP labels (R/S, or "?" when
    the SMILES leaves them unspecified), plus E/Z double bonds.

    The number of stereoisomers is at most 2^n for n stereocenters.

    Args:
        smiles: SMILES string, with @/@@ marks where the configuration is known.
    """
    from rdkit import Chem

    mol = mol_from_smiles(smiles)
    centers = Chem.FindMolChiralCenters(mol, includeUnassigned=True, useLegacyImplementation=False)
    listed = [{"atom_index": idx, "element": mol.GetAtomWithIdx(idx).GetSymbol(), "label": label}
              for idx, label in centers]
    bonds = []
    for bond in mol.GetBonds():
        stereo = str(bond.GetStereo())
        if stereo in ("STEREOE", "STEREOZ", "STEREOCIS", "STEREOTRANS"):
            bonds.append(f"{bond.GetBeginAtomIdx()}={bond.GetEndAtomIdx()} {stereo.removeprefix('STEREO')}")
    return {"stereocenter_count": len(listed), "unassigned_count": sum(1 for c in listed if c["label"] == "?"),
            "stereocenters": listed, "double_bond_stereo": bonds}


class Rings(TypedDict):
    ring_count: int
    aromatic_ring_count: int
    ring_sizes: list[int]
    heterocycle_count: int
    spiro_atoms: int
    bridgehead_atoms: int


@tool(kind="P", examples=[{"smiles": "c1ccc2ccccc2c1"}], **RDKIT)
def molecule_ring_info(smiles: Smiles) -> Rings:
    """Ring analysis of a molecule: number of rings (smallest set), aromatic rings, ring sizes,
    heterocycles, spiro and bridgehead atoms.

    Args:
        smiles: SMILES string, e.g. "c1ccc2ccccc2c1" (naphthalene).
    """
    from rdkit.Chem import rdMolDescriptors

    mol = mol_from_smiles(smiles)
    rings = mol.GetRingInfo().AtomRings()
    return {"ring_count": len(rings), "aromatic_ring_count": rdMolDescriptors.CalcNumAromaticRings(mol),
            "ring_sizes": sorted(len(r) for r in rings), "heterocycle_count": rdMolDescriptors.CalcNumHeterocycles(mol),
            "spiro_atoms": rdMolDescriptors.CalcNumSpiroAtoms(mol),
            "bridgehead_atoms": rdMolDescriptors.CalcNumBridgeheadAtoms(mol)}


TOOLS = [molecule_descriptors, canonical_smiles, smiles_to_formula, lipinski_rule_of_five, drug_likeness_qed,
         smiles_to_inchi, inchi_to_smiles, molecule_stereocenters, molecule_ring_info]
