"""Every chapter downloadable as the notebook it was built from, with no launch button configured.

sphinx-book-theme offers a MyST page's executed notebook (``.ipynb`` in the download menu) only while a
launch service such as Binder or Colab is configured, because its launch-button handler is what copies the
notebook into ``_sources/``. This book configures none (neither service installs nnkit), so this handler does
that copy itself, just before the theme builds its header buttons.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

# sphinx-book-theme builds its header buttons at priority 501; the notebook must be in place before that.
BEFORE_THE_HEADER_BUTTONS = 500


def offer_the_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """For a page that is a notebook written in MyST, copy its executed ``.ipynb`` next to the page source."""
    if "kernelspec" not in app.env.metadata.get(pagename, {}) or not context.get("sourcename", "").endswith(
            (".md", ".md.txt")):
        return
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.exists():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", offer_the_notebook, priority=BEFORE_THE_HEADER_BUTTONS)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
