"""The built site as a reader's browser meets it: its pages, its editions' folders, the browser and a local server.

What the browser tests (``tests/test_site.py``) and the page-load benchmark (``benchmarks/bench_site.py``)
both need, so that neither reaches into the other: the pages of the table of contents, the folder of each
edition in the built site, Debian's Chromium with the arguments it runs with here, and :func:`serving`, a
local HTTP server for a folder on a loopback port.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As the machine's documentation asks: no background connections, no sandbox (root in CI), no GPU.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def toc_pages() -> list[str]:
    """The pages of the table of contents in reading order, as paths without suffix: "book/intro", ..."""
    import yaml  # installed with Jupyter Book

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"]] + [chapter["file"] for part in toc.get("parts", []) for chapter in part["chapters"]]


def edition_folders() -> dict[str, str]:
    """Each edition's folder in the built site: English at its root, the others under their language code."""
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from editions import EDITIONS  # the book's own list (book/_ext/editions.py)

    return {code: "" if code == "en" else f"{code}/" for code in EDITIONS}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving(folder: Path):
    """A local HTTP server for ``folder`` on a free loopback port, in a thread; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
