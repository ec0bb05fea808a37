"""What a graded exercise's test cell calls in the student's notebook, in English or Korean.

A test cell holds the part's public checks (plain ``assert`` statements with messages a student can act
on) and ends with :func:`public_checks_passed`. The grade itself is decided outside the notebook: the
course's grader calls the student's function on inputs of its own and compares the results with the
reference in its own process (``grading/`` in the course repository).

The messages are written in English in the test cells, ``assert ok, say("sigmoid(0) should be 0.5")``
(a template is filled after it is translated: ``say("got shape {shape}", shape=out.shape)``), and read
in the notebook's language: Korean when :func:`set_language` chose ``"ko"``, or, without that, when the
environment says so (``NNKIT_LANG=ko``, or a ``LANG`` / ``LC_ALL`` that starts with ``ko``); English
otherwise. The Korean sentences are gettext catalogues, ``nnkit/locales/ko/LC_MESSAGES/<problem set>.po``,
keyed by the English and read with Babel; ``python -m grading.i18n`` keeps them current with the notebooks.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

__all__ = ["LANGUAGES", "language", "public_checks_passed", "say", "set_language"]

LANGUAGES = ("en", "ko")
LOCALES = Path(__file__).resolve().parent / "locales"
PASSED = "{part}: the public checks pass. When graded, your function is also checked on inputs drawn at grading time."


def set_language(code: str) -> None:
    """Read the public checks' messages in ``code`` from now on.

    In this kernel and in the commands it starts (the self-check cell): it sets ``NNKIT_LANG``.

    Parameters
    ----------
    code : {"en", "ko"}

    Raises
    ------
    ValueError
        For any other code.
    """
    if code not in LANGUAGES:
        raise ValueError(f"set_language({code!r}): expected one of {', '.join(map(repr, LANGUAGES))}")
    os.environ["NNKIT_LANG"] = code


def language() -> str:
    """The language of the messages: ``NNKIT_LANG`` if set, else Korean for a Korean locale, else English."""
    chosen = os.environ.get("NNKIT_LANG", "")
    if chosen in LANGUAGES:
        return chosen
    locale = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    return "ko" if locale.startswith("ko") else "en"


def say(message: str, **values) -> str:
    """``message`` (English) in the notebook's language, its ``{placeholders}`` filled from ``values``.

    Parameters
    ----------
    message : str
        The English sentence as the test cell writes it: the key of its translation.
    **values
        What fills the placeholders, after the translation.

    Returns
    -------
    str
        The translation, or the English itself when the language is English or the sentence has none.
    """
    code = language()
    if code != "en":
        message = catalogue(code).get(message, message)
    return message.format(**values) if values else message


def public_checks_passed(part: str) -> None:
    """The last line of a test cell: the public checks above it passed.

    Says so, and that the grader checks the part again on inputs of its own, outside the notebook.

    Parameters
    ----------
    part : str
        The part's name as the notebook writes it, ``"Part 1"``; translated too.
    """
    print(say(PASSED, part=say(part)))


@functools.cache
def catalogue(code: str) -> dict[str, str]:
    """Every translated sentence of the public checks in ``code``: English → translation."""
    return read_catalogues(LOCALES / code / "LC_MESSAGES")


def read_catalogues(folder: Path) -> dict[str, str]:
    """Every translated sentence of the gettext catalogues (``*.po``) in ``folder``, fuzzy ones left out."""
    from babel.messages.pofile import read_po

    table = {}
    for path in sorted(folder.glob("*.po")):
        with open(path, "rb") as f:
            table.update({m.id: m.string for m in read_po(f) if m.id and m.string and not m.fuzzy})
    return table
