"""Optimizer paths on 2-D loss surfaces, as a still figure or an animation."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation

from ._style import LINESTYLES, MARKERS, series_color, single_axes


def _surface(ax, f, xlim, ylim, levels, resolution, filled=False):
    """Contours of ``f(x, y)``, log-spaced when ``f`` is positive so the valley floor shows.

    Filled bands compress far better than anti-aliased lines in the PNG frames of an animation.
    """
    gx, gy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    z = np.asarray(f(gx, gy), dtype=float)
    if z.shape != gx.shape:
        raise ValueError(f"f(x, y) must work element-wise on arrays; f on {gx.shape} grids gave shape {z.shape}")
    finite = z[np.isfinite(z)]
    if finite.min() > 0:
        levels = np.geomspace(finite.min(), finite.max(), levels)
    if filled:
        ax.contourf(gx, gy, z, levels=levels, cmap="viridis", alpha=0.45)
    else:
        ax.contour(gx, gy, z, levels=levels, cmap="viridis", linewidths=0.7)
    ax.set(xlim=xlim, ylim=ylim, xlabel="$w_1$", ylabel="$w_2$")


def _check_paths(paths) -> dict:
    checked = {name: np.asarray(p, dtype=float) for name, p in paths.items()}
    for name, p in checked.items():
        if p.ndim != 2 or p.shape[1] != 2 or len(p) == 0:
            raise ValueError(f"path {name!r} must have shape (T, 2); got {p.shape}")
    return checked


def plot_optimizer_paths(f, paths, xlim, ylim, ax=None, levels=30, resolution=200, minimum=None,
                         title="Optimizer paths"):
    """The route each optimizer takes over the contour lines of a 2-D loss surface.

    Parameters
    ----------
    f : callable ``f(x, y) -> z``, element-wise on arrays of any shape
    paths : dict name → ndarray, shape (T, 2)
        The points visited, start first (T may differ between paths).
    xlim, ylim : (float, float)
        The plotted range of :math:`w_1` and :math:`w_2`.
    ax : matplotlib.axes.Axes, optional
        Draw into these Axes; a new figure by default.
    levels : int, default 30
        Number of contour lines, log-spaced when ``f`` is positive so that the valley floor shows.
    resolution : int, default 200
        Grid points per axis on which ``f`` is evaluated for the contours.
    minimum : (float, float), optional
        Marked with a star.
    title : str, default "Optimizer paths"

    Returns
    -------
    matplotlib.axes.Axes
        One line per path (plus one for the minimum), labelled with the path's name.
    """
    paths = _check_paths(paths)
    ax = single_axes(ax)
    _surface(ax, f, xlim, ylim, levels, resolution)
    for i, (name, p) in enumerate(paths.items()):
        ax.plot(p[:, 0], p[:, 1], color=series_color(i), ls=LINESTYLES[i % len(LINESTYLES)], lw=1.5,
                marker=MARKERS[i % len(MARKERS)], ms=3, markevery=max(1, len(p) // 20), label=name)
    if minimum is not None:
        ax.plot([minimum[0]], [minimum[1]], "k*", ms=12, ls="none", label="minimum")
    ax.set_title(title)
    ax.legend()
    return ax


def animate_optimizer_paths(f, paths, xlim, ylim, max_frames=30, interval=100, levels=12, resolution=120,
                            minimum=None, figsize=(4.2, 3.3), dpi=72, title="Optimizer paths"):
    """An animation of the paths of :func:`plot_optimizer_paths` growing step by step.

    Show it in a notebook or a static page with ``IPython.display.HTML(nk.viz.animation_html(anim))``. The frames are
    embedded as PNG images, so ``max_frames``, ``figsize`` and ``dpi`` bound the page's size (about
    20–30 kB per frame at the defaults, with the surface drawn as ``levels`` filled bands).

    Parameters
    ----------
    f : callable ``f(x, y) -> z``, element-wise on arrays of any shape
    paths : dict name → ndarray, shape (T, 2)
        The points visited, start first (T may differ between paths).
    xlim, ylim : (float, float)
        The plotted range of :math:`w_1` and :math:`w_2`.
    max_frames : int, default 30
        Paths longer than this are shown every few steps so that there are exactly ``max_frames`` frames.
    interval : int, default 100
        Milliseconds between frames.
    levels : int, default 12
        Number of filled contour bands, log-spaced when ``f`` is positive.
    resolution : int, default 120
        Grid points per axis on which ``f`` is evaluated.
    minimum : (float, float), optional
        Marked with a star.
    figsize : (float, float), default (4.2, 3.3)
        Width and height in inches.
    dpi : int, default 72
        Pixels per inch of the frames.
    title : str, default "Optimizer paths"
        Each frame's title, followed by its step.

    Returns
    -------
    matplotlib.animation.FuncAnimation
        With ``min(T_max, max_frames)`` frames; its figure is already closed so that a notebook shows only
        the animation.
    """
    paths = _check_paths(paths)
    fig, ax = plt.subplots(figsize=figsize, dpi=dpi, layout="constrained")
    _surface(ax, f, xlim, ylim, levels, resolution, filled=True)
    if minimum is not None:
        ax.plot([minimum[0]], [minimum[1]], "k*", ms=12, ls="none", label="minimum")
    trails, heads = [], []
    for i, name in enumerate(paths):
        trails.append(ax.plot([], [], color=series_color(i), ls=LINESTYLES[i % len(LINESTYLES)], lw=1.5, label=name)[0])
        heads.append(ax.plot([], [], color=series_color(i), marker=MARKERS[i % len(MARKERS)], ms=6, ls="none")[0])
    ax.legend(loc="upper right")
    longest = max(len(p) for p in paths.values())
    steps = np.linspace(1, longest, min(longest, max(1, int(max_frames)))).round().astype(int)

    def draw(frame):
        upto = steps[frame]
        for p, trail, head in zip(paths.values(), trails, heads):
            shown = p[:min(upto, len(p))]
            trail.set_data(shown[:, 0], shown[:, 1])
            head.set_data(shown[-1:, 0], shown[-1:, 1])
        ax.set_title(f"{title}: step {upto - 1}")
        return trails + heads

    anim = FuncAnimation(fig, draw, frames=len(steps), interval=interval, blit=False)
    plt.close(fig)
    return anim
