"""Each problem set's graded checks, one module per assignment: ``grading/problems/<assignment>.py``.

A module defines

* ``PARTS``: one :class:`Part` per graded test cell of the notebook, in the notebook's order;
* ``MISTAKES``: typical wrong answers, each ``(what the mistake is, grade_id of the solution cell,
  the code that replaces its solution region, grade_id of the one test cell that must then fail)``.

The grader draws each part's inputs from a seed the student cannot know, has the student's kernel call
the student's function on them (:mod:`grading.harness`), and compares what came back with
``reference`` in its own process (:mod:`grading.verdict`). The notebook's test cell keeps only the
public asserts, for the student's benefit, and a call that names its part.
"""

from __future__ import annotations

import copy
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..compare import ATOL, RTOL
from ..messages import say

__all__ = ["Built", "Case", "Mismatch", "Part", "data_cells", "forbidden_names", "graded_source", "kernel_source",
           "load", "substitute_specs", "variant"]


class Case:
    """One input of a check: the positional and keyword arguments, and a description for the feedback."""

    def __init__(self, description: str, *args, **kwargs):
        self.description = description
        self.args = args
        self.kwargs = kwargs

    def copy(self):
        """Fresh copies of (args, kwargs): every call gets its own."""
        return copy.deepcopy(self.args), copy.deepcopy(self.kwargs)


class NoDraws(Case):
    """A case in which the function must draw no random numbers: its generator arguments come back as
    they went in (dropout in evaluation mode)."""


class Built(Case):
    """A case whose arguments are made by ``build(*data)``, on the grader's side and in the kernel alike.

    For arguments that cannot travel as data: a function of the input (``f`` of a numerical gradient),
    or objects that must be the same object in two places. ``build`` is a function of the problem-set
    module that uses nothing but ``np`` and ``nk`` (its source is sent to the kernel) and returns
    ``(args, kwargs)``.
    """

    def __init__(self, description: str, build: Callable, *data):
        super().__init__(description, *data)
        self.build = build

    def data(self):
        """The data the arguments are built from, as (args, kwargs) copies."""
        return super().copy()

    def copy(self):
        args, kwargs = self.data()
        return self.build(*args, **kwargs)


class Mismatch(ValueError):
    """Raised by a part's ``adapt`` when the result has the wrong structure; the message says how."""


@dataclass(frozen=True)
class Part:
    """One graded part: the student's ``function`` checked against ``reference`` on ``cases(rng)``.

    ``hints`` are (wrong answer, advice) pairs: when the student's result equals the wrong answer's,
    the advice is added to the message. ``forbidden`` lists the nnkit functions or classes the part
    reimplements (calling them earns nothing, however they are reached). ``substitutes`` binds names
    of the notebook to correct versions of earlier parts while this part runs: nnkit functions, or
    functions of the problem-set module that use nothing but ``np`` and ``nk`` (their source is sent
    to the kernel).

    Three hooks serve parts that are not a plain function call compared value by value:

    * ``caller(obj, *args, **kwargs)`` (sent to the kernel as source) calls the notebook's object, e.g.
      ``nk.train.predict(model, X)`` for a trained ``model``;
    * ``adapt(result)`` (here) turns the returned value into what is compared with ``reference``
      (say, a dict's values in order), raising :class:`Mismatch` when its structure is wrong;
    * ``compare(got, expected)`` (here) replaces the element-wise comparison: None if ``got`` is right,
      else a sentence saying how it is wrong (an accuracy below the bar, say).

    ``data_cell = (grade_id, source)`` names a locked cell that, when the notebook is graded, runs
    ``source(rng)`` in place of its own code, ``rng`` drawn from the seed of this part's cases: data drawn
    at grading time (a split of the digits whose test images the student's kernel never holds).
    """

    grade_id: str
    title: str
    function: str
    points: float
    reference: Callable
    cases: Callable[..., list]
    hints: tuple = ()
    forbidden: tuple = ()
    substitutes: dict = field(default_factory=dict)
    rtol: float = RTOL
    atol: float = ATOL
    in_place_advice: str = say("in_place_advice")
    new_array: str = ""   # when set, the result must not be an argument or a view of one; this says why
    caller: Callable | None = None
    adapt: Callable | None = None
    compare: Callable | None = None
    data_cell: tuple[str, Callable] | None = None


def variant(wrong: Callable, **switches) -> Callable:
    """A typical wrong answer for a part's hints: ``wrong`` with some of its mistake switches on."""
    return lambda *args, **kwargs: wrong(*args, **kwargs, **switches)


def load(assignment: str):
    """The problem-set module of ``assignment``, or None when the assignment has none."""
    try:
        return importlib.import_module(f"{__name__}.{assignment}")
    except ModuleNotFoundError as error:
        if error.name == f"{__name__}.{assignment}":
            return None
        raise


def forbidden_names(part: Part) -> list[str]:
    """``module:qualname`` of where each forbidden function or class is defined (aliases share it)."""
    return [f"{obj.__module__}:{obj.__qualname__}" for obj in part.forbidden]


def kernel_source(fn: Callable) -> tuple:
    """How the kernel rebuilds ``fn``: nnkit's functions by name, the module's own from their source."""
    if fn.__module__.split(".")[0] == "nnkit":
        return ("nnkit", f"{fn.__module__}:{fn.__qualname__}")
    return ("source", inspect.getsource(fn), fn.__name__)


def data_cells(parts) -> dict[str, Part]:
    """The part of every locked cell that runs other code when graded, by the cell's grade_id."""
    return {part.data_cell[0]: part for part in parts if part.data_cell}


def graded_source(part: Part, seed: int) -> str:
    """The code that runs in place of ``part``'s data cell for the part's seed ``seed``."""
    return part.data_cell[1](np.random.default_rng(seed))


def substitute_specs(part: Part) -> dict:
    """What the kernel needs to rebuild each substitute."""
    return {name: kernel_source(fn) for name, fn in part.substitutes.items()}
