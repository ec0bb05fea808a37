"""Chapter 5, "Backpropagation by hand": every number the page states, checked against the lecture notes'
worked example (lecture 3's 2-2-1 network) recomputed here from the formulas."""

import math
import re

import pytest

PAGE = "05_backpropagation"
GLUE_PREFIX = "ch05_"

# The worked example: no biases, sigmoid units, E = 1/2 (y - y_hat)^2; w_ij^(1) joins input i to hidden j.
X1, X2, Y, ETA = 1.0, 1.0, 1.0, 0.01
W11_1, W12_1, W21_1, W22_1 = 0.3, 0.4, 0.2, 0.1
W11_2, W21_2 = 0.1, 0.2


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def by_hand():
    """The forward and backward pass written out with the chain rule, independently of the notebook."""
    z1 = W11_1 * X1 + W21_1 * X2
    z2 = W12_1 * X1 + W22_1 * X2
    h1, h2 = sigmoid(z1), sigmoid(z2)
    z_out = W11_2 * h1 + W21_2 * h2
    y_hat = sigmoid(z_out)
    delta_out = (y_hat - Y) * y_hat * (1 - y_hat)
    delta_1 = delta_out * W11_2 * h1 * (1 - h1)
    delta_2 = delta_out * W21_2 * h2 * (1 - h2)
    return {
        "z1": z1, "z2": z2, "h1": h1, "h2": h2, "z_out": z_out, "y_hat": y_hat, "E": 0.5 * (Y - y_hat) ** 2,
        "delta_out": delta_out,
        "grad_w11_1": X1 * delta_1, "grad_w12_1": X1 * delta_2, "grad_w21_1": X2 * delta_1, "grad_w22_1": X2 * delta_2,
        "grad_w11_2": h1 * delta_out, "grad_w21_2": h2 * delta_out,
    }


# The lecture notes' values (the gradients and updated weights are given to 10 decimals).
GOLDEN = {
    "z1": (0.5, 1e-15), "z2": (0.5, 1e-15),
    "h1": (0.6224593312018546, 1e-15), "h2": (0.6224593312018546, 1e-15),
    "z_out": (0.1867377993605564, 1e-15), "y_hat": (0.5465492600977258, 1e-15),
    "E": (0.10280878675895999, 1e-15),
    "grad_w11_1": (-0.0026409748, 5e-11), "grad_w21_1": (-0.0026409748, 5e-11),
    "grad_w12_1": (-0.0052819497, 5e-11), "grad_w22_1": (-0.0052819497, 5e-11),
    "grad_w11_2": (-0.0699520622, 5e-11), "grad_w21_2": (-0.0699520622, 5e-11),
    "dE_dw11_2": (-0.0699520622, 5e-11), "dE_dw11_1": (-0.0026409748, 5e-11),
    "new_w11_2": (0.1006995206, 5e-11), "new_w11_1": (0.3000264097, 5e-11),
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_numbers_match_the_lecture_notes(glued, name):
    expected, tol = GOLDEN[name]
    assert glued(name) == pytest.approx(expected, abs=tol)


@pytest.mark.parametrize("name", ["z1", "z2", "h1", "h2", "z_out", "y_hat", "E", "delta_out", "grad_w11_1",
                                  "grad_w12_1", "grad_w21_1", "grad_w22_1", "grad_w11_2", "grad_w21_2"])
def test_hand_computation_matches_the_formulas(glued, name):
    assert glued(name) == pytest.approx(by_hand()[name], rel=1e-12, abs=1e-15)


def test_the_updates_and_the_notes_slip(glued):
    ref = by_hand()
    assert glued("new_w11_2") == pytest.approx(W11_2 - ETA * ref["grad_w11_2"], abs=1e-15)
    assert glued("new_w11_1") == pytest.approx(W11_1 - ETA * ref["grad_w11_1"], abs=1e-15)
    # The notes print 0.30026; the correct update is 0.3 + 0.01 * 0.00264... = 0.3000264...
    assert abs(glued("new_w11_1") - 0.30026) > 2e-4
    assert glued("new_w11_1") == pytest.approx(0.3000264, abs=1e-7)
    assert glued("ratio") == pytest.approx(ref["grad_w11_2"] / ref["grad_w11_1"], rel=1e-12)


def test_the_shared_factor(glued):
    ref = by_hand()
    assert glued("f1") == pytest.approx(ref["y_hat"] - Y, rel=1e-14)
    assert glued("f2") == pytest.approx(ref["y_hat"] * (1 - ref["y_hat"]), rel=1e-14)
    assert glued("delta_out") == pytest.approx(glued("f1") * glued("f2"), rel=1e-14)


@pytest.mark.parametrize("w", ["w11_1", "w12_1", "w21_1", "w22_1", "w11_2", "w21_2"])
def test_nnkit_agrees_with_the_hand_computation(glued, w):
    assert glued(f"nnkit_grad_{w}") == pytest.approx(GOLDEN[f"grad_{w}"][0], abs=5e-11)
    assert glued(f"nnkit_grad_{w}") == pytest.approx(glued(f"grad_{w}"), rel=1e-12, abs=1e-16)


def test_nnkit_loss_update_and_table(glued):
    assert glued("nnkit_E") == pytest.approx(0.10280878675895999, rel=1e-14)
    assert glued("nnkit_new_w11_1") == pytest.approx(0.3000264097, abs=5e-11)
    assert glued("nnkit_new_w11_2") == pytest.approx(0.1006995206, abs=5e-11)
    assert glued("max_diff") < 1e-15


def test_two_output_network_of_the_other_notes(glued):
    """Lecture 0's W7 (h2 -> o1) and W1 (i1 -> h1) with the chapter's illustrative numbers, recomputed here."""
    i1, i2, t1, t2 = 0.05, 0.10, 0.01, 0.99
    w1, w2, w3, w4, w5, w6, w7, w8 = 0.15, 0.25, 0.20, 0.30, 0.40, 0.50, 0.45, 0.55
    b1 = b2 = 0.35
    b3 = b4 = 0.60
    h1 = sigmoid(w1 * i1 + w3 * i2 + b1)
    h2 = sigmoid(w2 * i1 + w4 * i2 + b2)
    o1 = sigmoid(w5 * h1 + w7 * h2 + b3)
    o2 = sigmoid(w6 * h1 + w8 * h2 + b4)
    d1 = -(t1 - o1) * o1 * (1 - o1)
    d2 = -(t2 - o2) * o2 * (1 - o2)
    dW7 = d1 * h2
    dW1 = (d1 * w5 + d2 * w6) * h1 * (1 - h1) * i1
    for name, expected in [("s000_grad_w7", dW7), ("s000_nnkit_w7", dW7),
                           ("s000_grad_w1", dW1), ("s000_nnkit_w1", dW1)]:
        assert glued(name) == pytest.approx(expected, rel=1e-12)


def test_gradient_checks(glued):
    assert glued("gradcheck_error") < 1e-7
    assert glued("check_layer_model") < 1e-7
    assert glued("ok_dense_error") < 1e-7
    assert glued("bug_transpose_error") > 1e-2
    assert glued("bug_factor_error") > 1e-2


def test_page_has_figures_with_alt_text(html):
    figures = [alt for alt in re.findall(r'<img alt="([^"]*)"', html) if "logo" not in alt]
    assert len(figures) >= 3, figures
    assert all(len(alt) > 40 for alt in figures)


def test_page_shows_engine_code_and_the_note_on_the_slip(html):
    for name in ("dense_backward", "sigmoid_backward"):
        assert name in html  # included from nnkit's source with literalinclude
    assert "0.30026" in html and "0.3000264097" in html  # the note on the notes' slip


# Lecture 0's 2-2-2 network with Matt Mazur's numbers, in lecture 0's numbering (net_h1 = w1 i1 + w3 i2 + b1, ...).
I1, I2, T1, T2, ALPHA = 0.05, 0.10, 0.01, 0.99, 0.5
W0 = {"w1": 0.15, "w2": 0.25, "w3": 0.20, "w4": 0.30, "w5": 0.40, "w6": 0.50, "w7": 0.45, "w8": 0.55}
B0 = {"b1": 0.35, "b2": 0.35, "b3": 0.60, "b4": 0.60}
# Values Mazur's post prints (to nine digits), renamed to lecture 0's numbering: his w6 is our w7.
MAZUR = {"out_h1": 0.593269992, "out_h2": 0.596884378, "net_o1": 1.105905967, "out_o1": 0.75136507,
         "out_o2": 0.772928465, "loss": 0.298371109, "grad_w5": 0.082167041, "grad_w1": 0.000438568,
         "new_w5": 0.35891648, "new_w7": 0.408666186, "new_w6": 0.511301270, "new_w8": 0.561370121,
         "new_w1": 0.149780716, "new_w3": 0.19956143, "new_w2": 0.24975114, "new_w4": 0.29950229}


def two_two_two():
    """Forward values, gradients of all twelve parameters and one update, from the chain rule alone."""
    w, b = W0, B0
    net_h1, net_h2 = w["w1"] * I1 + w["w3"] * I2 + b["b1"], w["w2"] * I1 + w["w4"] * I2 + b["b2"]
    h1, h2 = sigmoid(net_h1), sigmoid(net_h2)
    net_o1, net_o2 = w["w5"] * h1 + w["w7"] * h2 + b["b3"], w["w6"] * h1 + w["w8"] * h2 + b["b4"]
    o1, o2 = sigmoid(net_o1), sigmoid(net_o2)
    d_o1, d_o2 = -(T1 - o1) * o1 * (1 - o1), -(T2 - o2) * o2 * (1 - o2)
    d_h1 = (d_o1 * w["w5"] + d_o2 * w["w6"]) * h1 * (1 - h1)
    d_h2 = (d_o1 * w["w7"] + d_o2 * w["w8"]) * h2 * (1 - h2)
    grads = {"w1": d_h1 * I1, "w3": d_h1 * I2, "w2": d_h2 * I1, "w4": d_h2 * I2, "w5": d_o1 * h1, "w7": d_o1 * h2,
             "w6": d_o2 * h1, "w8": d_o2 * h2, "b1": d_h1, "b2": d_h2, "b3": d_o1, "b4": d_o2}
    values = {"net_h1": net_h1, "out_h1": h1, "net_h2": net_h2, "out_h2": h2, "net_o1": net_o1, "out_o1": o1,
              "net_o2": net_o2, "out_o2": o2, "loss": 0.5 * (T1 - o1) ** 2 + 0.5 * (T2 - o2) ** 2}
    for name, g in grads.items():
        values[f"grad_{name}"] = g
        values[f"new_{name}"] = (w | b)[name] - ALPHA * g
    return values


def test_two_two_two_network_worked_to_the_end(glued):
    expected = two_two_two()
    assert len(expected) == 9 + 2 * 12
    for name, value in expected.items():
        assert glued(f"m_{name}") == pytest.approx(value, rel=1e-9, abs=1e-15), name
    for name, value in MAZUR.items():                     # the published numbers, to the digits printed
        assert glued(f"m_{name}") == pytest.approx(value, abs=6e-9), name
    # the existing check of the two formulas is the same network
    assert glued("s000_grad_w7") == pytest.approx(expected["grad_w7"], rel=1e-9)
    assert glued("s000_grad_w1") == pytest.approx(expected["grad_w1"], rel=1e-9)
    # "output-layer gradients some 20 to 200 times larger than the first-layer ones"
    outer = [abs(expected[f"grad_w{k}"]) for k in (5, 6, 7, 8)]
    inner = [abs(expected[f"grad_w{k}"]) for k in (1, 2, 3, 4)]
    assert 20 * max(inner) < min(outer) and max(outer) < 200 * min(inner)


def test_derivative_rules_agree_with_central_differences(glued):
    # h = 1e-6 in float64: the central difference is good to about 1e-9 relative at these points
    assert 0 <= glued("rules_worst_error") < 1e-7
