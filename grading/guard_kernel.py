"""Kernel side of the integrity guard: sent as source into the student's kernel before any cell runs.

Not imported by the grader. :func:`_install` snapshots the objects that tests rely on (NumPy's
comparison functions, the builtins, :mod:`nnkit.exercise`, IPython's error display and cell runner) and returns a
function kept in the kernel as ``__grading_guard__``:

* ``__grading_guard__("before")`` / ``("after")`` around an instructor's locked cell pins the names
  that cell binds in the notebook (``np``, ``check_function``, ...);
* ``__grading_guard__("check")`` returns ``"<nonce>:ok"`` or ``"<nonce>:<what was replaced>"``.

The nonce is known only to the grader and this closure, so a stand-in function cannot answer "ok".
"""


def _install(nonce):
    import builtins
    import importlib
    import sys

    shell = get_ipython()  # noqa: F821 (defined in an IPython kernel)
    watched_modules = ["builtins", "numpy", "numpy.testing", "numpy.linalg", "math", "nnkit.exercise"]
    originals = {}
    kernel_managed = {("builtins", "input"), ("builtins", "raw_input"), ("builtins", "getpass")}  # ipykernel resets these
    for name in watched_modules:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for attr, value in list(vars(module).items()):
            if not attr.startswith("__") and (name, attr) not in kernel_managed:
                originals[(name, attr)] = value
    shell_methods = ["showtraceback", "_showtraceback", "showsyntaxerror", "run_cell", "run_cell_async",
                     "run_code", "run_ast_nodes", "should_run_async"]
    class_methods = {m: getattr(type(shell), m, None) for m in shell_methods}
    instance_methods = {m: vars(shell).get(m) for m in shell_methods}
    pinned, seen_before = {}, {}
    _id, _repr, _sorted, _vars, _type = id, repr, sorted, vars, type  # immune to later patching of builtins

    def _pinnable(value):  # imports, functions and classes; not data a student may reuse a name for
        return _type(value).__name__ in ("module", "function", "builtin_function_or_method", "type") or (
            _type(value).__module__ or "").startswith(("numpy", "nnkit"))

    def replaced():
        found = []
        for (name, attr), value in originals.items():
            module = sys.modules.get(name)
            if module is not None and _vars(module).get(attr, value) is not value:
                found.append(f"{name}.{attr}")
        for method in shell_methods:
            if (getattr(_type(shell), method, None) is not class_methods[method]
                    or _vars(shell).get(method) is not instance_methods[method]):
                found.append(f"IPython's {method}")
        for var, value in pinned.items():
            if shell.user_ns.get(var, value) is not value:
                found.append(f"the notebook's {var} (set by a locked cell)")
        return found

    def guard(op):
        if op == "before":
            seen_before.clear()
            seen_before.update({k: _id(v) for k, v in shell.user_ns.items()})
            return f"{nonce}:ok"
        if op == "after":
            for k, v in list(shell.user_ns.items()):
                if not k.startswith("_") and seen_before.get(k) != _id(v) and _pinnable(v):
                    pinned.setdefault(k, v)
            return f"{nonce}:ok"
        found = replaced()
        return f"{nonce}:" + ("ok" if not found else ", ".join(_sorted(found)))

    return guard
