"""Chapter 9, "Weight initialization": the lecture notes' LeCun / Glorot / He ranges (lectures 3
and 4) recomputed here from the formulas for n_in = 784, n_out = 256, and the page's other numbers and shape."""

import math
import re

import pytest

PAGE = "09_initialization"
GLUE_PREFIX = "ch09_"
N_IN, N_OUT = 784, 256

# scheme -> (the page's r or sigma, the standard deviation of the distribution), from the lectures' formulas
FORMULAS = {
    "lecun_uniform": (math.sqrt(3 / N_IN), math.sqrt(3 / N_IN) / math.sqrt(3)),
    "lecun_normal": (math.sqrt(1 / N_IN), math.sqrt(1 / N_IN)),
    "xavier_uniform": (math.sqrt(6 / (N_IN + N_OUT)), math.sqrt(6 / (N_IN + N_OUT)) / math.sqrt(3)),
    "xavier_normal": (math.sqrt(2 / (N_IN + N_OUT)), math.sqrt(2 / (N_IN + N_OUT))),
    "he_uniform": (math.sqrt(6 / N_IN), math.sqrt(6 / N_IN) / math.sqrt(3)),
    "he_normal": (math.sqrt(2 / N_IN), math.sqrt(2 / N_IN)),
}


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_ranges_and_standard_deviations(glued, name):
    value, std = FORMULAS[name]
    assert glued(name) == pytest.approx(value, rel=1e-12)
    assert glued(f"{name}_formula_std") == pytest.approx(std, rel=1e-12)


def test_known_values_for_784_and_256(glued):
    assert glued("lecun_uniform") == pytest.approx(0.0618589574, rel=1e-9)
    assert glued("xavier_uniform") == pytest.approx(0.0759554525, rel=1e-9)
    assert glued("he_normal") == pytest.approx(0.0505076272, rel=1e-9)


def test_uniform_and_normal_pairs_share_a_variance():
    for scheme in ("lecun", "xavier", "he"):
        r = FORMULAS[f"{scheme}_uniform"][0]
        sigma = FORMULAS[f"{scheme}_normal"][0]
        assert r ** 2 / 3 == pytest.approx(sigma ** 2, rel=1e-12)   # Var U[-r, r] = r^2 / 3


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_sample_std_within_two_percent(glued, name):
    _, std = FORMULAS[name]
    assert abs(glued(f"{name}_sample_std") / std - 1) < 0.02
    assert glued("worst_std_error") < 0.02


def test_symmetry_is_never_broken(glued):
    assert glued("sym_spread_const0") == 0.0
    assert glued("sym_spread_const05") == 0.0
    assert glued("sym_spread_random") > 0.1
    assert glued("sym_acc_random") > glued("sym_acc_const0")


def test_too_small_and_too_large(glued):
    assert glued("small_std_l10") < 1e-6
    assert glued("large_saturated_l10") > 0.5
    assert glued("sigmoid_small_mean") == pytest.approx(0.5, abs=0.01)   # sigmoid(0) = 0.5
    assert glued("sigmoid_small_std") < 0.05


def test_variance_rules(glued):
    # Var(z) = n Var(w) Var(x) with n = 256, Var(w) = 0.004 and Var(x) close to 1
    assert glued("var_predicted") == pytest.approx(256 * 0.004, rel=0.05)
    assert glued("var_measured") == pytest.approx(glued("var_predicted"), rel=0.05)
    assert glued("relu_half") == pytest.approx(0.5, abs=0.01)              # E[ReLU(z)^2] = Var(z) / 2


def test_depth_statistics(glued):
    assert glued("sqrt_half_power9") == pytest.approx(math.sqrt(0.5) ** 9, rel=1e-12)
    assert glued("xavier_relu_ratio") < 0.2                                # Xavier starves ReLU layers
    assert 0.5 < glued("he_relu_ratio") < 2                                # He keeps them
    assert glued("xavier_tanh_ratio") > 0.2


def test_training_depends_on_initialization(glued):
    assert glued("small_loss_end") == pytest.approx(math.log(10), abs=0.01)
    assert glued("relu_he_loss_end") < glued("relu_xavier_loss_end") < glued("small_loss_end")
    for activation in ("relu", "tanh"):
        for init in ("xavier", "he"):
            assert glued(f"{activation}_{init}_loss_best") <= glued(f"{activation}_{init}_loss_end") \
                <= glued(f"{activation}_{init}_loss_worst")
        # "even the worst He seed is ahead of the best Xavier seed"
        assert glued(f"{activation}_he_loss_worst") < glued(f"{activation}_xavier_loss_best")
    # for tanh: "Xavier ... several times higher" than He, and Xavier with tanh's gain 5/3 "trains like He"
    assert glued("tanh_xavier_loss_end") > 3 * glued("tanh_he_loss_end")
    assert glued("tanh_gain_loss_end") < glued("tanh_xavier_loss_end") / 2
    assert glued("tanh_gain_loss_end") == pytest.approx(glued("tanh_he_loss_end"), rel=0.5)


def test_page_has_figures_with_alt_text(html):
    figures = [alt for alt in re.findall(r'<img alt="([^"]*)"', html) if "logo" not in alt]
    assert len(figures) >= 5, figures
    assert all(len(alt) > 40 for alt in figures)


def test_page_names_its_korean_terms(html):
    assert "대칭성 깨기" in html and "가중치 초기화" in html
