"""The glossary in each edition's alphabetical order, in groups by initial, with a jump bar.

Sphinx's ``:sorted:`` sorts a glossary when it is parsed, in English; the Korean edition translates the
terms afterwards, so its glossary would stay in English order. After translation, each glossary's entries
are sorted by the term as the reader sees it and cut into one list per initial: Latin letters A–Z, and
for Hangul the initial consonant (ㄱ, ㄴ, ㄷ, …; a doubled consonant with its single one, as Korean indexes
do), Hangul groups first in the Korean edition and after the Latin ones in the English. Each group starts
with a rubric (``id="glossary-ㄱ"``), and a jump bar of links to them opens the glossary.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_SINGLE = {"ㄲ": "ㄱ", "ㄸ": "ㄷ", "ㅃ": "ㅂ", "ㅆ": "ㅅ", "ㅉ": "ㅈ"}


def initial(term: str) -> str:
    """The group a term is listed under: its Hangul initial consonant, its first Latin letter upper-cased, or #."""
    first = term.strip()[:1]
    if "가" <= first <= "힣":
        consonant = _INITIALS[(ord(first) - ord("가")) // 588]
        return _SINGLE.get(consonant, consonant)
    return first.upper() if first.isascii() and first.isalpha() else "#"


def sort_key(term: str, hangul_first: bool) -> tuple:
    hangul = "가" <= term.strip()[:1] <= "힣"
    return (0 if hangul == hangul_first else 1, term.strip().casefold())


class GlossaryIndex(SphinxTransform):
    # after the i18n Locale transform (20), which translates the terms
    default_priority = 700

    def apply(self, **kwargs) -> None:
        hangul_first = (self.config.language or "en") == "ko"
        for glossary in list(self.document.findall(addnodes.glossary)):
            items = [item for dl in glossary.findall(nodes.definition_list) for item in dl.children]
            items.sort(key=lambda item: sort_key(item[0].astext(), hangul_first))
            groups: dict[str, list[nodes.Node]] = {}
            for item in items:
                groups.setdefault(initial(item[0].astext()), []).append(item)
            bar = nodes.paragraph(classes=["glossary-jump-bar"])
            content: list[nodes.Node] = [bar]
            for letter, group in groups.items():
                if len(bar):
                    bar += nodes.Text(" · ")
                bar += nodes.reference("", letter, refid=f"glossary-{letter}", internal=True)
                content.append(nodes.rubric(letter, letter, ids=[f"glossary-{letter}"], classes=["glossary-initial"]))
                content.append(nodes.definition_list("", *group, classes=["glossary"]))
            glossary.children = []
            glossary.extend(content)


def setup(app: Sphinx) -> dict:
    app.add_transform(GlossaryIndex)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
