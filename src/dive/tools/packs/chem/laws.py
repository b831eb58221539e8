"""Textbook chemistry formulas written by us (no backing package): ideal gas law, dilution,
Henderson-Hasselbalch and Arrhenius equations. Each docstring cites its formula.
"""

from __future__ import annotations

import math
from typing import Annotated

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.chem._common import OURS, tidy
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

GAS_CONSTANT = 8.314462618  # J/(mol K), exact (2019 SI: N_A x k_B)


class IdealGas(TypedDict):
    pressure: Annotated[float, Sem("pressure_pa", unit="Pa")]
    volume: Annotated[float, Sem("volume_l", unit="L")]
    amount: Annotated[float, Sem("amount_mol", unit="mol")]
    temperature: Annotated[float, Sem("temperature_k", unit="K")]
    solved_for: str


@tool(kind="P", examples=[{"amount_mol": 1, "temperature_k": 273.15, "pressure_pa": 101325}], **OURS)
def ideal_gas_law(pressure_pa: Annotated[float | None, Sem("pressure_pa", unit="Pa")] = None,
                  volume_l: Annotated[float | None, Sem("volume_l", unit="L")] = None,
                  amount_mol: Annotated[float | None, Sem("amount_mol", unit="mol")] = None,
                  temperature_k: Annotated[float | None, Sem("temperature_k", unit="K")] = None) -> IdealGas:
    """Solve the ideal gas law PV = nRT for whichever of pressure, volume, amount or temperature
    is left out (give exactly three). R = 8.314462618 J/(mol K) (CODATA 2018, exact); e.g. 1 mol
    at 273.15 K and 101325 Pa occupies 22.414 L.

    Args:
        pressure_pa: absolute pressure in pascals.
        volume_l: volume in litres.
        amount_mol: amount of gas in moles.
        temperature_k: absolute temperature in kelvin.
    """
    given = {"pressure": pressure_pa, "volume": volume_l, "amount": amount_mol, "temperature": temperature_k}
    missing = [k for k, v in given.items() if v is None]
    if len(missing) != 1:
        raise ToolError(f"give exactly three of pressure_pa, volume_l, amount_mol, temperature_k (missing now: {missing or 'none'})")
    for key, value in given.items():
        if value is not None and not value > 0:
            raise ToolError(f"{key} must be positive, got {value}")
    p, v, n, t = pressure_pa, volume_l, amount_mol, temperature_k
    if p is None:
        p = n * GAS_CONSTANT * t / (v / 1000)
    elif v is None:
        v = n * GAS_CONSTANT * t / p * 1000
    elif n is None:
        n = p * (v / 1000) / (GAS_CONSTANT * t)
    else:
        t = p * (v / 1000) / (n * GAS_CONSTANT)
    return {"pressure": tidy(p), "volume": tidy(v), "amount": tidy(n), "temperature": tidy(t), "solved_for": missing[0]}


class Dilution(TypedDict):
    initial_concentration: Annotated[float, Sem("concentration_molar", unit="mol/L")]
    initial_volume: Annotated[float, Sem("volume_l", unit="L")]
    final_concentration: Annotated[float, Sem("concentration_molar", unit="mol/L")]
    final_volume: Annotated[float, Sem("volume_l", unit="L")]
    solvent_to_add: Annotated[float, Sem("volume_l", unit="L")]
    solved_for: str


@tool(kind="P", examples=[{"initial_concentration": 2.0, "initial_volume": 0.05, "final_concentration": 0.5}], **OURS)
def solution_dilution(initial_concentration: Annotated[float | None, Sem("concentration_molar", unit="mol/L")] = None,
                      initial_volume: Annotated[float | None, Sem("volume_l", unit="L")] = None,
                      final_concentration: Annotated[float | None, Sem("concentration_molar", unit="mol/L")] = None,
                      final_volume: Annotated[float | None, Sem("volume_l", unit="L")] = None) -> Dilution:
    """Solve the dilution equation C1 V1 = C2 V2 (moles of solute are conserved) for the one value
    left out, and give the volume of solvent to add (V2 - V1). Give exactly three values.

    Args:
        initial_concentration: stock concentration C1 in mol/L.
        initial_volume: volume of stock V1 in litres.
        final_concentration: diluted concentration C2 in mol/L.
        final_volume: final volume V2 in litres.
    """
    given = {"initial_concentration": initial_concentration, "initial_volume": initial_volume,
             "final_concentration": final_concentration, "final_volume": final_volume}
    missing = [k for k, v in given.items() if v is None]
    if len(missing) != 1:
        raise ToolError(f"give exactly three of the four values (missing now: {missing or 'none'})")
    for key, value in given.items():
        if value is not None and not value > 0:
            raise ToolError(f"{key} must be positive, got {value}")
    c1, v1, c2, v2 = initial_concentration, initial_volume, final_concentration, final_volume
    if c1 is None:
        c1 = c2 * v2 / v1
    elif v1 is None:
        v1 = c2 * v2 / c1
    elif c2 is None:
        c2 = c1 * v1 / v2
    else:
        v2 = c1 * v1 / c2
    if c2 > c1 * (1 + 1e-12):
        raise ToolError(f"a dilution cannot raise the concentration (C2 = {tidy(c2)} > C1 = {tidy(c1)})")
    return {"initial_concentration": tidy(c1), "initial_volume": tidy(v1), "final_concentration": tidy(c2),
            "final_volume": tidy(v2), "solvent_to_add": tidy(v2 - v1), "solved_for": missing[0]}


class Buffer(TypedDict):
    ph: Annotated[float, Sem("ph")]
    ratio_base_to_acid: Annotated[float, Sem("number")]


@tool(kind="P", examples=[{"pka": 4.76, "base_concentration": 0.1, "acid_concentration": 0.1}], **OURS)
def henderson_hasselbalch_ph(pka: Annotated[float, Sem("number")],
                             base_concentration: Annotated[float, Sem("concentration_molar", unit="mol/L")],
                             acid_concentration: Annotated[float, Sem("concentration_molar", unit="mol/L")]) -> Buffer:
    """pH of a buffer from the Henderson-Hasselbalch equation, pH = pKa + log10([A-]/[HA])
    (Henderson 1908, Hasselbalch 1917); e.g. an equimolar acetate buffer has pH = pKa = 4.76.
    Valid for buffers whose concentrations are well above [H+].

    Args:
        pka: acid dissociation constant of the weak acid, as pKa.
        base_concentration: concentration of the conjugate base [A-] in mol/L.
        acid_concentration: concentration of the weak acid [HA] in mol/L.
    """
    if not base_concentration > 0 or not acid_concentration > 0:
        raise ToolError("base_concentration and acid_concentration must both be positive")
    ratio = base_concentration / acid_concentration
    return {"ph": tidy(pka + math.log10(ratio)), "ratio_base_to_acid": tidy(ratio)}


class Arrhenius(TypedDict):
    rate_constant: Annotated[float, Sem("number")]
    temperature: Annotated[float, Sem("temperature_k", unit="K")]
    rate_constant_at_reference: Annotated[float | None, Sem("number")]
    ratio_to_reference: Annotated[float | None, Sem("number")]


@tool(kind="P", examples=[{"pre_exponential_factor": 1e13, "activation_energy_kj_mol": 50, "temperature_k": 310,
                           "reference_temperature_k": 300}], **OURS)
def arrhenius_rate_constant(pre_exponential_factor: Annotated[float, Sem("number")],
                            activation_energy_kj_mol: Annotated[float, Sem("number", unit="kJ/mol")],
                            temperature_k: Annotated[float, Sem("temperature_k", unit="K")],
                            reference_temperature_k: Annotated[float | None, Sem("temperature_k", unit="K")] = None) -> Arrhenius:
    """Rate constant from the Arrhenius equation k = A exp(-Ea / (R T)) (Arrhenius 1889), and
    optionally how many times faster the reaction is than at a reference temperature.

    The rate constant has the units of the pre-exponential factor A (e.g. 1/s for first order).

    Args:
        pre_exponential_factor: the pre-exponential (frequency) factor A.
        activation_energy_kj_mol: activation energy Ea in kJ/mol.
        temperature_k: temperature in kelvin.
        reference_temperature_k: optional second temperature to compare against.
    """
    if not temperature_k > 0 or (reference_temperature_k is not None and not reference_temperature_k > 0):
        raise ToolError("temperatures must be positive kelvin values")
    if not pre_exponential_factor > 0:
        raise ToolError(f"pre_exponential_factor must be positive, got {pre_exponential_factor}")

    def k(t: float) -> float:
        return pre_exponential_factor * math.exp(-activation_energy_kj_mol * 1000 / (GAS_CONSTANT * t))

    ref = k(reference_temperature_k) if reference_temperature_k is not None else None
    if ref == 0.0 or k(temperature_k) == 0.0:
        raise ToolError("the rate constant underflows to zero; check the activation energy unit (kJ/mol)")
    return {"rate_constant": tidy(k(temperature_k)), "temperature": temperature_k,
            "rate_constant_at_reference": None if ref is None else tidy(ref),
            "ratio_to_reference": None if ref is None else tidy(k(temperature_k) / ref)}


TOOLS = [ideal_gas_law, solution_dilution, henderson_hasselbalch_ph, arrhenius_rate_constant]
