"""Comparing and dissecting molecules with RDKit: fingerprint similarity, substructure search,
functional groups, scaffolds and salt stripping.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.chem._common import RDKIT, Smiles, tidy
from dive.tools.packs.chem.molecules import canonical, mol_from_smiles
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]


@functools.lru_cache(maxsize=8)
def _generator(radius: int, n_bits: int) -> Any:
    from rdkit.Chem import rdFingerprintGenerator

    return rdFingerprintGenerator.GetMorganGenerator(radius=radius, fpSize=n_bits)


def _check_radius(radius: int) -> None:
    if not 1 <= radius <= 4:
        raise ToolError(f"radius must be 1-4 (2 is the usual ECFP4-like choice), got {radius}")


class Similarity(TypedDict):
    tanimoto: Annotated[float, Sem("number")]
    smiles_a: Annotated[str, Sem("smiles")]
    smiles_b: Annotated[str, Sem("smiles")]
    identical_structure: bool


@tool(kind="P", examples=[{"smiles_a": "CC(=O)Oc1ccccc1C(=O)O", "smiles_b": "OC(=O)c1ccccc1O"}], **RDKIT)
def tanimoto_similarity(smiles_a: Smiles, smiles_b: Smiles, radius: int = 2) -> Similarity:
    """Structural similarity of two molecules: Tanimoto coefficient (0-1) of their Morgan
    (circular, ECFP-like) fingerprints, 2048 bits. 1.0 means identical fingerprints; values
    above about 0.5 usually mean close analogues.

    Args:
        smiles_a: SMILES of the first molecule.
        smiles_b: SMILES of the second molecule.
        radius: Morgan radius (2 is like ECFP4).
    """
    from rdkit import DataStructs

    _check_radius(radius)
    a, b = mol_from_smiles(smiles_a, "smiles_a"), mol_from_smiles(smiles_b, "smiles_b")
    gen = _generator(radius, 2048)
    score = DataStructs.TanimotoSimilarity(gen.GetFingerprint(a), gen.GetFingerprint(b))
    ca, cb = canonical(a), canonical(b)
    return {"tanimoto": tidy(score, 6), "smiles_a": ca, "smiles_b": cb, "identical_structure": ca == cb}


class Ranked(TypedDict):
    smiles: Annotated[str, Sem("smiles")]
    tanimoto: Annotated[float, Sem("number")]


class Ranking(TypedDict):
    query: Annotated[str, Sem("smiles")]
    ranked: list[Ranked]


@tool(kind="P", examples=[{"query_smiles": "c1ccccc1O", "candidate_smiles": ["c1ccccc1N", "CCO", "Oc1ccc(O)cc1"]}], **RDKIT)
def rank_by_similarity(query_smiles: Smiles, candidate_smiles: list[Annotated[str, Sem("smiles")]],
                       limit: int = 10, radius: int = 2) -> Ranking:
    """Rank candidate molecules by Tanimoto similarity (Morgan fingerprints) to a query molecule,
    most similar first; use it to find the closest analogue in a list.

    Args:
        query_smiles: SMILES of the reference molecule.
        candidate_smiles: SMILES strings to rank (up to 200).
        limit: most candidates to return.
        radius: Morgan radius (2 is like ECFP4).
    """
    from rdkit import DataStructs

    _check_radius(radius)
    if not candidate_smiles:
        raise ToolError("candidate_smiles is empty; give at least one SMILES to compare")
    if len(candidate_smiles) > 200:
        raise ToolError(f"too many candidates ({len(candidate_smiles)}); give at most 200")
    gen = _generator(radius, 2048)
    query = mol_from_smiles(query_smiles, "query_smiles")
    qfp = gen.GetFingerprint(query)
    ranked = []
    for i, text in enumerate(candidate_smiles):
        mol = mol_from_smiles(text, f"candidate_smiles[{i}]")
        ranked.append({"smiles": text, "tanimoto": tidy(DataStructs.TanimotoSimilarity(qfp, gen.GetFingerprint(mol)), 6)})
    ranked.sort(key=lambda r: -r["tanimoto"])
    return {"query": canonical(query), "ranked": ranked[: max(1, limit)]}


class Match(TypedDict):
    matches: bool
    match_count: int
    matched_atoms: list[list[int]]


@tool(kind="P", examples=[{"smiles": "CC(=O)Oc1ccccc1C(=O)O", "pattern": "C(=O)[OX2H1]"}], **RDKIT)
def substructure_match(smiles: Smiles, pattern: Annotated[str, Sem("smarts")], limit: int = 10) -> Match:
    """Test whether a molecule contains a substructure given as SMARTS (or plain SMILES), and count
    the matches, e.g. carboxylic acid "C(=O)[OX2H1]", benzene ring "c1ccccc1", amine "[NX3;H2,H1]".

    Args:
        smiles: SMILES of the molecule to search.
        pattern: SMARTS pattern of the substructure.
        limit: most matches whose atom indices are listed.
    """
    from rdkit import Chem, rdBase

    mol = mol_from_smiles(smiles)
    with rdBase.BlockLogs():
        query = Chem.MolFromSmarts((pattern or "").strip())
    if query is None or query.GetNumAtoms() == 0:
        raise ToolError(f"pattern {pattern!r} is not valid SMARTS; examples: 'c1ccccc1', 'C(=O)O', '[OX2H]'")
    found = mol.GetSubstructMatches(query, maxMatches=1000)
    return {"matches": bool(found), "match_count": len(found), "matched_atoms": [list(m) for m in found[: max(0, limit)]]}


_GROUPS = {
    "fr_Al_OH": "aliphatic hydroxyl", "fr_Ar_OH": "aromatic hydroxyl (phenol)", "fr_COO": "carboxylic acid",
    "fr_ester": "ester", "fr_ether": "ether", "fr_aldehyde": "aldehyde", "fr_ketone": "ketone", "fr_amide": "amide",
    "fr_NH2": "primary amine", "fr_NH1": "secondary amine", "fr_NH0": "tertiary amine", "fr_aniline": "aniline",
    "fr_nitrile": "nitrile", "fr_nitro": "nitro", "fr_halogen": "halogen", "fr_alkyl_halide": "alkyl halide",
    "fr_benzene": "benzene ring", "fr_pyridine": "pyridine", "fr_imidazole": "imidazole", "fr_furan": "furan",
    "fr_thiophene": "thiophene", "fr_SH": "thiol", "fr_sulfide": "sulfide", "fr_sulfonamd": "sulfonamide",
    "fr_sulfone": "sulfone", "fr_urea": "urea", "fr_lactone": "lactone", "fr_lactam": "beta-lactam",
    "fr_epoxide": "epoxide", "fr_azo": "azo", "fr_imide": "imide", "fr_guanido": "guanidine",
    "fr_phos_acid": "phosphoric acid", "fr_phos_ester": "phosphoric ester", "fr_methoxy": "methoxy",
    "fr_piperdine": "piperidine", "fr_piperzine": "piperazine", "fr_morpholine": "morpholine",
    "fr_quatN": "quaternary nitrogen", "fr_term_acetylene": "terminal alkyne", "fr_benzodiazepine": "benzodiazepine",
}


class Group(TypedDict):
    group: str
    count: int


class Groups(TypedDict):
    canonical_smiles: Annotated[str, Sem("smiles")]
    groups: list[Group]


@tool(kind="P", examples=[{"smiles": "CC(=O)Nc1ccc(O)cc1"}], **RDKIT)
def molecule_functional_groups(smiles: Smiles) -> Groups:
    """Identify the functional groups of a molecule (hydroxyl, carboxylic acid, ester, amide, amines,
    halogens, aromatic rings, heterocycles, ...) with how many times each occurs (RDKit fragment
    catalogue). Only groups present are listed.

    Args:
        smiles: SMILES of the molecule.
    """
    from rdkit.Chem import Fragments

    mol = mol_from_smiles(smiles)
    groups = []
    for fn_name, label in _GROUPS.items():
        count = int(getattr(Fragments, fn_name)(mol))
        if count:
            groups.append({"group": label, "count": count})
    return {"canonical_smiles": canonical(mol), "groups": groups}


class Scaffold(TypedDict):
    scaffold_smiles: Annotated[str, Sem("smiles")]
    scaffold_formula: Annotated[str, Sem("molecular_formula")]
    ring_count: int


@tool(kind="P", examples=[{"smiles": "CC(C)Cc1ccc(cc1)C(C)C(=O)O"}], **RDKIT)
def murcko_scaffold(smiles: Smiles, generic: bool = False) -> Scaffold:
    """Bemis-Murcko scaffold of a molecule: its ring systems and the linkers between them, with
    side chains removed. Used to group compounds into chemical series. Acyclic molecules have an
    empty scaffold, which is an error here.

    Args:
        smiles: SMILES of the molecule.
        generic: when true, turn every atom into carbon and every bond into a single bond (generic framework).
    """
    from rdkit import Chem
    from rdkit.Chem import rdMolDescriptors
    from rdkit.Chem.Scaffolds import MurckoScaffold

    mol = mol_from_smiles(smiles)
    core = MurckoScaffold.GetScaffoldForMol(mol)
    if generic:
        core = MurckoScaffold.MakeScaffoldGeneric(core)
    if core.GetNumAtoms() == 0:
        raise ToolError(f"{smiles!r} has no rings, so its Murcko scaffold is empty")
    return {"scaffold_smiles": Chem.MolToSmiles(core), "scaffold_formula": rdMolDescriptors.CalcMolFormula(core),
            "ring_count": core.GetRingInfo().NumRings()}


class Parent(TypedDict):
    parent_smiles: Annotated[str, Sem("smiles")]
    parent_formula: Annotated[str, Sem("molecular_formula")]
    removed_fragments: list[Annotated[str, Sem("smiles")]]
    fragment_count: int


@tool(kind="P", examples=[{"smiles": "CC(=O)[O-].[Na+]"}], **RDKIT)
def strip_salts(smiles: Smiles, neutralize: bool = True) -> Parent:
    """Get the parent compound of a salt or mixture: keep the largest organic fragment of a
    dot-separated SMILES (dropping counter-ions and solvents) and optionally neutralize charges,
    e.g. sodium acetate "CC(=O)[O-].[Na+]" -> acetic acid "CC(=O)O".

    Args:
        smiles: SMILES, possibly with several "."-separated fragments.
        neutralize: also neutralize the kept fragment by adding or removing protons.
    """
    from rdkit import Chem
    from rdkit.Chem import rdMolDescriptors
    from rdkit.Chem.MolStandardize import rdMolStandardize

    mol = mol_from_smiles(smiles)
    parent = rdMolStandardize.LargestFragmentChooser(preferOrganic=True).choose(mol)
    kept = Chem.MolToSmiles(parent)
    fragments = Chem.MolToSmiles(mol).split(".")
    if neutralize:
        parent = rdMolStandardize.Uncharger().uncharge(parent)
    removed = list(fragments)
    if kept in removed:
        removed.remove(kept)
    return {"parent_smiles": Chem.MolToSmiles(parent), "parent_formula": rdMolDescriptors.CalcMolFormula(parent),
            "removed_fragments": removed, "fragment_count": len(fragments)}


TOOLS = [tanimoto_similarity, rank_by_similarity, substructure_match, molecule_functional_groups, murcko_scaffold,
         strip_salts]
