"""Inverted dropout layer, over the kernels of :mod:`nnkit.ops.dropout`: random in training, the identity otherwise."""

from __future__ import annotations

from .._validate import as_generator, check_in_range
from ..ops.dropout import dropout_backward, dropout_forward
from .base import Layer

__all__ = ["Dropout"]


class Dropout(Layer):
    """Inverted dropout layer: random during ``forward(x, training=True)``, the identity otherwise.

    Parameters
    ----------
    p : float in [0, 1)
        Drop probability (PyTorch's meaning; the keep probability is ``1 - p``).
    rng : numpy.random.Generator or int, optional
        Seed or generator for the masks, for reproducible training.
    """

    def __init__(self, p=0.5, rng=None):
        super().__init__()
        self.p = check_in_range(p, "p", 0.0, 1.0)
        self.rng = as_generator(rng)

    def forward(self, x, training=False):
        """``x`` (any shape) with units dropped and the rest scaled when ``training``; else ``x`` as it is."""
        out, self._cache = dropout_forward(x, self.p, training, self.rng)
        return out

    def backward(self, dout):
        """``dout`` times the last forward's scaled mask (a copy of ``dout`` after an identity forward)."""
        return dropout_backward(dout, self._require_cache())

    def extra_repr(self):
        """``p=...``."""
        return f"p={self.p}"
