"""A chapter's first use of a glossary term links to the glossary, in both editions.

Each chapter sets a key term in bold where it introduces it (CONTRIBUTING.md). After translation, the first
bold occurrence of each glossary term on a page becomes a link to that term's entry. In English a bold text
is matched to a glossary term by its words (case and a plural -s aside); in another edition through the term
list ``locales/<language>/terms.yml``, which gives every English term its one spelling in that language.
The glossary's own entries keep their English anchors (``term-Backpropagation``) in every edition.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

TOOLTIPS = {"ko": "용어집"}  # the link's title: where it leads


def glossary_terms(app: Sphinx) -> dict[str, tuple[str, str]]:
    """Each glossary term, lower-cased, with and without a parenthesis (``(CNN)``), to its entry's page and anchor."""
    found = {}
    for (kind, name), (docname, anchor) in app.env.get_domain("std").objects.items():
        if kind == "term":
            for key in (name, re.sub(r"\s*\(.*\)$", "", name)):
                found.setdefault(key.lower(), (docname, anchor))
    return found


def translated_names(app: Sphinx) -> dict[str, str]:
    """The edition's spelling of each term, lower-cased, to the English term, lower-cased."""
    language = app.config.language or "en"
    path = Path(app.srcdir) / "locales" / language / "terms.yml"
    if language == "en" or not path.exists():
        return {}
    return {term["ko"].lower(): re.sub(r"\s*\(.*\)$", "", term["en"]).lower()
            for term in yaml.safe_load(path.read_text(encoding="utf-8"))}


class LinkFirstUse(SphinxPostTransform):
    default_priority = 400  # after references are resolved (10), before the page is written
    formats = ("html",)

    def run(self, **kwargs) -> None:
        terms = glossary_terms(self.app)
        names = translated_names(self.app)
        docname = self.env.docname
        linked: set[str] = set()
        for strong in list(self.document.findall(nodes.strong)):
            skipped = (nodes.reference, nodes.title, nodes.term, nodes.caption)
            if any(isinstance(a, skipped) for a in _ancestors(strong)):
                continue
            text = " ".join(strong.astext().split()).lower()
            english = names.get(text, text)
            target = terms.get(english) or terms.get(english.removesuffix("s"))
            if target is None or target[0] == docname or target in linked:
                continue
            linked.add(target)
            uri = self.app.builder.get_relative_uri(docname, target[0]) + "#" + target[1]
            link = nodes.reference("", "", internal=True, refuri=uri, classes=["glossary-term"],
                                   reftitle=TOOLTIPS.get(self.app.config.language, "Glossary"))
            strong.replace_self(link)
            link += strong


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def setup(app: Sphinx) -> dict:
    app.add_post_transform(LinkFirstUse)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
