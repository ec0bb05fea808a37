"""Activation functions, their derivatives, and a numerically stable softmax.

Every function is element-wise unless it says otherwise and keeps the dtype it was given.
Derivatives are written ``<name>_grad(z)``: the derivative of the activation with respect to its
pre-activation input ``z`` (so the chain rule reads ``dz = dout * <name>_grad(z)``).
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_count, check_positive, check_real, is_integer

__all__ = [
    "sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad",
    "leaky_relu", "leaky_relu_grad", "elu", "elu_grad", "maxout",
    "softmax", "log_softmax",
]


def sigmoid(z):
    r"""Logistic sigmoid :math:`\sigma(z) = 1 / (1 + e^{-z})`, without overflow for large :math:`|z|`.

    Parameters
    ----------
    z : array_like, any shape
        The pre-activation (integers become float64).

    Returns
    -------
    ndarray, shape of ``z``, dtype of ``z``

    Notes
    -----
    For :math:`z < 0` it uses the equal form :math:`e^{z} / (1 + e^{z})`, so ``exp`` never sees a
    large positive argument and tiny values like :math:`\sigma(-30) \approx 9.4 \cdot 10^{-14}` keep
    their full relative precision.
    """
    z = as_float_array(z, "z")
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    s = 1.0 / (1.0 + e)
    return np.where(z >= 0, s, e * s).astype(z.dtype, copy=False)


def sigmoid_grad(z):
    r""":math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z)) = \sigma(z)\,\sigma(-z)`, at most 1/4 (at :math:`z = 0`).

    Parameters
    ----------
    z : array_like, any shape
        The pre-activation (integers become float64).

    Returns
    -------
    ndarray, shape of ``z``, dtype of ``z``

    Notes
    -----
    Computed as :math:`\sigma(z)\,\sigma(-z)`: where :math:`\sigma(z)` is close to 1, the difference
    :math:`1 - \sigma(z)` loses digits to cancellation (0.1 % of the value at :math:`z = 30`), while
    :math:`\sigma(-z)` keeps them all.
    """
    z = as_float_array(z, "z")
    return sigmoid(z) * sigmoid(-z)


def tanh(z):
    r"""Hyperbolic tangent :math:`\tanh z = (e^{z} - e^{-z}) / (e^{z} + e^{-z}) = 2\sigma(2z) - 1`.

    Parameters
    ----------
    z : array_like, any shape
        The pre-activation (integers become float64).

    Returns
    -------
    ndarray, shape of ``z``, dtype of ``z``
    """
    z = as_float_array(z, "z")
    return np.tanh(z)


def tanh_grad(z):
    r""":math:`\tanh'(z) = 1 - \tanh^2 z = 4e^{-2|z|} / (1 + e^{-2|z|})^2`, at most 1 (at :math:`z = 0`).

    Parameters
    ----------
    z : array_like, any shape
        The pre-activation (integers become float64).

    Returns
    -------
    ndarray, shape of ``z``, dtype of ``z``

    Notes
    -----
    Computed in the second form, which does not lose digits to cancellation where :math:`\tanh z` is
    close to :math:`\pm 1`, and whose ``exp`` never overflows.
    """
    z = as_float_array(z, "z")
    e = np.exp(-2.0 * np.abs(z))
    return (4.0 * e / (1.0 + e) ** 2).astype(z.dtype, copy=False)


def relu(z):
    r"""Rectified linear unit :math:`\max(0, z)`.

    Parameters
    ----------
    z : array_like, any shape
        The pre-activation (integers become float64).

    Returns
    -------
    ndarray, shape of ``z``, dtype of ``z``
    """
    z = as_float_array(z, "z")
    return np.maximum(z, 0).astype(z.dtype, copy=False)


def relu_grad(z):
    r""":math:`\mathrm{ReLU}'(z) = 1` for :math:`z > 0`, else 0 (0 at :math:`z = 0`, as PyTorch).

    Parameters
    ----------
    z : array_like, any shape
        The pre-activation (integers become float64).

    Returns
    -------
    ndarray, shape of ``z``, dtype of ``z``
    """
    z = as_float_array(z, "z")
    return (z > 0).astype(z.dtype)


def leaky_relu(z, alpha: float = 0.01):
    r"""Leaky ReLU :math:`z` for :math:`z > 0`, :math:`\alpha z` otherwise (lecture 1 uses :math:`\alpha = 0.1`).

    Parameters
    ----------
    z : array_like, any shape
        The pre-activation (integers become float64).
    alpha : float, default 0.01
        The slope for :math:`z \le 0`.

    Returns
    -------
    ndarray, shape of ``z``, dtype of ``z``
    """
    z = as_float_array(z, "z")
    alpha = check_real(alpha, "alpha")
    if 0 <= alpha <= 1:
        return np.maximum(z, alpha * z)  # the same for 0 <= alpha <= 1, and one pass
    return np.where(z > 0, z, alpha * z).astype(z.dtype, copy=False)


def leaky_relu_grad(z, alpha: float = 0.01):
    r"""Derivative of the leaky ReLU: 1 for :math:`z > 0`, :math:`\alpha` otherwise.

    Parameters
    ----------
    z : array_like, any shape
        The pre-activation (integers become float64).
    alpha : float, default 0.01
        The slope for :math:`z \le 0`.

    Returns
    -------
    ndarray, shape of ``z``, dtype of ``z``
    """
    z = as_float_array(z, "z")
    alpha = check_real(alpha, "alpha")
    return np.where(z > 0, 1.0, alpha).astype(z.dtype, copy=False)


def elu(z, alpha: float = 1.0):
    r"""Exponential linear unit: :math:`z` for :math:`z > 0`, :math:`\alpha (e^{z} - 1)` otherwise.

    Parameters
    ----------
    z : array_like, any shape
        The pre-activation (integers become float64).
    alpha : float > 0, default 1.0

    Returns
    -------
    ndarray, shape of ``z``, dtype of ``z``
    """
    z = as_float_array(z, "z")
    alpha = check_positive(alpha, "alpha")
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0))).astype(z.dtype, copy=False)


def elu_grad(z, alpha: float = 1.0):
    r"""Derivative of the ELU: 1 for :math:`z > 0`, :math:`\alpha e^{z}` otherwise.

    Parameters
    ----------
    z : array_like, any shape
        The pre-activation (integers become float64).
    alpha : float > 0, default 1.0

    Returns
    -------
    ndarray, shape of ``z``, dtype of ``z``
    """
    z = as_float_array(z, "z")
    alpha = check_positive(alpha, "alpha")
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0))).astype(z.dtype, copy=False)


def maxout(z, pieces: int):
    r"""Maxout: the largest of ``pieces`` linear pieces, :math:`\max_k z_{\cdot,k}`.

    Parameters
    ----------
    z : array_like, shape (N, M * pieces)
        The outputs of M groups of ``pieces`` linear units, laid out group by group.
    pieces : int >= 1
        Linear units per group.

    Returns
    -------
    ndarray, shape (N, M)
        The maximum of each group.
    """
    z = as_float_array(z, "z")
    pieces = check_count(pieces, "pieces")
    if z.ndim != 2 or z.shape[1] % pieces:
        raise ValueError(
            f"maxout needs z of shape (N, M * pieces) with pieces={pieces}; got shape {z.shape}"
        )
    return z.reshape(z.shape[0], -1, pieces).max(axis=2)


def _check_axis(axis, z: np.ndarray) -> None:
    if not is_integer(axis):
        raise TypeError(f"axis must be an integer; got {axis!r} ({type(axis).__name__})")
    if not -z.ndim <= axis < max(z.ndim, 1):
        raise ValueError(f"axis {axis} is out of range for z of shape {z.shape}")


def softmax(z, axis: int = -1):
    r"""Softmax :math:`\mathrm{softmax}(z)_k = e^{z_k - \max z} / \sum_j e^{z_j - \max z}` along ``axis``.

    Subtracting the maximum changes nothing mathematically and keeps ``exp`` from overflowing.

    Parameters
    ----------
    z : array_like, any shape
        Scores (logits).
    axis : int, default -1
        The axis along which the probabilities sum to 1.

    Returns
    -------
    ndarray, shape of ``z``
        Each slice along ``axis`` sums to 1.
    """
    z = as_float_array(z, "z")
    _check_axis(axis, z)
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(z, axis: int = -1):
    r""":math:`\log \mathrm{softmax}(z)_k = z_k - \max z - \log \sum_j e^{z_j - \max z}`, stable for large logits.

    Parameters
    ----------
    z : array_like, any shape
        Scores (logits).
    axis : int, default -1

    Returns
    -------
    ndarray, shape of ``z``
    """
    z = as_float_array(z, "z")
    _check_axis(axis, z)
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
