"""What-if questions: one calculation run twice with one input changed says the change once.

Two independent reviewers rated 8 of 36 calculator what-ifs good: each repeated every input twice ("... exceed
that of a 70-year-old with pneumonia, no new confusion, a BUN of 25 mg/dL ...") or clipped the second phrase
into nonsense ("exceed that of 22 mg/dL and a glucose of 90 mg/dL").
"""

from __future__ import annotations

import pytest

from dive.derivation.wording import what_if

OSMOLALITY = "the calculated serum osmolality for a sodium of 140 mmol/L, a BUN of 32 mg/dL and a glucose of 90 mg/dL"
CURB = ("the CURB-65 score of a 70-year-old with pneumonia, no new confusion, a BUN of 25 mg/dL, a respiratory rate "
        "of 24/min and a blood pressure of 110 over 55 mmHg")
PV = "the present value of $10,000 received in 5 years, discounted at 2.25% a year compounded yearly"
EGFR = "the eGFR by the 2021 CKD-EPI equation of a 45-year-old woman with a serum creatinine of 1.1 mg/dL"
BMI = "the BMI of a person who weighs 70 kg and is 152 cm tall"


@pytest.mark.parametrize(("first", "old", "new", "clause"), [
    (OSMOLALITY, "32", "22", "with a BUN of 22 mg/dL"),
    (CURB, "55 mmHg", "88 mmHg", "with a blood pressure of 110 over 88 mmHg"),
    (PV, "2.25%", "3.75%", "at 3.75% a year compounded yearly"),
    (EGFR, "45-year-old", "82-year-old", "for a 82-year-old woman"),
    (BMI, "152", "165", "for someone who is 165 cm tall"),
])
def test_the_changed_input_is_said_once_with_its_preposition(first: str, old: str, new: str, clause: str) -> None:
    assert what_if(first, first.replace(old, new)) == clause


def test_phrases_that_differ_in_two_clauses_are_no_what_if() -> None:
    other = OSMOLALITY.replace("140", "150").replace("90 mg", "95 mg")
    assert what_if(OSMOLALITY, other) is None
    assert what_if(OSMOLALITY, OSMOLALITY) is None
