"""Chemical names and identifiers: the chemicals package's identifier database (about 76,000
compounds: name, CAS, SMILES, InChI, formula; read from a cached snapshot, see ``_chemicals_db``) and
OPSIN's IUPAC-name parser (py2opsin, Java).
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.chem._chemicals_db import install, records_with_formula
from dive.tools.packs.chem._common import CHEMICALS, OPSIN, Cas, Formula, tidy
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS", "metadata", "resolve_cas"]

MoleculeName = Annotated[str, Sem("molecule_name")]
_CAS_RE = re.compile(r"^\d{2,7}-\d{2}-\d$")


def _cas_text(cas: int | str) -> str:
    """chemicals stores CAS numbers as integers: 64175 -> "64-17-5"."""
    digits = str(cas)
    return f"{digits[:-3]}-{digits[-3:-1]}-{digits[-1]}"


def _search(query: str) -> Any:
    from chemicals.identifiers import search_chemical

    install()
    try:
        return search_chemical(query, autoload=True, cache=True)
    except ValueError:
        return None


@functools.lru_cache(maxsize=1024)
def metadata(query: str, what: str = "name") -> Any:
    """The chemicals-database record for a name, CAS number or 'InChIKey=...' query, or a ToolError."""
    text = (query or "").strip()
    if not text:
        raise ToolError(f"{what} is empty; give a chemical name such as 'caffeine' or a CAS number such as '58-08-2'")
    record = _search(text)
    if record is None and text != text.lower():
        record = _search(text.lower())
    if record is None:
        raise ToolError(f"no chemical matching {what} {query!r} in the chemicals database; try another common or "
                        "IUPAC name, a CAS number ('64-17-5'), or iupac_name_to_smiles for a systematic name")
    return record


def resolve_cas(cas_number: str) -> Any:
    """The record for a CAS number, checking its format and check digit first."""
    text = (cas_number or "").strip()
    if not _CAS_RE.match(text):
        raise ToolError(f"not a CAS registry number: {cas_number!r}; the format is digits-2 digits-check digit, e.g. '64-17-5'")
    digits = text.replace("-", "")
    check = sum(int(d) * i for i, d in enumerate(reversed(digits[:-1]), start=1)) % 10
    if check != int(digits[-1]):
        raise ToolError(f"CAS number {cas_number!r} fails its check digit (expected {check}); check for a typo")
    return metadata(text, "CAS number")


class Chemical(TypedDict):
    name: Annotated[str, Sem("molecule_name")]
    iupac_name: Annotated[str, Sem("molecule_name")]
    cas_number: Annotated[str, Sem("cas_number")]
    formula: Annotated[str, Sem("molecular_formula")]
    molecular_weight: Annotated[float, Sem("molar_mass", unit="g/mol")]
    smiles: Annotated[str, Sem("smiles")]
    inchi: Annotated[str, Sem("inchi")]
    inchikey: Annotated[str, Sem("inchikey")]
    pubchem_cid: int
    undefined_stereocenters: int | None


def _chemical(r: Any) -> Chemical:
    return {"name": r.common_name, "iupac_name": r.iupac_name, "cas_number": r.CASs, "formula": r.formula,
            "molecular_weight": tidy(r.MW, 8), "smiles": r.smiles, "inchi": f"InChI=1S/{r.InChI}",
            "inchikey": r.InChI_key, "pubchem_cid": int(r.pubchemid), "undefined_stereocenters": _open_centers(r.smiles)}


def _open_centers(smiles: str) -> int | None:
    """The stereocentres the record's structure leaves open: the database holds some compounds without their stereo
    (quinine, CAS 130-95-0, as LOUPRKONTZGTKE-UHFFFAOYSA-N; its own key is -WZBLMQSHSA-N), and then its InChIKey is
    no one stereoisomer's. None when RDKit cannot read the SMILES."""
    from dive.tools.packs.chem.molecules import mol_from_smiles, undefined_stereocenters  # noqa: PLC0415

    try:
        return undefined_stereocenters(mol_from_smiles(smiles))
    except (ToolError, ImportError, RuntimeError, ValueError):
        return None


@tool(kind="R", examples=[{"name": "caffeine"}, {"name": "acetic acid"}], **CHEMICALS)
def chemical_lookup(name: MoleculeName) -> Chemical:
    """Look up a chemical by common or IUPAC name (or CAS number) in an offline database of about
    76,000 compounds: CAS number, formula, molecular weight, SMILES, InChI, InChIKey, PubChem CID.

    The first step for most molecule questions: feed the SMILES to the molecule_* tools, the CAS
    number to the chemical_* property tools.

    Args:
        name: chemical name such as "caffeine", "ethanol" or "2-acetyloxybenzoic acid".
    """
    return _chemical(metadata(name))


@tool(kind="R", examples=[{"cas_number": "50-78-2"}], **CHEMICALS)
def chemical_by_cas(cas_number: Cas) -> Chemical:
    """Identify a chemical from its CAS registry number: name, formula, molecular weight, SMILES,
    InChI and InChIKey. The check digit is verified first.

    Args:
        cas_number: CAS number such as "50-78-2".
    """
    return _chemical(resolve_cas(cas_number))


@tool(kind="R", examples=[{"inchikey": "RYYVLZVUVIJVGH-UHFFFAOYSA-N"}], **CHEMICALS)
def chemical_by_inchikey(inchikey: Annotated[str, Sem("inchikey")]) -> Chemical:
    """Identify a chemical from its InChIKey (e.g. from smiles_to_inchi): name, CAS number, formula,
    SMILES and more.

    Args:
        inchikey: 27-character InChIKey such as "RYYVLZVUVIJVGH-UHFFFAOYSA-N".
    """
    key = (inchikey or "").strip().upper()
    if not re.match(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$", key):
        raise ToolError(f"not an InChIKey: {inchikey!r}; it looks like 'RYYVLZVUVIJVGH-UHFFFAOYSA-N'")
    return _chemical(metadata(f"InChIKey={key}", "InChIKey"))


class Synonyms(TypedDict):
    name: Annotated[str, Sem("molecule_name")]
    cas_number: Annotated[str, Sem("cas_number")]
    synonyms: list[Annotated[str, Sem("molecule_name")]]
    total: int


@tool(kind="R", examples=[{"name": "acetaminophen", "limit": 5}], **CHEMICALS)
def chemical_synonyms(name: MoleculeName, limit: int = 15) -> Synonyms:
    """Other names of a chemical (trade names, systematic names, old names), e.g. paracetamol =
    acetaminophen = Tylenol.

    Args:
        name: any name or CAS number of the chemical.
        limit: most synonyms to return (1-100).
    """
    r = metadata(name)
    seen: list[str] = []
    for syn in r.synonyms:
        if syn not in seen and not _CAS_RE.match(syn):
            seen.append(syn)
    return {"name": r.common_name, "cas_number": r.CASs, "synonyms": seen[: max(1, min(limit, 100))], "total": len(seen)}


class Isomer(TypedDict):
    name: Annotated[str, Sem("molecule_name")]
    cas_number: Annotated[str, Sem("cas_number")]
    smiles: Annotated[str, Sem("smiles")]


class Isomers(TypedDict):
    formula: Annotated[str, Sem("molecular_formula")]
    total: int
    compounds: list[Isomer]


@tool(kind="R", examples=[{"formula": "C2H6O"}], **CHEMICALS)
def chemicals_with_formula(formula: Formula, limit: int = 15) -> Isomers:
    """List the known compounds (isomers) with a given molecular formula in the offline chemicals
    database, e.g. C2H6O -> ethanol and dimethyl ether. Formulas are matched in Hill order
    (C, then H, then the rest alphabetically), so write "C2H6O" rather than "C2H5OH".

    Args:
        formula: molecular formula in Hill order, e.g. "C4H10".
        limit: most compounds to list (1-100); ``total`` counts them all.
    """
    text = (formula or "").strip()
    records = records_with_formula(text)
    if not records:
        from molmass import Formula as MolmassFormula

        try:
            hill = MolmassFormula(text).formula
        except Exception:  # noqa: BLE001 - molmass raises FormulaError and others
            raise ToolError(f"cannot read formula {formula!r}; write it like 'C2H6O'") from None
        records = records_with_formula(hill)
        text = hill
    if not records:
        raise ToolError(f"no compound with formula {text} in the chemicals database")
    records = sorted(records, key=lambda r: r.CAS)
    return {"formula": text, "total": len(records),
            "compounds": [{"name": r.common_name, "cas_number": r.CASs, "smiles": r.smiles} for r in records[: max(1, min(limit, 100))]]}


def _opsin(name: str, output_format: str) -> str:
    """Run OPSIN on one name (a warm Java process, :mod:`dive.tools.packs.chem.opsin`); ToolError when it fails."""
    from dive.tools.packs.chem.opsin import opsin

    return opsin(name, output_format)


@functools.lru_cache(maxsize=512)
def _opsin_smiles(name: str) -> str:
    return _opsin(name, "SMILES")


class OpsinSmiles(TypedDict):
    name: Annotated[str, Sem("molecule_name")]
    smiles: Annotated[str, Sem("smiles")]
    formula: Annotated[str, Sem("molecular_formula")]


@tool(kind="P", examples=[{"name": "2-acetyloxybenzoic acid"}], timeout_s=30, **OPSIN)
def iupac_name_to_smiles(name: MoleculeName) -> OpsinSmiles:
    """Convert a systematic (IUPAC) chemical name to a SMILES by parsing the name itself with
    OPSIN, so it works for any correctly named structure even if it is in no database, e.g.
    "3-methylbutan-2-ol" or "4-(2-aminoethyl)benzene-1,2-diol". Slow (about 1 s, runs Java).

    OPSIN knows only a few trivial names and no trade names: use chemical_lookup for those.

    Args:
        name: IUPAC or systematic name.
    """
    from rdkit.Chem import rdMolDescriptors

    from dive.tools.packs.chem.molecules import canonical, mol_from_smiles

    mol = mol_from_smiles(_opsin_smiles((name or "").strip()))
    return {"name": name.strip(), "smiles": canonical(mol), "formula": rdMolDescriptors.CalcMolFormula(mol)}


class OpsinInchi(TypedDict):
    name: Annotated[str, Sem("molecule_name")]
    inchi: Annotated[str, Sem("inchi")]
    inchikey: Annotated[str, Sem("inchikey")]


@functools.lru_cache(maxsize=512)
def _opsin_inchi(name: str) -> str:
    return _opsin(name, "StdInChI")


@tool(kind="P", examples=[{"name": "propan-2-ol"}], timeout_s=30, **OPSIN)
def iupac_name_to_inchi(name: MoleculeName) -> OpsinInchi:
    """Convert a systematic (IUPAC) chemical name to a standard InChI and InChIKey with OPSIN.
    Slow (about 1 s, runs Java). Use the InChIKey to find the compound with chemical_by_inchikey.

    Args:
        name: IUPAC or systematic name such as "propan-2-ol".
    """
    from rdkit import Chem

    inchi = _opsin_inchi((name or "").strip())
    return {"name": name.strip(), "inchi": inchi, "inchikey": Chem.InchiToInchiKey(inchi)}


TOOLS = [chemical_lookup, chemical_by_cas, chemical_by_inchikey, chemical_synonyms, chemicals_with_formula,
         iupac_name_to_smiles, iupac_name_to_inchi]
