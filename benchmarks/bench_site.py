"""Size of the built site and how long each page takes to load, offline, in Chromium.

Run from the repository root after ``make book`` (needs Debian's chromium)::

    python benchmarks/bench_site.py [--site _build/html] [--repeats 3]

Prints the site's total size and each edition's, the largest pages, and for every page of the table of
contents in each edition (English, Korean) the time until the ``load`` event and until MathJax has typeset it
(best of ``--repeats``), slowest first.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "book"))

from site_check import CHROMIUM, CHROMIUM_ARGS, edition_folders, serving, toc_pages  # noqa: E402

EDITIONS, PAGES = edition_folders(), toc_pages()  # as tests/test_site.py opens them


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="_build/html")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    site = Path(args.site).resolve()
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size, reverse=True)
    print(f"site: {size(site) / 1e6:.1f} MB in {sum(1 for _ in site.rglob('*') if _.is_file())} files "
          f"({size(site / '_static') / 1e6:.1f} MB of it in _static/, MathJax included)")
    korean = site / EDITIONS["ko"]
    print(f"  of which the Korean edition ({EDITIONS['ko']}): {size(korean) / 1e6:.1f} MB, "
          f"{size(korean / '_static') / 1e6:.1f} MB in its _static/; its Hangul web font: "
          f"{size(korean / '_static' / 'fonts') / 1e3:.0f} kB (regular and bold)")
    for p in pages[:4]:
        print(f"  {p.relative_to(site)}: {p.stat().st_size / 1e6:.2f} MB")

    timings = []
    with serving(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page_name in [prefix + name for prefix in EDITIONS.values() for name in PAGES]:
            best_load = best_math = float("inf")
            for _ in range(args.repeats):
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + page_name + ".html", wait_until="load")
                load = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
                if page.locator(".math").count():
                    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
                    page.evaluate("() => MathJax.startup.promise")
                math = page.evaluate("() => performance.now()")
                best_load, best_math = min(best_load, load), min(best_math, math)
                context.close()
            timings.append((best_math, best_load, page_name))
        browser.close()
    print(f"\n{'page':40s} {'load ms':>8s} {'typeset ms':>11s}")
    for math, load, name in sorted(timings, reverse=True):
        print(f"{name:40s} {load:8.0f} {math:11.0f}")


if __name__ == "__main__":
    main()
