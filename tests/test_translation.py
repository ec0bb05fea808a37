"""The Korean edition's catalogues (locales/ko/LC_MESSAGES/): complete, current, markup intact, one register,
one spelling per term.

Most checks read the catalogues alone and take a second, so a translator can run
``pytest tests/test_translation.py -k 05_backpropagation`` after each chapter. The check that the catalogues
hold exactly the messages of today's English pages extracts them with Sphinx's gettext builder.
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from conftest import ROOT, toc_pages

LOCALE = ROOT / "locales" / "ko"
CATALOGUES = LOCALE / "LC_MESSAGES"
TERMS = yaml.safe_load((LOCALE / "terms.yml").read_text(encoding="utf-8"))


PAGES = toc_pages()


def read_catalogue(path: Path):
    with path.open("rb") as f:
        return read_po(f, abort_invalid=True)


def entries(page: str) -> list[tuple[str, str, set[str]]]:
    """(English, Korean, flags) of every message of a page's catalogue."""
    return [(m.id, m.string, set(m.flags)) for m in read_catalogue(CATALOGUES / f"{page}.po") if m.id]


# Markup a translation must keep as it is: math, MyST roles ({doc}, {glue:text}, {cite}, ...), inline code,
# link targets. Plain words around them are the translator's.
_MARKUP = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$|\{[\w:.-]+\}`[^`]*`|`[^`]+`|\]\([^)]*\)", re.S)
_DELIMITER_RUN = re.compile(r"\*+")
# The polite or conversational endings that a textbook's 한다 체 does not use: -ㅂ니다 (합니다, 입니다, 습니다),
# but not 아니다; 해요 체.
_POLITE = re.compile(r"(?:[\uac00-\ud7a3]니다|세요|해요|어요|아요|에요|예요)(?=[.!?)\s]|$)")
_ROLE_WITH_TEXT = re.compile(r"(\{[\w:.-]+\})`[^`<]*<([^`>]*)>`")


def polite_ending(text: str) -> str | None:
    for match in _POLITE.finditer(text):
        ending = match.group(0)
        if not ending.endswith("니다") or ending[0] == "습" or (ord(ending[0]) - 0xAC00) % 28 == 17:  # final ㅂ
            return ending
    return None


def markup(text: str) -> collections.Counter:
    """Math, roles, code and link targets; a role's own link text (``{doc}`text <target>```) may be translated."""
    return collections.Counter(_ROLE_WITH_TEXT.sub(r"\1`<\2>`", token) for token in _MARKUP.findall(text))


def stuck_emphasis(text: str) -> str | None:
    """An emphasis delimiter that CommonMark cannot open or close, with its neighbours, or None.

    Delimiter runs alternate opener, closer. An opener must be left-flanking (not followed by a space, and if
    followed by punctuation then preceded by a space or punctuation); a closer right-flanking (the mirror).
    ``**순전파(forward)**는`` fails: its closer follows ``)`` and precedes ``는``. ``**순전파**(forward)는`` works.
    """
    def punct(c: str) -> bool:
        return not c.isalnum() and not c.isspace() and c != ""

    text = _MARKUP.sub("$", text)  # math and code may hold asterisks; they end in punctuation ($, `)
    runs = list(_DELIMITER_RUN.finditer(text))
    if len(runs) == 1:
        return None  # a lone asterisk (b* = 1.8) emphasises nothing and shows as itself
    for i, run in enumerate(runs):
        before = text[run.start() - 1] if run.start() else " "
        after = text[run.end()] if run.end() < len(text) else " "
        if i % 2 == 0:
            ok = not after.isspace() and (not punct(after) or before.isspace() or punct(before))
        else:
            ok = not before.isspace() and (not punct(before) or after.isspace() or punct(after))
        if not ok:
            return text[max(0, run.start() - 8):run.end() + 8]
    return None


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_complete_catalogue(page):
    path = CATALOGUES / f"{page}.po"
    assert path.exists(), (f"{page} has no Korean catalogue {path.relative_to(ROOT)} "
                           "(CONTRIBUTING.md, 'The Korean edition')")
    untranslated = [english for english, korean, _ in entries(page) if not korean.strip()]
    fuzzy = [english for english, korean, flags in entries(page) if "fuzzy" in flags]
    assert not untranslated, f"{len(untranslated)} untranslated messages in {page}, the first: {untranslated[0]!r}"
    assert not fuzzy, (f"{len(fuzzy)} fuzzy messages in {page} (an English edit to carry into Korean, then remove "
                       f"the '#, fuzzy' line), the first: {fuzzy[0]!r}")


@pytest.mark.parametrize("page", PAGES)
def test_translations_keep_math_roles_code_and_links(page):
    for english, korean, _ in entries(page):
        if not korean:
            continue
        missing = markup(english) - markup(korean)
        added = markup(korean) - markup(english)
        assert not missing and not added, (
            f"{page}: the translation of {english[:80]!r}… changes its markup: missing {sorted(missing)}, "
            f"added {sorted(added)}")
        assert korean.count("**") % 2 == 0, f"{page}: unbalanced ** in {korean!r}"


@pytest.mark.parametrize("page", PAGES)
def test_emphasis_delimiters_can_open_and_close(page):
    for _, korean, _ in entries(page):
        stuck = stuck_emphasis(korean)
        assert not stuck, f"{page}: {stuck!r} in {korean!r} renders its asterisks (put them around the word only)"


@pytest.mark.parametrize("page", PAGES)
def test_one_register(page):
    for _, korean, _ in entries(page):
        polite = polite_ending(_MARKUP.sub("X", korean))
        assert not polite, f"{page}: {polite!r} in {korean!r}: the book is written in 한다 체"


def test_one_spelling_per_term():
    """Outside the glossary, which lists them, no translation uses a term's other spellings."""
    problems = []
    for page in PAGES:
        if page.endswith("glossary"):
            continue
        for english, korean, _ in entries(page):
            for term in TERMS:
                for other in term.get("also", []):
                    # the main spelling may contain the other (역전파 in 오차역전파법);
                    # the English may name it on purpose
                    if other in korean.replace(term["ko"], "") and other not in english:
                        problems.append(f"{page}: {other!r} for {term['en']!r}, write {term['ko']!r}: {korean[:100]!r}")
    assert not problems, "\n".join(problems[:20])


def test_term_list_has_one_entry_per_term():
    english = [t["en"].lower() for t in TERMS]
    korean = [t["ko"] for t in TERMS]
    assert len(set(english)) == len(english), "an English term is listed twice in terms.yml"
    assert len(set(korean)) == len(korean), "two English terms share one Korean term in terms.yml"
    alternatives = {a for t in TERMS for a in t.get("also", [])}
    assert not alternatives & set(korean), "a spelling is both a main term and another term's alternative"


# --- the catalogues hold exactly today's English messages ------------------------------------------------
@pytest.fixture(scope="module")
def templates(built_book) -> Path:
    """The message templates of today's sources (Sphinx's gettext builder, from the build's execution cache)."""
    proc = subprocess.run([sys.executable, str(ROOT / "book" / "build.py"), "gettext"], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    return built_book.build_dir / "gettext"


@pytest.mark.parametrize("page", PAGES)
def test_catalogue_is_current_with_the_english_page(templates, page):
    with (templates / f"{page}.pot").open("rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    have = {english for english, _, _ in entries(page)}
    new, gone = sorted(wanted - have), sorted(have - wanted)
    assert not new and not gone, (
        f"{page} changed in English and its Korean catalogue was not updated: {len(new)} new messages "
        f"(first: {new[:1]}), {len(gone)} gone (first: {gone[:1]}). Run `python book/build.py gettext && "
        f"sphinx-intl update -p _build/gettext -l ko -d locales`, translate, and remove the fuzzy flags.")
