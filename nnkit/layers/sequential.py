"""A stack of layers applied one after another."""

from __future__ import annotations

import numpy as np

from .base import Layer

__all__ = ["Sequential"]


class Sequential(Layer):
    """Layers applied in order: ``forward`` runs them first to last, ``backward`` last to first.

    ``params`` and ``grads`` gather every layer's arrays under dotted names, ``"<index>.<key>"``
    (``"0.W"``, ``"0.b"``, ``"2.W"``, ...), the same names PyTorch's ``state_dict`` uses. They are
    views onto the layers' own arrays, rebuilt on each access, so an optimizer that updates
    ``model.params`` in place updates the layers.

    Parameters
    ----------
    layers : iterable of Layer
    """

    def __init__(self, layers):
        self._cache = None  # not Layer.__init__: params and grads are derived properties here
        if isinstance(layers, Layer) or not hasattr(layers, "__iter__"):
            raise TypeError(f"Sequential takes a list of layers, e.g. Sequential([Dense(2, 4), ReLU()]); "
                            f"got {type(layers).__name__}")
        self.layers = list(layers)
        for i, layer in enumerate(self.layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"Sequential takes nnkit layers; item {i} is a {type(layer).__name__}")

    @property
    def params(self) -> dict[str, np.ndarray]:
        """Every layer's parameters under ``"<index>.<key>"``: views onto the layers' own arrays."""
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.params.items()}

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """Every layer's gradients under ``"<index>.<key>"``: views onto the layers' own arrays."""
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.grads.items()}

    def forward(self, x, training=False):
        """``x`` through every layer, first to last: the last layer's output."""
        for layer in self.layers:
            x = layer.forward(x, training=training)
        return x

    def backward(self, dout):
        """``dout`` back through every layer, last to first (each fills its grads): ``dx``."""
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def zero_grad(self) -> None:
        """Set every layer's gradients to zero."""
        for layer in self.layers:
            layer.zero_grad()

    def num_parameters(self) -> int:
        """Total number of learnable scalars."""
        return sum(int(v.size) for v in self.params.values())

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def __iter__(self):
        return iter(self.layers)

    def __repr__(self):
        body = "".join(f"\n  ({i}): {layer!r}" for i, layer in enumerate(self.layers))
        return f"Sequential({body}\n)"
