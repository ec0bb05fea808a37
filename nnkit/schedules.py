r"""Around an optimizer step: learning-rate schedules and gradient clipping (re-exported by :mod:`nnkit.optim`).

A schedule is a function of the step count :math:`t = 0, 1, 2, \dots` that returns :math:`\eta_t`.

Lecture 3 calls this learning-rate decay (학습률 감쇠): the user, not the optimizer, lowers :math:`\eta`
between updates. With an optimizer ``opt``::

    schedule = exponential_decay(0.1, 0.5, 1000)
    for ...:
        opt.lr = schedule(opt.t)   # opt.t updates done so far: the first update uses η_0
        opt.step(params, grads)

Clipping (lecture 3's remedy for exploding gradients, 경사 클리핑) rescales or cuts the gradients in
place between the backward pass and ``opt.step``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ._validate import check_count, check_in_range, check_positive

__all__ = ["exponential_decay", "step_decay", "clip_grad_norm", "clip_grad_value"]


def exponential_decay(lr0, decay_rate, decay_steps):
    r"""Lecture 3's exponential decay: :math:`\eta_t = \delta^{\lfloor t/T \rfloor}\, \eta_0`.

    Parameters
    ----------
    lr0 : float
        :math:`\eta_0 > 0`, the initial learning rate.
    decay_rate : float
        :math:`\delta \in (0, 1]`, the factor applied once every :math:`T` updates.
    decay_steps : int
        :math:`T \ge 1`, the number of updates between two decays.

    Returns
    -------
    callable
        ``schedule(t) -> lr0 * decay_rate ** (t // decay_steps)`` for integers :math:`t \ge 0`.

    Notes
    -----
    :math:`t/T` is integer division (the lecture says so), so :math:`\eta` falls in steps: Keras's
    ``ExponentialDecay(staircase=True)``.
    """
    lr0 = check_positive(lr0, "lr0")
    delta = check_in_range(decay_rate, "decay_rate", 0.0, 1.0, closed_low=False, closed_high=True)
    T = check_count(decay_steps, "decay_steps")

    def schedule(t) -> float:
        return lr0 * delta ** (check_count(t, "the step t", minimum=0) // T)

    return schedule


def step_decay(lr0, drop, milestones):
    r"""Piecewise-constant decay :math:`\eta_t = \eta_0\, d^{\,k(t)}`, :math:`k(t)` = milestones :math:`\le t`.

    Parameters
    ----------
    lr0 : float
        :math:`\eta_0 > 0`.
    drop : float
        :math:`d \in (0, 1]`, the factor applied at each milestone.
    milestones : sequence of int
        Strictly increasing steps :math:`\ge 1` at which :math:`\eta` drops (``torch.optim.lr_scheduler.MultiStepLR``).
        Milestones :math:`T, 2T, \dots, kT` give :func:`exponential_decay` up to step :math:`kT`.

    Returns
    -------
    callable
        ``schedule(t) -> float`` for integers :math:`t \ge 0`.
    """
    lr0 = check_positive(lr0, "lr0")
    d = check_in_range(drop, "drop", 0.0, 1.0, closed_low=False, closed_high=True)
    steps = [check_count(m, "each milestone") for m in milestones]
    if any(b <= a for a, b in zip(steps, steps[1:])):
        raise ValueError(f"milestones must be strictly increasing; got {list(milestones)!r}")

    def schedule(t) -> float:
        t = check_count(t, "the step t", minimum=0)
        return lr0 * d ** sum(1 for m in steps if m <= t)

    return schedule


def _arrays(grads):
    arrays = list(grads.values()) if isinstance(grads, Mapping) else list(grads)
    for g in arrays:
        if not isinstance(g, np.ndarray) or g.dtype.kind != "f":
            raise TypeError("gradients are clipped in place: each must be a floating-point ndarray; "
                            f"got {type(g).__name__}")
    return arrays


def clip_grad_norm(grads, max_norm) -> float:
    r"""Rescale the gradients in place so that their global L2 norm is at most ``max_norm``.

    Parameters
    ----------
    grads : dict of ndarrays (or an iterable of ndarrays), any shapes
    max_norm : float, > 0

    Returns
    -------
    total_norm : float
        :math:`\lVert g\rVert = \sqrt{\sum_k \lVert g_k\rVert^2}` over all arrays, before clipping.

    Notes
    -----
    With :math:`c` = ``max_norm``: if :math:`\lVert g\rVert > c`, every :math:`g_k \leftarrow g_k\, c / \lVert g\rVert`,
    so the global norm becomes :math:`c` and the direction is kept.
    Like ``torch.nn.utils.clip_grad_norm_``, except that PyTorch divides by :math:`\lVert g\rVert + 10^{-6}`;
    here the norm after clipping is exactly :math:`c`.
    A NaN or infinite norm raises ``ValueError``: no rescaling can repair it.
    """
    max_norm = check_positive(max_norm, "max_norm")
    arrays = _arrays(grads)
    total = float(np.sqrt(sum(float(np.sum(np.square(g, dtype=np.float64))) for g in arrays)))
    if not np.isfinite(total):
        raise ValueError(f"the gradients' global norm is {total}: they hold NaN or infinite values")
    if total > max_norm:
        for g in arrays:
            g *= max_norm / total
    return total


def clip_grad_value(grads, clip_value) -> None:
    """Clip every gradient entry in place to :math:`[-c, c]` with :math:`c` = ``clip_value``.

    As ``torch.nn.utils.clip_grad_value_``. Unlike :func:`clip_grad_norm` this can change the gradient's direction.

    Parameters
    ----------
    grads : dict of ndarrays (or an iterable of ndarrays), any shapes
        Floating-point arrays, clipped in place.
    clip_value : float, > 0
        :math:`c`.
    """
    c = check_positive(clip_value, "clip_value")
    for g in _arrays(grads):
        np.clip(g, -c, c, out=g)
