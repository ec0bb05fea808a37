"""Shared look of the course's plots: the Okabe–Ito palette, markers, and Axes/panel helpers."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

#: Okabe–Ito colours (blue, orange, green, vermillion, purple, sky blue, yellow, black).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
LINESTYLES = ["-", "--", "-.", ":"]


def series_color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def single_axes(ax, figsize=(5, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def panel_grid(n: int, ncols: int, ax, panel_size=(1.6, 1.6)):
    """A figure and ``n`` Axes in a grid (spare cells hidden), or the ``n`` first of the Axes given.

    The plotting functions' default ``ncols`` keep a grid at most about 5 inches wide, so that its 10 pt text stays
    readable when a phone shows the figure 342 px wide (``book/matplotlibrc``)."""
    if ax is not None:
        axes = list(np.ravel(ax))
        if len(axes) < n:
            raise ValueError(f"this plot needs {n} Axes; got {len(axes)}")
        return axes[0].figure, axes[:n]
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig, grid = plt.subplots(nrows, ncols, squeeze=False, layout="constrained",
                             figsize=(panel_size[0] * ncols, panel_size[1] * nrows))
    axes = list(grid.ravel())
    for spare in axes[n:]:
        spare.set_visible(False)
    return fig, axes[:n]


def image_panel(ax, image, title, **imshow_kw):
    im = ax.imshow(image, interpolation="nearest", **imshow_kw)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)
    return im
