"""Execute the chapters the execution cache lacks, several at once, before Sphinx reads them.

myst-nb (``nb_execution_mode: cache``) executes a page whose code has no record in the cache while it reads
that page, so one page at a time. This module fills the same cache first, one kernel per core: myst-nb then
finds every page's record and only merges its outputs. A page is read here as myst-nb reads it (the same
reader and Markdown extensions), so that the cache's hash of its code cells and their metadata is the one
myst-nb looks up. A page that fails here is left out of the cache: myst-nb executes it again and reports the
error with the page's name and traceback, as it would without this module.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import yaml
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from jupyter_client import KernelManager
from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig
from traitlets import default


def book_config(root: Path) -> tuple[MdParserConfig, int | None]:
    """The Markdown extensions myst-nb parses with, and the per-cell timeout, from ``_config.yml``."""
    config = yaml.safe_load((root / "_config.yml").read_text("utf8"))
    extensions = set(config.get("parse", {}).get("myst_enable_extensions", []))
    return MdParserConfig(enable_extensions=extensions), config.get("execute", {}).get("timeout")


def read_page(path: Path, config: MdParserConfig) -> nbformat.NotebookNode:
    """The notebook myst-nb makes of a MyST Markdown page (outputs empty)."""
    return read_myst_markdown_notebook(path.read_text("utf8"), config=config, add_source_map=True,
                                       path=str(path))


class UnixSocketKernelManager(KernelManager):
    """A kernel reached through Unix sockets in a folder of its own, not through TCP ports: two kernels started at
    the same moment could otherwise be handed the same free port (grading/kernels.py does the same)."""

    socket_folder = tempfile.gettempdir()  # set by _execute to a fresh folder for each page

    @default("transport")
    def _default_transport(self):
        return "ipc"

    @default("ip")
    def _default_ip(self):
        return os.path.join(self.socket_folder, "kernel")


def _execute(path: Path, notebook: nbformat.NotebookNode, timeout: int | None):
    """Run one page in a fresh kernel in its own folder; return (path, notebook, seconds, or None on failure)."""
    with tempfile.TemporaryDirectory(prefix="nbkernel-") as sockets:
        UnixSocketKernelManager.socket_folder = sockets
        try:
            result = single_nb_execution(notebook, cwd=str(path.parent), timeout=timeout, allow_errors=False,
                                         meta_override=True, kernel_manager_class=UnixSocketKernelManager)
        except Exception:  # a kernel that died or never started: myst-nb runs the page again and reports it
            return path, notebook, None
    return path, notebook, (None if result.err is not None else result.time)


def execute_missing(root: Path, cache_path: Path, workers: int | None = None) -> list[str]:
    """Execute every notebook page of the book at ``root`` that has no record in the cache at ``cache_path``.

    Returns the names of the pages executed and cached; ``workers`` kernels run at once (default: the cores).
    """
    md_config, timeout = book_config(root)

    cache = get_cache(cache_path)
    pending = []
    for path in sorted((root / "book").glob("*.md")):
        path = path.resolve()
        if not is_myst_markdown_notebook(path.read_text("utf8")):
            continue
        notebook = read_page(path, md_config)
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            pending.append((path, notebook))
    if not pending:
        return []
    # longest pages first, so that the last kernel to finish is a short one
    pending.sort(key=lambda item: len(item[0].read_text("utf8")), reverse=True)

    executed = []
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        futures = [pool.submit(_execute, path, notebook, timeout) for path, notebook in pending]
        for future in futures:
            path, notebook, seconds = future.result()
            if seconds is None:
                continue
            cache.cache_notebook_bundle(
                CacheBundleIn(notebook, str(path), data={"execution_seconds": seconds}),
                check_validity=False, overwrite=True,
            )
            executed.append(path.name)
    return executed
