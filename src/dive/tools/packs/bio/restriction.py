"""Restriction enzymes from REBASE as shipped in Biopython's Bio.Restriction: enzyme facts,
isoschizomers, cut positions, digests and which enzymes cut a sequence.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal

from Bio.Seq import Seq
from pydantic import Field
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.bio._common import DnaSeq, Length, Limit, clean_dna, meta
from dive.tools.tool import Sem, tool

__all__ = [
    "restriction_cut_positions", "restriction_digest", "restriction_enzyme_info", "restriction_enzymes_by_site",
    "restriction_enzymes_cutting", "restriction_isoschizomers",
]

_META = meta("biopython")

Enzyme = Annotated[str, Sem("restriction_enzyme")]


@functools.cache
def _rebase() -> tuple[Any, dict[str, Any], dict[str, str]]:
    """(AllEnzymes batch, enzymes by lower-case name, supplier names by code), loaded once (~0.2 s)."""
    from Bio.Restriction import AllEnzymes
    from Bio.Restriction.Restriction_Dictionary import suppliers

    by_name = {str(e).lower(): e for e in AllEnzymes}
    return AllEnzymes, by_name, {code: name for code, (name, _) in suppliers.items()}


def all_enzyme_names(commercial_only: bool = False) -> list[str]:
    """Names of the REBASE enzymes in Biopython (only commercially available ones if asked), sorted."""
    return sorted(str(e) for e in _rebase()[1].values() if e.is_comm() or not commercial_only)


def find_enzyme(name: str) -> Any:
    """The Bio.Restriction enzyme class called ``name`` (case-insensitive), or a ToolError with close names."""
    by_name = _rebase()[1]
    found = by_name.get(name.strip().lower())
    if found is None:
        import difflib

        close = difflib.get_close_matches(name.strip().lower(), list(by_name), n=4)
        hint = f"; did you mean {', '.join(str(by_name[c]) for c in close)}?" if close else ""
        raise ToolError(f"unknown restriction enzyme {name!r} (not in REBASE as shipped with Biopython){hint}")
    return found


def _cutting(e: Any) -> Any:
    if e.is_unknown():
        raise ToolError(f"REBASE does not record where {e} cuts (site {e.site}), so cut positions are unknown")
    return e


def _overhang(e: Any) -> str:
    if e.is_unknown():
        return "unknown"
    return "blunt" if e.is_blunt() else "5'" if e.is_5overhang() else "3'"


class EnzymeInfo(TypedDict):
    enzyme: Annotated[str, Sem("restriction_enzyme")]
    recognition_site: Annotated[str, Sem("dna_motif")]
    cut_pattern: str
    site_length: Annotated[int, Sem("sequence_length")]
    overhang: Literal["5'", "3'", "blunt", "unknown"]
    overhang_sequence: str | None
    palindromic: bool
    commercially_available: bool
    suppliers: list[str]
    optimal_temperature_c: Annotated[float | None, Sem("temperature_c", unit="degC")]
    rebase_url: str


@tool(kind="R", examples=[{"enzyme": "EcoRI"}, {"enzyme": "BsaI"}], **_META)
def restriction_enzyme_info(enzyme: Enzyme) -> EnzymeInfo:
    """Look up a restriction enzyme in REBASE: recognition site, where it cuts, overhang, suppliers and optimal temperature.

    cut_pattern marks the top-strand cut with '^' and the bottom-strand cut with '_' (EcoRI: G^AATT_C,
    a 5' AATT overhang). Use it before planning a digest or cloning.

    Args:
        enzyme: enzyme name as in REBASE, e.g. "EcoRI", "BamHI", "NotI" (case-insensitive).
    """
    e = find_enzyme(enzyme)
    supplier_names = _rebase()[2]
    return {
        "enzyme": str(e),
        "recognition_site": e.site,
        "cut_pattern": e.elucidate(),
        "site_length": e.size,
        "overhang": _overhang(e),
        "overhang_sequence": e.ovhgseq if not e.is_unknown() and not e.is_blunt() and e.ovhgseq else None,
        "palindromic": e.is_palindromic(),
        "commercially_available": e.is_comm(),
        "suppliers": sorted(supplier_names[c] for c in e.suppl if c in supplier_names),
        "optimal_temperature_c": e.opt_temp,
        "rebase_url": f"http://rebase.neb.com/rebase/enz/{e}.html",
    }


class Isoschizomers(TypedDict):
    enzyme: Annotated[str, Sem("restriction_enzyme")]
    recognition_site: Annotated[str, Sem("dna_motif")]
    equischizomers: list[Annotated[str, Sem("restriction_enzyme")]]
    neoschizomers: list[Annotated[str, Sem("restriction_enzyme")]]
    total: int


@tool(kind="R", examples=[{"enzyme": "SmaI"}, {"enzyme": "BamHI", "commercial_only": True}], **_META)
def restriction_isoschizomers(enzyme: Enzyme, commercial_only: bool = False, limit: Limit = 30) -> Isoschizomers:
    """List the isoschizomers of a restriction enzyme: other enzymes with the same recognition site.

    Equischizomers also cut at the same position; neoschizomers cut the same site at a different
    position (SmaI CCC^GGG vs XmaI C^CCGGG). Use it to find a substitute enzyme from another supplier.

    Args:
        enzyme: enzyme name, e.g. "SmaI".
        commercial_only: keep only enzymes that a supplier sells.
        limit: maximum number of enzymes to list in each group.
    """
    e = find_enzyme(enzyme)
    batch = _rebase()[0]

    def keep(items: list[Any]) -> list[str]:
        return sorted(str(x) for x in items if x.is_comm() or not commercial_only)

    equi, neo = keep(e.equischizomers(batch)), keep(e.neoschizomers(batch))
    return {"enzyme": str(e), "recognition_site": e.site, "equischizomers": equi[:limit], "neoschizomers": neo[:limit],
            "total": len(equi) + len(neo)}


class CutPositions(TypedDict):
    enzyme: Annotated[str, Sem("restriction_enzyme")]
    positions: list[Annotated[int, Sem("integer")]]
    number_of_cuts: int
    sequence_length: Length


@tool(kind="P", examples=[{"enzyme": "EcoRI", "sequence": "GGATCCAAAGAATTCAAAGGATCC"}], **_META)
def restriction_cut_positions(enzyme: Enzyme, sequence: DnaSeq, circular: bool = False) -> CutPositions:
    """Find where a restriction enzyme cuts a DNA sequence.

    Each position is the 1-based index of the first base after the top-strand cut (EcoRI in
    xxGAATTC cuts after the G, so the position is that of the first A).

    Args:
        enzyme: enzyme name, e.g. "EcoRI".
        sequence: DNA sequence 5'->3', at most 100,000 bases.
        circular: treat the sequence as circular (a plasmid), so sites spanning the origin count.
    """
    e = _cutting(find_enzyme(enzyme))
    s = clean_dna(sequence)
    positions = sorted(e.search(Seq(s), linear=not circular))
    return {"enzyme": str(e), "positions": positions, "number_of_cuts": len(positions), "sequence_length": len(s)}


class Fragment(TypedDict):
    start: Annotated[int, Sem("integer")]
    end: Annotated[int, Sem("integer")]
    length: Annotated[int, Sem("sequence_length")]


class Digest(TypedDict):
    fragments: list[Fragment]
    fragment_lengths: Annotated[list[int], Sem("number_list", unit="bp")]
    number_of_fragments: int
    cuts_by_enzyme: dict[str, int]
    sequence_length: Length


@tool(kind="P", examples=[{"enzyme": "EcoRI", "second_enzyme": "BamHI", "sequence": "GGATCCAAAGAATTCAAAGGATCC"},
                          {"enzyme": "EcoRI", "sequence": "GGATCCAAAGAATTCAAAGGATCC", "circular": True}], **_META)
def restriction_digest(enzyme: Enzyme, sequence: DnaSeq,
                       second_enzyme: Annotated[str | None, Sem("restriction_enzyme")] = None,
                       circular: bool = False, limit: Limit = 30) -> Digest:
    """Simulate digesting a DNA sequence with a restriction enzyme (or a double digest with two) and give the fragment sizes, largest first.

    Use it to predict a gel pattern or check a cloning step. Positions are 1-based, start..end
    inclusive; in a circular molecule the fragment spanning the origin has start > end.

    Args:
        enzyme: enzyme name, e.g. "EcoRI".
        sequence: DNA sequence 5'->3', at most 100,000 bases.
        second_enzyme: a second enzyme for a double digest, e.g. "HindIII" (optional).
        circular: treat the sequence as circular (a plasmid).
        limit: maximum number of fragments to list (fragment_lengths is always complete).
    """
    enzymes = [enzyme] if second_enzyme is None else [enzyme, second_enzyme]
    s = clean_dna(sequence)
    n = len(s)
    cuts: set[int] = set()
    per_enzyme: dict[str, int] = {}
    for name in enzymes:
        e = _cutting(find_enzyme(name))
        found = [p for p in e.search(Seq(s), linear=not circular) if 1 < p <= n or circular]
        per_enzyme[str(e)] = len(found)
        cuts.update(found)
    ordered = sorted(cuts)
    frags: list[Fragment] = []
    if not ordered:
        frags.append({"start": 1, "end": n, "length": n})
    elif circular:
        for a, b in zip(ordered, ordered[1:] + [ordered[0] + n], strict=True):
            frags.append({"start": a, "end": (b - 1 - 1) % n + 1, "length": b - a})
    else:
        bounds = [1, *ordered, n + 1]
        for a, b in zip(bounds, bounds[1:], strict=False):
            if b > a:
                frags.append({"start": a, "end": b - 1, "length": b - a})
    frags.sort(key=lambda f: (-f["length"], f["start"]))
    return {"fragments": frags[:limit], "fragment_lengths": [f["length"] for f in frags],
            "number_of_fragments": len(frags), "cuts_by_enzyme": per_enzyme, "sequence_length": n}


class Cutter(TypedDict):
    enzyme: Annotated[str, Sem("restriction_enzyme")]
    recognition_site: Annotated[str, Sem("dna_motif")]
    number_of_cuts: int
    positions: list[Annotated[int, Sem("integer")]]


class Cutters(TypedDict):
    enzymes: list[Cutter]
    total_enzymes: int
    sequence_length: Length


@tool(kind="P", examples=[{"sequence": "GGATCCAAAGAATTCAAAGGATCCTTAAGCGGCCGCAAGCTT", "max_cuts": 1}], **_META)
def restriction_enzymes_cutting(
    sequence: DnaSeq, min_cuts: Annotated[int, Field(ge=1)] = 1, max_cuts: Annotated[int | None, Field(ge=1)] = None,
    commercial_only: bool = True, circular: bool = False, limit: Limit = 20,
) -> Cutters:
    """Find which restriction enzymes cut a DNA sequence, and how often (a restriction map).

    Set min_cuts = max_cuts = 1 to find single cutters (unique sites for linearising a plasmid or
    cloning). Enzymes are listed with rarer-cutting (longer) sites first, then by name.

    Args:
        sequence: DNA sequence 5'->3', at most 10,000 bases.
        min_cuts: smallest number of cuts to report.
        max_cuts: largest number of cuts to report (no upper bound if omitted).
        commercial_only: only consider enzymes that a supplier sells (about 620 of 1,088).
        circular: treat the sequence as circular (a plasmid).
        limit: maximum number of enzymes to list.
    """
    s = clean_dna(sequence, max_len=10_000)
    from Bio.Restriction import CommOnly

    batch = CommOnly if commercial_only else _rebase()[0]
    results = batch.search(Seq(s), linear=not circular)
    rows: list[Cutter] = [
        {"enzyme": str(e), "recognition_site": e.site, "number_of_cuts": len(pos), "positions": sorted(pos)[:20]}
        for e, pos in results.items()
        if pos and len(pos) >= min_cuts and (max_cuts is None or len(pos) <= max_cuts) and not e.is_unknown()
    ]
    rows.sort(key=lambda r: (-len(r["recognition_site"].replace("N", "")), r["enzyme"]))
    return {"enzymes": rows[:limit], "total_enzymes": len(rows), "sequence_length": len(s)}


class SiteMatch(TypedDict):
    enzyme: Annotated[str, Sem("restriction_enzyme")]
    cut_pattern: str
    overhang: Literal["5'", "3'", "blunt", "unknown"]
    commercially_available: bool


class SiteMatches(TypedDict):
    recognition_site: Annotated[str, Sem("dna_motif")]
    enzymes: list[SiteMatch]
    total: int


@tool(kind="R", examples=[{"site": "GAATTC"}, {"site": "GGTCTC", "commercial_only": True}], **_META)
def restriction_enzymes_by_site(site: Annotated[str, Sem("dna_motif")], commercial_only: bool = False,
                                limit: Limit = 30) -> SiteMatches:
    """Find the restriction enzymes that recognise a given site (written 5'->3' in IUPAC letters, either strand).

    Use it to pick an enzyme for a site you want to cut, e.g. "GGATCC" gives BamHI and its isoschizomers.

    Args:
        site: recognition sequence, e.g. "GAATTC" or "GCNGC" (case-insensitive).
        commercial_only: keep only enzymes that a supplier sells.
        limit: maximum number of enzymes to list.
    """
    s = clean_dna(site, max_len=40)
    rc = str(Seq(s).reverse_complement())
    rows: list[SiteMatch] = [
        {"enzyme": str(e), "cut_pattern": e.elucidate(), "overhang": _overhang(e),
         "commercially_available": e.is_comm()}
        for e in _rebase()[1].values()
        if e.site in (s, rc) and (e.is_comm() or not commercial_only)
    ]
    rows.sort(key=lambda r: (not r["commercially_available"], r["enzyme"]))
    if not rows:
        raise ToolError(f"no REBASE enzyme in Biopython recognises {s!r} (or its reverse complement {rc!r})")
    return {"recognition_site": s, "enzymes": rows[:limit], "total": len(rows)}
