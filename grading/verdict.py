"""Decide a part's grade in the grader's own process, from the values the student's kernel returned.

:func:`grade_part` draws the part's inputs, sends them through the :class:`~grading.channel.Channel`,
and :func:`judge` compares each answer with the part's reference, computed here: the kernel's answer
is data, never code, and whatever the student's code did to its kernel, it can only change what its
own function returned. The order of the checks, and the messages, are those a student meets in the
notebook: not defined, not implemented, raised, timed out, called nnkit's version, changed its input
in place, and then the value (shape, type, first differing element) with a hint when the value equals
a typical wrong answer's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from .channel import Channel, Unreadable, generator_state
from .compare import compare_values, was_changed
from .messages import say
from .problems import Built, Mismatch, NoDraws, Part, forbidden_names, kernel_source, substitute_specs

FAILED_PART = "GradingError"  # the name of the error a test cell shows for a part that lost points


@dataclass(frozen=True)
class Verdict:
    """A part's outcome: full points when ``passed``, else none, and the message the student reads.

    ``problem`` says why a part was not graded other than by a wrong answer: "timed out" or "kernel died".
    """

    passed: bool
    message: str
    problem: str = ""


def part_seed(secret: str, assignment: str, student: str, grade_id: str) -> int:
    """The seed of one part's inputs for one student: unknown without the course's secret."""
    digest = hashlib.sha256(f"{secret}\0{assignment}\0{student}\0{grade_id}".encode()).digest()
    return int.from_bytes(digest[:8], "little")


def grade_part(part: Part, channel: Channel, seed: int, deadline: float, alive) -> Verdict:
    """Send ``part``'s inputs to the kernel behind ``channel`` and judge its answer.

    ``deadline`` is a ``time.monotonic()`` time; ``alive()`` says whether the kernel still runs.
    """
    import time

    cases = part.cases(np.random.default_rng(seed))
    seconds = max(deadline - time.monotonic(), 0.0)
    sent = [{"build": kernel_source(case.build), "data": case.data()} if isinstance(case, Built) else case.copy()
            for case in cases]
    k = channel.send(part.function, sent, forbidden_names(part), substitute_specs(part), seconds,
                     caller=kernel_source(part.caller) if part.caller else None)
    try:
        answer = channel.receive(k, deadline + 2.0, alive=alive)
    except Unreadable as error:
        return Verdict(False, say("no_answer", part=part.title, reason=say("reason_unreadable", error=error)))
    if answer is None:
        died = not alive()
        reason = say("reason_kernel_died") if died else say("reason_no_answer", seconds=seconds)
        return Verdict(False, say("no_answer", part=part.title, reason=reason), "kernel died" if died else "timed out")
    return judge(part, cases, answer, seconds=seconds)


def judge(part: Part, cases, answer: dict, *, seconds: float = 0.0) -> Verdict:
    """The verdict on ``answer`` (as :meth:`Channel.receive` returns it) to ``part``'s ``cases``."""
    title = part.title
    if answer.get("missing"):
        return Verdict(False, say("missing", part=title, function=part.function))
    if answer.get("failed"):
        return Verdict(False, say("no_answer", part=title, reason=say("reason_not_sent", error=answer["failed"])))
    if len(answer["cases"]) < len(cases) and not any(got.get("timeout") for got in answer["cases"]):
        return Verdict(False, say("no_answer", part=title, reason=say("reason_answers_missing")))
    with np.errstate(all="ignore"):
        for case, got in zip(cases, answer["cases"]):
            problem = _problem(part, case, got, seconds)
            if problem:
                return Verdict(False, problem, "timed out" if got.get("timeout") else "")
    return Verdict(True, say("passed", part=title, points=part.points))


def _problem(part: Part, case, got: dict, seconds: float) -> str | None:
    title = part.title
    if got.get("timeout"):
        return say("timeout", part=title, case=case.description, seconds=seconds)
    if "raised" in got:
        error, text = got["raised"]
        if error == "NotImplementedError":
            return say("not_implemented", part=title)
        return say("raised", part=title, case=case.description, error=error, text=text)
    if got["called"]:
        called = ", ".join(name.replace(":", ".") for name in got["called"])
        return say("calls_reference", part=title, called=called)
    if got["profile_off"]:
        return say("profile_off", part=title)
    after = list(got["args"])
    for position, before in enumerate(case.copy()[0]):
        if position < len(after) and was_changed(before, after[position]):
            return say("in_place", part=title, case=case.description, position=position + 1,
                       where=_where_changed(before, after[position]), advice=part.in_place_advice)
    problem = _drew_random_numbers(part, case, got)
    if problem:
        return problem
    if part.new_array and got.get("shares"):
        return say("not_new", part=title, case=case.description, position=got["shares"][0], advice=part.new_array)
    result = got["result"]
    if part.adapt is not None:
        try:
            result = part.adapt(result)
        except Mismatch as error:
            return say("wrong", part=title, case=case.description, problem=str(error))
    args, kwargs = case.copy()
    expected = part.reference(*args, **kwargs)
    problem = (part.compare(result, expected) if part.compare else
               compare_values(result, expected, rtol=part.rtol, atol=part.atol))
    if problem is None:
        return None
    message = say("wrong", part=title, case=case.description, problem=problem)
    key = _first_differing_item(result, expected, part)
    for wrong, hint in part.hints:
        args, kwargs = case.copy()
        try:
            wrong_result = wrong(*args, **kwargs)
            matches = compare_values(_item(result, key), _item(wrong_result, key), rtol=part.rtol, atol=part.atol,
                                     equal_nan=True) is None
        except Exception:  # noqa: BLE001 - a wrong answer that fails on this input is not this mistake
            continue
        if matches:
            return message + "\n" + say("hint", hint=hint)
    unused = _untouched_generator(case, got)
    if unused:
        return message + "\n" + say("hint", hint=say("rng_unused", position=unused))
    return message


def _drew_random_numbers(part: Part, case, got: dict) -> str | None:
    """In a :class:`NoDraws` case, a generator argument that the student's call drew from."""
    if not isinstance(case, NoDraws):
        return None
    after = list(got["args"])
    for position, before in enumerate(case.copy()[0]):
        if (isinstance(before, np.random.Generator) and position < len(after)
                and after[position] != generator_state(before)):
            return say("draws_random", part=part.title, case=case.description, position=position + 1)
    return None


def _untouched_generator(case, got: dict) -> int | None:
    """The position (from 1) of a generator argument the student's call drew nothing from, or None.

    Asked only of a wrong answer to a case that gives a generator to draw from: the likely cause is a new
    generator (``np.random.default_rng(0)``, re-seeded) or NumPy's global one drawn from instead.
    """
    if isinstance(case, NoDraws):
        return None
    after = list(got["args"])
    for position, before in enumerate(case.copy()[0]):
        if (isinstance(before, np.random.Generator) and position < len(after)
                and after[position] == generator_state(before)):
            return position + 1
    return None


def _where_changed(before, after) -> str:
    """Where an array argument changed (its first changed element, before and after), or nothing to add."""
    if not (isinstance(before, np.ndarray) and isinstance(after, np.ndarray) and before.shape == after.shape
            and before.size):
        return ""
    changed = ~((before == after) | (np.isnan(before) & np.isnan(after)) if before.dtype.kind in "fc" else
                (before == after))
    if not changed.any():
        return ""
    index = tuple(int(i) for i in np.argwhere(changed)[0])
    return say("in_place_where", index=index, before=before[index].item(), after=after[index].item())


def _first_differing_item(result, expected, part: Part):
    """The key of the first item of a dict result that differs from the expected one, or None.

    A hint about one item (dropout's mask, batch norm's dx) then applies whatever the other items hold.
    """
    if not (isinstance(result, dict) and isinstance(expected, dict) and set(result) == set(expected)):
        return None
    return next((key for key in expected
                 if compare_values(result[key], expected[key], rtol=part.rtol, atol=part.atol) is not None), None)


def _item(value, key):
    return value if key is None else value[key]
