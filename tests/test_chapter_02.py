"""Chapter 2, "Perceptron and XOR": truth tables, the single unit's failure and the two-layer success."""

import ast
import math
import re

import pytest

PAGE = "02_perceptron_and_xor"

# Inputs in the order of nnkit.data.xor(): (0, 0), (0, 1), (1, 0), (1, 1).
INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]


@pytest.fixture(scope="module")
def glued_text(built_book):
    return built_book.glued(PAGE)


@pytest.mark.parametrize("gate, rule", [
    ("and", lambda a, b: a and b),
    ("or", lambda a, b: a or b),
    ("nand", lambda a, b: not (a and b)),
])
def test_single_unit_gates_match_truth_tables(glued_text, gate, rule):
    expected = [int(bool(rule(a, b))) for a, b in INPUTS]
    assert ast.literal_eval(glued_text[f"ch02_{gate}_out"]) == expected


def test_hand_built_xor_network(glued_text):
    # XOR = AND(NAND, OR): 1 exactly when the inputs differ.
    assert ast.literal_eval(glued_text["ch02_hand_xor_out"]) == [int(a != b) for a, b in INPUTS]


def test_best_single_line_gets_three_of_four(glued):
    # XOR is not linearly separable, and e.g. the line x2 - x1 >= 0.5 gets 3 of the 4 points right.
    assert glued("ch02_best_line_acc") == pytest.approx(3 / 4)


def test_single_logistic_unit_fails(glued):
    # At W = 0, b = 0 every prediction is 1/2 and the gradient vanishes; each point costs -ln(1/2) = ln 2.
    assert glued("ch02_ln2") == pytest.approx(math.log(2), rel=1e-12)
    assert glued("ch02_single_loss") == pytest.approx(math.log(2), abs=1e-6)
    assert glued("ch02_single_acc") <= 0.75


def test_two_layer_network_succeeds(glued):
    assert glued("ch02_two_layer_acc") == 1.0
    assert glued("ch02_two_layer_loss") < 0.05
    assert glued("ch02_two_layer_loss") < glued("ch02_single_loss")


def test_reliability_sweep(glued):
    n = glued("ch02_n_starts")
    assert n == 20
    assert 0 < glued("ch02_solved_2") <= glued("ch02_solved_4") <= n


def test_page_has_its_figures_and_animation(html, built_book):
    images = re.findall(r'<img alt="([^"]+)" src="\.\./_images/', html)
    assert len(images) >= 4
    assert all(len(alt) > 40 for alt in images)
    for name in ("fig-ch02-perceptron", "fig-ch02-gates", "fig-ch02-hand-xor", "fig-ch02-trained"):
        assert f'id="{name}"' in html
    # the static twin of the interactive cell: an embedded animation of at most 40 frames
    assert "_anim_img" in html
    assert built_book.glued_float(PAGE, "ch02_n_frames") <= 40
