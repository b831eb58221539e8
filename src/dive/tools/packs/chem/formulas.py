"""Molecular formulas with molmass: molar mass, composition, isotope pattern, mole conversions."""

from __future__ import annotations

import functools
from typing import Annotated, Any

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.chem._common import MOLMASS, Formula, positive, tidy
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS", "parse_formula"]

AVOGADRO = 6.02214076e23  # exact since the 2019 SI redefinition
MassG = Annotated[float, Sem("mass_g", unit="g")]
AmountMol = Annotated[float, Sem("amount_mol", unit="mol")]


@functools.lru_cache(maxsize=512)
def parse_formula(formula: str) -> Any:
    """A molmass Formula, or a ToolError explaining the syntax."""
    from molmass import Formula as MolmassFormula
    from molmass import FormulaError

    text = (formula or "").strip()
    if not text:
        raise ToolError("formula is empty; give a formula such as 'H2O', 'C6H12O6' or 'CuSO4.5H2O'")
    try:
        parsed = MolmassFormula(text)
        mass = parsed.mass
    except FormulaError as exc:
        first = str(exc).splitlines()[0]
        raise ToolError(f"cannot read formula {formula!r}: {first}; element symbols are case-sensitive "
                        "('Co' is cobalt, 'CO' carbon monoxide), e.g. 'H2O', 'Ca(OH)2', 'CuSO4.5H2O'") from None
    if not mass > 0:
        raise ToolError(f"formula {formula!r} has no atoms; give a formula such as 'H2O'")
    return parsed


class MolarMass(TypedDict):
    formula: Annotated[str, Sem("molecular_formula")]
    molar_mass: Annotated[float, Sem("molar_mass", unit="g/mol")]
    monoisotopic_mass: Annotated[float, Sem("number", unit="Da")]
    nominal_mass: Annotated[int, Sem("integer", unit="Da")]
    atom_count: int
    charge: int


@tool(kind="P", examples=[{"formula": "C8H10N4O2"}, {"formula": "CuSO4.5H2O"}], **MOLMASS)
def chem_molar_mass(formula: Formula) -> MolarMass:
    """Molar mass (average molecular weight, g/mol) of a chemical formula, plus its monoisotopic
    mass (most abundant isotopes, as seen in mass spectrometry) and atom count.

    Accepts groups and hydrates ("Ca(OH)2", "CuSO4.5H2O"), isotopes ("[13C]H4"), charges
    ("SO4-2"). ``formula`` in the output is the Hill-order formula.

    Args:
        formula: chemical formula; element symbols are case-sensitive.
    """
    f = parse_formula(formula)
    return {"formula": f.formula, "molar_mass": tidy(f.mass, 9), "monoisotopic_mass": tidy(f.monoisotopic_mass, 11),
            "nominal_mass": int(f.nominal_mass), "atom_count": int(f.atoms), "charge": int(f.charge)}


class ElementShare(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    count: Annotated[float, Sem("number")]
    mass: Annotated[float, Sem("molar_mass", unit="g/mol")]
    mass_percent: Annotated[float, Sem("percent")]


class Composition(TypedDict):
    formula: Annotated[str, Sem("molecular_formula")]
    molar_mass: Annotated[float, Sem("molar_mass", unit="g/mol")]
    elements: list[ElementShare]


@tool(kind="P", examples=[{"formula": "C6H12O6"}], **MOLMASS)
def formula_composition(formula: Formula) -> Composition:
    """Elemental composition of a formula: atom count of each element and its percentage by mass.

    Use it for questions such as "what percent of glucose is carbon by mass".

    Args:
        formula: chemical formula such as "C6H12O6" or "Fe2O3".
    """
    f = parse_formula(formula)
    shares = [{"symbol": sym, "count": tidy(item.count), "mass": tidy(item.mass, 9), "mass_percent": tidy(item.fraction * 100, 8)}
              for sym, item in f.composition().items() if sym != "e-"]
    return {"formula": f.formula, "molar_mass": tidy(f.mass, 9), "elements": shares}


class Peak(TypedDict):
    mass: Annotated[float, Sem("number", unit="Da")]
    relative_intensity: Annotated[float, Sem("percent")]
    fraction: Annotated[float, Sem("number")]


class IsotopePattern(TypedDict):
    formula: Annotated[str, Sem("molecular_formula")]
    peaks: list[Peak]


@tool(kind="P", examples=[{"formula": "CH2Cl2", "limit": 5}], **MOLMASS)
def formula_isotope_pattern(formula: Formula, limit: int = 8) -> IsotopePattern:
    """Isotope pattern (mass spectrum) of a formula: the masses of the M, M+1, M+2, ... peaks and
    their intensities relative to the largest peak (100), from natural isotope abundances.

    Chlorine and bromine give characteristic M+2 peaks (Cl about 3:1, Br about 1:1).

    Args:
        formula: chemical formula such as "CH2Cl2".
        limit: most peaks to return, in order of mass (1-50).
    """
    f = parse_formula(formula)
    try:
        spectrum = f.spectrum()
    except Exception as exc:  # noqa: BLE001 - molmass raises plain exceptions for huge formulas
        raise ToolError(f"cannot compute the isotope pattern of {formula!r}: {exc}") from None
    peaks = [{"mass": tidy(item.mass, 10), "relative_intensity": tidy(item.intensity, 6), "fraction": tidy(item.fraction, 6)}
             for _, item in sorted(spectrum.items()) if item.intensity >= 0.01]
    return {"formula": f.formula, "peaks": peaks[: max(1, min(limit, 50))]}


class Empirical(TypedDict):
    formula: Annotated[str, Sem("molecular_formula")]
    empirical_formula: Annotated[str, Sem("molecular_formula")]
    multiplier: int


@tool(kind="P", examples=[{"formula": "C6H12O6"}], **MOLMASS)
def empirical_formula(formula: Formula) -> Empirical:
    """Empirical (simplest whole-number ratio) formula of a molecular formula, e.g. C6H12O6 -> CH2O,
    and the multiplier n such that molecular = n x empirical.

    Args:
        formula: molecular formula such as "C6H12O6".
    """
    f = parse_formula(formula)
    emp = parse_formula(f.empirical)
    return {"formula": f.formula, "empirical_formula": f.empirical, "multiplier": round(f.atoms / emp.atoms)}


class Moles(TypedDict):
    formula: Annotated[str, Sem("molecular_formula")]
    molar_mass: Annotated[float, Sem("molar_mass", unit="g/mol")]
    mass: Annotated[float, Sem("mass_g", unit="g")]
    amount: Annotated[float, Sem("amount_mol", unit="mol")]
    particles: Annotated[float, Sem("number")]


def _moles(f: Any, mass: float, amount: float) -> Moles:
    return {"formula": f.formula, "molar_mass": tidy(f.mass, 9), "mass": tidy(mass), "amount": tidy(amount),
            "particles": tidy(amount * AVOGADRO)}


@tool(kind="P", examples=[{"formula": "H2O", "mass_g": 36.03}], **MOLMASS)
def chem_grams_to_moles(formula: Formula, mass_g: MassG) -> Moles:
    """Convert a mass of a substance to moles (n = m / M) and number of molecules (n x N_A).

    Args:
        formula: chemical formula of the substance, e.g. "H2O".
        mass_g: mass in grams.
    """
    f = parse_formula(formula)
    positive(mass_g, "mass_g")
    return _moles(f, mass_g, mass_g / f.mass)


@tool(kind="P", examples=[{"formula": "NaCl", "amount_mol": 0.5}], **MOLMASS)
def chem_moles_to_grams(formula: Formula, amount_mol: AmountMol) -> Moles:
    """Convert an amount in moles of a substance to grams (m = n x M).

    Args:
        formula: chemical formula of the substance, e.g. "NaCl".
        amount_mol: amount of substance in moles.
    """
    f = parse_formula(formula)
    positive(amount_mol, "amount_mol")
    return _moles(f, amount_mol * f.mass, amount_mol)


class Molarity(TypedDict):
    formula: Annotated[str, Sem("molecular_formula")]
    amount: Annotated[float, Sem("amount_mol", unit="mol")]
    concentration: Annotated[float, Sem("concentration_molar", unit="mol/L")]
    mass_concentration: Annotated[float, Sem("number", unit="g/L")]


@tool(kind="P", examples=[{"formula": "NaCl", "mass_g": 10.0, "volume_l": 0.25}], **MOLMASS)
def solution_molarity(formula: Formula, mass_g: MassG, volume_l: Annotated[float, Sem("volume_l", unit="L")]) -> Molarity:
    """Molar concentration (mol/L) of a solution made by dissolving a mass of solute to a final volume.

    Args:
        formula: chemical formula of the solute, e.g. "NaCl".
        mass_g: mass of solute in grams.
        volume_l: final solution volume in litres.
    """
    f = parse_formula(formula)
    positive(mass_g, "mass_g")
    positive(volume_l, "volume_l")
    amount = mass_g / f.mass
    return {"formula": f.formula, "amount": tidy(amount), "concentration": tidy(amount / volume_l),
            "mass_concentration": tidy(mass_g / volume_l)}


TOOLS = [chem_molar_mass, formula_composition, formula_isotope_pattern, empirical_formula, chem_grams_to_moles,
         chem_moles_to_grams, solution_molarity]
