r"""The training loop: epochs × mini-batches, with validation, early stopping and a progress bar.

One update is the five steps of lecture 0: forward pass, loss, backward pass, gradients, parameter update.
``fit`` repeats it over the mini-batches of :func:`nnkit.data.minibatches`, ``n_batches(N, batch_size)``
updates per epoch.

The progress bar is the plain-text ``tqdm.std`` bar, not ``tqdm.auto``: in Jupyter ``tqdm.auto`` draws an
ipywidget, which a static Jupyter Book page cannot render (it shows a widget placeholder, or nothing
without require.js). The text bar works in a terminal, in Jupyter and in a built page alike; it is drawn
on standard error with ``leave=False``, so it disappears when training ends. In a book page, pass
``progress=False`` (or tag the cell ``remove-stderr``) and show the :class:`History` instead.

This module also holds two probes used by the chapters on gradients and initialization:
:func:`layer_activations` and :func:`layer_gradient_norms`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import losses as _losses
from . import optim as _optim
from ._validate import as_generator, check_count, check_flag, check_lengths, check_positive
from .data import minibatches

__all__ = ["History", "fit", "predict", "evaluate", "accuracy", "layer_activations", "layer_gradient_norms"]


@dataclass(repr=False)
class History:
    """What ``fit`` recorded, one value per epoch.

    Attributes
    ----------
    history : dict of str → list of float
        ``"loss"`` always; ``"val_loss"`` with validation data; ``"accuracy"`` / ``"val_accuracy"`` (or any
        other metric's name) when metrics are computed; ``"lr"`` with a learning-rate schedule.
    epochs : int
        Epochs actually run.
    best_epoch : int or None
        The 1-based epoch with the lowest monitored loss (``val_loss`` if there is validation data,
        else ``loss``); its value is ``history[monitor][best_epoch - 1]``.
    stopped_early : bool
        True if early stopping (or a callback) ended training before ``epochs``.
    monitor : str
        The key ``best_epoch`` refers to.
    """

    history: dict = field(default_factory=dict)
    epochs: int = 0
    best_epoch: int | None = None
    stopped_early: bool = False
    monitor: str = "loss"

    def __getitem__(self, key):
        return self.history[key]

    def __contains__(self, key):
        return key in self.history

    def keys(self):
        """The recorded names, ``history.keys()``."""
        return self.history.keys()

    def __repr__(self):
        last = ", ".join(f"{k}={v[-1]:.4g}" for k, v in self.history.items() if v)
        return (f"History(epochs={self.epochs}, best_epoch={self.best_epoch}, stopped_early={self.stopped_early}"
                f"{', ' + last if last else ''})")

    def _append(self, logs: dict) -> None:
        for key, value in logs.items():
            self.history.setdefault(key, []).append(value)
        self.epochs += 1


def accuracy(pred, y, threshold=0.5) -> float:
    """Fraction of rows classified correctly.

    Parameters
    ----------
    pred : ndarray, shape (N, K) scores or logits, or (N,) / (N, 1) probabilities of class 1
        With K > 1 columns the class is the arg-max; a single output is class 1 when ``pred >= threshold``.
    y : ndarray, shape (N,) integer labels, or (N, K) one-hot
    threshold : float, default 0.5
        For a single output: 0.5 for a probability, 0 for a logit.

    Returns
    -------
    float
        In [0, 1]; NaN for no rows.
    """
    pred, y = np.asarray(pred), np.asarray(y)
    if pred.ndim == 2 and pred.shape[1] > 1:
        guess = pred.argmax(axis=1)
    else:
        guess = (pred.reshape(len(pred)) >= threshold).astype(np.int64)
    truth = y.argmax(axis=1) if y.ndim == 2 and y.shape[1] > 1 else y.reshape(len(y))
    if len(guess) != len(truth):
        raise ValueError(f"pred and y must have the same number of rows; got {len(guess)} and {len(truth)}")
    return float(np.mean(guess == truth)) if len(truth) else float("nan")


def _auto_metrics(loss) -> dict:
    """Accuracy for the classification losses (threshold 0 on a logit, 0.5 on a probability), else nothing."""
    if isinstance(loss, _losses.CrossEntropy):
        return {"accuracy": accuracy}
    if isinstance(loss, _losses.BinaryCrossEntropy):
        threshold = 0.0 if getattr(loss, "from_logits", False) else 0.5
        return {"accuracy": lambda pred, y: accuracy(pred, y, threshold)}
    return {}


def _resolve_metrics(metrics, loss) -> dict:
    """Metric name → ``f(pred, y) -> float`` from "auto", None, "accuracy", a callable, a list or a dict."""
    if metrics is None:
        return {}
    if isinstance(metrics, str) and metrics == "auto":
        return _auto_metrics(loss)
    if isinstance(metrics, dict):
        items = list(metrics.items())
    else:
        items = [(m if isinstance(m, str) else getattr(m, "__name__", "metric"), m)
                 for m in ([metrics] if isinstance(metrics, str) or callable(metrics) else metrics)]
    resolved = {}
    for name, fn in items:
        if fn == "accuracy":
            fn = accuracy
        if not callable(fn):
            raise ValueError(f"unknown metric {fn!r}: use 'accuracy' or a callable f(pred, y) -> float")
        resolved[name] = fn
    return resolved


def predict(model, X, batch_size=None):
    """Forward pass in evaluation mode (``training=False``: no dropout, batch norm's running statistics).

    Parameters
    ----------
    model : a layer or ``Sequential``
    X : ndarray, shape (N, ...)
    batch_size : int, optional
        Forward this many rows at a time to bound memory; all at once by default.

    Returns
    -------
    out : ndarray, shape (N, ...), the model's output
    """
    X = np.asarray(X)
    if batch_size is None:
        return model.forward(X, training=False)
    batch_size = check_count(batch_size, "batch_size")
    return np.concatenate([model.forward(X[i:i + batch_size], training=False) for i in range(0, len(X), batch_size)])


def evaluate(model, loss, X, y, metrics="auto", batch_size=None) -> dict:
    """Loss and metrics of ``model`` on ``(X, y)`` in evaluation mode.

    Parameters
    ----------
    model : a layer or ``Sequential``
    loss : an ``nnkit.losses`` object
    X : ndarray, shape (N, ...)
    y : ndarray, shape (N, ...), targets as ``loss`` expects them
    metrics : "auto", None, "accuracy", callable, list or dict
        "auto" means accuracy for ``CrossEntropy`` and ``BinaryCrossEntropy``, nothing otherwise.
    batch_size : int, optional
        Forward this many rows at a time (see :func:`predict`); all at once by default.

    Returns
    -------
    dict
        ``"loss"`` and one entry per metric, e.g. ``{"loss": 0.08, "accuracy": 0.97}``.
    """
    X, y = check_lengths(X, y)
    pred = predict(model, X, batch_size)
    out = {"loss": float(loss.forward(pred, y))}
    for name, fn in _resolve_metrics(metrics, loss).items():
        out[name] = float(fn(pred, y))
    return out


def _train_one_epoch(model, loss, optimizer, batches, metric_fns, lr_schedule, clip_norm, t):
    """One pass over ``batches``; returns the epoch's logs and the new update count ``t``."""
    totals, seen = dict.fromkeys(["loss", *metric_fns], 0.0), 0
    for Xb, yb in batches:
        if lr_schedule is not None:
            optimizer.lr = float(lr_schedule(t))
        pred = model.forward(Xb, training=True)
        batch_loss = float(loss.forward(pred, yb))
        model.backward(loss.backward())
        grads = model.grads  # read after backward: layers may store new gradient arrays
        if clip_norm is not None:
            _optim.clip_grad_norm(grads, clip_norm)  # in place
        optimizer.step(model.params, grads)
        t += 1
        n = len(Xb)
        seen += n
        totals["loss"] += batch_loss * n
        for name, fn in metric_fns.items():
            totals[name] += float(fn(pred, yb)) * n
    logs = {key: value / seen for key, value in totals.items()}
    if lr_schedule is not None:
        logs["lr"] = float(optimizer.lr)
    return logs, t


def _check_options(optimizer, epochs, batch_size, has_val, lr_schedule, clip_norm, early_stopping):
    check_count(epochs, "epochs")
    check_count(batch_size, "batch_size")
    if lr_schedule is not None and (not callable(lr_schedule) or not hasattr(optimizer, "lr")):
        raise ValueError("lr_schedule must be a callable t -> lr, and the optimizer must have an 'lr' attribute")
    if clip_norm is not None:
        check_positive(clip_norm, "clip_norm")
    if early_stopping is not None:
        check_count(early_stopping, "early_stopping (the patience, in epochs)")
        if not has_val:
            raise ValueError("early_stopping watches the validation loss: pass X_val and y_val too")


def _callbacks(callbacks) -> list:
    if callbacks is None:
        return []
    callbacks = [callbacks] if callable(callbacks) else list(callbacks)
    if not all(callable(cb) for cb in callbacks):
        raise TypeError("callbacks must be a callable cb(epoch, logs) or a list of them")
    return callbacks


def fit(model, loss, optimizer, X, y, epochs, batch_size, X_val=None, y_val=None, *, progress=True,
        rng=None, shuffle=True, metrics="auto", lr_schedule=None, clip_norm=None,
        early_stopping=None, restore_best=True, min_delta=0.0, callbacks=None) -> History:
    r"""Train ``model`` by mini-batch gradient descent and record the loss of every epoch.

    Parameters
    ----------
    model : a layer or ``Sequential``, with ``forward``, ``backward``, ``params`` and ``grads``
    loss : an ``nnkit.losses`` object, ``forward(pred, target) -> float`` and ``backward() -> dpred``
    optimizer : an ``nnkit.optim`` object, ``step(params, grads)``
    X : ndarray, shape (N, ...)
    y : ndarray, shape (N, ...), targets as ``loss`` expects them
    epochs : int
        Passes over the training data.
    batch_size : int
        Rows per update: N for batch, 1 for stochastic, between for mini-batch gradient descent.
    X_val, y_val : ndarray, shape (N_val, ...), optional
        Evaluated (``training=False``) after every epoch, giving ``"val_loss"`` and ``"val_<metric>"``.
    progress : bool
        Show a text progress bar over epochs with the latest losses.
    rng : numpy.random.Generator or int, optional
        Shuffles the rows before every epoch; a seed makes the run reproducible.
    shuffle : bool
        False takes the rows in their given order every epoch.
    metrics : "auto", None, "accuracy", callable ``f(pred, y) -> float``, list or dict of them
        "auto" (default) is accuracy for ``CrossEntropy`` / ``BinaryCrossEntropy`` and nothing otherwise.
        Training metrics are averaged over the epoch's batches as they are seen.
    lr_schedule : callable ``t -> lr``, optional
        Sets ``optimizer.lr`` before every update; ``t`` counts updates from 0, e.g.
        ``nk.optim.exponential_decay(0.1, 0.5, 100)``. The last rate of each epoch is logged as ``"lr"``.
    clip_norm : float, optional
        Rescale the gradients so that their global L2 norm is at most this (``nk.optim.clip_grad_norm``).
    early_stopping : int, optional
        Patience: stop once ``val_loss`` has not improved (by more than ``min_delta``) for this many epochs.
    restore_best : bool
        With early stopping, copy the parameters of the best epoch back into the model (in place) at the end.
    min_delta : float
        Smallest decrease of the monitored loss that counts as an improvement.
    callbacks : callable ``cb(epoch, logs)`` or list of them, optional
        Called after every epoch with the 1-based epoch and that epoch's values (a dict with the keys of
        ``History.history``); a callback that returns True stops training.

    Returns
    -------
    History

    Notes
    -----
    The epoch loss is :math:`\sum_b n_b L_b / N`, the batch losses weighted by batch size: with
    ``reduction="mean"`` the mean loss per row over the epoch, measured while the weights move.
    """
    X, y = check_lengths(X, y)
    if len(X) == 0:
        raise ValueError("X has no rows to train on")
    has_val = X_val is not None or y_val is not None
    if has_val:
        if X_val is None or y_val is None:
            raise ValueError("pass both X_val and y_val, or neither")
        X_val, y_val = check_lengths(X_val, y_val)
    _check_options(optimizer, epochs, batch_size, has_val, lr_schedule, clip_norm, early_stopping)
    progress, shuffle, restore_best = (check_flag(v, k) for k, v in
                                       (("progress", progress), ("shuffle", shuffle), ("restore_best", restore_best)))
    metric_fns, cbs, rng = _resolve_metrics(metrics, loss), _callbacks(callbacks), as_generator(rng)
    history = History(monitor="val_loss" if has_val else "loss")
    keep_best = early_stopping is not None and restore_best
    best_value, best_params, waited, t = np.inf, None, 0, 0
    from tqdm.std import tqdm  # here, not at import: importing nnkit stays quick (a grading kernel imports it)

    bar = tqdm(total=epochs, desc="fit", unit="epoch", leave=False, disable=not progress)
    try:
        for epoch in range(1, epochs + 1):
            batches = minibatches(X, y, batch_size, shuffle=shuffle, rng=rng)
            logs, t = _train_one_epoch(model, loss, optimizer, batches, metric_fns, lr_schedule, clip_norm, t)
            if has_val:
                val = evaluate(model, loss, X_val, y_val, metrics=metric_fns)
                logs.update({f"val_{key}": value for key, value in val.items()})
            history._append(logs)
            bar.set_postfix({k: f"{v:.4g}" for k, v in logs.items() if k != "lr"}, refresh=False)
            bar.update()
            if logs[history.monitor] < best_value - min_delta:
                best_value, history.best_epoch, waited = logs[history.monitor], epoch, 0
                best_params = {k: v.copy() for k, v in model.params.items()} if keep_best else None
            else:
                waited += 1
            stop_requested = [cb(epoch, logs) is True for cb in cbs]
            if any(stop_requested) or (early_stopping is not None and waited >= early_stopping):
                history.stopped_early = epoch < epochs
                break
    finally:
        bar.close()
    if best_params is not None and history.best_epoch != history.epochs:
        for key, value in model.params.items():
            value[...] = best_params[key]
    return history


def _layers_of(model) -> list:
    layers = getattr(model, "layers", None)
    if layers is None:
        raise TypeError(f"needs a Sequential (a model with .layers); got {type(model).__name__}")
    return list(layers)


def layer_activations(model, X, layer_types=None) -> dict:
    """Output of every layer of a ``Sequential`` for input ``X`` (evaluation mode).

    Parameters
    ----------
    model : Sequential
    X : ndarray, shape (N, ...)
    layer_types : class or tuple of classes, optional
        Keep only these layers, e.g. ``nk.layers.Tanh`` to see what the activations emit.

    Returns
    -------
    dict
        ``"<index> <LayerName>"`` → ndarray of shape (N, ...), in layer order, e.g. ``{"1 Tanh": ...}``.
    """
    out, x = {}, np.asarray(X)
    for i, layer in enumerate(_layers_of(model)):
        x = layer.forward(x, training=False)
        if layer_types is None or isinstance(layer, layer_types):
            out[f"{i} {type(layer).__name__}"] = x
    return out


def layer_gradient_norms(model, loss, X, y, param="W", training=False) -> dict:
    r"""L2 norm :math:`\lVert \partial L / \partial W^{(l)} \rVert` of each layer's weight gradient.

    One forward and backward pass on ``(X, y)``, no update. Vanishing gradients show as norms that
    shrink layer by layer towards the input, exploding ones as norms that grow.

    Parameters
    ----------
    model : Sequential
    loss : an ``nnkit.losses`` object
    X : ndarray, shape (N, ...)
    y : ndarray, shape (N, ...), targets as ``loss`` expects them
    param : str, default "W"
        Which parameter of each layer (``"b"``, ``"gamma"``, ...); layers without it are left out.
    training : bool, default False
        Mode of the forward pass (True applies dropout and updates batch-norm statistics).

    Returns
    -------
    dict
        ``"<index>.<param>"`` → float, first layer first, e.g. ``{"0.W": 0.012, "2.W": 0.31}``.
    """
    layers = _layers_of(model)
    loss.forward(model.forward(np.asarray(X), training=training), y)
    model.backward(loss.backward())
    return {f"{i}.{param}": float(np.linalg.norm(layer.grads[param]))
            for i, layer in enumerate(layers) if param in layer.grads}
