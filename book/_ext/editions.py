"""The book's editions, one per language, and the switch between them on every page.

The English edition is the site's root (``_build/html/``); every other edition lives under its language code
(``_build/html/ko/``) with the same page paths, so the same page in another edition is always
``<root>/<code>/<page>.html``. Each page gets a visible switch in its header (``language-switch.html``) and
``<link rel="alternate" hreflang>`` tags. The English title is ``_config.yml``'s; the others are in ``TITLES``.
"""

from __future__ import annotations

from sphinx.application import Sphinx

# language code -> the language's own name, shown on the switch
EDITIONS = {"en": "English", "ko": "한국어"}
TITLES = {"ko": "딥러닝의 기초"}


def page_url(pagename: str, *, from_edition: str, to_edition: str) -> str:
    """The relative URL of ``pagename`` in ``to_edition``, from the same page in ``from_edition``."""
    up = "../" * pagename.count("/") + ("../" if from_edition != "en" else "")
    return f"{up}{'' if to_edition == 'en' else to_edition + '/'}{pagename}.html"


def set_title(app: Sphinx, config) -> None:
    if config.language in TITLES:
        config.html_title = TITLES[config.language]


def add_switch(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    here = app.config.language or "en"
    others = [code for code in EDITIONS if code != here]
    context["edition_links"] = [
        {"lang": code, "name": EDITIONS[code],
         "url": page_url(pagename, from_edition=here, to_edition=code)} for code in others]
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" hreflang="{link["lang"]}" href="{link["url"]}" />' for link in context["edition_links"])


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", set_title)
    app.connect("html-page-context", add_switch)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
