"""Neutron and X-ray scattering data, crystal structures and scattering length densities from
periodictable (NIST neutron tables, Henke X-ray tables).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.chem._common import PERIODICTABLE, ElementSymbol, Formula, Nuclide, element_symbol, opt, positive
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

Density = Annotated[float, Sem("density_g_cm3", unit="g/cm3")]
_NUCLIDE_RE = re.compile(r"^\s*([A-Za-z]{1,2})\s*-?\s*(\d{1,3})\s*$")


def _element(symbol: str) -> Any:
    import periodictable

    sym = element_symbol(symbol)
    if sym in ("D", "T"):
        raise ToolError(f"{sym} is an isotope of hydrogen, not an element; use 'H', or 'H-2' / 'H-3' for isotope data")
    try:
        return periodictable.elements.symbol(sym)
    except ValueError:
        raise ToolError(f"no element with symbol {symbol!r}; give a symbol such as 'Fe' or 'Si'") from None


def _isotope(nuclide: str) -> tuple[Any, str]:
    match = _NUCLIDE_RE.match(nuclide or "")
    if not match:
        raise ToolError(f"not a nuclide: {nuclide!r}; write element and mass number such as 'Fe-56' or 'U-235'")
    letters = match.group(1)
    el = _element("H" if letters.upper() in ("D", "T") else letters)
    mass_number = int(match.group(2))
    try:
        return el[mass_number], f"{el.symbol}-{mass_number}"
    except KeyError:
        known = [i.isotope for i in el]
        span = f"{min(known)}-{max(known)}" if known else "none"
        raise ToolError(f"periodictable has no isotope {el.symbol}-{mass_number}; known mass numbers: {span}") from None


class Neutron(TypedDict):
    target: str
    coherent_scattering_length: Annotated[float | None, Sem("number", unit="fm")]
    coherent_cross_section: Annotated[float | None, Sem("number", unit="barn")]
    incoherent_cross_section: Annotated[float | None, Sem("number", unit="barn")]
    total_cross_section: Annotated[float | None, Sem("number", unit="barn")]
    absorption_cross_section: Annotated[float | None, Sem("number", unit="barn")]


def _neutron(target: Any, label: str) -> Neutron:
    n = getattr(target, "neutron", None)
    if n is None or n.b_c is None:
        raise ToolError(f"no neutron scattering data is tabulated for {label}")
    total = opt(n.total)
    if total is not None and n.coherent is not None and abs(total - n.coherent - (n.incoherent or 0.0)) > 0.05 * total:
        total = None  # the table's xenon: 3.04 b coherent, 0 b incoherent and a total of 4.344 b (both readers of
        # round BX questioned it): a total is the sum of the two or not given
    return {"target": label, "coherent_scattering_length": opt(n.b_c), "coherent_cross_section": opt(n.coherent),
            "incoherent_cross_section": opt(n.incoherent), "total_cross_section": total,
            "absorption_cross_section": opt(n.absorption)}


@tool(kind="R", examples=[{"nuclide": "H-2"}], **PERIODICTABLE)
def isotope_neutron_scattering(nuclide: Nuclide) -> Neutron:
    """Thermal-neutron scattering data of one isotope: coherent scattering length b_c (fm) and
    coherent, incoherent, total and absorption cross sections (barn, absorption at 2200 m/s).

    Use it to compare isotopes for neutron contrast (H-1 vs H-2) or shielding (B-10, Cd-113).

    Args:
        nuclide: isotope as element and mass number, e.g. "H-2" or "U-235".
    """
    iso, label = _isotope(nuclide)
    return _neutron(iso, label)


@tool(kind="R", examples=[{"symbol": "Ni"}], **PERIODICTABLE)
def element_neutron_scattering(symbol: ElementSymbol) -> Neutron:
    """Thermal-neutron scattering data of an element at natural isotopic abundance: coherent
    scattering length b_c (fm) and coherent, incoherent, total and absorption cross sections (barn).
    The total is null where the table's disagrees with coherent + incoherent by more than 5% (xenon).

    Args:
        symbol: element symbol such as "Ni".
    """
    el = _element(symbol)
    return _neutron(el, el.symbol)


class XrayFactors(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    energy: Annotated[float, Sem("number", unit="keV")]
    f1: Annotated[float, Sem("number", unit="electrons")]
    f2: Annotated[float, Sem("number", unit="electrons")]
    k_alpha_wavelength: Annotated[float | None, Sem("number", unit="angstrom")]
    k_beta1_wavelength: Annotated[float | None, Sem("number", unit="angstrom")]


@tool(kind="R", examples=[{"symbol": "Cu", "energy_kev": 8.048}], **PERIODICTABLE)
def element_xray_scattering_factors(symbol: ElementSymbol, energy_kev: Annotated[float, Sem("number", unit="keV")] = 8.048) -> XrayFactors:
    """Anomalous X-ray scattering factors f1 and f2 of an element at a photon energy (Henke tables),
    and the element's K-alpha and K-beta1 emission wavelengths.

    The default 8.048 keV is Cu K-alpha radiation, the usual laboratory diffractometer source.

    Args:
        symbol: element symbol such as "Cu".
        energy_kev: photon energy in keV (about 0.03 to 30 keV).
    """
    el = _element(symbol)
    positive(energy_kev, "energy_kev")
    try:
        f1, f2 = el.xray.scattering_factors(energy=energy_kev)
    except Exception as exc:  # noqa: BLE001 - periodictable raises assorted errors outside its tables
        raise ToolError(f"no X-ray scattering factors for {el.symbol} at {energy_kev} keV: {exc}") from None
    if opt(f1) is None or opt(f2) is None:
        raise ToolError(f"no X-ray scattering factors for {el.symbol} at {energy_kev} keV (tables span about 0.03-30 keV)")
    return {"symbol": el.symbol, "energy": energy_kev, "f1": opt(f1, 8), "f2": opt(f2, 8),
            "k_alpha_wavelength": opt(getattr(el, "K_alpha", None)),
            "k_beta1_wavelength": opt(getattr(el, "K_beta1", None))}


class Crystal(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    structure: str | None
    lattice_constant_a: Annotated[float | None, Sem("number", unit="angstrom")]
    density: Annotated[float | None, Sem("density_g_cm3", unit="g/cm3")]
    interatomic_distance: Annotated[float | None, Sem("number", unit="angstrom")]
    covalent_radius: Annotated[float | None, Sem("number", unit="angstrom")]


_NO_LATTICE = frozenset({"atom", "diatom"})
_NOT_STANDARD = frozenset({"B", "C", "Se"})
"""Elements whose tabulated structure is not their standard solid form: boron's is tetragonal, its stable form
β-rhombohedral (two readers, round BD); carbon's is diamond, its standard form graphite; selenium's "hcp", where grey
selenium is trigonal chains. Their structure and lattice constant are not given."""


@tool(kind="R", examples=[{"symbol": "Si"}], **PERIODICTABLE)
def element_crystal_structure(symbol: ElementSymbol) -> Crystal:
    """Crystal structure of an element in its standard solid form (BCC, FCC, HCP, diamond, ...),
    its lattice constant a (angstrom), density (g/cm3) and mean interatomic distance.

    Args:
        symbol: element symbol such as "Si".
    """
    el = _element(symbol)
    cs = getattr(el, "crystal_structure", None) or {}
    if not cs and el.density is None:
        raise ToolError(f"no crystal structure or density is tabulated for {el.symbol}")
    structure = cs.get("symmetry")
    if el.symbol in _NOT_STANDARD:
        cs, structure = {}, None
    if structure in _NO_LATTICE:  # periodictable's marks for a gas's solid it gives no lattice for (helium "atom",
        structure = None  # hydrogen "diatom"): not a crystal structure (solid helium is hexagonal close-packed)
    return {"symbol": el.symbol, "structure": structure, "lattice_constant_a": opt(cs.get("a")),
            "density": opt(el.density), "interatomic_distance": opt(getattr(el, "interatomic_distance", None), 6),
            "covalent_radius": opt(getattr(el, "covalent_radius", None))}


def _compound(formula: str, density: float) -> Any:
    import periodictable

    positive(density, "density")
    try:
        compound = periodictable.formula(formula.strip())
    except Exception as exc:  # noqa: BLE001 - pyparsing raises its own exception types
        raise ToolError(f"cannot parse formula {formula!r} ({exc}); write it like 'SiO2' or 'H2O'") from None
    if not compound.atoms:
        raise ToolError(f"formula {formula!r} contains no atoms; write it like 'SiO2' or 'H2O'")
    return compound


class NeutronSld(TypedDict):
    formula: Annotated[str, Sem("molecular_formula")]
    sld_real: Annotated[float, Sem("number", unit="1e-6/angstrom^2")]
    sld_imaginary: Annotated[float, Sem("number", unit="1e-6/angstrom^2")]
    incoherent: Annotated[float, Sem("number", unit="1e-6/angstrom^2")]
    penetration_depth: Annotated[float, Sem("number", unit="cm")]


@tool(kind="P", examples=[{"formula": "H2O", "density": 1.0}], **PERIODICTABLE)
def neutron_scattering_length_density(formula: Formula, density: Density, wavelength_angstrom: Annotated[float, Sem("number", unit="angstrom")] = 1.798) -> NeutronSld:
    """Neutron scattering length density (SLD) of a material from its formula and density, in
    units of 1e-6 per square angstrom, and the 1/e penetration depth (cm).

    Used to plan neutron reflectometry or SANS contrast: H2O is about -0.56 and D2O about 6.4.
    Write isotopes as D or H[2] (D2O).

    Args:
        formula: chemical formula such as "H2O", "D2O" or "SiO2".
        density: mass density in g/cm3.
        wavelength_angstrom: neutron wavelength in angstrom (1.798 = 2200 m/s thermal neutrons).
    """
    import periodictable

    compound = _compound(formula, density)
    positive(wavelength_angstrom, "wavelength_angstrom")
    (real, imag, incoh), _xs, depth = periodictable.neutron_scattering(compound, density=density,
                                                                         wavelength=wavelength_angstrom)
    return {"formula": str(compound), "sld_real": opt(real, 8), "sld_imaginary": opt(imag, 8),
            "incoherent": opt(incoh, 8), "penetration_depth": opt(depth, 8)}


class XraySld(TypedDict):
    formula: Annotated[str, Sem("molecular_formula")]
    sld_real: Annotated[float, Sem("number", unit="1e-6/angstrom^2")]
    sld_imaginary: Annotated[float, Sem("number", unit="1e-6/angstrom^2")]


@tool(kind="P", examples=[{"formula": "SiO2", "density": 2.2}], **PERIODICTABLE)
def xray_scattering_length_density(formula: Formula, density: Density, energy_kev: Annotated[float, Sem("number", unit="keV")] = 8.048) -> XraySld:
    """X-ray scattering length density (SLD) of a material from its formula and density, in
    units of 1e-6 per square angstrom, at a photon energy (default Cu K-alpha, 8.048 keV).

    Args:
        formula: chemical formula such as "SiO2".
        density: mass density in g/cm3.
        energy_kev: photon energy in keV.
    """
    import periodictable

    compound = _compound(formula, density)
    positive(energy_kev, "energy_kev")
    real, imag = periodictable.xray_sld(compound, density=density, energy=energy_kev)
    if opt(real) is None:
        raise ToolError(f"no X-ray data for {formula} at {energy_kev} keV (tables span about 0.03-30 keV)")
    return {"formula": str(compound), "sld_real": opt(real, 8), "sld_imaginary": opt(imag, 8)}


TOOLS = [isotope_neutron_scattering, element_neutron_scattering, element_xray_scattering_factors,
         element_crystal_structure, neutron_scattering_length_density, xray_scattering_length_density]
