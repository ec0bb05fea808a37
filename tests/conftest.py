"""Shared test settings: a non-interactive matplotlib backend, seeded generators, the public checks' language
reset for each test, and the built book."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "book"))
from site_check import edition_folders, toc_pages  # noqa: E402  (book/site_check.py, shared with bench_site.py)


@pytest.fixture(autouse=True)
def _public_checks_in_the_locale_language(monkeypatch):
    """Each test starts with no notebook language chosen: a notebook run in this process (its language cell
    calls nnkit.exercise.set_language) must not change the messages the next test reads."""
    monkeypatch.setenv("NNKIT_LANG", "")


def chapter_pages() -> list[str]:
    """The numbered chapters among the pages of the table of contents: "book/01_what_is_deep_learning", ..."""
    return [page for page in toc_pages() if re.match(r"book/\d\d_", page)]


EDITIONS = edition_folders()  # each edition's folder in the built site: {"en": "", "ko": "ko/"}


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


class BuiltBook:
    """A built book: the Sphinx log, the HTML folder and the executed notebooks."""

    def __init__(self, build_dir: Path, log: str = "", returncode: int = 0):
        self.build_dir = build_dir
        self.html = build_dir / "html"
        self.executed = build_dir / "jupyter_execute"
        self.log = log
        self.returncode = returncode

    def glued(self, page: str) -> dict[str, str]:
        """The values a page glued with ``myst_nb.glue``, as their ``text/plain`` reprs, by name."""
        path = self.executed / "book" / f"{page}.glue.json"
        if not path.exists():
            raise FileNotFoundError(f"no glued values for book/{page}: {path} is missing (did the page execute?)")
        records = json.loads(path.read_text(encoding="utf-8"))
        return {name: out["data"]["text/plain"] for name, out in records.items()}

    def page_html(self, page: str, edition: str = "en") -> str:
        """The built HTML of ``book/<page>`` in an edition (``en``, or a language code such as ``ko``)."""
        return (self.html / EDITIONS[edition] / "book" / f"{page}.html").read_text(encoding="utf-8")

    def glued_float(self, page: str, name: str) -> float:
        values = self.glued(page)
        if name not in values:
            raise KeyError(f"book/{page} glues no value named {name!r}; it glues {sorted(values)}")
        return float(values[name])


@pytest.fixture(scope="session")
def built_book() -> BuiltBook:
    """The whole book, both editions, built once per test session, exactly as `make book` does.

    With the environment variable BOOK_BUILD set to an existing ``_build`` folder, that build is used
    as it is (handy while writing a chapter: build once, test many times).
    """
    if os.environ.get("BOOK_BUILD"):
        return BuiltBook(Path(os.environ["BOOK_BUILD"]).resolve())
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("MPLBACKEND", None)  # the kernels need matplotlib's inline backend to emit figures
    env["OPENBLAS_NUM_THREADS"] = "1"  # as `make book`: small matrices, one BLAS thread is faster
    build_dir = ROOT / "_build"
    if (build_dir / "html").exists():
        shutil.rmtree(build_dir / "html")  # Sphinx keeps pages of deleted chapters otherwise; the cache stays
    proc = subprocess.run(
        [sys.executable, str(ROOT / "book" / "build.py"), "--all"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
    )
    return BuiltBook(build_dir, proc.stdout + proc.stderr, proc.returncode)


# --- fixtures of the chapter tests: a test module names its page, PAGE = "05_backpropagation", and
# optionally GLUE_PREFIX = "ch05_", the prefix of the names the page glues ----------------------------
@pytest.fixture(scope="module")
def html(built_book, request) -> str:
    """The built HTML of the test module's chapter."""
    return built_book.page_html(request.module.PAGE)


@pytest.fixture(scope="module")
def glued(built_book, request):
    """``glued(name)``: the float the test module's chapter glued under GLUE_PREFIX + name."""
    page, prefix = request.module.PAGE, getattr(request.module, "GLUE_PREFIX", "")
    return lambda name: built_book.glued_float(page, prefix + name)
