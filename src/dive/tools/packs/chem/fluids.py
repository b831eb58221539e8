"""Thermophysical properties of about 120 pure fluids and of humid air with CoolProp's reference
equations of state (PropsSI, HAPropsSI).

CoolProp loads its whole fluid library on first use (about 5 s, in C++; it cannot be narrowed), so it is
imported inside the tools, and the fluid list that name lookups need is cached on disk.
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.datacache import cached_json
from dive.tools.packs.chem._common import COOLPROP, FluidName, PressurePa, TemperatureK, opt
from dive.tools.packs.chem.thermo import measured_boiling_point
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS", "fluid_names"]

ATM = 101325.0


@functools.cache
def _fluids() -> dict[str, dict[str, Any]]:
    """Canonical CoolProp fluid name -> {cas, formula, aliases}, cached on disk: CoolProp's first call
    loads its whole fluid library (about 5 s), which fluid_search and name checks then never need."""
    result: dict[str, dict[str, Any]] = cached_json("chem", "coolprop-fluids", ("CoolProp", "molmass"), __file__, _fluid_table)
    return result


def _fluid_table() -> dict[str, dict[str, Any]]:
    from CoolProp.CoolProp import get_fluid_param_string, get_global_param_string

    out = {}
    for name in sorted(get_global_param_string("FluidsList").split(",")):
        aliases = [a for a in get_fluid_param_string(name, "aliases").split(",") if a]
        formula = re.sub(r"_\{(\d+)\}", lambda m: "" if m.group(1) == "1" else m.group(1),
                         get_fluid_param_string(name, "formula"))
        formula = _hill(formula)
        cas = get_fluid_param_string(name, "CAS")
        out[name] = {"cas": cas if re.match(r"^\d{2,7}-\d{2}-\d$", cas) else None,
                     "formula": None if formula in ("", "N/A") else formula, "aliases": aliases}
    return out


def _hill(formula: str) -> str:
    """CoolProp writes C2F4H2; molmass rewrites it in Hill order (C2H2F4)."""
    from molmass import Formula

    try:
        return Formula(formula).formula
    except Exception:  # noqa: BLE001 - "N/A" and other non-formulas stay as they are
        return formula


def fluid_names() -> list[str]:
    """The canonical CoolProp fluid names."""
    return list(_fluids())


@functools.cache
def _index() -> dict[str, str]:
    index = {}
    for name, info in _fluids().items():
        for key in (name, info["cas"], *info["aliases"]):
            if key:
                index.setdefault(key.lower(), name)
    return index


def _fluid(fluid: str) -> str:
    key = (fluid or "").strip().lower()
    name = _index().get(key) or _index().get(key.replace(" ", ""))
    if name is None:
        raise ToolError(f"CoolProp has no fluid {fluid!r}; use fluid_search to find the name "
                        "(examples: 'Water', 'CarbonDioxide', 'R134a', 'n-Butane', 'Air')")
    return name


def _props(output: str, *args: Any) -> float:
    from CoolProp.CoolProp import PropsSI

    try:
        value = PropsSI(output, *args)
    except ValueError as exc:
        message = str(exc).split(" : PropsSI")[0]
        raise ToolError(f"CoolProp cannot evaluate {output} for these inputs: {message}") from None
    if opt(value) is None:
        raise ToolError(f"CoolProp returned no finite value of {output} for these inputs")
    return value


def _maybe(output: str, *args: Any) -> float | None:
    try:
        return opt(_props(output, *args), 8)
    except ToolError:
        return None


class FluidMatch(TypedDict):
    fluid: Annotated[str, Sem("fluid_name")]
    cas_number: Annotated[str | None, Sem("cas_number")]
    formula: Annotated[str | None, Sem("molecular_formula")]
    aliases: list[str]


class FluidMatches(TypedDict):
    count: int
    fluids: list[FluidMatch]


@tool(kind="R", examples=[{"query": "butane"}, {"query": "124-38-9"}], **COOLPROP)
def fluid_search(query: Annotated[str, Sem("molecule_name")], limit: int = 10) -> FluidMatches:
    """Find CoolProp fluid names by part of a chemical name, alias (e.g. "R744", "H2O"), formula or
    CAS number. The fluid tools need the exact CoolProp name this returns ("CarbonDioxide", "n-Butane").

    Args:
        query: name, alias, formula or CAS number to search for, case-insensitive; "" lists all fluids.
        limit: most fluids to list (1-150).
    """
    needle = (query or "").strip().lower()
    hits = []
    for name, info in _fluids().items():
        haystack = [h for h in (name, info["cas"], info["formula"], *info["aliases"]) if h]
        if not needle or any(needle in h.lower() for h in haystack):
            hits.append({"fluid": name, "cas_number": info["cas"], "formula": info["formula"], "aliases": info["aliases"]})
    if not hits:
        raise ToolError(f"no CoolProp fluid matches {query!r}; try a shorter name such as 'butane' or a CAS number")
    hits.sort(key=lambda h: (h["fluid"].lower() != needle, len(h["fluid"])))
    return {"count": len(hits), "fluids": hits[: max(1, min(limit, 150))]}


class FluidInfo(TypedDict):
    fluid: Annotated[str, Sem("fluid_name")]
    cas_number: Annotated[str | None, Sem("cas_number")]
    formula: Annotated[str | None, Sem("molecular_formula")]
    molar_mass: Annotated[float, Sem("molar_mass", unit="g/mol")]
    critical_temperature: Annotated[float | None, Sem("temperature_k", unit="K")]
    critical_pressure: Annotated[float | None, Sem("pressure_pa", unit="Pa")]
    critical_density: Annotated[float | None, Sem("density_kg_m3", unit="kg/m3")]
    triple_point_temperature: Annotated[float | None, Sem("temperature_k", unit="K")]
    normal_boiling_point: Annotated[float | None, Sem("temperature_k", unit="K")]
    ashrae34_safety_class: str | None
    gwp100: Annotated[float | None, Sem("number")]


@tool(kind="R", examples=[{"fluid": "R134a"}], **COOLPROP)
def fluid_info(fluid: FluidName) -> FluidInfo:
    """Constants of a CoolProp fluid: CAS number, formula, molar mass, critical point, triple point,
    normal boiling point (at 1 atm; null where the equation of state is more than 0.5 K from measured tables),
    ASHRAE 34 refrigerant safety class and 100-year global warming potential where known.

    Args:
        fluid: CoolProp fluid name or alias, e.g. "Water", "R134a", "CarbonDioxide".
    """
    from CoolProp.CoolProp import get_fluid_param_string

    name = _fluid(fluid)
    info = _fluids()[name]
    try:
        safety = get_fluid_param_string(name, "ASHRAE34") or None
    except ValueError:
        safety = None
    boiling = _maybe("T", "P", ATM, "Q", 0, name)
    if (_maybe("ptriple", name) or 0.0) > ATM:  # carbon dioxide sublimes at 1 atm (194.7 K): the equation of state's
        boiling = None  # 185.1 K is a liquid that cannot exist there
    measured = measured_boiling_point(info["cas"]) if boiling is not None and info["cas"] else None
    if boiling is not None and measured is not None and abs(boiling - measured) > 0.5:
        boiling = None  # cyclopropane's equation of state boils at 241.67 K, its tables at 240.35 K (-32.8 °C: two
        # readers, round AV); 16 of the 120 fluids that tables have are more than 0.5 K off (sulfur hexafluoride 3.5 K)
    return {
        "fluid": name, "cas_number": info["cas"], "formula": info["formula"],
        "molar_mass": opt(_props("M", name) * 1000, 8), "critical_temperature": _maybe("Tcrit", name),
        "critical_pressure": _maybe("pcrit", name), "critical_density": _maybe("rhocrit", name),
        "triple_point_temperature": _maybe("Ttriple", name), "normal_boiling_point": boiling,
        "ashrae34_safety_class": None if safety in (None, "UNKNOWN") else safety, "gwp100": _maybe("GWP100", name),
    }


_PHASES = {0: "liquid", 1: "supercritical", 2: "supercritical gas", 3: "supercritical liquid", 4: "critical point",
           5: "gas", 6: "two-phase", 7: "unknown", 8: "not imposed"}


class FluidState(TypedDict):
    fluid: Annotated[str, Sem("fluid_name")]
    temperature: Annotated[float, Sem("temperature_k", unit="K")]
    pressure: Annotated[float, Sem("pressure_pa", unit="Pa")]
    phase: str
    density: Annotated[float, Sem("density_kg_m3", unit="kg/m3")]
    specific_heat_cp: Annotated[float | None, Sem("number", unit="J/(kg K)")]
    specific_heat_cv: Annotated[float | None, Sem("number", unit="J/(kg K)")]
    viscosity: Annotated[float | None, Sem("number", unit="Pa s")]
    thermal_conductivity: Annotated[float | None, Sem("number", unit="W/(m K)")]
    speed_of_sound: Annotated[float | None, Sem("number", unit="m/s")]
    enthalpy: Annotated[float | None, Sem("number", unit="J/kg")]
    entropy: Annotated[float | None, Sem("number", unit="J/(kg K)")]
    compressibility_factor: Annotated[float | None, Sem("number")]


@tool(kind="P", examples=[{"fluid": "Water", "temperature_k": 298.15, "pressure_pa": 101325}], **COOLPROP)
def fluid_state_properties(fluid: FluidName, temperature_k: TemperatureK, pressure_pa: PressurePa = ATM) -> FluidState:
    """Thermophysical properties of a pure fluid at a temperature and pressure: phase, density,
    heat capacities, viscosity, thermal conductivity, speed of sound, enthalpy, entropy and
    compressibility factor Z (SI units). Transport properties are null where CoolProp has no model.

    Args:
        fluid: CoolProp fluid name or alias, e.g. "Water", "Nitrogen", "R134a".
        temperature_k: temperature in kelvin.
        pressure_pa: absolute pressure in pascals (default 1 atm = 101325 Pa).
    """
    name = _fluid(fluid)
    if temperature_k <= 0 or pressure_pa <= 0:
        raise ToolError("temperature_k and pressure_pa must be positive (absolute temperature and pressure)")
    state = ("T", temperature_k, "P", pressure_pa, name)
    density = _props("D", *state)
    return {
        "fluid": name, "temperature": temperature_k, "pressure": pressure_pa,
        "phase": _PHASES.get(int(_props("Phase", *state)), "unknown"), "density": opt(density, 8),
        "specific_heat_cp": _maybe("C", *state), "specific_heat_cv": _maybe("O", *state),
        "viscosity": _maybe("V", *state), "thermal_conductivity": _maybe("L", *state),
        "speed_of_sound": _maybe("A", *state), "enthalpy": _maybe("H", *state), "entropy": _maybe("S", *state),
        "compressibility_factor": _maybe("Z", *state),
    }


class Saturation(TypedDict):
    fluid: Annotated[str, Sem("fluid_name")]
    temperature: Annotated[float, Sem("temperature_k", unit="K")]
    pressure: Annotated[float, Sem("pressure_pa", unit="Pa")]
    enthalpy_of_vaporization: Annotated[float | None, Sem("number", unit="J/kg")]
    molar_enthalpy_of_vaporization: Annotated[float | None, Sem("molar_enthalpy", unit="J/mol")]
    liquid_density: Annotated[float | None, Sem("density_kg_m3", unit="kg/m3")]
    vapor_density: Annotated[float | None, Sem("density_kg_m3", unit="kg/m3")]


def _saturation(name: str, given: str, value: float) -> Saturation:
    t = _props("T", given, value, "Q", 0, name) if given == "P" else value
    p = _props("P", given, value, "Q", 0, name) if given == "T" else value
    h_vap, h_liq = _maybe("H", given, value, "Q", 1, name), _maybe("H", given, value, "Q", 0, name)
    hvap = None if h_vap is None or h_liq is None else opt(h_vap - h_liq, 8)
    molar = _maybe("M", name)
    return {"fluid": name, "temperature": opt(t, 10), "pressure": opt(p, 10), "enthalpy_of_vaporization": hvap,
            "molar_enthalpy_of_vaporization": None if hvap is None or molar is None else opt(hvap * molar, 8),
            "liquid_density": _maybe("D", given, value, "Q", 0, name), "vapor_density": _maybe("D", given, value, "Q", 1, name)}


@tool(kind="P", examples=[{"fluid": "Water", "pressure_pa": 101325}], **COOLPROP)
def fluid_boiling_point(fluid: FluidName, pressure_pa: PressurePa = ATM) -> Saturation:
    """Boiling (saturation) temperature of a pure fluid at a pressure, with its enthalpy of
    vaporization and the densities of the coexisting liquid and vapour, e.g. water boils at about
    366 K at 76 kPa. Valid from the triple point to the critical point.

    Args:
        fluid: CoolProp fluid name or alias, e.g. "Water", "Ethanol".
        pressure_pa: absolute pressure in pascals (default 1 atm).
    """
    name = _fluid(fluid)
    crit = _maybe("pcrit", name)
    if crit is not None and pressure_pa >= crit:
        raise ToolError(f"{pressure_pa:g} Pa is at or above the critical pressure of {name} ({crit:g} Pa): no boiling point")
    triple = _maybe("ptriple", name)
    if triple is not None and pressure_pa < triple:  # carbon dioxide at 1 atm: the equation of state's 185 K was asked
        # as its boiling point, where it sublimes at 194.7 K (two readers, round BG)
        raise ToolError(f"{pressure_pa:g} Pa is below the triple-point pressure of {name} ({triple:g} Pa): no liquid, so "
                        "no boiling point (it sublimes)")
    return _saturation(name, "P", pressure_pa)


@tool(kind="P", examples=[{"fluid": "R134a", "temperature_k": 298.15}], **COOLPROP)
def fluid_vapor_pressure(fluid: FluidName, temperature_k: TemperatureK) -> Saturation:
    """Saturation vapour pressure of a pure fluid at a temperature (Pa), with its enthalpy of
    vaporization and liquid and vapour densities. Valid between the triple and critical points.

    Args:
        fluid: CoolProp fluid name or alias, e.g. "Water", "R134a".
        temperature_k: temperature in kelvin.
    """
    name = _fluid(fluid)
    crit = _maybe("Tcrit", name)
    if crit is not None and temperature_k >= crit:
        raise ToolError(f"{temperature_k:g} K is at or above the critical temperature of {name} ({crit:g} K): no vapour pressure")
    return _saturation(name, "T", temperature_k)


class HumidAir(TypedDict):
    temperature: Annotated[float, Sem("temperature_k", unit="K")]
    relative_humidity: Annotated[float, Sem("percent")]
    dew_point: Annotated[float, Sem("temperature_k", unit="K")]
    wet_bulb_temperature: Annotated[float, Sem("temperature_k", unit="K")]
    humidity_ratio: Annotated[float, Sem("number", unit="kg water/kg dry air")]
    enthalpy: Annotated[float, Sem("number", unit="J/kg dry air")]
    density: Annotated[float, Sem("density_kg_m3", unit="kg/m3")]


@tool(kind="P", examples=[{"temperature_k": 298.15, "relative_humidity_percent": 50}], **COOLPROP)
def humid_air_properties(temperature_k: TemperatureK, relative_humidity_percent: Annotated[float, Sem("percent")],
                         pressure_pa: PressurePa = ATM) -> HumidAir:
    """Psychrometric properties of moist air from dry-bulb temperature and relative humidity: dew
    point, wet-bulb temperature, humidity ratio, enthalpy and density (ASHRAE RP-1485 model).

    Args:
        temperature_k: dry-bulb air temperature in kelvin.
        relative_humidity_percent: relative humidity in percent, above 0 and up to 100.
        pressure_pa: absolute pressure in pascals (default 1 atm).
    """
    from CoolProp.CoolProp import HAPropsSI

    if not 0 < relative_humidity_percent <= 100:
        raise ToolError(f"relative_humidity_percent must be above 0 and at most 100 (dry air has no dew point), "
                        f"got {relative_humidity_percent}")
    if not 150 < temperature_k < 623 or pressure_pa <= 0:
        raise ToolError("temperature_k must be between 150 and 623 K and pressure_pa positive for the humid-air model")
    state = ("T", temperature_k, "P", pressure_pa, "R", relative_humidity_percent / 100)

    def ha(output: str) -> float:
        try:
            value = HAPropsSI(output, *state)
        except ValueError as exc:
            raise ToolError(f"CoolProp humid-air model failed: {str(exc)[:200]}") from None
        if opt(value) is None:
            raise ToolError(f"CoolProp returned no finite {output} for these humid-air inputs")
        return opt(value, 8)

    return {"temperature": temperature_k, "relative_humidity": relative_humidity_percent, "dew_point": ha("D"),
            "wet_bulb_temperature": ha("B"), "humidity_ratio": ha("W"), "enthalpy": ha("H"), "density": opt(1 / ha("Vha"), 8)}


TOOLS = [fluid_search, fluid_info, fluid_state_properties, fluid_boiling_point, fluid_vapor_pressure, humid_air_properties]
