"""The book builds from clean with zero warnings, and every chapter has the course's shape."""

import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT, chapter_pages


def test_build_passes_without_warnings(built_book):
    assert built_book.returncode == 0, built_book.log[-5000:]
    # Sphinx warnings look like "path: WARNING: ..."; a kernel's own log lines ("WARNING |") are not Sphinx's.
    warnings = [line for line in built_book.log.splitlines() if re.search(r"WARNING: ", line)]
    assert not warnings, "\n".join(warnings)
    assert (built_book.html / "index.html").exists()


def test_intro_page_is_the_landing_page(built_book):
    assert "Deep Learning Fundamentals" in (built_book.html / "book" / "intro.html").read_text(encoding="utf-8")


# --- every chapter has the course's shape (CONTRIBUTING.md) -----------------------------------------
def chapters():
    """The chapter pages of the table of contents, e.g. "05_backpropagation"."""
    return [page.split("/")[-1] for page in chapter_pages()]


@pytest.mark.parametrize("page", chapters())
def test_chapter_has_goals_self_check_and_summary(built_book, page):
    html = built_book.page_html(page)
    assert 'admonition-title">Learning goals<' in html, "no Learning goals admonition"
    assert 3 <= html.count('class="dropdown admonition"') <= 5, "want 3-5 self-check questions in dropdowns"
    assert 'id="summary"' in html, "no Summary section"


@pytest.mark.parametrize("page", chapters())
def test_chapter_ends_with_open_exercises(page):
    # two to four open exercises after the self-check, among them a derivation and an experiment
    text = (ROOT / "book" / f"{page}.md").read_text(encoding="utf-8")
    assert "\n## Exercises\n" in text, "no Exercises section"
    section = text.split("\n## Exercises\n", 1)[1].split("\n## ", 1)[0]
    labels = re.findall(r"^\d+\. \*\*(\w+)\.\*\*", section, flags=re.MULTILINE)
    assert 2 <= len(labels) <= 4, f"want 2-4 exercises, found {len(labels)}"
    assert "Derivation" in labels and "Experiment" in labels, f"want a derivation and an experiment: {labels}"
    assert text.index("\n## Self-check\n") < text.index("\n## Exercises\n") < text.index("\n## Summary\n")


@pytest.mark.parametrize("page", chapters())
def test_chapter_figures_have_alt_text(built_book, page):
    html = built_book.page_html(page)
    figures = re.findall(r'<img ([^>]*)src="\.\./_images/', html)
    assert len(figures) >= 2, "want at least two figures"
    for attributes in figures:
        alt = re.search(r'alt="([^"]*)"', attributes)
        assert alt and len(alt.group(1)) > 20, f"a figure without a real alt text: <img {attributes}>"


@pytest.mark.parametrize("page", chapters())
def test_chapter_executed_cleanly(built_book, page):
    html = built_book.page_html(page)
    assert "Traceback" not in html, "a cell raised"
    assert "Warning:" not in html and "warnings.warn" not in html, "a cell printed a warning"
    assert "application/vnd.jupyter.widget-view" not in html, "a widget reached the static page"
    assert "glue:text" not in html, "a glued value did not resolve"


def test_every_problem_set_is_linked_from_its_chapters_and_downloadable(built_book):
    releases = sorted((ROOT / "exercises").glob("*/*.ipynb"))
    assert releases, "no released problem sets under exercises/"
    pages = {page: built_book.page_html(page) for page in chapters()}
    for release in releases:
        linking = [page for page, html in pages.items() if f"{release.name}" in html and "Graded exercise" in html]
        assert linking, f"no chapter links {release.name}"
        delivered = list((built_book.html / "_downloads").glob(f"*/{release.name}"))
        assert delivered and delivered[0].read_bytes() == release.read_bytes(), f"{release.name} is not downloadable"


def test_execution_cache_keeps_one_run_per_page(built_book):
    # book/build.py prunes the cache after building: an edited page's earlier runs are dropped
    from jupyter_cache import get_cache

    records = get_cache(built_book.build_dir / ".jupyter_cache").list_cache_records()
    pages = [Path(record.uri).stem for record in records]
    assert sorted(pages) == sorted(set(pages)), f"pages with more than one cached run: {pages}"
    assert {f"book/{page}" for page in pages} == set(chapter_pages())


def test_parallel_execution_fills_the_records_myst_nb_reads(built_book):
    # book/execute_parallel.py executes the pages before Sphinx; had it hashed a page differently from
    # myst-nb, myst-nb would have executed the page again, and the pruning kept only myst-nb's record
    from jupyter_cache import get_cache

    sys.path.insert(0, str(ROOT / "book"))
    from execute_parallel import book_config, read_page

    md_config, _ = book_config(ROOT)
    cache = get_cache(built_book.build_dir / ".jupyter_cache")
    for page in chapter_pages():
        record = cache.match_cache_notebook(read_page((ROOT / f"{page}.md").resolve(), md_config))
        assert Path(record.uri).name == f"{Path(page).name}.md"


@pytest.mark.parametrize("page", chapters())
def test_no_launch_button_that_cannot_work(built_book, page):
    # Binder and Colab install neither nnkit nor jupytext: a chapter is offered as a download instead
    html = built_book.page_html(page)
    for launcher in ("dropdown-launch-buttons", "mybinder.org", "colab.research.google.com"):
        assert launcher not in html
    assert "btn-download-notebook-button" in html


@pytest.mark.parametrize("page", chapters())
def test_long_figure_code_is_folded(page):
    # a figure's plotting code (12 lines or more) is folded under "Show code cell source": readers need the
    # figure; the code stays one click away and in the downloaded notebook
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook((ROOT / "book" / f"{page}.md").read_text(encoding="utf-8"))
    figures = [cell for cell in notebook.cells
               if cell.cell_type == "code" and cell.metadata.get("mystnb", {}).get("figure")]
    assert figures, "no figure cells read"
    for cell in figures:
        if cell.source.count("\n") + 1 >= 12:
            name = cell.metadata["mystnb"]["figure"].get("name")
            assert "hide-input" in cell.metadata.get("tags", []), f"{name}: long plotting code is shown"
