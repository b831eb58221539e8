"""Packs in tests: a module that needs a pack not installed is skipped (naming the extra), never an error."""

from __future__ import annotations

import pytest

from dive.tools import FunctionToolset, load_pool, pack_installed
from dive.tools.registry import PACKS


def require_packs(*packs: str) -> None:
    """Skip the calling test module (at collection) unless every pack is installed."""
    missing = [p for p in packs if not pack_installed(p)]
    if missing:
        hints = "; ".join(PACKS[p].install_hint for p in missing)
        pytest.skip(f"needs the {', '.join(missing)} pack(s): {hints}", allow_module_level=True)


def pool_or_skip(*packs: str) -> FunctionToolset:
    """The pool of ``packs``, or a module-level skip when one is not installed."""
    require_packs(*packs)
    return load_pool(list(packs))


def program_rounds(explorer, lexicon, seed, pool, rounds: int = 3, chained: bool = False):  # noqa: ANN001, ANN201
    """Run ``rounds`` rounds of the program explorer and the natural deriver on ``pool``, each round with
    ``random.Random(round)``: the final trace and every task derived (``chained``: each round's ``previous``
    is the first task of the round before, as a run passes it)."""
    import random  # noqa: PLC0415

    from dive.derivation.natural import Natural  # noqa: PLC0415

    tools = {t.name: t for t in pool.list_tools()}
    trace, tasks, previous = None, [], None
    for r in range(1, rounds + 1):
        trace = explorer.explore(seed=seed, toolset=pool, trace=trace, round=r, rng=random.Random(r),
                                 previous=previous if chained else None)
        found = Natural(lexicon).derive(trace=trace, tools=tools, seed=seed, round=r,
                                        previous=previous if chained else None, rng=random.Random(r))
        previous = found[0] if found else previous
        tasks += found
    return trace, tasks


def comparing_cities(lexicon):  # noqa: ANN001, ANN201
    """``lexicon`` with cities' populations compared, as a pack whose cities are one kind of place may do (the geo
    pack does not: New Delhi or Delhi, Tokyo's wards or its metropolis), to test what such a field makes."""
    import dataclasses  # noqa: PLC0415

    city = lexicon.tools["city_lookup"]
    population = dataclasses.replace(city.fields["$.population"], compare=True)
    tools = {**lexicon.tools, "city_lookup": dataclasses.replace(city, fields={**city.fields, "$.population": population})}
    return dataclasses.replace(lexicon, tools=tools)
