"""Gradient checking: compare a backward pass with centred finite differences.

A backward pass is trusted only after it agrees with

.. math:: \\frac{\\partial f}{\\partial x_i} \\approx \\frac{f(x + h e_i) - f(x - h e_i)}{2h},

whose error is :math:`O(h^2)`. In float64 with :math:`h = 10^{-5}` a correct gradient agrees to a
relative error near :math:`10^{-10}`; a wrong one is off by far more than :math:`10^{-7}`.
"""

from __future__ import annotations

import numpy as np

from ._validate import check_positive

__all__ = ["numerical_gradient", "rel_error", "gradient_errors", "check_layer"]


def numerical_gradient(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Centred-difference gradient of a scalar function ``f`` at ``x``.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``. It is called with ``x`` itself after one entry has been nudged, so ``f``
        may also read ``x`` through a closure (as when ``x`` is a layer's parameter array).
    x : ndarray, any shape, floating point
        Perturbed in place one entry at a time and restored exactly afterwards.
    h : float, default 1e-5
        Step size.

    Returns
    -------
    grad : ndarray, same shape as ``x``, float64

    Notes
    -----
    ``grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2h)``.
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise TypeError(
            "numerical_gradient needs x as a floating-point ndarray (it is nudged in place); "
            f"got {type(x).__name__} with dtype {getattr(x, 'dtype', None)}"
        )
    h = check_positive(h, "h")
    grad = np.zeros(x.shape, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = float(f(x))
        x[i] = old - h
        f_minus = float(f(x))
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def rel_error(a, b) -> float:
    """Relative error between two arrays, ``||a - b|| / (||a|| + ||b||)`` (Euclidean norms).

    Parameters
    ----------
    a, b : array_like, any shape (both the same)

    Returns
    -------
    float
        0 when both are zero. Below 1e-7 means agreement for a float64 gradient check.

    Notes
    -----
    When the true gradient is exactly zero (a bias just before batch normalization, say) the finite
    difference is round-off noise of about 1e-11 and the relative error is near 1: compare absolute values there.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error needs arrays of one shape; got {a.shape} and {b.shape}")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def gradient_errors(layer, x, *, training: bool = False, h: float = 1e-5, rng=None) -> dict:
    """Relative error of ``layer.backward`` against finite differences, for the input and each parameter.

    The scalar being differentiated is ``f = sum(layer.forward(x) * dout)`` for a fixed random
    ``dout``, so that ``backward(dout)`` is exactly ``df/d(input)``.

    Parameters
    ----------
    layer : Layer
        An nnkit layer (``forward``, ``backward``, ``params``, ``grads``), ideally with float64 parameters.
    x : array_like, shape the layer takes, e.g. (N, D)
        The input, copied to float64.
    training : bool, default False
        The mode of every forward pass.
    h : float, default 1e-5
        Step of the finite differences.
    rng : numpy.random.Generator, optional
        Draws ``dout``; a generator seeded with 0 by default, so the check is repeatable.

    Returns
    -------
    dict
        ``{"x": err, "<param>": err, ...}`` with one entry per key of ``layer.params``.
    """
    if not (callable(getattr(layer, "forward", None)) and callable(getattr(layer, "backward", None))):
        raise TypeError(f"the gradient check needs a layer with forward and backward (an nnkit layer); "
                        f"got {type(layer).__name__}")
    rng = np.random.default_rng(0) if rng is None else rng
    x = np.array(x, dtype=np.float64)  # a private float64 copy: the check itself needs float64
    out = layer.forward(x, training=training)
    dout = rng.standard_normal(out.shape)

    def f(_):
        return np.sum(layer.forward(x, training=training) * dout)

    layer.forward(x, training=training)
    dx = layer.backward(dout.copy())
    analytic = {"x": dx, **{k: g.copy() for k, g in layer.grads.items()}}

    errors = {"x": rel_error(analytic["x"], numerical_gradient(f, x, h))}
    for name, p in layer.params.items():
        errors[name] = rel_error(analytic[name], numerical_gradient(f, p, h))
    return errors


def check_layer(layer, x, *, training: bool = False, h: float = 1e-5, rng=None) -> float:
    """Largest relative error of a layer's backward pass over its input and all its parameters.

    See :func:`gradient_errors`; below 1e-7 (in float64) means the backward pass is right.
    The layer's parameters should be float64 for the check to be meaningful.

    Parameters
    ----------
    layer : Layer
        An nnkit layer (``forward``, ``backward``, ``params``, ``grads``), ideally with float64 parameters.
    x : array_like, shape the layer takes, e.g. (N, D)
        The input, copied to float64.
    training : bool, default False
        The mode of every forward pass.
    h : float, default 1e-5
        Step of the finite differences.
    rng : numpy.random.Generator, optional
        Draws ``dout``; a generator seeded with 0 by default, so the check is repeatable.

    Returns
    -------
    float
    """
    return max(gradient_errors(layer, x, training=training, h=h, rng=rng).values())
