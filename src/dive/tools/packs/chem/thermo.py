"""Pure-compound property data from the chemicals package, looked up by CAS number: phase changes,
critical constants, thermochemistry, safety limits, molecular constants; plus vapour pressure,
combustion and reaction balancing computed from that data.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator
from typing import Annotated, Any

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.chem._common import CHEMICALS, Cas, TemperatureK, opt, tidy
from dive.tools.packs.chem.names import resolve_cas
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

TempOut = Annotated[float | None, Sem("temperature_k", unit="K")]
PresOut = Annotated[float | None, Sem("pressure_pa", unit="Pa")]
EnthalpyOut = Annotated[float | None, Sem("molar_enthalpy", unit="J/mol")]


def _call(fn: Any, cas: str) -> Any:
    """A chemicals lookup function's value for ``cas``, None where it has no data."""
    try:
        return fn(cas)
    except Exception:  # noqa: BLE001 - chemicals raises assorted errors for missing data
        return None


def _tables(fn: Any, methods: Any, cas: str) -> Iterator[float]:
    """A chemicals lookup's values for ``cas`` from its tables, in the package's order of preference, never the Joback
    group-contribution estimate (its last resort: sucrose "boils" at 1290 K, aspirin at 641 K; both decompose
    first, and two reviewers found such boiling points of drugs and steroids wrong)."""
    for method in _call(methods, cas) or ():  # looked up one at a time
        value = _call(lambda c, m=method: fn(c, method=m), cas) if method != "JOBACK" else None
        if isinstance(value, int | float):
            yield value


def _agreed(values: list[float], within: float = 0.02) -> float | None:
    """The median of the tables within ``within`` of the first, when another table agrees with it (methanol: 337.63 K
    in the first table, 337.65-337.85 K in four others, so 64.6 °C, not the first's 64.5 °C that a whole degree
    rounds to 64, two readers, round AV); none when no table agrees with the first: a compound that decomposes has
    one table's bound or guess (paracetamol's ">500 °C" as 773 K) or tables far apart (cholesterol's 732, 633 and
    473 K), and its boiling point is no fact to ask about (two reviewers, rounds R and Z)."""
    if len(values) < 2 or not any(abs(v - values[0]) <= within * values[0] for v in values[1:]):
        return None
    return statistics.median(v for v in values if abs(v - values[0]) <= within * values[0])


def measured_boiling_point(cas: str) -> float | None:
    """A compound's normal boiling point from measured tables (the median of those that agree), never from an
    equation of state (CoolProp's, first in the package's order for the fluids it models) or an estimate."""
    import chemicals

    methods = [m for m in _call(chemicals.Tb_methods, cas) or () if m != "HEOS"]
    return _agreed(list(_tables(chemicals.Tb, lambda c: methods, cas)))


def _melting(values: list[float], within: float = 0.01) -> float | None:
    """The median of the tables' melting points within ``within`` of the first one another table agrees with; the one
    table's when only one has it; None when tables disagree. The Open Notebook table, first in the package's order, gives
    sulfuric acid 277.3 K where the CRC, CAS Common Chemistry and Wikidata give 283.46 K (two readers, round AT)."""
    if len(values) == 1:
        return values[0]
    first = next((v for i, v in enumerate(values)
                  if any(abs(w - v) <= within * v for j, w in enumerate(values) if j != i)), None)
    return None if first is None else statistics.median(v for v in values if abs(v - first) <= within * first)


def _crc_hvap(cas: str) -> tuple[float | None, float | None]:
    from chemicals.phase_change import Hvap_data_CRC

    if cas not in Hvap_data_CRC.index:
        return None, None
    row = Hvap_data_CRC.loc[cas]
    return opt(row["HvapTb"]), opt(row["Hvap298"])


class PhaseChange(TypedDict):
    name: Annotated[str, Sem("molecule_name")]
    cas_number: Annotated[str, Sem("cas_number")]
    boiling_point: TempOut
    melting_point: TempOut
    triple_point_temperature: TempOut
    triple_point_pressure: PresOut
    heat_of_fusion: EnthalpyOut
    heat_of_vaporization_at_boiling_point: EnthalpyOut
    heat_of_vaporization_at_298k: EnthalpyOut


@tool(kind="R", examples=[{"cas_number": "64-17-5"}], **CHEMICALS)
def chemical_phase_change_data(cas_number: Cas) -> PhaseChange:
    """Normal boiling and melting points (K), triple point, heat of fusion and heats of vaporization
    (J/mol; at the boiling point and at 298 K, CRC Handbook) of a pure compound.

    Get the CAS number from a name with chemical_lookup. Missing data are null: boiling and melting points
    are measured values from tables, never group-contribution estimates, and a boiling point is given only where
    two tables agree within 2% (a compound that decomposes first has none). A compound whose triple point lies
    above 1 atm (carbon dioxide) sublimes: it has neither a normal melting nor a normal boiling point.

    Args:
        cas_number: CAS number such as "64-17-5" (ethanol).
    """
    import chemicals

    r = resolve_cas(cas_number)
    cas = r.CASs
    at_tb, at_298 = _crc_hvap(cas)
    out: PhaseChange = {
        "name": r.common_name, "cas_number": cas, "boiling_point": opt(_agreed(list(_tables(chemicals.Tb, chemicals.Tb_methods, cas))), 8),
        "melting_point": opt(_melting(list(_tables(chemicals.Tm, chemicals.Tm_methods, cas))), 8), "triple_point_temperature": opt(_call(chemicals.Tt, cas), 8),
        "triple_point_pressure": opt(_call(chemicals.Pt, cas), 8), "heat_of_fusion": _heat_of_fusion(cas),
        "heat_of_vaporization_at_boiling_point": at_tb, "heat_of_vaporization_at_298k": at_298,
    }
    if (out["triple_point_pressure"] or 0) > 101325:  # dry ice sublimes at 194.7 K: its 216.6 K "melting point" is
        out["melting_point"] = out["boiling_point"] = None  # its triple point, at 5.2 atm (two readers, round AB)
    if all(v is None for k, v in out.items() if k not in ("name", "cas_number")):
        raise ToolError(f"no phase-change data for {r.common_name} ({cas}) in the chemicals package")
    return out


class Critical(TypedDict):
    name: Annotated[str, Sem("molecule_name")]
    cas_number: Annotated[str, Sem("cas_number")]
    critical_temperature: TempOut
    critical_pressure: PresOut
    critical_volume: Annotated[float | None, Sem("number", unit="m3/mol")]
    critical_compressibility: Annotated[float | None, Sem("number")]
    acentric_factor: Annotated[float | None, Sem("number")]


@tool(kind="R", examples=[{"cas_number": "124-38-9"}], **CHEMICALS)
def chemical_critical_properties(cas_number: Cas) -> Critical:
    """Critical point of a pure compound (temperature K, pressure Pa, molar volume m3/mol,
    compressibility Zc) and its acentric factor omega, as used in equations of state.

    Args:
        cas_number: CAS number such as "124-38-9" (carbon dioxide).
    """
    import chemicals

    r = resolve_cas(cas_number)
    cas = r.CASs
    tc = opt(_call(chemicals.Tc, cas), 8)
    if tc is None:
        raise ToolError(f"no critical-point data for {r.common_name} ({cas}) in the chemicals package")
    return {"name": r.common_name, "cas_number": cas, "critical_temperature": tc,
            "critical_pressure": opt(_call(chemicals.Pc, cas), 8), "critical_volume": opt(_call(chemicals.Vc, cas), 8),
            "critical_compressibility": opt(_call(chemicals.Zc, cas), 6), "acentric_factor": opt(_call(chemicals.omega, cas), 6)}


class Thermochemistry(TypedDict):
    name: Annotated[str, Sem("molecule_name")]
    cas_number: Annotated[str, Sem("cas_number")]
    enthalpy_of_formation_gas: EnthalpyOut
    enthalpy_of_formation_liquid: EnthalpyOut
    enthalpy_of_formation_solid: EnthalpyOut
    standard_entropy_gas: Annotated[float | None, Sem("number", unit="J/(mol K)")]


@tool(kind="R", examples=[{"cas_number": "7732-18-5"}], **CHEMICALS)
def chemical_thermochemistry(cas_number: Cas) -> Thermochemistry:
    """Standard enthalpies of formation (J/mol at 298.15 K) of a compound as gas, liquid and solid,
    and its standard absolute entropy as an ideal gas (J/(mol K)), from ATcT, CRC and others.

    Args:
        cas_number: CAS number such as "7732-18-5" (water).
    """
    import chemicals

    r = resolve_cas(cas_number)
    cas = r.CASs
    out: Thermochemistry = {
        "name": r.common_name, "cas_number": cas, "enthalpy_of_formation_gas": opt(_call(chemicals.Hfg, cas)),
        "enthalpy_of_formation_liquid": opt(_call(chemicals.Hfl, cas)),
        "enthalpy_of_formation_solid": opt(_call(chemicals.Hfs, cas)), "standard_entropy_gas": opt(_call(chemicals.S0g, cas)),
    }
    if all(v is None for k, v in out.items() if k not in ("name", "cas_number")):
        raise ToolError(f"no formation enthalpy or entropy for {r.common_name} ({cas}) in the chemicals package")
    return out


def _limit(cas: str, kind: str) -> tuple[float | None, float | None]:
    """Ontario's exposure limit of ``kind`` (``TWA``, ``STEL`` or ``Ceiling``) for ``cas``, as (ppm, mg/m³), in the unit
    the table states it in (the other None). chemicals gives the ppm figure where it has one and computes each unit
    from the other by the molar mass, so a dust's limit came out in ppm: aspirin's 5 mg/m³ as 0.679 ppm, which means
    nothing for a solid (two readers, round BR). The stated figure is the one of three significant digits or fewer;
    ppm where both are."""
    import chemicals

    value = _call(getattr(chemicals, kind), cas)
    if not value:
        return None, None
    number, unit = value
    row = getattr(chemicals.safety, "Ontario_exposure_limits_dict", {}).get(cas) or {}
    mass = row.get(f"{kind} (mg/m^3)")
    if unit == "ppm" and not _stated(float(number)) and isinstance(mass, int | float) and _stated(float(mass)):
        number, unit = mass, "mg/m^3"
    figure = tidy(float(number), 6)
    return (figure, None) if unit == "ppm" else (None, figure)


def _stated(value: float) -> bool:
    """Whether ``value`` is a figure a table states (three significant digits or fewer), not one computed from it."""
    return value != 0 and math.isclose(float(f"{value:.3g}"), value, rel_tol=1e-9)


_Ppm = Annotated[float | None, Sem("number", unit="ppm")]
_MgM3 = Annotated[float | None, Sem("number", unit="mg/m³")]


class Safety(TypedDict):
    name: Annotated[str, Sem("molecule_name")]
    cas_number: Annotated[str, Sem("cas_number")]
    flash_point: TempOut
    autoignition_temperature: TempOut
    lower_flammability_limit: Annotated[float | None, Sem("number", unit="volume fraction")]
    upper_flammability_limit: Annotated[float | None, Sem("number", unit="volume fraction")]
    exposure_limit_twa_ppm: _Ppm
    exposure_limit_twa_mg_m3: _MgM3
    exposure_limit_stel_ppm: _Ppm
    exposure_limit_stel_mg_m3: _MgM3
    exposure_limit_ceiling_ppm: _Ppm
    exposure_limit_ceiling_mg_m3: _MgM3
    skin_absorption_hazard: bool | None
    carcinogen_iarc: str | None


def _heat_of_fusion(cas: str) -> float | None:
    """The tabulated heat of fusion, unless the compound melts above :data:`_SOLID_ABOVE`: glycine's and lysine's
    16.3 and 28.3 kJ/mol are estimates for amino acids that decompose as they melt (two readers, round BH)."""
    import chemicals

    melts = _call(chemicals.Tm, cas)
    return None if melts is not None and melts > _SOLID_ABOVE else opt(_call(chemicals.Hfus, cas))


_SOLID_ABOVE = 373.15
"""A compound that melts above this (100 °C) is a solid whose tabulated flash point is a prediction, not a
measurement (estradiol's 482.75 K, where it melts at 451 K: a reader of round BG)."""


def _flash_point(cas: str) -> float | None:
    """The tabulated flash point, unless it is at or above the normal boiling point: a solution's, not the pure
    compound's (formaldehyde's 333 K is formalin's, and the gas boils at 254 K: a reader of round BF; ethane's 244 K,
    where it boils at 185 K); nor of a compound that melts above :data:`_SOLID_ABOVE`."""
    import chemicals

    flash, boils, melts = _call(chemicals.T_flash, cas), _call(chemicals.Tb, cas), _call(chemicals.Tm, cas)
    if flash is None or (boils is not None and flash >= boils) or (melts is not None and melts > _SOLID_ABOVE):
        return None
    return flash


@tool(kind="R", examples=[{"cas_number": "71-43-2"}], **CHEMICALS)
def chemical_safety_data(cas_number: Cas) -> Safety:
    """Safety data of a compound: flash point and autoignition temperature (K), lower and upper
    flammability limits in air (volume fraction), Ontario's occupational exposure limits (time-weighted
    average, short-term, ceiling; each in ppm or in mg/m³, the unit Ontario states it in, the other null) and
    skin-absorption flag, and IARC carcinogen class.

    Args:
        cas_number: CAS number such as "71-43-2" (benzene).
    """
    import chemicals

    r = resolve_cas(cas_number)
    cas = r.CASs
    carcinogen = _call(chemicals.Carcinogen, cas) or {}
    iarc = next((v for k, v in carcinogen.items() if "Cancer" in k), None)
    skin = _call(chemicals.Skin, cas)
    return {
        "name": r.common_name, "cas_number": cas, "flash_point": opt(_flash_point(cas)),
        "autoignition_temperature": opt(_call(chemicals.T_autoignition, cas)),
        "lower_flammability_limit": _flammable(opt(_call(lambda c: chemicals.LFL(CASRN=c), cas), 6)),
        "upper_flammability_limit": opt(_call(lambda c: chemicals.UFL(CASRN=c), cas), 6),
        **{f"exposure_limit_{kind.lower()}_{unit}": figure for kind in ("TWA", "STEL", "Ceiling")
           for unit, figure in zip(("ppm", "mg_m3"), _limit(cas, kind), strict=True)},
        "skin_absorption_hazard": None if skin is None else bool(skin),
        "carcinogen_iarc": iarc if iarc and iarc != "Unlisted" else None,
    }


def _flammable(fraction: float | None) -> float | None:
    """A lower flammability limit as a volume fraction, None below 0.1%: no vapour burns that lean (the leanest, heavy
    hydrocarbons, near 0.5%), and acetophenone's 1.12e-5 in the data is a unit error (both readers, round CX)."""
    return fraction if fraction is not None and fraction >= 0.001 else None


class MolecularConstants(TypedDict):
    name: Annotated[str, Sem("molecule_name")]
    cas_number: Annotated[str, Sem("cas_number")]
    dipole_moment: Annotated[float | None, Sem("number", unit="debye")]
    log_kow: Annotated[float | None, Sem("number")]
    refractive_index: Annotated[float | None, Sem("number")]
    refractive_index_temperature: TempOut
    molecular_diameter: Annotated[float | None, Sem("number", unit="angstrom")]
    global_warming_potential: Annotated[float | None, Sem("number")]
    ozone_depletion_potential: Annotated[float | None, Sem("number")]


@tool(kind="R", examples=[{"cas_number": "7732-18-5"}], **CHEMICALS)
def chemical_molecular_constants(cas_number: Cas) -> MolecularConstants:
    """Molecular constants of a compound: dipole moment (debye), octanol-water partition
    coefficient log Kow (experimental), refractive index and the temperature it was measured at,
    Lennard-Jones molecular diameter, and the 100-year global warming and ozone depletion
    potentials (relative to CO2 and CFC-11).

    Args:
        cas_number: CAS number such as "7732-18-5" (water).
    """
    import chemicals

    r = resolve_cas(cas_number)
    cas = r.CASs
    ri = _call(chemicals.RI, cas) or (None, None)
    return {
        "name": r.common_name, "cas_number": cas, "dipole_moment": opt(_call(chemicals.dipole_moment, cas)),
        "log_kow": opt(_call(chemicals.logP, cas)), "refractive_index": opt(ri[0]),
        "refractive_index_temperature": opt(ri[1]), "molecular_diameter": opt(_call(chemicals.molecular_diameter, cas)),
        "global_warming_potential": opt(_call(chemicals.GWP, cas)), "ozone_depletion_potential": opt(_call(chemicals.ODP, cas)),
    }


class VaporPressure(TypedDict):
    name: Annotated[str, Sem("molecule_name")]
    temperature: Annotated[float, Sem("temperature_k", unit="K")]
    vapor_pressure: Annotated[float, Sem("pressure_pa", unit="Pa")]
    valid_from: TempOut
    valid_to: TempOut
    method: str


@tool(kind="P", examples=[{"cas_number": "64-17-5", "temperature_k": 298.15}], **CHEMICALS)
def chemical_vapor_pressure(cas_number: Cas, temperature_k: TemperatureK) -> VaporPressure:
    """Saturation vapour pressure (Pa) of a pure liquid at a temperature, from the Antoine
    equation with the coefficients of Poling et al. (The Properties of Gases and Liquids), or
    the Wagner equation in its original (3, 6) form with McGarry's coefficients when no Antoine set exists, or none
    agrees with the compound's normal boiling point (1 atm there, within 10%; a compound no fit agrees for is refused).
    Refuses temperatures outside the fitted range. For common fluids CoolProp's fluid_vapor_pressure is more accurate.

    Args:
        cas_number: CAS number such as "64-17-5" (ethanol).
        temperature_k: temperature in kelvin.
    """
    import chemicals

    r = resolve_cas(cas_number)
    cas = r.CASs
    fits = _vapor_pressure_fits(cas)
    if not fits:
        raise ToolError(f"no vapour-pressure coefficients for {r.common_name} ({cas}); try fluid_vapor_pressure (CoolProp)")
    boils = _call(chemicals.Tb, cas)
    agree = [f for f in fits if not boils or not f[1] <= boils <= f[2] or abs(f[3](boils) / 101325 - 1) <= 0.1]
    if not agree:  # a fit 10% off at its compound's boiling point (tables differ by a kelvin or two there, 8% for
        # cyclopropane) is wrong somewhere else too
        raise ToolError(f"the vapour-pressure coefficients of {r.common_name} ({cas}) disagree with its normal boiling "
                        f"point ({boils:g} K); try fluid_vapor_pressure (CoolProp)")
    method, lo, hi, value = agree[0]
    if not lo <= temperature_k <= hi:
        raise ToolError(f"{temperature_k} K is outside the fitted range of {r.common_name}: {lo:g}-{hi:g} K")
    return {"name": r.common_name, "temperature": temperature_k, "vapor_pressure": tidy(value(temperature_k), 8),
            "valid_from": lo, "valid_to": hi, "method": method}


def _vapor_pressure_fits(cas: str) -> list[tuple[str, float, float, Any]]:
    """(method, lowest and highest temperature, P(T) in Pa) of each fit chemicals has for ``cas``, Poling's Antoine
    coefficients first. McGarry's Wagner coefficients are of the equation's original (3, 6) form: the (2.5, 5) form
    gave isoprene 59.8 kPa at 25 °C, not 73.4 (two readers, round BS), and ethanol 0.84 atm at its boiling point."""
    from chemicals import vapor_pressure as vp

    vp.load_vapor_pressure_dfs()
    fits: list[tuple[str, float, float, Any]] = []
    if cas in vp.Psat_data_AntoinePoling.index:
        a = vp.Psat_data_AntoinePoling.loc[cas]
        fits.append(("Antoine (Poling)", float(a["Tmin"]), float(a["Tmax"]),
                     lambda t: vp.Antoine(t, float(a["A"]), float(a["B"]), float(a["C"]), base=10.0)))
    if cas in vp.Psat_data_WagnerMcGarry.index:
        w = vp.Psat_data_WagnerMcGarry.loc[cas]
        fits.append(("Wagner (McGarry)", float(w["Tmin"]), float(w["Tc"]),
                     lambda t: vp.Wagner_original(t, float(w["Tc"]), float(w["Pc"]), float(w["A"]), float(w["B"]),
                                                  float(w["C"]), float(w["D"]))))
    return fits


class Combustion(TypedDict):
    name: Annotated[str, Sem("molecule_name")]
    formula: Annotated[str, Sem("molecular_formula")]
    reaction: str
    standard_state: str
    enthalpy_of_formation: Annotated[float, Sem("molar_enthalpy", unit="J/mol")]
    higher_heating_value: Annotated[float, Sem("molar_enthalpy", unit="J/mol")]
    lower_heating_value: Annotated[float, Sem("molar_enthalpy", unit="J/mol")]
    higher_heating_value_per_kg: Annotated[float, Sem("number", unit="MJ/kg")]


@tool(kind="P", examples=[{"cas_number": "74-82-8"}], **CHEMICALS)
def chemical_heat_of_combustion(cas_number: Cas) -> Combustion:
    """Heat of combustion of a compound in oxygen: the balanced combustion reaction and the higher
    (water liquid) and lower (water vapour) heating values, negative for heat released (J/mol),
    from an energy balance on standard enthalpies of formation at 298.15 K.

    The compound is taken in its standard state at 25 C (solid, liquid or gas, from its melting
    and boiling points).

    Args:
        cas_number: CAS number of the fuel, e.g. "74-82-8" (methane).
    """
    import chemicals
    from chemicals.combustion import combustion_data

    r = resolve_cas(cas_number)
    cas = r.CASs
    from dive.tools.packs.chem.formulas import parse_formula

    atoms = {k: v.count for k, v in parse_formula(r.formula).composition().items()}
    if "C" not in atoms and "H" not in atoms:
        raise ToolError(f"{r.common_name} ({r.formula}) contains no carbon or hydrogen to burn")
    tm, tb = opt(_call(chemicals.Tm, cas)), opt(_call(chemicals.Tb, cas))
    state = "solid" if tm and tm > 298.15 else "liquid" if tb and tb > 298.15 else "gas"
    hf = {"solid": _call(chemicals.Hfs, cas), "liquid": _call(chemicals.Hfl, cas), "gas": None}[state]
    if hf is None:
        hf, state = _call(chemicals.Hfg, cas), "gas"
    if hf is None:
        raise ToolError(f"no enthalpy of formation for {r.common_name} ({cas}), so its heat of combustion is unknown")
    data = combustion_data(atoms, Hf=hf, MW=r.MW, method="Stoichiometry", missing_handling="elemental")
    stoich = data.stoichiometry
    if stoich.get("O2", 0) >= 0:
        raise ToolError(f"{r.common_name} ({r.formula}) is already fully oxidized and does not burn in oxygen")
    left = [f"{_coef(-v)}{k}" for k, v in stoich.items() if v < 0]
    right = [f"{_coef(v)}{k}" for k, v in stoich.items() if v > 0]
    reaction = f"{r.formula} + {' + '.join(left)} -> {' + '.join(right)}"
    return {"name": r.common_name, "formula": r.formula, "reaction": reaction, "standard_state": state,
            "enthalpy_of_formation": tidy(hf), "higher_heating_value": tidy(data.HHV, 8),
            "lower_heating_value": tidy(data.LHV, 8), "higher_heating_value_per_kg": tidy(data.HHV / r.MW / 1000, 6)}


def _coef(value: float) -> str:
    value = tidy(value, 8)
    return "" if value == 1 else f"{value:g} "


class Balanced(TypedDict):
    equation: str
    reactant_coefficients: list[int]
    product_coefficients: list[int]


@tool(kind="P", examples=[{"reactants": ["CH4", "O2"], "products": ["CO2", "H2O"]}], **CHEMICALS)
def balance_chemical_equation(reactants: list[Annotated[str, Sem("molecular_formula")]],
                              products: list[Annotated[str, Sem("molecular_formula")]]) -> Balanced:
    """Balance a chemical equation: find the smallest whole-number coefficients that conserve every
    element, e.g. CH4 + O2 -> CO2 + H2O gives 1, 2, 1, 2.

    Args:
        reactants: formulas of the reactants, e.g. ["Fe", "O2"].
        products: formulas of the products, e.g. ["Fe2O3"].
    """
    from chemicals.reaction import balance_stoichiometry, stoichiometric_matrix

    from dive.tools.packs.chem.formulas import parse_formula

    if not reactants or not products:
        raise ToolError("give at least one reactant and one product formula")
    species = [*reactants, *products]
    atoms = []
    for text in species:
        parsed = parse_formula(text)
        if parsed.charge:
            raise ToolError(f"{text!r} is charged; balance neutral species only")
        atoms.append({k: v.count for k, v in parsed.composition().items()})
    left = {e for a in atoms[: len(reactants)] for e in a}
    right = {e for a in atoms[len(reactants):] for e in a}
    if left != right:
        raise ToolError(f"elements {sorted(left ^ right)} appear on only one side; the equation cannot balance")
    try:
        coefs = balance_stoichiometry(stoichiometric_matrix(atoms, [True] * len(reactants) + [False] * len(products)))
    except Exception:  # noqa: BLE001 - chemicals raises plain exceptions when no solution exists
        raise ToolError("no balanced solution exists for these reactants and products") from None
    ints = [round(c) for c in coefs]
    signs = [1] * len(reactants) + [-1] * len(products)
    balanced = all(abs(sum(s * n * a.get(e, 0) for s, n, a in zip(signs, ints, atoms, strict=True))) < 1e-9 for e in left)
    if not balanced or any(c <= 0 for c in ints):
        raise ToolError("no unique balanced solution with positive coefficients exists for these species")
    fmt = lambda ns, fs: " + ".join(f"{'' if n == 1 else f'{n} '}{f}" for n, f in zip(ns, fs, strict=True))  # noqa: E731
    return {"equation": f"{fmt(ints[: len(reactants)], reactants)} -> {fmt(ints[len(reactants):], products)}",
            "reactant_coefficients": ints[: len(reactants)], "product_coefficients": ints[len(reactants):]}


TOOLS = [chemical_phase_change_data, chemical_critical_properties, chemical_thermochemistry, chemical_safety_data,
         chemical_molecular_constants, chemical_vapor_pressure, chemical_heat_of_combustion, balance_chemical_equation]
