"""The built site as readers meet it: offline, in a real browser (Debian's Chromium via Playwright).

Every page of the table of contents is opened from a local HTTP server with every request to another
host blocked, as on a machine with no network. It must load without console errors or failed requests,
show typeset math and loaded images, and keep its interactive parts working: every animation plays and
every exploration's controls change its figure, from the server and from file://. At a phone's width nothing
scrolls sideways and every figure's smallest text is at least 9 CSS px. The site is then
checked as files: every internal link resolves, no page is over 3 MB, every image has alt text,
and no line of a solution or hidden test reaches _build/.
"""

from __future__ import annotations

import functools
import html.parser
import json
import urllib.parse
import urllib.request
from pathlib import Path

import figure_text
import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import EDITIONS, toc_pages
from playwright.sync_api import sync_playwright
from regions import region_lines
from site_check import CHROMIUM, CHROMIUM_ARGS, serving  # book/site_check.py: the browser and the local server

ROOT = Path(__file__).resolve().parent.parent
MAX_PAGE_BYTES = 3 * 1024 * 1024
# How long a browser step may take before it counts as failed. It bounds a wait for a condition, it is not a
# pause: on an idle machine every condition holds within a second or two, but a loaded CI machine building
# other things at the same time may take many times longer, and a tight bound would make the tests flaky.
PATIENCE_MS = 120_000
PHONE = {"width": 390, "height": 844}    # CSS pixels of a common phone in portrait
MIN_TEXT_PX = 9                          # the smallest figure text a reader can read without zooming, in CSS px


PAGES = toc_pages()


@pytest.fixture(scope="module")
def site(built_book) -> Path:
    assert built_book.returncode == 0, built_book.log[-3000:]
    return built_book.html


@pytest.fixture(scope="module")
def server(site):
    with serving(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Chromium is missing (scripts/system-packages.sh installs it; make test runs it)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def patient_context(browser):
    """A browser context whose every wait and navigation may take PATIENCE_MS (a busy machine is slow)."""
    context = browser.new_context()
    context.set_default_timeout(PATIENCE_MS)
    context.set_default_navigation_timeout(PATIENCE_MS)
    return context


class Visit:
    """A page opened offline: what it logged, what failed, and what it tried to fetch from elsewhere."""

    def __init__(self, browser, url: str, local_prefix: str):
        self.context = patient_context(browser)
        self.page = self.context.new_page()
        self.errors, self.failed, self.external = [], [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("response", lambda r: self.failed.append(f"{r.url} ({r.status})") if r.status >= 400 else None)

        def offline(route):
            url = route.request.url
            if url.startswith(local_prefix) or url.startswith("data:"):
                route.continue_()
            else:
                self.external.append(url)
                route.abort()

        self.context.route("**/*", offline)
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        if self.page.locator(".math").count():  # MathJax loads deferred; wait until it has typeset the page
            self.page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
            self.page.evaluate("() => MathJax.startup.promise")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, server):
    opened = []

    def open_page(path: str) -> Visit:
        v = Visit(browser, urllib.parse.urljoin(server, path), server)
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.close()


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("page", PAGES)
def test_page_loads_offline_with_math_and_images(visit, site, page, edition):
    """Every page of both editions, offline; a Korean page also in its language, font and switch."""
    page = EDITIONS[edition] + page
    v = visit(f"{page}.html")
    assert v.external == [], f"{page} needs the internet for: {v.external}"
    assert v.failed == [], f"{page}: failed requests {v.failed}"
    assert v.errors == [], f"{page}: console errors {v.errors}"
    text = v.page.evaluate("""() => { const main = document.querySelector('main').cloneNode(true);
        main.querySelectorAll('pre, code').forEach(e => e.remove());  // code may spell TeX on purpose
        document.body.appendChild(main); const text = main.innerText; main.remove(); return text; }""")
    assert not [t for t in ("$$", "\\(", "\\[", "\\frac", "\\begin{") if t in text], f"{page}: raw TeX is showing"
    if 'class="math' in (site / f"{page}.html").read_text():
        assert v.page.locator("mjx-container").count() > 0, f"{page}: MathJax typeset nothing"
    broken = v.page.evaluate("""() => [...document.images]
        .filter(img => !img.complete || img.naturalWidth === 0).map(img => img.src.slice(0, 80))""")
    assert broken == [], f"{page}: images that did not load: {broken}"
    if v.page.locator("div.animation").count():  # the same page from file:// is checked below
        assert _first_frame_then_play(v.page), f"{page}: the animation did not play"
    stuck = _controls_that_do_not_move_their_figure(v.page)
    assert stuck == [], f"{page}: explorations whose figure does not change: {stuck}"
    assert_fits_a_phone(v, page)
    assert_figure_text_readable(v, site, page)
    if edition == "ko":
        korean_page_checks(v, page.removeprefix(EDITIONS["ko"]))


def assert_fits_a_phone(v, page: str) -> None:
    """At a phone's width nothing makes the page scroll sideways: wide tables, code and equations scroll
    inside their own boxes, figures and animations shrink to the column."""
    v.page.set_viewport_size(PHONE)
    v.page.wait_for_function("(w) => window.innerWidth === w", arg=PHONE["width"])
    scroll, limit = v.page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if scroll > limit + 1:   # name the widest elements sticking out, for the message
        wide = v.page.evaluate("""(limit) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > limit + 1)
            .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
            .slice(0, 5).map(e => `${e.tagName}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`)""",
                               limit)
        pytest.fail(f"{page} scrolls sideways at {PHONE['width']} px ({scroll} > {limit}): {wide}")


def assert_figure_text_readable(v, site: Path, page: str) -> None:
    """At a phone's width, the smallest text of every figure, animation frame and exploration frame is at least
    MIN_TEXT_PX: its size in points (read from the code of its cell, tests/figure_text.py) times the image's
    pixels per point (its dpi / 72) times the scale the browser shows it at."""
    path = site / f"{page}.html"
    cells = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("div.cell")
    codes = [cell.select_one("div.cell_input").get_text() if cell.select_one("div.cell_input") else ""
             for cell in cells]
    shown = v.page.evaluate("""() => [...document.querySelectorAll('div.cell')].map(cell =>
        [...cell.querySelectorAll('.cell_output img')].map(img =>
            [img.getAttribute('src'), img.naturalWidth, img.getBoundingClientRect().width]))""")
    assert len(shown) == len(codes), f"{page}: {len(codes)} cells in the file, {len(shown)} in the browser"
    params = figure_text.rc()
    base, default = float(params["font.size"]), figure_text.default_text_points(params)
    functions = {**figure_text.viz_functions(base), **figure_text.function_points(codes, base)}
    small = []
    for number, (code, images) in enumerate(zip(codes, shown), start=1):
        points = figure_text.smallest_points(code, functions, default, base) if images else None
        for src, natural, width in images:
            if not width:  # not laid out (a closed dropdown): nothing to read
                continue
            dpi = figure_text.png_dpi(figure_text.image_bytes(src, path))
            px = points * dpi / 72 * width / natural
            if px < MIN_TEXT_PX:
                first = code.strip().splitlines()[0] if code.strip() else ""
                small.append(f"cell {number} ({first[:50]!r}): {points:g} pt at {dpi:.0f} dpi, {natural} px shown"
                             f" at {width:.0f} -> {px:.1f} px")
    assert not small, f"{page}: figure text under {MIN_TEXT_PX} CSS px at {PHONE['width']} px:\n" + "\n".join(small)


def korean_page_checks(v, page: str) -> None:
    """A Korean page says so, draws its Hangul with the shipped web font, and switches to English and back."""
    assert v.page.evaluate("document.documentElement.lang") == "ko"
    # this Chromium has no Korean font of its own: the Hangul on screen is the web font's
    v.page.evaluate("() => document.fonts.ready")
    assert v.page.evaluate("""() => [...document.fonts].some(f => f.family.includes('Nanum Gothic Book')
        && f.status === 'loaded')"""), f"ko/{page}: the Hangul web font did not load"
    assert v.page.evaluate("getComputedStyle(document.body).wordBreak") == "keep-all"
    v.page.locator("a.language-switch[hreflang=en]").click()
    v.page.wait_for_load_state("load")
    assert v.page.url.endswith(f"/{page}.html") and "/ko/" not in v.page.url, v.page.url
    assert v.page.evaluate("document.documentElement.lang") == "en"
    back = v.page.locator("a.language-switch[hreflang=ko]").get_attribute("href")
    assert back.endswith(f"ko/{page}.html"), back


def search(visit, edition: str, query: str) -> list[str]:
    """The pages a search lists, best first, as their paths under the edition (``book/05_backpropagation``)."""
    v = visit(f"{EDITIONS[edition]}search.html?q={urllib.parse.quote(query)}")
    v.page.wait_for_selector("#search-results ul.search li")
    hrefs = v.page.locator("#search-results ul.search li > a").evaluate_all("links => links.map(a => a.href)")
    return [urllib.parse.urlsplit(h).path.split(".html")[0].split(EDITIONS[edition] + "book/", 1)[-1] for h in hrefs]


@pytest.mark.parametrize("query", ["backpropagation", "역전파"])
def test_search_finds_the_topic(visit, query):
    hits = search(visit, "en", query)
    assert "05_backpropagation" in hits[:3], f"searching {query!r} found {hits}"


# A Korean reader types particles (역전파는), spaces or not (손실함수), and other books' terms (Saito's, or the
# ones Saito does not use: 과적합 for 오버피팅, 가중치 감쇠 for 가중치 감소); the chapter that teaches it comes first.
KOREAN_QUERIES = {
    "역전파는": "05_backpropagation",
    "오차역전파법을": "05_backpropagation",
    "경사하강법을": "06_gradient_descent",
    "경사 하강법": "06_gradient_descent",
    "손실함수": "04_activations_and_losses",
    "손실 함수": "04_activations_and_losses",
    "기울기 소실": "08_vanishing_gradients",
    "경사 소실": "08_vanishing_gradients",
    "합성곱": "11_cnn",
    "드롭아웃은": "10_regularization",
    "과적합": "10_regularization",
    "가중치 초기화": "09_initialization",
    "모멘텀": "07_optimizers",
}


@pytest.mark.parametrize("query", KOREAN_QUERIES)
def test_korean_search_ranks_the_chapter_first(visit, query):
    hits = search(visit, "ko", query)
    assert hits and hits[0] == KOREAN_QUERIES[query], f"searching {query!r} in Korean listed {hits}"


@pytest.mark.parametrize("query, shown",
                         [("역전파는", "역전파"), ("손실함수", "손실 함수"), ("경사하강법을", "경사 하강법")])
def test_korean_search_snippet_shows_the_word_in_the_page(visit, query, shown):
    v = visit(f"ko/search.html?q={urllib.parse.quote(query)}")
    snippet = v.page.locator("#search-results ul.search li p.context").first
    snippet.wait_for()
    assert shown in snippet.inner_text(), snippet.inner_text()


def _first_frame_then_play(page):
    frame = page.locator("div.animation img").first
    frame.scroll_into_view_if_needed()
    before = frame.get_attribute("src")
    page.locator("div.animation button[title='Play']").first.click()
    page.wait_for_function("(src) => document.querySelector('div.animation img').src !== src", arg=before)
    return frame.get_attribute("src") != before


def _settings(field) -> int:
    if field.evaluate("(el) => el.tagName") == "SELECT":
        return field.evaluate("(el) => el.options.length")
    return int(field.get_attribute("max")) + 1


def _move(field, step: int = 1) -> None:
    """Move a control `step` settings on (cyclically), as a reader would: the page sees an input event."""
    setting = str((int(field.input_value()) + step) % _settings(field))
    if field.evaluate("(el) => el.tagName") == "SELECT":
        field.select_option(setting)
    else:
        field.fill(setting)


def _controls_that_do_not_move_their_figure(page) -> list[str]:
    """Move every control of every exploration (nnkit.viz.explore) through its settings until the figure
    changes; return the controls for which it never did. Some settings draw the same figure whatever one
    control says (the alpha of Leaky ReLU, when the function shown is tanh), so when a control's settings
    all leave the figure as it is, the other controls move one setting on and the control is tried again."""
    stuck = []
    explorations = page.locator(".nnkit-explore")
    for e in range(explorations.count()):
        exploration = explorations.nth(e)
        image = exploration.locator("img")
        fields = [exploration.locator("input, select").nth(f)
                  for f in range(exploration.locator("input, select").count())]
        for field in fields:
            field.scroll_into_view_if_needed()
            others = [other for other in fields if other != field]
            moved = False
            for _ in range(max([_settings(other) for other in others], default=1)):
                before = image.get_attribute("src")
                for _ in range(_settings(field) - 1):
                    _move(field)
                    if image.get_attribute("src") != before:
                        moved = True
                        break
                if moved:
                    break
                for other in others:
                    _move(other)
            if not moved:
                stuck.append(f"exploration {e + 1}, control {field.get_attribute('id')}")
    return stuck


@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith("book/") and p[5:7].isdigit()])
def test_animations_and_explorations_work_from_files(browser, site, page):
    # from the server, the offline-load test above plays every page's animation and moves its explorations in
    # both editions; the players are cell outputs, the same bytes in both, so from file:// one edition suffices
    context = patient_context(browser)
    try:
        local = context.new_page()
        local.goto((site / f"{page}.html").as_uri(), wait_until="load")
        assert local.locator(".nnkit-explore").count() >= 1, f"{page}: no exploration"
        assert _controls_that_do_not_move_their_figure(local) == []
        if local.locator("div.animation").count():
            assert _first_frame_then_play(local)
    finally:
        context.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_self_check_dropdowns_open(visit, edition):
    v = visit(f"{EDITIONS[edition]}book/05_backpropagation.html")
    dropdown = v.page.locator("div.dropdown.admonition").first
    body = dropdown.locator("p").last
    assert not body.is_visible()
    dropdown.locator("button.toggle-button").click()
    body.wait_for(state="visible")


@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith("book/") and p[5:7].isdigit()])
def test_download_button_delivers_the_notebook(site, server, page):
    # the button is a plain link: read it from the page, fetch it from the server as a browser would
    links = [a for a in _parsed(site / f"{page}.html").anchors if "btn-download-notebook-button" in a.get("class", "")]
    assert len(links) == 1, f"{page}: {len(links)} .ipynb download buttons"
    href = urllib.parse.urljoin(urllib.parse.urljoin(server, f"{page}.html"), links[0]["href"])
    with urllib.request.urlopen(href, timeout=PATIENCE_MS / 1000) as response:
        nb = nbformat.reads(response.read().decode(), as_version=4)
    assert sum(c.cell_type == "code" for c in nb.cells) >= 5


# --- the site as files -----------------------------------------------------------------------------


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids, self.images, self.anchors = [], set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            self.anchors.append(attrs)
        if tag == "img":
            self.images.append(attrs)


@functools.cache
def _parsed(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _html_files(site: Path):
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def test_every_internal_link_resolves(site):
    broken = []
    for page in _html_files(site):
        for href in _parsed(page).links:
            parts = urllib.parse.urlsplit(href)
            if parts.scheme or href.startswith(("//", "mailto:", "javascript:")):
                continue
            target = (page.parent / urllib.parse.unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in _parsed(target).ids:
                broken.append(f"{page.relative_to(site)} -> {href} (no such anchor)")
    assert broken == []


def test_pages_are_light_and_images_described(site):
    for page in _html_files(site):
        assert page.stat().st_size <= MAX_PAGE_BYTES, f"{page.relative_to(site)}: {page.stat().st_size} bytes"
        unnamed = [img.get("src", "")[:60] for img in _parsed(page).images if not (img.get("alt") or "").strip()]
        assert unnamed == [], f"{page.relative_to(site)}: images without alt text {unnamed}"


def _secret_lines() -> set[str]:
    """Lines of the solution regions and hidden tests of solutions/ that the book does not teach itself."""
    taught = "\n".join(p.read_text() for p in (ROOT / "book").glob("*.md"))
    released = "\n".join(p.read_text() for p in (ROOT / "exercises").glob("*/*.ipynb"))
    cells = [c for path in (ROOT / "solutions").glob("*/*.ipynb") for c in nbformat.read(path, as_version=4).cells]
    lines = region_lines(cells, min_length=16)  # not `return out`
    return {ln for ln in lines if ln not in taught and json.dumps(ln)[1:-1] not in released}


def test_no_solution_or_hidden_test_reaches_the_site(site):
    secrets = _secret_lines()
    assert len(secrets) > 100
    leaks = []
    # Not read: the vendored MathJax, and each edition's own build folder (_build/ko/html), of which the site
    # holds an identical copy (_build/html/ko), which is read.
    skipped = [site.parent / code / "html" for code in EDITIONS if code != "en"]
    for path in site.parent.rglob("*"):
        if "mathjax" in path.parts or any(path.is_relative_to(folder) for folder in skipped):
            continue
        if path.is_file() and path.suffix in {".html", ".js", ".ipynb", ".md", ".txt", ".json", ".py"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            if "BEGIN HIDDEN TESTS" in text or "BEGIN SOLUTION" in text:
                leaks.append(f"{path}: an nbgrader marker")
            leaks += [f"{path}: {ln}" for ln in secrets if ln in text or json.dumps(ln)[1:-1] in text]
    assert leaks == []
