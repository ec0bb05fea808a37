"""The language of everything a student reads from the grader: English, or Korean from gettext catalogues.

English is the source. A sentence is written in English where it is used and marked, the gettext way:

* ``_("...")`` translates now, into the language of the grading under way (a case's description, drawn
  at grading time; a message about a wrong structure);
* ``N_("...")`` only marks a sentence fixed at import time (a part's title, a hint): :func:`translate`
  turns it into the student's language when a message is written (``grading.messages.say`` does).

A template with placeholders is translated first and filled after:
``_("y_hat and y of shape {shape}").format(shape=shape)``.

The Korean sentences live in ``grading/locales/ko/LC_MESSAGES/<domain>.po``, keyed by the English
(``msgid``): ``grading.po`` for the grader's own messages, one catalogue per problem set for its
descriptions and hints. The notebooks' public checks have theirs in ``nnkit/locales/ko/LC_MESSAGES/``
(:mod:`nnkit.exercise`). ``python -m grading.i18n`` brings all of them up to date with the code and the
notebooks (new sentences added untranslated, removed ones dropped); Babel reads and writes them.

The course chooses the language in ``nbgrader_config.py``: ``c.Grading.language = "ko"`` (English by
default). :func:`language` sets it for the grading of a submission, its feedback page and the summary.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import sys
from pathlib import Path

LANGUAGES = ("en", "ko")
REPO = Path(__file__).resolve().parent.parent
LOCALES = Path(__file__).resolve().parent / "locales"
NNKIT_LOCALES = REPO / "nnkit" / "locales"
PROBLEMS = Path(__file__).resolve().parent / "problems"
KEYWORDS = {"_": None, "N_": None}    # Babel's extraction keywords: the first argument is the message
NOTEBOOK_KEYWORDS = {"say": None, "public_checks_passed": None}  # nnkit.exercise, in the test cells

_current = contextvars.ContextVar("grading_language", default="en")


def check_language(code: str) -> str:
    """``code`` if the grader speaks it; else a ValueError naming the languages it does speak."""
    if code not in LANGUAGES:
        raise ValueError(f"c.Grading.language = {code!r}: expected one of {', '.join(map(repr, LANGUAGES))}")
    return code


@contextlib.contextmanager
def language(code: str):
    """Within the block, :func:`_` and :func:`translate` answer in ``code`` ("en" or "ko")."""
    token = _current.set(check_language(code))
    try:
        yield
    finally:
        _current.reset(token)


def current_language() -> str:
    return _current.get()


def course_language(config) -> str:
    """The language a course's configuration (a traitlets ``Config``) chooses: ``c.Grading.language``."""
    return check_language(config.Grading.get("language", "en")) if "Grading" in config else "en"


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Mark ``message`` for translation without translating it (it is fixed at import time)."""
    return message


def _(message: str) -> str:
    """``message`` in the current language."""
    return translate(message)


def translate(message: str) -> str:
    """``message`` (English) in the current language; unchanged in English or when not in a catalogue."""
    code = _current.get()
    if code == "en" or not isinstance(message, str):
        return message
    return catalogue(code).get(message, message)


@functools.cache
def catalogue(code: str) -> dict[str, str]:
    """Every translated sentence of the grader's catalogues in ``code``: English → translation."""
    from nnkit.exercise import read_catalogues

    return read_catalogues(LOCALES / code / "LC_MESSAGES")


def placeholders(template: str) -> list[str]:
    """The ``str.format`` fields of ``template``, in order (``{shape}``, ``{accuracy:.4f}`` → shape, accuracy)."""
    return [m.group(1) for m in re.finditer(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}", template)]


def sources() -> dict[str, list[Path]]:
    """Which source files of the grader feed which of its catalogues (domain)."""
    package = Path(__file__).resolve().parent
    own = sorted(p for p in package.glob("*.py") if p.name != "i18n.py")
    return {"grading": own + [PROBLEMS / "__init__.py"],
            **{p.stem: [p] for p in sorted(PROBLEMS.glob("ps*.py"))}}


def extract(paths) -> dict[str, list[str]]:
    """Every marked sentence of ``paths``: English → the places (``file:line``) it comes from."""
    from babel.messages.extract import extract_from_file

    found: dict[str, list[str]] = {}
    for path in paths:
        for lineno, message, _comments, _context in extract_from_file("python", str(path), keywords=KEYWORDS):
            if isinstance(message, str) and message:
                found.setdefault(message, []).append(f"{path.relative_to(REPO)}:{lineno}")
    return found


def notebook_sentences(path: Path) -> dict[str, list[str]]:
    """Every sentence a problem set's code cells pass to ``nnkit.exercise``: English → ``notebook:cell``."""
    import io

    import nbformat
    from babel.messages.extract import extract

    found: dict[str, list[str]] = {}
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type != "code":
            continue
        for _lineno, message, _comments, _context in extract("python", io.BytesIO(cell.source.encode()),
                                                             keywords=NOTEBOOK_KEYWORDS):
            if isinstance(message, str) and message:
                found.setdefault(message, []).append(f"{path.relative_to(REPO)}:{index}")
    return found


def targets(code: str) -> list[tuple[Path, dict[str, list[str]]]]:
    """Each catalogue of ``code`` with the sentences it must hold: the grader's (one per problem set and
    one of its own) and the notebooks' (``nnkit/locales``: the public checks, one per problem set)."""
    from nnkit.exercise import PASSED

    found = []
    for domain, paths in sources().items():
        found.append((LOCALES / code / "LC_MESSAGES" / f"{domain}.po", extract(paths)))
    found.append((NNKIT_LOCALES / code / "LC_MESSAGES" / "exercise.po", {PASSED: ["nnkit/exercise.py:1"]}))
    for notebook in sorted(REPO.glob("solutions/*/*.ipynb")):
        found.append((NNKIT_LOCALES / code / "LC_MESSAGES" / f"{notebook.stem}.po", notebook_sentences(notebook)))
    return found


def update_catalogues(codes=("ko",)) -> list[Path]:
    """Bring each catalogue up to date with the code: new sentences untranslated, gone ones dropped."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    from nnkit.exercise import catalogue as notebook_catalogue

    written = []
    for code in codes:
        for path, sentences in targets(code):
            path.parent.mkdir(parents=True, exist_ok=True)
            old = read_po(open(path, "rb")) if path.exists() else Catalog(locale=code)
            new = Catalog(locale=code, project="deep-learning-fundamentals", fuzzy=False)
            for message, places in sentences.items():
                before = old.get(message)
                new.add(message, before.string if before else "",
                        locations=[(file, int(line)) for file, line in (p.rsplit(":", 1) for p in places)],
                        flags=("python-brace-format",) if placeholders(message) else ())
            with open(path, "wb") as f:
                write_po(f, new, width=100, omit_header=True, sort_output=False)
            written.append(path)
    catalogue.cache_clear()
    notebook_catalogue.cache_clear()
    return written


def main(argv=None) -> int:
    """``python -m grading.i18n``: update the catalogues and say how many sentences lack a translation."""
    del argv
    missing = 0
    for path in update_catalogues():
        from babel.messages.pofile import read_po

        with open(path, "rb") as f:
            untranslated = [m.id for m in read_po(f) if m.id and not m.string]
        missing += len(untranslated)
        print(f"{path.relative_to(REPO)}: {len(untranslated)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
