"""Chapter 10, "Regularization and better training": the numbers the page states, recomputed here by hand
(dropout's expectation, the dropout-as-L2 identity, batch norm's running statistics, the parameter counts),
and the chapter's claims about its experiment checked as inequalities on the glued values."""

import itertools
import math
import re

import pytest

PAGE = "10_regularization"
GLUE_PREFIX = "ch10_"

# The remedies of the chapter's comparison, by the suffix of their glue names.
REMEDIES = ["small", "dropout", "l2", "l1", "bn", "es", "aug"]


def dense_params(sizes):
    """Weights and biases of a stack of Dense layers with these widths."""
    return sum(a * b + b for a, b in itertools.pairwise(sizes))


def test_parameter_counts(glued):
    assert glued("n_params") == dense_params([2, 64, 64, 2]) == 4482
    assert glued("small_params") == dense_params([2, 8, 8, 2]) == 114
    assert glued("n_train") == 80


def test_baseline_overfits(glued):
    train, val, gap = glued("base_train_loss"), glued("base_val_loss"), glued("base_gap")
    assert gap == pytest.approx(val - train, abs=1e-12)
    assert gap > 0.3, "the oversized network should overfit clearly"
    assert train < 0.1 and glued("base_train_acc") > glued("base_val_acc")
    # the validation loss rose well above its minimum: the signature of overfitting
    assert val > 1.5 * glued("base_min_val")
    # the straight-line model underfits: both losses high and close
    assert glued("lin_train_loss") > 0.2 and abs(glued("lin_val_loss") - glued("lin_train_loss")) < 0.1


@pytest.mark.parametrize("remedy", REMEDIES)
def test_each_remedy_closes_the_gap(glued, remedy):
    gap, val, train = glued(f"gap_{remedy}"), glued(f"val_{remedy}"), glued(f"train_{remedy}")
    assert gap == pytest.approx(val - train, abs=1e-12)
    assert gap < glued("base_gap"), f"{remedy}: gap {gap} is not smaller than the baseline's"
    assert val < glued("base_val_loss"), f"{remedy}: validation loss {val} is not lower than the baseline's"
    assert glued("gap_base") == glued("base_gap")


def test_the_smaller_network_has_the_smallest_gap_and_validation_loss(glued):
    # the text names the smaller network for both on this problem
    for remedy in REMEDIES:
        assert glued("gap_small") <= glued(f"gap_{remedy}")
        assert glued("val_small") <= glued(f"val_{remedy}")


def test_inverted_dropout_keeps_the_expectation(glued):
    p, n = glued("drop_p"), glued("drop_n")
    assert p == 0.5 and n == 1000 * 100
    # each output is 1/(1-p) with probability 1-p and 0 otherwise: mean 1, variance p/(1-p)
    standard_error = math.sqrt(p / (1 - p) / n)
    assert abs(glued("drop_mean") - 1.0) < 4 * standard_error
    assert abs(glued("drop_frac") - p) < 4 * math.sqrt(p * (1 - p) / n)
    assert glued("drop_max") == pytest.approx(1 / (1 - p))
    assert glued("drop_eval_diff") == 0.0


def test_dropout_is_an_l2_penalty_on_average(glued):
    w, x, y, p = [0.5, -1.0, 2.0], [1.0, 2.0, 0.5], 1.0, 0.2
    average = 0.0
    for bits in range(8):  # every keep-mask of the three inputs, weighted by its probability
        keep = [(bits >> i) & 1 for i in range(3)]
        prob = math.prod((1 - p) if k else p for k in keep)
        y_hat = sum(wi * xi * k / (1 - p) for wi, xi, k in zip(w, x, keep))
        average += prob * 0.5 * (y - y_hat) ** 2
    formula = 0.5 * (y - sum(wi * xi for wi, xi in zip(w, x))) ** 2 + 0.5 * p / (1 - p) * sum(
        (wi * xi) ** 2 for wi, xi in zip(w, x))
    assert formula == pytest.approx(1.78125) and average == pytest.approx(formula)
    assert glued("dropl2_average") == pytest.approx(formula, abs=1e-12)
    assert glued("dropl2_formula") == pytest.approx(formula, abs=1e-12)


def test_weight_decay_equals_l2_for_sgd_only(glued):
    assert glued("wd_sgd_diff") < 1e-12
    assert glued("wd_adam_diff") > 1e-3


def test_l1_makes_weights_sparse(glued):
    assert glued("small_w_l1") > glued("small_w_l2") > glued("small_w_base")
    assert glued("small_w_l1") > 0.5


def test_batchnorm_running_statistics(glued):
    momentum, m, mean, var = 0.1, 20, 5.0, 9.0
    unbiased = var * m / (m - 1)
    assert glued("bn_out_std") == pytest.approx(math.sqrt(var / (var + 1e-5)), abs=1e-9)
    assert glued("bn_run_mean_1") == pytest.approx(momentum * mean, abs=1e-12)
    assert glued("bn_run_var_1") == pytest.approx((1 - momentum) * 1.0 + momentum * unbiased, abs=1e-12)
    decay = (1 - momentum) ** 10
    assert glued("bn_run_mean_10") == pytest.approx(mean * (1 - decay), abs=1e-9)
    assert glued("bn_run_var_10") == pytest.approx(decay * 1.0 + (1 - decay) * unbiased, abs=1e-9)


def test_early_stopping_picks_the_argmin(glued):
    best, argmin = glued("es_best_epoch"), glued("es_argmin_epoch")
    assert best == argmin
    assert glued("es_stopped_epoch") == best + glued("es_patience")
    assert glued("es_stopped_epoch") < glued("epochs")
    assert glued("es_same_run") < 1e-12  # the fit run is the baseline's run, stopped
    assert glued("base_best_epoch") == best
    assert glued("val_es") == pytest.approx(glued("base_min_val"), abs=1e-12)


def test_the_sweeps(glued):
    assert glued("updates") == 300 * math.ceil(80 / 20)
    assert glued("sweep_gap_n320") < glued("sweep_gap_n20")
    assert glued("sweep_best_lam") in (0.003, 0.01, 0.03)  # a penalty beats no penalty on validation
    assert glued("sweep_best_p") in (0.2, 0.5, 0.7)


def test_page_has_figures_with_alt_text(html):
    figures = [alt for alt in re.findall(r'<img alt="([^"]*)"', html) if "logo" not in alt]
    assert len(figures) >= 8, figures
    assert all(len(alt) > 40 for alt in figures)


def test_page_cites_its_sources(html):
    for author in ("Srivastava", "Ioffe", "Prechelt", "Goodfellow"):
        assert author in html, author
    assert "Markdown object" not in html
