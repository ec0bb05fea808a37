"""Every sentence the out-of-process checks write into a student's feedback, in one table.

Each message is a ``str.format`` template; :func:`say` fills it. Placeholders: ``part`` (the part's
title), ``case`` (the input's description), ``function`` (the name the notebook must define), and the
ones named in each template.
"""

MESSAGES = {
    "passed": "{part}: passed ({points:g} of {points:g} points).",
    "missing": "{part}: the notebook defines no function named `{function}`: keep the name and the "
               "arguments of the release.",
    "not_implemented": "{part}: not implemented yet (the cell still raises NotImplementedError).",
    "raised": "{part}: on {case}, your function raised {error}: {text}",
    "timeout": "{part}: on {case}, your function did not return within {seconds:.0f} s.",
    "calls_reference": "{part}: your function calls {called}, the nnkit code it is meant to write itself. "
                       "Write the computation yourself: this part earns no points this way.",
    "profile_off": "{part}: your function switched off the grader's check for calls into nnkit "
                   "(sys.setprofile). Remove that: this part earns no points this way.",
    "in_place": "{part}: on {case}, your function changed its argument {position} in place. {advice}",
    "wrong": "{part}: on {case}, {problem}.",
    "hint": "Hint: {hint}",
    "kernel_died": "{part}: not graded: the kernel died before this part (os._exit, a crash, or the memory "
                   "limit).",
    "no_time": "{part}: not graded: the notebook's time limit ({seconds:g} s) was used up by earlier cells.",
    "no_answer": "{part}: not graded: the kernel did not answer ({reason}).",
}


def say(key: str, **values) -> str:
    """The message ``key`` with its placeholders filled."""
    return MESSAGES[key].format(**values)
