"""Decision boundaries of a classifier on 2-D inputs."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap, to_rgb

from ._style import MARKERS, series_color, single_axes


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
    ax : matplotlib.axes.Axes, optional
        Draw into these Axes; a new figure by default.
    resolution : int, default 200
        The plane is sampled on a ``resolution × resolution`` grid, drawn as one image.
    threshold : float, default 0.5
        Decision threshold for a single output (0.5 for a probability, 0 for a logit).
    title : str, default "Decision boundary"

    Returns
    -------
    matplotlib.axes.Axes
    """
    predict = _as_predict(predict)
    X, y = np.asarray(X, dtype=float), np.asarray(y).astype(np.int64).ravel()
    if X.ndim != 2 or X.shape[1] != 2 or len(X) != len(y):
        raise ValueError(f"X must have shape (N, 2) and y shape (N,); got {X.shape} and {y.shape}")
    ax = single_axes(ax)
    margin = 0.1 * np.ptp(X, axis=0) + 1e-3
    (x0, y0), (x1, y1) = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    regions = _classes_from_scores(predict(np.c_[gx.ravel(), gy.ravel()]), threshold).reshape(gx.shape)
    k = int(max(regions.max(), y.max())) + 1
    light = ListedColormap([0.35 * np.array(to_rgb(series_color(i))) + 0.65 for i in range(k)])
    ax.imshow(regions, origin="lower", extent=(x0, x1, y0, y1), cmap=light, vmin=-0.5, vmax=k - 0.5,
              interpolation="nearest", aspect="auto")
    if k > 1:
        ax.contour(gx, gy, regions, levels=np.arange(k - 1) + 0.5, colors="k", linewidths=0.8)
    for c in np.unique(y):
        pts = X[y == c]
        ax.scatter(pts[:, 0], pts[:, 1], s=25, color=series_color(c), marker=MARKERS[c % len(MARKERS)],
                   edgecolors="k", linewidths=0.5, label=f"class {c}")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title, xlim=(x0, x1), ylim=(y0, y1))
    ax.legend(loc="best")
    return ax
