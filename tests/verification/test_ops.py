"""Every op against a hand-computed value, rounding, and the errors that name what an op needs."""

from __future__ import annotations

import pytest

from dive.verification import OPS, OpError, apply_op

ZONES = ["Asia/Kolkata", "Asia/Tokyo", "America/New_York"]


@pytest.mark.parametrize(
    ("op", "values", "params", "expected"),
    [
        ("identity", [5.5], {}, 5.5),
        ("identity", ["IST"], {}, "IST"),
        ("count", [[3, 1, 2, 7]], {}, 4),
        ("count", [5.5, 9.0, -4.0], {"count_items": True}, 3),
        ("sum", [5.5, 9.0], {}, 14.5),
        ("sum", [[1, 2, 3]], {}, 6),
        ("sum", [0.1, 0.2], {}, 0.3),
        ("difference", [9.0, 5.5], {}, 3.5),
        ("difference", [5.5, 9.0], {}, -3.5),
        ("ratio", [9.0, 4.5], {}, 2.0),
        ("ratio", [1, 3], {"digits": 4}, 0.3333),
        ("product", [2.5, 4, 3], {}, 30.0),
        ("mean", [5.5, 9.0, -4.0], {}, 3.5),
        ("mean", [[2, 4, 4, 4, 5, 5, 7, 9]], {}, 5.0),
        ("max", [5.5, 9.0, -4.0], {}, 9.0),
        ("min", [5.5, 9.0, -4.0], {}, -4.0),
        ("argmax", [5.5, 9.0, -4.0], {"labels": ZONES}, "Asia/Tokyo"),
        ("argmin", [5.5, 9.0, -4.0], {"labels": ZONES}, "America/New_York"),
        ("compare", [5.5, 9.0], {"labels": ["Asia/Kolkata", "Asia/Tokyo"]}, "Asia/Tokyo"),
        ("compare", [9.0, 5.5], {"labels": ["Asia/Tokyo", "Asia/Kolkata"]}, "Asia/Tokyo"),
        ("sort_asc", [5.5, 9.0, -4.0], {}, [-4.0, 5.5, 9.0]),
        ("sort_desc", [5.5, 9.0, -4.0], {}, [9.0, 5.5, -4.0]),
        ("sort_asc", [5.5, 9.0, -4.0], {"labels": ZONES}, ["America/New_York", "Asia/Kolkata", "Asia/Tokyo"]),
        ("sort_desc", [5.5, 9.0, -4.0], {"labels": ZONES}, ["Asia/Tokyo", "Asia/Kolkata", "America/New_York"]),
        ("sort_asc", [["pear", "apple", "fig"]], {}, ["apple", "fig", "pear"]),
        ("set", ["IST", "JST", "IST"], {}, ["IST", "JST"]),
        ("set", [["b", "a"], "c", ["a"]], {}, ["a", "b", "c"]),
        ("set", [9.0, 5.5, 9], {}, [5.5, 9.0]),
    ],
)
def test_each_op_gives_the_hand_computed_value(op: str, values: list, params: dict, expected: object) -> None:
    got = apply_op(op, values, params)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (2.5, 0, 3),  # half away from zero, not banker's rounding
        (-2.5, 0, -3),
        (3.5, 0, 4),
        (2.675, 2, 2.68),  # 2.675 is 2.67499999... in binary; rounding uses the written decimal
        (-0.125, 2, -0.13),
        (1234.0, -1, 1230),
        (1235, -1, 1240),
        (7, 2, 7),  # an integer stays an integer
    ],
)
def test_digits_round_half_away_from_zero(value: float, digits: int, expected: float) -> None:
    got = apply_op("identity", [value], {"digits": digits})
    assert got == expected
    assert type(got) is type(expected)


def test_digits_round_every_number_of_a_list_result() -> None:
    assert apply_op("sort_desc", [[1.25, 3.14159]], {"digits": 1}) == [3.1, 1.3]
    assert apply_op("argmax", [1.0, 2.0], {"labels": ["x", "y"], "digits": 1}) == "y"


def test_ties_pick_the_first_label_and_keep_evidence_order() -> None:
    # ops stay total on ties; well_posed is what rejects such tasks
    assert apply_op("argmax", [9.0, 9.0], {"labels": ["Asia/Tokyo", "Asia/Seoul"]}) == "Asia/Tokyo"
    assert apply_op("compare", [9.0, 9.0], {"labels": ["Asia/Tokyo", "Asia/Seoul"]}) == "Asia/Tokyo"
    assert apply_op("sort_desc", [9.0, 9.0, 5.5], {"labels": ["T", "S", "K"]}) == ["T", "S", "K"]


@pytest.mark.parametrize(
    ("op", "values", "params", "message"),
    [
        ("median", [1, 2], {}, "unknown op 'median'; known ops: identity, count"),
        ("identity", [5.5, 9.0], {}, "identity needs exactly 1 evidence value, got 2"),
        ("count", [5.5], {}, "count needs exactly 1 evidence value that is a list"),
        ("sum", [5.5], {}, "sum needs at least 2 numbers (or one list of numbers), got 1"),
        ("sum", [5.5, "9"], {}, "sum needs numbers, got '9'"),
        ("sum", [True, 2], {}, "sum needs numbers, got True"),
        ("difference", [1, 2, 3], {}, "difference needs exactly 2 numbers, got 3"),
        ("ratio", [9.0, 0], {}, "ratio needs a non-zero divisor"),
        ("argmax", [5.5, 9.0], {}, "argmax needs params['labels'] with one label per operand (2), got None"),
        ("argmin", [5.5, 9.0], {"labels": ["x"]}, "argmin needs params['labels'] with one label per operand (2), got 1 labels"),
        ("compare", [5.5, 9.0, 1.0], {"labels": ["a", "b"]}, "compare needs exactly 2 numbers, got 3"),
        ("sort_asc", [1, "a"], {}, "sort_asc needs all numbers or all strings"),
        ("set", [{"a": 1}], {}, "set needs scalar values"),
        ("same", ["x"], {}, "same needs at least 2 values"),
        ("identity", [5.5], {"digits": "2"}, "params['digits'] must be an integer"),
    ],
)
def test_bad_ops_raise_op_error_naming_the_need(op: str, values: list, params: dict, message: str) -> None:
    with pytest.raises(OpError) as err:
        apply_op(op, values, params)
    assert message in str(err.value)
    assert isinstance(err.value, ValueError)


def test_ops_are_listed_by_name() -> None:
    assert set(OPS) == {
        "identity", "count", "sum", "difference", "ratio", "product", "mean", "max", "min",
        "argmax", "argmin", "argmax_where", "argmin_where", "at_best", "compare", "sort_asc", "sort_desc", "set", "same", "count_of", "count_over",
    }


def test_at_best_gives_the_winners_follow_up_and_refuses_another() -> None:
    """Areas of Austria, France and Switzerland (km², CIA World Factbook: 83,871, 643,801 and 41,277); France's in
    square miles (643,801 / 2.589988 = 248,573) follows the largest, operand 1, and not the smallest."""
    areas = [83871, 643801, 41277, 248573.0]
    assert apply_op("at_best", areas, {"by": "argmax", "at": 1}) == 248573.0
    with pytest.raises(OpError, match="the argmin is operand 2, not operand 1"):
        apply_op("at_best", areas, {"by": "argmin", "at": 1})
    with pytest.raises(OpError, match="needs params"):
        apply_op("at_best", areas, {"by": "max", "at": 1})


@pytest.mark.parametrize(("values", "same"), [
    (["Europe/Paris", "Europe/Paris"], True), (["Europe/Paris", "America/Lima"], False),
    ([1, 1.0], False),  # an integer and a float are different JSON texts: "same" compares values as stored
    ([["a", "b"], ["a", "b"]], True),
])
def test_same_says_whether_every_value_is_equal(values: list, same: bool) -> None:
    assert apply_op("same", values, {}) is same
    assert all(callable(fn) for fn in OPS.values())


def test_count_of_counts_the_values_that_are_or_hold_the_value() -> None:
    # Germany's nine neighbours' currencies (2026): five use the euro, and Panama-like lists count when they hold it
    currencies = [["DKK"], ["PLN"], ["CZK"], ["EUR"], ["CHF"], ["EUR"], ["EUR"], ["EUR"], ["EUR"]]
    assert apply_op("count_of", currencies, {"value": "EUR"}) == 5
    assert apply_op("count_of", ["EUR", ["PAB", "USD"], "USD", "COP"], {"value": "USD"}) == 2
    with pytest.raises(OpError, match=r"count_of needs params\['value'\]"):
        apply_op("count_of", currencies, {})


def test_count_over_counts_the_values_above_the_number() -> None:
    # the areas of Germany's nine neighbours in km² (CIA World Factbook): four are over 50,000
    areas = [83871, 30528, 41277, 78867, 43094, 643801, 2586, 41543, 312685]
    assert apply_op("count_over", areas, {"over": 50000}) == 4
    assert apply_op("count_over", areas, {"over": 83871}) == 2  # strictly over: Austria's own area is not
    with pytest.raises(OpError, match=r"count_over needs a number params\['over'\]"):
        apply_op("count_over", areas, {"over": "50000"})
