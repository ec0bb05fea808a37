"""Optimizers against their update rules written out by hand, schedules, clipping, PyTorch trajectories."""

import math

import numpy as np
import pytest

from nnkit import optim

# f(w) = ½ wᵀAw − bᵀw with A = diag(a): curvatures 1, 4 and 10; minimum at w* = b / a
A_DIAG = np.array([1.0, 4.0, 10.0])
B = np.array([1.0, -2.0, 3.0])
W0 = np.array([2.0, 1.0, -1.0])
W_STAR = B / A_DIAG


def grad_f(w):
    return A_DIAG * w - B


def run(opt, w0=W0, steps=5, grad=grad_f):
    """Iterates of ``opt`` on ``{"w": w}``, the gradient always taken at the current parameters."""
    params = {"w": np.array(w0)}
    path = []
    for _ in range(steps):
        opt.step(params, {"w": grad(params["w"])})
        path.append(params["w"].copy())
    return np.array(path)


# --- each rule written out by hand, one step: (w, g, state, t) -> new w ------------------------------

def sgd_rule(lr):
    return lambda w, g, s, t: w - lr * g


def momentum_rule(lr, gamma):
    def rule(w, g, s, t):
        s["v"] = gamma * s.get("v", 0.0) + lr * g
        return w - s["v"]
    return rule


def nesterov_rule(lr, gamma):  # in the look-ahead variable w̃ = w − γv (see test_nesterov_traces_lecture3s_form)
    def rule(w, g, s, t):
        v_prev = s.get("v", 0.0)
        s["v"] = gamma * v_prev + lr * g
        return w + gamma * v_prev - (1 + gamma) * s["v"]
    return rule


def adagrad_rule(lr, eps):
    def rule(w, g, s, t):
        s["G"] = s.get("G", 0.0) + g ** 2
        return w - lr / np.sqrt(s["G"] + eps) * g
    return rule


def rmsprop_rule(lr, rho, eps):
    def rule(w, g, s, t):
        s["Eg2"] = rho * s.get("Eg2", 0.0) + (1 - rho) * g ** 2
        return w - lr / np.sqrt(s["Eg2"] + eps) * g
    return rule


def adadelta_rule(lr, rho, eps):
    def rule(w, g, s, t):
        s["Eg2"] = rho * s.get("Eg2", 0.0) + (1 - rho) * g ** 2
        rms_dw_prev = np.sqrt(s.get("Edw2", 0.0) + eps)
        dw = -rms_dw_prev / np.sqrt(s["Eg2"] + eps) * g
        s["Edw2"] = rho * s.get("Edw2", 0.0) + (1 - rho) * dw ** 2
        return w + lr * dw
    return rule


def adam_rule(lr, b1, b2, eps):
    def rule(w, g, s, t):
        s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g ** 2
        m_hat, v_hat = s["m"] / (1 - b1 ** t), s["v"] / (1 - b2 ** t)
        return w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return rule


def nadam_rule(lr, b1, b2, eps):
    def rule(w, g, s, t):
        s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g ** 2
        v_hat = s["v"] / (1 - b2 ** t)
        m_bar = b1 * s["m"] / (1 - b1 ** (t + 1)) + (1 - b1) * g / (1 - b1 ** t)
        return w - lr * m_bar / (np.sqrt(v_hat) + eps)
    return rule


def hand_path(rule, steps=5, lam=0.0, w0=W0):
    """Lecture 3's weight decay then the rule: w ← (1 − λ)w, update with g taken at the w before decay."""
    w, state, path = np.array(w0), {}, []
    for t in range(1, steps + 1):
        g = grad_f(w)
        w = rule((1 - lam) * w, g, state, t)
        path.append(w)
    return np.array(path)


CASES = {
    "SGD": (lambda **kw: optim.SGD(0.05, **kw), sgd_rule(0.05)),
    "Momentum": (lambda **kw: optim.Momentum(0.03, momentum=0.8, **kw), momentum_rule(0.03, 0.8)),
    "Nesterov": (lambda **kw: optim.Nesterov(0.03, momentum=0.8, **kw), nesterov_rule(0.03, 0.8)),
    "Adagrad": (lambda **kw: optim.Adagrad(0.3, eps=1e-3, **kw), adagrad_rule(0.3, 1e-3)),
    "RMSprop": (lambda **kw: optim.RMSprop(0.05, rho=0.8, eps=1e-3, **kw), rmsprop_rule(0.05, 0.8, 1e-3)),
    "Adadelta": (lambda **kw: optim.Adadelta(2.0, rho=0.9, eps=1e-2, **kw), adadelta_rule(2.0, 0.9, 1e-2)),
    "Adam": (lambda **kw: optim.Adam(0.1, beta1=0.8, beta2=0.9, eps=1e-3, **kw), adam_rule(0.1, 0.8, 0.9, 1e-3)),
    "Nadam": (lambda **kw: optim.Nadam(0.1, beta1=0.8, beta2=0.9, eps=1e-3, **kw), nadam_rule(0.1, 0.8, 0.9, 1e-3)),
}


@pytest.mark.parametrize("lam", [0.0, 0.1])
@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_matches_hand_computation(name, lam):
    make, rule = CASES[name]
    np.testing.assert_allclose(run(make(weight_decay=lam), steps=6), hand_path(rule, steps=6, lam=lam),
                               rtol=1e-12, atol=1e-14)


def test_weight_decay_is_lecture3s_formula():
    lam, lr, w = 0.1, 0.05, W0.copy()
    opt = optim.SGD(lr, weight_decay=lam)
    params = {"w": w.copy()}
    for _ in range(3):
        g = grad_f(params["w"])
        expected = (1 - lam) * params["w"] - lr * g  # w_new = (1 − λ) w − η ∂E/∂w (w_current)
        opt.step(params, {"w": g})
        np.testing.assert_allclose(params["w"], expected, rtol=1e-14)


def test_weight_decay_uses_the_gradient_before_decay_even_if_it_is_a_view_of_w():
    params = {"w": np.array([2.0, -4.0])}
    optim.SGD(0.1, weight_decay=0.5).step(params, {"w": params["w"]})  # f = ½‖w‖², g = w
    np.testing.assert_allclose(params["w"], 0.5 * np.array([2.0, -4.0]) - 0.1 * np.array([2.0, -4.0]))


def test_nesterov_traces_lecture3s_form():
    lr, gamma = 0.03, 0.8
    opt = optim.Nesterov(lr, momentum=gamma)
    params = {"w": W0.copy()}
    w, v = W0.copy(), np.zeros(3)  # lecture 3: gradient at the look-ahead point w − γv
    for _ in range(8):
        v = gamma * v + lr * grad_f(w - gamma * v)
        w = w - v
        opt.step(params, {"w": grad_f(params["w"])})
        np.testing.assert_allclose(params["w"], w - gamma * v, rtol=1e-12, atol=1e-14)


def test_golden_toy_regression():
    # lecture 3: ŷ = b·x, E_i = ½(y_i − b x_i)², ∂E_i/∂b = −x_i (y_i − b x_i), η = 0.1, b = 10
    opt = optim.SGD(0.1)
    params = {"b": np.array(10.0)}
    for (x, y), expected in [((2.0, 5.0), 7.0), ((1.0, 2.0), 6.5)]:
        opt.step(params, {"b": np.array(-x * (y - params["b"] * x))})
        assert params["b"] == pytest.approx(expected, abs=1e-12)


# --- convergence, dicts, dtypes ------------------------------------------------------------------------

CONVERGING = {
    "SGD": optim.SGD(0.15), "Momentum": optim.Momentum(0.02), "Nesterov": optim.Nesterov(0.02),
    "Adagrad": optim.Adagrad(0.5), "RMSprop": optim.RMSprop(0.01), "Adadelta": optim.Adadelta(),
    "Adam": optim.Adam(0.05), "Nadam": optim.Nadam(0.05),
}


@pytest.mark.parametrize("name", sorted(CONVERGING))
def test_converges_on_quadratic(name):
    path = run(CONVERGING[name], steps=3000)
    assert np.abs(path[-1] - W_STAR).max() < 2e-2
    f = lambda w: 0.5 * w @ (A_DIAG * w) - B @ w  # noqa: E731
    assert f(path[-1]) < f(W0) - 0.99 * (f(W0) - f(W_STAR))


@pytest.mark.parametrize("name", sorted(CASES))
def test_point_on_a_surface_in_float32(name):
    make, _ = CASES[name]
    opt = make()
    point = np.array([-1.5, 2.0], dtype=np.float32)
    params = {"xy": point}
    for _ in range(20):
        x, y = params["xy"]
        opt.step(params, {"xy": np.array([2 * x, 20 * y])})  # f = x² + 10 y², gradient in float64
    assert params["xy"] is point and point.dtype == np.float32
    assert all(s.dtype == np.float32 for s in opt.state["xy"].values() if isinstance(s, np.ndarray))
    assert np.all(np.isfinite(point)) and not np.allclose(point, [-1.5, 2.0])


def test_dotted_names_and_several_keys():
    opt = optim.Adam(0.1)
    params = {"0.W": np.ones((2, 3)), "0.b": np.zeros(3), "2.W": np.ones((3, 1))}
    grads = {k: np.full_like(v, 0.5) for k, v in params.items()}
    opt.step(params, grads)
    # Adam's first step moves each entry by η·sign(g) (up to ε)
    for k in params:
        np.testing.assert_allclose(params[k], (1.0 if k.endswith("W") else 0.0) - 0.1, rtol=1e-6)
    assert set(opt.state) == set(params) and opt.t == 1


def test_missing_gradient_and_shape_mismatch_change_nothing():
    opt = optim.Momentum(0.1)
    params = {"a": np.ones(2), "b": np.ones(3)}
    with pytest.raises(KeyError, match="'b'"):
        opt.step(params, {"a": np.ones(2)})
    with pytest.raises(ValueError, match=r"\(3,\)"):
        opt.step(params, {"a": np.ones(2), "b": np.ones(4)})
    np.testing.assert_array_equal(params["a"], np.ones(2))
    assert opt.t == 0


def test_state_shape_clash_is_reported():
    opt = optim.Momentum(0.1)
    opt.step({"W": np.ones((2, 2))}, {"W": np.ones((2, 2))})
    with pytest.raises(ValueError, match="reset"):
        opt.step({"W": np.ones((3, 2))}, {"W": np.ones((3, 2))})
    opt.reset()
    opt.step({"W": np.ones((3, 2))}, {"W": np.ones((3, 2))})
    assert opt.t == 1


def test_params_must_be_float_arrays():
    with pytest.raises(TypeError):
        optim.SGD(0.1).step({"w": [1.0, 2.0]}, {"w": np.ones(2)})
    with pytest.raises(TypeError):
        optim.SGD(0.1).step({"w": np.arange(3)}, {"w": np.ones(3)})


def test_lr_is_public_and_validated():
    opt = optim.SGD(0.1)
    opt.lr = 0.5
    params = {"w": np.array([1.0])}
    opt.step(params, {"w": np.array([1.0])})
    assert params["w"][0] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="lr"):
        opt.lr = 0.0


BAD_HYPER = [
    (optim.SGD, {"lr": 0.0}, "lr"), (optim.SGD, {"lr": -0.1}, "lr"), (optim.SGD, {"lr": math.nan}, "lr"),
    (optim.SGD, {"lr": math.inf}, "lr"), (optim.SGD, {"lr": 0.1, "weight_decay": -0.1}, "weight_decay"),
    (optim.Adam, {"lr": 0.1, "weight_decay": 1.0}, "weight_decay"),
    (optim.Momentum, {"lr": 0.1, "momentum": 1.0}, "momentum"),
    (optim.Nesterov, {"lr": 0.1, "momentum": -0.5}, "momentum"),
    (optim.Adagrad, {"lr": 0.1, "eps": 0.0}, "eps"), (optim.RMSprop, {"lr": 0.1, "rho": 1.0}, "rho"),
    (optim.RMSprop, {"lr": 0.1, "eps": -1e-8}, "eps"), (optim.Adadelta, {"rho": 1.5}, "rho"),
    (optim.Adadelta, {"lr": 0.0}, "lr"), (optim.Adam, {"lr": 0.1, "beta1": 1.0}, "beta1"),
    (optim.Adam, {"lr": 0.1, "beta2": -0.1}, "beta2"), (optim.Nadam, {"lr": 0.1, "beta2": 1.0}, "beta2"),
    (optim.Nadam, {"lr": 0.1, "eps": 0.0}, "eps"),
]


@pytest.mark.parametrize("cls, kwargs, name", BAD_HYPER)
def test_bad_hyper_parameters(cls, kwargs, name):
    with pytest.raises(ValueError, match=name):
        cls(**kwargs)


# --- schedules and clipping ---------------------------------------------------------------------------

def test_exponential_decay_values():
    schedule = optim.exponential_decay(0.1, 0.5, 10)  # η_t = δ^⌊t/T⌋ η0
    assert [schedule(t) for t in (0, 9, 10, 25)] == pytest.approx([0.1, 0.1, 0.05, 0.025])


def test_step_decay_values():
    schedule = optim.step_decay(1.0, 0.1, [3, 5])
    assert [schedule(t) for t in (0, 2, 3, 4, 5, 100)] == pytest.approx([1, 1, 0.1, 0.1, 0.01, 0.01])


@pytest.mark.parametrize("args", [(0.0, 0.5, 10), (0.1, 0.0, 10), (0.1, 1.5, 10), (0.1, 0.5, 0), (0.1, 0.5, 2.5)])
def test_exponential_decay_validation(args):
    with pytest.raises(ValueError):
        optim.exponential_decay(*args)


def test_schedule_rejects_bad_steps_and_milestones():
    with pytest.raises(ValueError):
        optim.exponential_decay(0.1, 0.5, 10)(-1)
    with pytest.raises(ValueError):
        optim.step_decay(0.1, 0.5, [5, 3])


def test_schedule_drives_an_optimizer():
    schedule, opt = optim.exponential_decay(0.2, 0.5, 2), optim.SGD(0.2)
    params, w = {"w": np.array([1.0])}, 1.0
    for t in range(5):
        opt.lr = schedule(opt.t)
        opt.step(params, {"w": params["w"].copy()})  # f = ½ w²
        w -= 0.2 * 0.5 ** (t // 2) * w
        assert params["w"][0] == pytest.approx(w, rel=1e-14)


def test_clip_grad_norm():
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}
    assert optim.clip_grad_norm(grads, 1.0) == pytest.approx(5.0)
    np.testing.assert_allclose(grads["a"], [0.6, 0.0])
    np.testing.assert_allclose(grads["b"], [[0.8]])
    assert optim.clip_grad_norm(grads, 2.0) == pytest.approx(1.0)  # already small: unchanged
    np.testing.assert_allclose(grads["a"], [0.6, 0.0])


def test_clip_grad_norm_keeps_float32_and_rejects_nan():
    grads = {"a": np.array([30.0, 40.0], dtype=np.float32)}
    optim.clip_grad_norm(grads, 5.0)
    assert grads["a"].dtype == np.float32
    np.testing.assert_allclose(grads["a"], [3.0, 4.0], rtol=1e-6)
    with pytest.raises(ValueError, match="NaN"):
        optim.clip_grad_norm({"a": np.array([np.nan])}, 1.0)


def test_clip_grad_norm_against_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    grads = {"a": rng.standard_normal((3, 4)), "b": rng.standard_normal(5)}
    tensors = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads.values()]
    for t, g in zip(tensors, grads.values()):
        t.grad = torch.tensor(g)
    expected_norm = torch.nn.utils.clip_grad_norm_(tensors, 1.5).item()
    assert optim.clip_grad_norm(grads, 1.5) == pytest.approx(expected_norm, rel=1e-12)
    for t, g in zip(tensors, grads.values()):  # torch divides by ‖g‖ + 1e-6
        np.testing.assert_allclose(g, t.grad.numpy(), rtol=1e-6)
    assert math.sqrt(sum(float(np.sum(g ** 2)) for g in grads.values())) == pytest.approx(1.5, rel=1e-12)


def test_clip_grad_value():
    grads = {"a": np.array([-3.0, 0.5, 2.0]), "b": np.array([[0.9, -1.1]])}
    assert optim.clip_grad_value(grads, 1.0) is None
    np.testing.assert_array_equal(grads["a"], [-1.0, 0.5, 1.0])
    np.testing.assert_array_equal(grads["b"], [[0.9, -1.0]])


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan])
def test_clip_validation(bad):
    with pytest.raises(ValueError):
        optim.clip_grad_norm({"a": np.ones(2)}, bad)
    with pytest.raises(ValueError):
        optim.clip_grad_value({"a": np.ones(2)}, bad)


# --- PyTorch trajectories -------------------------------------------------------------------------------

def torch_path(make_torch_opt, steps=8):
    torch = pytest.importorskip("torch")
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # torch keeps scalar state (step, NAdam's μ product) in this dtype
    try:
        w = torch.tensor(W0, requires_grad=True)
        opt = make_torch_opt([w])
        path = []
        for _ in range(steps):
            w.grad = torch.tensor(grad_f(w.detach().numpy()))
            opt.step()
            path.append(w.detach().numpy().copy())
    finally:
        torch.set_default_dtype(previous)
    return np.array(path)


def _torch_cases():
    torch = pytest.importorskip("torch")
    o = torch.optim
    lr, lam = 0.05, 0.02
    return {
        # exact matches
        "sgd": (optim.SGD(lr), lambda p: o.SGD(p, lr=lr), 1e-12),
        # SGD's decay (1 − λ)w − ηg equals an L2 term (λ/η)·w added to the gradient
        "sgd_decay": (optim.SGD(lr, weight_decay=lam), lambda p: o.SGD(p, lr=lr, weight_decay=lam / lr), 1e-12),
        "momentum": (optim.Momentum(lr, 0.9), lambda p: o.SGD(p, lr=lr, momentum=0.9), 1e-12),
        "nesterov": (optim.Nesterov(lr, 0.9), lambda p: o.SGD(p, lr=lr, momentum=0.9, nesterov=True), 1e-12),
        "adadelta": (optim.Adadelta(1.0, 0.9, 1e-6), lambda p: o.Adadelta(p, lr=1.0, rho=0.9, eps=1e-6), 1e-12),
        "adadelta_scaled": (optim.Adadelta(0.5), lambda p: o.Adadelta(p, lr=0.5, rho=0.95, eps=1e-6), 1e-12),
        "adam": (optim.Adam(lr), lambda p: o.Adam(p, lr=lr), 1e-12),
        # our decoupled λ is AdamW's λ' = λ/η (AdamW multiplies w by 1 − ηλ')
        "adam_decay": (optim.Adam(lr, weight_decay=lam), lambda p: o.AdamW(p, lr=lr, weight_decay=lam / lr), 1e-12),
        # torch's NAdam warms its momentum μ_t = β1(1 − ½·0.96^(ψt)) up from β1/2; a huge ψ makes μ_t = β1,
        # the constant-momentum Nadam implemented here. Torch's default ψ = 0.004 is a different rule.
        "nadam": (optim.Nadam(lr), lambda p: o.NAdam(p, lr=lr, momentum_decay=1e9), 1e-12),
        # ε placement differs (inside the root here, outside in torch): with ε tiny the paths agree to O(ε/√G)
        "adagrad": (optim.Adagrad(0.3, eps=1e-12), lambda p: o.Adagrad(p, lr=0.3, eps=1e-12), 1e-9),
        "rmsprop": (optim.RMSprop(0.01, rho=0.9, eps=1e-12), lambda p: o.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-12),
                    1e-9),
    }


@pytest.mark.parametrize("name", ["sgd", "sgd_decay", "momentum", "nesterov", "adadelta", "adadelta_scaled", "adam",
                                  "adam_decay", "nadam", "adagrad", "rmsprop"])
def test_trajectory_matches_torch(name):
    ours, theirs, rtol = _torch_cases()[name]
    np.testing.assert_allclose(run(ours, steps=8), torch_path(theirs), rtol=rtol, atol=1e-14)


def test_default_eps_placement_differs_from_torch_but_barely():
    pytest.importorskip("torch")
    import torch
    ours = run(optim.RMSprop(0.01), steps=8)
    theirs = torch_path(lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-8))
    assert not np.array_equal(ours, theirs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)
