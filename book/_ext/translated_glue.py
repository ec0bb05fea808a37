"""Glued numbers inside translated text.

A translated paragraph keeps the English paragraph's ``{glue:text}`key:fmt``` roles, so that both editions
print the same computed numbers. Sphinx parses each translation as a document of its own, which has no
access to the page's notebook, and myst-nb's role would fail with "No key ... found". In such a document
the role is read as myst-nb's own cross-document reference to the page itself, ``/<page>.md::key:fmt``:
the value comes from the page's glue cache (``jupyter_execute/<page>.glue.json``), where the English
edition's value comes from too.
"""

from __future__ import annotations

from myst_nb.ext.glue.roles import PasteRoleAny, PasteTextRole
from sphinx.application import Sphinx


class _OwnPageInTranslations:
    """Mixin for myst-nb's glue roles: in a translated message, glue from the page being translated."""

    default_format = ""  # appended to a key given without a format

    def run(self):
        if "nb_renderer" not in self.document and "::" not in self.text:
            env = self.document.settings.env
            fmt = "" if ":" in self.text else self.default_format
            self.text = f"/{env.doc2path(env.docname, base=False)}::{self.text}{fmt}"
        return super().run()


class TranslatedPasteText(_OwnPageInTranslations, PasteTextRole):
    """``{glue:text}`` that also works inside a translated message."""

    # myst-nb splits the format off at the last colon, which would be the "::" of a key without a format
    default_format = ":s"


class TranslatedPasteAny(_OwnPageInTranslations, PasteRoleAny):
    """``{glue}`` and ``{glue:any}`` that also work inside a translated message."""


def setup(app: Sphinx) -> dict:
    app.add_role_to_domain("glue", "text", TranslatedPasteText(), override=True)
    app.add_role_to_domain("glue", "any", TranslatedPasteAny(), override=True)
    app.add_role_to_domain("glue", "", TranslatedPasteAny(), override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
