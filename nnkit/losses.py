r"""Loss functions: pure ``<name>(pred, target)`` / ``<name>_grad(pred, target)`` pairs and thin classes.

Regression: MSE, MAE, SSE. Classification: binary cross-entropy (on probabilities or logits) and
softmax cross-entropy (fused with the softmax, on logits). Distributions: KL divergence.

``reduction`` is ``"mean"`` or ``"sum"``, with PyTorch's meaning: MSE, MAE and BCE average over every
element; cross-entropy and KL divergence average over the batch :math:`N` (PyTorch's ``"batchmean"``
for KL). Gradients keep the shape and dtype of ``pred``; no function changes its inputs.
"""

from __future__ import annotations

import numpy as np

from . import functional as F
from ._validate import as_float_array, check_finite

__all__ = [
    "mse", "mse_grad", "mae", "mae_grad", "sse", "sse_grad",
    "binary_cross_entropy", "binary_cross_entropy_grad",
    "softmax_cross_entropy", "one_hot", "kl_divergence", "kl_divergence_grad",
    "Loss", "MSE", "MAE", "SSE", "BinaryCrossEntropy", "CrossEntropy", "KLDivergence",
]

EPS = 1e-12


def _check_reduction(reduction):
    if reduction not in ("mean", "sum"):
        raise ValueError(f'reduction must be "mean" or "sum"; got {reduction!r}')
    return reduction


def _pair(pred, target, pred_name="pred"):
    """``pred`` as a finite float array; ``target`` of the same shape, in ``pred``'s dtype."""
    pred = as_float_array(pred, pred_name)
    check_finite(pred, pred_name)
    target = as_float_array(target, "target")
    if target.shape != pred.shape:
        raise ValueError(f"target must have the shape of {pred_name}, {pred.shape}; got {target.shape}")
    check_finite(target, "target")
    return pred, target.astype(pred.dtype, copy=False)


def _reduce(elementwise, reduction, count):
    """Sum of ``elementwise``, divided by ``count`` for ``"mean"``; a Python float."""
    total = float(np.sum(elementwise))
    return total / count if _check_reduction(reduction) == "mean" else total


def _scale(grad, reduction, count):
    return grad / count if _check_reduction(reduction) == "mean" else grad


# --- regression --------------------------------------------------------------------------------

def mse(pred, target, reduction="mean"):
    r"""Mean (or sum of) squared errors.

    Parameters
    ----------
    pred, target : ndarray, any shape (both the same)
    reduction : "mean" | "sum", default "mean"

    Returns
    -------
    float

    Notes
    -----
    :math:`L = \frac{1}{n}\sum_i (\hat y_i - y_i)^2` over all :math:`n` elements (``"sum"`` drops the
    :math:`1/n`), as ``torch.nn.MSELoss``.
    """
    pred, target = _pair(pred, target)
    return _reduce((pred - target) ** 2, reduction, pred.size)


def mse_grad(pred, target, reduction="mean"):
    r"""Gradient of :func:`mse`: :math:`\partial L/\partial \hat y = 2(\hat y - y)/n` (no :math:`1/n` for ``"sum"``).

    Parameters
    ----------
    pred, target : ndarray, any shape (both the same)
    reduction : "mean" | "sum", default "mean"

    Returns
    -------
    ndarray, shape of ``pred``, dtype of ``pred``
    """
    pred, target = _pair(pred, target)
    return _scale(2 * (pred - target), reduction, pred.size)


def mae(pred, target, reduction="mean"):
    r"""Mean (or sum of) absolute errors, as ``torch.nn.L1Loss``.

    Parameters
    ----------
    pred, target : ndarray, any shape (both the same)
    reduction : "mean" | "sum", default "mean"

    Returns
    -------
    float

    Notes
    -----
    :math:`L = \frac{1}{n}\sum_i |\hat y_i - y_i|` over all :math:`n` elements (``"sum"`` drops the :math:`1/n`).
    """
    pred, target = _pair(pred, target)
    return _reduce(np.abs(pred - target), reduction, pred.size)


def mae_grad(pred, target, reduction="mean"):
    r"""Gradient of :func:`mae`: :math:`\partial L/\partial \hat y = \mathrm{sign}(\hat y - y)/n`.

    It takes 0 where :math:`\hat y = y` (as PyTorch); no :math:`1/n` for ``"sum"``.

    Parameters
    ----------
    pred, target : ndarray, any shape (both the same)
    reduction : "mean" | "sum", default "mean"

    Returns
    -------
    ndarray, shape of ``pred``, dtype of ``pred``
    """
    pred, target = _pair(pred, target)
    return _scale(np.sign(pred - target), reduction, pred.size)


def sse(pred, target, reduction="sum"):
    r"""Sum of squared errors with lecture 3's factor one half, :math:`E = \tfrac12 \sum_i (y_i - \hat y_i)^2`.

    The half cancels the 2 of the derivative, so :math:`\partial E/\partial \hat y_i = \hat y_i - y_i`
    (lecture 3, "계산의 용이성을 위해 1/2 사용"). Lecture 4 names this loss (SSE) for regression without
    writing it out.

    Parameters
    ----------
    pred, target : ndarray, any shape (both the same)
    reduction : "mean" | "sum", default "sum"
        ``"sum"`` is the lectures' :math:`E`; ``"mean"`` divides it by the number of elements,
        :math:`\tfrac12` MSE.

    Returns
    -------
    float
    """
    pred, target = _pair(pred, target)
    return _reduce(0.5 * (target - pred) ** 2, reduction, pred.size)


def sse_grad(pred, target, reduction="sum"):
    r"""Gradient of :func:`sse`: :math:`\partial E/\partial \hat y = \hat y - y` (divided by :math:`n` for "mean").

    Parameters
    ----------
    pred, target : ndarray, any shape (both the same)
    reduction : "mean" | "sum", default "sum"

    Returns
    -------
    ndarray, shape of ``pred``, dtype of ``pred``
    """
    pred, target = _pair(pred, target)
    return _scale(pred - target, reduction, pred.size)


# --- binary cross-entropy ------------------------------------------------------------------------

def _bce_inputs(pred, target, from_logits, eps):
    pred, target = _pair(pred, target, "logits" if from_logits else "pred")
    if np.any((target < 0) | (target > 1)):
        raise ValueError("target of binary cross-entropy must hold values in [0, 1] (labels 0/1 or probabilities)")
    if from_logits:
        return pred, target
    outside = (pred < 0) | (pred > 1)
    if np.any(outside):
        first = tuple(int(i) for i in np.argwhere(outside)[0])
        raise ValueError(f"pred of binary cross-entropy must hold probabilities in [0, 1]; got {float(pred[first])} at "
                         f"index {first} (for scores, pass from_logits=True)")
    # 1 - 1e-12 rounds to 1 in float32: never clip closer to 0 or 1 than the dtype can tell apart
    eps = max(float(eps), float(np.finfo(pred.dtype).eps))
    return np.clip(pred, eps, 1 - eps), target


def binary_cross_entropy(pred, target, reduction="mean", from_logits=False, eps=EPS):
    r"""Binary cross-entropy of probabilities :math:`p` (or of logits :math:`z`, :math:`p = \sigma(z)`) against targets.

    Parameters
    ----------
    pred : ndarray, any shape
        Probabilities :math:`p \in [0, 1]` (e.g. a sigmoid's output), or logits :math:`z` if ``from_logits``.
    target : ndarray, same shape as ``pred``
        Labels 0/1 or probabilities :math:`t \in [0, 1]`.
    reduction : "mean" | "sum", default "mean"
        ``"mean"`` averages over every element, as ``torch.nn.BCELoss`` / ``BCEWithLogitsLoss``.
    from_logits : bool, default False
    eps : float, default 1e-12
        Probabilities are clipped to :math:`[\epsilon, 1 - \epsilon]` so that :math:`\log 0` never happens;
        :math:`\epsilon` is raised to the dtype's machine epsilon (1.2e-7 in float32) when smaller.

    Returns
    -------
    float

    Notes
    -----
    :math:`L = -\frac{1}{n}\sum_i \left[t_i \log p_i + (1 - t_i)\log(1 - p_i)\right]`. From logits, with
    :math:`-\log\sigma(z) = \log(1 + e^{-z})`, one element's loss is
    :math:`\log(1 + e^{z}) - t z = \max(z, 0) - t z + \log(1 + e^{-|z|})`: the exponent is never positive,
    so :math:`z = \pm 10^4` gives a finite loss, and no clipping is needed.
    """
    x, t = _bce_inputs(pred, target, from_logits, eps)
    if from_logits:
        elementwise = np.maximum(x, 0) - t * x + np.log1p(np.exp(-np.abs(x)))
    else:
        elementwise = -(t * np.log(x) + (1 - t) * np.log1p(-x))
    return _reduce(elementwise, reduction, x.size)


def binary_cross_entropy_grad(pred, target, reduction="mean", from_logits=False, eps=EPS):
    r"""Gradient of :func:`binary_cross_entropy` in the probabilities (or, ``from_logits``, in the logits).

    Parameters
    ----------
    pred : ndarray, any shape
    target : ndarray, same shape as ``pred``
    reduction, from_logits, eps
        As for :func:`binary_cross_entropy`.

    Returns
    -------
    ndarray, shape of ``pred``, dtype of ``pred``

    Notes
    -----
    :math:`\partial L/\partial p = \frac{p - t}{p(1 - p)}/n` at the clipped :math:`p` (large near 0 or 1, but
    finite); from logits :math:`\partial L/\partial z = (\sigma(z) - t)/n`. No :math:`1/n` for ``"sum"``.
    """
    x, t = _bce_inputs(pred, target, from_logits, eps)
    grad = F.sigmoid(x) - t if from_logits else (x - t) / (x * (1 - x))
    return _scale(grad, reduction, x.size)


# --- softmax cross-entropy and KL divergence ----------------------------------------------------------

def _labels(target, n, k):
    """Integer class labels (N,) checked to be whole numbers in [0, K)."""
    if target.shape != (n,):
        raise ValueError(f"integer labels must have shape (N,) = ({n},); got {target.shape}")
    if target.dtype.kind not in "iuf":
        raise ValueError(f"labels must be integers in [0, K) with K = {k}; got dtype {target.dtype}")
    check_finite(target, "labels")
    for bad, problem in ((target != np.round(target), "is not an integer"),
                         ((target < 0) | (target >= k), "is out of range")):
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(f"label {target[i].item()!r} at index {i} {problem}: "
                             f"labels must be integers in [0, K) with K = {k}")
    return target.astype(np.intp)


def one_hot(labels, num_classes):
    """One-hot rows for integer labels, with ``out[n, labels[n]] = 1``.

    Parameters
    ----------
    labels : array_like of int, shape (N,)
        Whole numbers in [0, K).
    num_classes : int
        K.

    Returns
    -------
    out : ndarray, shape (N, K), float64
    """
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must have shape (N,); got an array of shape {labels.shape}")
    labels = _labels(labels, labels.shape[0], num_classes)
    out = np.zeros((labels.size, num_classes))
    out[np.arange(labels.size), labels] = 1.0
    return out


def softmax_cross_entropy(logits, target, reduction="mean"):
    r"""Cross-entropy of the softmax of ``logits``, and its gradient with respect to the logits.

    Parameters
    ----------
    logits : ndarray, shape (N, K)
        Scores :math:`z` before the softmax.
    target : ndarray, shape (N,) of integer labels in [0, K), or (N, K) of one-hot / probability rows :math:`t`
    reduction : "mean" | "sum"
        ``"mean"`` averages over the batch :math:`N`, as ``torch.nn.CrossEntropyLoss``.

    Returns
    -------
    loss : float
    dlogits : ndarray, shape (N, K), dtype of ``logits``

    Notes
    -----
    :math:`L = -\frac{1}{N}\sum_n \sum_k t_{nk} \log \mathrm{softmax}(z_n)_k`, with the log-softmax taken
    as :math:`z_k - \max z - \log\sum_j e^{z_j - \max z}` (finite for logits like :math:`10^4`).
    :math:`\partial L/\partial z_n = (\mathrm{softmax}(z_n) \sum_k t_{nk} - t_n)/N`, which is
    :math:`(\mathrm{softmax}(z_n) - t_n)/N` whenever the row :math:`t_n` sums to 1.
    """
    _check_reduction(reduction)
    z = as_float_array(logits, "logits")
    if z.ndim != 2:
        raise ValueError(f"logits must have shape (N, K); got an array of shape {z.shape}")
    check_finite(z, "logits")
    n, k = z.shape
    target = np.asarray(target)
    log_p = F.log_softmax(z, axis=1)
    if target.ndim == 1:
        labels = _labels(target, n, k)
        rows = np.arange(n)
        total = -float(np.sum(log_p[rows, labels]))
        grad = np.exp(log_p)
        grad[rows, labels] -= 1
    else:
        z, t = _pair(z, target, "logits")
        total = -float(np.sum(t * log_p))
        grad = np.exp(log_p) * t.sum(axis=1, keepdims=True) - t
    return (total / n, grad / n) if reduction == "mean" else (total, grad)


def _kl_inputs(pred, target, from_logits):
    """``(q or z, p, log q, N)``, with :math:`q` clipped below at ``EPS`` when given as probabilities."""
    pred, target = _pair(pred, target)
    if pred.ndim not in (1, 2):
        raise ValueError(f"pred must have shape (N, K) or (K,); got {pred.shape}")
    if np.any(target < 0):
        raise ValueError("target of the KL divergence must be a probability distribution (no negative entries)")
    pred = pred if from_logits else np.clip(pred, EPS, None)
    log_q = F.log_softmax(pred, axis=-1) if from_logits else np.log(pred)
    return pred, target, log_q, (pred.shape[0] if pred.ndim == 2 else 1)


def kl_divergence(pred, target, reduction="mean", from_logits=False):
    r"""Kullback–Leibler divergence :math:`D_{KL}(p \,\|\, q)` of the predicted :math:`q` from the target :math:`p`.

    Parameters
    ----------
    pred : ndarray, shape (N, K), or (K,) for one distribution (N = 1)
        Predicted distributions :math:`q` (rows of probabilities), or logits when ``from_logits``
        (then :math:`q = \mathrm{softmax}(z)`, computed stably).
    target : ndarray, same shape as ``pred``
        Target distributions :math:`p`.
    reduction : "mean" | "sum", default "mean"
        ``"mean"`` divides the sum by the batch :math:`N` (PyTorch's ``reduction="batchmean"``, the true
        mean KL per sample), not by the element count :math:`NK` (PyTorch's ``"mean"``).
    from_logits : bool, default False

    Returns
    -------
    float

    Notes
    -----
    :math:`D = \frac{1}{N}\sum_n \sum_k p_{nk} \log\frac{p_{nk}}{q_{nk}}`, with :math:`0 \log 0 = 0`;
    :math:`q` is clipped below at 1e-12. :math:`D = H(p, q) - H(p)`: the cross-entropy minus the
    target's own entropy, so both have the same gradient in :math:`q`.
    """
    _, p, log_q, batch = _kl_inputs(pred, target, from_logits)
    log_p = np.log(np.where(p > 0, p, 1))
    return _reduce(p * (log_p - log_q), reduction, batch)


def kl_divergence_grad(pred, target, reduction="mean", from_logits=False):
    r"""Gradient of :func:`kl_divergence` in the predicted distributions (or, ``from_logits``, in the logits).

    Parameters
    ----------
    pred : ndarray, shape (N, K), or (K,) for one distribution
    target : ndarray, same shape as ``pred``
    reduction, from_logits
        As for :func:`kl_divergence`.

    Returns
    -------
    ndarray, shape of ``pred``, dtype of ``pred``

    Notes
    -----
    :math:`\partial D/\partial q = -p/q` (divided by :math:`N` for ``"mean"``); from logits,
    :math:`\partial D/\partial z = \mathrm{softmax}(z) \sum_k p_k - p`.
    """
    q_or_z, p, log_q, batch = _kl_inputs(pred, target, from_logits)
    grad = np.exp(log_q) * p.sum(axis=-1, keepdims=True) - p if from_logits else -p / q_or_z
    return _scale(grad, reduction, batch)


# --- classes ---------------------------------------------------------------------------------------

class Loss:
    r"""A loss as an object: ``forward(pred, target) -> float`` then ``backward() -> dpred``.

    ``backward`` returns :math:`\partial L/\partial\,\text{pred}` for the last ``forward``, with the shape
    and dtype of ``pred``; calling it first raises ``RuntimeError``. ``loss(pred, target)`` is ``forward``.
    Subclasses name their pure functions ``value_fn(pred, target, reduction)`` and ``grad_fn(...)``.

    Parameters
    ----------
    reduction : "mean" | "sum", default "mean"
        As for the loss's function.
    """

    value_fn = grad_fn = None

    def __init__(self, reduction="mean"):
        self.reduction = _check_reduction(reduction)
        self._grad = None

    def forward(self, pred, target) -> float:
        """The loss of ``pred`` against ``target``; the gradient is kept for :meth:`backward`.

        Parameters
        ----------
        pred : ndarray, shape as the loss's function takes it (any shape; (N, K) logits for ``CrossEntropy``)
        target : ndarray, shape of ``pred`` (or (N,) integer labels for ``CrossEntropy``)

        Returns
        -------
        float
        """
        self._grad = None
        value, self._grad = self._value_and_grad(pred, target)
        return value

    __call__ = forward

    def backward(self):
        r"""A copy of :math:`\partial L/\partial\,\text{pred}` for the last ``forward``, shape of ``pred``."""
        if self._grad is None:
            raise RuntimeError(f"{type(self).__name__}.backward was called before forward")
        return self._grad.copy()

    def _value_and_grad(self, pred, target):
        return self.value_fn(pred, target, self.reduction), self.grad_fn(pred, target, self.reduction)

    def __repr__(self):
        return f'{type(self).__name__}(reduction="{self.reduction}")'


class MSE(Loss):
    """Mean squared error over every element (:func:`mse`).

    Parameters
    ----------
    reduction : "mean" | "sum", default "mean"
    """

    value_fn, grad_fn = staticmethod(mse), staticmethod(mse_grad)


class MAE(Loss):
    """Mean absolute error over every element (:func:`mae`).

    Parameters
    ----------
    reduction : "mean" | "sum", default "mean"
    """

    value_fn, grad_fn = staticmethod(mae), staticmethod(mae_grad)


class SSE(Loss):
    r"""Lecture 3's sum of squared errors :math:`\tfrac12\sum (y - \hat y)^2` (:func:`sse`).

    Parameters
    ----------
    reduction : "mean" | "sum", default "sum"
    """

    value_fn, grad_fn = staticmethod(sse), staticmethod(sse_grad)

    def __init__(self, reduction="sum"):
        super().__init__(reduction)


class BinaryCrossEntropy(Loss):
    """Binary cross-entropy (:func:`binary_cross_entropy`) of probabilities, or of logits with ``from_logits=True``
    (then ``backward`` returns the gradient in the logits).

    Parameters
    ----------
    reduction : "mean" | "sum", default "mean"
    from_logits : bool, default False
    eps : float, default 1e-12
        The clipping of probabilities, as for :func:`binary_cross_entropy`.
    """

    def __init__(self, reduction="mean", from_logits=False, eps=EPS):
        super().__init__(reduction)
        self.from_logits, self.eps = bool(from_logits), eps

    def _value_and_grad(self, pred, target):
        args = (pred, target, self.reduction, self.from_logits, self.eps)
        return binary_cross_entropy(*args), binary_cross_entropy_grad(*args)


class CrossEntropy(Loss):
    """Softmax cross-entropy on logits (N, K) with integer labels (N,) or one-hot / probability rows (N, K)
    (:func:`softmax_cross_entropy`); ``backward`` returns the gradient in the logits.

    Parameters
    ----------
    reduction : "mean" | "sum", default "mean"
        ``"mean"`` averages over the batch :math:`N`.
    """

    def _value_and_grad(self, pred, target):
        return softmax_cross_entropy(pred, target, self.reduction)


class KLDivergence(Loss):
    """KL divergence of predicted distributions from target ones (:func:`kl_divergence`); ``"mean"`` is per sample.

    Parameters
    ----------
    reduction : "mean" | "sum", default "mean"
    from_logits : bool, default False
        The predictions are logits, turned into distributions by a softmax.
    """

    def __init__(self, reduction="mean", from_logits=False):
        super().__init__(reduction)
        self.from_logits = bool(from_logits)

    def _value_and_grad(self, pred, target):
        args = (pred, target, self.reduction, self.from_logits)
        return kl_divergence(*args), kl_divergence_grad(*args)
