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

    ``forward`` keeps what ``backward`` needs in ``self._cache`` and ``backward`` reads it back with
    ``self._require_cache()``. What the cache holds is the layer's own business:

    * one kernel's cache for a layer applied once per forward pass (``Dense``: a ``DenseCache``);
    * the caches of its parts for a composite layer (``Sequential`` and ``Residual`` keep none of their own:
      each part keeps its own);
    * for a cell reused over T time steps (a recurrent layer), the list of T step caches: ``forward`` runs
      the step kernel for t = 1 … T over a sequence (N, T, D) and stores every step's cache in order;
      ``backward`` takes the gradient of all T outputs and walks the list from T down to 1, adding each
      step's parameter gradients into ``grads`` and passing the hidden state's gradient to the step before
      (backpropagation through time). The step kernels go in ``nnkit.ops`` beside the others.

    A layer with several inputs takes them as positional arguments, ``forward(x1, x2, training=False)``,
    and returns a tuple of their gradients from ``backward``, one per input in the same order. Such a
    layer does not go into a ``Sequential`` (which passes one array from layer to layer); it is used
    inside a composite layer that routes the arrays (as ``Residual`` routes its input round a block).
    """

    def __init__(self):
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self._cache = None

    def forward(self, *inputs, training: bool = False):
        """The layer's output for ``inputs`` (one array for most layers), remembering what backward needs.

        Parameters
        ----------
        *inputs : ndarray, shape (N, ...) as the layer expects
            The input arrays, batch first: one for most layers.
        training : bool, default False
            Training mode (dropout drops units, batch normalization uses the batch's statistics) rather
            than evaluation.

        Returns
        -------
        out : ndarray, shape (N, ...)
        """
        raise NotImplementedError(f"{type(self).__name__} does not define forward")

    def backward(self, dout):
        r"""The gradient with respect to the input (a tuple, one per input, for several), filling ``grads``.

        Parameters
        ----------
        dout : ndarray, shape of the last forward output
            :math:`\partial L / \partial\,\text{out}`; never changed in place.

        Returns
        -------
        dx : ndarray, shape of the last forward input
            :math:`\partial L / \partial x`; a tuple of them, in order, for a layer with several inputs.
        """
        raise NotImplementedError(f"{type(self).__name__} does not define backward")

    def __call__(self, *inputs, training: bool = False):
        """``layer(x)`` is ``layer.forward(x)``."""
        return self.forward(*inputs, training=training)

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
        """What ``repr`` shows between the parentheses: the layer's sizes and options."""
        return ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.extra_repr()})"
