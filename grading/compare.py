"""Compare what a student's function returned with the reference, and say how they differ.

Nested results are labelled like Python indexing (``the result[1]``, ``the result['W']``), and the
sentences come from :mod:`grading.messages`.
"""

from __future__ import annotations

import numpy as np

from .messages import say

__all__ = ["ATOL", "RTOL", "compare_values", "describe", "was_changed"]

# Default tolerances, relative to the scale of the expected value (its largest magnitude). 1e-5 accepts
# an answer computed in float32 or summed in another order; every typical mistake is off by far more.
RTOL, ATOL = 1e-5, 1e-10


def describe(value) -> str:
    """A short description of a value for feedback: an array's shape and dtype, or a repr."""
    if isinstance(value, np.ndarray):
        return say("describe_array", shape=value.shape, dtype=value.dtype)
    if isinstance(value, tuple):
        return say("describe_tuple", items=", ".join(describe(v) for v in value))
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def scale(expected) -> float:
    """The largest finite magnitude in ``expected`` (0 for an empty or all-infinite array)."""
    finite = np.abs(np.asarray(expected, dtype=float))
    finite = finite[np.isfinite(finite)]
    return float(finite.max()) if finite.size else 0.0


def first_difference(got, expected, *, rtol, atol, equal_nan=False):
    """Index and values of the first element (row-major) outside the tolerance, or None.

    An element is within it when ``|got - expected| <= atol + rtol * scale(expected)``: the error is
    measured against the array's scale, not against each element. A derivative of 1.8e-29 next to
    values near 1, say, may be off by 0.1 % (``s * (1 - s)`` at a saturated unit) and still be right.
    """
    close = np.isclose(got, expected, rtol=0.0, atol=atol + rtol * scale(expected), equal_nan=equal_nan)
    if close.all():
        return None
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    return index, got[index], expected[index]


def compare_values(got, expected, *, rtol, atol, label=None, equal_nan=False):
    """None if ``got`` matches ``expected`` within ``rtol`` and ``atol``, else a sentence saying how it differs.

    ``equal_nan`` counts NaN as equal to NaN: for recognising a known wrong answer that overflows.
    ``label`` names the value in the sentence ("the result" by default, in the course's language).
    """
    label = say("the_result") if label is None else label
    if expected is None:
        return None if got is None else say("should_be_none", label=label, got=describe(got))
    if isinstance(expected, dict):
        return _compare_dict(got, expected, rtol, atol, label, equal_nan)
    if isinstance(expected, (tuple, list)):
        return _compare_sequence(got, expected, rtol, atol, label, equal_nan)
    if np.isscalar(expected) or (isinstance(expected, np.ndarray) and expected.ndim == 0):
        try:
            value = float(got)
        except (TypeError, ValueError):
            return say("should_be_number", label=label, got=describe(got))
        if not np.isclose(value, float(expected), rtol=rtol, atol=atol):
            return say("number_differs", label=label, expected=float(expected), got=value)
        return None
    return _compare_array(got, expected, rtol, atol, label, equal_nan)


def _compare_dict(got, expected, rtol, atol, label, equal_nan):
    if not isinstance(got, dict) or set(got) != set(expected):
        keys = sorted(got) if isinstance(got, dict) else describe(got)
        return say("dict_keys", label=label, keys=sorted(expected), got=keys)
    for key in expected:
        problem = compare_values(got[key], expected[key], rtol=rtol, atol=atol, label=f"{label}[{key!r}]",
                                 equal_nan=equal_nan)
        if problem:
            return problem
    return None


def _compare_sequence(got, expected, rtol, atol, label, equal_nan):
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        return say("sequence_length", label=label, kind=type(expected).__name__, n=len(expected), got=describe(got))
    for k, (g, e) in enumerate(zip(got, expected)):
        problem = compare_values(g, e, rtol=rtol, atol=atol, label=f"{label}[{k}]", equal_nan=equal_nan)
        if problem:
            return problem
    return None


def _compare_array(got, expected, rtol, atol, label, equal_nan):
    if not isinstance(got, np.ndarray):
        return say("should_be_array", label=label, shape=expected.shape, got=describe(got))
    if got.shape != expected.shape:
        return say("array_shape", label=label, shape=expected.shape, got=got.shape)
    if got.dtype.kind != "f" and expected.dtype.kind == "f":
        return say("array_floats", label=label, dtype=expected.dtype, got=got.dtype)
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(expected)):
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(got))[0])
        return say("array_not_finite", label=label, value=got[index], index=index, expected=expected[index])
    difference = first_difference(got, expected, rtol=rtol, atol=atol, equal_nan=equal_nan)
    if difference:
        index, g, e = difference
        return say("array_differs", label=label, index=index, expected=e, got=g)
    return None


def was_changed(before, after) -> bool:
    """Whether an argument (an array, or a dict / list / tuple holding arrays) was modified."""
    if isinstance(before, np.ndarray):
        return not (isinstance(after, np.ndarray) and before.shape == after.shape
                    and np.array_equal(before, after, equal_nan=True))
    if isinstance(before, dict):
        return not isinstance(after, dict) or set(before) != set(after) or any(
            was_changed(before[k], after[k]) for k in before)
    if isinstance(before, (list, tuple)):
        return not isinstance(after, (list, tuple)) or len(before) != len(after) or any(
            was_changed(b, a) for b, a in zip(before, after))
    return False
