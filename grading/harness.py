"""Kernel side of out-of-process grading: the only grading code that runs in a student's kernel.

The grader starts each kernel with this file instead of ``ipykernel_launcher``::

    python harness.py --inbox DIR --outbox DIR -f {connection_file}

It runs as a script, outside the :mod:`grading` package (the sandbox shows the kernel this one file),
and imports nothing but the standard library, NumPy, nnkit and ipykernel. Before the kernel runs any cell it

* keeps the notebook's namespace (the dict the cells run in) and its own references to what it uses;
* indexes the code of every nnkit function and method by ``module:qualname``;
* starts a thread that waits for requests, ``DIR/<k>.pickle``, written by the grader.

A request names a function of the notebook, the inputs to call it with, the nnkit functions the part
reimplements (by where they are defined) and functions to put in place of earlier parts while it runs.
The thread calls the student's function in a thread of its own, never through IPython's cell runner,
so input transformers, AST transformers, a patched ``run_cell`` or event hooks never see or touch it.
It writes what came back, ``OUTBOX/<k>.json`` with the arrays in ``OUTBOX/<k>.npz``: the return
value, the arguments after the call (to see in-place changes), the exception raised, and which of
the nnkit functions ran during the call (a profile hook matches their code objects, so every alias,
re-export, default argument, registry or subclass that reaches them is seen).

Nothing here decides a grade: the grader compares the values with the reference in its own process.
"""

import argparse
import ctypes
import io
import json
import os
import pickle
import sys
import threading
import time
import types

import numpy as np

_savez = np.savez                  # kept before any student code runs
_asarray = np.asarray
_ndarray, _generic = np.ndarray, np.generic
_Generator = np.random.Generator
_may_share_memory = np.may_share_memory
_json_dump = json.dump
_replace, _exists, _join = os.replace, os.path.exists, os.path.join
_setprofile, _getprofile = sys.setprofile, sys.getprofile
_sleep, _monotonic = time.sleep, time.monotonic
_Thread = threading.Thread
_raise_in_thread = ctypes.pythonapi.PyThreadState_SetAsyncExc

MAX_ITEMS = 10_000           # items of a list, tuple or dict that are sent back
MAX_TEXT = 500               # characters of a message or repr that are sent back
POLL_SECONDS = 0.005


class CallTimedOut(BaseException):
    """Raised inside a student's function that ran past its time (BaseException: a bare except misses it)."""


def nnkit_code_index():
    """``module:qualname`` of every nnkit function, method and class → the code objects it runs."""
    import nnkit  # noqa: F401  (imports the submodules the index walks)

    index = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("nnkit") or module is None:
            continue
        for value in list(vars(module).values()):
            if getattr(value, "__module__", None) != name:
                continue
            if isinstance(value, types.FunctionType):
                index[f"{name}:{value.__qualname__}"] = {value.__code__}
            elif isinstance(value, type):
                index[f"{name}:{value.__qualname__}"] = _class_codes(value)
    return index


def _class_codes(cls):
    codes = set()
    for member in vars(cls).values():
        for fn in (member, getattr(member, "__func__", None), getattr(member, "fget", None)):
            if isinstance(fn, types.FunctionType):
                codes.add(fn.__code__)
    return codes


def encode(value, arrays, depth=0):
    """A JSON-able description of ``value``; arrays go into ``arrays`` (saved without pickle)."""
    if depth > 20:
        return {"t": "opaque", "type": "nested too deeply", "repr": ""}
    if value is None:
        return {"t": "none"}
    if isinstance(value, bool):
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, int):
        return {"t": "int", "v": int(value)} if abs(value) < 2 ** 63 else {"t": "float", "v": float(value)}
    if isinstance(value, float):
        return {"t": "float", "v": float(value)}
    if isinstance(value, str):
        return {"t": "str", "v": str(value)[:MAX_TEXT]}
    if isinstance(value, (_ndarray, _generic)):
        array = _asarray(value)
        if array.dtype.kind in "biufc":
            key = f"a{len(arrays)}"
            arrays[key] = array.view(_ndarray) if isinstance(value, _ndarray) else array
            return {"t": "array" if isinstance(value, _ndarray) else "scalar", "a": key}
    if isinstance(value, _Generator):  # its state: whether the call drew random numbers from it
        return {"t": "rng", "state": _rng_state(value)}
    if isinstance(value, (tuple, list)):
        items = [encode(v, arrays, depth + 1) for v in list(value)[:MAX_ITEMS]]
        return {"t": "tuple" if isinstance(value, tuple) else "list", "items": items}
    if isinstance(value, dict):
        items = [[str(k)[:MAX_TEXT], encode(v, arrays, depth + 1)] for k, v in list(value.items())[:MAX_ITEMS]
                 if isinstance(k, str)]
        return {"t": "dict", "items": items}
    return {"t": "opaque", "type": type(value).__name__[:MAX_TEXT], "repr": _short_repr(value)}


def _rng_state(generator):
    """The bit generator's state as JSON (its integers may pass 2**64: sent as text)."""
    try:
        return json.loads(json.dumps(generator.bit_generator.state, default=str), parse_int=str)
    except BaseException:  # noqa: BLE001 - a student's own bit generator may do anything
        return None


def _short_repr(value):
    try:
        return repr(value)[:MAX_TEXT]
    except BaseException:  # noqa: BLE001 - a student's __repr__ may do anything
        return "(no repr)"


class Harness:
    """Answers the grader's requests by calling functions of the notebook namespace ``user_ns``."""

    def __init__(self, inbox, outbox, user_ns):
        self.inbox, self.outbox, self.user_ns = inbox, outbox, user_ns
        self.codes = nnkit_code_index()

    def serve(self):
        k = 0
        while True:
            path = _join(self.inbox, f"{k}.pickle")
            if not _exists(path):
                _sleep(POLL_SECONDS)
                continue
            with open(path, "rb") as f:
                request = pickle.load(f)  # written by the grader, never by the kernel (a read-only folder)
            try:
                self.answer(k, request)
            except BaseException as error:  # noqa: BLE001 - say why, and go on with the next part
                why = f"{type(error).__name__}: {_short_repr_message(error)}"
                try:
                    self.write(k, {"nonce": request["nonce"], "failed": why}, {})
                except BaseException:  # noqa: BLE001 - nothing can be written: the grader's wait says so
                    pass
            k += 1

    def answer(self, k, request):
        arrays, record = {}, {"nonce": request["nonce"], "cases": []}
        target = self.user_ns.get(request["function"], None)
        caller = self.rebuild(request["caller"]) if request.get("caller") else None
        if target is None or not (callable(target) or caller):
            record["missing"] = True
        else:
            fn = target if caller is None else (lambda *args, **kwargs: caller(target, *args, **kwargs))
            substitutes = {name: self.rebuild(spec) for name, spec in request["substitutes"].items()}
            trusted = [caller] if caller else []
            forbidden = {code: name for name in request["forbidden"] for code in self.codes.get(name, ())}
            deadline = _monotonic() + request["seconds"]
            for case in request["cases"]:
                args, kwargs = self.arguments(case)
                outcome = self.call(fn, target, args, kwargs, substitutes, trusted, forbidden,
                                    deadline - _monotonic())
                record["cases"].append(self.encode_outcome(outcome, args, kwargs, arrays))
                if "timeout" in outcome:
                    break
        self.write(k, record, arrays)

    def write(self, k, record, arrays):
        """Answer ``k``: the arrays first, then the JSON record, which appears whole (the grader waits for it)."""
        _savez(_join(self.outbox, f"{k}.npz"), **arrays)
        with open(_join(self.outbox, f"{k}.json.part"), "w") as f:
            _json_dump(record, f)
        _replace(_join(self.outbox, f"{k}.json.part"), _join(self.outbox, f"{k}.json"))

    def arguments(self, case):
        """(args, kwargs) of one case: sent as they are, or built here from data by the grader's function."""
        if isinstance(case, dict):
            args, kwargs = case["data"]
            return self.rebuild(case["build"])(*args, **kwargs)
        return case

    @staticmethod
    def rebuild(spec):
        """A function the grader named: nnkit's (``module:qualname``), or one of its own sent as source."""
        if spec[0] == "nnkit":
            module, _, qualname = spec[1].partition(":")
            value = sys.modules[module]
            for attr in qualname.split("."):
                value = getattr(value, attr)
            return value
        namespace = {"np": np, "nk": sys.modules["nnkit"]}
        exec(compile(spec[1], f"<grader's {spec[2]}>", "exec"), namespace)  # noqa: S102 - the grader's code
        return namespace[spec[2]]

    def call(self, fn, target, args, kwargs, substitutes, trusted, forbidden, seconds):
        """Run ``fn(*args, **kwargs)`` in its own thread with ``substitutes`` bound in ``target``'s
        namespace; what happened. Calls into nnkit from ``substitutes`` or ``trusted`` functions are allowed."""
        namespace = getattr(target, "__globals__", self.user_ns)
        missing = object()
        saved = {name: namespace.get(name, missing) for name in substitutes}
        trusted = {getattr(f, "__code__", None) for f in [*substitutes.values(), *trusted]}
        outcome = {"called": [], "args": args, "kwargs": kwargs}

        def hook(frame, event, arg):
            if event == "call" and frame.f_code in forbidden:
                caller = frame.f_back
                while caller is not None and caller.f_code not in trusted:
                    caller = caller.f_back
                if caller is None and forbidden[frame.f_code] not in outcome["called"]:
                    outcome["called"].append(forbidden[frame.f_code])

        def run():
            stdout, stderr = sys.stdout, sys.stderr
            sys.stdout = sys.stderr = io.StringIO()  # what the call prints goes nowhere
            _setprofile(hook)
            try:
                outcome["result"] = fn(*args, **kwargs)
            except CallTimedOut:
                outcome["timeout"] = True
            except BaseException as error:  # noqa: BLE001 - the student's exception, reported as such
                outcome["raised"] = (type(error).__name__[:MAX_TEXT], _short_repr_message(error))
            finally:
                outcome["profile_off"] = _getprofile() is not hook
                _setprofile(None)
                sys.stdout, sys.stderr = stdout, stderr

        namespace.update(substitutes)
        try:
            worker = _Thread(target=run, daemon=True)
            worker.start()
            worker.join(max(seconds, 0.0))
            if worker.is_alive():
                _raise_in_thread(ctypes.c_ulong(worker.ident), ctypes.py_object(CallTimedOut))
                worker.join(1.0)
                outcome["timeout"] = True
        finally:
            for name, value in saved.items():
                if value is missing:
                    namespace.pop(name, None)
                else:
                    namespace[name] = value
        return outcome

    @staticmethod
    def encode_outcome(outcome, args, kwargs, arrays):
        record = {"called": outcome["called"], "profile_off": outcome.get("profile_off", False)}
        if "timeout" in outcome:
            record["timeout"] = True
        elif "raised" in outcome:
            record["raised"] = list(outcome["raised"])
        else:
            record["result"] = encode(outcome["result"], arrays)
            record["shares"] = _shared_arguments(outcome["result"], args)
        record["args"] = encode(list(args), arrays)
        record["kwargs"] = encode(dict(kwargs), arrays)
        return record


def _shared_arguments(result, args):
    """Positions (from 1) of the array arguments whose memory a returned array shares (x itself, a view)."""
    try:
        if not isinstance(result, _ndarray):
            return []
        return [k + 1 for k, arg in enumerate(args) if isinstance(arg, _ndarray) and _may_share_memory(result, arg)]
    except BaseException:  # noqa: BLE001 - a student's array subclass may do anything
        return []


def _short_repr_message(error):
    try:
        return str(error)[:MAX_TEXT]
    except BaseException:  # noqa: BLE001
        return "(no message)"


def main(argv=None):
    parser = argparse.ArgumentParser(description="An IPython kernel that answers the grader's requests.")
    parser.add_argument("--inbox", required=True)
    parser.add_argument("--outbox", required=True)
    args, kernel_argv = parser.parse_known_args(argv)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p) != os.path.dirname(os.path.abspath(__file__))]

    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(kernel_argv)
    harness = Harness(args.inbox, args.outbox, app.shell.user_ns)
    _Thread(target=harness.serve, name="grading-harness", daemon=True).start()
    app.start()


if __name__ == "__main__":
    main()
