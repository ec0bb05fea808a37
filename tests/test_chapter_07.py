"""Chapter 7, "Optimizers": the numbers the page states, recomputed here by hand from lecture 3's update rules
(exponential decay, weight decay, Adam with bias correction) without calling nnkit."""

import math
import re

import pytest

PAGE = "07_optimizers"
GLUE_PREFIX = "ch07_"


def test_exponential_decay_staircase(glued):
    # lecture 3: eta_t = delta^(t // T) * eta_0 with eta_0 = 0.1, delta = 0.5, T = 1000 (integer division)
    expected = {0: 0.1, 999: 0.1, 1000: 0.05, 2500: 0.025}
    for t, value in expected.items():
        assert 0.1 * 0.5 ** (t // 1000) == pytest.approx(value)
        assert glued(f"decay_t{t}") == pytest.approx(value, rel=1e-12)


def test_momentum_two_steps(glued):
    gamma, eta, g = 0.9, 0.1, 1.0
    v1 = gamma * 0.0 + eta * g
    v2 = gamma * v1 + eta * g
    assert (v1, v2) == pytest.approx((0.1, 0.19))
    assert glued("momentum_v1") == pytest.approx(v1, abs=1e-12)
    assert glued("momentum_v2") == pytest.approx(v2, abs=1e-12)
    assert glued("momentum_w2") == pytest.approx(-(v1 + v2), abs=1e-12)
    # after 50 steps v = eta g (1 - gamma^50) / (1 - gamma), approaching eta g / (1 - gamma) = 1
    assert glued("momentum_v50") == pytest.approx(eta * g * (1 - gamma ** 50) / (1 - gamma), rel=1e-12)


def test_adam_bias_correction_and_first_step(glued):
    b1, b2, eps, eta = 0.9, 0.999, 1e-8, 0.1
    m1, v1 = (1 - b1) * 1.0, (1 - b2) * 1.0 ** 2
    assert glued("adam_m1") == pytest.approx(m1, rel=1e-12)          # ten times too small without the hat
    assert glued("adam_m1") == pytest.approx(0.1 * glued("adam_m1_hat"), rel=1e-12)
    assert glued("adam_m1_hat") == pytest.approx(m1 / (1 - b1), rel=1e-12)
    assert glued("adam_uncorrected_ratio1") == pytest.approx(m1 / math.sqrt(v1), rel=1e-12)  # sqrt(10) = 3.16
    # the first step is eta * m_hat / (sqrt(v_hat) + eps) = eta * g / (|g| + eps): about eta for any scale
    for label, g in [("small", 1e-3), ("unit", 1.0), ("large", 1e3)]:
        step = eta * g / (abs(g) + eps)
        assert glued(f"adam_first_step_{label}") == pytest.approx(step, rel=1e-12)
        assert glued(f"adam_first_step_{label}") == pytest.approx(eta, rel=1e-4)
    # lecture 3's epsilon inside the root shrinks the step for a gradient of 1e-4
    assert glued("eps_inside_ratio") == pytest.approx(1e-4 / math.sqrt(1e-8 + 1e-8), rel=1e-9)


def test_adaptive_step_sizes(glued):
    # Adagrad with a constant gradient 1: step t is eta / sqrt(t + eps)
    assert glued("adagrad_step100") == pytest.approx(0.1 / math.sqrt(100 + 1e-8), rel=1e-9)
    assert glued("adagrad_step10000") == pytest.approx(0.1 / math.sqrt(10_000 + 1e-8), rel=1e-6)
    # Adadelta's first step: sqrt(eps) / sqrt((1 - rho) g^2 + eps) * g with rho = 0.95, eps = 1e-6, g = 1
    assert glued("adadelta_step1") == pytest.approx(math.sqrt(1e-6) / math.sqrt(0.05 + 1e-6), rel=1e-9)


def test_sgd_limits(glued):
    eta = 0.09
    assert glued("sgd_max_lr") == pytest.approx(2 / 20)
    assert glued("sgd_factor_steep") == pytest.approx(1 - eta * 20)
    assert glued("sgd_factor_flat") == pytest.approx(1 - eta * 0.2)
    assert glued("sgd_steps_flat") == math.ceil(math.log(0.01) / math.log(1 - eta * 0.2))
    assert glued("sgd_steps_saddle") == math.ceil(math.log(0.5 / 0.001) / math.log(1 + eta))


def _saddle_grad(w):
    return [w[0], w[1] ** 3 - w[1]]


def _saddle_gap(w):
    return 0.5 * w[0] ** 2 + 0.25 * w[1] ** 4 - 0.5 * w[1] ** 2 + 0.25


def _valley_grad(w):
    return [0.2 * w[0], 20 * w[1]]


def _valley_gap(w):
    return 0.1 * w[0] ** 2 + 10 * w[1] ** 2


def _first_within(points, gap, tol=1e-3):
    return next(t for t, w in enumerate(points) if gap(w) < tol)


def _run(rule, grad, w, steps=100):
    state, points = {}, [list(w)]
    for _ in range(steps):
        w = rule(w, grad(w), state)
        points.append(list(w))
    return points


def _sgd(eta):
    return lambda w, g, s: [wi - eta * gi for wi, gi in zip(w, g)]


def _momentum(eta, gamma=0.9):
    def rule(w, g, s):
        s["v"] = [gamma * vi + eta * gi for vi, gi in zip(s.get("v", [0.0, 0.0]), g)]
        return [wi - vi for wi, vi in zip(w, s["v"])]
    return rule


def _adagrad(eta, eps=1e-8):
    def rule(w, g, s):
        s["G"] = [Gi + gi * gi for Gi, gi in zip(s.get("G", [0.0, 0.0]), g)]
        return [wi - eta * gi / math.sqrt(Gi + eps) for wi, gi, Gi in zip(w, g, s["G"])]
    return rule


def _rmsprop(eta, rho=0.9, eps=1e-8):
    def rule(w, g, s):
        s["E"] = [rho * Ei + (1 - rho) * gi * gi for Ei, gi in zip(s.get("E", [0.0, 0.0]), g)]
        return [wi - eta * gi / math.sqrt(Ei + eps) for wi, gi, Ei in zip(w, g, s["E"])]
    return rule


def _adam(eta, b1=0.9, b2=0.999, eps=1e-8):
    def rule(w, g, s):
        s["t"] = s.get("t", 0) + 1
        s["m"] = [b1 * mi + (1 - b1) * gi for mi, gi in zip(s.get("m", [0.0, 0.0]), g)]
        s["v"] = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(s.get("v", [0.0, 0.0]), g)]
        return [wi - eta * (mi / (1 - b1 ** s["t"])) / (math.sqrt(vi / (1 - b2 ** s["t"])) + eps)
                for wi, mi, vi in zip(w, s["m"], s["v"])]
    return rule


def test_race_counts(glued):
    # the race's rates: SGD 0.09, Momentum 0.03 (gamma 0.9), Adagrad 0.7; 100 updates from the chapter's starts
    sgd_saddle = _run(_sgd(0.09), _saddle_grad, [-2.0, 0.001])
    assert glued("race_sgd_saddle") == _first_within(sgd_saddle, _saddle_gap)
    adagrad_saddle = _run(_adagrad(0.7), _saddle_grad, [-2.0, 0.001])
    assert glued("race_adagrad_saddle") == _first_within(adagrad_saddle, _saddle_gap)
    momentum_valley = _run(_momentum(0.03), _valley_grad, [-4.0, 1.0])
    assert glued("race_momentum_valley") == _first_within(momentum_valley, _valley_gap)
    sgd_valley = _run(_sgd(0.09), _valley_grad, [-4.0, 1.0])
    assert glued("race_sgd_valley_gap") == pytest.approx(_valley_gap(sgd_valley[-1]), rel=1e-9)
    assert glued("race_adagrad_saddle") < glued("race_sgd_saddle")  # the adaptive method escapes the saddle first


def test_race_in_the_valley(glued):
    # the counts the text quotes, recomputed by hand: Momentum, Adagrad, RMSprop and Adam to within 1e-3 and 0.1
    start = [-4.0, 1.0]
    for name, rule in [("momentum", _momentum(0.03)), ("adagrad", _adagrad(0.7)), ("rmsprop", _rmsprop(0.07)),
                       ("adam", _adam(0.2))]:
        points = _run(rule, _valley_grad, start)
        assert glued(f"race_valley_{name}") == _first_within(points, _valley_gap), name
        assert glued(f"race_valley_{name}_tenth") == _first_within(points, _valley_gap, tol=0.1), name
    # the text's claim: Adam and Nadam are first within 0.1 but settle within 1e-3 after the momentum methods
    # and Adagrad; RMSprop is slowest of all
    for adaptive in ("adam", "nadam"):
        for momentum in ("momentum", "nag"):
            assert glued(f"race_valley_{adaptive}_tenth") < glued(f"race_valley_{momentum}_tenth")
    settled_first = max(glued("race_valley_momentum"), glued("race_valley_nag"), glued("race_valley_adagrad"))
    assert settled_first < min(glued("race_valley_adam"), glued("race_valley_nadam"))
    assert glued("race_valley_rmsprop") > max(glued("race_valley_adam"), glued("race_valley_nadam"))
    assert glued("race_valley_rmsprop") >= 4 / 0.07         # a step of about eta per weight, 4 units to cover


def test_weight_decay_versus_l2(glued):
    assert glued("wd_sgd_diff") < 1e-12                    # for SGD, decay lambda == L2 penalty lambda / (2 eta)
    assert glued("wd_shrink") == pytest.approx(0.99 ** 300, rel=1e-12)
    # Adam with an L2 penalty barely shrinks the weight with large gradients, decoupled decay shrinks both
    assert glued("wd_adam_l2_w1") > 0.5
    assert glued("wd_adamw_w1") < 0.3 and glued("wd_adamw_w2") < 0.3
    assert glued("wd_adam_l2_w2") < glued("wd_shrink")


def test_digits_and_decay_runs(glued):
    grid = [10 ** (k / 2) for k in range(-7, 2)]
    for name in ("lr_sgd", "lr_adam", "lr_adadelta"):
        assert any(glued(f"digits_{name}") == pytest.approx(lr) for lr in grid)
    assert glued("digits_lr_ratio") >= glued("digits_lr_sgd") / glued("digits_lr_adam")
    assert 0.85 < glued("digits_acc_min") <= glued("digits_acc_max") <= 1.0
    assert glued("digits_lr_ratio") >= 100                   # "the best learning rates differ wildly"
    # "the mean accuracies lie in a narrower range than the best and worst seed of a single optimizer"
    assert glued("digits_acc_max") - glued("digits_acc_min") < glued("digits_seed_spread")
    # exponential decay ends below both constant rates; the small constant rate starts slowly
    assert glued("line_decay") < glued("line_const_low") < glued("line_const_high")
    assert glued("line_low_epoch1") > 0.1


def test_page_has_its_figures_and_both_races(html):
    figures = [alt for alt in re.findall(r'<img alt="([^"]*)"', html) if "logo" not in alt]
    assert len(figures) >= 5, figures
    assert all(len(alt) > 40 for alt in figures)
    assert html.count("animation") >= 2 and html.count("data:image/png;base64") >= 40   # the two races, embedded
