"""Build the book's editions from one source: ``python book/build.py [en] [ko] [gettext] [--all]``.

- ``en``: the English edition at ``_build/html/``, as ``jupyter-book build`` makes it.
- ``ko``: the Korean edition at ``_build/html/ko/``, the same pages with every translatable string
  replaced from the catalogues in ``locales/ko/LC_MESSAGES/`` (Sphinx's own i18n, ``language = "ko"``).
- ``gettext``: the message templates at ``_build/gettext/``; ``sphinx-intl update -p _build/gettext
  -l ko`` merges them into the catalogues (CONTRIBUTING.md, "The Korean edition").

With no edition named, ``en`` then ``ko``. Every edition reads the same execution cache
(``_build/.jupyter_cache``): the notebooks execute once, one kernel per core before Sphinx starts
(``execute_parallel.py``), and both editions show the same outputs and glued numbers. Each edition has its own
doctrees and executed notebooks, so that one never reads the other's.
The build is Jupyter Book's (its configuration from ``_config.yml`` and ``_toc.yml``) with Sphinx's
``-W -n --keep-going``; ``--all`` rewrites every page (Sphinx's ``-a``). After a successful build the cache
keeps one execution per page, the one just used: an edited page's earlier runs are dropped.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from jupyter_book.sphinx import build_sphinx
from jupyter_cache import get_cache

sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from editions import EDITIONS  # noqa: E402  (the book's list of languages, also used by its Sphinx extensions)
from execute_parallel import execute_missing  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
EXECUTION_CACHE = BUILD / ".jupyter_cache"


def build(edition: str, *, force_all: bool = False) -> int:
    """Build one edition (``en``, ``ko`` or ``gettext``); returns Sphinx's status code (0 on success)."""
    overrides = {
        "external_toc_path": (ROOT / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nitpicky": True,
        # one cache for every edition (myst-nb's default is beside each output folder)
        "nb_execution_cache_path": str(EXECUTION_CACHE),
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


def prune_execution_cache() -> int:
    """Keep only the most recently used execution of each page in the cache; return how many were dropped.

    jupyter-cache keeps every version of a page it has executed (up to a thousand), so without pruning the cache
    grows with every edit and holds code the book no longer shows.
    """
    if not EXECUTION_CACHE.exists():
        return 0
    cache = get_cache(EXECUTION_CACHE)
    latest: dict[str, object] = {}
    stale = []
    for record in sorted(cache.list_cache_records(), key=lambda r: r.accessed):
        if record.uri in latest:
            stale.append(latest[record.uri])
        latest[record.uri] = record
    for record in stale:
        cache.remove_cache(record.pk)
    return len(stale)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # no argparse choices: with nargs="*" they reject the empty default
    parser.add_argument("editions", nargs="*",
                        help=f"any of {', '.join([*EDITIONS, 'gettext'])} (default: every edition)")
    parser.add_argument("--all", action="store_true", help="rewrite every page, not only the changed ones")
    args = parser.parse_args(argv)
    unknown = [e for e in args.editions if e not in (*EDITIONS, "gettext")]
    if unknown:
        parser.error(f"unknown edition {unknown[0]!r}: expected one of {', '.join([*EDITIONS, 'gettext'])}")
    # the chapters' explorations precompute their figures for the static pages (nnkit.viz.explore)
    os.environ["NNKIT_EXPLORE"] = "static"
    executed = execute_missing(ROOT, EXECUTION_CACHE)
    if executed:
        print(f"Executed {len(executed)} pages in parallel: {', '.join(executed)}")
    for edition in args.editions or EDITIONS:
        status = build(edition, force_all=args.all)
        if status:
            print(f"The {edition} edition failed to build (status {status}); see the messages above.",
                  file=sys.stderr)
            return status
    prune_execution_cache()
    return 0


if __name__ == "__main__":
    sys.exit(main())
