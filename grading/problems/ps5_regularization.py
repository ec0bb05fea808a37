"""Problem set 5, regularization: inverted dropout forward and backward, the L2 penalty and its gradient,
early stopping's bookkeeping, and batch normalization in training mode, in evaluation mode and backward."""

import numpy as np

import nnkit as nk

from ..compare import ATOL, RTOL, compare_values, describe
from ..i18n import N_, _
from . import Case, Mismatch, NoDraws, Part, variant

DROPOUT = ("out", "mask")
STOPPING = ("best_epoch", "stop_epoch")
BATCHNORM = ("out", "x_hat", "inv_std", "gamma")
BACKWARD = ("dx", "dgamma", "dbeta")



def _named(names, fn):
    """``fn`` with its tuple of results given as a dict of ``names``, the form a part compares."""
    return lambda *args, **kwargs: dict(zip(names, fn(*args, **kwargs)))


def _tuple_of(names, what):
    """The ``adapt`` of a function that returns the tuple ``what`` of ``len(names)`` values."""
    def adapt(result):
        if not isinstance(result, tuple) or len(result) != len(names):
            raise Mismatch(_("your function should return a tuple {what}; got {got}").format(
                what=what, got=describe(result)))
        return dict(zip(names, result))
    return adapt


def dropout_reference(x, p, training=True, rng=None):
    out, cache = nk.ops.dropout.dropout_forward(x, p, training, rng)
    return {"out": out, "mask": np.ones_like(out) if cache.mask is None else cache.mask}


def dropout_rule(keep, scale, evaluate=lambda x, p: x):
    """A wrong dropout: units kept where ``keep(rng, shape, p)``, scaled by ``scale(p)``; ``evaluate`` at test time."""
    def wrong(x, p, training=True, rng=None):
        if not training:
            return {"out": evaluate(x, p), "mask": np.ones_like(x)}
        mask = keep(rng, x.shape, p) * scale(p)
        return {"out": x * mask, "mask": mask}
    return wrong


def dropout_boolean_mask(x, p, training=True, rng=None):
    if not training:
        return {"out": x, "mask": np.ones_like(x)}
    keep = rng.random(x.shape) >= p
    return {"out": x * keep / (1 - p), "mask": keep}


def keep_spec(rng, shape, p):
    return rng.random(shape) >= p


def inverted(p):
    return 1 / (1 - p)


DRAW_ORDER = N_("draw exactly u = rng.random(x.shape) and keep u >= p, so that the same generator gives the "
                "reference's mask (u < 1 - p keeps as many units on average, but not the same ones).")
TEST_TIME = N_("with inverted dropout nothing is scaled at test time: training=False returns x itself.")


def dropout_cases(rng):
    return [Case(_("x of shape (4, 5), standard normal, p = 0.3, training, rng = np.random.default_rng(11) (edge: a "
                   "typical p; catches no 1 / (1 - p), a boolean mask, keeping u < p and another way of drawing)"),
                 rng.standard_normal((4, 5)), 0.3, True, np.random.default_rng(11)),
            Case(_("x of shape (3, 5, 7), standard normal, p = 0.2, training, rng = np.random.default_rng(12) (edge: a "
                   "3-D x; catches a mask drawn in another shape or order)"),
                 rng.standard_normal((3, 5, 7)), 0.2, True, np.random.default_rng(12)),
            Case(_("x = -2 ... 2 of shape (10,), p = 0.9, training, rng = np.random.default_rng(13) (edge: most units "
                   "dropped, the 3 kept ones scaled by 10; catches scaling by 1 / p or not at all)"),
                 np.linspace(-2, 2, 10), 0.9, True, np.random.default_rng(13)),
            Case(_("x = [[0, 1, 2], [3, 4, 5]], p = 0, training, rng = np.random.default_rng(14) (edge: nothing "
                   "dropped, the mask is all ones; catches a boolean mask, keeping u < p and dividing by p)"),
                 np.arange(6.0).reshape(2, 3), 0.0, True, np.random.default_rng(14)),
            NoDraws(_("x of shape (5, 4), standard normal, p = 0.5, evaluation (edge: training=False returns x and a "
                      "mask of ones and draws no random numbers; catches scaling at test time and a mask drawn "
                      "anyway)"),
                    rng.standard_normal((5, 4)), 0.5, False, np.random.default_rng(15)),
            NoDraws(_("x = [1, -2, 3], p = 0.3, evaluation (edge: training=False on a 1-D x, no random numbers drawn; "
                      "catches scaling at test time)"), np.array([1.0, -2.0, 3.0]), 0.3, False,
                    np.random.default_rng(16))]


def dropout_backward_reference(dout, mask):
    return nk.ops.dropout.dropout_backward(dout, nk.ops.dropout.DropoutCache(mask))


def dropout_mask(rng, shape, p):
    """The scaled mask of a correct dropout_forward in training mode, with at least one unit dropped and one kept.

    About half of the masks of p = 0.9 on 6 units drop every unit, and ``dout * (mask > 0)`` is then right by
    chance: such a mask keeps its last unit instead (and a mask that keeps every unit drops its first).
    """
    mask = nk.ops.dropout.dropout_forward(np.ones(shape), p, True, rng)[1].mask
    if not mask.any():
        mask.flat[-1] = 1 / (1 - p)
    if mask.all():
        mask.flat[0] = 0.0
    return mask


def dropout_backward_cases(rng):
    return [Case(_("dout of shape (4, 5), standard normal, mask of p = 0.5 (edge: about half the units kept, scaled by "
                   "2; catches dout passed through and dout * (mask > 0))"),
                 rng.standard_normal((4, 5)), dropout_mask(rng, (4, 5), 0.5)),
            Case(_("dout of shape (3, 5, 7), standard normal, mask of p = 0.2 (edge: a 3-D dout, kept units scaled by "
                   "1.25; catches dout passed through and dout * (mask > 0))"),
                 rng.standard_normal((3, 5, 7)), dropout_mask(rng, (3, 5, 7), 0.2)),
            Case(_("dout of shape (6,), standard normal, mask of p = 0.9 with at least one unit kept (edge: most units "
                   "dropped, the kept ones scaled by 10; catches dout passed through and dout * (mask > 0))"),
                 rng.standard_normal(6), dropout_mask(rng, (6,), 0.9)),
            Case(_("dout of shape (2, 3), standard normal, mask of ones (edge: evaluation mode, the gradient passes "
                   "unchanged; catches a gradient zeroed or rescaled anyway)"),
                 rng.standard_normal((2, 3)), np.ones((2, 3)))]


def l2_reference(params, lam):
    return 0.5 * lam * sum(float(np.vdot(W, W)) for name, W in params.items() if name.endswith("W"))


def random_params(rng, shapes):
    return {name: rng.standard_normal(shape) for name, shape in shapes.items()}


def l2_cases(rng):
    return [Case(_("params {'0.W': (3, 4), '0.b': (4,), '2.W': (4, 2), '2.b': (2,)}, standard normal, lam = 0.01 "
                   "(edge: two layers of weights and biases; catches the biases penalised, and a missing or doubled "
                   "1/2)"), random_params(rng, {"0.W": (3, 4), "0.b": (4,), "2.W": (4, 2), "2.b": (2,)}), 0.01),
            Case(_("params {'W': (5, 3), 'b': (3,)}, standard normal, lam = 0.3 (edge: names without a layer prefix; "
                   "catches a test for '.W' that misses 'W')"),
                 random_params(rng, {"W": (5, 3), "b": (3,)}), 0.3),
            Case(_("params {'0.W': (2, 6), '1.gamma': (6,), '1.beta': (6,), '3.W': (6, 1), '3.b': (1,)}, "
                   "standard normal, lam = 1e-3 (edge: batch norm's gamma and beta, which are not penalised either; "
                   "catches leaving out only the names that end with 'b')"),
                 random_params(rng, {"0.W": (2, 6), "1.gamma": (6,), "1.beta": (6,), "3.W": (6, 1), "3.b": (1,)}),
                 1e-3),
            Case(_("params {'0.W': (4, 4), '0.b': (4,)}, standard normal, lam = 0 (edge: lam = 0, no penalty; catches "
                   "a penalty that does not scale with lam)"),
                 random_params(rng, {"0.W": (4, 4), "0.b": (4,)}), 0.0)]


def l2_grad_reference(params, lam):
    return {name: lam * W if name.endswith("W") else np.zeros_like(W) for name, W in params.items()}


def compare_grads(got, expected):
    """Every key of params in the result, each entry as the reference's (other keys are not looked at)."""
    if not isinstance(got, dict):
        return _("your function should return a dict with the keys of params; got {got}").format(got=describe(got))
    for key in expected:
        if key not in got:
            return _("your function should return a dict with every key of params, {keys}; '{key}' is missing (a "
                     "parameter that is not penalised gets an array of zeros)").format(keys=sorted(expected), key=key)
        problem = compare_values(got[key], expected[key], rtol=RTOL, atol=ATOL,
                                 label=_("the result[{key!r}]").format(key=key))
        if problem:
            return problem
    return None


def l2_grad_cases(rng):
    """The penalty's inputs, without the one where lam = 0."""
    return l2_cases(rng)[:3]


class CurveLoss:
    """A stand-in loss for nk.train.fit: the validation loss after epoch e is val_losses[e - 1], training's is 0."""

    def __init__(self, val_losses):
        self.values = iter([float(v) for v in val_losses])

    def forward(self, pred, y):
        return next(self.values) if len(y) == 2 else 0.0

    def backward(self):
        return np.zeros((1, 1))


class StillModel:
    """A stand-in model for nk.train.fit: no parameters, nothing to learn."""

    params, grads = {}, {}

    def forward(self, x, training=False):
        return np.zeros((len(x), 1))

    def backward(self, dout):
        return dout


class NoOptimizer:
    def step(self, params, grads):
        pass


def fit_epochs(val_losses, patience):
    """(best_epoch, stop_epoch) of nk.train.fit itself, on a stand-in model with the validation curve val_losses."""
    h = nk.train.fit(StillModel(), CurveLoss(val_losses), NoOptimizer(), np.zeros((1, 1)), np.zeros(1),
                     epochs=len(val_losses), batch_size=1, X_val=np.zeros((2, 1)), y_val=np.zeros(2), progress=False,
                     early_stopping=patience, restore_best=False)
    return h.best_epoch, h.epochs


def replay_wrong(val_losses, patience, tie_improves=False, late=0, cap=True):
    best, best_epoch, waited = np.inf, None, 0
    for epoch, loss in enumerate(val_losses, start=1):
        improves = loss <= best if tie_improves else loss < best
        if improves:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience + late:
                return best_epoch, epoch
    return best_epoch, (len(val_losses) if cap else best_epoch + patience)


def best_of_whole_curve(val_losses, patience):
    """The argmin of the whole curve as best_epoch, and patience epochs after it as stop_epoch."""
    best = int(np.argmin(val_losses)) + 1
    return best, min(best + patience, len(val_losses))


UNSEEN = N_("the best epoch is the best one seen before training stops; the losses after stop_epoch are never "
            "seen.")


def noisy_curve(rng, n):
    """A U-shaped validation curve with noise, rounded so that ties occur."""
    t = np.arange(n)
    return np.round(0.3 + 0.5 * np.exp(-t / 8) + 0.004 * t + 0.03 * rng.standard_normal(n), 2)


def stopping_cases(rng):
    short = [float(v) for v in noisy_curve(rng, 20)]
    return [Case(_("val_losses = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0], patience 3 (edge: rising from the first epoch, "
                   "which stays best; catches epochs counted from 0 and stopping one epoch late)"),
                 [0.5, 0.6, 0.7, 0.8, 0.9, 1.0], 3),
            Case(_("val_losses = [0.9, 0.5, 0.7, 0.5, 0.6, 0.5, 0.8], patience 4 (edge: ties with the best loss; "
                   "catches a tie counted as an improvement)"), [0.9, 0.5, 0.7, 0.5, 0.6, 0.5, 0.8], 4),
            Case(_("val_losses = [0.9, 0.4, 0.4, 0.4, 0.4, 0.3], patience 3 (edge: a plateau, then a better loss "
                   "that comes after the stop; catches the best epoch of the whole curve and a tie counted as an "
                   "improvement)"), [0.9, 0.4, 0.4, 0.4, 0.4, 0.3], 3),
            Case(_("val_losses = [0.7], patience 2 (edge: a single epoch; catches stop_epoch = best_epoch + patience "
                   "past the end)"), [0.7], 2),
            Case(_("val_losses = [1.0, 0.9, 0.95, 0.97], patience 5 (edge: patience never runs out; catches "
                   "stop_epoch past the last epoch)"), [1.0, 0.9, 0.95, 0.97], 5),
            Case(_("val_losses = [1.0, 0.9, 0.95, 0.97], patience 2 (edge: patience runs out exactly at the last "
                   "epoch; catches epochs counted from 0)"), [1.0, 0.9, 0.95, 0.97], 2),
            Case(_("val_losses = {short}, patience 3 (edge: a noisy curve with ties; catches the best epoch of the "
                   "whole curve, ties and a late stop)").format(short=short), short, 3),
            Case(_("a noisy U-shaped curve of 120 epochs as a NumPy array, patience 10 (edge: an array, not a list; "
                   "catches list-only code such as val_losses.index)"), noisy_curve(rng, 120), 10),
            Case(_("a noisy U-shaped curve of 60 epochs, patience 1 (edge: patience 1, a stop at the first epoch "
                   "without improvement; catches stopping one epoch late)"), list(noisy_curve(rng, 60)), 1)]


def batchnorm_forward_by_nnkit(x, gamma, beta, eps=1e-5):
    """A correct batchnorm_forward (nnkit's, returning Part 6's cache): it makes Part 8's caches and stands in
    for the student's while Part 8 is graded."""
    out, c, _mean, _var = nk.ops.norm.batchnorm_forward(x, gamma, beta, eps)
    return out, (c.x_hat, c.inv_std, c.gamma)


def batchnorm_reference(x, gamma, beta, eps=1e-5):
    out, (x_hat, inv_std, gamma) = batchnorm_forward_by_nnkit(x, gamma, beta, eps)
    return {"out": out, "x_hat": x_hat, "inv_std": inv_std, "gamma": gamma}


def batchnorm_result(result):
    """(out, (x_hat, inv_std, gamma)) as a dict of the four, after checking its structure."""
    if not isinstance(result, tuple) or len(result) != 2:
        raise Mismatch(_("your function should return a tuple (out, cache); got {got}").format(got=describe(result)))
    if not isinstance(result[1], tuple) or len(result[1]) != 3:
        raise Mismatch(_("the cache should be the tuple (x_hat, inv_std, gamma); got {got}").format(
            got=describe(result[1])))
    return dict(zip(BATCHNORM, (result[0], *result[1])))


def batchnorm_wrong(x, gamma, beta, eps=1e-5, ddof=0, axis=0, eps_inside=True, use_eps=True, affine=True,
                    std_in_cache=False):
    e = eps if use_eps else 1e-5
    mean, var = x.mean(axis=axis, keepdims=True), x.var(axis=axis, ddof=ddof, keepdims=True)
    inv_std = 1 / np.sqrt(var + e) if eps_inside else 1 / (np.sqrt(var) + e)
    x_hat = (x - mean) * inv_std
    out = gamma * x_hat + beta if affine else x_hat
    inv_std = inv_std.reshape(-1) if axis == 0 else inv_std
    return {"out": out, "x_hat": x_hat, "inv_std": 1 / inv_std if std_in_cache else inv_std, "gamma": gamma}


def batchnorm_cases(rng):
    constant = rng.standard_normal((6, 3))
    constant[:, 1] = 3.0
    return [Case(_("x (8, 4), gamma (4,), beta (4,), standard normal (edge: a typical batch; catches the unbiased "
                   "variance, normalizing rows, no gamma and beta, and the standard deviation in the cache)"),
                 rng.standard_normal((8, 4)), rng.standard_normal(4), rng.standard_normal(4)),
            Case(_("x (2, 3), gamma (3,), beta (3,), standard normal (edge: N = 2, the smallest batch, where dividing "
                   "by N - 1 doubles the variance; catches the unbiased variance and eps outside the root)"),
                 rng.standard_normal((2, 3)), rng.standard_normal(3), rng.standard_normal(3)),
            Case(_("x (5, 1), gamma (1,), beta (1,), standard normal (edge: one feature, where normalizing each row "
                   "gives 0; catches normalizing rows)"),
                 rng.standard_normal((5, 1)), rng.standard_normal(1), rng.standard_normal(1)),
            Case(_("x (6, 3), gamma (3,), beta (3,), standard normal, whose column 1 is constant (edge: variance 0, "
                   "where only eps keeps x_hat finite; catches eps outside the root)"),
                 constant, rng.standard_normal(3), rng.standard_normal(3)),
            Case(_("x (16, 5) = 200 + 50 * standard normal, gamma, beta standard normal, eps = 1e-3 (edge: a large "
                   "mean and variance, beside which eps is negligible; catches the unbiased variance and normalizing "
                   "rows)"),
                 200 + 50 * rng.standard_normal((16, 5)), rng.standard_normal(5), rng.standard_normal(5), eps=1e-3),
            Case(_("x (6, 4) = 0.02 * standard normal, gamma, beta standard normal, eps = 1e-3 (edge: a variance "
                   "near 4e-4, comparable to eps; catches a fixed eps = 1e-5 and eps outside the root)"),
                 0.02 * rng.standard_normal((6, 4)), rng.standard_normal(4), rng.standard_normal(4), eps=1e-3)]


def batchnorm_eval_reference(x, gamma, beta, running_mean, running_var, eps=1e-5):
    return nk.ops.norm.batchnorm_eval_forward(x, gamma, beta, running_mean, running_var, eps)[0]


def batchnorm_eval_with_batch_stats(x, gamma, beta, running_mean, running_var, eps=1e-5):
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta


def batchnorm_eval_cases(rng):
    def normal(*shape):
        return rng.standard_normal(shape)
    cases = [Case(_("x (5, 4), gamma, beta, running_mean standard normal, running_var uniform in [0.2, 3] (edge: "
                    "running statistics unlike the batch's own; catches the batch's mean and variance, dividing by "
                    "the variance, and no gamma and beta)"),
                  normal(5, 4), normal(4), normal(4), normal(4), rng.uniform(0.2, 3.0, 4)),
             Case(_("a single row x (1, 3), gamma, beta, running_mean standard normal, running_var uniform in "
                    "[0.2, 3] (edge: one row, whose own variance is 0; catches the batch's statistics and no eps)"),
                  normal(1, 3), normal(3), normal(3), normal(3), rng.uniform(0.2, 3.0, 3)),
             Case(_("x (7, 2) = 100 + 10 * standard normal, running_mean 100 + standard normal, running_var uniform "
                    "in [50, 150], eps = 1e-3 (edge: a large mean and variance; catches eps outside the root)"),
                  100 + 10 * normal(7, 2), normal(2), normal(2), 100 + normal(2), rng.uniform(50, 150, 2), eps=1e-3),
             Case(_("x (4, 3), standard normal, with running_var = [0, 1, 2] (edge: a variance of 0, where only eps "
                    "keeps the result finite; catches no eps and eps outside the root)"),
                  normal(4, 3), normal(3), normal(3), normal(3), np.array([0.0, 1.0, 2.0]))]
    # drawn last, so that the other inputs stay as they were, and checked third: the first case that an eps
    # mistake fails then tells a fixed eps, no eps and eps outside the root apart, and so gives the right hint
    cases.insert(2, Case(_("x (6, 3) = 0.05 * standard normal, running_mean 0.05 * standard normal, running_var "
                           "uniform in [1e-4, 1e-3], eps = 1e-3 (edge: a running variance comparable to eps; catches a "
                           "fixed eps = 1e-5, no eps and eps outside the root)"), 0.05 * normal(6, 3), normal(3),
                         normal(3), 0.05 * normal(3), rng.uniform(1e-4, 1e-3, 3), eps=1e-3))
    return cases


def batchnorm_backward_by_nnkit(dout, cache):
    x_hat, inv_std, gamma = cache
    return nk.ops.norm.batchnorm_backward(
        dout, nk.ops.norm.BatchNormCache(x_hat, inv_std, gamma, True, dout.shape))


def batchnorm_backward_reference(dout, cache):
    return dict(zip(BACKWARD, batchnorm_backward_by_nnkit(dout, cache)))


def batchnorm_backward_wrong(dout, cache, mean_term=True, var_term=True, reduce=np.sum, axis=0, scale=1.0):
    x_hat, inv_std, gamma = cache
    dx_hat = dout * gamma
    dx = dx_hat
    if mean_term:
        dx = dx - dx_hat.mean(axis=axis, keepdims=True)
    if var_term:
        dx = dx - x_hat * (dx_hat * x_hat).mean(axis=axis, keepdims=True)
    return {"dx": scale * inv_std * dx, "dgamma": reduce(dout * x_hat, axis=0), "dbeta": reduce(dout, axis=0)}


def batchnorm_backward_without_gamma(dout, cache):
    dx, dgamma, dbeta = batchnorm_backward_by_nnkit(dout, cache)
    return {"dx": dx / cache[2], "dgamma": dgamma, "dbeta": dbeta}


def batchnorm_backward_cases(rng):
    edges = {(8, 4): N_("a typical batch; catches the mean or variance term left out, gamma left out, dgamma and "
                        "dbeta averaged, the means over axis 1, and dx divided by N"),
             (2, 3): N_("N = 2, the smallest batch, where x_hat is about +1 or -1; catches the same slips"),
             (5, 1): N_("one feature; catches the means in dx taken over each row"),
             (16, 6): N_("a larger batch, where an extra 1/N is far off; catches dx divided by N once more")}
    cases = []
    for shape, edge in edges.items():
        x = 3 * rng.standard_normal(shape) + rng.standard_normal(shape[1])
        cache = batchnorm_forward_by_nnkit(x, 2 * rng.standard_normal(shape[1]), rng.standard_normal(shape[1]))[1]
        cases.append(Case(_("dout {shape}, standard normal, and the cache of batchnorm_forward on x {shape}, x = 3 "
                            "* standard normal plus a standard normal offset per column, gamma 2 * standard normal "
                            "(edge: {edge})").format(shape=shape, edge=_(edge)), rng.standard_normal(shape), cache))
    return cases


PARTS = [
    Part("test_dropout_forward", N_("Part 1: dropout_forward"), "dropout_forward", 3, dropout_reference, dropout_cases,
         forbidden=(nk.ops.dropout.dropout_forward,), adapt=_tuple_of(DROPOUT, "(out, mask)"),
         hints=((dropout_rule(keep_spec, lambda p: 1.0),
                 N_("scale the kept units by 1 / (1 - p), in out and in mask: inverted dropout keeps the expected "
                    "value E[out] = x.")),
                (dropout_boolean_mask, N_("mask is the scaled float mask, 0 or 1 / (1 - p), not the boolean keep "
                                          "array: dropout_backward multiplies by it.")),
                (dropout_rule(lambda rng, s, p: rng.random(s) < p, inverted),
                 N_("p is the probability of dropping a unit: keep the units where u >= p (kept with probability "
                    "1 - p).")),
                (dropout_rule(lambda rng, s, p: rng.random(s) < p, lambda p: 1 / p),
                 N_("p is the probability of dropping a unit: keep the units where u >= p and scale them by "
                    "1 / (1 - p).")),
                (dropout_rule(lambda rng, s, p: rng.random(s) < 1 - p, inverted), DRAW_ORDER),
                (dropout_rule(lambda rng, s, p: rng.binomial(1, 1 - p, size=s), inverted), DRAW_ORDER),
                (dropout_rule(keep_spec, inverted, lambda x, p: x * (1 - p)), TEST_TIME),
                (dropout_rule(keep_spec, inverted, lambda x, p: x / (1 - p)), TEST_TIME),
                (lambda x, p, training=True, rng=None: dropout_reference(x, p, True, rng),
                 N_("training=False is the identity: no random mask at test time.")))),
    Part("test_dropout_backward", N_("Part 2: dropout_backward"), "dropout_backward", 1, dropout_backward_reference,
         dropout_backward_cases, forbidden=(nk.ops.dropout.dropout_backward,),
         hints=((lambda dout, mask: dout.copy(), N_("multiply dout by the mask: dropped units pass no gradient.")),
                (lambda dout, mask: dout * (mask > 0),
                 N_("the mask already holds the scale 1 / (1 - p): multiply dout by the mask as it is.")))),
    Part("test_l2_penalty", N_("Part 3: l2_penalty"), "l2_penalty", 2, l2_reference, l2_cases,
         in_place_advice=N_("Leave the params dict and its arrays as they are: compute new values instead."),
         hints=((lambda params, lam: 0.5 * lam * sum(float(np.sum(v ** 2)) for v in params.values()),
                 N_("penalise the weights only (names ending with 'W'), not the biases or batch norm's gamma and "
                    "beta.")),
                (lambda params, lam: 2 * l2_reference(params, lam),
                 N_("the penalty is (lam / 2) * sum of W**2: do not forget the factor 1/2.")),
                (lambda params, lam: 0.5 * lam * sum(float(np.linalg.norm(W)) for n, W in params.items()
                                                     if n.endswith("W")),
                 N_("square the norms: ||W||^2 is the sum of the squared entries, not the norm itself.")),
                (lambda params, lam: 0.5 * lam * sum(float(np.mean(W ** 2)) for n, W in params.items()
                                                     if n.endswith("W")),
                 N_("sum the squared entries (np.sum), do not average them.")))),
    Part("test_l2_penalty_grad", N_("Part 4: l2_penalty_grad"), "l2_penalty_grad", 2, l2_grad_reference, l2_grad_cases,
         compare=compare_grads,
         in_place_advice=N_("Leave the params dict and its arrays as they are: build a new dict instead."),
         hints=((lambda params, lam: {n: lam * W for n, W in params.items()},
                 N_("only the weights (names ending with 'W') are penalised: every other entry is zeros.")),
                (lambda params, lam: {n: 2 * lam * W if n.endswith("W") else np.zeros_like(W)
                                      for n, W in params.items()},
                 N_("the gradient of (lam / 2) * ||W||^2 is lam * W, not 2 * lam * W: the 1/2 cancels the 2.")),
                (lambda params, lam: {n: W.copy() if n.endswith("W") else np.zeros_like(W) for n, W in params.items()},
                 N_("multiply the weights by lam.")),
                (lambda params, lam: {n: lam * np.sign(W) if n.endswith("W") else np.zeros_like(W)
                                      for n, W in params.items()},
                 N_("lam * sign(W) is the gradient of the L1 penalty; the L2 penalty's is lam * W.")))),
    Part("test_early_stopping_epoch", N_("Part 5: early_stopping_epoch"), "early_stopping_epoch", 3,
         _named(STOPPING, fit_epochs), stopping_cases, forbidden=(nk.train.fit,),
         adapt=_tuple_of(STOPPING, "(best_epoch, stop_epoch)"),
         hints=((_named(STOPPING, lambda v, patience: (int(np.argmin(v)) + 1, fit_epochs(v, patience)[1])), UNSEEN),
                (_named(STOPPING, best_of_whole_curve), UNSEEN),
                (_named(STOPPING, variant(replay_wrong, tie_improves=True)),
                 N_("an equal loss is not an improvement (min_delta = 0 means strictly lower): on a tie the earlier "
                    "epoch stays best.")),
                (_named(STOPPING, lambda v, patience: tuple(e - 1 for e in fit_epochs(v, patience))),
                 N_("count epochs from 1, as fit does: the first loss is epoch 1.")),
                (_named(STOPPING, variant(replay_wrong, late=1)),
                 N_("stop at the epoch where the count of epochs without improvement reaches patience "
                    "(count >= patience), not one later.")),
                (_named(STOPPING, variant(replay_wrong, cap=False)),
                 N_("if patience never runs out, training ends with the last epoch: stop_epoch = len(val_losses).")))),
    Part("test_batchnorm_forward", N_("Part 6: batchnorm_forward"), "batchnorm_forward", 3, batchnorm_reference,
         batchnorm_cases, adapt=batchnorm_result,
         forbidden=(nk.ops.norm.batchnorm_forward, nk.ops.norm.batchnorm_eval_forward),
         hints=((variant(batchnorm_wrong, ddof=1),
                 N_("use the biased variance, divided by N (np.var's default ddof=0), not by N - 1.")),
                (variant(batchnorm_wrong, axis=1),
                 N_("normalize each feature (each column, axis=0) over the batch, not each example (row).")),
                (variant(batchnorm_wrong, eps_inside=False),
                 N_("add eps to the variance inside the square root: 1 / sqrt(var + eps).")),
                (variant(batchnorm_wrong, use_eps=False), N_("use the eps argument, not a fixed 1e-5.")),
                (variant(batchnorm_wrong, affine=False),
                 N_("scale and shift the normalized values: out = gamma * x_hat + beta.")),
                (variant(batchnorm_wrong, std_in_cache=True),
                 N_("the cache holds inv_std = 1 / sqrt(var + eps), the inverse of the standard deviation.")))),
    Part("test_batchnorm_eval", N_("Part 7: batchnorm_eval"), "batchnorm_eval", 2, batchnorm_eval_reference,
         batchnorm_eval_cases,
         forbidden=(nk.ops.norm.batchnorm_eval_forward, nk.ops.norm.batchnorm_forward),
         hints=((batchnorm_eval_with_batch_stats,
                 N_("evaluation mode uses running_mean and running_var, not the batch's own mean and variance.")),
                (lambda x, g, b, m, v, eps=1e-5: g * (x - m) / (v + eps) + b,
                 N_("divide by the square root of the variance: sqrt(running_var + eps).")),
                (lambda x, g, b, m, v, eps=1e-5: g * (x - m) / (np.sqrt(v) + eps) + b,
                 N_("add eps inside the square root: sqrt(running_var + eps).")),
                (lambda x, g, b, m, v, eps=1e-5: g * (x - m) / np.sqrt(v + 1e-5) + b,
                 N_("use the eps argument, not a fixed 1e-5.")),
                (lambda x, g, b, m, v, eps=1e-5: g * (x - m) / np.sqrt(v) + b,
                 N_("add eps to the variance: sqrt(running_var + eps).")),
                (lambda x, g, b, m, v, eps=1e-5: (x - m) / np.sqrt(v + eps),
                 N_("scale and shift: out = gamma * x_hat + beta.")))),
    Part("test_batchnorm_backward", N_("Part 8: batchnorm_backward"), "batchnorm_backward", 4,
         batchnorm_backward_reference, batchnorm_backward_cases, forbidden=(nk.ops.norm.batchnorm_backward,),
         substitutes={"batchnorm_forward": batchnorm_forward_by_nnkit},
         adapt=_tuple_of(BACKWARD, "(dx, dgamma, dbeta)"),
         hints=((variant(batchnorm_backward_wrong, mean_term=False, var_term=False),
                 N_("mu and sigma^2 depend on every x_i: dx needs the terms of the paths through the mean and the "
                    "variance, not only dx_hat / sqrt(var + eps).")),
                (variant(batchnorm_backward_wrong, var_term=False),
                 N_("dx is missing the term of the path through the variance: "
                    "- x_hat_i * mean_j(dx_hat_j * x_hat_j).")),
                (variant(batchnorm_backward_wrong, mean_term=False),
                 N_("dx is missing the term of the path through the mean: - mean_j(dx_hat_j).")),
                (batchnorm_backward_without_gamma,
                 N_("dx_hat = gamma * dout: multiply by gamma before the normalization's backward pass.")),
                (variant(batchnorm_backward_wrong, reduce=np.mean),
                 N_("dgamma and dbeta sum over the batch (axis 0), they do not average.")),
                (variant(batchnorm_backward_wrong, axis=1),
                 N_("the mean and the variance are taken over the batch, per feature: the means in dx run over axis 0 "
                    "(the rows), not over each row's features.")),
                (lambda dout, cache: {**batchnorm_backward_reference(dout, cache),
                                      "dx": batchnorm_backward_reference(dout, cache)["dx"] / len(dout)},
                 N_("dx is not divided by N once more: the 1/N of the mean and the variance is already in "
                    "dx = inv_std * (dx_hat - mean(dx_hat) - x_hat * mean(dx_hat * x_hat)).")))),
]


MISTAKES = [
    ("dropout without the 1/(1-p) scaling", "dropout_forward",
     "if not training:\n    return x, np.ones_like(x)\nmask = (rng.random(x.shape) >= p).astype(float)\n"
     "return x * mask, mask",
     "test_dropout_forward"),
    ("dropout drops with probability 1 - p", "dropout_forward",
     "if not training:\n    return x, np.ones_like(x)\nmask = (rng.random(x.shape) < p) / (1 - p)\n"
     "return x * mask, mask",
     "test_dropout_forward"),
    ("dropout draws its mask at test time too", "dropout_forward",
     "keep = rng.random(x.shape) >= p\nif not training:\n    return x, np.ones_like(x)\nmask = keep / (1 - p)\n"
     "return x * mask, mask", "test_dropout_forward"),
    ("dropout scales at test time", "dropout_forward",
     "if not training:\n    return x * (1 - p), np.ones_like(x)\nmask = (rng.random(x.shape) >= p) / (1 - p)\n"
     "return x * mask, mask",
     "test_dropout_forward"),
    ("dropout draws its mask another way", "dropout_forward",
     "if not training:\n    return x, np.ones_like(x)\nmask = rng.binomial(1, 1 - p, size=x.shape) / (1 - p)\n"
     "return x * mask, mask",
     "test_dropout_forward"),
    ("calls nnkit's dropout layer", "dropout_forward",
     "layer = nk.layers.Dropout(p, rng=rng)\nout = layer.forward(x, training=training)\n"
     "return out, (layer._cache.mask if training and p > 0 else np.ones_like(x))",
     "test_dropout_forward"),
    ("dropout backward ignores the scale", "dropout_backward", "return dout * (mask > 0)", "test_dropout_backward"),
    ("dropout backward multiplies dout in place", "dropout_backward", "dout *= mask\nreturn dout",
     "test_dropout_backward"),
    ("L2 penalty includes the biases", "l2_penalty",
     "return float(lam / 2 * sum(np.sum(W ** 2) for W in params.values()))", "test_l2_penalty"),
    ("L2 penalty without the 1/2", "l2_penalty",
     "return float(lam * sum(np.sum(W ** 2) for name, W in params.items() if name.endswith('W')))", "test_l2_penalty"),
    ("L2 gradient 2 lam W", "l2_penalty_grad",
     "return {name: 2 * lam * W if name.endswith('W') else np.zeros_like(W) for name, W in params.items()}",
     "test_l2_penalty_grad"),
    ("L2 gradient leaves out the biases' entries", "l2_penalty_grad",
     "return {name: lam * W for name, W in params.items() if name.endswith('W')}", "test_l2_penalty_grad"),
    ("L2 gradient scales the weights in place", "l2_penalty_grad",
     "for name, W in params.items():\n    W *= lam if name.endswith('W') else 0.0\nreturn params",
     "test_l2_penalty_grad"),
    ("early stopping counts a tie as an improvement", "early_stopping_epoch",
     "best, best_epoch, waited = np.inf, None, 0\nfor epoch, loss in enumerate(val_losses, start=1):\n"
     "    if loss <= best:\n        best, best_epoch, waited = loss, epoch, 0\n    else:\n        waited += 1\n"
     "        if waited >= patience:\n            return best_epoch, epoch\nreturn best_epoch, len(val_losses)",
     "test_early_stopping_epoch"),
    ("early stopping returns the argmin of the whole curve", "early_stopping_epoch",
     "best = int(np.argmin(val_losses)) + 1\nreturn best, min(best + patience, len(val_losses))",
     "test_early_stopping_epoch"),
    ("batch norm with the unbiased variance", "batchnorm_forward",
     "mean = x.mean(axis=0)\nvar = x.var(axis=0, ddof=1)\ninv_std = 1.0 / np.sqrt(var + eps)\n"
     "x_hat = (x - mean) * inv_std\nreturn gamma * x_hat + beta, (x_hat, inv_std, gamma)",
     "test_batchnorm_forward"),
    ("batch norm caches the standard deviation", "batchnorm_forward",
     "mean = x.mean(axis=0)\nstd = np.sqrt(x.var(axis=0) + eps)\n"
     "x_hat = (x - mean) / std\nreturn gamma * x_hat + beta, (x_hat, std, gamma)",
     "test_batchnorm_forward"),
    ("batch norm ignores its eps argument (always 1e-5)", "batchnorm_forward",
     "mean = x.mean(axis=0)\nvar = x.var(axis=0)\ninv_std = 1.0 / np.sqrt(var + 1e-5)\n"
     "x_hat = (x - mean) * inv_std\nreturn gamma * x_hat + beta, (x_hat, inv_std, gamma)",
     "test_batchnorm_forward"),
    ("batch norm centres its input in place", "batchnorm_forward",
     "x -= x.mean(axis=0)\ninv_std = 1.0 / np.sqrt((x ** 2).mean(axis=0) + eps)\n"
     "x_hat = x * inv_std\nreturn gamma * x_hat + beta, (x_hat, inv_std, gamma)",
     "test_batchnorm_forward"),
    ("evaluation mode with the batch statistics", "batchnorm_eval",
     "return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta", "test_batchnorm_eval"),
    ("evaluation ignores its eps argument (always 1e-5)", "batchnorm_eval",
     "return gamma * (x - running_mean) / np.sqrt(running_var + 1e-5) + beta", "test_batchnorm_eval"),
    ("calls nnkit's batchnorm_eval_forward", "batchnorm_eval",
     "return nk.ops.norm.batchnorm_eval_forward(x, gamma, beta, running_mean, running_var, eps)[0]",
     "test_batchnorm_eval"),
    ("batch norm backward without the mean and variance terms", "batchnorm_backward",
     "x_hat, inv_std, gamma = cache\nreturn dout * gamma * inv_std, (dout * x_hat).sum(axis=0), dout.sum(axis=0)",
     "test_batchnorm_backward"),
    ("batch norm backward without the variance term", "batchnorm_backward",
     "x_hat, inv_std, gamma = cache\ndx_hat = dout * gamma\n"
     "return inv_std * (dx_hat - dx_hat.mean(axis=0)), (dout * x_hat).sum(axis=0), dout.sum(axis=0)",
     "test_batchnorm_backward"),
    ("batch norm backward averages dgamma and dbeta", "batchnorm_backward",
     "x_hat, inv_std, gamma = cache\ndx_hat = dout * gamma\n"
     "dx = inv_std * (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0))\n"
     "return dx, (dout * x_hat).mean(axis=0), dout.mean(axis=0)",
     "test_batchnorm_backward"),
]

# Right answers written other ways than the solution: each must get full marks (tests/test_grading_checks.py).
RIGHT_ANSWERS = [
    ("dropout mask by np.where, ones of the shape at test time", "dropout_forward",
     "if not training:\n"
     "    return x, np.ones(x.shape)\n"
     "u = rng.random(x.shape)\n"
     "mask = np.where(u >= p, 1.0 / (1.0 - p), 0.0)\n"
     "return mask * x, mask", "test_dropout_forward"),
    ("dropout mask filled entry by entry in a loop over np.ndindex", "dropout_forward",
     "if not training:\n"
     "    return x.copy(), np.ones_like(x)\n"
     "u = rng.random(x.shape)\n"
     "mask = np.zeros(x.shape)\n"
     "for idx in np.ndindex(x.shape):\n"
     "    if u[idx] >= p:\n"
     "        mask[idx] = 1.0 / (1.0 - p)\n"
     "return x * mask, mask", "test_dropout_forward"),
    ("dropout with rng.uniform(0, 1), x * keep / (1 - p)", "dropout_forward",
     "if training:\n"
     "    keep = (rng.uniform(0.0, 1.0, size=x.shape) >= p).astype(float)\n"
     "    return x * keep / (1.0 - p), keep * (1.0 / (1.0 - p))\n"
     "return x, np.ones_like(x)", "test_dropout_forward"),
    ("dropout computed in float32", "dropout_forward",
     "if not training:\n"
     "    return x, np.ones_like(x)\n"
     "mask = (rng.random(x.shape) >= p).astype(np.float32) / np.float32(1 - p)\n"
     "return x.astype(np.float32) * mask, mask", "test_dropout_forward"),
    ("dropout backward with np.multiply, mask first", "dropout_backward",
     "return np.multiply(mask, dout)", "test_dropout_backward"),
    ("dropout backward by np.einsum", "dropout_backward",
     "return np.einsum('...,...->...', dout, mask)", "test_dropout_backward"),
    ("dropout backward entry by entry in a loop", "dropout_backward",
     "dx = np.empty(np.shape(dout))\n"
     "for idx in np.ndindex(dx.shape):\n"
     "    dx[idx] = dout[idx] * mask[idx]\n"
     "return dx", "test_dropout_backward"),
    ("dropout backward in float32", "dropout_backward",
     "return dout.astype(np.float32) * mask.astype(np.float32)", "test_dropout_backward"),
    ("L2 penalty: a loop with np.vdot and name[-1] == 'W'", "l2_penalty",
     "total = 0.0\n"
     "for name in params:\n"
     "    if name[-1] == 'W':\n"
     "        total += np.vdot(params[name], params[name])\n"
     "return float(0.5 * lam * total)", "test_l2_penalty"),
    ("L2 penalty: np.einsum of the flattened weights, divided by 2 last", "l2_penalty",
     "squares = [np.einsum('i,i->', W.ravel(), W.ravel()) for name, W in params.items() if name.endswith('W')]\n"
     "return float(lam * sum(squares) / 2)", "test_l2_penalty"),
    ("L2 penalty: the squared Frobenius norms", "l2_penalty",
     "weights = [v for k, v in params.items() if k.endswith('W')]\n"
     "return float(lam / 2 * sum(np.linalg.norm(W.ravel()) ** 2 for W in weights))", "test_l2_penalty"),
    ("L2 gradient: a loop, W * lam and np.zeros of the shape", "l2_penalty_grad",
     "grads = {}\n"
     "for name, value in params.items():\n"
     "    if name.endswith('W'):\n"
     "        grads[name] = value * lam\n"
     "    else:\n"
     "        grads[name] = np.zeros(value.shape)\n"
     "return grads", "test_l2_penalty_grad"),
    ("L2 gradient: lam * W times the 0/1 of the name", "l2_penalty_grad",
     "return {name: lam * W * float(name.endswith('W')) for name, W in params.items()}", "test_l2_penalty_grad"),
    ("L2 gradient: np.multiply and np.full_like", "l2_penalty_grad",
     "return {k: np.multiply(v, lam) if k[-1] == 'W' else np.full_like(v, 0.0) for k, v in params.items()}",
     "test_l2_penalty_grad"),
    ("L2 gradient in float32", "l2_penalty_grad",
     "return {k: (lam * v if k.endswith('W') else 0 * v).astype(np.float32) for k, v in params.items()}",
     "test_l2_penalty_grad"),
    ("early stopping with 0-based indices, comparing with the best loss's index", "early_stopping_epoch",
     "best_i, waited = 0, 0\n"
     "for i in range(1, len(val_losses)):\n"
     "    if val_losses[i] < val_losses[best_i]:\n"
     "        best_i, waited = i, 0\n"
     "    else:\n"
     "        waited += 1\n"
     "        if waited == patience:\n"
     "            return best_i + 1, i + 1\n"
     "return best_i + 1, len(val_losses)", "test_early_stopping_epoch"),
    ("early stopping counting epochs since the best one (epoch - best_epoch)", "early_stopping_epoch",
     "best, best_epoch = float('inf'), 0\n"
     "for epoch, loss in enumerate(val_losses, 1):\n"
     "    if loss < best:\n"
     "        best, best_epoch = loss, epoch\n"
     "    elif epoch - best_epoch >= patience:\n"
     "        return best_epoch, epoch\n"
     "return best_epoch, len(val_losses)", "test_early_stopping_epoch"),
    ("early stopping vectorized with the running minimum", "early_stopping_epoch",
     "v = np.asarray(val_losses, dtype=float)\n"
     "improved = v < np.concatenate(([np.inf], np.minimum.accumulate(v)[:-1]))\n"
     "last = np.maximum.accumulate(np.where(improved, np.arange(len(v)), -1))   # the last improvement so far\n"
     "stops = np.flatnonzero(np.arange(len(v)) - last >= patience)\n"
     "stop = int(stops[0]) + 1 if stops.size else len(v)\n"
     "return int(last[stop - 1]) + 1, stop", "test_early_stopping_epoch"),
    ("early stopping with list.index of the minimum of the losses seen so far", "early_stopping_epoch",
     "losses = [float(v) for v in val_losses]\n"
     "for e in range(1, len(losses) + 1):\n"
     "    best_epoch = losses.index(min(losses[:e])) + 1   # the first epoch with that loss\n"
     "    if e - best_epoch >= patience:\n"
     "        return best_epoch, e\n"
     "return losses.index(min(losses)) + 1, len(losses)", "test_early_stopping_epoch"),
    ("batch norm with sums over N and the standard deviation", "batchnorm_forward",
     "N = x.shape[0]\n"
     "mu = np.sum(x, axis=0) / N\n"
     "xc = x - mu\n"
     "std = np.sqrt(np.sum(xc * xc, axis=0) / N + eps)\n"
     "x_hat = xc / std\n"
     "return x_hat * gamma + beta, (x_hat, 1.0 / std, gamma)", "test_batchnorm_forward"),
    ("batch norm with a matrix product for the mean, np.einsum and ** -0.5", "batchnorm_forward",
     "N = len(x)\n"
     "centered = x - np.ones(N) @ x / N\n"
     "inv_std = (np.einsum('nd,nd->d', centered, centered) / N + eps) ** -0.5\n"
     "x_hat = centered * inv_std\n"
     "return gamma * x_hat + beta, (x_hat, inv_std, gamma)", "test_batchnorm_forward"),
    ("batch norm feature by feature in a loop", "batchnorm_forward",
     "N, D = x.shape\n"
     "out, x_hat, inv_std = np.empty((N, D)), np.empty((N, D)), np.empty(D)\n"
     "for d in range(D):\n"
     "    column = x[:, d]\n"
     "    m = column.mean()\n"
     "    inv_std[d] = 1.0 / np.sqrt(np.mean((column - m) ** 2) + eps)\n"
     "    x_hat[:, d] = (column - m) * inv_std[d]\n"
     "    out[:, d] = gamma[d] * x_hat[:, d] + beta[d]\n"
     "return out, (x_hat, inv_std, gamma)", "test_batchnorm_forward"),
    ("batch norm with keepdims and np.std, inv_std flattened", "batchnorm_forward",
     "mean = x.mean(axis=0, keepdims=True)\n"
     "inv_std = 1.0 / np.sqrt(x.std(axis=0, keepdims=True) ** 2 + eps)\n"
     "x_hat = (x - mean) * inv_std\n"
     "return gamma * x_hat + beta, (x_hat, inv_std.reshape(-1), gamma)", "test_batchnorm_forward"),
    ("batch norm computed in float32", "batchnorm_forward",
     "x32 = x.astype(np.float32)\n"
     "mean = x32.mean(axis=0)\n"
     "inv_std = np.float32(1) / np.sqrt(x32.var(axis=0) + np.float32(eps))\n"
     "x_hat = (x32 - mean) * inv_std\n"
     "return gamma.astype(np.float32) * x_hat + beta.astype(np.float32), (x_hat, inv_std, gamma)",
     "test_batchnorm_forward"),
    ("evaluation as one scale and one shift per feature", "batchnorm_eval",
     "scale = gamma / np.sqrt(running_var + eps)\n"
     "return x * scale + (beta - running_mean * scale)", "test_batchnorm_eval"),
    ("evaluation row by row in a loop", "batchnorm_eval",
     "out = np.empty(x.shape)\n"
     "for i in range(x.shape[0]):\n"
     "    out[i] = gamma * (x[i] - running_mean) / np.sqrt(running_var + eps) + beta\n"
     "return out", "test_batchnorm_eval"),
    ("evaluation with ** -0.5 and explicit broadcasting", "batchnorm_eval",
     "inv_std = (running_var + eps) ** -0.5\n"
     "x_hat = (x - running_mean[None, :]) * inv_std[None, :]\n"
     "return x_hat * gamma[None, :] + beta[None, :]", "test_batchnorm_eval"),
    ("evaluation computed in float32", "batchnorm_eval",
     "f = np.float32\n"
     "x_hat = (x.astype(f) - running_mean.astype(f)) / np.sqrt(running_var.astype(f) + f(eps))\n"
     "return gamma.astype(f) * x_hat + beta.astype(f)", "test_batchnorm_eval"),
    ("batch norm backward from dgamma and dbeta: gamma inv_std / N (N dy - dbeta - x_hat dgamma)",
     "batchnorm_backward",
     "x_hat, inv_std, gamma = cache\n"
     "N = dout.shape[0]\n"
     "dbeta = np.sum(dout, axis=0)\n"
     "dgamma = np.sum(dout * x_hat, axis=0)\n"
     "dx = gamma * inv_std / N * (N * dout - dbeta - x_hat * dgamma)\n"
     "return dx, dgamma, dbeta", "test_batchnorm_backward"),
    ("batch norm backward step by step through the variance and the mean", "batchnorm_backward",
     "x_hat, inv_std, gamma = cache\n"
     "N = dout.shape[0]\n"
     "xmu = x_hat / inv_std                                   # x - mu\n"
     "dx_hat = dout * gamma\n"
     "dvar = np.sum(dx_hat * xmu, axis=0) * -0.5 * inv_std ** 3\n"
     "dmu = -np.sum(dx_hat * inv_std, axis=0) - 2.0 * dvar * np.mean(xmu, axis=0)\n"
     "dx = dx_hat * inv_std + dvar * 2.0 * xmu / N + dmu / N\n"
     "return dx, np.sum(dout * x_hat, axis=0), np.sum(dout, axis=0)", "test_batchnorm_backward"),
    ("batch norm backward with the Jacobian of each feature, sums by np.einsum", "batchnorm_backward",
     "x_hat, inv_std, gamma = cache\n"
     "N, D = dout.shape\n"
     "dx = np.empty((N, D))\n"
     "for d in range(D):\n"
     "    J = inv_std[d] * (np.eye(N) - 1.0 / N - np.outer(x_hat[:, d], x_hat[:, d]) / N)   # d x_hat / d x\n"
     "    dx[:, d] = J.T @ (gamma[d] * dout[:, d])\n"
     "return dx, np.einsum('nd,nd->d', dout, x_hat), np.einsum('nd->d', dout)", "test_batchnorm_backward"),
]
