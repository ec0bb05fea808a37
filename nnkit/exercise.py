"""Checks for the graded exercises: compare a student's function with the nnkit reference.

A test cell of an assignment calls :func:`check_function` once per graded part. The check runs the
student's function and the reference on the same inputs (seeded random arrays of several shapes, and
edge cases) and fails with a :class:`GradingError` whose message a student can act on:

* which part and which input (its description, shapes and seed),
* expected against obtained (shape, dtype, value) and the first position where they differ,
* a hint when the answer matches a known mistake (a forgotten max-shift, a transposed ``W``, a mean
  where a sum was asked for, ...),
* that the function changed its input arrays in place,
* that the function merely called the nnkit function it is meant to implement (no points for that).

A ``GradingError`` prints only its message: no traceback of the test code reaches the student's
feedback. Later parts that build on earlier ones are graded with the reference version of the
earlier parts put in their place (:func:`substituted`), so one wrong function costs one part.
"""

from __future__ import annotations

import contextlib
import copy
import importlib

import numpy as np

__all__ = ["GradingError", "Case", "check_function", "substituted", "describe", "compare_values", "was_changed",
           "IN_PLACE_ADVICE", "public_checks_passed"]


class GradingError(AssertionError):
    """A failed check. In IPython only its message is shown, not the traceback of the test code."""

    def _render_traceback_(self):  # IPython calls this instead of formatting a traceback
        return [f"GradingError: {line}" if i == 0 else line for i, line in enumerate(str(self).splitlines())]


class Case:
    """One input of a check: the positional arguments and a short description for the feedback."""

    def __init__(self, description: str, *args, **kwargs):
        self.description = description
        self.args = args
        self.kwargs = kwargs

    def copy(self):
        return copy.deepcopy(self.args), copy.deepcopy(self.kwargs)


def describe(value) -> str:
    """A short description of a value for feedback: an array's shape and dtype, or a repr."""
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape}, dtype {value.dtype}"
    if isinstance(value, tuple):
        return "tuple (" + ", ".join(describe(v) for v in value) + ")"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Trap:
    """Stands in for an nnkit function during a student's call and records that it was called."""

    def __init__(self, name, original):
        self.name, self.original, self.called = name, original, False

    def __call__(self, *args, **kwargs):
        self.called = True
        return self.original(*args, **kwargs)


def _filled(cell):
    try:
        _ = cell.cell_contents
    except ValueError:  # an empty cell
        return False
    return True


@contextlib.contextmanager
def _traps(forbidden, fn):
    """Replace each ``"module.attr"`` of ``forbidden`` (e.g. ``"nnkit.functional.softmax"``) by a trap,
    in its module and wherever ``fn``'s globals or closure hold it under another name."""
    namespace = getattr(fn, "__globals__", {})
    closure = [c for c in (getattr(fn, "__closure__", None) or ()) if _filled(c)]
    traps, saved = [], []  # saved: (place, name, original, trap put there)
    for dotted in forbidden:
        module_name, attr = dotted.rsplit(".", 1)
        module = importlib.import_module(module_name)
        original = getattr(module, attr)
        trap = _Trap(dotted, original)
        traps.append(trap)
        saved.append((module.__dict__, attr, original, trap))
    for trap in traps:
        for name, value in list(namespace.items()):
            if value is trap.original and not any(p is namespace and n == name for p, n, _, _ in saved):
                saved.append((namespace, name, trap.original, trap))  # `from nnkit.functional import softmax`
        for cell in closure:
            if cell.cell_contents is trap.original and not any(p is cell for p, _, _, _ in saved):
                saved.append((cell, None, trap.original, trap))

    def put(place, name, value):
        if name is None:
            place.cell_contents = value  # a closure cell of the student's function
        else:
            place[name] = value

    try:
        for place, name, _, trap in saved:
            put(place, name, trap)
        yield traps
    finally:
        for place, name, original, _ in saved:
            put(place, name, original)


@contextlib.contextmanager
def substituted(namespace: dict, **replacements):
    """Temporarily bind names in ``namespace`` (a notebook's ``globals()``) to other functions.

    Used to grade a later part with the reference version of the earlier parts it calls, so that a
    mistake in an earlier part is not charged twice.
    """
    missing = object()
    saved = {name: namespace.get(name, missing) for name in replacements}
    namespace.update(replacements)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def _first_difference(got, expected, rtol, atol, equal_nan=False):
    """Index and values of the first element (row-major) outside the tolerance, or None."""
    close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=equal_nan)
    if close.all():
        return None
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    return index, got[index], expected[index]


def compare_values(got, expected, rtol, atol, label="the result", equal_nan=False):
    # Nested results are labelled like Python indexing: the result[1], the result['W'].
    """None if ``got`` matches ``expected``, else a sentence saying how it differs.

    ``equal_nan`` counts NaN as equal to NaN: for recognising a known wrong answer that overflows.
    """
    if expected is None:
        return None if got is None else f"{label} should be None; got {describe(got)}"
    if isinstance(expected, dict):
        if not isinstance(got, dict) or set(got) != set(expected):
            keys = sorted(got) if isinstance(got, dict) else describe(got)
            return f"{label} should be a dict with the keys {sorted(expected)}; got {keys}"
        for key in expected:
            problem = compare_values(got[key], expected[key], rtol, atol, f"{label}[{key!r}]", equal_nan)
            if problem:
                return problem
        return None
    if isinstance(expected, (tuple, list)):
        kind = type(expected).__name__
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"{label} should be a {kind} of {len(expected)} values; got {describe(got)}"
        for k, (g, e) in enumerate(zip(got, expected)):
            problem = compare_values(g, e, rtol, atol, f"{label}[{k}]", equal_nan)
            if problem:
                return problem
        return None
    if np.isscalar(expected) or (isinstance(expected, np.ndarray) and expected.ndim == 0):
        try:
            value = float(got)
        except (TypeError, ValueError):
            return f"{label} should be a number; got {describe(got)}"
        if not np.isclose(value, float(expected), rtol=rtol, atol=atol):
            return f"{label} should be {float(expected):.10g}; got {value:.10g}"
        return None
    if not isinstance(got, np.ndarray):
        return f"{label} should be a NumPy array of shape {expected.shape}; got {describe(got)}"
    if got.shape != expected.shape:
        return f"{label} should have shape {expected.shape}; got shape {got.shape}"
    if got.dtype.kind != "f" and expected.dtype.kind == "f":
        return f"{label} should hold floats ({expected.dtype}); got dtype {got.dtype}"
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(expected)):
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(got))[0])
        return f"{label} contains {got[index]} at index {index} where {expected[index]:.6g} was expected"
    difference = _first_difference(got, expected, rtol, atol, equal_nan)
    if difference:
        index, g, e = difference
        return f"{label} differs first at index {index}: expected {e:.8g}, got {g:.8g}"
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


def _call(part, fn, case):
    args, kwargs = case.copy()
    try:
        return fn(*args, **kwargs), args, kwargs
    except NotImplementedError:
        raise GradingError(f"{part}: not implemented yet (the cell still raises NotImplementedError)") from None
    except GradingError:
        raise
    except Exception as error:  # the student's code failed: say how, on which input
        raise GradingError(
            f"{part}: on {case.description} your function raised {type(error).__name__}: {error}"
        ) from None


IN_PLACE_ADVICE = "Compute a new array instead (e.g. x = x - m, not x -= m)."


def check_function(part, fn, reference, cases, *, hints=(), forbidden=(), rtol=1e-7, atol=1e-10,
                   in_place_advice=IN_PLACE_ADVICE):
    """Check ``fn`` against ``reference`` on every case; raise :class:`GradingError` on the first problem.

    Parameters
    ----------
    part : str
        The part's name as the assignment shows it, e.g. ``"Part 3: stable softmax"``.
    fn, reference : callable
        The student's function and the reference implementation, called with the same arguments.
    cases : list of Case
        Inputs with descriptions (shapes, seeds, edge cases) for the feedback.
    hints : list of (callable, str)
        Known wrong answers: if ``fn``'s result matches ``wrong(*args)``, the message is added.
    forbidden : list of str
        Dotted names of nnkit functions ``fn`` must not call (the ones it reimplements).
    rtol, atol : float
        Tolerances of the comparison.
    in_place_advice : str
        What to tell a student whose function changed an argument in place.
    """
    for case in cases:
        expected_args, expected_kwargs = case.copy()
        expected = reference(*expected_args, **expected_kwargs)
        with _traps(forbidden, fn) as traps:
            got, args_after, kwargs_after = _call(part, fn, case)
        called = [t.name for t in traps if t.called]
        if called:
            what = (f"{called[0]}, the nnkit function it is meant to implement" if len(called) == 1 else
                    f"{', '.join(called[:-1])} and {called[-1]}, nnkit's own versions of what it should compute")
            raise GradingError(
                f"{part}: your function calls {what}. Write the computation yourself: "
                "this part earns no points this way."
            )
        for k, (before, after) in enumerate(zip(case.args, args_after)):
            if was_changed(before, after):
                raise GradingError(
                    f"{part}: on {case.description}, your function changed its argument {k + 1} in place. "
                    + in_place_advice
                )
        problem = compare_values(got, expected, rtol, atol)
        if problem is None:
            continue
        message = f"{part}: on {case.description}, {problem}."
        for wrong, hint in hints:
            wrong_args, wrong_kwargs = case.copy()
            try:
                wrong_result = wrong(*wrong_args, **wrong_kwargs)
            except Exception:
                continue
            if compare_values(got, wrong_result, rtol, atol, equal_nan=True) is None:
                message += f"\nHint: {hint}"
                break
        raise GradingError(message)


def public_checks_passed(part: str) -> None:
    """The last line of a test cell: the public checks above it passed.

    Says so, and that the grader checks the part again on inputs of its own, outside the notebook.
    """
    print(f"{part}: the public checks pass. When graded, your function is also checked on inputs drawn "
          "at grading time.")
