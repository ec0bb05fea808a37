"""The engine's input checks, one per kind of argument: every public entry point uses these.

Each check returns the value in the form the engine computes with (an ``int``, a ``float``, a pair, an
array) or raises an error that names the argument, what was expected and what came:

* ``TypeError`` when the argument is not a number at all where a number is expected (a string, None, an
  object), or an integer dtype where parameters need a floating one;
* ``ValueError`` when it is a number but not an acceptable one (a size of 0, a count of 2.5, a bool for a
  size, a probability of 1.5), or an array of the wrong shape.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_float_array", "as_generator", "as_pair", "check_count", "check_finite", "check_flag", "check_float_dtype",
    "check_in_range", "check_lengths", "check_ndim", "check_positive", "check_real", "check_shape", "is_integer",
    "is_real",
]


def is_integer(value) -> bool:
    """True for Python and NumPy integers; False for bools, floats (even 3.0) and everything else."""
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def is_real(value) -> bool:
    """True for Python and NumPy real numbers (integers included); False for bools, strings, arrays, None."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _kind(value) -> str:
    """How a refused value is shown in a message: its repr and, for non-numbers, its type."""
    if is_real(value) or value is None:
        return repr(value)
    return f"{value!r} ({type(value).__name__})"


def _error_for(value) -> type[Exception]:
    """``ValueError`` for a number (a bool included) or a sequence of them, ``TypeError`` for anything else."""
    numeric = isinstance(value, (numbers.Number, np.bool_, np.ndarray, tuple, list))
    return ValueError if numeric else TypeError


def as_float_array(x, name: str = "x") -> np.ndarray:
    """Return ``x`` as a floating-point ndarray, keeping float32/float64 as given.

    Integers and booleans become float64; anything else (complex, object, strings) is refused.
    """
    arr = np.asarray(x)
    if arr.dtype.kind == "f":
        return arr
    if arr.dtype.kind in "iub":
        return arr.astype(np.float64)
    raise TypeError(
        f"{name} must be an array of real numbers (float32 or float64); got dtype {arr.dtype}"
    )


def check_float_dtype(dtype, name: str = "dtype") -> np.dtype:
    """Return ``dtype`` as a :class:`numpy.dtype` if it is a floating type (float32, float64), else raise.

    Parameters are stored in this dtype; an integer dtype would silently truncate initial weights to
    whole numbers, so it is refused with ``TypeError``.
    """
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{name} must be a floating dtype such as numpy.float64 or numpy.float32; "
                        f"got {_kind(dtype)}") from None
    if dt.kind != "f":
        raise TypeError(f"{name} must be a floating dtype such as numpy.float64 or numpy.float32; got {dt}")
    return dt


def check_ndim(x: np.ndarray, ndims, name: str, layout: str) -> None:
    """Raise ``ValueError`` unless ``x.ndim`` is one of ``ndims``.

    ``layout`` describes the expected shape for the message, e.g. ``"(N, D)"``.
    """
    ndims = (ndims,) if isinstance(ndims, int) else tuple(ndims)
    if x.ndim not in ndims:
        raise ValueError(f"{name} must have shape {layout}; got an array of shape {x.shape}")


def check_shape(x: np.ndarray, shape: tuple, name: str, what: str = "the forward output's shape") -> np.ndarray:
    """Return ``x`` as an array if its shape is ``shape``, else raise ``ValueError`` naming ``what`` it must match."""
    x = np.asarray(x)
    if x.shape != tuple(shape):
        raise ValueError(f"{name} must have {what} {tuple(shape)}; got {x.shape}")
    return x


def check_lengths(X, y) -> tuple[np.ndarray, np.ndarray]:
    """``X`` and ``y`` as arrays if both have one row per sample and the same number of rows, else ``ValueError``."""
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"X and y must be arrays with one row per sample; got shapes {X.shape} and {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of rows; got {len(X)} and {len(y)}")
    return X, y


def check_real(value, name: str) -> float:
    """Return ``value`` as float if it is a real number (a 0-d array of one too); bools are refused."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()
    if not is_real(value):
        raise _error_for(value)(f"{name} must be a real number; got {_kind(value)}")
    return float(value)


def check_positive(value, name: str, *, allow_zero: bool = False) -> float:
    """Return ``value`` as float if it is a finite number > 0 (>= 0 with ``allow_zero``).

    Non-numbers are refused with ``TypeError``; bools and out-of-range numbers with ``ValueError``.
    """
    v = check_real(value, name)
    ok = v >= 0 if allow_zero else v > 0
    if not ok or not np.isfinite(v):
        bound = "non-negative" if allow_zero else "positive"
        raise ValueError(f"{name} must be a finite {bound} number; got {value!r}")
    return v


def check_in_range(value, name: str, low: float, high: float, *, closed_low=True, closed_high=False) -> float:
    """Return ``value`` as float if it lies in the interval from ``low`` to ``high``.

    The interval is closed or open at each end as ``closed_low`` and ``closed_high`` say. Non-numbers are
    refused with ``TypeError``; bools and numbers outside the interval with ``ValueError``.
    """
    v = check_real(value, name)
    above = v >= low if closed_low else v > low
    below = v <= high if closed_high else v < high
    if not (above and below):
        lo, hi = ("[" if closed_low else "("), ("]" if closed_high else ")")
        raise ValueError(f"{name} must be in {lo}{low}, {high}{hi}; got {value!r}")
    return v


def check_finite(x: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``x`` holds NaN or infinity, saying how many entries and where the first is."""
    bad = ~np.isfinite(x)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} contains {int(bad.sum())} NaN or infinite value(s), the first at index {first}"
        )


def check_flag(value, name: str) -> bool:
    """Return ``value`` as bool if it is True or False (a NumPy bool too), else raise ``TypeError``.

    A flag given anything else is nearly always an argument in the wrong place (``fit(..., 0.1)``), so
    truthy values are not taken for True.
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {_kind(value)}")
    return bool(value)


def check_count(value, name: str, minimum: int = 1) -> int:
    """Return ``value`` as int if it is an integer >= ``minimum``.

    A non-number (a string, None) is refused with ``TypeError``; a number that is not an integer (a float
    even if whole, a bool) or an integer below ``minimum`` with ``ValueError``.
    """
    if not is_integer(value) or value < minimum:
        raise _error_for(value)(f"{name} must be an integer >= {minimum}; got {_kind(value)}")
    return int(value)


def as_pair(value, name: str, minimum: int = 0) -> tuple[int, int]:
    """``(value, value)`` for an integer, ``tuple(value)`` for a pair of integers; each must be >= ``minimum``.

    Used for sizes that may differ along height and width: kernel sizes, strides, paddings.
    """
    pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    if len(pair) != 2 or not all(is_integer(v) for v in pair):
        raise _error_for(value)(f"{name} must be an int or a pair of ints; got {_kind(value)}")
    if min(pair) < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {value!r}")
    return int(pair[0]), int(pair[1])


def as_generator(rng) -> np.random.Generator:
    """``rng`` itself if it is a :class:`numpy.random.Generator`, else ``numpy.random.default_rng(rng)``.

    Accepts None (fresh entropy) or a non-negative int seed; anything else is refused, in particular the
    legacy ``numpy.random.RandomState``.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if is_integer(rng):
        if rng < 0:
            raise ValueError(f"rng as a seed must be a non-negative integer; got {rng!r}")
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be a numpy.random.Generator, an int seed or None; got {type(rng).__name__}")
