"""Chapter 3, forward propagation: every number the page states matches lecture 3's worked example,
recomputed here by hand from the formulas (and checked against the values the lecture notes give)."""

import math

import pytest

PAGE = "03_forward_propagation"


def sigma(z):
    return 1.0 / (1.0 + math.exp(-z))


# Lecture 3's 2-2-1 network, no biases: w11 = 0.3, w12 = 0.4, w21 = 0.2, w22 = 0.1 (input i -> hidden j),
# w11(2) = 0.1, w21(2) = 0.2, at x = (1, 1).
Z1 = 0.3 * 1 + 0.2 * 1
H1 = sigma(Z1)
H2 = sigma(0.4 * 1 + 0.1 * 1)
Z_OUT = 0.1 * H1 + 0.2 * H2
Y_HAT = sigma(Z_OUT)
HAND = {"z": Z1, "h": H1, "zout": Z_OUT, "yhat": Y_HAT}


def test_hand_values_are_the_lecture_notes_values():
    assert Z1 == pytest.approx(0.5, abs=1e-15)
    assert H1 == pytest.approx(0.6224593312018546, rel=1e-15)
    assert Z_OUT == pytest.approx(0.1867377993605564, rel=1e-15)
    assert Y_HAT == pytest.approx(0.5465492600977258, rel=1e-15)


@pytest.mark.parametrize("method", ["scalar", "matrix", "batch", "nnkit"])
@pytest.mark.parametrize("name", ["z", "h", "zout", "yhat"])
def test_every_method_gives_the_golden_forward_pass(built_book, method, name):
    assert built_book.glued_float(PAGE, f"ch03_{name}_{method}") == pytest.approx(HAND[name], rel=1e-14)


def test_the_methods_agree_to_the_last_digit(built_book):
    assert built_book.glued_float(PAGE, "ch03_max_diff") <= 1e-15


def test_second_batch_row(built_book):
    # x = (2, 2): both hidden pre-activations are 2 (0.3 + 0.2) = 2 (0.4 + 0.1) = 1.
    h = sigma(1.0)
    expected = sigma(0.1 * h + 0.2 * h)
    assert built_book.glued_float(PAGE, "ch03_yhat_batch_row1") == pytest.approx(expected, rel=1e-14)


def test_parameter_count_of_the_shape_example(built_book):
    assert built_book.glued_float(PAGE, "ch03_n_params") == 64 * 16 + 16 + 16 * 10 + 10


def _html(built_book):
    return built_book.page_html(PAGE)


def test_glued_numbers_are_rendered_in_the_text(built_book):
    html = _html(built_book)
    assert "0.5465492600977258" in html
    assert "0.6224593312018546" in html
