"""Plots for the course: decision boundaries, loss curves, activations and gradients by layer,
optimizer paths on 2-D surfaces, convolution filters, feature maps and digit images.

Every function takes ``ax=None``: without it a new figure is made, with it the plot goes into the given
Axes (a sequence of Axes for the multi-panel plots). Single-panel plots return their ``Axes``; multi-panel
plots return the ``Figure``. Colours come from the Okabe–Ito palette, which stays distinguishable with
colour-vision deficiencies, and classes and curves also differ by marker or line style.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.colors import ListedColormap, to_rgb

__all__ = [
    "PALETTE", "MARKERS", "plot_decision_boundary", "plot_loss_curves", "plot_activation_histograms",
    "plot_gradient_norms", "plot_optimizer_paths", "animate_optimizer_paths", "plot_filters",
    "plot_feature_maps", "plot_images",
]

#: Okabe–Ito colours (blue, orange, green, vermillion, purple, sky blue, yellow, black).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
LINESTYLES = ["-", "--", "-.", ":"]


def _color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _axes(ax, figsize=(5, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _panels(n: int, ncols: int, ax, panel_size=(1.6, 1.6)):
    """A figure and ``n`` Axes in a grid (spare cells hidden), or the ``n`` first of the Axes given."""
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


def _image_panel(ax, image, title, **imshow_kw):
    im = ax.imshow(image, interpolation="nearest", **imshow_kw)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=8)
    return im


def _as_predict(predict):
    if hasattr(predict, "forward"):
        return lambda X: predict.forward(X, training=False)
    if callable(predict):
        return predict
    raise TypeError(f"predict must be a callable X -> scores or a model with .forward; got {type(predict).__name__}")


def _classes_from_scores(scores, threshold):
    scores = np.asarray(scores)
    if scores.ndim == 2 and scores.shape[1] > 1:
        return scores.argmax(axis=1)
    return (scores.reshape(len(scores)) >= threshold).astype(np.int64)


def plot_decision_boundary(predict, X, y, ax=None, resolution=200, threshold=0.5, title="Decision boundary"):
    """Colour the plane by the class a model predicts, with the data points on top.

    Parameters
    ----------
    predict : callable ``X -> scores`` or a model with ``forward`` (called with ``training=False``)
        Scores of shape (M, K) are read by arg-max; (M,) or (M, 1) as a probability of class 1.
    X : ndarray, shape (N, 2)
    y : ndarray, shape (N,), integer labels 0 .. K-1
    resolution : int
        The plane is sampled on a ``resolution × resolution`` grid, drawn as one image.
    threshold : float
        Decision threshold for a single output (0.5 for a probability, 0 for a logit).

    Returns
    -------
    matplotlib.axes.Axes
    """
    predict = _as_predict(predict)
    X, y = np.asarray(X, dtype=float), np.asarray(y).astype(np.int64).ravel()
    if X.ndim != 2 or X.shape[1] != 2 or len(X) != len(y):
        raise ValueError(f"X must have shape (N, 2) and y shape (N,); got {X.shape} and {y.shape}")
    ax = _axes(ax)
    margin = 0.1 * np.ptp(X, axis=0) + 1e-3
    (x0, y0), (x1, y1) = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    regions = _classes_from_scores(predict(np.c_[gx.ravel(), gy.ravel()]), threshold).reshape(gx.shape)
    k = int(max(regions.max(), y.max())) + 1
    light = ListedColormap([0.35 * np.array(to_rgb(_color(i))) + 0.65 for i in range(k)])
    ax.imshow(regions, origin="lower", extent=(x0, x1, y0, y1), cmap=light, vmin=-0.5, vmax=k - 0.5,
              interpolation="nearest", aspect="auto")
    if k > 1:
        ax.contour(gx, gy, regions, levels=np.arange(k - 1) + 0.5, colors="k", linewidths=0.8)
    for c in np.unique(y):
        pts = X[y == c]
        ax.scatter(pts[:, 0], pts[:, 1], s=25, color=_color(c), marker=MARKERS[c % len(MARKERS)],
                   edgecolors="k", linewidths=0.5, label=f"class {c}")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title, xlim=(x0, x1), ylim=(y0, y1))
    ax.legend(loc="best", fontsize=8)
    return ax


def plot_loss_curves(history, ax=None, log=False, metric="loss", title=None):
    """Training and (if recorded) validation curves of one metric over epochs.

    Parameters
    ----------
    history : nnkit.train.History or dict of lists
    log : bool
        Logarithmic y axis, which shows a loss's late, slow decrease.
    metric : str
        ``"loss"`` or another recorded key such as ``"accuracy"``; ``"val_<metric>"`` is drawn too if present.

    Returns
    -------
    matplotlib.axes.Axes
        One line for training, one for validation, and a dotted vertical line at ``history.best_epoch``
        when there is validation data.
    """
    curves = getattr(history, "history", history)
    if metric not in curves:
        raise KeyError(f"history has no {metric!r}; it has {sorted(curves)}")
    ax = _axes(ax)
    epochs = np.arange(1, len(curves[metric]) + 1)
    ax.plot(epochs, curves[metric], color=_color(0), ls="-", label="training")
    if f"val_{metric}" in curves:
        ax.plot(epochs, curves[f"val_{metric}"], color=_color(1), ls="--", label="validation")
        best = getattr(history, "best_epoch", None)
        if best is not None:
            ax.axvline(best, color="0.4", ls=":", label=f"best epoch ({best})")
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel=metric, title=title or f"{metric} per epoch")
    ax.legend(fontsize=8)
    return ax


def plot_activation_histograms(activations, ax=None, bins=50, range=None, ncols=5, title=None):
    """One histogram per layer of the values a layer outputs.

    Parameters
    ----------
    activations : dict name → ndarray, or list of ndarray (named "layer 1", "layer 2", ...)
        E.g. ``nk.train.layer_activations(model, X)``.
    bins : int
    range : (float, float), optional
        Shared x range; by default the overall minimum and maximum, so the panels compare directly.
    ncols : int
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure
    """
    items = list(activations.items()) if isinstance(activations, dict) else \
        [(f"layer {i + 1}", a) for i, a in enumerate(activations)]
    if not items:
        raise ValueError("activations is empty")
    values = [np.ravel(a) for _, a in items]
    if range is None:
        lo, hi = min(float(v.min()) for v in values), max(float(v.max()) for v in values)
        range = (lo, hi) if hi > lo else (lo - 0.5, hi + 0.5)
    fig, axes = _panels(len(items), ncols, ax, panel_size=(2.6, 2.2))
    for i, (axis, (name, _), v) in enumerate(zip(axes, items, values)):
        axis.hist(v, bins=bins, range=range, color=_color(0))
        axis.set_title(f"{name}\nmean {v.mean():.2f}, std {v.std():.2f}", fontsize=8)
        axis.set_xlabel("activation", fontsize=8)
        axis.set_ylabel("count" if i % max(1, min(ncols, len(items))) == 0 else "", fontsize=8)
    if title:
        fig.suptitle(title)
    return fig


def _labels_and_values(norms):
    if isinstance(norms, dict):
        return [str(k) for k in norms], np.asarray(list(norms.values()), dtype=float)
    values = np.asarray(norms, dtype=float).ravel()
    return [str(i + 1) for i in range(len(values))], values


def plot_gradient_norms(norms, ax=None, log=True, title="Gradient norm by layer", xlabel="layer"):
    """Gradient norm of each layer, input side on the left; several networks side by side.

    Parameters
    ----------
    norms : dict layer → float or list of float (one network), or dict network name → such (several)
        E.g. ``nk.train.layer_gradient_norms(model, loss, X, y)``, or
        ``{"sigmoid": norms_sigmoid, "relu": norms_relu}`` to compare.
    log : bool
        Logarithmic y axis: vanishing gradients fall in a straight line.

    Returns
    -------
    matplotlib.axes.Axes
        One line per network.
    """
    several = isinstance(norms, dict) and bool(norms) and not np.isscalar(next(iter(norms.values())))
    series = norms if several else {None: norms}
    ax = _axes(ax)
    tick_labels = []
    for i, (name, one) in enumerate(series.items()):
        labels, values = _labels_and_values(one)
        tick_labels = labels if len(labels) > len(tick_labels) else tick_labels
        ax.plot(np.arange(len(values)), values, color=_color(i), marker=MARKERS[i % len(MARKERS)],
                ls=LINESTYLES[i % len(LINESTYLES)], label=name)
    ax.set_xticks(np.arange(len(tick_labels)), tick_labels)
    if log:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel="gradient norm", title=title)
    if several:
        ax.legend(fontsize=8)
    return ax


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
    f : callable ``f(x, y) -> z``, element-wise on arrays
    paths : dict name → ndarray, shape (T, 2)
        The points visited, start first (T may differ between paths).
    xlim, ylim : (float, float)
    minimum : (float, float), optional
        Marked with a star.

    Returns
    -------
    matplotlib.axes.Axes
        One line per path (plus one for the minimum), labelled with the path's name.
    """
    paths = _check_paths(paths)
    ax = _axes(ax)
    _surface(ax, f, xlim, ylim, levels, resolution)
    for i, (name, p) in enumerate(paths.items()):
        ax.plot(p[:, 0], p[:, 1], color=_color(i), ls=LINESTYLES[i % len(LINESTYLES)], lw=1.5,
                marker=MARKERS[i % len(MARKERS)], ms=3, markevery=max(1, len(p) // 20), label=name)
    if minimum is not None:
        ax.plot([minimum[0]], [minimum[1]], "k*", ms=12, ls="none", label="minimum")
    ax.set_title(title)
    ax.legend(fontsize=8)
    return ax


def animate_optimizer_paths(f, paths, xlim, ylim, max_frames=30, interval=100, levels=12, resolution=120,
                            minimum=None, figsize=(4.2, 3.3), dpi=72, title="Optimizer paths"):
    """An animation of the paths of :func:`plot_optimizer_paths` growing step by step.

    Show it in a notebook or a static page with ``IPython.display.HTML(anim.to_jshtml())``. The frames are
    embedded as PNG images, so ``max_frames``, ``figsize`` and ``dpi`` bound the page's size (about
    20–30 kB per frame at the defaults, with the surface drawn as ``levels`` filled bands).

    Parameters
    ----------
    max_frames : int
        Paths longer than this are shown every few steps so that there are exactly ``max_frames`` frames.
    interval : int
        Milliseconds between frames.

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
        trails.append(ax.plot([], [], color=_color(i), ls=LINESTYLES[i % len(LINESTYLES)], lw=1.5, label=name)[0])
        heads.append(ax.plot([], [], color=_color(i), marker=MARKERS[i % len(MARKERS)], ms=6, ls="none")[0])
    ax.legend(fontsize=7, loc="upper right")
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


def plot_filters(W, ax=None, ncols=8, cmap="RdBu_r", title="Filters"):
    """Convolution weights as small images on one shared, zero-centred colour scale.

    Parameters
    ----------
    W : ndarray, shape (F, C, HH, WW)
        ``Conv2D.params["W"]``. With C = 1 the F filters are laid out ``ncols`` to a row; with C > 1 each
        row is one filter and each column one input channel.
    cmap : str
        A diverging map: red for positive, blue for negative weights, white for 0.

    Returns
    -------
    matplotlib.figure.Figure
        F·C image panels and a colour bar.
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 4:
        raise ValueError(f"W must have shape (F, C, HH, WW); got {W.shape}")
    n_filters, n_channels = W.shape[:2]
    fig, axes = _panels(n_filters * n_channels, ncols if n_channels == 1 else n_channels, ax, (1.2, 1.2))
    vmax = float(np.abs(W).max()) or 1.0
    for i, axis in enumerate(axes):
        f, c = divmod(i, n_channels)
        name = f"filter {f}" if n_channels == 1 else f"filter {f}, ch {c}"
        im = _image_panel(axis, W[f, c], name, cmap=cmap, vmin=-vmax, vmax=vmax)
    fig.colorbar(im, ax=axes, shrink=0.8, label="weight")
    if title:
        fig.suptitle(title)
    return fig


def plot_feature_maps(maps, ax=None, ncols=8, cmap="viridis", title="Feature maps"):
    """The channels of one sample's activations, each on its own colour scale.

    Parameters
    ----------
    maps : ndarray, shape (C, H, W) or (1, C, H, W)
        E.g. the output of a ``Conv2D`` or ``ReLU`` layer for one image.

    Returns
    -------
    matplotlib.figure.Figure
        C image panels.
    """
    maps = np.asarray(maps, dtype=float)
    if maps.ndim == 4 and maps.shape[0] == 1:
        maps = maps[0]
    if maps.ndim != 3:
        raise ValueError(f"maps must have shape (C, H, W) or (1, C, H, W); got {maps.shape}")
    fig, axes = _panels(len(maps), ncols, ax, (1.4, 1.4))
    for c, axis in enumerate(axes):
        _image_panel(axis, maps[c], f"channel {c}", cmap=cmap)
    if title:
        fig.suptitle(title)
    return fig


def plot_images(X, y=None, ax=None, n=16, ncols=8, predictions=None, cmap="gray_r", title=None):
    """A grid of small grey-scale images such as the digits, titled with labels and predictions.

    Parameters
    ----------
    X : ndarray, shape (N, 1, H, W), (N, H, W) or (N, H·W) with H = W
    y : ndarray, shape (N,), optional
    n : int
        Show the first ``min(n, N)`` images.
    predictions : ndarray, shape (N,), optional
        Predicted labels; a wrong one is titled "pred (true label)" in bold vermillion.

    Returns
    -------
    matplotlib.figure.Figure
    """
    X = np.asarray(X, dtype=float)
    if X.ndim == 4 and X.shape[1] == 1:
        X = X[:, 0]
    elif X.ndim == 2 and math.isqrt(X.shape[1]) ** 2 == X.shape[1]:
        X = X.reshape(len(X), math.isqrt(X.shape[1]), -1)
    if X.ndim != 3:
        raise ValueError(f"X must have shape (N, 1, H, W), (N, H, W) or (N, H*W) with H = W; got {X.shape}")
    count = min(int(n), len(X))
    fig, axes = _panels(count, ncols, ax, (1.0, 1.1))
    for i, axis in enumerate(axes):
        label = "" if y is None else f"{y[i]}"
        wrong = predictions is not None and y is not None and predictions[i] != y[i]
        if predictions is not None:
            label = f"{predictions[i]} (true {y[i]})" if wrong else f"{predictions[i]}"
        _image_panel(axis, X[i], label, cmap=cmap)
        if wrong:
            axis.title.set(color=PALETTE[3], fontweight="bold")
    if title:
        fig.suptitle(title)
    return fig
