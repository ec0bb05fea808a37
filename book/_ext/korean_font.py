"""A Hangul web font shipped with the site, so that Korean renders on a machine with no Korean font.

After each HTML build, Nanum Gothic (regular and bold, the files the PyPI package koreanize-matplotlib ships)
is cut with fontTools to the Hangul characters the built pages use and saved as WOFF2 in
``_static/fonts/``; ``_static/korean.css`` declares it for Hangul only (``unicode-range``). Subsets are kept
in ``_build/.fonts/`` by the hash of their characters, so a rebuild that adds no new character reuses them.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from importlib.resources import files
from pathlib import Path

from editions import EDITIONS
from fontTools import subset
from sphinx.application import Sphinx

WEIGHTS = {400: "NanumGothic.ttf", 700: "NanumGothicBold.ttf"}
# Hangul jamo, CJK symbols and punctuation, compatibility jamo, syllables: the ranges korean.css names
HANGUL = re.compile(r"[\u1100-\u11ff\u3000-\u303f\u3130-\u318f\uac00-\ud7a3]")


def site_characters(outdir: Path) -> str:
    """Every Hangul character of the edition's pages and search index, sorted (not those of another edition
    that a previous build copied under the English one's folder)."""
    found: set[str] = set()
    for path in [*outdir.rglob("*.html"), *outdir.glob("searchindex.js")]:
        if path.relative_to(outdir).parts[0] in EDITIONS:
            continue
        found.update(HANGUL.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return "".join(sorted(found))


def write_subset(source: Path, characters: str, target: Path) -> None:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def add_fonts(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    characters = site_characters(outdir)
    if not characters:
        return
    key = hashlib.sha1(characters.encode("utf-8")).hexdigest()[:16]
    cache = Path(app.srcdir) / "_build" / ".fonts"
    cache.mkdir(parents=True, exist_ok=True)
    fonts = outdir / "_static" / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for weight, name in WEIGHTS.items():
        cached = cache / f"NanumGothic-{weight}-{key}.woff2"
        if not cached.exists():
            write_subset(Path(str(files("koreanize_matplotlib") / "fonts" / name)), characters, cached)
        shutil.copyfile(cached, fonts / f"NanumGothic-{weight}.woff2")


def setup(app: Sphinx) -> dict:
    app.add_css_file("korean.css")
    app.connect("build-finished", add_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
