"""Build the book's editions from one source: ``python book/build.py [en] [ko] [gettext] [--all]``.

- ``en``: the English edition at ``_build/html/``, as ``jupyter-book build`` makes it.
- ``ko``: the Korean edition at ``_build/html/ko/``, the same pages with every translatable string
  replaced from the catalogues in ``locales/ko/LC_MESSAGES/`` (Sphinx's own i18n, ``language = "ko"``).
- ``gettext``: the message templates at ``_build/gettext/``; ``sphinx-intl update -p _build/gettext
  -l ko`` merges them into the catalogues (CONTRIBUTING.md, "The Korean edition").

With no edition named, ``en`` then ``ko``. Every edition reads the same execution cache
(``_build/.jupyter_cache``): the notebooks execute once, and both editions show the same outputs and glued
numbers. Each edition has its own doctrees and executed notebooks, so that one never reads the other's.
The build is Jupyter Book's (its configuration from ``_config.yml`` and ``_toc.yml``) with Sphinx's
``-W -n --keep-going``; ``--all`` rewrites every page (Sphinx's ``-a``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from jupyter_book.sphinx import build_sphinx

sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))
from editions import EDITIONS  # noqa: E402  (the book's list of languages, also used by its Sphinx extensions)

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"


def build(edition: str, *, force_all: bool = False) -> int:
    """Build one edition (``en``, ``ko`` or ``gettext``); returns Sphinx's status code (0 on success)."""
    overrides = {
        "external_toc_path": (ROOT / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nitpicky": True,
        # one cache for every edition (myst-nb's default is beside each output folder)
        "nb_execution_cache_path": str(BUILD / ".jupyter_cache"),
    }
    doctrees = None  # Jupyter Book's default: beside the output folder
    if edition == "en":
        outdir, builder = BUILD / "html", "html"
    elif edition == "gettext":
        # an environment read for the gettext builder cannot be reused by the HTML builder, nor the reverse
        outdir, builder, doctrees = BUILD / "gettext", "gettext", BUILD / ".doctrees-gettext"
    else:
        # myst-nb writes executed notebooks beside the output folder, so an edition other than English is
        # built in a folder of its own and then copied into the English site under its language code.
        outdir, builder = BUILD / edition / "html", "html"
        overrides["language"] = edition
    status = build_sphinx(
        ROOT, outdir, noconfig=True, path_config=ROOT / "_config.yml", confoverrides=overrides,
        doctreedir=doctrees, builder=builder, warningiserror=True, keep_going=True, force_all=force_all,
    )
    if isinstance(status, Exception):
        return 1
    if status == 0 and edition not in ("en", "gettext"):
        site = BUILD / "html" / edition
        if site.exists():
            shutil.rmtree(site)
        shutil.copytree(outdir, site)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # no argparse choices: with nargs="*" they reject the empty default
    parser.add_argument("editions", nargs="*", help=f"any of {', '.join([*EDITIONS, 'gettext'])} (default: every edition)")
    parser.add_argument("--all", action="store_true", help="rewrite every page, not only the changed ones")
    args = parser.parse_args(argv)
    unknown = [e for e in args.editions if e not in (*EDITIONS, "gettext")]
    if unknown:
        parser.error(f"unknown edition {unknown[0]!r}: expected one of {', '.join([*EDITIONS, 'gettext'])}")
    for edition in args.editions or EDITIONS:
        status = build(edition, force_all=args.all)
        if status:
            print(f"The {edition} edition failed to build (status {status}); see the messages above.",
                  file=sys.stderr)
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
