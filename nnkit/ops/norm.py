r"""The kernels of batch normalization, for (N, D) activations and (N, C, H, W) feature maps.

Training mode normalizes with the statistics of the batch, per feature (per channel for images):

.. math::
    \mu = \frac{1}{m}\sum_i x_i, \quad \sigma^2 = \frac{1}{m}\sum_i (x_i - \mu)^2, \quad
    \hat{x}_i = \frac{x_i - \mu}{\sqrt{\sigma^2 + \epsilon}}, \quad y_i = \gamma \hat{x}_i + \beta,

with :math:`m = N` for (N, D) and :math:`m = N H W` for (N, C, H, W). Evaluation mode uses the
running statistics instead. The running variance is updated with the unbiased batch variance
:math:`\frac{m}{m-1}\sigma^2`, as PyTorch does.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validate import as_float_array, check_ndim, check_shape

__all__ = ["BatchNormCache", "batchnorm_forward", "batchnorm_eval_forward", "batchnorm_backward"]


class BatchNormCache(NamedTuple):
    r"""What :func:`batchnorm_backward` needs from either forward kernel.

    Attributes
    ----------
    x_hat : ndarray, shape (m, D)
        The normalized input, one row per value of a feature (:math:`m = N` or :math:`N H W`, D = C for images).
    inv_std : ndarray, shape (D,)
        :math:`1/\sqrt{\sigma^2 + \epsilon}`.
    gamma : ndarray, shape (D,)
    training : bool
        Batch statistics (True) or fixed running statistics (False).
    shape : tuple
        The original input shape, to undo the (N, C, H, W) -> (m, C) view.
    """

    x_hat: np.ndarray
    inv_std: np.ndarray
    gamma: np.ndarray
    training: bool
    shape: tuple


def _as_rows(x):
    """(N, D) as is; (N, C, H, W) → (N·H·W, C) so that each column is one channel."""
    if x.ndim == 2:
        return x
    return x.transpose(0, 2, 3, 1).reshape(-1, x.shape[1])


def _from_rows(rows, shape):
    if len(shape) == 2:
        return rows
    n, c, h, w = shape
    return rows.reshape(n, h, w, c).transpose(0, 3, 1, 2)


def _check(x, gamma, beta):
    x = as_float_array(x, "x")
    check_ndim(x, (2, 4), "x", "(N, D) or (N, C, H, W)")
    d = x.shape[1]
    for name, v in (("gamma", gamma), ("beta", beta)):
        if np.shape(v) != (d,):
            raise ValueError(f"{name} must have shape ({d},) to match x of shape {x.shape}; got {np.shape(v)}")
    return x


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    r"""Training-mode batch normalization with the batch's own mean and variance.

    Parameters
    ----------
    x : ndarray, shape (N, D) or (N, C, H, W)
        Normalized per feature (axis 1), over the batch and, for images, over every pixel.
    gamma, beta : ndarray, shape (D,) or (C,)
        Scale and shift, :math:`\gamma` and :math:`\beta`.
    eps : float, default 1e-5
        :math:`\epsilon`, added to the variance before the square root.

    Returns
    -------
    out : ndarray, shape of ``x``
    cache : BatchNormCache
    mean, var : ndarray, shape (D,) or (C,)
        The batch mean and (biased) variance, for the running statistics.

    Notes
    -----
    :math:`y_i = \gamma (x_i - \mu) / \sqrt{\sigma^2 + \epsilon} + \beta` with the batch's :math:`\mu` and
    :math:`\sigma^2` (the module's docstring has them written out).
    """
    x = _check(x, gamma, beta)
    rows = _as_rows(x)
    if rows.shape[0] < 2:
        raise ValueError("batch normalization in training mode needs more than one value per feature; "
                         f"got x of shape {x.shape}")
    mean = rows.mean(axis=0)
    var = rows.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (rows - mean) * inv_std
    g = np.asarray(gamma, dtype=x.dtype)
    out = _from_rows(x_hat * g + np.asarray(beta, dtype=x.dtype), x.shape)
    return out, BatchNormCache(x_hat, inv_std, g, True, x.shape), mean, var


def batchnorm_eval_forward(x, gamma, beta, running_mean, running_var, eps=1e-5):
    r"""Evaluation-mode batch normalization with fixed running statistics.

    Parameters
    ----------
    x : ndarray, shape (N, D) or (N, C, H, W)
    gamma, beta : ndarray, shape (D,) or (C,)
    running_mean, running_var : ndarray, shape (D,) or (C,)
        :math:`\mu_{run}` and :math:`\sigma^2_{run}`.
    eps : float, default 1e-5

    Returns
    -------
    out : ndarray, shape of ``x``
    cache : BatchNormCache

    Notes
    -----
    :math:`y = \gamma (x - \mu_{run}) / \sqrt{\sigma^2_{run} + \epsilon} + \beta`.
    """
    x = _check(x, gamma, beta)
    rows = _as_rows(x)
    inv_std = (1.0 / np.sqrt(np.asarray(running_var) + eps)).astype(x.dtype)
    x_hat = (rows - np.asarray(running_mean, dtype=x.dtype)) * inv_std
    g = np.asarray(gamma, dtype=x.dtype)
    out = _from_rows(x_hat * g + np.asarray(beta, dtype=x.dtype), x.shape)
    return out, BatchNormCache(x_hat, inv_std, g, False, x.shape)


def batchnorm_backward(dout, cache: BatchNormCache):
    r"""Gradients of batch normalization, in training or evaluation mode (as the cache says).

    Parameters
    ----------
    dout : ndarray, shape of the forward input, (N, D) or (N, C, H, W)
        :math:`dy = \partial L / \partial y`.
    cache : BatchNormCache
        From :func:`batchnorm_forward` or :func:`batchnorm_eval_forward`.

    Returns
    -------
    dx : ndarray, shape of the input
    dgamma, dbeta : ndarray, shape (D,) or (C,)

    Notes
    -----
    :math:`d\beta = \sum_i dy_i`, :math:`d\gamma = \sum_i dy_i\,\hat{x}_i`, and in training mode,
    where :math:`\mu` and :math:`\sigma^2` depend on every :math:`x_i`,

    .. math:: dx_i = \frac{\gamma}{m\sqrt{\sigma^2 + \epsilon}}
              \Big(m\, dy_i - \sum_j dy_j - \hat{x}_i \sum_j dy_j \hat{x}_j\Big).

    In evaluation mode the statistics are constants and
    :math:`dx_i = \gamma\, dy_i / \sqrt{\sigma^2_{run} + \epsilon}`.
    """
    dout = check_shape(dout, cache.shape, "dout")
    dy = _as_rows(dout)
    dbeta = dy.sum(axis=0)
    dgamma = (dy * cache.x_hat).sum(axis=0)
    if cache.training:
        m = dy.shape[0]
        dx = (cache.gamma * cache.inv_std / m) * (m * dy - dbeta - cache.x_hat * dgamma)
    else:
        dx = dy * (cache.gamma * cache.inv_std)
    return _from_rows(dx, cache.shape), dgamma, dbeta
