"""Radioactive nuclides with radioactivedecay (ICRP-107 decay data, 1,252 radionuclides): half-lives,
decay modes and chains, decay of an activity over time, specific activity.

radioactivedecay takes about 1.5 s to import, so it is imported inside the tools.
"""

from __future__ import annotations

import functools
import math
from typing import Annotated, Any, Literal

from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.chem._common import RADIOACTIVEDECAY, ElementSymbol, Nuclide, element_symbol, opt, positive, tidy
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS", "radionuclides"]

SECONDS_PER_YEAR = 365.2422 * 86400  # the (tropical) year radioactivedecay converts years with
BQ_PER_CI = 3.7e10  # exact, by definition of the curie
TimeUnit = Literal["s", "min", "h", "d", "y"]
_RD_UNIT = {"s": "s", "min": "m", "h": "h", "d": "d", "y": "y"}


@functools.cache
def radionuclides() -> list[str]:
    """The radioactive nuclides of the ICRP-107 dataset (parents with a finite half-life)."""
    import radioactivedecay as rd

    data = rd.DEFAULTDATA
    return [str(n) for n in data.nuclides if math.isfinite(data.half_life(str(n)))]


def _nuclide(text: str) -> Any:
    import radioactivedecay as rd

    query = (text or "").strip()
    if not query:
        raise ToolError("nuclide is empty; write it like 'C-14', 'U-238' or 'Tc-99m'")
    try:
        return rd.Nuclide(query)
    except Exception as exc:  # noqa: BLE001 - radioactivedecay raises its own string errors
        raise ToolError(f"unknown nuclide {text!r} ({exc}); write element and mass number like 'C-14', 'Co-60' or 'Tc-99m'") from None


def _radioactive(text: str) -> Any:
    nuc = _nuclide(text)
    if nuc.nuclide not in set(radionuclides()):
        raise ToolError(f"{nuc.nuclide} is stable or not in the ICRP-107 dataset, so it does not decay")
    return nuc


class Branch(TypedDict):
    progeny: Annotated[str, Sem("nuclide")]
    mode: str
    branching_fraction: Annotated[float, Sem("number")]


class NuclideInfo(TypedDict):
    nuclide: Annotated[str, Sem("nuclide")]
    element: Annotated[str, Sem("element_symbol")]
    atomic_number: Annotated[int, Sem("atomic_number")]
    mass_number: int
    atomic_mass: Annotated[float | None, Sem("molar_mass", unit="g/mol")]
    is_stable: bool
    half_life: Annotated[float | None, Sem("duration_s", unit="s")]
    half_life_readable: str
    decays: list[Branch]


def _element_of(nuclide: str) -> str:
    return nuclide.split("-")[0]


@tool(kind="R", examples=[{"nuclide": "C-14"}, {"nuclide": "Tc-99m"}], **RADIOACTIVEDECAY)
def nuclide_info(nuclide: Nuclide) -> NuclideInfo:
    """Half-life and decay of a nuclide (ICRP-107): half-life in seconds and in readable units,
    decay modes (alpha, beta-minus, EC, IT, SF, ...) with their daughter nuclides and branching
    fractions, atomic mass. Stable nuclides have is_stable true and no decays.

    Args:
        nuclide: element and mass number, with m for metastable states: "C-14", "U-238", "Tc-99m".
    """
    nuc = _nuclide(nuclide)
    hl = nuc.half_life()
    stable = math.isinf(hl)
    decays = [] if stable else [
        {"progeny": str(p), "mode": str(m), "branching_fraction": tidy(float(b), 8)}
        for p, m, b in zip(nuc.progeny(), nuc.decay_modes(), nuc.branching_fractions(), strict=False)]
    return {"nuclide": nuc.nuclide, "element": _element_of(nuc.nuclide), "atomic_number": int(nuc.Z),
            "mass_number": int(nuc.A), "atomic_mass": opt(nuc.atomic_mass, 12), "is_stable": stable,
            "half_life": None if stable else tidy(hl, 10), "half_life_readable": "stable" if stable else nuc.half_life("readable"),
            "decays": decays}


class ChainMember(TypedDict):
    nuclide: Annotated[str, Sem("nuclide")]
    generation: int
    half_life_readable: str
    reached_by: str


class Chain(TypedDict):
    parent: Annotated[str, Sem("nuclide")]
    member_count: int
    members: list[ChainMember]
    stable_end_products: list[Annotated[str, Sem("nuclide")]]


@tool(kind="R", examples=[{"nuclide": "Rn-222"}], **RADIOACTIVEDECAY)
def nuclide_decay_chain(nuclide: Nuclide, limit: int = 30) -> Chain:
    """The full decay chain of a radionuclide: every descendant down to the stable end products,
    with its generation (1 = direct daughter), half-life and the decay mode that first reaches it.
    E.g. U-238 ends in Pb-206 after 14 steps.

    Args:
        nuclide: radioactive parent such as "Rn-222" or "U-238".
        limit: most chain members to list (1-200), in order of generation.
    """
    parent = _radioactive(nuclide)
    seen = {parent.nuclide}
    members: list[ChainMember] = []
    stable: list[str] = []
    frontier = [(parent, 0)]
    while frontier:
        nuc, gen = frontier.pop(0)
        if math.isinf(nuc.half_life()):
            continue
        for child, mode in zip(nuc.progeny(), nuc.decay_modes(), strict=False):
            name = str(child)
            if name in seen or name == "SF":
                continue
            seen.add(name)
            child_nuc = _nuclide(name)
            is_stable = math.isinf(child_nuc.half_life())
            members.append({"nuclide": name, "generation": gen + 1,
                            "half_life_readable": "stable" if is_stable else child_nuc.half_life("readable"),
                            "reached_by": f"{mode} from {nuc.nuclide}"})
            if is_stable:
                stable.append(name)
            else:
                frontier.append((child_nuc, gen + 1))
    return {"parent": parent.nuclide, "member_count": len(members), "members": members[: max(1, min(limit, 200))],
            "stable_end_products": stable}


class Activity(TypedDict):
    nuclide: Annotated[str, Sem("nuclide")]
    activity: Annotated[float, Sem("activity_bq", unit="Bq")]


class Decayed(TypedDict):
    parent: Annotated[str, Sem("nuclide")]
    elapsed: Annotated[float, Sem("duration_s", unit="s")]
    parent_activity: Annotated[float, Sem("activity_bq", unit="Bq")]
    parent_fraction_remaining: Annotated[float, Sem("number")]
    total_activity: Annotated[float, Sem("activity_bq", unit="Bq")]
    activities: list[Activity]


@tool(kind="P", examples=[{"nuclide": "Co-60", "activity_bq": 1000, "time": 10, "time_unit": "y"}], **RADIOACTIVEDECAY)
def radioactive_decay(nuclide: Nuclide, activity_bq: Annotated[float, Sem("activity_bq", unit="Bq")],
                      time: Annotated[float, Sem("number")],
                      time_unit: TimeUnit = "y", limit: int = 10) -> Decayed:
    """Decay a starting activity of a radionuclide for a given time: the remaining activity of the
    parent and the in-grown activities of its radioactive progeny (Bateman equations, ICRP-107 data).

    After one half-life the parent keeps 50 % of its activity.

    Args:
        nuclide: radioactive parent such as "Co-60" or "I-131".
        activity_bq: starting activity of the parent in becquerels.
        time: elapsed time, in ``time_unit``.
        time_unit: unit of ``time``: s, min, h, d (days) or y (years).
        limit: most nuclides to list, highest activity first.
    """
    import radioactivedecay as rd

    parent = _radioactive(nuclide)
    positive(activity_bq, "activity_bq")
    if time < 0 or not math.isfinite(time):
        raise ToolError(f"time must be zero or positive, got {time}")
    decayed = rd.Inventory({parent.nuclide: activity_bq}, "Bq").decay(time, _RD_UNIT[time_unit])
    acts = {str(k): float(v) for k, v in decayed.activities("Bq").items()}
    listed = sorted(({"nuclide": k, "activity": tidy(v, 10)} for k, v in acts.items() if v > 0), key=lambda a: -a["activity"])
    parent_act = acts.get(parent.nuclide, 0.0)
    seconds = time * {"s": 1, "min": 60, "h": 3600, "d": 86400, "y": SECONDS_PER_YEAR}[time_unit]
    return {"parent": parent.nuclide, "elapsed": tidy(seconds, 10), "parent_activity": tidy(parent_act, 10),
            "parent_fraction_remaining": tidy(parent_act / activity_bq, 10), "total_activity": tidy(sum(acts.values()), 10),
            "activities": listed[: max(1, limit)]}


class SpecificActivity(TypedDict):
    nuclide: Annotated[str, Sem("nuclide")]
    specific_activity: Annotated[float, Sem("number", unit="Bq/g")]
    specific_activity_ci_per_g: Annotated[float, Sem("number", unit="Ci/g")]
    half_life: Annotated[float, Sem("duration_s", unit="s")]


@tool(kind="P", examples=[{"nuclide": "Ra-226"}], **RADIOACTIVEDECAY)
def nuclide_specific_activity(nuclide: Nuclide) -> SpecificActivity:
    """Specific activity of a pure radionuclide: decays per second per gram (Bq/g) and curies per
    gram, from A = ln2 / T_half x N_A / M. Ra-226 is about 1 Ci/g (the curie's origin).

    Args:
        nuclide: radionuclide such as "Ra-226" or "C-14".
    """
    import radioactivedecay as rd

    nuc = _radioactive(nuclide)
    bq = float(rd.Inventory({nuc.nuclide: 1.0}, "g").activities("Bq")[nuc.nuclide])
    return {"nuclide": nuc.nuclide, "specific_activity": tidy(bq, 10), "specific_activity_ci_per_g": tidy(bq / BQ_PER_CI, 10),
            "half_life": tidy(nuc.half_life(), 10)}


class TimeToFraction(TypedDict):
    nuclide: Annotated[str, Sem("nuclide")]
    fraction_remaining: Annotated[float, Sem("number")]
    half_lives: Annotated[float, Sem("number")]
    time: Annotated[float, Sem("duration_s", unit="s")]
    time_years: Annotated[float, Sem("number", unit="y")]


@tool(kind="P", examples=[{"nuclide": "C-14", "fraction_remaining": 0.25}], **RADIOACTIVEDECAY)
def decay_time_to_fraction(nuclide: Nuclide, fraction_remaining: Annotated[float, Sem("number")]) -> TimeToFraction:
    """How long a radionuclide takes to decay to a given fraction of its initial amount (or
    activity): t = T_half x log2(1 / fraction). Use it for radiocarbon dating (fraction of C-14
    left -> age) or storage times of medical isotopes.

    Args:
        nuclide: radionuclide such as "C-14".
        fraction_remaining: fraction left, strictly between 0 and 1 (0.25 = a quarter).
    """
    nuc = _radioactive(nuclide)
    if not 0 < fraction_remaining < 1:
        raise ToolError(f"fraction_remaining must be strictly between 0 and 1, got {fraction_remaining}")
    n_half = math.log2(1 / fraction_remaining)
    seconds = nuc.half_life() * n_half
    return {"nuclide": nuc.nuclide, "fraction_remaining": fraction_remaining, "half_lives": tidy(n_half, 10),
            "time": tidy(seconds, 10), "time_years": tidy(seconds / SECONDS_PER_YEAR, 10)}


class Radionuclide(TypedDict):
    nuclide: Annotated[str, Sem("nuclide")]
    half_life: Annotated[float, Sem("duration_s", unit="s")]
    half_life_readable: str


class Radionuclides(TypedDict):
    element: Annotated[str, Sem("element_symbol")]
    count: int
    nuclides: list[Radionuclide]


@tool(kind="R", examples=[{"symbol": "I", "limit": 5}], **RADIOACTIVEDECAY)
def radioactive_isotopes_of_element(symbol: ElementSymbol, limit: int = 10) -> Radionuclides:
    """List the radioactive isotopes of an element in the ICRP-107 dataset, longest-lived first,
    with their half-lives (e.g. iodine: I-129, I-125, I-131, ...).

    Args:
        symbol: element symbol such as "I".
        limit: most nuclides to list (1-100); ``count`` gives the total.
    """
    sym = element_symbol(symbol)
    names = [n for n in radionuclides() if _element_of(n) == sym]
    if not names:
        raise ToolError(f"no radioactive isotope of {sym!r} in the ICRP-107 dataset (check the symbol)")
    listed = []
    for name in names:
        nuc = _nuclide(name)
        listed.append({"nuclide": name, "half_life": tidy(nuc.half_life(), 10), "half_life_readable": nuc.half_life("readable")})
    listed.sort(key=lambda n: -n["half_life"])
    return {"element": sym, "count": len(listed), "nuclides": listed[: max(1, min(limit, 100))]}


TOOLS = [nuclide_info, nuclide_decay_chain, radioactive_decay, nuclide_specific_activity, decay_time_to_fraction,
         radioactive_isotopes_of_element]
