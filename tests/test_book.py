"""The book builds from clean with zero warnings."""

import re


def test_build_passes_without_warnings(built_book):
    assert built_book.returncode == 0, built_book.log[-5000:]
    # Sphinx warnings look like "path: WARNING: ..."; a kernel's own log lines ("WARNING |") are not Sphinx's.
    warnings = [line for line in built_book.log.splitlines() if re.search(r"WARNING: ", line)]
    assert not warnings, "\n".join(warnings)
    assert (built_book.html / "index.html").exists()


def test_intro_page_is_the_landing_page(built_book):
    assert "Deep Learning Fundamentals" in (built_book.html / "book" / "intro.html").read_text(encoding="utf-8")
