"""Every worked example of the lecture notes, reproduced through nnkit's public interface: lecture 3's 2-2-1
network (book/03_forward_propagation.md, book/05_backpropagation.md), lecture 3's toy regression and lecture 4's
mini-batch arithmetic (book/06_gradient_descent.md), lecture 1's convolution and pooling (book/11_cnn.md), the
initialization ranges (book/09_initialization.md), the learning-rate schedule, weight decay and Adam
(book/07_optimizers.md). The expected values are the notes', recomputed by hand."""

import math

import numpy as np
import pytest

import nnkit as nk

# --- Lecture 3: the 2-2-1 sigmoid network, no biases, E = 1/2 (y - y_hat)^2, eta = 0.01 ------------
# W1[i, j] = w_ij^(1) joins input i to hidden unit j; W2[j, 0] = w_j1^(2).
W1 = np.array([[0.3, 0.4], [0.2, 0.1]])
W2 = np.array([[0.1], [0.2]])
X1 = np.array([[1.0, 1.0]])
Y1 = np.array([[1.0]])


def lecture3_network():
    hidden, out = nk.layers.Dense(2, 2), nk.layers.Dense(2, 1)
    hidden.params["W"][:], out.params["W"][:] = W1, W2  # biases stay 0, as in lecture 3
    return nk.layers.Sequential([hidden, nk.layers.Sigmoid(), out, nk.layers.Sigmoid()])


def test_lecture3_forward_pass():
    model = lecture3_network()
    z_hidden = model[0].forward(X1)
    np.testing.assert_allclose(z_hidden, [[0.5, 0.5]], rtol=0, atol=1e-15)
    h = model[1].forward(z_hidden)
    np.testing.assert_allclose(h, [[0.6224593312018546] * 2], rtol=1e-15)
    z_out = model[2].forward(h)
    assert z_out[0, 0] == pytest.approx(0.1867377993605564, rel=1e-14)
    y_hat = model.forward(X1)
    assert y_hat[0, 0] == pytest.approx(0.5465492600977258, rel=1e-14)
    assert nk.losses.SSE().forward(y_hat, Y1) == pytest.approx(0.10280878675895999, rel=1e-13)


def test_lecture3_gradients_and_update():
    model = lecture3_network()
    loss = nk.losses.SSE()
    loss.forward(model.forward(X1), Y1)
    model.backward(loss.backward())
    g = model.grads
    np.testing.assert_allclose(g["2.W"], [[-0.0699520622], [-0.0699520622]], atol=5e-11)
    np.testing.assert_allclose(g["0.W"], [[-0.0026409748, -0.0052819497], [-0.0026409748, -0.0052819497]], atol=5e-11)

    weights = {"W1": model[0].params["W"], "W2": model[2].params["W"]}
    nk.optim.SGD(lr=0.01).step(weights, {"W1": g["0.W"], "W2": g["2.W"]})
    assert weights["W2"][0, 0] == pytest.approx(0.1006995206, abs=5e-11)
    # Lecture 3 prints 0.30026; 0.3 + 0.01 * 0.00264 = 0.3000264.
    assert weights["W1"][0, 0] == pytest.approx(0.3000264097, abs=5e-11)


def test_lecture3_gradient_agrees_with_the_numerical_gradient():
    model = lecture3_network()
    loss = nk.losses.SSE()
    assert nk.gradcheck.check_layer(model, X1) < 1e-7
    loss.forward(model.forward(X1), Y1)
    model.backward(loss.backward())
    W = model[0].params["W"]
    numeric = nk.gradcheck.numerical_gradient(lambda _: loss.forward(model.forward(X1), Y1), W)
    assert nk.gradcheck.rel_error(model.grads["0.W"], numeric) < 1e-7


# --- Lecture 3: toy regression y_hat = b x, E_i = 1/2 (y_i - b x_i)^2 ------------------------------
def test_toy_regression_sgd_steps_and_optimum():
    X, y = nk.data.toy_regression()
    np.testing.assert_array_equal(X.ravel(), [2, 1, 3, 4])
    np.testing.assert_array_equal(y, [5, 2, 6, 6])
    model = nk.layers.Dense(1, 1)
    model.params["W"][:] = 10.0  # b = 10, no intercept: the bias stays 0 and is not updated
    sgd, loss = nk.optim.SGD(lr=0.1), nk.losses.SSE()
    for i, expected in [(0, 7.0), (1, 6.5)]:
        loss.forward(model.forward(X[i : i + 1]), y[i : i + 1, None])
        model.backward(loss.backward())
        sgd.step({"W": model.params["W"]}, {"W": model.grads["W"]})
        assert model.params["W"][0, 0] == pytest.approx(expected, abs=1e-12)
    # least squares: b* = sum(x y) / sum(x^2) = 54 / 30
    b_star = np.linalg.lstsq(X, y, rcond=None)[0][0]
    assert b_star == pytest.approx(1.8) and 54 / 30 == pytest.approx(1.8)


def test_toy_regression_batch_gradient_descent_converges_to_the_optimum():
    X, y = nk.data.toy_regression()
    model = nk.layers.Dense(1, 1)
    model.params["W"][:] = 10.0
    sgd, loss = nk.optim.SGD(lr=0.01), nk.losses.SSE()
    for _ in range(200):
        loss.forward(model.forward(X), y[:, None])
        model.backward(loss.backward())
        sgd.step({"W": model.params["W"]}, {"W": model.grads["W"]})
    assert model.params["W"][0, 0] == pytest.approx(1.8, abs=1e-9)


# --- Lecture 4: mini-batch arithmetic --------------------------------------------------------------
def test_updates_per_epoch():
    X, y = np.zeros((100, 3)), np.zeros(100)
    batches = list(nk.data.minibatches(X, y, batch_size=10, rng=0))
    assert len(batches) == 10 and all(len(xb) == 10 for xb, _ in batches)


# --- Lecture 1: 2-D convolution, output size, pooling ---------------------------------------------
CONV_X = np.array([[2, 1, 2], [5, 0, 1], [1, 7, 3]], dtype=float)
CONV_W = np.array([[0.5, 0.7, 0.4], [0.3, 0.4, 0.1], [0.5, 1, 0.5]])


def test_rotated_kernel():
    np.testing.assert_array_equal(np.rot90(CONV_W, 2), [[0.5, 1, 0.5], [0.1, 0.4, 0.3], [0.4, 0.7, 0.5]])


def test_true_convolution_and_cross_correlation_with_same_padding():
    true_conv = nk.ops.conv.convolve2d(CONV_X, CONV_W, padding="same")
    np.testing.assert_allclose(true_conv, [[4.6, 3.7, 1.6], [8.7, 10.6, 7.8], [7.5, 6.8, 2.9]], atol=1e-12)
    cross = nk.ops.conv.conv2d(CONV_X, CONV_W, padding=1)
    np.testing.assert_allclose(cross, [[5.9, 4.2, 2.1], [8.3, 13.1, 8.8], [4.6, 6.3, 4.0]], atol=1e-12)
    layer = nk.layers.Conv2D(1, 1, 3, padding="same")
    layer.params["W"][:] = CONV_W
    np.testing.assert_allclose(layer.forward(CONV_X[None, None])[0, 0], cross, atol=1e-12)


@pytest.mark.parametrize("n, m, p, s", [(3, 3, 1, 1), (7, 3, 0, 1), (7, 3, 0, 2), (28, 5, 2, 1), (10, 4, 3, 3)])
def test_output_size_formula(n, m, p, s):
    assert nk.ops.geometry.conv_output_size(n, m, p, s) == math.floor((n + 2 * p - m) / s) + 1
    assert nk.ops.geometry.conv_output_size(n, m, p, s) == len(range(0, n + 2 * p - m + 1, s))


def test_padding_modes():
    n, m = 8, 3
    for mode, p, o in [("full", m - 1, n + m - 1), ("same", (m - 1) // 2, n), ("valid", 0, n - m + 1)]:
        assert nk.ops.geometry.padding_amount(mode, m) == p
        assert nk.ops.geometry.conv_output_size(n, m, p, 1) == o


POOL_X1 = [[10, 255, 125, 0, 170, 100], [70, 255, 105, 25, 25, 70], [255, 0, 150, 0, 10, 10],
           [0, 255, 10, 10, 150, 20], [70, 15, 200, 100, 95, 0], [25, 25, 100, 20, 0, 60]]
POOL_X2 = [[100, 100, 100, 50, 100, 50], [95, 255, 100, 125, 125, 170], [80, 40, 10, 10, 125, 150],
           [255, 30, 150, 20, 120, 125], [30, 30, 150, 100, 70, 70], [70, 30, 100, 200, 70, 95]]


def test_different_inputs_same_max_pool_summary():
    pool = nk.layers.MaxPool2D(2)
    x = np.array([[POOL_X1], [POOL_X2]], dtype=float)
    out = pool.forward(x)
    for k in range(2):
        np.testing.assert_array_equal(out[k, 0], [[255, 125, 170], [255, 150, 150], [70, 200, 95]])
    assert not np.array_equal(x[0], x[1])


# --- Lectures 3 and 4: initialization ranges, schedules, Adam ------------------------------------
def test_initializer_ranges():
    n_in, n_out, rng = 50, 30, np.random.default_rng(0)
    for f, r in [(nk.init.lecun_uniform, math.sqrt(3 / n_in)), (nk.init.xavier_uniform, math.sqrt(6 / (n_in + n_out))),
                 (nk.init.he_uniform, math.sqrt(6 / n_in))]:
        w = f((20000,), n_in, n_out, rng)
        assert np.abs(w).max() <= r and np.abs(w).max() > 0.999 * r
    for f, s in [(nk.init.lecun_normal, math.sqrt(1 / n_in)), (nk.init.xavier_normal, math.sqrt(2 / (n_in + n_out))),
                 (nk.init.he_normal, math.sqrt(2 / n_in))]:
        assert f((200000,), n_in, n_out, rng).std() == pytest.approx(s, rel=0.01)


def test_exponential_decay_and_weight_decay():
    schedule = nk.optim.exponential_decay(lr0=0.1, decay_rate=0.5, decay_steps=1000)
    for t, expected in [(0, 0.1), (999, 0.1), (1000, 0.05), (2500, 0.025)]:
        assert schedule(t) == pytest.approx(expected)
    w, g, lam, eta = np.array([2.0, -1.0]), np.array([0.5, 0.25]), 0.01, 0.1
    params = {"w": w.copy()}
    nk.optim.SGD(lr=eta, weight_decay=lam).step(params, {"w": g})
    np.testing.assert_allclose(params["w"], (1 - lam) * w - eta * g)


def test_adam_first_step_is_about_lr_times_sign():
    # With bias correction m_hat = g and v_hat = g^2 after one step, so the step is eta * g / (|g| + eps):
    # about eta in every coordinate, whatever the gradient's scale. Without the hats it would be
    # eta * 0.1 g / (sqrt(0.001) |g|), about 3.2 eta.
    w0, g = np.array([1.0, -2.0, 3.0]), np.array([0.3, -4.0, 1e-3])
    params = {"w": w0.copy()}
    nk.optim.Adam(lr=0.1).step(params, {"w": g})
    np.testing.assert_allclose(params["w"], w0 - 0.1 * g / (np.abs(g) + 1e-8), rtol=1e-12)
    np.testing.assert_allclose(np.abs(params["w"] - w0), 0.1, rtol=1e-5)
