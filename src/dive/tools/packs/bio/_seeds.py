"""Seeds of the bio pack.

Most come from the backing packages' own data: the REBASE enzymes that New England Biolabs sells
(Bio.Restriction), the NCBI genetic codes and their 64 codons (Bio.Data.CodonTable), the 20 amino
acids and the IUPAC nucleotide codes (Bio.Data.IUPACData), and Biopython's substitution matrices.
The sequences are short, well-known real sequences, each labelled with where it comes from.
"""

from __future__ import annotations

from Bio.Data import CodonTable, IUPACData

from dive.records import Seed

__all__ = ["seeds"]

_D = "bio"

# Real DNA elements and primers (vector manuals, reviews) and two documented examples.
DNA_SEQUENCES = {
    "GTAAAACGACGGCCAGT": "M13/pUC forward (-20) sequencing primer",
    "CAGGAAACAGCTATGAC": "M13/pUC reverse sequencing primer",
    "TAATACGACTCACTATAGGG": "T7 promoter primer",
    "ATTTAGGTGACACTATAG": "SP6 promoter primer",
    "CGCAAATGGGCGGTAGGCGTG": "CMV forward sequencing primer",
    "TAGAAGGCACAGTCGAGG": "BGH reverse sequencing primer",
    "ATAACTTCGTATAGCATACATTATACGAAGTTAT": "loxP site, Cre recombinase target (bacteriophage P1)",
    "GAAGTTCCTATTCTCTAGAAAGTATAGGAACTTC": "FRT site, Flp recombinase target (yeast 2-micron plasmid)",
    "ACAAGTTTGTACAAAAAAGCAGGCT": "Gateway attB1 site",
    "ACCACTTTGTACAAGAAAGCTGGGT": "Gateway attB2 site",
    "AATTGTGAGCGGATAACAATT": "lac operator O1 (E. coli lacO)",
    "TCCCTATCAGTGATAGAGA": "tet operator tetO (Tn10)",
    "CGGAGTACTGTCCTCCG": "GAL4 upstream activating sequence (UAS, 17-mer)",
    "GGGACTTTCC": "NF-kB binding site (immunoglobulin kappa enhancer)",
    "GCCGCCACCATGG": "Kozak consensus around the start codon (Kozak 1987)",
    "ATGGCCATTGTAATGGGCCGCTGAAAGGGTGCCCGATAG": "coding-sequence example from the Biopython Tutorial",
    "GGGAGGTCGTTACATCTGGGTAACACCGGTACTGATCCGGTGACCTCCC": "hairpin-forming oligo from the seqfold README",
}

# Mature miRNAs (miRBase) and yeast tRNA-Phe (the first tRNA structure solved, Kim et al. 1974).
RNA_SEQUENCES = {
    "UGAGGUAGUAGGUUGUAUAGUU": "hsa-let-7a-5p (miRBase MIMAT0000062)",
    "UAGCUUAUCAGACUGAUGUUGA": "hsa-miR-21-5p (miRBase MIMAT0000076)",
    "UUAAUGCUAAUCGUGAUAGGGGU": "hsa-miR-155-5p (miRBase MIMAT0000646)",
    "UGGAGUGUGACAAUGGUGUUUG": "hsa-miR-122-5p (miRBase MIMAT0000421)",
    "UAGCAGCACGUAAAUAUUGGCG": "hsa-miR-16-5p (miRBase MIMAT0000069)",
    "GCGGAUUUAGCUCAGUUGGGAGAGCGCCAGACUGAAGAUCUGGAGGUCCUGUGUUCGAUCCACAGAAUUCGCACCA":
        "yeast tRNA-Phe (Saccharomyces cerevisiae)",
}

# The cloverleaf of yeast tRNA-Phe: acceptor 1-7:66-72, D 10-13:22-25, anticodon 27-31:39-43, T 49-53:61-65.
DOT_BRACKETS = {
    "(((((((..((((........)))).(((((.......))))).....(((((.......))))))))))))....":
        "cloverleaf of yeast tRNA-Phe (76 nt)",
    "((((....))))": "stem of 4 base pairs closing a 4-nt loop",
}

# Peptides and proteins, with UniProt accessions (mature chains).
PROTEIN_SEQUENCES = {
    "GIVEQCCTSICSLYQLENYCN": "human insulin A chain (UniProt P01308)",
    "FVNQHLCGSHLVEALYLVCGERGFFYTPKT": "human insulin B chain (UniProt P01308)",
    "MQIFVKTLTGKTITLEVEPSDTIENVKAKIQDKEGIPPDQQRLIFAGKQLEDGRTLSDYNIQKESTLHLVLRLRGG": "human ubiquitin (UniProt P0CG48)",
    "KVFGRCELAAAMKRHGLDNYRGYSLGNWVCAAKFESNFNTQATNRNTDGSTDYGILQINSRWWCNDGRTPGSRNLCNIPCSALLSSDITASVNCAKKIVSDGNGMNAWVAW"
    "RNRCKGTDVQAWIRGCRL": "hen egg-white lysozyme, mature (UniProt P00698)",
    "MSKGEELFTGVVPILVELDGDVNGHKFSVSGEGEGDATYGKLTLKFICTTGKLPVPWPTLVTTFSYGVQCFSRYPDHMKQHDFFKSAMPEGYVQERTIFFKDDGNYKTRAE"
    "VKFEGDTLVNRIELKGIDFKEDGNILGHKLEYNYNSHNVYIMADKQKNGIKVNFKIRHNIEDGSVQLADHYQQNTPIGDGPVLLPDNHYLSTQSALSKDPNEKRDHMVLLE"
    "FVTAAGITHGMDELYK": "green fluorescent protein, Aequorea victoria (UniProt P42212)",
    "RPDFCLEPPYTGPCKARIIRYFYNAKAGLCQTFVYGGCRAKRNNFKSAEDCMRTCGGA": "bovine pancreatic trypsin inhibitor (UniProt P00974)",
    "TTCCPSIVARSNFNVCRLPGTPEAICATYTGCIIIPGATCPGDYAN": "crambin (UniProt P01542)",
    "DAEFRHDSGYEVHHQKLVFFAEDVGSNKGAIIGLMVGGVVIA": "amyloid beta 1-42 (UniProt P05067)",
    "GIGAVLKVLTTGLPALISWIKRKRQQ": "melittin, honeybee venom (UniProt P01501)",
    "GIGKFLHSAKKFGKAFVGEIMNS": "magainin 2, Xenopus laevis (UniProt P11006)",
    "LLGDFFRKSKEKIGKEFKRIVQRIKDFLRNLVPRTES": "LL-37, human cathelicidin (UniProt P49913)",
    "KWKLFKKIEKVGQNIRDGIIKAGPAVAVVGQATQIAK": "cecropin A, Hyalophora cecropia (UniProt P01507)",
    "HSQGTFTSDYSKYLDSRRAQDFVQWLMNT": "human glucagon (UniProt P01275)",
    "HAEGTFTSDVSSYLEGQAAKEFIAWLVKGR": "human GLP-1(7-36) (UniProt P01275)",
    "CSNLSTCVLGKLSQELHKLQTYPRTNTGSGTP": "salmon calcitonin (UniProt P01263)",
    "LSDEDFKAVFGMTRSAFANLPLWKQQNLKKEKGLF": "villin headpiece HP35, chicken (UniProt P02640)",
    "NLYIQWLKDGGPSSGRPPPS": "Trp-cage miniprotein TC5b (Neidigh et al. 2002)",
    "CYIQNCPLG": "oxytocin",
    "CYFQNCPRG": "arginine vasopressin",
    "DRVYIHPF": "angiotensin II",
    "RPPGFSPFR": "bradykinin",
    "RPKPQQFFGLM": "substance P",
    "YGGFL": "Leu-enkephalin",
    "YGGFM": "Met-enkephalin",
}

# Common recognition sites and promoter motifs, in IUPAC letters.
DNA_MOTIFS = {
    "GAATTC": "EcoRI site", "GGATCC": "BamHI site", "AAGCTT": "HindIII site", "GCGGCCGC": "NotI site",
    "CCCGGG": "SmaI/XmaI site", "GGTCTC": "BsaI site (Golden Gate)", "CGTCTC": "BsmBI site (Golden Gate)",
    "GCNGC": "Fnu4HI site", "CACGTG": "E-box", "TATAWAWR": "TATA box consensus", "GATC": "Dam methylation site",
}


_COMMON_CODES = frozenset({1, 2, 3, 4, 5, 11})
"""Genetic codes people name in a question: standard, vertebrate, yeast, mold and invertebrate mitochondrial,
bacterial and plastid (the tools still take any NCBI code)."""

_MODIFIED_ONLY = frozenset({"AbaSI", "FspEI", "MspJI", "LpnPI"})
"""NEB's enzymes that cut only modified DNA (5-hydroxymethyl- or 5-methylcytosine): their "sites" (AbaSI's C) are
no sites in a plain sequence, and counting them counted its C and G bases (two readers, round BK)."""


def seeds() -> list[Seed]:
    """Enzymes, genetic codes (the common ones), codons, amino acids, IUPAC codes, matrices, real sequences and
    motifs."""
    from Bio.Align import substitution_matrices
    from Bio.Restriction import AllEnzymes
    from Bio.Restriction.Restriction_Dictionary import suppliers

    out: list[Seed] = []
    neb = set(suppliers["N"][1])
    for e in sorted(AllEnzymes, key=str):
        if str(e) in neb and str(e) not in _MODIFIED_ONLY:
            out.append(Seed(value=str(e), sem="restriction_enzyme", domain=_D, label=f"site {e.site} (NEB)"))
    for table_id, table in sorted(CodonTable.unambiguous_dna_by_id.items()):
        if table_id not in _COMMON_CODES:
            continue  # "the candidate division SR1 and Gracilibacteria code": two reviewers rated such tasks 1-2 of 5
        names = [n for n in table.names if n and not n.startswith("SGC")]
        out.append(Seed(value=table_id, sem="codon_table_id", domain=_D, label="; ".join(names)))
    standard = CodonTable.unambiguous_dna_by_id[1]
    for codon in (a + b + c for a in "TCAG" for b in "TCAG" for c in "TCAG"):
        meaning = "stop" if codon in standard.stop_codons else IUPACData.protein_letters_1to3[standard.forward_table[codon]]
        out.append(Seed(value=codon, sem="codon", domain=_D, label=f"standard code: {meaning}"))
    for letter in IUPACData.protein_letters:
        out.append(Seed(value=letter, sem="amino_acid", domain=_D, label=IUPACData.protein_letters_1to3[letter]))
    for code, bases in IUPACData.ambiguous_dna_values.items():
        if code != "X":
            out.append(Seed(value=code, sem="nucleotide_code", domain=_D, label="/".join(sorted(bases))))
    for name in substitution_matrices.load():
        out.append(Seed(value=name, sem="substitution_matrix", domain=_D, label="Biopython substitution matrix"))
    for values, sem in ((DNA_SEQUENCES, "dna_sequence"), (RNA_SEQUENCES, "rna_sequence"),
                        (PROTEIN_SEQUENCES, "protein_sequence"), (DOT_BRACKETS, "dot_bracket"),
                        (DNA_MOTIFS, "dna_motif")):
        out.extend(Seed(value=v, sem=sem, domain=_D, label=label) for v, label in values.items())
    return out
