"""Every sentence the out-of-process checks write into a student's feedback, in one table.

Each message is a ``str.format`` template; :func:`say` fills it. Placeholders: ``part`` (the part's
title), ``case`` (the input's description), ``function`` (the name the notebook must define), and the
ones named in each template. Each template is marked ``N_`` for extraction; the Korean ones are in
``grading/locales/ko/LC_MESSAGES/grading.po`` (``python -m grading.i18n`` adds a new template there).
"""

from .i18n import N_, translate

MESSAGES = {
    "passed": N_("{part}: passed ({points:g} of {points:g} points)."),
    "missing": N_("{part}: the notebook defines no `{function}`: keep the names and the arguments of the "
                  "release."),
    "not_implemented": N_("{part}: not implemented yet (the cell still raises NotImplementedError)."),
    "raised": N_("{part}: on {case}, your function raised {error}: {text}"),
    "timeout": N_("{part}: on {case}, your function did not return within {seconds:.0f} s."),
    "calls_reference": N_("{part}: your function calls {called}, the nnkit code it is meant to write itself. "
                          "Write the computation yourself: this part earns no points this way."),
    "profile_off": N_("{part}: your function switched off the grader's check for calls into nnkit "
                      "(sys.setprofile). Remove that: this part earns no points this way."),
    "in_place": N_("{part}: on {case}, your function changed its argument {position} in place{where}. {advice}"),
    "draws_random": N_("{part}: on {case}, your function drew random numbers from its argument {position} (the "
                       "generator), where none are to be drawn: leave the generator as it is."),
    "rng_unused": N_("your function drew nothing from its argument {position}, the generator it is given: draw every "
                     "random number from it (rng.uniform(...), rng.normal(...)), not from a new generator "
                     "(np.random.default_rng(0)) or from np.random's own functions."),
    "not_new": N_("{part}: on {case}, your function returned its argument {position} itself (or a view of it), not "
                  "a new array. {advice}"),
    "in_place_where": N_(" (at index {index} it was {before!r} and is {after!r} afterwards)"),
    "wrong": N_("{part}: on {case}, {problem}."),
    "hint": N_("Hint: {hint}"),
    "kernel_died": N_("{part}: not graded: the kernel died before this part (os._exit, a crash, or the memory "
                      "limit)."),
    "no_time": N_("{part}: not graded: the notebook's time limit ({seconds:g} s) was used up by earlier cells."),
    "no_answer": N_("{part}: not graded: the kernel did not answer ({reason})."),
    "reason_unreadable": N_("an unreadable answer: {error}"),
    "reason_kernel_died": N_("the kernel died"),
    "reason_no_answer": N_("no answer within {seconds:.0f} s"),
    "reason_not_sent": N_("the answer could not be sent: {error}"),
    "reason_answers_missing": N_("answers to some inputs are missing"),
    "in_place_advice": N_("Compute a new array instead (e.g. x = x - m, not x -= m)."),
    # how a value differs from the expected one (grading.compare); label is "the result", "the result[1]", ...
    "the_result": N_("the result"),
    "describe_array": N_("array of shape {shape}, dtype {dtype}"),
    "describe_tuple": N_("tuple ({items})"),
    "should_be_none": N_("{label} should be None; got {got}"),
    "should_be_number": N_("{label} should be a number; got {got}"),
    "number_differs": N_("{label} should be {expected:.10g}; got {got:.10g}"),
    "dict_keys": N_("{label} should be a dict with the keys {keys}; got {got}"),
    "sequence_length": N_("{label} should be a {kind} of {n} values; got {got}"),
    "should_be_array": N_("{label} should be a NumPy array of shape {shape}; got {got}"),
    "array_shape": N_("{label} should have shape {shape}; got shape {got}"),
    "array_floats": N_("{label} should hold floats ({dtype}); got dtype {got}"),
    "array_not_finite": N_("{label} contains {value} at index {index} where {expected:.6g} was expected"),
    "array_differs": N_("{label} differs first at index {index}: expected {expected:.8g}, got {got:.8g}"),
}


# values that are sentences themselves, marked in the problem-set modules (a part's title, a hint)
SENTENCES = ("part", "case", "hint", "advice")


def say(key: str, **values) -> str:
    """The message ``key`` in the course's language (:mod:`grading.i18n`), its placeholders filled."""
    for name in SENTENCES:
        if name in values:
            values[name] = translate(values[name])
    return translate(MESSAGES[key]).format(**values)
