"""The grader's side of the narrow channel to a student's kernel (:mod:`grading.harness` is the other).

The grader writes requests as pickles into a folder the kernel can only read, and reads answers
from a folder the kernel writes: JSON for the structure, ``.npz`` for the arrays, loaded with
``allow_pickle=False``. Nothing the kernel wrote is ever unpickled or executed here; an answer that
is malformed, too large or too deep is reported as unreadable, never raised.
"""

from __future__ import annotations

import json
import os
import pickle
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAX_ANSWER_BYTES = 64 * 1024 * 1024   # the sandbox's file size limit (Limits.file_mb) bounds it too
POLL_SECONDS = 0.005


class Unreadable(ValueError):
    """The kernel's answer cannot be decoded (truncated, too large, or not what the harness writes)."""


@dataclass(frozen=True)
class Opaque:
    """A value of a type the channel does not carry (a student's own object): its type name and repr."""

    type_name: str
    text: str

    def __repr__(self):
        return self.text or f"<{self.type_name} object>"


@dataclass(frozen=True)
class GeneratorState:
    """A NumPy random generator argument after the call, as its bit generator's state (JSON text)."""

    state: str


@dataclass
class Channel:
    """The two folders of one kernel: ``inbox`` (requests, read-only to the kernel) and ``outbox``."""

    folder: Path
    nonce: str = field(default_factory=lambda: secrets.token_hex(16))
    sent: int = 0

    @classmethod
    def create(cls, parent=None) -> Channel:
        folder = Path(tempfile.mkdtemp(prefix="grading-channel-", dir=parent))
        (folder / "inbox").mkdir()
        (folder / "outbox").mkdir()
        return cls(folder)

    @property
    def inbox(self) -> Path:
        return self.folder / "inbox"

    @property
    def outbox(self) -> Path:
        return self.folder / "outbox"

    def kernel_args(self) -> list[str]:
        return [f"--inbox={self.inbox}", f"--outbox={self.outbox}"]

    def send(self, function: str, cases, forbidden, substitutes, seconds: float, *, caller=None) -> int:
        """Write one request; returns its number.

        ``cases`` are (args, kwargs) pairs, or ``{"build": spec, "data": (args, kwargs)}`` for arguments
        the kernel builds; ``forbidden`` names nnkit code by ``module:qualname``; ``substitutes`` and
        ``caller`` are specs of :func:`grading.problems.kernel_source`.
        """
        k = self.sent
        request = {"nonce": self.nonce, "function": function, "cases": list(cases), "forbidden": list(forbidden),
                   "substitutes": dict(substitutes), "seconds": float(seconds), "caller": caller}
        partial = self.inbox / f".{k}.pickle"
        with open(partial, "wb") as f:
            pickle.dump(request, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self.inbox / f"{k}.pickle")
        self.sent += 1
        return k

    def receive(self, k: int, deadline: float, *, alive=lambda: True) -> dict | None:
        """The decoded answer to request ``k``, or None if none came before ``deadline`` (monotonic
        seconds) or while ``alive()`` held. Raises :class:`Unreadable` for an answer that cannot be read."""
        path = self.outbox / f"{k}.json"
        while not path.exists():
            if time.monotonic() >= deadline or not alive():
                return None
            time.sleep(POLL_SECONDS)
        return read_answer(path, self.outbox / f"{k}.npz", self.nonce)


def read_answer(json_path: Path, npz_path: Path, nonce: str) -> dict:
    """The answer at ``json_path`` with its arrays decoded (see :func:`decode`)."""
    try:
        if json_path.stat().st_size > MAX_ANSWER_BYTES or npz_path.stat().st_size > MAX_ANSWER_BYTES:
            raise Unreadable("the answer is larger than the grader reads")
        record = json.loads(json_path.read_text())
        with np.load(npz_path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
        if not isinstance(record, dict) or record.get("nonce") != nonce:
            raise Unreadable("the answer does not belong to this request")
        cases = []
        for case in record.get("cases", []):
            decoded = {"called": [str(c) for c in case.get("called", [])][:20],
                       "profile_off": bool(case.get("profile_off")),
                       "shares": [int(k) for k in case.get("shares", [])][:20],
                       "args": decode(case["args"], arrays), "kwargs": decode(case["kwargs"], arrays)}
            for key in ("timeout",):
                if case.get(key):
                    decoded[key] = True
            if "raised" in case:
                decoded["raised"] = tuple(str(v)[:500] for v in case["raised"][:2])
            elif "result" in case:
                decoded["result"] = decode(case["result"], arrays)
            cases.append(decoded)
        return {"missing": bool(record.get("missing")), "failed": str(record.get("failed", ""))[:500], "cases": cases}
    except Unreadable:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise Unreadable(f"{type(error).__name__}: {str(error)[:200]}") from None


def decode(node, arrays, depth=0):
    """The value an :func:`grading.harness.encode` description stands for."""
    if depth > 25 or not isinstance(node, dict):
        raise Unreadable("malformed value")
    kind = node.get("t")
    if kind == "none":
        return None
    if kind in ("bool", "int", "float", "str"):
        value = node["v"]
        expected = {"bool": bool, "int": int, "float": (int, float), "str": str}[kind]
        if not isinstance(value, expected):
            raise Unreadable("malformed value")
        return float(value) if kind == "float" else value
    if kind in ("array", "scalar"):
        array = arrays[node["a"]]
        if array.dtype.kind not in "biufc":
            raise Unreadable("an array of an unexpected type")
        return array if kind == "array" else array[()]
    if kind in ("tuple", "list"):
        items = [decode(item, arrays, depth + 1) for item in node["items"]]
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        return {str(key): decode(value, arrays, depth + 1) for key, value in node["items"]}
    if kind == "opaque":
        return Opaque(str(node.get("type", "object"))[:100], str(node.get("repr", ""))[:500])
    if kind == "rng":
        return GeneratorState(json.dumps(node.get("state"), sort_keys=True)[:2000])
    raise Unreadable("malformed value")


def generator_state(generator: np.random.Generator) -> GeneratorState:
    """The state of ``generator`` as the harness sends it back (:func:`grading.harness._rng_state`)."""
    state = json.loads(json.dumps(generator.bit_generator.state, default=str), parse_int=str)
    return GeneratorState(json.dumps(state, sort_keys=True))
