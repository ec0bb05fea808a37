"""Flatten: (N, C, H, W) feature maps → (N, C·H·W) rows, the bridge from convolution to dense layers."""

from __future__ import annotations

import numpy as np

from .._validate import as_float_array
from .base import Layer

__all__ = ["Flatten"]


class Flatten(Layer):
    """Reshape every sample to one row, in C-order (channel, then row, then column), as ``torch.flatten(x, 1)``.

    Shapes: ``x`` (N, d1, d2, ...) → ``out`` (N, d1·d2·...); ``backward`` reshapes back.
    """

    def forward(self, x, training=False):
        """``x`` (N, d1, d2, ...) as rows (N, d1·d2·...)."""
        x = as_float_array(x, "x")
        if x.ndim < 2:
            raise ValueError(f"Flatten needs a batch of shape (N, ...); got shape {x.shape}")
        self._cache = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, dout):
        """``dout`` (N, d1·d2·...) reshaped back to the input's shape."""
        shape = self._require_cache()
        dout = np.asarray(dout)
        if dout.size != int(np.prod(shape)) or dout.shape[0] != shape[0]:
            raise ValueError(f"dout must have shape {(shape[0], int(np.prod(shape[1:])))}; got {dout.shape}")
        return dout.reshape(shape)
