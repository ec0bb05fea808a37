"""The Korean edition as built: every page in Korean, with the English edition's numbers and figures, its
glossary in 가나다 order, glossary links, and a web font that has every Hangul character the site shows.

(The catalogues themselves are checked in test_translation.py, the pages in a browser in test_site.py.)
"""

from __future__ import annotations

import html
import re

import pytest
from conftest import chapter_pages, toc_pages
from fontTools.ttLib import TTFont

PAGES = toc_pages()
CHAPTERS = chapter_pages()
HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN = re.compile(r"[A-Za-z]")


def page(built_book, path: str, edition: str) -> str:
    """The built HTML of a table-of-contents page ("book/05_backpropagation") in an edition."""
    return built_book.page_html(path.removeprefix("book/"), edition)


def article_text(page_html: str) -> str:
    """The visible prose of a page's article: no code, math, scripts or tags."""
    main = page_html.split('<article class="bd-article">', 1)[-1].split("</article>", 1)[0]
    main = re.sub(r"<(script|style|pre|code|mjx-container)\b.*?</\1>", " ", main, flags=re.S)
    main = re.sub(r'<span class="math[^"]*">.*?</span>', " ", main, flags=re.S)
    main = re.sub(r'<div class="math[^"]*">.*?</div>', " ", main, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


@pytest.fixture(scope="module")
def built(built_book):
    assert built_book.returncode == 0, built_book.log[-3000:]
    return built_book


@pytest.mark.parametrize("path", PAGES)
def test_every_page_reads_in_korean(built, path):
    korean = page(built, path, "ko")
    assert '<html lang="ko"' in korean
    text = article_text(korean)
    if path.endswith("references"):  # the bibliography lists works under their own titles
        text = text.split("참고 문헌", 1)[0] + "참고 문헌"
    hangul, latin = len(HANGUL.findall(text)), len(LATIN.findall(text))
    # Hangul syllables carry about three Latin letters' worth of text; names, symbols and English terms in
    # parentheses stay Latin
    assert hangul > latin / 3, f"{path}: {hangul} Hangul syllables against {latin} Latin letters: is it translated?"
    leftovers = [m for m in ("**", "{glue", "{doc}", "{cite}", "{numref}", "](") if m in text]
    assert not leftovers, f"{path}: markup shows as text in Korean: {leftovers}"


@pytest.mark.parametrize("path", CHAPTERS)
def test_both_editions_show_the_same_numbers_and_figures(built, path):
    english, korean = page(built, path, "en"), page(built, path, "ko")
    glued = re.compile(r'<span class="pasted-text">(.*?)</span>')
    assert glued.findall(english), f"{path} glues no number"
    assert sorted(glued.findall(korean)) == sorted(glued.findall(english))
    images = re.compile(r'<img [^>]*src="([^"]+)"')
    assert images.findall(korean) == images.findall(english)
    outputs = re.compile(r'<div class="cell_output docutils container">(.*?)</div>\s*</div>', re.S)
    assert len(outputs.findall(korean)) == len(outputs.findall(english))


@pytest.mark.parametrize("edition", ["en", "ko"])
@pytest.mark.parametrize("path", CHAPTERS)
def test_first_use_of_glossary_terms_links_to_the_glossary(built, path, edition):
    links = re.findall(r'class="glossary-term reference internal" href="glossary\.html#(term-[^"]+)"',
                       page(built, path, edition))
    assert len(links) >= 3, f"{edition} {path}: only {links} link to the glossary"
    assert len(links) == len(set(links)), f"{edition} {path}: a term is linked more than once"


def test_korean_backpropagation_term_links_to_its_entry(built):
    korean = page(built, "book/05_backpropagation", "ko")
    assert re.search(r'href="glossary\.html#term-Backpropagation"[^>]*><strong>오차역전파법</strong>', korean)


def _initial_consonant(term: str) -> int:
    return (ord(term[0]) - 0xAC00) // 588


def test_korean_glossary_is_sorted_by_hangul_with_a_jump_bar(built):
    korean = page(built, "book/glossary", "ko")
    terms = [html.unescape(re.sub(r"<[^>]+>", "", t)).strip()
             for t in re.findall(r'<dt id="term-[^"]*">(.*?)(?:<a class="headerlink|</dt>)', korean, re.S)]
    hangul = [t for t in terms if HANGUL.match(t)]
    assert len(hangul) > 100, terms[:10]
    assert terms[: len(hangul)] == hangul, "Hangul terms come first in the Korean glossary"
    assert hangul == sorted(hangul), [t for t, u in zip(hangul, sorted(hangul)) if t != u][:5]
    bar = re.search(r'class="glossary-jump-bar">(.*?)</p>', korean, re.S).group(1)
    letters = re.findall(r'href="#glossary-([^"]+)"', bar)
    assert letters[:3] == ["ㄱ", "ㄴ", "ㄷ"] and "A" in letters
    for letter in letters:
        assert f'id="glossary-{letter}"' in korean
    english = page(built, "book/glossary", "en")
    assert re.findall(r'href="#glossary-([^"]+)"', english)[:3] == ["A", "B", "C"]


def test_web_font_has_every_hangul_character_the_site_shows(built):
    shown = set()
    for path in (built.html / "ko").rglob("*.html"):
        shown |= set(HANGUL.findall(path.read_text(encoding="utf-8")))
    assert len(shown) > 500
    for edition in ("", "ko/"):
        for weight in (400, 700):
            font = TTFont(built.html / f"{edition}_static" / "fonts" / f"NanumGothic-{weight}.woff2")
            cmap = font.getBestCmap()
            if edition == "ko/":
                missing = sorted(c for c in shown if ord(c) not in cmap)
                assert not missing, f"the {weight} subset lacks {''.join(missing[:20])}"
            assert len(cmap) < 4000, "the font is a subset, not the whole of Nanum Gothic"
    css = (built.html / "ko" / "_static" / "korean.css").read_text(encoding="utf-8")
    assert "word-break: keep-all" in css and "unicode-range" in css


def test_korean_interface_and_title(built):
    korean = page(built, "book/05_backpropagation", "ko")
    for text in ("본문으로 건너뛰기", "이 책에서 검색", "<title>5. 손으로", "딥러닝 기초", "신경망은 어떻게 학습하는가",
                 "참고 자료"):
        assert text in korean, text
    for text in ("Skip to main content", "Search this book", "Foundations", "How networks learn"):
        assert text not in korean, text
