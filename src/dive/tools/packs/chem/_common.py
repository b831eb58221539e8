"""Shared metadata, semantic-type shorthands and small helpers of the chem pack."""

from __future__ import annotations

import math
from typing import Annotated, Any

from dive.errors import ToolError
from dive.tools.tool import Sem

# One metadata dict per backing package: the license is the package's (and its data's) license.
_BASE = {"domain": "chem", "pack": "chem"}
MENDELEEV = {**_BASE, "source": "mendeleev", "license": "MIT"}
PERIODICTABLE = {**_BASE, "source": "periodictable", "license": "public-domain"}
RDKIT = {**_BASE, "source": "rdkit", "license": "BSD-3-Clause"}
OPSIN = {**_BASE, "source": "py2opsin", "license": "MIT"}
MOLMASS = {**_BASE, "source": "molmass", "license": "BSD-3-Clause"}
CHEMICALS = {**_BASE, "source": "chemicals", "license": "MIT"}
COOLPROP = {**_BASE, "source": "CoolProp", "license": "MIT"}
RADIOACTIVEDECAY = {**_BASE, "source": "radioactivedecay", "license": "MIT"}
OURS = {**_BASE, "source": "dive-tasks", "license": "Apache-2.0"}

# Parameter shorthands.
ElementSymbol = Annotated[str, Sem("element_symbol")]
Smiles = Annotated[str, Sem("smiles")]
Formula = Annotated[str, Sem("molecular_formula")]
Cas = Annotated[str, Sem("cas_number")]
Nuclide = Annotated[str, Sem("nuclide")]
FluidName = Annotated[str, Sem("fluid_name")]
TemperatureK = Annotated[float, Sem("temperature_k", unit="K")]
PressurePa = Annotated[float, Sem("pressure_pa", unit="Pa")]

# Semantic types this pack adds to the shared vocabulary (dive/tools/semtypes.py).
SEMANTIC_TYPES: dict[str, tuple[str, str]] = {
    "smarts": ("a SMARTS substructure pattern", "c1ccccc1"),
    "periodic_group": ("a periodic-table group number, 1-18", "8"),
    "periodic_period": ("a periodic-table period (row) number, 1-7", "4"),
    "mass_g": ("a mass in grams", "10.0"),
    "amount_mol": ("an amount of substance in moles", "0.25"),
    "volume_l": ("a volume in litres", "0.5"),
    "concentration_molar": ("a molar concentration in mol/L", "0.1"),
    "density_g_cm3": ("a mass density in g/cm3", "7.874"),
    "density_kg_m3": ("a mass density in kg/m3", "997.05"),
    "activity_bq": ("a radioactivity in becquerels (decays per second)", "1000"),
    "duration_s": ("a duration in seconds", "3600"),
    "energy_ev": ("an energy in electronvolts", "7.9025"),
    "molar_enthalpy": ("a molar enthalpy in J/mol", "-241820"),
}


def tidy(x: float, digits: int = 10) -> float:
    """Round away binary noise, keeping ``digits`` significant digits."""
    if x == 0 or not math.isfinite(x):
        return float(x)
    return float(f"{x:.{digits}g}")


def opt(x: Any, digits: int = 10) -> float | None:
    """A float, or None for a missing value (None, NaN, empty)."""
    if x is None:
        return None
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return tidy(value, digits) if math.isfinite(value) else None


def clean_text(x: Any) -> str | None:
    """A stripped string, or None for a missing value (None, NaN, empty)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    text = str(x).strip()
    return text or None


def element_symbol(symbol: str) -> str:
    """Normalize an element symbol's case ("fe" -> "Fe"); raise a ToolError if it is not one."""
    text = (symbol or "").strip()
    norm = text[:1].upper() + text[1:].lower()
    if not norm.isalpha() or not 1 <= len(norm) <= 2:
        raise ToolError(f"not an element symbol: {symbol!r}; give a symbol such as 'Fe', 'O' or 'Na'")
    return norm


def positive(value: float, what: str) -> float:
    """Return ``value`` or raise a ToolError naming the parameter when it is not > 0."""
    if not value > 0 or not math.isfinite(value):
        raise ToolError(f"{what} must be a positive number, got {value}")
    return value
