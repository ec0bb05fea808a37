r"""Fully connected (dense, affine) layer: :math:`\text{out} = xW + b`, over the kernels of :mod:`nnkit.ops.dense`.

Shapes (batch first, the matrix form of lecture 2):
``x`` (N, D), ``W`` (D, M), ``b`` (M,), ``out`` (N, M).
"""

from __future__ import annotations

import numpy as np

from .. import init as _init
from .._validate import check_count, check_float_dtype
from ..ops.dense import dense_backward, dense_forward
from .base import Layer

__all__ = ["Dense"]


class Dense(Layer):
    """Fully connected layer with weights ``params["W"]`` (D, M) and bias ``params["b"]`` (M,).

    Parameters
    ----------
    in_features, out_features : int
        D and M.
    init : str or callable
        Weight initializer from :mod:`nnkit.init` (default ``"xavier_uniform"``, as Keras);
        the bias starts at zero.
    rng : numpy.random.Generator or int, optional
    dtype : numpy floating dtype
        Of the parameters: float64 by default, float32 for speed; an integer dtype is refused.
    """

    def __init__(self, in_features, out_features, init="xavier_uniform", rng=None, dtype=np.float64):
        super().__init__()
        self.in_features = check_count(in_features, "in_features")
        self.out_features = check_count(out_features, "out_features")
        dtype = check_float_dtype(dtype)
        shape = (self.in_features, self.out_features)
        W = _init.get(init)(shape, self.in_features, self.out_features, rng)
        self.params = {"W": W.astype(dtype), "b": np.zeros(self.out_features, dtype=dtype)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def forward(self, x, training=False):
        """``x @ W + b``: (N, D) → (N, M); ``training`` makes no difference."""
        out, self._cache = dense_forward(x, self.params["W"], self.params["b"])
        return out

    def backward(self, dout):
        """``dx`` (N, D) for ``dout`` (N, M); fills ``grads["W"]`` and ``grads["b"]``."""
        dx, dW, db = dense_backward(dout, self._require_cache())
        self.grads["W"] = dW.astype(self.params["W"].dtype, copy=False)
        self.grads["b"] = db.astype(self.params["b"].dtype, copy=False)
        return dx

    def extra_repr(self):
        """The sizes, ``D, M``."""
        return f"{self.in_features}, {self.out_features}"
