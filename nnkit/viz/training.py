"""What training shows: loss curves, activation histograms and gradient norms by layer."""

from __future__ import annotations

import numpy as np

from ._style import LINESTYLES, MARKERS, panel_grid, series_color, single_axes


def plot_loss_curves(history, ax=None, log=False, metric="loss", title=None, val_label="validation",
                     mark_best=True):
    """Training and (if recorded) validation curves of one metric over epochs.

    Parameters
    ----------
    history : nnkit.train.History or dict of lists
    ax : matplotlib.axes.Axes, optional
        Draw into these Axes; a new figure by default.
    log : bool, default False
        Logarithmic y axis, which shows a loss's late, slow decrease.
    metric : str, default "loss"
        ``"loss"`` or another recorded key such as ``"accuracy"``; ``"val_<metric>"`` is drawn too if present.
    title : str, optional
        By default ``"<metric> per epoch"``.
    val_label : str, default "validation"
        Legend label of the ``"val_<metric>"`` curve: "validation", or "test" when the held-out data passed to
        ``fit`` is a test set that is only watched, never used to choose anything.
    mark_best : bool, default True
        Draw the dotted line at ``history.best_epoch``; turn it off when the held-out data is a test set.

    Returns
    -------
    matplotlib.axes.Axes
        One line for training, one for the held-out data, and (``mark_best``) a dotted vertical line at
        ``history.best_epoch`` when there is held-out data.
    """
    curves = getattr(history, "history", history)
    if metric not in curves:
        raise KeyError(f"history has no {metric!r}; it has {sorted(curves)}")
    ax = single_axes(ax)
    epochs = np.arange(1, len(curves[metric]) + 1)
    ax.plot(epochs, curves[metric], color=series_color(0), ls="-", label="training")
    if f"val_{metric}" in curves:
        ax.plot(epochs, curves[f"val_{metric}"], color=series_color(1), ls="--", label=val_label)
        best = getattr(history, "best_epoch", None)
        if mark_best and best is not None:
            ax.axvline(best, color="0.4", ls=":", label=f"best epoch ({best})")
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel=metric, title=title or f"{metric} per epoch")
    ax.legend()
    return ax


def plot_activation_histograms(activations, ax=None, bins=50, range=None, ncols=2, title=None):
    """One histogram per layer of the values a layer outputs.

    Parameters
    ----------
    activations : dict name → ndarray, or list of ndarray (named "layer 1", "layer 2", ...), any shapes
        E.g. ``nk.train.layer_activations(model, X)``; each array's values are counted whatever its shape.
    ax : sequence of matplotlib.axes.Axes, optional
        Draw into the first panels of these Axes (at least one per panel); a new figure by default.
    bins : int, default 50
    range : (float, float), optional
        Shared x range; by default the overall minimum and maximum, so the panels compare directly.
    ncols : int, default 2
        Panels per row.
    title : str, optional
        The figure's title.

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
    fig, axes = panel_grid(len(items), ncols, ax, panel_size=(2.5, 2.1))
    for i, (axis, (name, _), v) in enumerate(zip(axes, items, values)):
        axis.hist(v, bins=bins, range=range, color=series_color(0))
        axis.set_title(f"{name}\nmean {v.mean():.2f}, std {v.std():.2f}")
        axis.set_xlabel("activation")
        axis.set_ylabel("count" if i % max(1, min(ncols, len(items))) == 0 else "")
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
    ax : matplotlib.axes.Axes, optional
        Draw into these Axes; a new figure by default.
    log : bool, default True
        Logarithmic y axis: vanishing gradients fall in a straight line.
    title : str, default "Gradient norm by layer"
    xlabel : str, default "layer"

    Returns
    -------
    matplotlib.axes.Axes
        One line per network.
    """
    several = isinstance(norms, dict) and bool(norms) and not np.isscalar(next(iter(norms.values())))
    series = norms if several else {None: norms}
    ax = single_axes(ax)
    tick_labels = []
    for i, (name, one) in enumerate(series.items()):
        labels, values = _labels_and_values(one)
        tick_labels = labels if len(labels) > len(tick_labels) else tick_labels
        ax.plot(np.arange(len(values)), values, color=series_color(i), marker=MARKERS[i % len(MARKERS)],
                ls=LINESTYLES[i % len(LINESTYLES)], label=name)
    ax.set_xticks(np.arange(len(tick_labels)), tick_labels)
    if log:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel="gradient norm", title=title)
    if several:
        ax.legend()
    return ax
