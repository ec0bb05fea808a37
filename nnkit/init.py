r"""Weight initializers with the lectures' formulas.

Each initializer is ``f(shape, fan_in, fan_out, rng) -> ndarray`` (float64). ``fan_in`` is
:math:`n`, the number of units of the previous layer (for a convolution, ``C * HH * WW``);
``fan_out`` is :math:`m`, the number of units of this layer (``F * HH * WW``).

=================  =======================================  =====================================
scheme             uniform :math:`U[-r, r]`                 normal :math:`N(0, \sigma^2)`
=================  =======================================  =====================================
LeCun              :math:`r = \sqrt{3 / n}`                 :math:`\sigma = \sqrt{1 / n}`
Xavier (Glorot)    :math:`r = \sqrt{6 / (n + m)}`           :math:`\sigma = \sqrt{2 / (n + m)}`
He                 :math:`r = \sqrt{6 / n}`                 :math:`\sigma = \sqrt{2 / n}`
=================  =======================================  =====================================

The uniform and normal forms of one scheme have the same variance, since
:math:`\mathrm{Var}\, U[-r, r] = r^2 / 3`. Xavier keeps the variance of activations and of
gradients alike across a layer of sigmoid or tanh units (Glorot & Bengio, 2010); He doubles it to
make up for ReLU zeroing half of its inputs (He et al., 2015). Biases start at zero.
"""

from __future__ import annotations

import math

import numpy as np

from ._validate import as_generator, check_count

__all__ = [
    "zeros", "lecun_uniform", "lecun_normal", "xavier_uniform", "xavier_normal",
    "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "get", "fans",
]


def _check(shape, fan_in, fan_out):
    """The shape as a tuple of ints; each size an integer >= 0, each fan given an integer >= 1."""
    sizes = shape if isinstance(shape, (tuple, list)) else (shape,)
    shape = tuple(check_count(s, "every size in shape", minimum=0) for s in sizes)
    for name, fan in (("fan_in", fan_in), ("fan_out", fan_out)):
        if fan is not None:
            check_count(fan, name)
    return shape


def zeros(shape, fan_in=None, fan_out=None, rng=None) -> np.ndarray:
    """All zeros. Fine for biases; for weights it makes every unit of a layer identical.

    Parameters
    ----------
    shape : int or tuple of int
        The weight array's shape: (D, M) for a dense layer, (F, C, HH, WW) for a convolution.
    fan_in, fan_out : int, optional
        Not used (checked when given): every initializer is called alike.
    rng : optional
        Not used.

    Returns
    -------
    ndarray, shape ``shape``, float64
    """
    return np.zeros(_check(shape, fan_in, fan_out))


def lecun_uniform(shape, fan_in, fan_out=None, rng=None) -> np.ndarray:
    r""":math:`U[-r, r]` with :math:`r = \sqrt{3 / n_{in}}`.

    Parameters
    ----------
    shape : int or tuple of int
        The weight array's shape: (D, M) for a dense layer, (F, C, HH, WW) for a convolution.
    fan_in : int
        :math:`n_{in}`, the inputs of each unit (D, or C·HH·WW).
    fan_out : int, optional
        Not used (checked when given): every initializer is called alike.
    rng : numpy.random.Generator or int, optional
        Generator or seed; None for fresh randomness.

    Returns
    -------
    ndarray, shape ``shape``, float64
    """
    shape = _check(shape, fan_in, fan_out)
    r = math.sqrt(3.0 / fan_in)
    return as_generator(rng).uniform(-r, r, size=shape)


def lecun_normal(shape, fan_in, fan_out=None, rng=None) -> np.ndarray:
    r""":math:`N(0, \sigma^2)` with :math:`\sigma = \sqrt{1 / n_{in}}`.

    Parameters
    ----------
    shape : int or tuple of int
        The weight array's shape: (D, M) for a dense layer, (F, C, HH, WW) for a convolution.
    fan_in : int
        :math:`n_{in}`, the inputs of each unit (D, or C·HH·WW).
    fan_out : int, optional
        Not used (checked when given): every initializer is called alike.
    rng : numpy.random.Generator or int, optional
        Generator or seed; None for fresh randomness.

    Returns
    -------
    ndarray, shape ``shape``, float64
    """
    shape = _check(shape, fan_in, fan_out)
    return as_generator(rng).normal(0.0, math.sqrt(1.0 / fan_in), size=shape)


def xavier_uniform(shape, fan_in, fan_out, rng=None) -> np.ndarray:
    r""":math:`U[-r, r]` with :math:`r = \sqrt{6 / (n_{in} + n_{out})}` (Glorot uniform; Keras's default).

    Parameters
    ----------
    shape : int or tuple of int
        The weight array's shape: (D, M) for a dense layer, (F, C, HH, WW) for a convolution.
    fan_in : int
        :math:`n_{in}`, the inputs of each unit (D, or C·HH·WW).
    fan_out : int
        :math:`n_{out}`, the units of this layer (M, or F·HH·WW).
    rng : numpy.random.Generator or int, optional
        Generator or seed; None for fresh randomness.

    Returns
    -------
    ndarray, shape ``shape``, float64
    """
    shape = _check(shape, fan_in, fan_out)
    r = math.sqrt(6.0 / (fan_in + fan_out))
    return as_generator(rng).uniform(-r, r, size=shape)


def xavier_normal(shape, fan_in, fan_out, rng=None) -> np.ndarray:
    r""":math:`N(0, \sigma^2)` with :math:`\sigma = \sqrt{2 / (n_{in} + n_{out})}` (Glorot normal).

    Parameters
    ----------
    shape : int or tuple of int
        The weight array's shape: (D, M) for a dense layer, (F, C, HH, WW) for a convolution.
    fan_in : int
        :math:`n_{in}`, the inputs of each unit (D, or C·HH·WW).
    fan_out : int
        :math:`n_{out}`, the units of this layer (M, or F·HH·WW).
    rng : numpy.random.Generator or int, optional
        Generator or seed; None for fresh randomness.

    Returns
    -------
    ndarray, shape ``shape``, float64
    """
    shape = _check(shape, fan_in, fan_out)
    return as_generator(rng).normal(0.0, math.sqrt(2.0 / (fan_in + fan_out)), size=shape)


def he_uniform(shape, fan_in, fan_out=None, rng=None) -> np.ndarray:
    r""":math:`U[-r, r]` with :math:`r = \sqrt{6 / n_{in}}`.

    Parameters
    ----------
    shape : int or tuple of int
        The weight array's shape: (D, M) for a dense layer, (F, C, HH, WW) for a convolution.
    fan_in : int
        :math:`n_{in}`, the inputs of each unit (D, or C·HH·WW).
    fan_out : int, optional
        Not used (checked when given): every initializer is called alike.
    rng : numpy.random.Generator or int, optional
        Generator or seed; None for fresh randomness.

    Returns
    -------
    ndarray, shape ``shape``, float64
    """
    shape = _check(shape, fan_in, fan_out)
    r = math.sqrt(6.0 / fan_in)
    return as_generator(rng).uniform(-r, r, size=shape)


def he_normal(shape, fan_in, fan_out=None, rng=None) -> np.ndarray:
    r""":math:`N(0, \sigma^2)` with :math:`\sigma = \sqrt{2 / n_{in}}`.

    Parameters
    ----------
    shape : int or tuple of int
        The weight array's shape: (D, M) for a dense layer, (F, C, HH, WW) for a convolution.
    fan_in : int
        :math:`n_{in}`, the inputs of each unit (D, or C·HH·WW).
    fan_out : int, optional
        Not used (checked when given): every initializer is called alike.
    rng : numpy.random.Generator or int, optional
        Generator or seed; None for fresh randomness.

    Returns
    -------
    ndarray, shape ``shape``, float64
    """
    shape = _check(shape, fan_in, fan_out)
    return as_generator(rng).normal(0.0, math.sqrt(2.0 / fan_in), size=shape)


glorot_uniform = xavier_uniform
glorot_normal = xavier_normal

_BY_NAME = {
    "zeros": zeros,
    "lecun_uniform": lecun_uniform, "lecun_normal": lecun_normal,
    "xavier_uniform": xavier_uniform, "xavier_normal": xavier_normal,
    "glorot_uniform": xavier_uniform, "glorot_normal": xavier_normal,
    "he_uniform": he_uniform, "he_normal": he_normal,
}


def get(init):
    """The initializer called ``init`` (a name such as ``"he_normal"``), or ``init`` itself if callable.

    Parameters
    ----------
    init : str or callable
        One of the names in ``__all__`` from ``"zeros"`` to ``"he_normal"``, or an initializer.

    Returns
    -------
    callable
        ``f(shape, fan_in, fan_out, rng) -> ndarray``.
    """
    if callable(init):
        return init
    try:
        return _BY_NAME[init]
    except KeyError:
        raise ValueError(
            f"unknown initializer {init!r}; expected one of {sorted(_BY_NAME)} or a callable"
        ) from None


def fans(shape) -> tuple[int, int]:
    """``(fan_in, fan_out)`` of a weight array: (D, M) for dense, (F, C, HH, WW) for convolution.

    Parameters
    ----------
    shape : tuple of int
        (D, M) or (F, C, HH, WW).

    Returns
    -------
    fan_in, fan_out : int
        D and M; C·HH·WW and F·HH·WW.
    """
    shape = tuple(shape)
    if len(shape) == 2:
        return shape[0], shape[1]
    if len(shape) == 4:
        receptive = shape[2] * shape[3]
        return shape[1] * receptive, shape[0] * receptive
    raise ValueError(f"fans needs a dense (D, M) or conv (F, C, HH, WW) weight shape; got {shape}")
