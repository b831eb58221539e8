"""How the bio pack's coded values are said in a question (pure, offline, never raising).

Genetic codes are named, not numbered ("the vertebrate mitochondrial code", not "table 2");
amino acids are named ("tryptophan", not "W"). Sequences, codons, enzymes and IUPAC letters
are mentioned as they are: a molecular biologist writes them that way.
"""

from __future__ import annotations

from typing import Any

__all__ = ["amino_acid_label", "codon_aliases", "codon_table_label"]

# NCBI genetic code ids -> the name a biologist uses (first NCBI name, lower case where it is a common noun).
_CODES: dict[int, str] = {
    1: "the standard genetic code",
    2: "the vertebrate mitochondrial code",
    3: "the yeast mitochondrial code",
    4: "the mold, protozoan and coelenterate mitochondrial code",
    5: "the invertebrate mitochondrial code",
    6: "the ciliate nuclear code",
    9: "the echinoderm and flatworm mitochondrial code",
    10: "the euplotid nuclear code",
    11: "the bacterial, archaeal and plant plastid code",
    12: "the alternative yeast nuclear code",
    13: "the ascidian mitochondrial code",
    14: "the alternative flatworm mitochondrial code",
    15: "the Blepharisma nuclear code",
    16: "the chlorophycean mitochondrial code",
    21: "the trematode mitochondrial code",
    22: "the Scenedesmus obliquus mitochondrial code",
    23: "the Thraustochytrium mitochondrial code",
    24: "the pterobranchia mitochondrial code",
    25: "the candidate division SR1 and Gracilibacteria code",
    26: "the Pachysolen tannophilus nuclear code",
    27: "the karyorelict nuclear code",
    28: "the Condylostoma nuclear code",
    29: "the Mesodinium nuclear code",
    30: "the peritrich nuclear code",
    31: "the Blastocrithidia nuclear code",
    32: "the Balanophoraceae plastid code",
    33: "the Cephalodiscidae mitochondrial code",
}

_AMINO: dict[str, tuple[str, str]] = {  # one-letter -> (three-letter, name)
    "A": ("Ala", "alanine"), "R": ("Arg", "arginine"), "N": ("Asn", "asparagine"),
    "D": ("Asp", "aspartic acid"), "C": ("Cys", "cysteine"), "Q": ("Gln", "glutamine"),
    "E": ("Glu", "glutamic acid"), "G": ("Gly", "glycine"), "H": ("His", "histidine"),
    "I": ("Ile", "isoleucine"), "L": ("Leu", "leucine"), "K": ("Lys", "lysine"),
    "M": ("Met", "methionine"), "F": ("Phe", "phenylalanine"), "P": ("Pro", "proline"),
    "S": ("Ser", "serine"), "T": ("Thr", "threonine"), "W": ("Trp", "tryptophan"),
    "Y": ("Tyr", "tyrosine"), "V": ("Val", "valine"), "U": ("Sec", "selenocysteine"),
    "O": ("Pyl", "pyrrolysine"),
}
_BY_KEY: dict[str, str] = {}
for _one, (_three, _name) in _AMINO.items():
    _BY_KEY[_one.lower()] = _BY_KEY[_three.lower()] = _BY_KEY[_name] = _name
_BY_KEY.update({"aspartate": "aspartic acid", "glutamate": "glutamic acid",
                "*": "a stop signal", "stop": "a stop signal", "ter": "a stop signal"})


def codon_table_label(value: Any) -> str | None:
    """``2`` -> ``the vertebrate mitochondrial code``; None for an unknown id."""
    try:
        return _CODES.get(int(value))
    except (TypeError, ValueError):
        return None


def amino_acid_label(value: Any) -> str | None:
    """``W``, ``Trp`` or ``tryptophan`` -> ``tryptophan``; ``stop`` -> ``a stop signal``; None if unknown."""
    if not isinstance(value, str):
        return None
    return _BY_KEY.get(value.strip().lower())


def codon_aliases(value: Any) -> list[str]:
    """A codon in the other alphabet: the tools write DNA (``CTA``), many people the mRNA (``CUA``): either is right
    (two readers, round AZ)."""
    if not isinstance(value, str) or not value.isalpha():
        return []
    other = value.upper().replace("T", "U") if "T" in value.upper() else value.upper().replace("U", "T")
    return [other] if other != value.upper() else []
