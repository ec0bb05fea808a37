r"""Optimizers: lecture 3's update rules over dicts of arrays, plus weight decay and gradient clipping.

Every optimizer has ``step(params, grads)``, which updates each array ``params[k]`` in place from
``grads[k]`` (keeping its dtype), so the same object moves a layer (``{"W", "b"}``), a ``Sequential``
(``{"0.W", "0.b", ...}``) or a point on a 2-D surface (``{"xy": array([x, y])}``). State such as a
velocity is kept per key and created on first use. Symbols as in the lectures: :math:`g = \partial E/\partial w`
at the current :math:`w`, learning rate :math:`\eta` (``lr``, public: a schedule may change it between
steps), :math:`\gamma` momentum, :math:`\rho` decay of a moving average, :math:`\beta_1, \beta_2`,
:math:`\epsilon`, weight decay :math:`\lambda'` (the book's notation page: lecture 3 writes :math:`\lambda`, which the
book keeps for the L2 strength).

Weight decay (lecture 3), available on every optimizer as ``weight_decay=λ'``:
:math:`w \leftarrow (1 - \lambda')\,w` and then the optimizer's own update with the gradient taken at
the current :math:`w`. For SGD this is :math:`w \leftarrow (1-\lambda')w - \eta g`, the same as an L2
penalty :math:`\frac{\lambda}{2}\lVert w\rVert^2` with :math:`\lambda = \lambda'/\eta` added to the loss; for
adaptive methods it is not,
because the penalty's gradient would be rescaled by :math:`1/\sqrt{v}` while the decay is not (decoupled).

Learning-rate schedules (:func:`exponential_decay`, :func:`step_decay`) and gradient clipping
(:func:`clip_grad_norm`, :func:`clip_grad_value`) live in :mod:`nnkit.schedules` and are re-exported
here. A schedule is applied as ``opt.lr = schedule(opt.t)`` before each ``opt.step(...)``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ._validate import check_in_range, check_positive
from .schedules import clip_grad_norm, clip_grad_value, exponential_decay, step_decay

__all__ = [
    "Optimizer", "SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adadelta", "Adam", "Nadam",
    "exponential_decay", "step_decay", "clip_grad_norm", "clip_grad_value",
]


def _fraction(value, name):
    """A decay rate such as γ, ρ, β1, β2: in [0, 1)."""
    return check_in_range(value, name, 0.0, 1.0)


def _matched(params, grads):
    """``[(key, w, g)]`` for every key of ``params``, all checked before anything is updated."""
    if not isinstance(params, Mapping) or not isinstance(grads, Mapping):
        raise TypeError(
            f"step(params, grads) takes two dicts of arrays; got {type(params).__name__} and {type(grads).__name__}"
        )
    triples = []
    for key, w in params.items():
        if not isinstance(w, np.ndarray) or w.dtype.kind != "f":
            raise TypeError(f"params[{key!r}] must be a floating-point ndarray (it is updated in place); "
                            f"got {type(w).__name__} with dtype {getattr(w, 'dtype', None)}")
        if key not in grads:
            raise KeyError(f"grads has no entry for params[{key!r}]; grads has the keys {list(grads)}")
        g = np.asarray(grads[key])
        if g.shape != w.shape:
            raise ValueError(f"grads[{key!r}] must have the shape of params[{key!r}], {w.shape}; got {g.shape}")
        g = g.astype(w.dtype, copy=False)
        # weight decay scales w in place first: a gradient that is a view of w must not shrink with it
        triples.append((key, w, g.copy() if np.may_share_memory(g, w) else g))
    return triples


class Optimizer:
    r"""Base class: validation, per-key state, weight decay, the step counter ``t``.

    Subclasses define ``_new_state(w) -> dict`` and ``_update(w, g, state)``, which changes ``w`` in place.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0`; public, so that a schedule may change it between steps.
    weight_decay : float, default 0.0
        :math:`\lambda' \in [0, 1)`: each step first scales every parameter by :math:`1 - \lambda'`.
    """

    def __init__(self, lr, weight_decay=0.0):
        self.lr = lr
        self.weight_decay = check_in_range(weight_decay, "weight_decay", 0.0, 1.0)
        self.t = 0  # number of steps taken
        self.state: dict[str, dict] = {}

    @property
    def lr(self) -> float:
        """Learning rate η; assigning it (e.g. from a schedule) validates it as a finite positive number."""
        return self._lr

    @lr.setter
    def lr(self, value):
        self._lr = check_positive(value, "lr")

    def step(self, params, grads) -> None:
        """Update every ``params[k]`` in place from ``grads[k]`` (keys of ``grads`` not in ``params`` are ignored).

        Parameters
        ----------
        params : dict of str → ndarray, any shapes
            Floating-point arrays, changed in place; each keeps its dtype.
        grads : dict of str → ndarray, shape of the matching ``params[k]``
            A gradient for every key of ``params``, taken at the current parameters.

        Raises
        ------
        TypeError
            If ``params`` or ``grads`` is not a dict, or a parameter is not a floating-point ndarray.
        KeyError
            If a parameter has no gradient.
        ValueError
            If a gradient's shape is not its parameter's. In all these cases no array has been changed.
        """
        triples = _matched(params, grads)
        states = [self._state_for(key, w) for key, w, _ in triples]
        for (_, w, g), state in zip(triples, states):
            if self.weight_decay:
                w *= 1 - self.weight_decay
            self._update(w, g, state)
        self.t += 1

    def reset(self) -> None:
        """Forget all state (velocities, averages) and set ``t`` back to 0."""
        self.state.clear()
        self.t = 0

    zero_state = reset

    def _state_for(self, key, w):
        if key not in self.state:
            self.state[key] = self._new_state(w)
        state = self.state[key]
        for name, s in state.items():
            if isinstance(s, np.ndarray) and s.shape != w.shape:
                raise ValueError(
                    f"the optimizer's state {name!r} for key {key!r} has shape {s.shape} but params[{key!r}] has "
                    f"shape {w.shape}: use one optimizer per dict of uniquely named parameters, or reset() it"
                )
        return state

    def _new_state(self, w) -> dict:
        return {}

    def _update(self, w, g, state) -> None:
        raise NotImplementedError

    def __repr__(self):
        hyper = {k: v for k, v in vars(self).items() if k not in ("_lr", "t", "state")}
        return f"{type(self).__name__}(lr={self.lr!r}, " + ", ".join(f"{k}={v!r}" for k, v in hyper.items()) + ")"


class SGD(Optimizer):
    r"""Plain gradient descent (lecture 3): :math:`w \leftarrow w - \eta g`.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0`.
    weight_decay : float, default 0.0
        :math:`\lambda' \in [0, 1)`; then :math:`w \leftarrow (1 - \lambda') w - \eta g`, lecture 3's weight decay.
    """

    def _update(self, w, g, state):
        w -= self.lr * g


class Momentum(Optimizer):
    r"""Momentum (Qian, 1999), as lecture 3 writes it.

    State per key: ``v``, same shape as the parameter, starting at 0.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0`.
    momentum : float, default 0.9
        :math:`\gamma \in [0, 1)`.
    weight_decay : float, default 0.0
        :math:`\lambda' \in [0, 1)`, the decoupled weight decay of the module docstring.

    Notes
    -----
    .. math:: v_t = \gamma v_{t-1} + \eta g_t, \qquad w_t = w_{t-1} - v_t.

    With a constant :math:`\eta` this is the trajectory of ``torch.optim.SGD(momentum=γ)`` (dampening 0),
    whose buffer is :math:`v/\eta`.
    """

    def __init__(self, lr, momentum=0.9, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.momentum = _fraction(momentum, "momentum")

    def _new_state(self, w):
        return {"v": np.zeros_like(w)}

    def _update(self, w, g, state):
        v = state["v"]
        v *= self.momentum
        v += self.lr * g
        w -= v


class Nesterov(Momentum):
    r"""Nesterov accelerated gradient (NAG), reformulated to need only the gradient at the stored point.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0`.
    momentum : float, default 0.9
        :math:`\gamma \in [0, 1)`.
    weight_decay : float, default 0.0
        :math:`\lambda' \in [0, 1)`, the decoupled weight decay of the module docstring.

    Notes
    -----
    Lecture 3 evaluates the gradient at the look-ahead point :math:`w - \gamma v`:

    .. math:: v_t = \gamma v_{t-1} + \eta\, \nabla E(w_{t-1} - \gamma v_{t-1}), \qquad w_t = w_{t-1} - v_t.

    ``step(params, grads)`` only has the gradient at the stored parameters, so the parameters hold the
    look-ahead point :math:`\tilde w = w - \gamma v` instead (as PyTorch and Keras do). Then
    :math:`g_t = \nabla E(\tilde w_{t-1})` is exactly the lecture's gradient, and

    .. math::
        \tilde w_t = w_t - \gamma v_t = \tilde w_{t-1} + \gamma v_{t-1} - (1 + \gamma) v_t
                   = \tilde w_{t-1} - \gamma v_t - \eta g_t,

    using :math:`\gamma v_{t-1} = v_t - \eta g_t`. This class applies

    .. math:: v_t = \gamma v_{t-1} + \eta g_t, \qquad \tilde w_t = \tilde w_{t-1} - (\gamma v_t + \eta g_t),

    which traces the lecture's iterates shifted by :math:`-\gamma v_t` (equal at the start, :math:`v_0 = 0`,
    and in the limit, :math:`v \to 0`). With a constant :math:`\eta` it is ``torch.optim.SGD(nesterov=True)``.
    """

    def _update(self, w, g, state):
        v = state["v"]
        v *= self.momentum
        v += self.lr * g
        w -= self.momentum * v + self.lr * g


class Adagrad(Optimizer):
    r"""Adagrad (Duchi et al., 2011), as lecture 3 writes it: :math:`\epsilon` inside the square root.

    State per key: ``G``, the running sum of squared gradients.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0`.
    eps : float, default 1e-8
        :math:`\epsilon > 0`.
    weight_decay : float, default 0.0
        :math:`\lambda' \in [0, 1)`, the decoupled weight decay of the module docstring.

    Notes
    -----
    .. math:: G_t = G_{t-1} + g_t^2, \qquad w_{t+1} = w_t - \frac{\eta}{\sqrt{G_t + \epsilon}}\, g_t
              \quad\text{(element-wise)}.

    PyTorch divides by :math:`\sqrt{G_t} + \epsilon` instead; the two differ by :math:`O(\epsilon/\sqrt{G})`.
    """

    def __init__(self, lr, eps=1e-8, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.eps = check_positive(eps, "eps")

    def _new_state(self, w):
        return {"G": np.zeros_like(w)}

    def _update(self, w, g, state):
        G = state["G"]
        G += g * g
        w -= self.lr * g / np.sqrt(G + self.eps)


class RMSprop(Optimizer):
    r"""RMSprop (Hinton, 2012), as lecture 3 writes it: :math:`\epsilon` inside the square root.

    State per key: ``Eg2``, the moving average :math:`E[g^2]`.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0`.
    rho : float, default 0.9
        :math:`\rho \in [0, 1)`, the decay of the moving average.
    eps : float, default 1e-8
        :math:`\epsilon > 0`.
    weight_decay : float, default 0.0
        :math:`\lambda' \in [0, 1)`, the decoupled weight decay of the module docstring.

    Notes
    -----
    .. math:: E[g^2]_t = \rho E[g^2]_{t-1} + (1 - \rho) g_t^2, \qquad
              w_{t+1} = w_t - \frac{\eta}{\sqrt{E[g^2]_t + \epsilon}}\, g_t.

    PyTorch (``alpha`` = :math:`\rho`) divides by :math:`\sqrt{E[g^2]_t} + \epsilon` instead.
    """

    def __init__(self, lr, rho=0.9, eps=1e-8, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.rho = _fraction(rho, "rho")
        self.eps = check_positive(eps, "eps")

    def _new_state(self, w):
        return {"Eg2": np.zeros_like(w)}

    def _update(self, w, g, state):
        Eg2 = state["Eg2"]
        Eg2 *= self.rho
        Eg2 += (1 - self.rho) * g * g
        w -= self.lr * g / np.sqrt(Eg2 + self.eps)


class Adadelta(Optimizer):
    r"""Adadelta (Zeiler, 2012), as lecture 3 writes it, with the optional scale :math:`\eta` (1 by default).

    State per key: ``Eg2`` :math:`E[g^2]` and ``Edw2`` :math:`E[\Delta w^2]`.

    Parameters
    ----------
    lr : float, default 1.0
        The scale :math:`\eta > 0` of every update; 1 is Zeiler's method.
    rho : float, default 0.95
        :math:`\rho \in [0, 1)`, the decay of both moving averages.
    eps : float, default 1e-6
        :math:`\epsilon > 0`.
    weight_decay : float, default 0.0
        :math:`\lambda' \in [0, 1)`, the decoupled weight decay of the module docstring.

    Notes
    -----
    With :math:`\mathrm{RMS}[x]_t = \sqrt{E[x^2]_t + \epsilon}`:

    .. math::
        E[g^2]_t = \rho E[g^2]_{t-1} + (1 - \rho) g_t^2, \qquad
        \Delta w_t = -\frac{\mathrm{RMS}[\Delta w]_{t-1}}{\mathrm{RMS}[g]_t}\, g_t,

        E[\Delta w^2]_t = \rho E[\Delta w^2]_{t-1} + (1 - \rho) \Delta w_t^2, \qquad
        w_{t+1} = w_t + \eta\, \Delta w_t.

    The average :math:`E[\Delta w^2]` collects the unscaled :math:`\Delta w`, as in PyTorch, so
    :math:`\eta = 1` is Zeiler's method and any :math:`\eta` matches ``torch.optim.Adadelta(lr=η)``.
    """

    def __init__(self, lr=1.0, rho=0.95, eps=1e-6, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.rho = _fraction(rho, "rho")
        self.eps = check_positive(eps, "eps")

    def _new_state(self, w):
        return {"Eg2": np.zeros_like(w), "Edw2": np.zeros_like(w)}

    def _update(self, w, g, state):
        rho, eps, Eg2, Edw2 = self.rho, self.eps, state["Eg2"], state["Edw2"]
        Eg2 *= rho
        Eg2 += (1 - rho) * g * g
        dw = -np.sqrt(Edw2 + eps) / np.sqrt(Eg2 + eps) * g
        Edw2 *= rho
        Edw2 += (1 - rho) * dw * dw
        w += self.lr * dw


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015) with bias correction and :math:`\epsilon` outside the root, as PyTorch.

    State per key: ``m``, ``v`` and the key's own step count ``t`` (for the bias correction).

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0`.
    beta1 : float, default 0.9
        :math:`\beta_1 \in [0, 1)`, the decay of the first moment :math:`m`.
    beta2 : float, default 0.999
        :math:`\beta_2 \in [0, 1)`, the decay of the second moment :math:`v`.
    eps : float, default 1e-8
        :math:`\epsilon > 0`.
    weight_decay : float, default 0.0
        :math:`\lambda' \in [0, 1)`, the decoupled weight decay of the module docstring.

    Notes
    -----
    .. math::
        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2,

        \hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad
        w_{t+1} = w_t - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}.

    Lecture 3's first formula drops the hats and puts :math:`\epsilon` inside the root; without the
    correction, :math:`m` and :math:`v` start biased towards 0 (the lecture's own remark).
    With ``weight_decay=λ'`` this is AdamW's decoupled decay: ``torch.optim.AdamW(lr=η, weight_decay=λ'/η)``
    for a constant :math:`\eta` (AdamW shrinks :math:`w` by :math:`1 - \eta` times its ``weight_decay``, tied to the
    learning rate).
    """

    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.beta1 = _fraction(beta1, "beta1")
        self.beta2 = _fraction(beta2, "beta2")
        self.eps = check_positive(eps, "eps")

    def _new_state(self, w):
        return {"m": np.zeros_like(w), "v": np.zeros_like(w), "t": 0}

    def _moments(self, g, state):
        """Advance ``m``, ``v`` and the key's ``t``; return :math:`\\sqrt{\\hat v_t} + \\epsilon`."""
        b1, b2, m, v = self.beta1, self.beta2, state["m"], state["v"]
        state["t"] += 1
        m *= b1
        m += (1 - b1) * g
        v *= b2
        v += (1 - b2) * g * g
        return np.sqrt(v / (1 - b2 ** state["t"])) + self.eps

    def _update(self, w, g, state):
        denom = self._moments(g, state)
        m_hat = state["m"] / (1 - self.beta1 ** state["t"])
        w -= self.lr * m_hat / denom


class Nadam(Adam):
    r"""Nadam (Dozat, 2016): Adam with Nesterov momentum, with the momentum schedule held at :math:`\mu_t = \beta_1`.

    State per key as :class:`Adam`.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0`.
    beta1 : float, default 0.9
        :math:`\beta_1 \in [0, 1)`, the decay of the first moment :math:`m` and the momentum :math:`\mu_t`.
    beta2 : float, default 0.999
        :math:`\beta_2 \in [0, 1)`, the decay of the second moment :math:`v`.
    eps : float, default 1e-8
        :math:`\epsilon > 0`.
    weight_decay : float, default 0.0
        :math:`\lambda' \in [0, 1)`, the decoupled weight decay of the module docstring.

    Notes
    -----
    :math:`m_t, v_t, \hat v_t` as in Adam; the update looks one momentum step ahead:

    .. math::
        \bar m_t = \frac{\beta_1 m_t}{1 - \beta_1^{t+1}} + \frac{(1 - \beta_1) g_t}{1 - \beta_1^t}, \qquad
        w_{t+1} = w_t - \eta\, \frac{\bar m_t}{\sqrt{\hat v_t} + \epsilon}.

    This is Dozat's Algorithm 2 with a constant :math:`\mu_t = \beta_1`. PyTorch's ``NAdam`` and Keras's
    ``Nadam`` warm :math:`\mu_t = \beta_1 (1 - \tfrac12 \cdot 0.96^{0.004\,t})` up from :math:`\beta_1/2`;
    ``torch.optim.NAdam(momentum_decay=ψ)`` reduces to this form as :math:`\psi \to \infty`.
    """

    def _update(self, w, g, state):
        denom = self._moments(g, state)
        b1, t = self.beta1, state["t"]
        m_bar = b1 * state["m"] / (1 - b1 ** (t + 1)) + (1 - b1) * g / (1 - b1 ** t)
        w -= self.lr * m_bar / denom
