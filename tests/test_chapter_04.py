"""Chapter 4, activation and loss functions: the numbers the page states, recomputed here by hand
from the formulas (never read back from the notebook)."""

import math
import sys

import pytest

PAGE = "04_activations_and_losses"
LN = math.log


def glued(built_book, name):
    return built_book.glued_float(PAGE, f"ch04_{name}")


def sigma(z):
    return 1.0 / (1.0 + math.exp(-z))


def softmax(a):
    m = max(a)
    e = [math.exp(v - m) for v in a]
    return [v / sum(e) for v in e]


def test_derivative_bounds(built_book):
    assert glued(built_book, "sigmoid_grad_max") == pytest.approx(0.25, abs=1e-15)
    assert glued(built_book, "tanh_grad_max") == pytest.approx(1.0, abs=1e-15)
    assert glued(built_book, "sigmoid_depth10") == pytest.approx(0.25 ** 10, rel=1e-12)


def test_softmax_numbers(built_book):
    assert glued(built_book, "softmax_p0") == pytest.approx(
        math.exp(2.0) / (math.exp(2.0) + math.exp(1.0) + math.exp(0.1)), rel=1e-12)
    assert glued(built_book, "exp_limit") == pytest.approx(LN(sys.float_info.max), rel=1e-12)
    assert glued(built_book, "exp_limit32") == pytest.approx(LN((2 - 2 ** -23) * 2.0 ** 127), rel=1e-6)


def test_regression_losses(built_book):
    errors = [3.0 - 2.5, -0.5 - 0.0, 2.0 - 2.0, 7.0 - 8.0]
    assert glued(built_book, "mse") == pytest.approx(sum(e * e for e in errors) / 4, rel=1e-14)
    assert glued(built_book, "mae") == pytest.approx(sum(abs(e) for e in errors) / 4, rel=1e-14)
    assert glued(built_book, "sse") == pytest.approx(0.5 * sum(e * e for e in errors), rel=1e-14)
    gauss = 0.5 * sum(e * e for e in errors) + 4 * 0.5 * LN(2 * math.pi)
    assert glued(built_book, "gauss_nll") == pytest.approx(gauss, rel=1e-12)


def test_lecture3_loss_is_the_lecture_notes_value(built_book):
    h = sigma(0.5)
    y_hat = sigma(0.1 * h + 0.2 * h)
    by_hand = 0.5 * (1.0 - y_hat) ** 2
    assert by_hand == pytest.approx(0.10280878675895999, rel=1e-14)
    assert glued(built_book, "sse_lecture3") == pytest.approx(by_hand, rel=1e-13)
    assert glued(built_book, "yhat_lecture3") == pytest.approx(0.5465492600977258, rel=1e-14)


def test_binary_cross_entropy_and_its_logit_gradient(built_book):
    assert glued(built_book, "bce") == pytest.approx(-(LN(0.9) + LN(0.8) + LN(0.7)) / 3, rel=1e-12)
    p = sigma(-6.0)
    assert glued(built_book, "grad_bce_wrong") == pytest.approx(p - 1.0, rel=1e-12)
    assert glued(built_book, "grad_mse_wrong") == pytest.approx(2 * (p - 1.0) * p * (1 - p), rel=1e-12)


def test_cross_entropy_and_log_likelihood(built_book):
    nll = -LN(softmax([2.0, 1.0, 0.1])[0]) - LN(softmax([0.5, 2.5, 0.3])[1])
    assert glued(built_book, "ce") == pytest.approx(nll / 2, rel=1e-12)
    assert glued(built_book, "nll") == pytest.approx(nll, rel=1e-12)
    assert glued(built_book, "ce_p0") == pytest.approx(softmax([2.0, 1.0, 0.1])[0], rel=1e-12)
    assert glued(built_book, "ce_p1") == pytest.approx(softmax([0.5, 2.5, 0.3])[1], rel=1e-12)


def test_kl_divergence_and_entropy(built_book):
    p = [0.7, 0.2, 0.1]
    q = softmax([2.0, 1.0, 0.1])
    entropy = -sum(pk * LN(pk) for pk in p)
    kl = sum(pk * LN(pk / qk) for pk, qk in zip(p, q))
    cross = -sum(pk * LN(qk) for pk, qk in zip(p, q))
    assert cross == pytest.approx(entropy + kl, rel=1e-12)
    assert glued(built_book, "entropy") == pytest.approx(entropy, rel=1e-12)
    assert glued(built_book, "kl") == pytest.approx(kl, rel=1e-9)
    assert glued(built_book, "ce_soft") == pytest.approx(cross, rel=1e-12)
    assert glued(built_book, "kl_reverse") == pytest.approx(sum(qk * LN(qk / pk) for pk, qk in zip(p, q)), rel=1e-9)


def test_reductions(built_book):
    squared = [(1.0 - 1.5) ** 2, 0.0, (3.0 - 2.0) ** 2, 0.0]
    assert glued(built_book, "mse_sum") == pytest.approx(sum(squared), rel=1e-14)
    assert glued(built_book, "mse_mean") == pytest.approx(sum(squared) / 4, rel=1e-14)


def _html(built_book):
    return built_book.page_html(PAGE)
