"""Seeds of the chem pack: elements, common molecules (names, SMILES, CAS numbers, formulas,
InChIKeys, IUPAC names), CoolProp fluids and well-known nuclides, all read from the backing packages.
"""

from __future__ import annotations

import re

from dive.records import Seed

__all__ = ["seeds"]

# Everyday compounds, drugs, solvents and metabolites; each is resolved in the chemicals database,
# which supplies its SMILES, CAS number, formula and InChIKey.
_EVERYDAY = (
    "caffeine", "aspirin", "ethanol", "methanol", "water", "benzene", "toluene", "acetone", "glucose", "sucrose",
    "fructose", "paracetamol", "ibuprofen", "morphine", "dopamine", "serotonin", "epinephrine", "histamine",
    "cholesterol", "testosterone", "estradiol", "vanillin", "menthol", "capsaicin", "citric acid", "acetic acid",
    "formic acid", "lactic acid", "urea", "glycine", "lysine", "tryptophan", "phenylalanine", "glutamine",
    "ammonia", "methane", "ethane", "propane", "butane", "octane", "hexane", "cyclohexane", "naphthalene", "phenol",
    "aniline", "pyridine", "chloroform", "dichloromethane", "acetonitrile", "dimethyl sulfoxide", "diethyl ether",
    "ethylene glycol", "glycerol", "styrene", "formaldehyde", "acetaldehyde", "benzaldehyde", "benzoic acid",
    "salicylic acid", "nitroglycerin", "trinitrotoluene", "quinine", "theobromine", "theophylline", "ascorbic acid",
    "retinol", "riboflavin", "niacin", "biotin", "folic acid", "ketamine", "lidocaine", "warfarin", "metformin",
    "atenolol", "propranolol", "diazepam", "omeprazole", "naproxen", "carbon dioxide", "carbon monoxide",
    "nitrous oxide", "hydrogen peroxide", "sulfuric acid", "nitric acid", "ozone", "isopropanol", "isoprene",
    "camphor", "eugenol", "coumarin", "indole", "adenine", "guanine", "cytosine", "thymine", "uracil", "ribose",
    "benzocaine", "procaine", "acetylene", "ethylene", "propylene", "chlorobenzene", "nitrobenzene",
    "tetrahydrofuran", "ethyl acetate",
)

# No element has a family (``Seed.group``), so none is compared with siblings drawn for it: in review rounds AL and
# AM, two readers each rated 23 of 60 verdicts on such superlatives good ("Which of iridium, hafnium, mercury and
# osmium has the lowest first ionization energy?", "Of sulfur, carbon, oxygen, nitrogen and phosphorus, which has the
# lowest boiling point?": a quiz), against 157 of 212 on one-thing questions. Elements are compared over sets named
# by their relation (the elements of group 2, of period 3). A compound is compared only within a family people
# choose among (FAMILIES): the solvent of a reaction, a pain reliever.

FAMILIES: dict[str, tuple[str, ...]] = {
    "solvent": ("ethanol", "methanol", "acetone", "toluene", "hexane", "cyclohexane", "chloroform", "dichloromethane",
                "acetonitrile", "dimethyl sulfoxide", "diethyl ether", "tetrahydrofuran", "ethyl acetate",
                "isopropanol", "pyridine", "benzene", "dimethylformamide", "heptane", "methyl ethyl ketone",
                "carbon tetrachloride", "1,4-dioxane", "nitromethane"),
    "analgesic": ("aspirin", "paracetamol", "ibuprofen", "naproxen", "diclofenac", "ketoprofen", "indomethacin"),
    "nucleobase": ("adenine", "guanine", "cytosine", "thymine", "uracil"),
    "xanthine": ("caffeine", "theobromine", "theophylline"),
    "neurotransmitter": ("dopamine", "serotonin", "epinephrine", "histamine", "norepinephrine", "gamma-aminobutyric acid",
                         "glutamic acid"),
    "local anaesthetic": ("lidocaine", "benzocaine", "procaine", "bupivacaine", "tetracaine", "prilocaine"),
    "sugar": ("glucose", "fructose", "sucrose", "ribose", "lactose", "galactose", "mannose"),
    "amino acid": ("glycine", "lysine", "tryptophan", "phenylalanine", "glutamine", "valine", "serine", "cysteine",
                   "proline", "tyrosine"),
    "vitamin": ("ascorbic acid", "retinol", "riboflavin", "niacin", "biotin", "folic acid", "pyridoxine"),
    "organic acid": ("citric acid", "acetic acid", "formic acid", "lactic acid", "benzoic acid", "salicylic acid",
                     "oxalic acid", "malic acid", "succinic acid", "propionic acid", "butyric acid"),
    "aroma": ("vanillin", "menthol", "camphor", "eugenol", "coumarin", "capsaicin", "limonene", "cinnamaldehyde",
              "linalool", "thymol", "carvone"),
    "aromatic": ("chlorobenzene", "nitrobenzene", "aniline", "phenol", "naphthalene", "benzaldehyde", "anisole",
                 "benzonitrile", "acetophenone", "benzyl alcohol"),
    "monomer": ("styrene", "ethylene", "propylene", "isoprene", "vinyl chloride", "acrylonitrile", "methyl methacrylate",
                "vinyl acetate", "1,3-butadiene"),
    "steroid": ("cholesterol", "testosterone", "estradiol", "progesterone", "cortisol", "estrone"),
}
"""Compounds compared with each other (``Seed.group`` of their names): a program compares a compound with two to four
of its family (*Which of acetone, ethyl acetate and tetrahydrofuran has the largest vapour pressure at 298.15 K?*),
never with an arbitrary other. No homologous series (methane, ethane, propane: the order is known without a tool).
Not for fluids or nuclides: refrigerants are named by codes (R134a), which no superlative lists, and half-lives of
one use differ by more than a superlative's lead allows (``dive.derivation.compare.NAMED_LEAD``)."""
_FAMILY_OF = {name: family for family, names in FAMILIES.items() for name in names}
COMMON_MOLECULES = (*_EVERYDAY, *(name for name in _FAMILY_OF if name not in _EVERYDAY))
"""Every compound seeded by name: the everyday ones, then the rest of the families, so that a comparison names other
sets than the same three or four."""

# Systematic names OPSIN parses (iupac_name_to_smiles / iupac_name_to_inchi) that are the names chemists use. Not
# those of compounds everyone knows by a common name: "the fraction of sp3 carbons in 2-[4-(2-methylpropyl)phenyl]
# propanoic acid" (ibuprofen: both readers, round CZ) and "the log Kow of 2-hydroxypropanoic acid" (lactic acid: a
# reader) read as riddles, as would aspirin's, caffeine's, acetone's or vanillin's.
IUPAC_NAMES = ("butan-1-ol", "3-methylbutan-2-ol", "2,2-dimethylpropane", "cyclohexanol", "1,4-dichlorobenzene")

# Radionuclides of medicine, dating, power and fallout, plus stable isotopes used in neutron work.
NUCLIDES = (
    "H-3", "Be-7", "Be-10", "C-11", "C-14", "N-13", "O-15", "F-18", "Na-22", "Na-24", "Al-26", "P-32", "S-35",
    "Cl-36", "Ar-39", "Ar-41", "K-40", "Ca-45", "Cr-51", "Mn-54", "Fe-55", "Fe-59", "Co-57", "Co-58", "Co-60",
    "Ni-63", "Zn-65", "Ga-67", "Ga-68", "Ge-68", "Kr-85", "Rb-82", "Sr-89", "Sr-90", "Y-90", "Mo-99", "Tc-99m",
    "Tc-99", "In-111", "I-123", "I-125", "I-129", "I-131", "Xe-133", "Cs-134", "Cs-137", "Ba-133", "Sm-153",
    "Lu-177", "Ir-192", "Tl-201", "Pb-210", "Po-210", "Rn-222", "Ra-223", "Ra-226", "Th-232", "U-234", "U-235",
    "U-238", "Pu-238", "Pu-239", "Am-241", "Cf-252",
)
STABLE_ISOTOPES = ("H-1", "H-2", "Li-6", "B-10", "C-12", "C-13", "N-15", "O-16", "O-18", "Fe-56", "Ni-58", "Gd-157")
_LAST_MEASURED = 94
_OBSCURE = frozenset({61, 85, 87, 89, 91, 93})
"""Promethium, astatine, francium, actinium, protactinium and neptunium: radioactive elements known from traces, no
one's question (astatine's K-beta X-ray line, Slater's rules for protactinium: two readers each, round AN). A set
of elements that holds one is not gone through (:mod:`dive.exploration.members`): none of group 2 or periods 2-5."""


_MAIN_GROUPS = (2,)
"""The groups of the periodic table whose members are all measured: group 1 ends in francium and groups 13-18 in a
superheavy element, whose densities and radii are estimates (francium's covalent radius of 223 pm would make caesium
the largest of its group)."""


_NICHE_FLUID = re.compile(r"D\d|M+D?\d*M|(?:Ortho|Para)(?:Hydrogen|Deuterium)|Novec649|SES36|HFE143m|R[45]\d\d[A-Z]"
                          r"|R13I1")
"""CoolProp fluids known by a library's name alone: the siloxanes (MD2M, D4), the spin isomers of hydrogen
(paradeuterium, orthohydrogen) and trade names; questions about them read as copied from the library (two reviewers
each, rounds P and X). Also the refrigerant blends (R404A, R407C, R410A, R507A), which CoolProp models as one
pseudo-pure fluid: R407C boils over a 7 K glide, so "its boiling point" has no one answer (two readers, round AC).
And R13I1, CoolProp's name for trifluoroiodomethane, CF3I (two readers, round BA: "the software's fluid name")."""


def seeds() -> list[Seed]:
    """About 700 seeds across the chem pack's parameter types."""
    import periodictable

    from dive.tools.packs.chem.fluids import fluid_names
    from dive.tools.packs.chem.names import metadata
    from dive.tools.packs.chem.nuclides import radionuclides

    out: list[Seed] = []

    def add(value: str, sem: str, label: str = "", group: str = "") -> None:
        out.append(Seed(value=value, sem=sem, domain="chem", label=label, group=group))

    for el in periodictable.elements:  # up to plutonium: the densities and melting points of dubnium and
        # lawrencium are predictions (a reviewer found them odd in a chemistry question)
        if 0 < el.number <= _LAST_MEASURED and el.number not in _OBSCURE:
            add(el.symbol, "element_symbol", el.name)
    for el in periodictable.elements:
        if 0 < el.number <= _LAST_MEASURED and el.number not in _OBSCURE:
            add(el.name, "element_name", el.symbol)
    formulas: set[str] = set()
    for name in COMMON_MOLECULES:
        r = metadata(name)
        add(name, "molecule_name", r.CASs, _FAMILY_OF.get(name, ""))
        add(r.smiles, "smiles", name)
        add(r.CASs, "cas_number", name)
        add(r.InChI_key, "inchikey", name, _FAMILY_OF.get(name, ""))  # found by its name: compared as the name is
        if r.formula not in formulas:
            formulas.add(r.formula)
            add(r.formula, "molecular_formula", name)
    for name in IUPAC_NAMES:
        add(name, "molecule_name", "IUPAC name")
    for group in _MAIN_GROUPS:  # a set named by its relation: the elements of group 17 (which is the densest?)
        out.append(Seed(value=group, sem="periodic_group", domain="chem", label="periodic-table group"))
    for period in (2, 3, 4, 5):  # period 6 has 32 elements, too many to go through
        out.append(Seed(value=period, sem="periodic_period", domain="chem", label="periodic-table period"))
    for fluid in fluid_names():
        if not _NICHE_FLUID.fullmatch(fluid):
            add(fluid, "fluid_name", "CoolProp fluid")
    known = set(radionuclides())
    for nuclide in NUCLIDES:
        if nuclide in known:
            add(nuclide, "nuclide", "radionuclide")
    for nuclide in STABLE_ISOTOPES:
        add(nuclide, "nuclide", "stable isotope")
    return out
