"""Problem set 3, optimization: updates per epoch, SGD on lecture 3's toy regression, mini-batches,
a learning-rate schedule, and the Momentum, RMSprop and Adam updates."""

import numpy as np

import nnkit as nk

from ..i18n import N_, _
from . import Case, Part, variant

X_TOY = np.array([2.0, 1.0, 3.0, 4.0])   # lecture 3's toy regression y_hat = b * x
Y_TOY = np.array([5.0, 2.0, 6.0, 6.0])


def updates_cases(rng):
    return [Case(_("n = 1050, batch_size = 100 (edge: a last, partial batch of 50 rows; catches rounding down)"),
                 1050, 100),
            Case(_("n = 101, batch_size = 10 (edge: a last batch of 1 row; catches rounding down and a float "
                   "n / batch_size)"), 101, 10),
            Case(_("n = 60000, batch_size = 32 (edge: batch_size divides n; catches always adding 1 for a partial "
                   "batch)"), 60000, 32),
            Case(_("n = 3, batch_size = 5 (edge: a batch larger than the data, one update; catches rounding down to "
                   "0)"), 3, 5),
            Case(_("n = 7, batch_size = 7 (edge: a single full batch; catches n // batch_size + 1)"), 7, 7),
            Case(_("n = 0, batch_size = 10 (edge: no data, no update; catches n // batch_size + 1 and at least one "
                   "update)"), 0, 10),
            Case(_("n = 1001, batch_size = 1000 (edge: one row over, a last batch of one row; catches "
                   "round(n / batch_size + 0.49), which drops it)"), 1001, 1000),
            Case(_("n = 1999, batch_size = 2000 (edge: a single, partial batch; catches rounding down to 0)"),
                 1999, 2000)]


def sgd_reference(b, x_i, y_i, lr):
    loss, params = nk.losses.SSE(), {"b": np.array([float(b)])}
    loss.forward(params["b"] * x_i, np.array([y_i]))
    nk.optim.SGD(lr=lr).step(params, {"b": loss.backward() * x_i})
    return float(params["b"][0])


def sgd_cases(rng):
    cases = [Case(_("b = 10, point (3, 6), lr = 0.1 (edge: b too large, the step must lower it; catches a sign "
                    "error, a missing factor x_i and a factor 2)"), 10.0, 3.0, 6.0, 0.1),
             Case(_("b = -2, point (4, 6), lr = 0.05 (edge: b too small, the step must raise it; catches the same "
                    "slips from the other side)"), -2.0, 4.0, 6.0, 0.05)]
    for _draw in range(4):
        b, x, y = (float(v) for v in rng.standard_normal(3) * 3)
        cases.append(Case(_("b = {b:.4f}, point ({x:.4f}, {y:.4f}) (to 4 decimals), lr = 0.01 (edge: random values "
                            "of either sign, not the lecture's; catches code fitted to the examples)"
                            ).format(b=b, x=x, y=y), b, x, y, 0.01))
    return cases


def batch_gradient_reference(b, x, y):
    loss = nk.losses.SSE(reduction="mean")
    loss.forward(b * x, y)
    return float(np.sum(loss.backward() * x))


def batch_gradient_cases(rng):
    return [Case(_("b = -3, the four toy points (edge: the lecture's data; catches a sum instead of a mean, a sign "
                   "error, a missing x_i and a factor 2)"), -3.0, X_TOY, Y_TOY),
            Case(_("b = 0.7, x and y of shape (7,), standard normal (edge: points of either sign; catches the same "
                   "slips on other data)"), 0.7, rng.standard_normal(7), rng.standard_normal(7)),
            Case(_("b = 2.5, x of shape (50,), standard normal times 2, y of shape (50,), standard normal (edge: many "
                   "points, where the sum is 50 times the mean; catches summing)"), 2.5, rng.standard_normal(50) * 2,
                 rng.standard_normal(50)),
            Case(_("b = 1.5, one point (x, y) = (-2, 4) (edge: N = 1, where the sum and the mean agree, and a negative "
                   "x; catches a sign error and a missing x_i)"), 1.5, np.array([-2.0]), np.array([4.0]))]


def batch_gradient_by_hand(b, x, y):
    """Part 3 put in place of the student's while Part 4 is graded."""
    return float(np.mean(x * (b * x - y)))


def updates_by_hand(n, batch_size):
    """Part 1 put in place of the student's while Part 4 is graded."""
    return -(-n // batch_size)


def epoch_reference(b, x, y, order, batch_size, lr):
    loss, params, opt = nk.losses.SSE(reduction="mean"), {"b": np.array([float(b)])}, nk.optim.SGD(lr=lr)
    path = []
    for xb, yb in nk.data.minibatches(x[order], y[order], batch_size, shuffle=False):
        loss.forward(params["b"] * xb, yb)
        opt.step(params, {"b": np.sum(loss.backward() * xb, keepdims=True)})
        path.append(float(params["b"][0]))
    return np.array(path)


def epoch_wrong(b, x, y, order, batch_size, lr, full_only=False, ignore_order=False, frozen=False, total=False,
                with_start=False):
    idx = np.arange(len(x)) if ignore_order else order
    b0, path = b, [b] if with_start else []
    for start in range(0, len(idx), batch_size):
        batch = idx[start:start + batch_size]
        if full_only and len(batch) < batch_size:
            break
        at = b0 if frozen else b
        b = b - lr * (np.sum if total else np.mean)(x[batch] * (at * x[batch] - y[batch]))
        path.append(b)
    return np.array(path)


def epoch_cases(rng):
    n7 = rng.permutation(7)
    return [Case(_("the toy points, b = 10, order [3, 1, 0, 2], batch_size 2, lr 0.1 (edge: two full batches in a "
                   "shuffled order; catches ignoring order, gradients at the starting b, a sum, and returning the "
                   "start or only the last b)"), 10.0, X_TOY, Y_TOY, np.array([3, 1, 0, 2]), 2, 0.1),
            Case(_("the toy points, b = 10, order [2, 0, 3, 1], batch_size 1, lr 0.05 (edge: batch_size 1, plain SGD, "
                   "where the sum and the mean agree; catches ignoring order and gradients at the starting b)"),
                 10.0, X_TOY, Y_TOY, np.array([2, 0, 3, 1]), 1, 0.05),
            Case(_("x, y of shape (7,), standard normal, b = 0.5, order {order}, batch_size 3, lr 0.1 (edge: a "
                   "last batch of 1; catches dropping the partial batch)").format(order=n7.tolist()),
                 0.5, rng.standard_normal(7), rng.standard_normal(7), n7, 3, 0.1),
            Case(_("x, y of shape (5,), standard normal, b = -1, order [4, 3, 2, 1, 0], batch_size 8, lr 0.2 (edge: "
                   "batch_size larger than N, a single partial batch; catches dropping it and summing)"),
                 -1.0, rng.standard_normal(5), rng.standard_normal(5), np.array([4, 3, 2, 1, 0]), 8, 0.2)]


def decay_reference(lr0, decay_rate, decay_steps, t):
    return nk.optim.exponential_decay(lr0, decay_rate, decay_steps)(t)


def decay_cases(rng):
    return [Case(_("lr0 = 0.3, decay_rate = 0.9, decay_steps = 7, t = 50 (edge: t not a multiple of decay_steps; "
                   "catches t / T as a float)"), 0.3, 0.9, 7, 50),
            Case(_("lr0 = 0.01, decay_rate = 0.1, decay_steps = 500, t = 499 (edge: the last update before the first "
                   "drop, still lr0; catches t // T + 1 and t / T)"), 0.01, 0.1, 500, 499),
            Case(_("lr0 = 0.01, decay_rate = 0.1, decay_steps = 500, t = 1499 (edge: just before the third drop; "
                   "catches a float t / T and a drop at every update)"), 0.01, 0.1, 500, 1499),
            Case(_("lr0 = 0.05, decay_rate = 0.5, decay_steps = 1, t = 10 (edge: decay_steps = 1, a drop at every "
                   "update; catches t // T + 1 and decay_rate * (t // T))"), 0.05, 0.5, 1, 10),
            Case(_("lr0 = 1.0, decay_rate = 1.0, decay_steps = 3, t = 10 (edge: decay_rate = 1, no decay; catches "
                   "decay_rate * (t // T))"), 1.0, 1.0, 3, 10),
            Case(_("lr0 = 0.2, decay_rate = 0.8, decay_steps = 100, t = 0 (edge: t = 0, the first update uses lr0; "
                   "catches t // T + 1 and decay_rate * (t // T))"), 0.2, 0.8, 100, 0)]


def momentum_reference(w, g, v, lr, gamma=0.9):
    opt, params = nk.optim.Momentum(lr=lr, momentum=gamma), {"w": w.copy()}
    opt.state["w"] = {"v": v.copy()}
    opt.step(params, {"w": g})
    return params["w"], opt.state["w"]["v"]


def momentum_cases(rng):
    def normal(shape, scale=1.0):
        return rng.standard_normal(shape) * scale
    return [Case(_("first step (v = 0), w and g of shape (5,), lr 0.1, standard normal (edge: v = 0; catches w + v "
                   "with v = gamma v - lr g, PyTorch's buffer, the old velocity returned and Nesterov's step)"),
                 normal(5), normal(5), np.zeros(5), 0.1),
            Case(_("a later step, w and g of shape (3, 4) standard normal, v standard normal times 0.1, lr 0.05 (edge: "
                   "a non-zero velocity; also catches a step of lr g alone)"),
                 normal((3, 4)), normal((3, 4)), normal((3, 4), 0.1), 0.05),
            Case(_("gamma = 0.5, w, g, v of shape (2, 3, 2), lr 0.01, standard normal (edge: gamma other than the "
                   "default; catches a fixed 0.9)"), normal((2, 3, 2)), normal((2, 3, 2)), normal((2, 3, 2)), 0.01,
                 gamma=0.5),
            Case(_("gamma = 0 (plain SGD), shape (4,), lr 0.3, standard normal (edge: gamma = 0, where the velocity "
                   "is lr g; catches a fixed 0.9 and the old velocity returned)"),
                 normal(4), normal(4), normal(4), 0.3, gamma=0.0)]


def rmsprop_reference(w, g, Eg2, lr, rho=0.9, eps=1e-8):
    opt, params = nk.optim.RMSprop(lr=lr, rho=rho, eps=eps), {"w": w.copy()}
    opt.state["w"] = {"Eg2": Eg2.copy()}
    opt.step(params, {"w": g})
    return params["w"], opt.state["w"]["Eg2"]


def rmsprop_wrong(w, g, Eg2, lr, rho=0.9, eps=1e-8, outside=False, no_mix=False, swapped=False, old=False,
                  fixed_eps=False, no_eps=False):
    eps = 0.0 if no_eps else 1e-8 if fixed_eps else eps
    new = rho * Eg2 + (g * g if no_mix else (1 - rho) * g * g)
    if swapped:
        new = (1 - rho) * Eg2 + rho * g * g
    avg = Eg2 if old else new
    denom = np.sqrt(avg) + eps if outside else np.sqrt(avg + eps)
    return w - lr * g / denom, new


def rmsprop_cases(rng):
    return [Case(_("first step (Eg2 = 0), w and g of shape (5,), lr 0.01, standard normal (edge: an empty average; "
                   "catches a missing (1 - rho), rho and 1 - rho swapped, and dividing by the old average)"),
                 rng.standard_normal(5), rng.standard_normal(5), np.zeros(5), 0.01),
            Case(_("a later step, w and g of shape (3, 4) standard normal, Eg2 uniform in [0.1, 2], lr 0.001 (edge: "
                   "a non-zero average with the default rho = 0.9; catches the same slips)"),
                 rng.standard_normal((3, 4)), rng.standard_normal((3, 4)), rng.uniform(0.1, 2.0, (3, 4)), 0.001),
            Case(_("tiny gradients g ~ 1e-4, shape (6,), w standard normal, Eg2 = 0, lr 0.01 (edge: g^2 near eps, "
                   "where the place of eps matters; catches eps outside the root and no eps)"),
                 rng.standard_normal(6), rng.standard_normal(6) * 1e-4, np.zeros(6), 0.01),
            Case(_("rho = 0.5, eps = 1e-3, w and g of shape (2, 3, 2) standard normal, Eg2 uniform in [0, 1], lr 0.1 "
                   "(edge: rho and eps other than the defaults; catches a fixed rho or eps, but not rho and 1 - rho "
                   "swapped, which agree at 0.5)"),
                 rng.standard_normal((2, 3, 2)), rng.standard_normal((2, 3, 2)), rng.uniform(0.0, 1.0, (2, 3, 2)),
                 0.1, rho=0.5, eps=1e-3),
            Case(_("g = 0 and Eg2 = 0, shape (2, 2), w of ones, lr 0.01 (edge: 0 / 0 unless eps is added; catches no "
                   "eps)"), np.ones((2, 2)), np.zeros((2, 2)), np.zeros((2, 2)), 0.01),
            Case(_("rho = 0.99, w and g of shape (4, 3) standard normal, Eg2 uniform in [0.1, 2], lr 0.01 (edge: a "
                   "rho far from 0.5 with a non-zero average; catches rho and 1 - rho swapped and a fixed rho)"),
                 rng.standard_normal((4, 3)), rng.standard_normal((4, 3)), rng.uniform(0.1, 2.0, (4, 3)), 0.01,
                 rho=0.99)]


def adam_reference(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    opt, params = nk.optim.Adam(lr=lr, beta1=beta1, beta2=beta2, eps=eps), {"w": w.copy()}
    opt.state["w"] = {"m": m.copy(), "v": v.copy(), "t": t - 1}   # Adam counts this update as t
    opt.step(params, {"w": g})
    return params["w"], opt.state["w"]["m"], opt.state["w"]["v"]


def adam_wrong(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8, correct=True, inside=False, shift=0,
               hats=False, correct_v=True, no_eps=False):
    eps = 0.0 if no_eps else eps
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    m_hat = m_new / (1 - beta1 ** (t + shift)) if correct else m_new
    v_hat = v_new / (1 - beta2 ** (t + shift)) if correct and correct_v else v_new
    denom = np.sqrt(v_hat + eps) if inside else np.sqrt(v_hat) + eps
    w_new = w - lr * m_hat / denom
    return (w_new, m_hat, v_hat) if hats else (w_new, m_new, v_new)


def adam_cases(rng):
    def state(shape, t):
        return (rng.standard_normal(shape), rng.standard_normal(shape), rng.standard_normal(shape) * 0.1,
                rng.uniform(0.01, 1.0, shape), t)

    def after_updates(shape, t):
        """w and g standard normal, and m, v as t - 1 earlier updates on standard normal gradients left them."""
        w, g, m, v = rng.standard_normal(shape), rng.standard_normal(shape), np.zeros(shape), np.zeros(shape)
        for _update in range(t - 1):
            earlier = rng.standard_normal(shape)
            m, v = 0.9 * m + 0.1 * earlier, 0.999 * v + 0.001 * earlier ** 2
        return w, g, m, v, t
    state_text = _("w and g standard normal, m standard normal times 0.1, v uniform in [0.01, 1]")
    return [Case(_("first update (t = 1, m = v = 0), w and g of shape (5,), lr 0.01, standard normal (edge: t = 1, "
                   "where the bias corrections are largest; catches no correction, t - 1 (a division by 0), t + 1 and "
                   "m_hat, v_hat returned as the state)"),
                 rng.standard_normal(5), rng.standard_normal(5), np.zeros(5), np.zeros(5), 1, 0.01),
            Case(_("update t = 10, shape (3, 4), {state}, lr 0.001 (edge: a later update with a state; catches "
                   "no correction and m_hat, v_hat returned as the state)").format(state=state_text),
                 *state((3, 4), 10), 0.001),
            Case(_("tiny gradients g ~ 1e-4, w standard normal, t = 1, m = v = 0, shape (6,), lr 0.01 (edge: "
                   "sqrt(v_hat) near eps, where the place of eps matters; catches eps inside the root)"),
                 rng.standard_normal(6), rng.standard_normal(6) * 1e-4, np.zeros(6), np.zeros(6), 1, 0.01),
            Case(_("g = 0 with m = v = 0, w of ones, t = 1, shape (2, 3), lr 0.01 (edge: 0 / 0 unless eps is added; "
                   "catches no eps)"), np.ones((2, 3)), np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((2, 3)), 1, 0.01),
            Case(_("beta1 = 0.5, beta2 = 0.9, eps = 1e-6, t = 3, shape (2, 3, 2), {state}, lr 0.1 (edge: betas "
                   "and eps other than the defaults; catches fixed betas, t - 1 and t + 1)").format(state=state_text),
                 *state((2, 3, 2), 3), 0.1, beta1=0.5, beta2=0.9, eps=1e-6),
            Case(_("update t = 2000, shape (4,), {state}, lr 0.001 (edge: beta1**t has vanished but beta2**t "
                   "is still about 0.14; catches correcting m only)").format(state=state_text),
                 *state((4,), 2000), 0.001),
            Case(_("update t = 5, shape (3, 3), w and g standard normal, m and v as 4 updates on standard normal "
                   "gradients left them, lr 0.1 (edge: a middle t, where the bias corrections of t - 1, t and t + 1 "
                   "differ by 15 % or more; catches no correction, t - 1 and t + 1)"), *after_updates((3, 3), 5), 0.1)]



PARTS = [
    Part("test_updates_per_epoch", N_("Part 1: updates_per_epoch"), "updates_per_epoch", 2, nk.data.n_batches,
         updates_cases, forbidden=(nk.data.n_batches,),
         hints=((lambda n, batch_size: round(n / batch_size + 0.49),
                 N_("adding 0.49 and rounding is not rounding up: a remainder below half a percent is lost. Use "
                    "integers: -(-n // batch_size) or math.ceil.")),
                (lambda n, batch_size: n // batch_size,
                 N_("the last, partial batch also makes an update: round up, not down.")),
                (lambda n, batch_size: n / batch_size, N_("round n / batch_size up to a whole number of updates.")),
                (lambda n, batch_size: n // batch_size + 1,
                 N_("when batch_size divides n there is no extra partial batch: 100 rows in batches of 10 make 10 "
                    "updates, not 11.")))),
    Part("test_sgd_step", N_("Part 2: sgd_step"), "sgd_step", 2, sgd_reference, sgd_cases,
         forbidden=(nk.optim.SGD, nk.losses.SSE, nk.losses.sse_grad),
         hints=((lambda b, x_i, y_i, lr: b - lr * x_i * (y_i - b * x_i),
                 N_("step against the gradient: b - lr * dE/db with dE/db = -x_i (y_i - b x_i); check both signs.")),
                (lambda b, x_i, y_i, lr: b + lr * (y_i - b * x_i),
                 N_("the chain rule brings a factor x_i: dE_i/db = dE_i/dy_hat * dy_hat/db = -(y_i - b x_i) * x_i.")),
                (lambda b, x_i, y_i, lr: b + 2 * lr * x_i * (y_i - b * x_i),
                 N_("E_i = 1/2 (y_i - b x_i)^2 has the factor 1/2, so its derivative has no factor 2.")))),
    Part("test_batch_gradient", N_("Part 3: batch_gradient"), "batch_gradient", 2, batch_gradient_reference,
         batch_gradient_cases, forbidden=(nk.losses.SSE, nk.losses.sse_grad),
         hints=((lambda b, x, y: float(np.sum(-x * (y - b * x))),
                 N_("average the points' gradients (divide by N), do not sum them: the batch loss is a mean.")),
                (lambda b, x, y: float(np.mean(x * (y - b * x))),
                 N_("the sign: dE_i/db = -x_i (y_i - b x_i), which is positive when b is too large.")),
                (lambda b, x, y: float(np.mean(-(y - b * x))),
                 N_("the chain rule brings a factor x_i into each point's gradient.")),
                (lambda b, x, y: float(np.mean(-2 * x * (y - b * x))),
                 N_("with the 1/2 in E_i the derivative has no factor 2.")))),
    Part("test_minibatch_epoch", N_("Part 4: minibatch_epoch"), "minibatch_epoch", 3, epoch_reference, epoch_cases,
         forbidden=(nk.optim.SGD, nk.data.minibatches),
         substitutes={"batch_gradient": batch_gradient_by_hand, "updates_per_epoch": updates_by_hand},
         hints=((variant(epoch_wrong, full_only=True),
                 N_("keep the last, smaller batch: it makes an update too (updates_per_epoch rounds up).")),
                (variant(epoch_wrong, ignore_order=True),
                 N_("take the rows in the given order: batch k is order[k * batch_size:(k + 1) * batch_size].")),
                (variant(epoch_wrong, frozen=True),
                 N_("take each batch's gradient at the current b, after the previous updates, not at the starting b.")),
                (variant(epoch_wrong, total=True),
                 N_("use the mean gradient over the batch (batch_gradient), not the sum.")),
                (variant(epoch_wrong, with_start=True),
                 N_("return only the values after each update, not the starting b.")),
                (lambda *a: float(epoch_reference(*a)[-1]),
                 N_("return every value of b, one per update, as an array, not only the last one.")))),
    Part("test_exponential_decay", N_("Part 5: exponential_decay"), "exponential_decay", 2, decay_reference,
         decay_cases, forbidden=(nk.optim.exponential_decay, nk.optim.step_decay),
         hints=((lambda lr0, d, T, t: lr0 * d ** (t / T),
                 N_("t / T must be an integer division, t // T: the rate drops in steps, every T updates.")),
                (lambda lr0, d, T, t: lr0 * d ** (t // T + 1),
                 N_("the first T updates (t = 0 ... T-1) use lr0 itself: the exponent is t // T, without + 1.")),
                (lambda lr0, d, T, t: lr0 * d * (t // T),
                 N_("decay_rate is raised to the power t // T, not multiplied by it.")),
                (lambda lr0, d, T, t: lr0 * d ** t, N_("the rate drops once every decay_steps updates, not at every "
                                                       "update: the exponent is t // decay_steps.")))),
    Part("test_momentum_step", N_("Part 6: momentum_step"), "momentum_step", 2, momentum_reference, momentum_cases,
         forbidden=(nk.optim.Momentum, nk.optim.Nesterov),
         hints=((lambda w, g, v, lr, gamma=0.9: (w + (gamma * v - lr * g), gamma * v - lr * g),
                 N_("nnkit's and the lecture's velocity is v = gamma v + lr g, subtracted from w: w - v, not w + v "
                    "with v = gamma v - lr g.")),
                (lambda w, g, v, lr, gamma=0.9: (w - lr * (gamma * v + g), gamma * v + g),
                 N_("the learning rate goes inside the velocity: v = gamma v + lr g and w - v (v = gamma v + g, "
                    "w - lr v is PyTorch's buffer).")),
                (lambda w, g, v, lr, gamma=0.9: (w - (gamma * v + lr * g), v),
                 N_("return the new velocity v_new = gamma v + lr g, not the old one.")),
                (lambda w, g, v, lr, gamma=0.9: (w - (gamma * (gamma * v + lr * g) + lr * g), gamma * v + lr * g),
                 N_("that is Nesterov's update; plain Momentum steps by the velocity itself: w - v_new.")),
                (lambda w, g, v, lr, gamma=0.9: (w - lr * g, gamma * v + lr * g),
                 N_("step by the whole velocity, w - v_new, not by lr g alone.")),
                (lambda w, g, v, lr, gamma=0.9: (w - (0.9 * v + lr * g), 0.9 * v + lr * g),
                 N_("use the gamma argument, not a fixed 0.9.")))),
    Part("test_rmsprop_step", N_("Part 7: rmsprop_step"), "rmsprop_step", 3, rmsprop_reference, rmsprop_cases,
         forbidden=(nk.optim.RMSprop,),
         hints=((variant(rmsprop_wrong, outside=True),
                 N_("eps goes inside the square root here, sqrt(E[g^2] + eps), as in the lecture and nk.optim.RMSprop "
                    "(Adam and PyTorch put it outside).")),
                (variant(rmsprop_wrong, no_mix=True),
                 N_("the new squared gradient enters the average with weight (1 - rho): rho E[g^2] + (1 - rho) g^2.")),
                (variant(rmsprop_wrong, swapped=True),
                 N_("rho multiplies the old average and (1 - rho) the new g^2, not the other way round.")),
                (variant(rmsprop_wrong, old=True),
                 N_("update the average first and divide by the root of the new one, E[g^2]_t.")),
                (variant(rmsprop_wrong, fixed_eps=True), N_("use the eps argument, not a fixed 1e-8.")),
                (variant(rmsprop_wrong, no_eps=True),
                 N_("add eps inside the square root, sqrt(E[g^2] + eps): it matters for tiny gradients.")))),
    Part("test_adam_step", N_("Part 8: adam_step"), "adam_step", 4, adam_reference, adam_cases,
         forbidden=(nk.optim.Adam, nk.optim.Nadam),
         hints=((variant(adam_wrong, correct=False),
                 N_("divide by the bias corrections: m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t).")),
                (variant(adam_wrong, correct=False, inside=True),
                 N_("that is lecture 3's first formula: use the bias-corrected m_hat, v_hat and put eps outside the "
                    "root.")),
                (variant(adam_wrong, inside=True),
                 N_("eps goes outside the square root in Adam: sqrt(v_hat) + eps, not sqrt(v_hat + eps).")),
                (variant(adam_wrong, shift=1),
                 N_("t is already the number of this update (1 for the first): use beta**t, do not add 1 to it.")),
                # before t - 1's hint: both give nan at t = 1 with g = 0 and m = v = 0, the case that tests eps
                (variant(adam_wrong, no_eps=True),
                 N_("add eps after the square root, sqrt(v_hat) + eps: it matters for tiny and zero gradients.")),
                (variant(adam_wrong, shift=-1), N_("t counts from 1 (the first update has t = 1): use beta**t, not "
                                                   "beta**(t - 1).")),
                (variant(adam_wrong, hats=True),
                 N_("return the raw moving averages m_t, v_t as the new state, not the corrected m_hat, v_hat.")),
                (variant(adam_wrong, correct_v=False),
                 N_("correct v too: v_hat = v / (1 - beta2**t), and divide by sqrt(v_hat) + eps.")))),
]


MISTAKES = [
    ("rounds the number of updates down", "updates_per_epoch", "return n // batch_size", "test_updates_per_epoch"),
    ("rounds up by adding 0.49", "updates_per_epoch", "return round(n / batch_size + 0.49)", "test_updates_per_epoch"),
    ("calls nnkit's n_batches", "updates_per_epoch", "return nk.data.n_batches(n, batch_size)",
     "test_updates_per_epoch"),
    ("sign error in the update", "sgd_step", "return float(b + lr * (-x_i * (y_i - b * x_i)))", "test_sgd_step"),
    ("forgets the factor x_i of the chain rule", "sgd_step", "return float(b + lr * (y_i - b * x_i))",
     "test_sgd_step"),
    ("sum instead of mean", "batch_gradient", "return float(np.sum(-x * (y - b * x)))", "test_batch_gradient"),
    ("drops the last partial batch", "minibatch_epoch",
     "path = []\n"
     "for start in range(0, len(order) - batch_size + 1, batch_size):\n"
     "    batch = order[start:start + batch_size]\n"
     "    b = b - lr * batch_gradient(b, x[batch], y[batch])\n"
     "    path.append(b)\n"
     "return np.array(path, dtype=float)", "test_minibatch_epoch"),
    ("all gradients at the starting b", "minibatch_epoch",
     "path, b0 = [], b\n"
     "for start in range(0, len(order), batch_size):\n"
     "    batch = order[start:start + batch_size]\n"
     "    b = b - lr * batch_gradient(b0, x[batch], y[batch])\n"
     "    path.append(b)\n"
     "return np.array(path, dtype=float)", "test_minibatch_epoch"),
    ("uses nnkit's SGD and minibatches", "minibatch_epoch",
     "params, opt, path = {'b': np.array([float(b)])}, nk.optim.SGD(lr=lr), []\n"
     "for xb, yb in nk.data.minibatches(x[order], y[order], batch_size, shuffle=False):\n"
     "    opt.step(params, {'b': np.array([batch_gradient(params['b'][0], xb, yb)])})\n"
     "    path.append(params['b'][0])\n"
     "return np.array(path)", "test_minibatch_epoch"),
    ("float division in the exponent", "exponential_decay", "return float(lr0 * decay_rate ** (t / decay_steps))",
     "test_exponential_decay"),
    ("updates the velocity in place", "momentum_step", "v *= gamma\nv += lr * g\nreturn w - v, v",
     "test_momentum_step"),
    ("PyTorch's buffer instead of the lecture's velocity", "momentum_step",
     "v_new = gamma * v + g\nreturn w - lr * v_new, v_new", "test_momentum_step"),
    ("eps outside the root", "rmsprop_step",
     "Eg2_new = rho * Eg2 + (1 - rho) * g * g\nreturn w - lr * g / (np.sqrt(Eg2_new) + eps), Eg2_new",
     "test_rmsprop_step"),
    ("divides by the old average", "rmsprop_step",
     "Eg2_new = rho * Eg2 + (1 - rho) * g * g\nreturn w - lr * g / np.sqrt(Eg2 + eps), Eg2_new", "test_rmsprop_step"),
    ("rho and 1 - rho swapped", "rmsprop_step",
     "Eg2_new = (1 - rho) * Eg2 + rho * g * g\nreturn w - lr * g / np.sqrt(Eg2_new + eps), Eg2_new",
     "test_rmsprop_step"),
    ("no bias correction", "adam_step",
     "m_new = beta1 * m + (1 - beta1) * g\nv_new = beta2 * v + (1 - beta2) * g * g\n"
     "return w - lr * m_new / (np.sqrt(v_new) + eps), m_new, v_new", "test_adam_step"),
    ("eps inside the root", "adam_step",
     "m_new = beta1 * m + (1 - beta1) * g\nv_new = beta2 * v + (1 - beta2) * g * g\n"
     "m_hat, v_hat = m_new / (1 - beta1 ** t), v_new / (1 - beta2 ** t)\n"
     "return w - lr * m_hat / np.sqrt(v_hat + eps), m_new, v_new", "test_adam_step"),
    ("bias corrections with t - 1", "adam_step",
     "m_new = beta1 * m + (1 - beta1) * g\nv_new = beta2 * v + (1 - beta2) * g * g\n"
     "m_hat, v_hat = m_new / (1 - beta1 ** (t - 1)), v_new / (1 - beta2 ** (t - 1))\n"
     "return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new", "test_adam_step"),
    ("counts t once more (t starting at 0)", "adam_step",
     "t = t + 1\nm_new = beta1 * m + (1 - beta1) * g\nv_new = beta2 * v + (1 - beta2) * g * g\n"
     "m_hat, v_hat = m_new / (1 - beta1 ** t), v_new / (1 - beta2 ** t)\n"
     "return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new", "test_adam_step"),
    ("returns the corrected averages as state", "adam_step",
     "m_hat = (beta1 * m + (1 - beta1) * g) / (1 - beta1 ** t)\n"
     "v_hat = (beta2 * v + (1 - beta2) * g * g) / (1 - beta2 ** t)\n"
     "return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat", "test_adam_step"),
    ("calls nnkit's Adam", "adam_step",
     "opt, params = nk.optim.Adam(lr, beta1, beta2, eps), {'w': w.copy()}\n"
     "opt.state['w'] = {'m': m.copy(), 'v': v.copy(), 't': t - 1}\n"
     "opt.step(params, {'w': g})\n"
     "return params['w'], opt.state['w']['m'], opt.state['w']['v']", "test_adam_step"),
]

# Right answers written other ways than the solution: each must get full marks (tests/test_grading_checks.py).
RIGHT_ANSWERS = [
    ("rounds up as (n + batch_size - 1) // batch_size", "updates_per_epoch",
     "return (n + batch_size - 1) // batch_size", "test_updates_per_epoch"),
    ("divmod, one more update for a remainder", "updates_per_epoch",
     "full, rest = divmod(n, batch_size)\nreturn full + (1 if rest else 0)", "test_updates_per_epoch"),
    ("counts the batches in a while loop", "updates_per_epoch",
     "count, start = 0, 0\n"
     "while start < n:\n"
     "    count += 1\n"
     "    start += batch_size\n"
     "return count", "test_updates_per_epoch"),
    ("the length of range(0, n, batch_size)", "updates_per_epoch", "return len(range(0, n, batch_size))",
     "test_updates_per_epoch"),
    ("the gradient expanded: b x^2 - x y", "sgd_step", "return float(b - lr * (b * x_i * x_i - x_i * y_i))",
     "test_sgd_step"),
    ("the residual with the sign moved: b + lr x (y - b x)", "sgd_step",
     "residual = y_i - b * x_i\nreturn float(b + lr * x_i * residual)", "test_sgd_step"),
    ("the chain rule spelled out: dE/dy_hat times dy_hat/db", "sgd_step",
     "y_hat = b * x_i\n"
     "dE_dyhat = y_hat - y_i\n"
     "dyhat_db = x_i\n"
     "return float(b - lr * dE_dyhat * dyhat_db)", "test_sgd_step"),
    ("b mean(x^2) - mean(x y)", "batch_gradient", "return float(b * np.mean(x * x) - np.mean(x * y))",
     "test_batch_gradient"),
    ("np.dot over N", "batch_gradient", "return float(np.dot(x, b * x - y) / x.size)", "test_batch_gradient"),
    ("the points' gradients summed in a loop", "batch_gradient",
     "total = 0.0\n"
     "for xi, yi in zip(x, y):\n"
     "    total += -xi * (yi - b * xi)\n"
     "return float(total / len(x))", "test_batch_gradient"),
    ("(b x.x - x.y) / N with @", "batch_gradient", "return float((b * (x @ x) - x @ y) / len(x))",
     "test_batch_gradient"),
    ("batch k by updates_per_epoch, into a preallocated array", "minibatch_epoch",
     "path = np.empty(updates_per_epoch(len(order), batch_size))\n"
     "for k in range(len(path)):\n"
     "    batch = order[k * batch_size:(k + 1) * batch_size]\n"
     "    b = b - lr * batch_gradient(b, x[batch], y[batch])\n"
     "    path[k] = b\n"
     "return path", "test_minibatch_epoch"),
    ("np.split at multiples of batch_size", "minibatch_epoch",
     "path = []\n"
     "for batch in np.split(order, np.arange(batch_size, len(order), batch_size)):\n"
     "    b -= lr * batch_gradient(b, x[batch], y[batch])\n"
     "    path.append(float(b))\n"
     "return np.array(path)", "test_minibatch_epoch"),
    ("x and y reordered first, the mean gradient inline", "minibatch_epoch",
     "xs, ys = x[order], y[order]\n"
     "path = []\n"
     "for start in range(0, len(xs), batch_size):\n"
     "    xb, yb = xs[start:start + batch_size], ys[start:start + batch_size]\n"
     "    b = b - lr * float(np.mean(xb * (b * xb - yb)))\n"
     "    path.append(b)\n"
     "return np.asarray(path, dtype=np.float64)", "test_minibatch_epoch"),
    ("a while loop over the start of each batch", "minibatch_epoch",
     "path, start = [], 0\n"
     "while start < len(order):\n"
     "    batch = order[start:start + batch_size]\n"
     "    b = b - lr * batch_gradient(b, x[batch], y[batch])\n"
     "    path.append(b)\n"
     "    start += batch_size\n"
     "return np.fromiter(path, dtype=float, count=len(path))", "test_minibatch_epoch"),
    ("multiplies by decay_rate once per finished period, in a loop", "exponential_decay",
     "lr = float(lr0)\n"
     "for _ in range(t // decay_steps):\n"
     "    lr *= decay_rate\n"
     "return lr", "test_exponential_decay"),
    ("divmod for the number of periods", "exponential_decay",
     "periods, _ = divmod(t, decay_steps)\nreturn float(lr0) * float(decay_rate) ** periods", "test_exponential_decay"),
    ("a decay at every boundary reached, in a while loop", "exponential_decay",
     "lr, boundary = float(lr0), decay_steps\n"
     "while boundary <= t:\n"
     "    lr *= decay_rate\n"
     "    boundary += decay_steps\n"
     "return lr", "test_exponential_decay"),
    ("math.pow", "exponential_decay", "import math\nreturn math.pow(decay_rate, t // decay_steps) * lr0",
     "test_exponential_decay"),
    ("the step expanded: w - gamma v - lr g", "momentum_step",
     "return w - gamma * v - lr * g, gamma * v + lr * g", "test_momentum_step"),
    ("momentum_step in float32", "momentum_step",
     "w32, g32, v32 = (np.asarray(a, dtype=np.float32) for a in (w, g, v))\n"
     "v_new = np.float32(gamma) * v32 + np.float32(lr) * g32\n"
     "return w32 - v_new, v_new", "test_momentum_step"),
    ("momentum_step in a loop over every index", "momentum_step",
     "w_new, v_new = np.array(w, dtype=float), np.array(v, dtype=float)\n"
     "for i in np.ndindex(w_new.shape):\n"
     "    v_new[i] = gamma * v[i] + lr * g[i]\n"
     "    w_new[i] = w[i] - v_new[i]\n"
     "return w_new, v_new", "test_momentum_step"),
    ("in place on a copy of v", "momentum_step",
     "v_new = v.copy()\nv_new *= gamma\nv_new += lr * g\nreturn w - v_new, v_new", "test_momentum_step"),
    ("the moving average as Eg2 + (1 - rho)(g^2 - Eg2)", "rmsprop_step",
     "Eg2_new = Eg2 + (1 - rho) * (g * g - Eg2)\nreturn w - lr * g / np.sqrt(Eg2_new + eps), Eg2_new",
     "test_rmsprop_step"),
    ("rmsprop_step in a loop with math.sqrt", "rmsprop_step",
     "import math\n"
     "w_new, Eg2_new = np.array(w, dtype=float), np.array(Eg2, dtype=float)\n"
     "for i in np.ndindex(w_new.shape):\n"
     "    Eg2_new[i] = rho * Eg2[i] + (1 - rho) * g[i] ** 2\n"
     "    w_new[i] = w[i] - lr * g[i] / math.sqrt(Eg2_new[i] + eps)\n"
     "return w_new, Eg2_new", "test_rmsprop_step"),
    ("times (Eg2 + eps) ** -0.5", "rmsprop_step",
     "Eg2_new = rho * Eg2 + (1 - rho) * np.square(g)\nreturn w - lr * g * (Eg2_new + eps) ** -0.5, Eg2_new",
     "test_rmsprop_step"),
    ("the step built in place on new arrays", "rmsprop_step",
     "Eg2_new = Eg2 * rho\n"
     "Eg2_new += (1 - rho) * g ** 2\n"
     "step = lr * g\n"
     "step /= np.sqrt(Eg2_new + eps)\n"
     "return w - step, Eg2_new", "test_rmsprop_step"),
    ("the bias corrections folded into the step size (eps scaled to match)", "adam_step",
     "m_new = beta1 * m + (1 - beta1) * g\n"
     "v_new = beta2 * v + (1 - beta2) * g * g\n"
     "root = np.sqrt(1 - beta2 ** t)\n"
     "lr_t = lr * root / (1 - beta1 ** t)\n"
     "return w - lr_t * m_new / (np.sqrt(v_new) + eps * root), m_new, v_new", "test_adam_step"),
    ("adam_step in a loop with math.sqrt", "adam_step",
     "import math\n"
     "w_new, m_new, v_new = np.array(w, dtype=float), np.array(m, dtype=float), np.array(v, dtype=float)\n"
     "c1, c2 = 1 - beta1 ** t, 1 - beta2 ** t\n"
     "for i in np.ndindex(w_new.shape):\n"
     "    m_new[i] = beta1 * m[i] + (1 - beta1) * g[i]\n"
     "    v_new[i] = beta2 * v[i] + (1 - beta2) * g[i] ** 2\n"
     "    w_new[i] = w[i] - lr * (m_new[i] / c1) / (math.sqrt(v_new[i] / c2) + eps)\n"
     "return w_new, m_new, v_new", "test_adam_step"),
    ("moving averages as m + (1 - beta)(g - m), corrections with expm1", "adam_step",
     "m_new = m + (1 - beta1) * (g - m)\n"
     "v_new = v + (1 - beta2) * (g * g - v)\n"
     "m_hat = m_new / -np.expm1(t * np.log(beta1))\n"
     "v_hat = v_new / -np.expm1(t * np.log(beta2))\n"
     "return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new", "test_adam_step"),
]
