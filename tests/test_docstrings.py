"""Every public function and class of nnkit has a NumPy-style docstring (CONTRIBUTING.md, "Docstrings").

What is checked: every module under ``nnkit/`` whose dotted name has no part starting with an underscore
(``nnkit._validate`` and ``nnkit.viz._png`` are private), and in it each function and class that the module lists
in ``__all__`` (every public name it defines, for a module without ``__all__``) and defines itself, so that a
re-export is checked once, where it is defined. For a class, also its public methods and properties defined in
the class itself, and ``__call__``.

The rules, one test each, parametrized over the objects so that a failure names the object:

* it has a docstring of its own;
* if it takes arguments (a class: its constructor's), other than ``self``, ``*args`` and ``**kwargs``, a
  ``Parameters`` section lists each of them by name (``a, b : int`` lists two); a NamedTuple or a dataclass,
  whose arguments are its fields, may list them under ``Attributes`` instead;
* if it returns something (a ``return`` with a value or a ``yield`` in its own body, or a return annotation
  other than None), it has a ``Returns`` (or ``Yields``) section;
* an argument or attribute documented as an array (a type such as ``ndarray`` or ``array_like``) gives its
  shape: ``x : ndarray, shape (N, D)``, or "any shape", or "shape of ``x``".

One line is enough, and the section rules do not apply, for a function without arguments (the Returns rule
then only when its docstring is longer than one line) and for a trivial method: ``forward``/``backward`` of a
layer (documented on its class), ``extra_repr``, ``__call__`` and other dunders, and a method that overrides a
documented method of a base class with the same signature.

The sections are read with the small parser below (numpydoc's conventions: a title, a line of dashes under it,
entries ``name : type`` at the section's indentation with their description indented under them).
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
import re
import textwrap
from dataclasses import dataclass

import pytest

import nnkit
from nnkit.layers import Layer

# --- reading a NumPy-style docstring ----------------------------------------------------------------------------

_HEADING = re.compile(r"^(?P<title>[A-Z][A-Za-z ]*?)[ \t]*\n-{3,}[ \t]*$", re.M)


def sections(doc: str) -> dict[str, str]:
    """The sections of a docstring, title → body: ``{"Parameters": "x : ndarray, shape (N, D)\\n...", ...}``."""
    text = inspect.cleandoc(doc)
    headings = list(_HEADING.finditer(text))
    ends = [h.start() for h in headings[1:]] + [len(text)]
    return {h["title"]: text[h.end():end].strip("\n") for h, end in zip(headings, ends)}


def entries(body: str) -> dict[str, str]:
    """The entries of a Parameters-like section, name → the entry's text (its ``name : type`` line and description).

    An entry starts at an unindented line, ``name : type`` or a bare ``name``; ``a, b : type`` documents both
    names, ``*args`` and ``**kwargs`` are listed without their stars.
    """
    found: dict[str, str] = {}
    names: list[str] = []
    for line in body.splitlines():
        if line[:1].strip():
            names = [name.strip().lstrip("*") for name in line.partition(" : ")[0].split(",")]
            found.update(dict.fromkeys(names, line))
        elif line.strip():
            for name in names:
                found[name] += "\n" + line
    return found


def type_of(entry: str) -> str:
    """The type of an entry: what follows `` : `` on its first line ("" for a bare name)."""
    return entry.splitlines()[0].partition(" : ")[2]


# --- the objects ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Documented:
    """One object to check: ``name`` as in a test id, the object, and for a method its class and attribute."""

    name: str
    obj: object
    owner: type | None = None
    attr: str = ""

    def __str__(self):
        return self.name

    @property
    def is_class(self) -> bool:
        return inspect.isclass(self.obj)

    @property
    def function(self):
        """The function behind a function, method, static method or property (None for a class)."""
        obj = self.obj
        if isinstance(obj, (staticmethod, classmethod)):
            return obj.__func__
        if isinstance(obj, property):
            return obj.fget
        return None if self.is_class else obj

    @property
    def doc(self) -> str:
        """The object's own docstring ("" if none; a NamedTuple's or a dataclass's generated one counts as none)."""
        doc = (self.obj.__dict__.get("__doc__") if self.is_class else self.function.__doc__) or ""
        if self.is_class and re.fullmatch(rf"{re.escape(self.obj.__name__)}\(.*\)", doc, re.S):
            return ""
        return doc

    @property
    def is_record(self) -> bool:
        """A NamedTuple or a dataclass: its constructor's arguments are its fields."""
        return self.is_class and (dataclasses.is_dataclass(self.obj) or hasattr(self.obj, "_fields"))

    def arguments(self) -> list[str]:
        """The arguments to document: the constructor's for a class; never self, cls, *args or **kwargs."""
        signature = inspect.signature(self.obj if self.is_class else self.function)
        params = list(signature.parameters.values())
        if self.owner is not None and not isinstance(self.obj, staticmethod):
            params = params[1:]  # self or cls
        return [p.name for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]

    def is_trivial(self) -> bool:
        """A method whose one-line docstring is enough (see the module docstring)."""
        if self.owner is None:
            return False
        attr, owner = self.attr, self.owner
        if attr == "extra_repr" or (attr.startswith("__") and attr.endswith("__")):
            return True
        if attr in ("forward", "backward") and issubclass(owner, Layer) and owner is not Layer:
            return True
        base = next((vars(b)[attr] for b in owner.__mro__[1:] if attr in vars(b)), None)
        return base is not None and bool(getattr(base, "__doc__", None)) and _same_signature(base, self.function)

    def returns_something(self) -> bool:
        """A return annotation other than None, else a ``return`` with a value (or a yield) in the body itself."""
        annotation = inspect.signature(self.function).return_annotation
        if annotation is not inspect.Signature.empty:
            return annotation not in (None, "None")
        tree = ast.parse(textwrap.dedent(inspect.getsource(self.function))).body[0]
        return any(_gives_a_value(node) for node in _own_nodes(tree))


def _same_signature(a, b) -> bool:
    def shape(f):
        return [(p.name, p.kind, p.default) for p in inspect.signature(f).parameters.values()]

    return callable(a) and shape(a) == shape(b)


def _own_nodes(function: ast.AST):
    """The nodes of a function's body, without those of functions, lambdas and classes defined inside it."""
    stack = list(function.body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))


def _gives_a_value(node: ast.AST) -> bool:
    if isinstance(node, (ast.Yield, ast.YieldFrom)):
        return True
    return (isinstance(node, ast.Return) and node.value is not None
            and not (isinstance(node.value, ast.Constant) and node.value.value is None))


def public_modules() -> list:
    """nnkit and every module below it whose dotted name has no part starting with an underscore."""
    names = ["nnkit"] + [m.name for m in pkgutil.walk_packages(nnkit.__path__, "nnkit.")]
    return [importlib.import_module(name) for name in names
            if not any(part.startswith("_") for part in name.split("."))]


def documented_objects() -> list[Documented]:
    """Every public function and class at home in a public module, then each class's own public methods."""
    found: dict[int, Documented] = {}  # by id: an alias (glorot_uniform, zero_state) is checked once
    for module in public_modules():
        names = getattr(module, "__all__", None)
        if names is None:
            names = [name for name in vars(module) if not name.startswith("_")]
        for name in names:
            obj = getattr(module, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)) or obj.__module__ != module.__name__:
                continue
            qualified = f"{module.__name__}.{obj.__qualname__}"
            found.setdefault(id(obj), Documented(qualified, obj))
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    function = Documented("", member, obj, attr).function
                    if (attr.startswith("_") and attr != "__call__") or not inspect.isfunction(function):
                        continue
                    if not function.__qualname__.startswith(f"{obj.__qualname__}."):
                        continue  # a module function kept as a class attribute (Loss.value_fn): checked at home
                    found.setdefault(id(function), Documented(f"{qualified}.{attr}", member, obj, attr))
    return sorted(found.values(), key=str)


OBJECTS = documented_objects()
WITH_ARGUMENTS = [o for o in OBJECTS if o.arguments() and not o.is_trivial()]
RETURNING = [o for o in OBJECTS
             if not o.is_class and not isinstance(o.obj, property) and not o.is_trivial() and o.returns_something()
             and (o.arguments() or len(o.doc.strip().splitlines()) > 1)]
WITH_ENTRIES = [o for o in OBJECTS if {"Parameters", "Attributes"} & set(sections(o.doc))]


# --- the rules -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("item", OBJECTS, ids=str)
def test_has_a_docstring(item):
    assert item.doc.strip(), f"{item} has no docstring"


@pytest.mark.parametrize("item", WITH_ARGUMENTS, ids=str)
def test_every_argument_is_in_the_parameters_section(item):
    found = sections(item.doc)
    listed = set(entries(found.get("Parameters", "")))
    if item.is_record:
        listed |= set(entries(found.get("Attributes", "")))
    assert found.get("Parameters") or (item.is_record and found.get("Attributes")), (
        f"{item} takes {', '.join(item.arguments())} but its docstring has no 'Parameters' section "
        "(a title with a line of dashes under it)"
    )
    missing = [name for name in item.arguments() if name not in listed]
    where = "Parameters (or Attributes) section" if item.is_record else "Parameters section"
    assert not missing, f"{item}: the {where} does not list {', '.join(missing)}"


@pytest.mark.parametrize("item", RETURNING, ids=str)
def test_what_is_returned_has_a_returns_section(item):
    found = sections(item.doc)
    assert found.get("Returns") or found.get("Yields"), f"{item} returns a value but has no 'Returns' section"


@pytest.mark.parametrize("item", WITH_ENTRIES, ids=str)
def test_every_array_gives_its_shape(item):
    found = sections(item.doc)
    documented = {**entries(found.get("Parameters", "")), **entries(found.get("Attributes", ""))}
    shapeless = [name for name, entry in documented.items()
                 if re.search("array", type_of(entry), re.I) and "shape" not in entry.lower()]
    assert not shapeless, (f"{item}: the array {', '.join(shapeless)} has no shape in its entry "
                           "(e.g. 'x : ndarray, shape (N, D)', 'any shape', 'shape of x')")


# --- the checker itself ----------------------------------------------------------------------------------------


def test_the_walk_finds_the_engine_and_checks_a_re_export_once():
    names = {str(o) for o in OBJECTS}
    for expected in ("nnkit.ops.activation.sigmoid_forward", "nnkit.ops.conv.ConvCache", "nnkit.layers.dense.Dense",
                     "nnkit.layers.dense.Dense.forward", "nnkit.optim.Adam", "nnkit.optim.Optimizer.step",
                     "nnkit.optim.Optimizer.lr", "nnkit.losses.Loss.forward", "nnkit.schedules.clip_grad_norm",
                     "nnkit.viz.training.plot_loss_curves", "nnkit.viz.exploration.explore", "nnkit.train.History"):
        assert expected in names
    assert not {"nnkit.optim.clip_grad_norm", "nnkit.layers.Dense", "nnkit.conv_ops.conv2d"} & names  # re-exports
    assert not [n for n in names if "._" in n.replace(".__call__", "")]  # nothing private
    assert {str(o) for o in RETURNING} >= {"nnkit.ops.dense.dense_forward", "nnkit.data.minibatches"}
    assert "nnkit.layers.dense.Dense.forward" not in {str(o) for o in WITH_ARGUMENTS}  # trivial
    assert "nnkit.layers.base.Layer.forward" in {str(o) for o in WITH_ARGUMENTS}


def test_the_section_reader():
    doc = """Summary.

        Parameters
        ----------
        a, b : ndarray, shape (N,)
            Two arrays.
        *args : int
        c
            Untyped.

        Returns
        -------
        float
        """
    found = sections(doc)
    assert set(found) == {"Parameters", "Returns"}
    listed = entries(found["Parameters"])
    assert set(listed) == {"a", "b", "args", "c"}
    assert type_of(listed["a"]) == "ndarray, shape (N,)" and "Two arrays." in listed["b"]
    assert type_of(listed["c"]) == ""
