"""The book's editions, one per language, and the switch between them on every page.

The English edition is the site's root (``_build/html/``); every other edition lives under its language code
(``_build/html/ko/``) with the same page paths, so the same page in another edition is always
``<root>/<code>/<page>.html``. Each page gets a visible switch in its header (``language-switch.html``) and
``<link rel="alternate" hreflang>`` tags. The English title is ``_config.yml``'s; the others are in ``TITLES``.
"""

from __future__ import annotations

from pathlib import Path

from sphinx import addnodes, locale
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain

# language code -> the language's own name, shown on the switch
EDITIONS = {"en": "English", "ko": "한국어"}
TITLES = {"ko": "딥러닝 기초"}  # as the Korean intro page translates its title
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
        f'\n<link rel="alternate" hreflang="{link["lang"]}" href="{link["url"]}" />'
        for link in context["edition_links"])


class TranslateTocCaptions(SphinxTransform):
    """The table of contents' part captions ("Foundations") from the root page's catalogue.

    sphinx-external-toc inserts the toctrees, with their captions, after Sphinx has translated the page, so
    this looks their captions up in the same catalogue Sphinx used.
    """

    default_priority = 101  # after sphinx-external-toc's InsertToctrees (100), before the toctrees are collected

    def apply(self, **kwargs) -> None:
        if (self.config.language or "en") == "en":
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        folders = [str(Path(self.env.srcdir) / folder) for folder in self.config.locale_dirs]
        catalogue, found = locale.init(folders, self.config.language, domain)
        if not found:
            return
        for toctree in self.document.findall(addnodes.toctree):
            if toctree.get("caption"):
                toctree["caption"] = catalogue.gettext(toctree["caption"])


def setup(app: Sphinx) -> dict:
    app.add_transform(TranslateTocCaptions)
    app.add_css_file("editions.css")
    app.connect("config-inited", localise_settings)
    app.connect("html-page-context", add_switch)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
