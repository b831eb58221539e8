"""How the chem pack's coded values are said in a question: pure, offline, never raising.

- ``element_label``: an element symbol as its English name ("Fe" -> "iron");
- ``nuclide_label``: a nuclide as it is spoken ("C-14" -> "carbon-14", "Tc-99m" -> "technetium-99m");
- ``smiles_label``: the SMILES of one of the pack's seed molecules as its common name ("CCO" -> "ethanol");
- ``cas_label``: the CAS number of a seed molecule as its common name, others as "CAS 71-43-2";
- ``fluid_label``: a CoolProp fluid name in plain words ("CarbonDioxide" -> "carbon dioxide");
- ``temperature_label``: a temperature in kelvins as a person states it, with its unit: a whole number of degrees
  Celsius in °C ("298.15" -> "25 °C"), any other in kelvins ("350 K");
- ``pressure_label``: a pressure in pascals as a person states it, with its unit: whole atmospheres in atm
  ("101325" -> "1 atm"), whole kilopascals in kPa ("50000" -> "50 kPa"), any other in pascals.

Each returns None when it has no better name, so the value is shown as it is.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

__all__ = ["cas_label", "element_aliases", "element_label", "fluid_label", "nuclide_label", "pressure_label",
           "smiles_label", "temperature_label"]


@cache
def _element_names() -> dict[str, str]:
    try:
        import periodictable  # noqa: PLC0415 - the pack's own backing package; loaded on first use
    except ImportError:
        return {}
    return {el.symbol: el.name for el in periodictable.elements if el.number > 0}


def element_label(value: Any) -> str | None:
    """``"Fe"`` -> ``"iron"`` (None when not an element symbol)."""
    try:
        text = str(value).strip()
        return _element_names().get(text[:1].upper() + text[1:].lower())
    except Exception:  # noqa: BLE001 - a label never raises
        return None


_SPELLINGS = (("aluminum", "aluminium"), ("cesium", "caesium"), ("sulfur", "sulphur"))
"""American and British spellings of element names (IUPAC accepts both for aluminium and caesium)."""


def element_aliases(value: Any) -> tuple[str, ...]:
    """The other spelling of an element's name: ``"Aluminum"`` -> Aluminium (two readers of round AX found an answer
    of "Aluminium" would be marked wrong), ``"sulphur"`` -> sulfur; none for other names."""
    if not isinstance(value, str):
        return ()
    text = value.strip()
    for pair in _SPELLINGS:
        for i, name in enumerate(pair):
            if text.lower() == name:
                other = pair[1 - i]
                return (other.capitalize() if text[:1].isupper() else other,)
    return ()


_NUCLIDE = re.compile(r"^([A-Za-z]{1,2})-?(\d{1,3})(m\d?)?$")


def nuclide_label(value: Any) -> str | None:
    """``"C-14"`` -> ``"carbon-14"``; ``"Tc-99m"`` -> ``"technetium-99m"`` (None when not a nuclide)."""
    try:
        m = _NUCLIDE.match(str(value).strip())
        if not m:
            return None
        name = element_label(m.group(1))
        return f"{name}-{m.group(2)}{m.group(3) or ''}" if name else None
    except Exception:  # noqa: BLE001 - a label never raises
        return None


@cache
def _seed_molecules() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """SMILES -> name, CAS number -> name and InChIKey -> name for the pack's seed molecules (chem/seeds.py)."""
    smiles: dict[str, str] = {}
    cas: dict[str, str] = {}
    inchikeys: dict[str, str] = {}
    try:
        from dive.tools.packs.chem.names import metadata  # noqa: PLC0415 - the chemicals database is slow to load
        from dive.tools.packs.chem.seeds import COMMON_MOLECULES  # noqa: PLC0415

        for name in COMMON_MOLECULES:
            try:
                r = metadata(name)
            except Exception:  # noqa: BLE001, S112 - a name the database lacks has no label
                continue
            if r.smiles:
                smiles.setdefault(r.smiles, name)
                canon = _canonical(r.smiles)
                if canon:
                    smiles.setdefault(canon, name)
            if r.CASs:
                cas.setdefault(r.CASs, name)
            if r.InChI_key:
                inchikeys.setdefault(r.InChI_key, name)
    except Exception:  # noqa: BLE001 - without the database, no labels
        pass
    return smiles, cas, inchikeys


def _canonical(smiles: str) -> str | None:
    try:
        from rdkit import Chem, RDLogger  # noqa: PLC0415

        RDLogger.DisableLog("rdApp.*")
        mol = Chem.MolFromSmiles(smiles)
        return Chem.MolToSmiles(mol) if mol is not None else None
    except Exception:  # noqa: BLE001 - no RDKit or a bad SMILES: no canonical form
        return None


def smiles_label(value: Any) -> str | None:
    """The common name of a seed molecule's SMILES (written as in the seeds or in any equivalent form)."""
    try:
        text = str(value).strip()
        names = _seed_molecules()[0]
        if text in names:
            return names[text]
        canon = _canonical(text)
        return names.get(canon) if canon else None
    except Exception:  # noqa: BLE001 - a label never raises
        return None


def cas_label(value: Any) -> str | None:
    """A seed molecule's CAS number as its common name ("64-17-5" -> "ethanol"); others as "CAS 71-43-2"."""
    try:
        text = str(value).strip()
        if not re.fullmatch(r"\d{2,7}-\d{2}-\d", text):
            return None
        return _seed_molecules()[1].get(text) or f"CAS {text}"
    except Exception:  # noqa: BLE001 - a label never raises
        return None


def inchikey_label(value: Any) -> str | None:
    """A seed molecule's InChIKey as its common name: people name a compound, and finding its key is a step."""
    try:
        return _seed_molecules()[2].get(str(value).strip())
    except Exception:  # noqa: BLE001 - a label never raises
        return None


_FLUID_PREFIXES = ("cyclo", "iso", "para", "ortho")
_FLUID_NAMES = {"EthylBenzene": "ethylbenzene", "n-Propane": "propane", "Air": "air",
                "Dichloroethane": "1,2-dichloroethane", "R1130(E)": "trans-1,2-dichloroethene"}
"""Fluids whose CoolProp name is not their plain name: "dichloroethane" is either isomer (1,1- boils at 57 °C, 1,2- at
83.5 °C; both readers, round CL), and R1130(E) is a solvent people call trans-1,2-dichloroethene (a reader, round CL)."""


def fluid_label(value: Any) -> str | None:
    """A CoolProp fluid name in plain words: ``"CarbonDioxide"`` -> ``"carbon dioxide"``, ``"n-Butane"`` ->
    ``"n-butane"``; refrigerant numbers and siloxane codes (R134a, MDM, D4) stay as they are (None), but for a
    refrigerant's isomer letters, which CoolProp writes in capitals for some: ``"R365MFC"`` -> ``"R365mfc"`` (a reader
    found "R365MFC" a tool's identifier, round AD; a blend such as R410A keeps its capital)."""
    try:
        text = str(value).strip()
        if text in _FLUID_NAMES:
            return _FLUID_NAMES[text]
        if m := re.fullmatch(r"R(\d{2}|[1-3]\d\d|1\d{3})([A-Z]+)", text):
            return f"R{m.group(1)}{m.group(2).lower()}"
        if not text or re.search(r"\d", text.split("-")[-1]) or text.isupper():
            return None
        words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text).lower().split()
        out: list[str] = []
        for w in words:
            if out and out[-1] in _FLUID_PREFIXES:
                out[-1] += w
            else:
                out.append(w)
        return " ".join(out)
    except Exception:  # noqa: BLE001 - a label never raises
        return None


def _number(value: float) -> str:
    """A number as a question writes any other (:func:`dive.derivation.realize.format_number`: "101,325", "1234.5")."""
    from dive.derivation.realize import format_number  # noqa: PLC0415 - the deriver calls the labels: no import cycle

    return format_number(value)


def temperature_label(value: Any) -> str | None:
    """``298.15`` -> ``"25 °C"``; ``350`` -> ``"350 K"`` (None when not a number). A question states a room or a body
    temperature in degrees Celsius, as people do ("the vapour pressure of ethanol at 25 °C", never "at 298.15 K": two
    readers); a temperature that is no whole number of degrees Celsius stays in the kelvins it was given in."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    celsius = round(value - 273.15, 6)
    if celsius == int(celsius) and -100 <= celsius <= 1000:
        return f"{int(celsius)} °C"
    return f"{_number(value)} K"


def pressure_label(value: Any) -> str | None:
    """``101325`` -> ``"1 atm"``; ``50000`` -> ``"50 kPa"``; ``1234.5`` -> ``"1,234.5 Pa"`` (None when not a number).
    Atmospheric pressure is "1 atm" to a person (never "101,325 Pa": a reader of round CUK)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    atm = value / 101325
    if value > 0 and abs(atm - round(atm)) < 1e-9 and round(atm) <= 100:
        return f"{round(atm)} atm"
    if value >= 1000 and value % 1000 == 0:
        return f"{_number(value / 1000)} kPa"
    return f"{_number(value)} Pa"
