"""Chapter 6, "Gradient descent": every number the page states, checked against the lecture notes' toy
regression (lecture 3) and mini-batch arithmetic (lecture 4), recomputed here by hand."""

import math
import re

import pytest

PAGE = "06_gradient_descent"
GLUE_PREFIX = "ch06_"

# Lecture 3's toy regression y_hat = b x with E_i = 1/2 (y_i - b x_i)^2 (the book writes the slope w).
POINTS = [(2.0, 5.0), (1.0, 2.0), (3.0, 6.0), (4.0, 6.0)]
ETA, B0 = 0.1, 10.0


def sgd_step(b, point):
    x, y = point
    return b - ETA * (-x * (y - b * x))  # dE_i/db = -x (y - b x)


def test_sgd_steps_of_the_notes(glued):
    b1 = sgd_step(B0, POINTS[0])
    b2 = sgd_step(b1, POINTS[1])
    assert (b1, b2) == pytest.approx((7.0, 6.5), abs=1e-12)  # the notes' values
    assert glued("sgd_w1") == pytest.approx(b1, abs=1e-12)
    assert glued("sgd_w2") == pytest.approx(b2, abs=1e-12)


def test_least_squares_optimum(glued):
    sxy = sum(x * y for x, y in POINTS)
    sxx = sum(x * x for x, _ in POINTS)
    assert sxy / sxx == pytest.approx(1.8)  # the notes' b*
    assert glued("w_star") == pytest.approx(sxy / sxx, abs=1e-12)
    assert glued("sum_xy") == sxy and glued("sum_xx") == sxx
    assert glued("newton_w") == pytest.approx(1.8, abs=1e-12)


def test_updates_per_epoch(glued):
    expected = math.ceil(100 / 10)
    assert expected == 10  # lecture 4: 100 rows, batch size 10
    for name in ("updates_per_epoch", "batches_counted", "fit_steps"):
        assert glued(name) == expected


def test_batch_descent_sum_versus_mean(glued):
    grad_sum = sum(-x * (y - B0 * x) for x, y in POINTS)  # 30 b - 54 at b = 10
    assert glued("bgd_sum_w1") == pytest.approx(B0 - ETA * grad_sum, abs=1e-12)
    assert glued("bgd_sum_w1") == pytest.approx(-14.6, abs=1e-12)
    assert glued("bgd_mean_w1") == pytest.approx(B0 - ETA * grad_sum / len(POINTS), abs=1e-12)


def test_learning_rate_analysis(glued):
    c = sum(x * x for x, _ in POINTS) / len(POINTS)
    assert glued("curvature") == pytest.approx(c)
    assert glued("best_lr") == pytest.approx(1 / c)
    assert glued("max_lr") == pytest.approx(2 / c)
    # after 10 epochs of batch descent the distance to b* has shrunk by (1 - eta c)^10
    assert glued("final_w_bgd") == pytest.approx(1.8 + (B0 - 1.8) * (1 - ETA * c) ** 10, abs=1e-9)
    assert abs(glued("final_w_sgd") - 1.8) < 0.5


def test_mini_batches_average_out_noise_over_seeds(glued):
    # "more updates per epoch make early progress faster": after one epoch, averaged over 20 seeds
    assert glued("epoch1_sgd") < glued("epoch1_mini") < glued("epoch1_bgd")
    # batch descent is deterministic: after one epoch the excess loss is c/2 (w - w*)^2 with w = 1.8 + 8.2 (1 - eta c)
    c = sum(x * x for x, _ in POINTS) / len(POINTS)
    assert glued("epoch1_bgd") == pytest.approx(c / 2 * ((B0 - 1.8) * (1 - ETA * c)) ** 2, rel=1e-9)
    # "mini-batches of two ... settle about ten times lower" than SGD's noise floor: ten within a factor of two
    assert 5 < glued("floor_sgd") / glued("floor_mini") < 20
    assert glued("floor_bgd") < glued("floor_mini")
    # "one run does not show this": in the run shown, the mini-batch path ends farther from w* than SGD's
    assert abs(glued("final_w_mini") - 1.8) > abs(glued("final_w_sgd") - 1.8)


def test_saddle_and_random_hessians(glued):
    # w1 shrinks by 0.8 and w2 grows by 1.2 per step from (1.5, 1e-6): the gradient norm bottoms out near 1.7e-3
    norms = [2 * math.hypot(1.5 * 0.8 ** t, 1e-6 * 1.2 ** t) for t in range(85)]
    assert glued("saddle_min_grad") == pytest.approx(min(norms), rel=1e-9)
    assert 0 <= glued("minima_n6") <= 100  # at most 0.1 % of random 6 x 6 "Hessians" are positive definite


def test_page_has_figures_with_alt_text(html):
    figures = [alt for alt in re.findall(r'<img alt="([^"]*)"', html) if "logo" not in alt]
    assert len(figures) >= 4, figures
    assert all(len(alt) > 40 for alt in figures)
