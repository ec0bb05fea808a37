"""Batch normalization layer over the kernels of :mod:`nnkit.ops.norm`, with running statistics for evaluation."""

from __future__ import annotations

import numpy as np

from .._validate import check_count, check_float_dtype, check_in_range, check_positive
from ..ops.norm import batchnorm_backward, batchnorm_eval_forward, batchnorm_forward
from .base import Layer

__all__ = ["BatchNorm"]


class BatchNorm(Layer):
    """Batch normalization with learnable ``params["gamma"]`` (ones) and ``params["beta"]`` (zeros).

    Parameters
    ----------
    num_features : int
        D for (N, D) input, C for (N, C, H, W).
    momentum : float in [0, 1]
        ``running = (1 - momentum) * running + momentum * batch`` (PyTorch's convention).
    eps : float > 0
        Added to the variance before the square root.
    dtype : numpy floating dtype
        Of ``gamma`` and ``beta``: float64 by default, float32 for speed.

    Attributes
    ----------
    running_mean, running_var : ndarray, shape (num_features,)
        Used by ``forward(x, training=False)``; start at 0 and 1.
    """

    def __init__(self, num_features, momentum=0.1, eps=1e-5, dtype=np.float64):
        super().__init__()
        self.num_features = check_count(num_features, "num_features")
        dtype = check_float_dtype(dtype)
        self.momentum = check_in_range(momentum, "momentum", 0.0, 1.0, closed_high=True)
        self.eps = check_positive(eps, "eps")
        self.params = {"gamma": np.ones(self.num_features, dtype=dtype),
                       "beta": np.zeros(self.num_features, dtype=dtype)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.running_mean = np.zeros(self.num_features)
        self.running_var = np.ones(self.num_features)

    def forward(self, x, training=False):
        """Normalize ``x`` (N, D) or (N, C, H, W) with the batch's statistics when ``training``, updating the
        running ones; with the running statistics otherwise.
        """
        if np.ndim(x) in (2, 4) and np.shape(x)[1] != self.num_features:
            raise ValueError(
                f"BatchNorm({self.num_features}) needs x with {self.num_features} features on axis 1, "
                f"shape (N, {self.num_features}) or (N, {self.num_features}, H, W); got shape {np.shape(x)}"
            )
        gamma, beta = self.params["gamma"], self.params["beta"]
        if not training:
            out, self._cache = batchnorm_eval_forward(x, gamma, beta, self.running_mean, self.running_var, self.eps)
            return out
        out, self._cache, mean, var = batchnorm_forward(x, gamma, beta, self.eps)
        m = self._cache.x_hat.shape[0]
        mom = self.momentum
        self.running_mean = (1 - mom) * self.running_mean + mom * mean
        self.running_var = (1 - mom) * self.running_var + mom * var * (m / (m - 1))
        return out

    def backward(self, dout):
        """``dx``, shape of the input; fills ``grads["gamma"]`` and ``grads["beta"]``."""
        dx, dgamma, dbeta = batchnorm_backward(dout, self._require_cache())
        self.grads["gamma"] = dgamma.astype(self.params["gamma"].dtype, copy=False)
        self.grads["beta"] = dbeta.astype(self.params["beta"].dtype, copy=False)
        return dx

    def extra_repr(self):
        """``num_features``, ``momentum`` and ``eps``."""
        return f"{self.num_features}, momentum={self.momentum}, eps={self.eps}"
