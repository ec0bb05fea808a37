"""The book's editions, one per language, and the switch between them on every page.

The English edition is the site's root (``_build/html/``); every other edition lives under its language code
(``_build/html/ko/``) with the same page paths, so the same page in another edition is always
``<root>/<code>/<page>.html``. Each page gets a visible switch in its header (``language-switch.html``) and
``<link rel="alternate" hreflang>`` tags. The English title is ``_config.yml``'s; the others are in ``TITLES``.
"""

from __future__ import annotations

from pathlib import Path

from sphinx import locale
from sphinx.application import Sphinx

# language code -> the language's own name, shown on the switch
EDITIONS = {"en": "English", "ko": "한국어"}
TITLES = {"ko": "딥러닝의 기초"}
SEARCH_PROMPTS = {"ko": "이 책에서 검색..."}  # Jupyter Book's "Search this book..." is a setting, not a message


def page_url(pagename: str, *, from_edition: str, to_edition: str) -> str:
    """The relative URL of ``pagename`` in ``to_edition``, from the same page in ``from_edition``."""
    up = "../" * pagename.count("/") + ("../" if from_edition != "en" else "")
    return f"{up}{'' if to_edition == 'en' else to_edition + '/'}{pagename}.html"


def localise_settings(app: Sphinx, config) -> None:
    """The title and search prompt in the edition's language, and the book's catalogue for the theme's gaps."""
    if config.language in TITLES:
        config.html_title = TITLES[config.language]
        config.html_theme_options = {**config.html_theme_options, "search_bar_text": SEARCH_PROMPTS[config.language]}
        # sphinx-book-theme's own Korean catalogue misses some of its strings; ours is added after it, so it
        # only fills the gaps (Sphinx compiles locales/ko/LC_MESSAGES/booktheme.po like the page catalogues).
        for folder in config.locale_dirs:
            locale.init([str(Path(app.srcdir) / folder)], config.language, "booktheme")


def add_switch(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    here = app.config.language or "en"
    others = [code for code in EDITIONS if code != here]
    context["edition_links"] = [
        {"lang": code, "name": EDITIONS[code],
         "url": page_url(pagename, from_edition=here, to_edition=code)} for code in others]
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" hreflang="{link["lang"]}" href="{link["url"]}" />' for link in context["edition_links"])


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", localise_settings)
    app.connect("html-page-context", add_switch)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
