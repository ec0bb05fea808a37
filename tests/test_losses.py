"""Losses: values by hand, gradients by finite differences, reductions, dtypes, errors, PyTorch."""

import math

import numpy as np
import pytest

from nnkit import losses as L
from nnkit.gradcheck import numerical_gradient, rel_error

PRED = np.array([[1.0, 2.0], [3.0, 4.0]])
TARGET = np.array([[1.0, 0.0], [5.0, 4.0]])  # errors 0, 2, -2, 0


def _rng(seed=0):
    return np.random.default_rng(seed)


def _probs(rng, shape):
    return rng.uniform(0.05, 0.95, size=shape)


def _distributions(rng, n, k):
    p = rng.uniform(0.1, 1.0, size=(n, k))
    return p / p.sum(axis=1, keepdims=True)


# --- values against hand computations ----------------------------------------------------------

def test_mse_mae_sse_values():
    assert L.mse(PRED, TARGET) == pytest.approx((0 + 4 + 4 + 0) / 4)
    assert L.mse(PRED, TARGET, reduction="sum") == pytest.approx(8.0)
    assert L.mae(PRED, TARGET) == pytest.approx((0 + 2 + 2 + 0) / 4)
    assert L.mae(PRED, TARGET, reduction="sum") == pytest.approx(4.0)
    assert L.sse(PRED, TARGET) == pytest.approx(0.5 * 8.0)


def test_sse_gradient_is_prediction_minus_target():
    np.testing.assert_allclose(L.sse_grad(PRED, TARGET), [[0.0, 2.0], [-2.0, 0.0]])
    np.testing.assert_allclose(L.sse_grad(PRED, TARGET, reduction="mean"), [[0.0, 0.5], [-0.5, 0.0]])
    assert L.sse(PRED, TARGET, reduction="mean") == pytest.approx(0.5 * 8.0 / 4)
    assert L.SSE().reduction == "sum"


def test_mse_and_mae_gradients_by_hand():
    np.testing.assert_allclose(L.mse_grad(PRED, TARGET), [[0.0, 1.0], [-1.0, 0.0]])  # 2 e / 4
    np.testing.assert_allclose(L.mae_grad(PRED, TARGET), [[0.0, 0.25], [-0.25, 0.0]])  # sign(e) / 4


def test_binary_cross_entropy_value():
    p, t = np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 1.0])
    expected = -(math.log(0.9) + math.log(0.8) + math.log(0.6)) / 3
    assert L.binary_cross_entropy(p, t) == pytest.approx(expected, rel=1e-12)
    assert L.binary_cross_entropy(p, t, reduction="sum") == pytest.approx(3 * expected, rel=1e-12)


def test_binary_cross_entropy_soft_targets():
    expected = -(0.3 * math.log(0.4) + 0.7 * math.log(0.6))
    assert L.binary_cross_entropy([0.4], [0.3]) == pytest.approx(expected, rel=1e-12)


def test_binary_cross_entropy_clips_instead_of_log_zero():
    value = L.binary_cross_entropy(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
    assert value == pytest.approx(-math.log(1e-12), rel=1e-6)
    assert np.all(np.isfinite(L.binary_cross_entropy_grad(np.array([0.0, 1.0]), np.array([1.0, 0.0]))))


def test_binary_cross_entropy_from_logits_matches_probabilities():
    z = np.array([-3.0, -0.5, 0.0, 2.0])
    t = np.array([0.0, 1.0, 1.0, 0.0])
    p = 1 / (1 + np.exp(-z))
    assert L.binary_cross_entropy(z, t, from_logits=True) == pytest.approx(L.binary_cross_entropy(p, t), rel=1e-12)


def test_binary_cross_entropy_from_logits_is_stable():
    z, t = np.array([1e4, -1e4, 1e4]), np.array([0.0, 1.0, 1.0])
    # -log(1 - σ(1e4)) = 1e4, -log σ(-1e4) = 1e4, -log σ(1e4) = 0
    assert L.binary_cross_entropy(z, t, "sum", from_logits=True) == pytest.approx(2e4)
    np.testing.assert_allclose(L.binary_cross_entropy_grad(z, t, "sum", from_logits=True), [1.0, -1.0, 0.0])


def test_cross_entropy_value_by_hand():
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    first = -math.log(math.exp(3) / (math.exp(1) + math.exp(2) + math.exp(3)))
    second = math.log(3)
    loss, _ = L.softmax_cross_entropy(z, np.array([2, 0]))
    assert loss == pytest.approx((first + second) / 2, rel=1e-12)
    loss_sum, _ = L.softmax_cross_entropy(z, np.array([2, 0]), reduction="sum")
    assert loss_sum == pytest.approx(first + second, rel=1e-12)


def test_cross_entropy_gradient_by_hand():
    z = np.array([[0.0, 0.0, 0.0, 0.0]])
    _, grad = L.softmax_cross_entropy(z, np.array([1]))
    np.testing.assert_allclose(grad, [[0.25, -0.75, 0.25, 0.25]])


def test_kl_divergence_value_by_hand():
    p, q = np.array([[0.5, 0.5], [1.0, 0.0]]), np.array([[0.25, 0.75], [0.5, 0.5]])
    first = 0.5 * math.log(0.5 / 0.25) + 0.5 * math.log(0.5 / 0.75)
    second = 1.0 * math.log(1.0 / 0.5)  # 0 log 0 = 0
    assert L.kl_divergence(q, p) == pytest.approx((first + second) / 2, rel=1e-12)  # per sample (batchmean)
    assert L.kl_divergence(q, p, reduction="sum") == pytest.approx(first + second, rel=1e-12)
    assert L.kl_divergence(q[0], p[0]) == pytest.approx(first, rel=1e-12)


def test_kl_divergence_of_identical_distributions_is_zero():
    p = _distributions(_rng(), 3, 4)
    assert L.kl_divergence(p, p) == pytest.approx(0.0, abs=1e-14)
    assert L.kl_divergence(np.log(p), p, from_logits=True) == pytest.approx(0.0, abs=1e-12)


# --- gradients against finite differences --------------------------------------------------------

def _grad_error(value, grad, pred, target):
    analytic = grad(pred, target)
    numeric = numerical_gradient(lambda x: value(x, target), pred)
    return rel_error(analytic, numeric)


def _elementwise_cases():
    rng = _rng(1)
    pred, target = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    p, t = _probs(rng, (4, 3)), rng.integers(0, 2, size=(4, 3)).astype(float)
    return {
        "mse": (L.mse, L.mse_grad, pred, target),
        "mae": (L.mae, L.mae_grad, pred, target),
        "bce": (L.binary_cross_entropy, L.binary_cross_entropy_grad, p, t),
        "bce_soft": (L.binary_cross_entropy, L.binary_cross_entropy_grad, p, _probs(rng, (4, 3))),
        "bce_logits": (lambda x, y, r: L.binary_cross_entropy(x, y, r, from_logits=True),
                       lambda x, y, r: L.binary_cross_entropy_grad(x, y, r, from_logits=True), 3 * pred, t),
    }


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("name", sorted(_elementwise_cases()))
def test_elementwise_gradients(name, reduction):
    value, grad, pred, target = _elementwise_cases()[name]
    err = _grad_error(lambda x, y: value(x, y, reduction), lambda x, y: grad(x, y, reduction), pred.copy(), target)
    assert err < 1e-7


def test_sse_gradient_numerically():
    rng = _rng(2)
    assert _grad_error(L.sse, L.sse_grad, rng.standard_normal((5, 2)), rng.standard_normal((5, 2))) < 1e-7


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("target_kind", ["labels", "one_hot", "soft", "unnormalized"])
def test_cross_entropy_gradient(reduction, target_kind):
    rng = _rng(3)
    z = 2 * rng.standard_normal((5, 4))
    labels = rng.integers(0, 4, size=5)
    target = {
        "labels": labels,
        "one_hot": np.eye(4)[labels],
        "soft": _distributions(rng, 5, 4),
        "unnormalized": rng.uniform(0, 2, size=(5, 4)),
    }[target_kind]
    value = lambda x, t: L.softmax_cross_entropy(x, t, reduction)[0]  # noqa: E731
    grad = lambda x, t: L.softmax_cross_entropy(x, t, reduction)[1]  # noqa: E731
    assert _grad_error(value, grad, z, target) < 1e-7


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("from_logits", [False, True])
def test_kl_divergence_gradient(reduction, from_logits):
    rng = _rng(4)
    target = _distributions(rng, 3, 5)
    pred = rng.standard_normal((3, 5)) if from_logits else _probs(rng, (3, 5))
    value = lambda x, t: L.kl_divergence(x, t, reduction, from_logits)  # noqa: E731
    grad = lambda x, t: L.kl_divergence_grad(x, t, reduction, from_logits)  # noqa: E731
    assert _grad_error(value, grad, pred, target) < 1e-7


# --- cross-entropy: stability and target forms ------------------------------------------------------

def test_cross_entropy_is_stable_for_huge_logits():
    z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]])
    loss, grad = L.softmax_cross_entropy(z, np.array([0, 2]))
    # row 0: softmax = (1, 0, 0), loss 0; row 1: softmax = (0, 1/2, 1/2), loss log 2
    assert math.isfinite(loss)
    assert loss == pytest.approx(math.log(2) / 2, rel=1e-12)
    np.testing.assert_allclose(grad, np.array([[0.0, 0.0, 0.0], [0.0, 0.5, -0.5]]) / 2, atol=1e-15)


def test_cross_entropy_huge_negative_logits_wrong_class():
    loss, grad = L.softmax_cross_entropy(np.array([[-1e4, 1e4]]), np.array([0]), reduction="sum")
    assert loss == pytest.approx(2e4)
    np.testing.assert_allclose(grad, [[-1.0, 1.0]])


def test_cross_entropy_labels_equal_one_hot_and_float_labels():
    rng = _rng(5)
    z, labels = rng.standard_normal((6, 3)), rng.integers(0, 3, size=6)
    for reduction in ("mean", "sum"):
        loss_i, grad_i = L.softmax_cross_entropy(z, labels, reduction)
        loss_h, grad_h = L.softmax_cross_entropy(z, L.one_hot(labels, 3), reduction)
        loss_f, grad_f = L.softmax_cross_entropy(z, labels.astype(float), reduction)
        assert loss_i == pytest.approx(loss_h, rel=1e-14) and loss_i == pytest.approx(loss_f, rel=1e-14)
        np.testing.assert_allclose(grad_i, grad_h, atol=1e-15)
        np.testing.assert_allclose(grad_i, grad_f, atol=1e-15)


def test_one_hot():
    np.testing.assert_array_equal(L.one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])


# --- the classes ---------------------------------------------------------------------------------

def _class_cases():
    rng = _rng(6)
    x, y = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    return [
        (L.MSE, x, y, 12), (L.MAE, x, y, 12),
        (L.BinaryCrossEntropy, _probs(rng, (4, 3)), rng.integers(0, 2, (4, 3)).astype(float), 12),
        (lambda reduction: L.BinaryCrossEntropy(reduction, from_logits=True), x, (y > 0).astype(float), 12),
        (L.CrossEntropy, x, rng.integers(0, 3, 4), 4),
        (L.CrossEntropy, x, _distributions(rng, 4, 3), 4),
        (L.KLDivergence, _distributions(rng, 4, 3), _distributions(rng, 4, 3), 4),
        (lambda reduction: L.KLDivergence(reduction, from_logits=True), x, _distributions(rng, 4, 3), 4),
    ]


@pytest.mark.parametrize("case", range(8))
def test_sum_is_mean_times_count(case):
    make, pred, target, count = _class_cases()[case]
    mean_loss, sum_loss = make(reduction="mean"), make(reduction="sum")
    assert sum_loss(pred, target) == pytest.approx(count * mean_loss(pred, target), rel=1e-12)
    np.testing.assert_allclose(sum_loss.backward(), count * mean_loss.backward(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("case", range(8))
def test_class_matches_function_and_keeps_inputs(case):
    make, pred, target, _ = _class_cases()[case]
    pred_before, target_before = pred.copy(), np.copy(target)
    loss = make(reduction="mean")
    value = loss.forward(pred, target)
    assert isinstance(value, float) and loss(pred, target) == value
    grad = loss.backward()
    assert grad.shape == pred.shape and grad.dtype == pred.dtype
    np.testing.assert_array_equal(pred, pred_before)
    np.testing.assert_array_equal(target, target_before)
    numeric = numerical_gradient(lambda x: make(reduction="mean").forward(x, target), pred.copy())
    assert rel_error(grad, numeric) < 1e-7


def test_sse_class():
    loss = L.SSE()
    assert loss(PRED, TARGET) == pytest.approx(4.0)
    np.testing.assert_allclose(loss.backward(), PRED - TARGET)


@pytest.mark.parametrize("make", [L.MSE, L.MAE, L.SSE, L.BinaryCrossEntropy, L.CrossEntropy, L.KLDivergence])
def test_backward_before_forward(make):
    with pytest.raises(RuntimeError, match="before forward"):
        make().backward()


@pytest.mark.parametrize("case", range(8))
def test_float32_stays_float32(case):
    make, pred, target, _ = _class_cases()[case]
    pred32 = pred.astype(np.float32)
    target32 = target.astype(np.float32) if np.asarray(target).dtype.kind == "f" else target
    loss = make(reduction="mean")
    value = loss(pred32, target32)
    assert math.isfinite(value)
    assert value == pytest.approx(make(reduction="mean")(pred, target), rel=1e-4)
    assert loss.backward().dtype == np.float32


def test_float32_binary_cross_entropy_at_zero_and_one():
    p = np.array([0.0, 1.0, 1.0], dtype=np.float32)
    t = np.array([1.0, 0.0, 1.0], dtype=np.float32)
    loss = L.BinaryCrossEntropy()
    assert math.isfinite(loss(p, t))
    grad = loss.backward()
    assert grad.dtype == np.float32 and np.all(np.isfinite(grad))


# --- bad input ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("make", [L.MSE, L.MAE, L.SSE, L.BinaryCrossEntropy, L.KLDivergence])
def test_shape_mismatch_names_expected_shape(make):
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        make()(np.full((2, 3), 0.5), np.full((3, 2), 0.5))


def test_cross_entropy_shape_errors():
    z = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"\(2,\)"):
        L.CrossEntropy()(z, np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        L.CrossEntropy()(z, np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"\(N, K\)"):
        L.CrossEntropy()(np.zeros(3), np.array([0]))


@pytest.mark.parametrize("bad", [3, -1, 7])
def test_label_out_of_range_names_label_and_k(bad):
    with pytest.raises(ValueError, match=rf"label {bad}\b.*K = 3"):
        L.CrossEntropy()(np.zeros((2, 3)), np.array([0, bad]))


def test_non_integer_label():
    with pytest.raises(ValueError, match=r"1\.5.*K = 3"):
        L.CrossEntropy()(np.zeros((2, 3)), np.array([0.0, 1.5]))
    with pytest.raises(ValueError, match="K = 3"):
        L.CrossEntropy()(np.zeros((2, 3)), np.array([True, False]))


@pytest.mark.parametrize("make", [L.MSE, L.MAE, L.SSE, L.BinaryCrossEntropy, L.CrossEntropy, L.KLDivergence])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_prediction(make, bad):
    pred = np.full((2, 3), 0.5)
    pred[1, 2] = bad
    target = np.array([0, 1]) if make is L.CrossEntropy else np.full((2, 3), 0.5)
    with pytest.raises(ValueError, match="NaN or infinite"):
        make()(pred, target)


def test_bad_reduction_and_targets():
    with pytest.raises(ValueError, match="reduction"):
        L.MSE(reduction="batchmean")
    with pytest.raises(ValueError, match="reduction"):
        L.mse(PRED, TARGET, reduction="none")
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        L.BinaryCrossEntropy()(np.array([0.5]), np.array([-1.0]))
    with pytest.raises(ValueError, match="negative"):
        L.KLDivergence()(np.array([0.5, 0.5]), np.array([1.5, -0.5]))


def test_failed_forward_clears_previous_gradient():
    loss = L.MSE()
    loss(PRED, TARGET)
    with pytest.raises(ValueError):
        loss(PRED, TARGET[:1])
    with pytest.raises(RuntimeError):
        loss.backward()


# --- PyTorch -------------------------------------------------------------------------------------------

def _torch_value_and_grad(torch_loss, pred, target, transform=None):
    torch = pytest.importorskip("torch")
    x = torch.tensor(pred, requires_grad=True)
    value = torch_loss(transform(x) if transform else x, target)
    value.backward()
    return value.item(), x.grad.numpy()


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_against_torch(reduction):
    torch = pytest.importorskip("torch")
    nn = torch.nn
    rng = _rng(7)
    x, y = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    p, t01 = _probs(rng, (4, 3)), rng.integers(0, 2, (4, 3)).astype(float)
    labels, soft = rng.integers(0, 3, 4), _distributions(rng, 4, 3)
    kl_reduction = "batchmean" if reduction == "mean" else "sum"
    cases = [
        (L.MSE(reduction), nn.MSELoss(reduction=reduction), x, torch.tensor(y), y, None),
        (L.MAE(reduction), nn.L1Loss(reduction=reduction), x, torch.tensor(y), y, None),
        (L.BinaryCrossEntropy(reduction), nn.BCELoss(reduction=reduction), p, torch.tensor(t01), t01, None),
        (L.BinaryCrossEntropy(reduction, from_logits=True), nn.BCEWithLogitsLoss(reduction=reduction),
         5 * x, torch.tensor(t01), t01, None),
        (L.CrossEntropy(reduction), nn.CrossEntropyLoss(reduction=reduction), x, torch.tensor(labels), labels, None),
        (L.CrossEntropy(reduction), nn.CrossEntropyLoss(reduction=reduction), x, torch.tensor(soft), soft, None),
        (L.KLDivergence(reduction), nn.KLDivLoss(reduction=kl_reduction), soft[::-1].copy(), torch.tensor(soft),
         soft, torch.log),
        (L.KLDivergence(reduction, from_logits=True), nn.KLDivLoss(reduction=kl_reduction), x, torch.tensor(soft),
         soft, lambda z: torch.log_softmax(z, dim=1)),
    ]
    for ours, theirs, pred, torch_target, target, transform in cases:
        expected_value, expected_grad = _torch_value_and_grad(theirs, pred, torch_target, transform)
        assert ours(pred, target) == pytest.approx(expected_value, rel=1e-12), repr(ours)
        np.testing.assert_allclose(ours.backward(), expected_grad, rtol=1e-10, atol=1e-14, err_msg=repr(ours))


def test_cross_entropy_against_torch_for_huge_logits():
    torch = pytest.importorskip("torch")
    z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4], [3.0, -2.0, 1e4]])
    labels = np.array([0, 2, 1])
    value, grad = _torch_value_and_grad(torch.nn.CrossEntropyLoss(), z, torch.tensor(labels))
    loss = L.CrossEntropy()
    assert loss(z, labels) == pytest.approx(value, rel=1e-12)
    np.testing.assert_allclose(loss.backward(), grad, atol=1e-15)
