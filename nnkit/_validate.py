"""Input checks shared by the engine: every error names what was expected and what came."""

from __future__ import annotations

import numpy as np

__all__ = [
    "as_float_array", "as_generator", "check_count", "check_ndim", "check_positive", "check_in_range",
    "check_finite",
]


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


def check_ndim(x: np.ndarray, ndims, name: str, layout: str) -> None:
    """Raise ``ValueError`` unless ``x.ndim`` is one of ``ndims``.

    ``layout`` describes the expected shape for the message, e.g. ``"(N, D)"``.
    """
    ndims = (ndims,) if isinstance(ndims, int) else tuple(ndims)
    if x.ndim not in ndims:
        raise ValueError(f"{name} must have shape {layout}; got an array of shape {x.shape}")


def check_positive(value, name: str, *, allow_zero: bool = False) -> float:
    """Return ``value`` as float if it is > 0 (or >= 0 with ``allow_zero``), else raise ``ValueError``."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number; got {value!r}") from None
    ok = v >= 0 if allow_zero else v > 0
    if not ok or not np.isfinite(v):
        bound = "non-negative" if allow_zero else "positive"
        raise ValueError(f"{name} must be a finite {bound} number; got {value!r}")
    return v


def check_in_range(value, name: str, low: float, high: float, *, closed_low=True, closed_high=False) -> float:
    """Return ``value`` as float if it lies in the interval, else raise ``ValueError``."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number; got {value!r}") from None
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


def check_count(value, name: str, minimum: int = 1) -> int:
    """Return ``value`` as int if it is an integer >= ``minimum`` (bools refused), else raise ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


def as_generator(rng) -> np.random.Generator:
    """``rng`` itself if it is a :class:`numpy.random.Generator`, else ``numpy.random.default_rng(rng)``.

    Accepts None (fresh entropy) or a non-negative int seed; anything else is refused, in particular the
    legacy ``numpy.random.RandomState``.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be a numpy.random.Generator, an int seed or None; got {type(rng).__name__}")
