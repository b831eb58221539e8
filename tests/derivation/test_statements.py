"""The answer as a sentence that ends a gold trajectory: the faults two reader rounds (BH, BI) found in 100 last
turns, each a case here."""

from __future__ import annotations

import pytest

from dive.derivation.compare import _open_clause, _say_number, _short, _who, _yes_no
from dive.records import AnswerSpec


@pytest.mark.parametrize(("phrase", "closed"), [
    ("The number of working days in Armenia from 1 July 2024 to 31 July 2024, both included", True),
    ("The wet-bulb temperature of air at 298.15 K and 50% relative humidity, at a pressure of 101,325 Pa", True),
    ("The amino acid encoded by TGA in the mold, protozoan and coelenterate mitochondrial code", False),  # a list
    ("The time of moonrise at Mexico City, Mexico on 20 May 2024", False),  # a place's name
    ("The US consumer price index (CPI-U, with 1982-84 as 100) of 1970", False),  # in brackets
])
def test_a_clause_set_off_by_a_comma_is_closed_before_is(phrase: str, closed: bool) -> None:
    assert _open_clause(phrase) is closed


def test_a_yes_or_no_is_said_as_a_reply_with_the_verb_negated() -> None:
    assert _yes_no("+1 650 253 0000 is a valid phone number", True) == "Yes, +1 650 253 0000 is a valid phone number."
    assert (_yes_no("E119, I10, E11.99 and R69 are all valid, billable ICD-10-CM codes", False)
            == "No, E119, I10, E11.99 and R69 are not all valid, billable ICD-10-CM codes.")
    assert _yes_no("5 November 2025 falls in a leap year", False) == "No."  # no auxiliary to negate


def test_a_number_is_said_to_the_decimals_asked_without_separators_in_an_id() -> None:
    one_place = AnswerSpec(type="number", value=-10.0, instructions="Give the number, rounded to 1 decimal place.")
    assert _say_number(-10.0, one_place) == "-10.0"  # sulfur dioxide's boiling point: "-10" dropped the place asked
    whole = AnswerSpec(type="integer", value=637090, instructions="Answer with a whole number.")
    assert _say_number(637090, whole, code=True) == "637090"  # a PubChem CID is no quantity: "637,090" (round BH)
    assert _say_number(85226, whole) == "85,226"
    money = AnswerSpec(type="integer", value=3070, unit="dollars", instructions="Answer with a whole number in dollars.")
    assert _say_number(3070, money) == "3,070"
    assert _say_number(3342733711000000000000, whole) == "3.343 × 10^21"  # molecules in 1 g of fructose


def test_who_did_it_is_said_with_the_names_first() -> None:
    assert _who("who discovered lithium", "Johann Arfwedson") == "Johann Arfwedson discovered lithium."
    assert (_who("who discovered xenon", "Sir William Ramsay; M. W. Travers")
            == "Sir William Ramsay and M. W. Travers discovered xenon.")


def test_a_long_phrase_is_cut_to_its_head_as_a_reply_says_it() -> None:
    """Round BJ: a reply that restates the whole question as its subject reads as a template."""
    primer = ("The melting temperature of the most stable self-dimer of the primer GAAGTTCCTATTCTCTAGAAAGTATAGGAACTTC in "
              "50 mM monovalent salt, 1.5 mM Mg2+, 0.6 mM dNTPs and 50 nM primer")
    assert _short(primer) == "The melting temperature of the most stable self-dimer"
    days = ("The number of trading days on the New York Stock Exchange from 1 January 2024 to 17 February 2025, both "
            "included")
    assert _short(days) == "The number of trading days on the New York Stock Exchange"  # not "The number"
    assert _short("The melting point of krypton") == "The melting point of krypton"
    irr = ("The internal rate of return of an investment with cash flows of -1000, 300, 400 and 500, one per period "
           "starting today, paid at the start of each period")
    assert _short(irr) == "The internal rate of return"  # not "The internal rate"
    gap = ("The albumin-corrected anion gap for a sodium of 152 mmol/L, a chloride of 101 mmol/L, a bicarbonate of 22 "
           "mmol/L and an albumin of 2.4 g/dL")
    assert _short(gap) == gap  # not "The albumin-corrected anion gap for a sodium" (round BR)
    azimuth = ("The azimuth of Jupiter, clockwise from true north, seen from Abu Dhabi on 2 October 2026 at 21:00 in "
               "the local time zone, counting refraction")
    assert ", clockwise" not in _short(azimuth) or _short(azimuth) == azimuth  # never cut inside a clause (round BK)
