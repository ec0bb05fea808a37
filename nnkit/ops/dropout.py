r"""The kernels of inverted dropout.

During training each unit is kept with probability :math:`1 - p` and the kept ones are scaled by
:math:`1/(1 - p)`, so the expected output equals the input and nothing changes at test time:

.. math:: \text{out} = x \odot m, \qquad m_i = \frac{[u_i \ge p]}{1 - p}, \quad u_i \sim U[0, 1).

Shapes: any → same.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validate import as_float_array, as_generator, check_in_range, check_shape

__all__ = ["DropoutCache", "dropout_forward", "dropout_backward"]


class DropoutCache(NamedTuple):
    """What :func:`dropout_backward` needs from :func:`dropout_forward`.

    Attributes
    ----------
    mask : ndarray, shape of the input, or None
        The scaled keep-mask :math:`m`, or None when the layer was the identity.
    """

    mask: np.ndarray | None


def dropout_forward(x, p, training=True, rng=None, mask=None):
    r"""Apply inverted dropout with drop probability ``p``.

    Parameters
    ----------
    x : ndarray, any shape
    p : float in [0, 1)
        Probability of dropping a unit.
    training : bool
        When False (evaluation), the identity.
    rng : numpy.random.Generator or int, optional
        Source of the mask.
    mask : ndarray of bool, shape of ``x``, optional
        A fixed keep-mask (True = keep) instead of a random one, for checking and teaching.

    Returns
    -------
    out : ndarray, shape of ``x``, dtype of ``x``
    cache : DropoutCache
    """
    x = as_float_array(x, "x")
    p = check_in_range(p, "p", 0.0, 1.0)
    if not training or p == 0.0:
        return x, DropoutCache(None)
    if mask is None:
        rng = as_generator(rng)
        keep = rng.random(x.shape) >= p
    else:
        keep = np.asarray(mask, dtype=bool)
        if keep.shape != x.shape:
            raise ValueError(f"mask must have the shape of x {x.shape}; got {keep.shape}")
    scaled = keep.astype(x.dtype) / x.dtype.type(1 - p)
    return x * scaled, DropoutCache(scaled)


def dropout_backward(dout, cache: DropoutCache):
    r""":math:`dx = \text{dout} \odot m`: dropped units pass no gradient, kept ones are scaled as in forward.

    Parameters
    ----------
    dout : ndarray, shape of the forward input
        :math:`\partial L / \partial\,\text{out}`.
    cache : DropoutCache
        From :func:`dropout_forward`.

    Returns
    -------
    dx : ndarray, shape of ``dout``
        A new array; ``dout`` copied when the forward pass was the identity.
    """
    dout = np.asarray(dout)
    if cache.mask is None:
        return dout.copy()
    return check_shape(dout, cache.mask.shape, "dout") * cache.mask
