"""Search as a Korean reader types, and results ranked by relevance, in both editions.

Sphinx has no Korean search language: its default splitter indexes 역전파는 and 역전파 as different words,
and a query finds only the exact token. ``SearchKorean`` (``html_search_language = "ko"``):

- strips one trailing particle (조사) from a Hangul word, in the index (Python) and in the query (the
  JavaScript ``Stemmer``), both from the one list ``PARTICLES``: 역전파는, 역전파를, 역전파에서 → 역전파;
- indexes every term of ``locales/ko/terms.yml`` under all its spellings, joined and spaced, wherever one of
  them occurs: a page that writes 손실 함수 is found by 손실함수, and one that writes 가중치 감소 (Saito's term)
  by 가중치 감쇠.

Sphinx lists the pages that contain every query word with equal scores, ordered by title. The scorer
(``search_results.js``, Sphinx's ``html_search_scorer``) ranks the pages by relevance instead: a bonus
when the page's title holds a query word, and, for the numbered chapters, the logarithm of how often the page
uses each query word (in any indexed word: 역전파 in 오차역전파법 too). The counts are made here with the
edition's own splitter and stemmer and written, with the list of chapters, to ``_static/search-frequencies.js``,
which only the search page loads. Reference pages (the glossary, which mentions every term) get the title
bonus only, so that the chapter that teaches a term comes first. The same file makes each result's snippet
start in the page's prose, at the query word, spaced or not.
"""

from __future__ import annotations

import collections
import json
import re
from importlib import import_module
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage, WordCollector, languages

HERE = Path(__file__).parent
TERMS = HERE.parent.parent / "locales" / "ko" / "terms.yml"
# Particles and their common combinations, longest first; one is stripped when at least two letters remain.
PARTICLES = sorted(
    """에서부터 으로부터 로부터 에서는 에서도 에서의 에게서 으로는 으로도 으로서 으로써 으로의 이라는 이라고
    이라면 에서 에게 에는 에도 으로 로는 로도 로서 로써 로의 까지 부터 마다 보다 처럼 만큼 과의 와의 이란 이며 이고
    이나 라는 라고 이다 들은 들이 들을 들의 들과 들 은 는 이 가 을 를 의 에 와 과 도 만 로 란""".split(),
    key=len, reverse=True)
MIN_STEM = 2
_HANGUL_END = re.compile(r"[\uac00-\ud7a3]$")


def stem(word: str) -> str:
    """A word without its trailing Korean particle, lower-cased; the JavaScript ``Stemmer`` does the same."""
    word = word.lower()
    if _HANGUL_END.search(word):
        for particle in PARTICLES:
            if word.endswith(particle) and len(word) - len(particle) >= MIN_STEM:
                return word[: -len(particle)]
    return word


def spelling_groups() -> list[list[str]]:
    """The spellings of each term with more than one way to write it (an alternative, or a space to omit)."""
    groups = []
    for term in yaml.safe_load(TERMS.read_text(encoding="utf-8")):
        spellings = [term["ko"], *term.get("also", [])]
        if len(spellings) > 1 or " " in term["ko"]:
            groups.append(spellings)
    return groups


class SearchKorean(SearchLanguage):
    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = (HERE / "korean_search_stemmer.js").read_text(encoding="utf-8").replace(
        "/*PARTICLES*/[]", json.dumps(PARTICLES, ensure_ascii=False)).replace("/*MIN_STEM*/2", str(MIN_STEM))

    def init(self, options: dict) -> None:
        self.groups = [[(s, s.replace(" ", "")) for s in group] for group in spelling_groups()]

    def split(self, input: str) -> list[str]:
        words = super().split(input)
        compact = re.sub(r"\s+", "", input)
        for group in self.groups:
            if any(joined in compact for _, joined in group):
                for spelling, joined in group:
                    words += [joined, *spelling.split()]
        return words

    def stem(self, word: str) -> str:
        return stem(word)


def search_language(app: Sphinx) -> SearchLanguage:
    """The edition's search language, as Sphinx's HTML builder will index it."""
    code = app.config.html_search_language or app.config.language or "en"
    language = languages.get(code) or languages.get(code.split("_")[0]) or languages["en"]
    if isinstance(language, str):
        module, name = language.rsplit(".", 1)
        language = getattr(import_module(module), name)
    return language(app.config.html_search_options)


def count_words(app: Sphinx, doctree: nodes.document) -> None:
    """How often each (stemmed) word occurs on a page; kept in the environment, so a rebuild of some pages
    still knows the others' counts."""
    lang = search_language(app)
    collector = WordCollector(doctree, lang)
    doctree.walk(collector)
    counts = collections.Counter(lang.stem(w).lower() for w in collector.found_words)
    if not hasattr(app.env, "search_frequencies"):
        app.env.search_frequencies = {}
    app.env.search_frequencies[app.env.docname] = {w: n for w, n in counts.items() if n > 1 and lang.word_filter(w)}


def forget_page(app: Sphinx, env, docname: str) -> None:
    getattr(env, "search_frequencies", {}).pop(docname, None)


def merge_counts(app: Sphinx, env, docnames, other) -> None:
    env.search_frequencies = {**getattr(env, "search_frequencies", {}), **getattr(other, "search_frequencies", {})}


def use_scorer(app: Sphinx, config) -> None:
    config.html_search_scorer = str(HERE / "search_results.js")


def write_frequencies(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    by_word: dict[str, dict[str, int]] = {}
    for docname, counts in sorted(getattr(app.env, "search_frequencies", {}).items()):
        for word, n in counts.items():
            by_word.setdefault(word, {})[docname] = n
    chapters = sorted(doc for doc, numbers in app.env.toc_secnumbers.items() if numbers)
    compact = {"ensure_ascii": False, "separators": (",", ":")}
    target = Path(app.outdir) / "_static" / "search-frequencies.js"
    target.write_text(f"window.SEARCH_FREQUENCIES = {json.dumps(by_word, **compact)};\n"
                      f"window.SEARCH_CHAPTERS = {json.dumps(chapters, **compact)};\n", encoding="utf-8")


def load_frequencies_on_search_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if pagename == "search":
        app.add_js_file("search-frequencies.js")


def setup(app: Sphinx) -> dict:
    app.add_search_language(SearchKorean)
    app.connect("config-inited", use_scorer)
    app.connect("doctree-read", count_words)
    app.connect("env-purge-doc", forget_page)
    app.connect("env-merge-info", merge_counts)
    # before single_scripts, which replaces the page's script list with a copy
    app.connect("html-page-context", load_frequencies_on_search_page, priority=400)
    app.connect("build-finished", write_frequencies)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
