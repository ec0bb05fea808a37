"""The base class every layer derives from: ``forward``, ``backward``, ``params`` and ``grads``."""

from __future__ import annotations

import numpy as np

__all__ = ["Layer"]


class Layer:
    """A differentiable block of a network.

    Subclasses implement ``forward(x, training=False) -> out`` and ``backward(dout) -> dx``.
    A layer with weights keeps them in ``params`` and, after ``backward``, their gradients in
    ``grads`` under the same keys (``"W"``, ``"b"``, ``"gamma"``, ``"beta"``), so an optimizer can
    update ``params[k]`` with ``grads[k]``. ``backward`` never changes ``dout`` in place.
    """

    def __init__(self):
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self._cache = None

    def forward(self, x, training: bool = False):
        raise NotImplementedError

    def backward(self, dout):
        raise NotImplementedError

    def __call__(self, x, training: bool = False):
        return self.forward(x, training=training)

    def zero_grad(self) -> None:
        """Set every gradient to zero (a layer's grads are overwritten by each backward anyway)."""
        for g in self.grads.values():
            g[...] = 0

    def _require_cache(self):
        """The cache of the last ``forward``; a clear error if ``backward`` comes first."""
        if self._cache is None:
            raise RuntimeError(f"{type(self).__name__}.backward was called before forward")
        return self._cache

    def extra_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.extra_repr()})"
