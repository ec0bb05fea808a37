"""Problem set 1, the forward pass: activations, softmax, a dense layer, a two-layer network, two losses."""

import numpy as np

import nnkit as nk

from ..i18n import N_, _
from . import Case, Part


def sigmoid_cases(rng):
    return [Case(_("z = [0, 0.5], the public examples (edge: sigma(0) = 0.5 exactly; catches a sign error in the "
                   "exponent)"), np.array([0.0, 0.5])),
            Case(_("z of shape (4, 5), standard normal times 3 (edge: a 2-D array of both signs; catches code that "
                   "works on scalars or 1-D arrays only)"), rng.standard_normal((4, 5)) * 3),
            Case(_("z = -6, -4, ..., 6, shape (7,) (edge: inputs symmetric around 0, where sigma(-z) = 1 - sigma(z); "
                   "a sign error mirrors the curve)"), np.linspace(-6, 6, 7)),
            Case(_("z = [-800, -30, 0, 30, 800] (edge: inputs whose exp overflows; catches exp(z) / (1 + exp(z)), "
                   "which gives nan at z = 800)"), np.array([-800.0, -30.0, 0.0, 30.0, 800.0]))]


def relu_cases(rng):
    return [Case(_("z of shape (5, 3), standard normal (edge: negative and positive entries; catches |z| in place "
                   "of max(z, 0))"), rng.standard_normal((5, 3))),
            Case(_("z of shape (2, 3, 4), standard normal (edge: a 3-D array; catches code that assumes a matrix)"),
                 rng.standard_normal((2, 3, 4))),
            Case(_("z of zeros, shape (3,) (edge: the kink z = 0, where ReLU is exactly 0; catches nan from a "
                   "division by |z|)"), np.zeros(3))]


def leaky_relu_cases(rng):
    return [Case(_("z of shape (4, 6), standard normal, default alpha (edge: alpha left out, 0.01; catches a slope "
                   "of 0 for negative z, plain ReLU)"), rng.standard_normal((4, 6))),
            Case(_("z = [-3, -1.5, 0, 1.5, 3], alpha = 0.1 (edge: alpha other than the default; catches a fixed "
                   "0.01)"), np.linspace(-3, 3, 5), alpha=0.1),
            Case(_("z = [[-1, 2], [0, -4]], alpha = 0.3 (edge: a 2-D z containing 0 and a large alpha; catches a "
                   "fixed 0.01 and a slope of 0)"), np.array([[-1.0, 2.0], [0.0, -4.0]]), alpha=0.3)]


def softmax_reference(z):
    return nk.functional.softmax(z, axis=1)


def softmax_no_shift(z):
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def softmax_columns(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_whole(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def softmax_cases(rng):
    return [Case(_("z of shape (5, 4), standard normal (edge: several rows; catches normalizing the columns or the "
                   "whole array)"), rng.standard_normal((5, 4))),
            Case(_("z of shape (3, 3), standard normal times 5 (edge: a square z, where normalizing the columns keeps "
                   "the shape; catches axis=0)"), rng.standard_normal((3, 3)) * 5),
            Case(_("large scores z = [[1000, 1001, 1002], [-1000, 0, 1000]] (edge: exp overflows; catches a missing "
                   "max-shift, which gives nan, and normalizing the whole array)"),
                 np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])),
            Case(_("one example, z = [[0, 1, 2, 3, 4, 5]] of shape (1, 6) (edge: a single row; catches normalizing "
                   "over axis 0, which gives all ones)"), np.arange(6.0)[None, :])]


def dense_reference(x, W, b):
    return nk.ops.dense.dense_forward(x, W, b)[0]


def dense_cases(rng):
    def arrays(n, d, m):
        return rng.standard_normal((n, d)), rng.standard_normal((d, m)), rng.standard_normal(m)
    return [Case(_("x (4, 3), W (3, 2), b (2,), standard normal (edge: D differs from M and N > 1; catches a "
                   "missing bias and a bias added to one row only)"), *arrays(4, 3, 2)),
            Case(_("x (5, 4), W (4, 4), b (4,), standard normal (edge: a square W, where x @ W.T has the right shape; "
                   "catches W.T)"), *arrays(5, 4, 4)),
            Case(_("one example, x (1, 6), W (6, 3), b (3,), standard normal (edge: a batch of one, whose result keeps "
                   "the shape (1, 3); catches a squeezed result)"), *arrays(1, 6, 3))]


def dense_by_hand(x, W, b):
    """Part 5 put in place of the student's while Part 6 is graded."""
    return x @ W + b


def two_layer_reference(x, W1, b1, W2, b2):
    h = nk.functional.sigmoid(x @ W1 + b1)
    return nk.functional.sigmoid(h @ W2 + b2)


def two_layer_no_hidden_sigmoid(x, W1, b1, W2, b2):
    return nk.functional.sigmoid((x @ W1 + b1) @ W2 + b2)


def two_layer_no_output_sigmoid(x, W1, b1, W2, b2):
    return nk.functional.sigmoid(x @ W1 + b1) @ W2 + b2


def two_layer_cases(rng):
    def arrays(n, d, h, m):
        return (rng.standard_normal((n, d)), rng.standard_normal((d, h)), rng.standard_normal(h),
                rng.standard_normal((h, m)), rng.standard_normal(m))
    return [Case(_("lecture 3's network: x = [[1, 1]], W1 = [[0.3, 0.4], [0.2, 0.1]], W2 = [[0.1], [0.2]], "
                   "no biases (edge: the lecture's worked numbers; catches a missing sigmoid on either layer)"),
                 np.array([[1.0, 1.0]]), np.array([[0.3, 0.4], [0.2, 0.1]]), np.zeros(2),
                 np.array([[0.1], [0.2]]), np.zeros(1)),
            Case(_("x (4, 2), W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,), standard normal (edge: non-zero biases; catches "
                   "a bias left out)"), *arrays(4, 2, 2, 1)),
            Case(_("x (3, 5), W1 (5, 4), b1 (4,), W2 (4, 3), b2 (3,), standard normal (edge: D, H and M all differ; "
                   "catches a transposed or swapped weight matrix)"), *arrays(3, 5, 4, 3))]


def mse_cases(rng):
    edges = {(6, 1): N_("one output per example; catches a sum and a factor 1/2"),
             (4, 3): N_("K = 3 outputs per example; catches dividing by N instead of N*K")}
    return [Case(_("y_hat and y of shape {shape}, standard normal (edge: {edge})").format(shape=shape, edge=_(edge)),
                 rng.standard_normal(shape), rng.standard_normal(shape)) for shape, edge in edges.items()]


def cross_entropy_reference(logits, labels):
    return nk.losses.softmax_cross_entropy(logits, labels)[0]


def cross_entropy_summed(logits, labels):
    return cross_entropy_reference(logits, labels) * len(labels)


def cross_entropy_unstable(logits, labels):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(labels)), labels])))


def cross_entropy_whole_columns(logits, labels):
    """logp[:, labels]: an N x N block of columns instead of one entry per row."""
    z = logits - logits.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-np.mean(logp[:, labels]))


def dense_bias_on_first_row(x, W, b):
    out = x @ W
    out[0] = out[0] + b
    return out


def cross_entropy_cases(rng):
    return [Case(_("logits (5, 3) standard normal, labels (5,) random in 0..2 (edge: N differs from K; catches a sum "
                   "over the batch and logp[:, labels])"), rng.standard_normal((5, 3)), rng.integers(0, 3, 5)),
            Case(_("logits (8, 10) standard normal times 4, labels (8,) random in 0..9 (edge: ten classes and spread "
                   "scores; catches a sum over the batch and logp[:, labels])"), rng.standard_normal((8, 10)) * 4,
                 rng.integers(0, 10, 8)),
            Case(_("logits [[0, -800], [3, 1]], labels [1, 0] (edge: a true class whose probability underflows to 0; "
                   "catches the log of a softmax, which gives inf)"), np.array([[0.0, -800.0], [3.0, 1.0]]),
                 np.array([1, 0])),
            Case(_("large logits [[1000, 0], [0, 1000]], labels [1, 1] (edge: exp overflows; catches a missing "
                   "max-shift, which gives nan)"), np.array([[1000.0, 0.0], [0.0, 1000.0]]), np.array([1, 1]))]


PARTS = [
    Part("test_sigmoid", N_("Part 1: sigmoid"), "sigmoid", 2, nk.functional.sigmoid, sigmoid_cases,
         forbidden=(nk.functional.sigmoid,),
         hints=((lambda z: 1 / (1 + np.exp(z)), N_("the sign in the exponent: sigma(z) = 1 / (1 + exp(-z)).")),)),
    Part("test_relu", N_("Part 2: ReLU"), "relu", 2, nk.functional.relu, relu_cases,
         forbidden=(nk.functional.relu,),
         hints=((np.abs, N_("ReLU keeps positive values and sets negative ones to 0; it is not |z|.")),)),
    Part("test_leaky_relu", N_("Part 3: Leaky ReLU"), "leaky_relu", 2, nk.functional.leaky_relu, leaky_relu_cases,
         forbidden=(nk.functional.leaky_relu,),
         hints=((lambda z, alpha=0.01: np.where(z > 0, z, 0.01 * z), N_("use the alpha argument, not a fixed 0.01.")),
                (lambda z, alpha=0.01: np.maximum(z, 0),
                 N_("negative inputs keep a small slope alpha: alpha * z, not 0.")))),
    Part("test_softmax", N_("Part 4: softmax"), "softmax", 3, softmax_reference, softmax_cases,
         forbidden=(nk.functional.softmax, nk.functional.log_softmax),
         hints=((softmax_no_shift, N_("subtract each row's maximum before np.exp: e^1000 overflows.")),
                (softmax_columns, N_("normalize each row (axis=1): rows are examples, columns are classes.")),
                (softmax_whole, N_("normalize each row separately, not the whole array (keepdims=True on axis=1).")))),
    Part("test_dense_forward", N_("Part 5: dense_forward"), "dense_forward", 3, dense_reference, dense_cases,
         forbidden=(nk.ops.dense.dense_forward,),
         hints=((lambda x, W, b: x @ W.T + b,
                 N_("W has shape (D, M) with W[i, j] from input i to output j: use x @ W, not W.T.")),
                (lambda x, W, b: x @ W, N_("add the bias b to every row.")),
                (dense_bias_on_first_row, N_("add b to every row (x @ W + b broadcasts it over the batch), not to one "
                                             "row only.")))),
    Part("test_two_layer_forward", N_("Part 6: two_layer_forward"), "two_layer_forward", 3, two_layer_reference,
         two_layer_cases, substitutes={"sigmoid": nk.functional.sigmoid, "dense_forward": dense_by_hand},
         hints=((two_layer_no_hidden_sigmoid,
                 N_("apply the sigmoid to the hidden layer too: h = sigmoid(x W1 + b1).")),
                (two_layer_no_output_sigmoid,
                 N_("apply the sigmoid to the output layer: y_hat = sigmoid(h W2 + b2).")))),
    Part("test_mse", N_("Part 7: mse"), "mse", 2, nk.losses.mse, mse_cases, forbidden=(nk.losses.mse,),
         hints=((lambda y_hat, y: float(np.sum((y_hat - y) ** 2)),
                 N_("average over the elements (np.mean), do not sum.")),
                (lambda y_hat, y: float(0.5 * np.mean((y_hat - y) ** 2)),
                 N_("MSE has no factor 1/2 (that is the SSE of lecture 3).")),
                (lambda y_hat, y: float(np.mean(np.sum((y_hat - y) ** 2, axis=1))),
                 N_("divide by the number of elements N*K, not by N.")))),
    Part("test_cross_entropy", N_("Part 8: cross_entropy"), "cross_entropy", 3, cross_entropy_reference,
         cross_entropy_cases,
         forbidden=(nk.losses.softmax_cross_entropy, nk.functional.log_softmax, nk.functional.softmax),
         hints=((cross_entropy_summed, N_("average over the batch (divide by N), do not sum.")),
                (cross_entropy_unstable, N_("use the log-sum-exp form: subtract each row's maximum before np.exp.")),
                (cross_entropy_whole_columns, N_("take one entry per row, logp[np.arange(N), labels]: logp[:, labels] "
                                                 "takes whole columns, an N x N block.")))),
]

MISTAKES = [
    ("sign error in the exponent", "sigmoid", "return 1.0 / (1.0 + np.exp(z))", "test_sigmoid"),
    ("absolute value instead of ReLU", "relu", "return np.abs(z)", "test_relu"),
    ("ignores alpha", "leaky_relu", "return np.where(z > 0, z, 0.01 * z)", "test_leaky_relu"),
    ("no max-shift", "softmax", "e = np.exp(z)\nreturn e / e.sum(axis=1, keepdims=True)", "test_softmax"),
    ("calls nnkit's softmax", "softmax", "return nk.functional.softmax(z, axis=1)", "test_softmax"),
    ("shifts its input in place", "softmax",
     "z -= z.max(axis=1, keepdims=True)\ne = np.exp(z)\nreturn e / e.sum(axis=1, keepdims=True)", "test_softmax"),
    ("forgets the bias", "dense_forward", "return x @ W", "test_dense_forward"),
    ("no hidden activation", "two_layer_forward", "return sigmoid(dense_forward(x, W1, b1) @ W2 + b2)",
     "test_two_layer_forward"),
    ("sum instead of mean", "mse", "return float(np.sum((y_hat - y) ** 2))", "test_mse"),
    ("unstable and summed", "cross_entropy",
     "p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)\n"
     "return float(-np.mean(np.log(p[np.arange(len(p)), labels])))", "test_cross_entropy"),
]

# Right answers written other ways than the solution: each must get full marks (tests/test_grading_checks.py).
RIGHT_ANSWERS = [
    ("sigmoid through tanh: (1 + tanh(z / 2)) / 2", "sigmoid",
     "return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))", "test_sigmoid"),
    ("sigmoid as exp(-log(1 + e^-z)) with np.logaddexp", "sigmoid",
     "return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))", "test_sigmoid"),
    ("sigmoid with boolean masks, each branch on its own entries", "sigmoid",
     "z = np.asarray(z, dtype=float)\n"
     "out = np.empty_like(z)\n"
     "pos = z >= 0\n"
     "out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))\n"
     "ez = np.exp(z[~pos])\n"
     "out[~pos] = ez / (1.0 + ez)\n"
     "return out", "test_sigmoid"),
    ("sigmoid in a Python loop with math.exp", "sigmoid",
     "import math\n"
     "z = np.asarray(z, dtype=float)\n"
     "out = np.empty(z.shape)\n"
     "for i in np.ndindex(z.shape):\n"
     "    if z[i] >= 0:\n"
     "        out[i] = 1.0 / (1.0 + math.exp(-z[i]))\n"
     "    else:\n"
     "        e = math.exp(z[i])\n"
     "        out[i] = e / (1.0 + e)\n"
     "return out", "test_sigmoid"),
    ("ReLU with np.where", "relu", "z = np.asarray(z, dtype=float)\nreturn np.where(z > 0, z, 0.0)", "test_relu"),
    ("ReLU as (z + |z|) / 2", "relu", "z = np.asarray(z, dtype=float)\nreturn (z + np.abs(z)) / 2", "test_relu"),
    ("ReLU in float32", "relu", "return np.maximum(np.asarray(z, dtype=np.float32), np.float32(0))", "test_relu"),
    ("ReLU in a loop on a copy", "relu",
     "out = np.array(z, dtype=float)\n"
     "for i in np.ndindex(out.shape):\n"
     "    if out[i] < 0:\n"
     "        out[i] = 0.0\n"
     "return out", "test_relu"),
    ("Leaky ReLU as max(z, 0) + alpha * min(z, 0)", "leaky_relu",
     "z = np.asarray(z, dtype=float)\nreturn np.maximum(z, 0.0) + alpha * np.minimum(z, 0.0)", "test_leaky_relu"),
    ("Leaky ReLU as z times a slope array", "leaky_relu",
     "z = np.asarray(z, dtype=float)\nreturn z * np.where(z > 0, 1.0, alpha)", "test_leaky_relu"),
    ("Leaky ReLU on a copy, negatives scaled through a mask", "leaky_relu",
     "out = np.array(z, dtype=float)\nout[out < 0] *= alpha\nreturn out", "test_leaky_relu"),
    ("Leaky ReLU in float32", "leaky_relu",
     "z = np.asarray(z, dtype=np.float32)\nreturn np.where(z > 0, z, np.float32(alpha) * z)", "test_leaky_relu"),
    ("softmax as exp(z - logsumexp(z))", "softmax",
     "z = np.asarray(z, dtype=float)\n"
     "m = z.max(axis=1, keepdims=True)\n"
     "lse = m + np.log(np.exp(z - m).sum(axis=1, keepdims=True))\n"
     "return np.exp(z - lse)", "test_softmax"),
    ("softmax row by row in a loop", "softmax",
     "z = np.asarray(z, dtype=float)\n"
     "out = np.empty(z.shape)\n"
     "for n in range(z.shape[0]):\n"
     "    e = np.exp(z[n] - np.max(z[n]))\n"
     "    out[n] = e / np.sum(e)\n"
     "return out", "test_softmax"),
    ("softmax on the transpose, columns as examples", "softmax",
     "e = np.exp(z.T - z.max(axis=1))\nreturn (e / e.sum(axis=0)).T", "test_softmax"),
    ("softmax in float32", "softmax",
     "z = np.asarray(z, dtype=np.float32)\n"
     "e = np.exp(z - z.max(axis=1, keepdims=True))\n"
     "return e / e.sum(axis=1, keepdims=True)", "test_softmax"),
    ("dense layer with np.dot", "dense_forward", "return np.dot(x, W) + b", "test_dense_forward"),
    ("dense layer with np.einsum", "dense_forward", "return np.einsum('nd,dm->nm', x, W) + b[None, :]",
     "test_dense_forward"),
    ("dense layer in a double loop", "dense_forward",
     "out = np.zeros((x.shape[0], W.shape[1]))\n"
     "for n in range(x.shape[0]):\n"
     "    for j in range(W.shape[1]):\n"
     "        out[n, j] = np.sum(x[n] * W[:, j]) + b[j]\n"
     "return out", "test_dense_forward"),
    ("dense layer in float32, as (W.T x.T).T", "dense_forward",
     "x32, W32, b32 = (np.asarray(a, dtype=np.float32) for a in (x, W, b))\nreturn (W32.T @ x32.T).T + b32",
     "test_dense_forward"),
    ("two layers written inline with @", "two_layer_forward",
     "h = sigmoid(x @ W1 + b1)\nreturn sigmoid(h @ W2 + b2)", "test_two_layer_forward"),
    ("two layers with a tanh sigmoid of its own", "two_layer_forward",
     "h = 0.5 * (1.0 + np.tanh(0.5 * (x @ W1 + b1)))\n"
     "return 0.5 * (1.0 + np.tanh(0.5 * (h @ W2 + b2)))", "test_two_layer_forward"),
    ("two layers one example at a time", "two_layer_forward",
     "rows = [sigmoid(dense_forward(sigmoid(dense_forward(x[n:n + 1], W1, b1)), W2, b2)) for n in range(len(x))]\n"
     "return np.vstack(rows)", "test_two_layer_forward"),
    ("two layers with np.einsum", "two_layer_forward",
     "h = sigmoid(np.einsum('nd,dh->nh', x, W1) + b1)\n"
     "return sigmoid(np.einsum('nh,hk->nk', h, W2) + b2)", "test_two_layer_forward"),
    ("MSE as a dot product of the flattened errors", "mse",
     "d = np.ravel(y_hat - y)\nreturn float(d @ d / d.size)", "test_mse"),
    ("MSE as a sum of squares over the number of elements", "mse",
     "return float(np.sum(np.square(y - y_hat)) / np.size(y))", "test_mse"),
    ("MSE in a Python loop", "mse",
     "total = 0.0\n"
     "for a, c in zip(np.ravel(y_hat), np.ravel(y)):\n"
     "    total += (a - c) ** 2\n"
     "return float(total / np.size(y))", "test_mse"),
    ("MSE in float32", "mse",
     "d = np.asarray(y_hat, dtype=np.float32) - np.asarray(y, dtype=np.float32)\nreturn float(np.mean(d * d))",
     "test_mse"),
    ("cross-entropy example by example in a loop", "cross_entropy",
     "total = 0.0\n"
     "for n in range(len(labels)):\n"
     "    row = np.asarray(logits[n], dtype=float)\n"
     "    m = row.max()\n"
     "    total += m + np.log(np.sum(np.exp(row - m))) - row[labels[n]]\n"
     "return float(total / len(labels))", "test_cross_entropy"),
    ("cross-entropy with np.logaddexp.reduce", "cross_entropy",
     "z = np.asarray(logits, dtype=float)\n"
     "lse = np.logaddexp.reduce(z, axis=1)\n"
     "return float(np.mean(lse - z[np.arange(len(z)), labels]))", "test_cross_entropy"),
    ("cross-entropy with one-hot labels", "cross_entropy",
     "z = np.asarray(logits, dtype=float)\n"
     "m = z.max(axis=1, keepdims=True)\n"
     "log_p = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))\n"
     "onehot = np.eye(z.shape[1])[labels]\n"
     "return float(-np.sum(onehot * log_p) / len(z))", "test_cross_entropy"),
    ("cross-entropy with np.take_along_axis", "cross_entropy",
     "z = np.asarray(logits, dtype=float)\n"
     "m = z.max(axis=1)\n"
     "lse = m + np.log(np.exp(z - m[:, None]).sum(axis=1))\n"
     "picked = np.take_along_axis(z, np.asarray(labels)[:, None], axis=1)[:, 0]\n"
     "return float(np.mean(lse - picked))", "test_cross_entropy"),
]
