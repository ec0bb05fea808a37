"""A residual block: the input added to what a block of layers makes of it (He et al., 2016)."""

from __future__ import annotations

import numpy as np

from .base import Layer

__all__ = ["Residual"]


class Residual(Layer):
    r"""``y = x + F(x)``: a block of layers ``F`` with a shortcut around it, as in ResNet.

    Backward, the shortcut adds the upstream gradient unchanged to the block's own:
    :math:`\partial L/\partial x = \partial L/\partial y + \partial L/\partial y \cdot \partial F/\partial x`.
    So however small the block's Jacobian becomes, the gradient reaching ``x`` keeps the part that went round it:
    the reason a stack of residual blocks can be trained at depths where a plain stack's gradients vanish.

    Parameters
    ----------
    block : Layer
        ``F``, usually a ``Sequential``; its output must have the shape of its input, (N, D) or (N, C, H, W).

    ``params`` and ``grads`` are the block's, under the block's own names (``"0.W"``, ... for a ``Sequential``).
    """

    def __init__(self, block):
        if not isinstance(block, Layer):
            raise TypeError(f"Residual wraps an nnkit layer (e.g. a Sequential); got {type(block).__name__}")
        self._cache = None  # not Layer.__init__: params and grads are the block's
        self.block = block

    @property
    def params(self) -> dict[str, np.ndarray]:
        """The block's parameters, under its own names."""
        return self.block.params

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """The block's gradients, under its own names."""
        return self.block.grads

    def forward(self, x, training=False):
        """``x + block(x)``, shape of ``x``."""
        fx = self.block.forward(x, training=training)
        if fx.shape != np.shape(x):
            raise ValueError(f"Residual: the block maps shape {np.shape(x)} to {fx.shape}; a shortcut needs the "
                             f"block's output to have its input's shape")
        self._cache = True
        return x + fx

    def backward(self, dout):
        """``dout + block.backward(dout)``, shape of ``dout``; fills the block's grads."""
        self._require_cache()
        return dout + self.block.backward(dout)

    def zero_grad(self) -> None:
        """Set the block's gradients to zero."""
        self.block.zero_grad()

    def extra_repr(self) -> str:
        """The block's ``repr``."""
        return repr(self.block)
