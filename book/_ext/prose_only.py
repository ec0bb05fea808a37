"""Only prose goes into the translation catalogues.

Sphinx's gettext builder extracts every text node: display math, table cells holding a number or a
symbol (``$w^{(1)}_{11}$``, ``0.3``), a heading that is only a function's name in code. None of them is
written differently in Korean, and catalogue entries that no translator should touch would hide the ones
that need translating. A node whose message has no word left once math, inline code and MyST roles are
removed is marked ``translatable = False``: it is not extracted, and every edition shows it as written.

The alt text of a figure that a code cell draws is prose too, but myst-nb has no list of output types for
the gettext builder and drops every cell output there; the gettext builder is given the HTML builder's
image types, so that those alt texts reach the catalogues.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.nodes import extract_messages

# $…$ math, `code`, and {role}`target`, as MyST writes them in a message
_NOT_PROSE = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\{[\w:.-]+\}`[^`]*`|`[^`]*`", re.S)
_WORD = re.compile(r"[^\W\d_]{2,}")  # two letters in a row, Latin or Hangul


def has_prose(message: str) -> bool:
    """Whether a catalogue message has a word outside math, code and roles."""
    return bool(_WORD.search(_NOT_PROSE.sub(" ", message)))


def mark_untranslatable(app: Sphinx, doctree: nodes.document) -> None:
    for node, message in list(extract_messages(doctree)):
        if isinstance(node, nodes.math_block) or not has_prose(message):
            node["translatable"] = False


def keep_figures(app: Sphinx) -> None:
    if app.builder.name == "gettext":
        images = [("gettext", mime, rank) for rank, mime in enumerate(("image/svg+xml", "image/png", "image/jpeg"))]
        app.config.nb_mime_priority_overrides = [*app.config.nb_mime_priority_overrides, *images]


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", mark_untranslatable)
    app.connect("builder-inited", keep_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
