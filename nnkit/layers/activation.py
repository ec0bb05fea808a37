"""Activation layers over the kernels of :mod:`nnkit.ops.activation`: no parameters, shape unchanged."""

from __future__ import annotations

from .._validate import check_in_range, check_positive
from ..ops import activation as ops
from .base import Layer

__all__ = ["Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ELU", "Softmax"]


class _Activation(Layer):
    """An activation layer: no parameters; ``forward``/``backward`` call the kernel pair a subclass names.

    A subclass sets ``_forward`` and ``_backward`` to its kernels and, if it has hyper-parameters,
    returns them from ``_options`` as the keyword arguments both kernels take.
    """

    _forward = None
    _backward = None

    def _options(self) -> dict:
        return {}

    def forward(self, x, training=False):
        """The forward kernel on ``x`` (any shape; (N, K) for ``Softmax``): an array of its shape."""
        out, self._cache = self._forward(x, **self._options())
        return out

    def backward(self, dout):
        """``dx``, shape of ``dout``, from the backward kernel and the last forward's cache."""
        return self._backward(dout, self._require_cache(), **self._options())

    def extra_repr(self):
        """The hyper-parameters, ``alpha=...``, if any."""
        return ", ".join(f"{k}={v}" for k, v in self._options().items())


class Sigmoid(_Activation):
    r"""Logistic sigmoid :math:`\sigma(x) = 1/(1 + e^{-x})`, outputs in (0, 1); :math:`\sigma' \le 1/4`."""

    _forward = staticmethod(ops.sigmoid_forward)
    _backward = staticmethod(ops.sigmoid_backward)


class Tanh(_Activation):
    r"""Hyperbolic tangent, outputs in (−1, 1), zero-centred; :math:`\tanh' \le 1`."""

    _forward = staticmethod(ops.tanh_forward)
    _backward = staticmethod(ops.tanh_backward)


class ReLU(_Activation):
    r"""Rectified linear unit :math:`\max(0, x)`."""

    _forward = staticmethod(ops.relu_forward)
    _backward = staticmethod(ops.relu_backward)


class Softmax(_Activation):
    r"""Softmax over the last axis of (N, K) scores. For training, use ``CrossEntropy`` on logits instead."""

    _forward = staticmethod(ops.softmax_forward)
    _backward = staticmethod(ops.softmax_backward)


class LeakyReLU(_Activation):
    r"""Leaky ReLU: :math:`x` for :math:`x > 0`, :math:`\alpha x` otherwise (lecture 1 writes :math:`\max(0.1x, x)`).

    Parameters
    ----------
    alpha : float in [0, 1)
        The slope for negative inputs.
    """

    _forward = staticmethod(ops.leaky_relu_forward)
    _backward = staticmethod(ops.leaky_relu_backward)

    def __init__(self, alpha=0.01):
        super().__init__()
        self.alpha = check_in_range(alpha, "alpha", 0.0, 1.0)

    def _options(self):
        return {"alpha": self.alpha}


class ELU(_Activation):
    r"""Exponential linear unit: :math:`x` for :math:`x > 0`, :math:`\alpha(e^x - 1)` otherwise.

    Parameters
    ----------
    alpha : float > 0
        The value :math:`-\alpha` that the output approaches for very negative inputs.
    """

    _forward = staticmethod(ops.elu_forward)
    _backward = staticmethod(ops.elu_backward)

    def __init__(self, alpha=1.0):
        super().__init__()
        self.alpha = check_positive(alpha, "alpha")

    def _options(self):
        return {"alpha": self.alpha}
