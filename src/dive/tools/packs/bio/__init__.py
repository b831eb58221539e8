"""The bio pack: sequences, genetic codes, protein and peptide properties, restriction enzymes,
alignment, PCR primers and nucleic-acid folding.

Backed by Biopython (sequences, codon tables, ProtParam, REBASE restriction data, PairwiseAligner),
primer3-py, ViennaRNA, peptides and seqfold, plus three published bench formulas.
"""

from __future__ import annotations

from dive.tools.packs.bio import (
    alignment,
    codons,
    dna_folding,
    lab_calcs,
    peptide_indices,
    primers,
    proteins,
    restriction,
    rna_folding,
    sequences,
)
from dive.tools.packs.bio._seeds import seeds

__all__ = ["SEMANTIC_TYPES", "TOOLS", "seeds"]

# Semantic types this pack adds to the shared vocabulary (dive/tools/semtypes.py).
SEMANTIC_TYPES: dict[str, tuple[str, str]] = {
    "dna_motif": ("a DNA pattern in IUPAC nucleotide codes, e.g. a restriction site (N = any base)", "GAANTC"),
    "nucleotide_code": ("a one-letter IUPAC nucleotide code, possibly ambiguous", "R"),
    "sequence_length": ("a length of a sequence in bases, base pairs or residues", "1500"),
    "temperature_c": ("a temperature in degrees Celsius", "37"),
    "free_energy_kcal_mol": ("a Gibbs free energy change in kcal/mol", "-5.4"),
    "extinction_coefficient": ("a molar extinction coefficient in 1/(M*cm)", "1490"),
    "absorbance": ("an optical absorbance (optical density), dimensionless", "0.5"),
    "mass_to_charge": ("a mass-to-charge ratio m/z in Th (Da per elementary charge)", "400.687"),
    "mass_ng": ("a mass in nanograms", "50"),
    "concentration_ng_ul": ("a mass concentration in ng/uL (= ug/mL)", "25.5"),
}

TOOLS = [
    # sequences (biopython)
    sequences.dna_reverse_complement, sequences.dna_transcribe, sequences.dna_translate,
    sequences.dna_six_frame_translation, sequences.dna_find_orfs, sequences.dna_gc_content,
    sequences.nucleic_acid_molecular_weight, sequences.dna_melting_temperature, sequences.dna_motif_search,
    # genetic codes and amino acids (biopython)
    codons.codon_table_info, codons.codon_translate, codons.amino_acid_codons, codons.amino_acid_info,
    codons.iupac_nucleotide_code,
    # protein properties (biopython ProtParam)
    proteins.protein_molecular_weight, proteins.protein_isoelectric_point, proteins.protein_gravy,
    proteins.protein_instability_index, proteins.protein_extinction_coefficient,
    proteins.protein_secondary_structure_fraction, proteins.protein_amino_acid_composition,
    # restriction enzymes (biopython, REBASE)
    restriction.restriction_enzyme_info, restriction.restriction_isoschizomers, restriction.restriction_cut_positions,
    restriction.restriction_digest, restriction.restriction_enzymes_cutting, restriction.restriction_enzymes_by_site,
    # alignment (biopython)
    alignment.protein_align, alignment.dna_align, alignment.substitution_score,
    # peptides
    peptide_indices.peptide_hydrophobicity, peptide_indices.peptide_charge, peptide_indices.peptide_aliphatic_index,
    peptide_indices.peptide_boman_index, peptide_indices.peptide_hydrophobic_moment,
    peptide_indices.peptide_mass_to_charge, peptide_indices.peptide_descriptors, peptide_indices.amino_acid_scale_value,
    # primer3-py
    primers.primer_melting_temperature, primers.primer_hairpin, primers.primer_homodimer, primers.primer_heterodimer,
    primers.primer_end_stability, primers.design_pcr_primers,
    # ViennaRNA
    rna_folding.rna_fold, rna_folding.rna_partition_function, rna_folding.rna_cofold, rna_folding.rna_structure_energy,
    rna_folding.rna_structure_distance, rna_folding.rna_suboptimal_structures,
    # seqfold
    dna_folding.dna_fold, dna_folding.dna_fold_substructures,
    # published formulas (dive-tasks)
    lab_calcs.dna_copy_number, lab_calcs.ligation_insert_mass, lab_calcs.nucleic_acid_concentration_a260,
]
