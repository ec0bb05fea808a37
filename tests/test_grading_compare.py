"""grading.compare: a right value passes within the tolerances, and each way of being wrong gets its own sentence."""

import numpy as np

from grading.compare import compare_values, describe, was_changed
from nnkit.exercise import public_checks_passed


def test_values_within_the_tolerances_pass_and_the_first_difference_is_named():
    expected = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert compare_values(expected + 1e-12, expected, rtol=1e-7, atol=1e-10) is None
    got = expected.copy()
    got[1, 0] = 3.5
    assert compare_values(got, expected, rtol=1e-7, atol=1e-10) == \
        "the result differs first at index (1, 0): expected 3, got 3.5"


def test_shape_type_and_non_finite_values_are_named():
    expected = np.zeros((2, 3))
    assert compare_values(np.zeros((3, 2)), expected, rtol=1e-7, atol=0) == \
        "the result should have shape (2, 3); got shape (3, 2)"
    assert compare_values(np.zeros((2, 3), dtype=int), expected, rtol=1e-7, atol=0) == \
        "the result should hold floats (float64); got dtype int64"
    assert compare_values([[0.0] * 3] * 2, expected, rtol=1e-7, atol=0).startswith(
        "the result should be a NumPy array of shape")
    with np.errstate(divide="ignore"):
        got = np.log(np.zeros((2, 3)))
    assert compare_values(got, expected, rtol=1e-7, atol=0) == \
        "the result contains -inf at index (0, 0) where 0 was expected"


def test_tuples_dicts_numbers_and_none_are_compared_by_item():
    expected = (np.arange(3.0), 2.5)
    assert compare_values((np.arange(3.0), 2.5), expected, rtol=1e-7, atol=0) is None
    assert compare_values((np.arange(3.0), 15.0), expected, rtol=1e-7, atol=0) == "the result[1] should be 2.5; got 15"
    assert compare_values(np.arange(3.0), expected, rtol=1e-7, atol=0).startswith(
        "the result should be a tuple of 2 values")
    params = {"W": np.ones((2, 2)), "b": np.zeros(2)}
    assert compare_values({"W": np.ones((2, 2)), "b": np.zeros(3)}, params, rtol=1e-7, atol=0) == \
        "the result['b'] should have shape (2,); got shape (3,)"
    assert compare_values({"W": np.ones((2, 2))}, params, rtol=1e-7, atol=0) == \
        "the result should be a dict with the keys ['W', 'b']; got ['W']"
    assert compare_values(1.0, None, rtol=1e-7, atol=0) == "the result should be None; got 1.0"
    assert compare_values("one", 1.0, rtol=1e-7, atol=0) == "the result should be a number; got 'one'"


def test_a_known_wrong_answer_that_overflows_is_recognised_with_equal_nan():
    nan = np.array([np.nan, 1.0])
    assert compare_values(nan, nan, rtol=1e-7, atol=0, equal_nan=True) is None


def test_changes_inside_arrays_dicts_and_lists_are_seen():
    before = {"W": np.ones((2, 2)), "layers": [np.zeros(2)]}
    assert not was_changed(before, {"W": np.ones((2, 2)), "layers": [np.zeros(2)]})
    assert was_changed(before, {"W": 2 * np.ones((2, 2)), "layers": [np.zeros(2)]})
    assert was_changed(before, {"W": np.ones((2, 2)), "layers": [np.ones(2)]})
    assert was_changed(np.array([np.nan]), np.array([1.0])) and not was_changed(np.array([np.nan]), np.array([np.nan]))


def test_values_are_described_briefly():
    assert describe(np.zeros((2, 3))) == "array of shape (2, 3), dtype float64"
    assert describe((np.zeros(1), 1.5)) == "tuple (array of shape (1,), dtype float64, 1.5)"
    assert describe("x" * 100).endswith("...") and len(describe("x" * 100)) == 60


def test_the_test_cell_says_the_public_checks_pass(capsys):
    public_checks_passed("Part 1: sigmoid")
    assert capsys.readouterr().out.startswith("Part 1: sigmoid: the public checks pass.")
