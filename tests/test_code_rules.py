"""The rules CONTRIBUTING.md states about the code, held to the code: one home per kernel, imports that run
downwards and never take another module's private names, and docs that name files that exist."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re

import pytest
from conftest import ROOT

import nnkit

SOURCES = sorted(p for folder in ("nnkit", "grading", "benchmarks", "book", "tests")
                 for p in (ROOT / folder).rglob("*.py") if "_build" not in p.parts)
NNKIT_MODULES = sorted(m.name for m in pkgutil.walk_packages(nnkit.__path__, "nnkit.")
                       if not m.name.startswith("nnkit.viz"))


def imports(path):
    """(module named, names taken, line) for every import statement of a file, relative ones made absolute."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    if path.name == "__init__.py":
        package = ".".join(path.relative_to(ROOT).parent.parts)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            yield module, [a.name for a in node.names], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno


GETTEXT = "_"  # gettext's conventional name for "translate this", imported from grading.i18n where it is defined


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_no_module_imports_another_modules_private_names(path):
    private = [f"line {line}: from {module} import {name}" for module, names, line in imports(path)
               for name in names if name.startswith("_") and not name.startswith("__") and name != GETTEXT]
    assert not private, f"{path.relative_to(ROOT)} imports private names; make them public where they live: {private}"


def test_every_kernel_has_one_home_in_nnkit_ops():
    homes = {}
    for name in NNKIT_MODULES:
        module = importlib.import_module(name)
        for attr, obj in vars(module).items():
            kernel = inspect.isfunction(obj) and re.search(r"_(forward|backward)$", attr)
            if kernel and obj.__module__.startswith("nnkit"):
                homes.setdefault(obj, set()).add(obj.__module__)
    assert homes, "no kernels found"
    outside = {f"{fn.__module__}.{fn.__name__}" for fn in homes if not fn.__module__.startswith("nnkit.ops.")}
    assert not outside, f"kernels defined outside nnkit/ops/: {sorted(outside)}"


@pytest.mark.parametrize("name", [m for m in NNKIT_MODULES if m.startswith("nnkit.layers.")])
def test_the_layers_modules_offer_only_layer_classes(name):
    module = importlib.import_module(name)
    others = [attr for attr in getattr(module, "__all__", ())
              if not (inspect.isclass(getattr(module, attr)) and issubclass(getattr(module, attr), nnkit.layers.Layer))]
    assert not others, f"{name} offers {others}: kernels and caches belong in nnkit.ops"


def test_kernels_import_nothing_above_them():
    allowed = ("nnkit._validate", "nnkit.functional", "nnkit.ops", "numpy", "typing", "__future__")
    for path in sorted((ROOT / "nnkit" / "ops").glob("*.py")):
        for module, names, line in imports(path):
            for imported in [f"{module}.{name}" for name in names] if module == "nnkit" else [module]:
                where = f"{path.relative_to(ROOT)}:{line}"
                assert imported.startswith(allowed), f"{where} imports {imported}: kernels sit below it"


def test_the_engine_does_not_import_the_grader():
    for path in sorted((ROOT / "nnkit").rglob("*.py")):
        for module, _names, line in imports(path):
            assert not module.startswith(("grading", "tests")), f"{path.relative_to(ROOT)}:{line} imports {module}"


# Names CONTRIBUTING.md uses for the files of its worked examples, which do not exist until someone adds them.
EXAMPLES = ("groupnorm", "ps7_rnn", "recurrent", "huber", "lion")
PATH = re.compile(r"`((?:nnkit|grading|book|tests|solutions|exercises|locales|benchmarks)/[^`\s]*"
                  r"|[\w.-]+\.(?:md|py|toml|yml))`")


@pytest.mark.parametrize("doc", ["CONTRIBUTING.md", "README.md", "book/instructors.md", "book/exercises.md"])
def test_the_docs_name_files_that_exist(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    missing = []
    for path in sorted(set(PATH.findall(text))):
        if any(example in path for example in EXAMPLES) or path.startswith("book/_build"):
            continue
        pattern = re.sub(r"<[^>]+>|slug", "*", path).replace("NN", "[0-9][0-9]").rstrip("/")
        if "/" not in pattern:
            pattern = f"**/{pattern}"  # a file named in the context of its folder
        if not any(ROOT.glob(pattern)):
            missing.append(path)
    assert not missing, f"{doc} names files that do not exist: {missing}"
