"""The gradient checker itself: it must accept right gradients and reject wrong ones."""

import numpy as np
import pytest

from nnkit.gradcheck import check_layer, gradient_errors, numerical_gradient, rel_error
from nnkit.layers import Dense


def test_numerical_gradient_of_known_functions(rng):
    x = rng.standard_normal((3, 4))
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(v**3), x), 3 * x**2, rtol=1e-8)
    before = x.copy()
    numerical_gradient(lambda v: np.sum(np.sin(v)), x)
    np.testing.assert_array_equal(x, before)  # restored exactly


def test_rel_error_properties():
    a = np.array([1.0, 2.0, 3.0])
    assert rel_error(a, a) == 0.0
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert rel_error(a, -a) == pytest.approx(1.0)
    assert rel_error(a, a * (1 + 1e-6)) == pytest.approx(5e-7, rel=1e-3)
    with pytest.raises(ValueError, match="shape"):
        rel_error(a, a[:2])


def test_numerical_gradient_needs_a_float_array():
    with pytest.raises(TypeError, match="floating-point ndarray"):
        numerical_gradient(lambda v: 0.0, [1, 2])


class _WrongDense(Dense):
    """A dense layer whose weight gradient forgets a transpose-free factor of 2."""

    def backward(self, dout):
        dx = super().backward(dout)
        self.grads["W"] = 2 * self.grads["W"]
        return dx


def test_check_layer_accepts_right_and_rejects_wrong_backward(rng):
    x = rng.standard_normal((5, 3))
    assert check_layer(Dense(3, 2, rng=0), x) < 1e-8
    errors = gradient_errors(_WrongDense(3, 2, rng=0), x)
    assert errors["x"] < 1e-8 and errors["b"] < 1e-8
    assert errors["W"] > 0.1
