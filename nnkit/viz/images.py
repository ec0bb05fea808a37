"""Images: convolution filters, feature maps and digits."""

from __future__ import annotations

import math

import numpy as np

from ._style import PALETTE, image_panel, panel_grid


def plot_filters(W, ax=None, ncols=4, cmap="RdBu_r", title="Filters"):
    """Convolution weights as small images on one shared, zero-centred colour scale.

    Parameters
    ----------
    W : ndarray, shape (F, C, HH, WW)
        ``Conv2D.params["W"]``. With C = 1 the F filters are laid out ``ncols`` to a row; with C > 1 each
        row is one filter and each column one input channel.
    ax : sequence of matplotlib.axes.Axes, optional
        Draw into the first panels of these Axes (at least one per panel); a new figure by default.
    ncols : int, default 4
        Panels per row when C = 1.
    cmap : str, default "RdBu_r"
        A diverging map: red for positive, blue for negative weights, white for 0.
    title : str or None, default "Filters"
        The figure's title; None for none.

    Returns
    -------
    matplotlib.figure.Figure
        F·C image panels and a colour bar.
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 4:
        raise ValueError(f"W must have shape (F, C, HH, WW); got {W.shape}")
    n_filters, n_channels = W.shape[:2]
    fig, axes = panel_grid(n_filters * n_channels, ncols if n_channels == 1 else n_channels, ax, (1.2, 1.2))
    vmax = float(np.abs(W).max()) or 1.0
    for i, axis in enumerate(axes):
        f, c = divmod(i, n_channels)
        name = f"filter {f}" if n_channels == 1 else f"filter {f}, ch {c}"
        im = image_panel(axis, W[f, c], name, cmap=cmap, vmin=-vmax, vmax=vmax)
    fig.colorbar(im, ax=axes, shrink=0.8, label="weight")
    if title:
        fig.suptitle(title)
    return fig


def plot_feature_maps(maps, ax=None, ncols=4, cmap="viridis", title="Feature maps"):
    """The channels of one sample's activations, each on its own colour scale.

    Parameters
    ----------
    maps : ndarray, shape (C, H, W) or (1, C, H, W)
        E.g. the output of a ``Conv2D`` or ``ReLU`` layer for one image.
    ax : sequence of matplotlib.axes.Axes, optional
        Draw into the first panels of these Axes (at least one per panel); a new figure by default.
    ncols : int, default 4
        Panels per row.
    cmap : str, default "viridis"
    title : str or None, default "Feature maps"
        The figure's title; None for none.

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
    fig, axes = panel_grid(len(maps), ncols, ax, (1.25, 1.25))
    for c, axis in enumerate(axes):
        image_panel(axis, maps[c], f"channel {c}", cmap=cmap)
    if title:
        fig.suptitle(title)
    return fig


def plot_images(X, y=None, ax=None, n=16, ncols=4, predictions=None, cmap="gray_r", title=None):
    """A grid of small grey-scale images such as the digits, titled with labels and predictions.

    Parameters
    ----------
    X : ndarray, shape (N, 1, H, W), (N, H, W) or (N, H·W) with H = W
    y : ndarray, shape (N,), optional
        The labels, shown as each image's title.
    ax : sequence of matplotlib.axes.Axes, optional
        Draw into the first panels of these Axes (at least one per panel); a new figure by default.
    n : int, default 16
        Show the first ``min(n, N)`` images.
    ncols : int, default 4
        Panels per row.
    predictions : ndarray, shape (N,), optional
        Predicted labels; a wrong one is titled "pred (true label)" in bold vermillion.
    cmap : str, default "gray_r"
        Dark ink on white paper.
    title : str, optional
        The figure's title.

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
    fig, axes = panel_grid(count, ncols, ax, (1.0, 1.1))
    for i, axis in enumerate(axes):
        label = "" if y is None else f"{y[i]}"
        wrong = predictions is not None and y is not None and predictions[i] != y[i]
        if predictions is not None:
            label = f"{predictions[i]} (true {y[i]})" if wrong else f"{predictions[i]}"
        image_panel(axis, X[i], label, cmap=cmap)
        if wrong:
            axis.title.set(color=PALETTE[3], fontweight="bold")
    if title:
        fig.suptitle(title)
    return fig
