"""The chem pack: elements (mendeleev, periodictable), molecules from SMILES (RDKit), names and
identifiers (chemicals, OPSIN), formulas (molmass), compound property data (chemicals), fluid
properties (CoolProp) and radioactive decay (radioactivedecay).

Heavy libraries (mendeleev, CoolProp, radioactivedecay, RDKit submodules) are imported inside the
tools, so importing the pack stays fast.
"""

from __future__ import annotations

from dive.tools.packs.chem import (
    element_props,
    elements,
    fluids,
    formulas,
    laws,
    molecules,
    names,
    nuclides,
    scattering,
    similarity,
    thermo,
)
from dive.tools.packs.chem._common import SEMANTIC_TYPES
from dive.tools.packs.chem.seeds import seeds

__all__ = ["SEMANTIC_TYPES", "TOOLS", "seeds"]

TOOLS = [
    *elements.TOOLS,
    *element_props.TOOLS,
    *scattering.TOOLS,
    *formulas.TOOLS,
    *molecules.TOOLS,
    *similarity.TOOLS,
    *names.TOOLS,
    *thermo.TOOLS,
    *fluids.TOOLS,
    *nuclides.TOOLS,
    *laws.TOOLS,
]
