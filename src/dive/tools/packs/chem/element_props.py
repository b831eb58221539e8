"""Detailed element properties from mendeleev: ionization, electronegativity, radii, oxidation
states, thermal data, natural isotopes, supply; and two computations on electron configurations.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.chem._common import MENDELEEV, ElementSymbol, clean_text, element_symbol, opt
from dive.tools.packs.chem._element_data import ElementData, EnScale, element_data
from dive.tools.packs.chem.elements import _phase_rows, element_row, full_configuration, table, unknown_element
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]


def _element(symbol: str) -> ElementData:
    """The element's values computed by mendeleev's Element methods (read from a cached table)."""
    data = element_data(element_symbol(symbol))
    if data is None:
        raise unknown_element(symbol)
    return data


def _by_number(name: str, atomic_number: int) -> list[dict[str, Any]]:
    frame = table(name)
    return frame[frame["atomic_number"] == atomic_number].to_dict("records")


class IonizationStep(TypedDict):
    ion_charge_before: int
    energy: Annotated[float, Sem("energy_ev", unit="eV")]


class IonizationEnergies(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    first_ionization_energy: Annotated[float | None, Sem("energy_ev", unit="eV")]
    total_known: int
    energies: list[IonizationStep]


@tool(kind="R", examples=[{"symbol": "Na", "limit": 3}], **MENDELEEV)
def element_ionization_energies(symbol: ElementSymbol, limit: int = 10) -> IonizationEnergies:
    """Successive ionization energies of an element in eV (NIST ASD data via mendeleev).

    Entry ``ion_charge_before`` = 0 is the first ionization energy (X -> X+), 1 the second
    (X+ -> X2+), and so on. A large jump between steps marks the removal of a core electron.

    Args:
        symbol: element symbol such as "Na".
        limit: most steps to list (1-120).
    """
    row = element_row(symbol)
    rows = sorted(_by_number("ionizationenergies", int(row["atomic_number"])), key=lambda r: r["ion_charge"])
    steps = [{"ion_charge_before": int(r["ion_charge"]), "energy": opt(r["ionization_energy"])} for r in rows]
    steps = [s for s in steps if s["energy"] is not None]
    first = next((s["energy"] for s in steps if s["ion_charge_before"] == 0), None)
    return {"symbol": row["symbol"], "first_ionization_energy": first, "total_known": len(steps),
            "energies": steps[: max(1, min(limit, 120))]}


_EN_UNITS = {"pauling": "Pauling", "allen": "eV", "mulliken": "eV", "ghosh": "1/pm"}


class Electronegativity(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    scale: str
    electronegativity: Annotated[float, Sem("number")]
    unit: Annotated[str, Sem("unit")]


@tool(kind="R", examples=[{"symbol": "F"}, {"symbol": "Fe", "scale": "allen"}], **MENDELEEV)
def element_electronegativity(symbol: ElementSymbol, scale: EnScale = "pauling") -> Electronegativity:
    """Electronegativity of an element on a chosen scale (default Pauling, where F = 3.98).

    Use it to compare how strongly atoms attract bonding electrons; compare values on the same
    scale only. Mulliken is the mean of ionization energy and electron affinity (eV).

    Args:
        symbol: element symbol such as "F".
        scale: electronegativity scale.
    """
    el = _element(symbol)
    ok, value = el.electronegativity[scale]
    if not ok:  # mendeleev raised an error (its message) for missing inputs
        raise ToolError(f"{scale} electronegativity is not available for {el.symbol}: {value}")
    if hasattr(value, "__len__"):
        value = value[0] if len(value) else None
    value = opt(value, 6)
    if value is None:
        other = "allen" if scale == "pauling" else "pauling"
        raise ToolError(f"no {scale} electronegativity is tabulated for {el.symbol} (noble gases and superheavy "
                        f"elements often have none); try another scale such as {other!r}")
    return {"symbol": el.symbol, "scale": scale, "electronegativity": value, "unit": _EN_UNITS.get(scale, "dimensionless")}


class Radii(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    atomic_radius: Annotated[float | None, Sem("number", unit="pm")]
    covalent_radius_single: Annotated[float | None, Sem("number", unit="pm")]
    covalent_radius_double: Annotated[float | None, Sem("number", unit="pm")]
    covalent_radius_triple: Annotated[float | None, Sem("number", unit="pm")]
    van_der_waals_radius: Annotated[float | None, Sem("number", unit="pm")]
    metallic_radius: Annotated[float | None, Sem("number", unit="pm")]


@tool(kind="R", examples=[{"symbol": "C"}], **MENDELEEV)
def element_radii(symbol: ElementSymbol) -> Radii:
    """Atomic, covalent (single, double, triple bond; Pyykko), van der Waals and metallic radii
    of an element, in picometres. Use element_ionic_radii for ions.

    Args:
        symbol: element symbol such as "C".
    """
    row = element_row(symbol)
    return {
        "symbol": row["symbol"], "atomic_radius": opt(row["atomic_radius"]),
        "covalent_radius_single": opt(row["covalent_radius_pyykko"]),
        "covalent_radius_double": opt(row["covalent_radius_pyykko_double"]),
        "covalent_radius_triple": opt(row["covalent_radius_pyykko_triple"]),
        "van_der_waals_radius": opt(row["vdw_radius"]), "metallic_radius": opt(row["metallic_radius"]),
    }


class IonicRadius(TypedDict):
    charge: int
    coordination: str
    spin: str | None
    ionic_radius: Annotated[float, Sem("number", unit="pm")]
    crystal_radius: Annotated[float | None, Sem("number", unit="pm")]
    most_reliable: bool


class IonicRadii(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    radii: list[IonicRadius]


@tool(kind="R", examples=[{"symbol": "Fe", "charge": 3}], **MENDELEEV)
def element_ionic_radii(symbol: ElementSymbol, charge: int | None = None) -> IonicRadii:
    """Shannon ionic radii of an element's ions (pm) by charge, coordination number and spin state.

    Args:
        symbol: element symbol such as "Fe".
        charge: only ions of this charge (e.g. 2 for Fe2+, -1 for Cl-); all charges when omitted.
    """
    row = element_row(symbol)
    radii = []
    for r in _by_number("ionicradii", int(row["atomic_number"])):
        if charge is not None and int(r["charge"]) != charge:
            continue
        radius = opt(r["ionic_radius"])
        if radius is None:
            continue
        radii.append({"charge": int(r["charge"]), "coordination": str(r["coordination"]),
                      "spin": clean_text(r["spin"]), "ionic_radius": radius,
                      "crystal_radius": opt(r["crystal_radius"]), "most_reliable": opt(r["most_reliable"]) == 1.0})
    if not radii:
        which = f" with charge {charge}" if charge is not None else ""
        raise ToolError(f"no Shannon ionic radius is tabulated for {row['symbol']} ions{which}")
    radii.sort(key=lambda r: (r["charge"], r["coordination"]))
    return {"symbol": row["symbol"], "radii": radii}


class OxidationStates(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    common: list[int]
    all_known: list[int]


@tool(kind="R", examples=[{"symbol": "Mn"}], **MENDELEEV)
def element_oxidation_states(symbol: ElementSymbol) -> OxidationStates:
    """Oxidation states of an element: the common ones and all known ones, sorted.

    Args:
        symbol: element symbol such as "Mn".
    """
    row = element_row(symbol)
    rows = _by_number("oxidationstates", int(row["atomic_number"]))
    common = sorted({int(r["oxidation_state"]) for r in rows if r["category"] == "main"})
    every = sorted({int(r["oxidation_state"]) for r in rows})
    return {"symbol": row["symbol"], "common": common, "all_known": every}


class PhaseTransition(TypedDict):
    allotrope: str | None
    melting_point: Annotated[float | None, Sem("temperature_k", unit="K")]
    boiling_point: Annotated[float | None, Sem("temperature_k", unit="K")]
    is_sublimation: bool
    critical_temperature: Annotated[float | None, Sem("temperature_k", unit="K")]
    triple_point_temperature: Annotated[float | None, Sem("temperature_k", unit="K")]


class ThermalProperties(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    phases: list[PhaseTransition]
    heat_of_fusion: Annotated[float | None, Sem("number", unit="kJ/mol")]
    heat_of_vaporization: Annotated[float | None, Sem("number", unit="kJ/mol")]
    specific_heat_capacity: Annotated[float | None, Sem("number", unit="J/(g K)")]
    molar_heat_capacity: Annotated[float | None, Sem("number", unit="J/(mol K)")]
    thermal_conductivity: Annotated[float | None, Sem("number", unit="W/(m K)")]
    density: Annotated[float | None, Sem("density_g_cm3", unit="g/cm3")]


_HEATS = {"K": (2.33, 76.9), "B": (50.2, 504.5)}
"""(heat of fusion, heat of vaporization) in kJ/mol where mendeleev's table is wrong (CRC Handbook, 97th ed.):
potassium's row has 102.5 and 2.33, its heat of fusion in the vaporization column (two independent reviewers
caught "the molar heat of vaporization of potassium: 2.33 kJ/mol"). No other element has a heat of fusion above
its heat of vaporization. Boron's heat of fusion is 50.2 kJ/mol in the CRC, 23.6 in mendeleev (two readers, round
AL); its heat of vaporization stays mendeleev's."""


_BAD_CONDUCTIVITY = frozenset({"Te"})
"""Elements whose thermal conductivity in mendeleev's table is far from the references: tellurium's 14.3 W/(m K)
against about 2-3 (two readers, round BC: "a wrong answer"); left out rather than replaced."""


@tool(kind="R", examples=[{"symbol": "W"}], **MENDELEEV)
def element_thermal_properties(symbol: ElementSymbol) -> ThermalProperties:
    """Thermal data of an element: melting and boiling point per allotrope (K), critical and triple
    point temperature, heats of fusion and vaporization (kJ/mol), heat capacity and thermal conductivity.

    ``is_sublimation`` marks an element (such as carbon or arsenic) whose ``boiling_point`` is a
    sublimation point at 1 atm.

    Args:
        symbol: element symbol such as "W".
    """
    row = element_row(symbol)
    phases = [{
        "allotrope": clean_text(p.get("allotrope")), "melting_point": opt(p.get("melting_point")),
        "boiling_point": opt(p.get("boiling_point")), "is_sublimation": opt(p.get("is_sublimation_point")) == 1.0,
        "critical_temperature": opt(p.get("critical_temperature")),
        "triple_point_temperature": opt(p.get("triple_point_temperature")),
    } for p in _phase_rows().get(int(row["atomic_number"]), []) if opt(p.get("is_transition")) != 1.0]
    heats = _HEATS.get(row["symbol"], (opt(row["fusion_heat"]), opt(row["evaporation_heat"])))
    return {
        "symbol": row["symbol"], "phases": phases, "heat_of_fusion": heats[0],
        "heat_of_vaporization": heats[1],
        "specific_heat_capacity": opt(row["specific_heat_capacity"]),
        "molar_heat_capacity": opt(row["molar_heat_capacity"]),
        "thermal_conductivity": None if row["symbol"] in _BAD_CONDUCTIVITY else opt(row["thermal_conductivity"]),
        "density": opt(row["density"]),
    }


class NaturalIsotope(TypedDict):
    nuclide: Annotated[str, Sem("nuclide")]
    mass_number: int
    isotopic_mass: Annotated[float, Sem("molar_mass", unit="g/mol")]
    abundance: Annotated[float, Sem("percent")]
    is_radioactive: bool
    nuclear_spin: str | None


class NaturalIsotopes(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    isotopes: list[NaturalIsotope]


@tool(kind="R", examples=[{"symbol": "Cl"}], **MENDELEEV)
def element_natural_isotopes(symbol: ElementSymbol) -> NaturalIsotopes:
    """The naturally occurring isotopes of an element with their natural abundance (atom %),
    isotopic mass and nuclear spin, most abundant first. Empty for elements with no natural isotope.

    Args:
        symbol: element symbol such as "Cl".
    """
    row = element_row(symbol)
    isotopes = []
    for r in _by_number("isotopes", int(row["atomic_number"])):
        abundance = opt(r["abundance"])
        if abundance is None or abundance <= 0:
            continue
        isotopes.append({"nuclide": f"{row['symbol']}-{int(r['mass_number'])}", "mass_number": int(r["mass_number"]),
                         "isotopic_mass": opt(r["mass"]), "abundance": abundance,
                         "is_radioactive": bool(r["is_radioactive"]), "nuclear_spin": clean_text(r["spin"])})
    isotopes.sort(key=lambda i: -i["abundance"])
    return {"symbol": row["symbol"], "isotopes": isotopes}


class Supply(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    abundance_crust: Annotated[float | None, Sem("number", unit="mg/kg")]
    abundance_sea: Annotated[float | None, Sem("number", unit="mg/L")]
    price_per_kg: Annotated[float | None, Sem("money_amount", unit="USD/kg")]
    relative_supply_risk: Annotated[float | None, Sem("number")]
    recycling_rate: str | None
    top_3_producers: str | None
    uses: str | None


@tool(kind="R", examples=[{"symbol": "Li"}], **MENDELEEV)
def element_abundance_and_supply(symbol: ElementSymbol) -> Supply:
    """How common an element is and where it comes from: abundance in the Earth's crust (mg/kg)
    and sea water (mg/L), price (USD/kg), relative supply risk (1 low - 10 high; British
    Geological Survey), recycling rate, top producing countries and main uses.

    Args:
        symbol: element symbol such as "Li".
    """
    row = element_row(symbol)
    return {
        "symbol": row["symbol"], "abundance_crust": opt(row["abundance_crust"]),
        "abundance_sea": opt(row["abundance_sea"]), "price_per_kg": opt(row["price_per_kg"]),
        "relative_supply_risk": opt(row["relative_supply_risk"]), "recycling_rate": clean_text(row["recycling_rate"]),
        "top_3_producers": clean_text(row["top_3_producers"]), "uses": clean_text(row["uses"]),
    }


class Zeff(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    orbital: str
    method: str
    screening_constant: Annotated[float, Sem("number")]
    effective_nuclear_charge: Annotated[float, Sem("number")]


@tool(kind="P", examples=[{"symbol": "Na", "n": 3, "orbital": "s"}], **MENDELEEV)
def element_effective_nuclear_charge(symbol: ElementSymbol, n: int | None = None,
                                     orbital: Literal["s", "p", "d", "f"] | None = None,
                                     method: Literal["slater", "clementi"] = "slater") -> Zeff:
    """Effective nuclear charge Z_eff = Z - S felt by an electron, by Slater's rules (default) or
    from Clementi-Raimondi screening constants.

    Without ``n`` and ``orbital`` it uses the outermost occupied subshell.

    Args:
        symbol: element symbol such as "Na".
        n: principal quantum number of the subshell (e.g. 3 for 3s).
        orbital: subshell letter s, p, d or f.
        method: "slater" (Slater's rules) or "clementi" (Clementi-Raimondi SCF values).
    """
    el = _element(symbol)
    if (n is None) != (orbital is None):
        raise ToolError("give both n and orbital (e.g. n=3, orbital='s'), or neither for the outermost subshell")
    if n is None:
        n, orbital = max(el.subshells, key=lambda k: (k[0], "spdf".index(k[1])))  # type: ignore[assignment]
    if (n, orbital) not in el.subshells:
        occupied = ", ".join(f"{k[0]}{k[1]}" for k in el.subshells)
        raise ToolError(f"{el.symbol} has no electron in {n}{orbital}; occupied subshells: {occupied}")
    ok, zeff = el.zeff[method][f"{n}{orbital}"]
    if not ok:  # mendeleev raised an error (its message) for missing data
        raise ToolError(f"{method} screening is not available for {el.symbol} {n}{orbital}: {zeff}")
    if zeff is None:
        raise ToolError(f"{method} screening is not available for {el.symbol} {n}{orbital}; try method='slater'")
    return {"symbol": el.symbol, "orbital": f"{n}{orbital}", "method": method,
            "screening_constant": opt(el.atomic_number - zeff, 6), "effective_nuclear_charge": opt(zeff, 6)}


class IonConfiguration(TypedDict):
    symbol: Annotated[str, Sem("element_symbol")]
    charge: int
    electrons: int
    electron_configuration: str
    unpaired_electrons: int
    spin_only_magnetic_moment: Annotated[float, Sem("number", unit="Bohr magneton")]


@tool(kind="P", examples=[{"symbol": "Fe", "charge": 3}], **MENDELEEV)
def ion_electron_configuration(symbol: ElementSymbol, charge: int = 0) -> IonConfiguration:
    """Ground-state electron configuration of an atom or positive ion, its number of unpaired
    electrons (Hund's rule) and spin-only magnetic moment sqrt(n(n+2)) in Bohr magnetons.

    Electrons are removed from the outermost shell first (4s before 3d), as for transition-metal
    cations.

    Args:
        symbol: element symbol such as "Fe".
        charge: ion charge, 0 for the neutral atom up to the atomic number (cations only).
    """
    el = _element(symbol)
    if not 0 <= charge <= el.atomic_number:
        raise ToolError(f"charge must be between 0 and {el.atomic_number} for {el.symbol} (anions are not supported)")
    if charge == el.atomic_number:
        raise ToolError(f"{el.symbol}{charge}+ is a bare nucleus with no electrons")
    conf, unpaired, moment = el.ions[charge]
    return {"symbol": el.symbol, "charge": charge, "electrons": el.atomic_number - charge,
            "electron_configuration": full_configuration(conf) or "",
            "unpaired_electrons": unpaired, "spin_only_magnetic_moment": opt(moment, 6)}


TOOLS = [element_ionization_energies, element_electronegativity, element_radii, element_ionic_radii,
         element_oxidation_states, element_thermal_properties, element_natural_isotopes,
         element_abundance_and_supply, element_effective_nuclear_charge, ion_electron_configuration]
