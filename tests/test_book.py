"""The book builds from clean with zero warnings, and nothing from solutions/ reaches it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"


@pytest.fixture(scope="session")
def built_book():
    """Build the whole book once per test session, exactly as `make book` does."""
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "MPLBACKEND": "Agg"}
    html = BUILD / "html"
    if html.exists():
        shutil.rmtree(html)  # Sphinx keeps pages of deleted chapters otherwise; the execution cache stays
    proc = subprocess.run(
        [str(bin_dir / "jupyter-book"), "build", "-W", "-n", "--keep-going", "--all", str(ROOT)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500,
    )
    return proc, html


def test_build_passes_without_warnings(built_book):
    proc, html = built_book
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-5000:]
    assert "WARNING" not in log, log[-5000:]
    assert (html / "index.html").exists()


def test_intro_page_is_the_landing_page(built_book):
    _, html = built_book
    assert "Deep Learning Fundamentals" in (html / "book" / "intro.html").read_text(encoding="utf-8")
