"""Batch normalization on (N, D) and (N, C, H, W): statistics, gradients, running averages."""

import numpy as np
import pytest

from nnkit.gradcheck import check_layer
from nnkit.layers import BatchNorm


def randomized(layer, seed):
    g = np.random.default_rng(seed)
    layer.params["gamma"][:] = g.uniform(0.5, 2.0, layer.num_features)
    layer.params["beta"][:] = g.standard_normal(layer.num_features)
    return layer


def test_training_output_is_normalized_per_feature(rng):
    x = rng.normal(3.0, 5.0, size=(64, 4))
    out = BatchNorm(4).forward(x, training=True)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=0), 1, rtol=1e-5)  # eps makes it a hair below 1


def test_images_are_normalized_per_channel(rng):
    x = rng.normal(2.0, 3.0, size=(4, 3, 5, 5)) * np.array([1, 10, 100]).reshape(1, 3, 1, 1)
    out = BatchNorm(3).forward(x, training=True)
    np.testing.assert_allclose(out.mean(axis=(0, 2, 3)), 0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=(0, 2, 3)), 1, rtol=1e-4)


@pytest.mark.parametrize("shape", [(5, 3), (8, 1), (3, 2, 4, 4), (2, 3, 3, 5)])
@pytest.mark.parametrize("training", [True, False])
def test_gradients_agree_with_finite_differences(shape, training):
    layer = randomized(BatchNorm(shape[1]), 1)
    layer.running_mean = np.random.default_rng(2).standard_normal(shape[1])
    layer.running_var = np.random.default_rng(3).uniform(0.5, 2, shape[1])
    x = np.random.default_rng(4).standard_normal(shape)
    assert check_layer(layer, x, training=training) < 1e-7


def test_running_statistics_follow_pytorchs_momentum_rule(rng):
    layer = BatchNorm(2, momentum=0.1)
    batches = [rng.normal(5, 2, size=(10, 2)) for _ in range(3)]
    mean, var = np.zeros(2), np.ones(2)
    for b in batches:
        layer.forward(b, training=True)
        mean = 0.9 * mean + 0.1 * b.mean(axis=0)
        var = 0.9 * var + 0.1 * b.var(axis=0, ddof=1)
    np.testing.assert_allclose(layer.running_mean, mean)
    np.testing.assert_allclose(layer.running_var, var)
    x = rng.standard_normal((3, 2))
    expected = (x - mean) / np.sqrt(var + 1e-5)
    np.testing.assert_allclose(layer.forward(x, training=False), expected)


def test_float32_stays_float32(rng):
    layer = BatchNorm(3)
    x = rng.standard_normal((4, 3, 2, 2)).astype(np.float32)
    out = layer.forward(x, training=True)
    assert out.dtype == layer.backward(np.ones_like(out)).dtype == np.float32


def test_against_pytorch(rng):
    torch = pytest.importorskip("torch")
    x = rng.standard_normal((6, 3, 4, 4))
    dout = rng.standard_normal(x.shape)
    layer = randomized(BatchNorm(3, momentum=0.2), 9)
    ref = torch.nn.BatchNorm2d(3, momentum=0.2).double()
    with torch.no_grad():
        ref.weight.copy_(torch.from_numpy(layer.params["gamma"]))
        ref.bias.copy_(torch.from_numpy(layer.params["beta"]))
    xt = torch.from_numpy(x).requires_grad_()
    out_t = ref(xt)
    out_t.backward(torch.from_numpy(dout))
    out = layer.forward(x, training=True)
    np.testing.assert_allclose(out, out_t.detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(layer.backward(dout), xt.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(layer.running_var, ref.running_var.numpy())


def test_errors():
    with pytest.raises(ValueError, match=r"BatchNorm\(3\) needs x with 3 features.*got shape \(4, 5\)"):
        BatchNorm(3).forward(np.ones((4, 5)), training=True)
    with pytest.raises(ValueError, match=r"\(N, D\) or \(N, C, H, W\)"):
        BatchNorm(3).forward(np.ones((4, 3, 2)))
    with pytest.raises(ValueError, match="more than one value per feature"):
        BatchNorm(3).forward(np.ones((1, 3)), training=True)
    with pytest.raises(ValueError, match="momentum must be in"):
        BatchNorm(3, momentum=1.5)
