"""Problem set 2, backpropagation: lecture 3's gradients by hand, the backward passes of a sigmoid and a
dense layer, the backward pass of a two-layer network, and a numerical gradient by centred differences."""

import numpy as np

import nnkit as nk

from ..i18n import N_, _
from . import Built, Case, Part, variant

W1_LECTURE = np.array([[0.3, 0.4], [0.2, 0.1]])   # lecture 3's 2-2-1 network, no biases
W2_LECTURE = np.array([[0.1], [0.2]])

RESTORE_ADVICE = N_("Nudging x in place is right, but x must come back exactly as it was: save old = x[i] before "
                    "nudging and put it back with x[i] = old.")


def example_reference(W1, W2, x, y):
    net = nk.layers.Sequential([nk.layers.Dense(2, 2), nk.layers.Sigmoid(), nk.layers.Dense(2, 1),
                                nk.layers.Sigmoid()])
    net[0].params["W"][:], net[2].params["W"][:] = W1, W2
    sse = nk.losses.SSE()
    out = net.forward(x[None, :])
    E = sse.forward(out, np.array([[y]]))
    net.backward(sse.backward())
    z = x @ W1
    return z, nk.functional.sigmoid(z), float(out[0, 0]), E, net.grads["0.W"].copy(), net.grads["2.W"].copy()


def example_wrong(W1, W2, x, y, out_slope=True, hidden_slope=True, sign=1.0, half=0.5, transpose=False):
    z = x @ W1
    h = nk.functional.sigmoid(z)
    y_hat = float(nk.functional.sigmoid(h @ W2[:, 0]))
    delta_out = sign * (y_hat - y) * (y_hat * (1 - y_hat) if out_slope else 1.0)
    delta = delta_out * W2[:, 0] * (h * (1 - h) if hidden_slope else 1.0)
    dW1 = np.outer(delta, x) if transpose else np.outer(x, delta)
    return z, h, y_hat, half * (y - y_hat) ** 2, dW1, (h * delta_out)[:, None]


def example_cases(rng):
    return [Case(_("lecture 3's network, x = (1, 1), y = 1 (edge: the notes' worked example, number by number; "
                   "catches a missing sigmoid slope, a sign error, a missing 1/2 and dW1 transposed)"),
                 W1_LECTURE, W2_LECTURE, np.array([1.0, 1.0]), 1.0),
            Case(_("lecture 3's network on the notes' second point x = (2, 2), y = 0 (edge: target 0, where y_hat - y "
                   "is positive; catches a sign error in dE/dy_hat)"), W1_LECTURE, W2_LECTURE,
                 np.array([2.0, 2.0]), 0.0),
            Case(_("W1 (2, 2), W2 (2, 1) standard normal, x = (0.5, -1.5), y = 0.3 (edge: x of both signs and "
                   "weights other than the lecture's; catches code fitted to the lecture's numbers)"),
                 rng.standard_normal((2, 2)), rng.standard_normal((2, 1)), np.array([0.5, -1.5]), 0.3),
            Case(_("W1 (2, 2), W2 (2, 1) and x (2,) standard normal, y = 1 (edge: random weights and input; catches "
                   "code fitted to the lecture's numbers)"), rng.standard_normal((2, 2)), rng.standard_normal((2, 1)),
                 rng.standard_normal(2), 1.0)]


def sigmoid_backward_reference(dout, out):
    """The reference of Part 2, and put in place of the student's while Part 4 is graded.

    Only the output is given, so the derivative is sigma * (1 - sigma) of it, as the notes write it.
    """
    return dout * out * (1.0 - out)


def sigmoid_backward_cases(rng):
    sigmoid = nk.functional.sigmoid
    return [Case(_("dout and out of shape (4, 3), dout standard normal, out the sigmoid of standard normal times 2 "
                   "(edge: out spread over (0, 1); catches the sigmoid applied again, a missing dout and a missing "
                   "(1 - out))"), rng.standard_normal((4, 3)), sigmoid(2 * rng.standard_normal((4, 3)))),
            Case(_("dout and out of shape (2, 3, 5), dout standard normal, out the sigmoid of standard normal (edge: "
                   "3-D arrays; catches code that assumes a matrix)"),
                 rng.standard_normal((2, 3, 5)), sigmoid(rng.standard_normal((2, 3, 5)))),
            Case(_("saturated units, out = sigmoid([-40, 0, 40]), dout = [1, 1, 1] (edge: the gradient vanishes at "
                   "both ends; catches dout * out without (1 - out))"), np.ones(3),
                 sigmoid(np.array([-40.0, 0.0, 40.0]))),
            Case(_("dout of zeros, shape (1, 7), out the sigmoid of standard normal (edge: dout = 0, so dz = 0; "
                   "catches out * (1 - out) not multiplied by dout)"), np.zeros((1, 7)),
                 sigmoid(rng.standard_normal((1, 7))))]


def dense_backward_reference(dout, x, W):
    """The reference of Part 3, and put in place of the student's while Part 4 is graded."""
    return nk.ops.dense.dense_backward(dout, nk.ops.dense.DenseCache(x, W))


def dense_backward_cases(rng):
    def arrays(n, d, m):
        return rng.standard_normal((n, m)), rng.standard_normal((n, d)), rng.standard_normal((d, m))
    return [Case(_("square W: dout (5, 4), x (5, 4), W (4, 4), standard normal (edge: every shape square, so a "
                   "missing transpose still fits; catches dout @ W and dout.T @ x)"), *arrays(5, 4, 4)),
            Case(_("dout (4, 2), x (4, 3), W (3, 2), standard normal (edge: N, D and M all differ; catches db not "
                   "summed and dividing by N)"), *arrays(4, 3, 2)),
            Case(_("one example: dout (1, 3), x (1, 6), W (6, 3), standard normal (edge: N = 1, where the sum and the "
                   "mean over the batch agree; catches db of shape (1, 3))"), *arrays(1, 6, 3)),
            Case(_("odd sizes: dout (7, 1), x (7, 5), W (5, 1), standard normal (edge: one output, M = 1; catches db "
                   "as the mean and dividing by N)"), *arrays(7, 5, 1)),
            Case(_("dout of zeros (3, 2), x (3, 3) and W (3, 2) standard normal (edge: dout = 0, so every gradient is "
                   "0; catches a term that does not go through dout)"), np.zeros((3, 2)), rng.standard_normal((3, 3)),
                 rng.standard_normal((3, 2)))]


def two_layer_reference(x, y, W1, b1, W2, b2):
    net = nk.layers.Sequential([nk.layers.Dense(*W1.shape), nk.layers.Sigmoid(), nk.layers.Dense(*W2.shape),
                                nk.layers.Sigmoid()])
    net[0].params["W"][:], net[0].params["b"][:], net[2].params["W"][:], net[2].params["b"][:] = W1, b1, W2, b2
    sse = nk.losses.SSE()
    E = sse.forward(net.forward(x), y)
    net.backward(sse.backward())
    g = net.grads
    return E, g["0.W"].copy(), g["0.b"].copy(), g["2.W"].copy(), g["2.b"].copy()


def two_layer_wrong(x, y, W1, b1, W2, b2, scale=1.0, out_slope=True, hidden_slope=True):
    h = nk.functional.sigmoid(x @ W1 + b1)
    y_hat = nk.functional.sigmoid(h @ W2 + b2)
    dz2 = scale * (y_hat - y) * (y_hat * (1 - y_hat) if out_slope else 1.0)
    dz1 = dz2 @ W2.T * (h * (1 - h) if hidden_slope else 1.0)
    E = 0.5 * scale * float(np.sum((y_hat - y) ** 2))
    return E, x.T @ dz1, dz1.sum(axis=0), h.T @ dz2, dz2.sum(axis=0)


def two_layer_cases(rng):
    def case(description, n, d, h, k, edge):
        return Case(_("{description}: x ({n}, {d}), y ({n}, {k}), H = {h}; x and the weights standard normal, "
                      "the biases half that, y uniform in [0, 1] (edge: {edge})").format(
                        description=_(description), n=n, d=d, h=h, k=k, edge=_(edge)), rng.standard_normal((n, d)),
                    rng.uniform(0, 1, (n, k)), rng.standard_normal((d, h)), 0.5 * rng.standard_normal(h),
                    rng.standard_normal((h, k)), 0.5 * rng.standard_normal(k))
    return [case(N_("a batch"), 4, 2, 3, 1, N_("N > 1, one output; catches a mean over the batch, a factor 2 and "
                                               "a missing sigmoid slope")),
            case(N_("a batch"), 6, 3, 4, 2, N_("two outputs, K = 2; catches the same slips with a matrix dE/dy_hat")),
            case(N_("one example"), 1, 5, 2, 3, N_("N = 1, where the sum and the mean agree; catches a lost batch "
                                                   "axis")),
            case(N_("odd sizes"), 7, 1, 5, 1, N_("a single input feature, D = 1, where dW1 is (1, 5); catches "
                                                 "transposed weight gradients"))]


def sum_c_sin(c, x):
    """f(x) = sum(c * sin(x)) and x."""
    return (lambda v: np.sum(c * np.sin(v)), x), {}


def sigmoid_sse(X, Y, W):
    """f(W) = the SSE of sigmoid(X @ W) against Y, and W."""
    return (lambda W: nk.losses.sse(nk.functional.sigmoid(X @ W), Y), W), {}


def tanh_sum_times_max(x):
    """f(x) = sum(tanh(x)) * x.max() and x."""
    return (lambda v: np.sum(np.tanh(v)) * v.max(), x), {}


def log_product(x, h):
    """f(x) = log(1 + x0^2 x1^2), x, and the step h."""
    return (lambda v: np.log1p(v[0] ** 2 * v[1] ** 2), x), {"h": h}


def exp_first(x):
    """f(x) = exp(x0) and x."""
    return (lambda v: np.exp(v[0]), x), {}


def reads_x_outside(x):
    """f ignores its argument and reads x itself, as a loss reads a layer's weights, and x: the same array."""
    return (lambda _unused: np.sum(np.sin(x) * x), x), {}


def numerical_gradient_cases(rng):
    return [Built(_("f(x) = sum(c * sin(x)), c and x of shape (5,), standard normal (edge: a smooth f of a 1-D x; "
                    "catches dividing by h instead of 2h)"), sum_c_sin, rng.standard_normal(5), rng.standard_normal(5)),
            Built(_("f(W) = the SSE of sigmoid(X @ W) against Y, X (6, 3) and W (3, 2) standard normal, "
                    "Y (6, 2) uniform in [0, 1] (edge: a 2-D x, the weights of a layer; catches a loop over the first "
                    "axis only)"), sigmoid_sse, rng.standard_normal((6, 3)), rng.uniform(0, 1, (6, 2)),
                  rng.standard_normal((3, 2))),
            Built(_("f(x) = sum(tanh(x)) * x.max(), x of shape (2, 2, 3), standard normal (edge: a 3-D x and an f "
                    "that couples every entry; catches a loop that assumes 1-D or 2-D x)"), tanh_sum_times_max,
                  rng.standard_normal((2, 2, 3))),
            Built(_("f(x) = log(1 + x0^2 x1^2), x = [0.8, -1.3], step h = 0.01 (edge: a large step, where the "
                    "one-sided difference is visibly off; catches (f(x + h) - f(x)) / h and an ignored h)"),
                  log_product, np.array([0.8, -1.3]), 1e-2),
            Built(_("f(x) = exp(x0), x = [0.3] of shape (1,) (edge: x with a single entry; catches dividing by h "
                    "instead of 2h)"), exp_first, np.array([0.3])),
            Built(_("f reads x from outside (ignoring its argument), f = sum(x sin(x)), x of shape (2, 3), "
                    "standard normal (edge: f sees only x itself, as a loss sees a layer's weights; catches nudging "
                    "a copy of x)"), reads_x_outside, rng.standard_normal((2, 3)))]


def one_sided_difference(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    f0 = float(f(x))
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        grad[i] = (float(f(x)) - f0) / h
        x[i] = old
    return grad


def nudges_a_copy(f, x, h=1e-5):
    return nk.gradcheck.numerical_gradient(f, x.copy(), h)


def divides_by_h(f, x, h=1e-5):
    return 2 * nk.gradcheck.numerical_gradient(f, x, h)



PARTS = [
    Part("test_worked_example", N_("Part 1: worked_example"), "worked_example", 4, example_reference, example_cases,
         forbidden=(nk.ops.dense.dense_backward, nk.ops.activation.sigmoid_backward, nk.functional.sigmoid_grad,
                    nk.losses.sse_grad, nk.gradcheck.numerical_gradient),
         hints=((variant(example_wrong, out_slope=False),
                 N_("the output unit is a sigmoid: delta_out = (y_hat - y) * y_hat * (1 - y_hat), factor (2) of the "
                    "chapter.")),
                (variant(example_wrong, hidden_slope=False),
                 N_("the path to a first-layer weight passes through a hidden sigmoid: delta_j needs the factor "
                    "h_j (1 - h_j).")),
                (variant(example_wrong, sign=-1.0),
                 N_("the sign: E = 1/2 (y - y_hat)^2 gives dE/dy_hat = y_hat - y, not y - y_hat.")),
                (variant(example_wrong, half=1.0), N_("E = 1/2 (y - y_hat)^2: keep the factor one half.")),
                (variant(example_wrong, transpose=True),
                 N_("dW1[i, j] is dE/dw_ij(1), from input i to hidden unit j, which is x_i * delta_j: "
                    "np.outer(x, delta), not np.outer(delta, x).")))),
    Part("test_sigmoid_backward", N_("Part 2: sigmoid_backward"), "sigmoid_backward", 3, sigmoid_backward_reference,
         sigmoid_backward_cases, forbidden=(nk.ops.activation.sigmoid_backward, nk.functional.sigmoid_grad),
         hints=((lambda dout, out: dout * nk.functional.sigmoid(out) * (1 - nk.functional.sigmoid(out)),
                 N_("out is already sigma(z), the forward pass's output: use out * (1 - out); do not apply the sigmoid "
                    "again.")),
                (lambda dout, out: out * (1 - out),
                 N_("multiply the local gradient out * (1 - out) by the upstream gradient dout.")),
                (lambda dout, out: dout * out,
                 N_("sigma'(z) = sigma(z) (1 - sigma(z)): the factor (1 - out) is missing.")))),
    Part("test_dense_backward", N_("Part 3: dense_backward"), "dense_backward", 4, dense_backward_reference,
         dense_backward_cases, forbidden=(nk.ops.dense.dense_backward,),
         hints=((lambda dout, x, W: (dout @ W, x.T @ dout, dout.sum(axis=0)),
                 N_("dx = dout @ W.T: W has shape (D, M), and the backward pass goes through it from the outputs back "
                    "to the inputs.")),
                (lambda dout, x, W: (dout @ W.T, dout.T @ x, dout.sum(axis=0)),
                 N_("dW has the shape of W, (D, M): x.T @ dout, not dout.T @ x.")),
                (lambda dout, x, W: (dout @ W.T, x.T @ dout, dout),
                 N_("db sums dout over the batch: dout.sum(axis=0), shape (M,).")),
                (lambda dout, x, W: (dout @ W.T, x.T @ dout / len(x), dout.sum(axis=0) / len(x)),
                 N_("sum over the batch, do not divide by N: dW = x.T @ dout and db = dout.sum(axis=0).")),
                (lambda dout, x, W: (dout @ W.T, x.T @ dout, dout.mean(axis=0)),
                 N_("db is the sum of dout over the batch, not its mean.")))),
    Part("test_two_layer_backward", N_("Part 4: two_layer_backward"), "two_layer_backward", 5, two_layer_reference,
         two_layer_cases, forbidden=(nk.layers.Sequential, nk.losses.SSE, nk.losses.sse_grad,
                                     nk.gradcheck.numerical_gradient),
         substitutes={"sigmoid": nk.functional.sigmoid, "sigmoid_backward": sigmoid_backward_reference,
                      "dense_backward": dense_backward_reference},
         hints=((lambda x, y, W1, b1, W2, b2: two_layer_wrong(x, y, W1, b1, W2, b2, scale=1 / len(x)),
                 N_("E is a sum over the batch, not a mean: do not divide the loss or the gradients by N.")),
                (variant(two_layer_wrong, scale=2.0),
                 N_("E has the factor 1/2, so dE/dy_hat = y_hat - y (no factor 2).")),
                (variant(two_layer_wrong, out_slope=False),
                 N_("pass y_hat - y through the output sigmoid first: sigmoid_backward(y_hat - y, y_hat).")),
                (variant(two_layer_wrong, hidden_slope=False),
                 N_("pass dh through the hidden sigmoid before the first dense layer: sigmoid_backward(dh, h).")))),
    Part("test_numerical_gradient", N_("Part 5: numerical_gradient"), "numerical_gradient", 4,
         nk.gradcheck.numerical_gradient, numerical_gradient_cases, forbidden=(nk.gradcheck.numerical_gradient,),
         in_place_advice=RESTORE_ADVICE,
         hints=((one_sided_difference, N_("use the centred difference (f(x + h e_i) - f(x - h e_i)) / (2h), not the "
                                          "one-sided (f(x + h e_i) - f(x)) / h.")),
                (nudges_a_copy, N_("nudge x itself in place and call f(x): f may read x from outside, as a loss "
                                   "reads a layer's weights, so nudging a copy of x changes nothing for it.")),
                (divides_by_h, N_("the two points x + h e_i and x - h e_i are 2h apart: divide by 2h, not h.")))),
]

_EXAMPLE_FORWARD = (
    "z = x @ W1\n"
    "h = sigmoid(z)\n"
    "y_hat = float(sigmoid(h @ W2[:, 0]))\n"
    "E = 0.5 * (y - y_hat) ** 2\n"
)

_TWO_LAYER_FORWARD = (
    "h = sigmoid(x @ W1 + b1)\n"
    "y_hat = sigmoid(h @ W2 + b2)\n"
)

MISTAKES = [
    ("forgets the output sigmoid's derivative", "worked_example",
     _EXAMPLE_FORWARD + "delta_out = y_hat - y\n"
     "delta = delta_out * W2[:, 0] * h * (1 - h)\n"
     "return z, h, y_hat, E, np.outer(x, delta), (h * delta_out)[:, None]", "test_worked_example"),
    ("dW1 transposed (hidden unit by input)", "worked_example",
     _EXAMPLE_FORWARD + "delta_out = (y_hat - y) * y_hat * (1 - y_hat)\n"
     "delta = delta_out * W2[:, 0] * h * (1 - h)\n"
     "return z, h, y_hat, E, np.outer(delta, x), (h * delta_out)[:, None]", "test_worked_example"),
    ("lets nnkit's layers do the backward pass", "worked_example",
     "net = nk.layers.Sequential([nk.layers.Dense(2, 2), nk.layers.Sigmoid(), "
     "nk.layers.Dense(2, 1), nk.layers.Sigmoid()])\n"
     "net[0].params['W'][:], net[2].params['W'][:] = W1, W2\n"
     "sse = nk.losses.SSE()\n"
     "out = net.forward(x[None, :])\n"
     "E = sse.forward(out, np.array([[y]]))\n"
     "net.backward(sse.backward())\n"
     "return x @ W1, sigmoid(x @ W1), float(out[0, 0]), E, net.grads['0.W'], net.grads['2.W']",
     "test_worked_example"),
    ("forgets the factor (1 - out)", "sigmoid_backward", "return dout * out", "test_sigmoid_backward"),
    ("applies the sigmoid to the cached output again", "sigmoid_backward",
     "s = sigmoid(out)\nreturn dout * s * (1 - s)", "test_sigmoid_backward"),
    ("multiplies dout in place", "sigmoid_backward", "dout *= out * (1 - out)\nreturn dout", "test_sigmoid_backward"),
    ("dx without the transpose", "dense_backward", "return dout @ W, x.T @ dout, dout.sum(axis=0)",
     "test_dense_backward"),
    ("db not summed over the batch", "dense_backward", "return dout @ W.T, x.T @ dout, dout", "test_dense_backward"),
    ("divides by the batch size", "dense_backward",
     "n = len(x)\nreturn dout @ W.T, x.T @ dout / n, dout.sum(axis=0) / n", "test_dense_backward"),
    ("calls nnkit's dense_backward", "dense_backward",
     "return nk.ops.dense.dense_backward(dout, nk.ops.dense.DenseCache(x, W))", "test_dense_backward"),
    ("averages the loss over the batch", "two_layer_backward",
     _TWO_LAYER_FORWARD + "n = len(x)\n"
     "E = 0.5 * np.sum((y_hat - y) ** 2) / n\n"
     "dz2 = sigmoid_backward((y_hat - y) / n, y_hat)\n"
     "dh, dW2, db2 = dense_backward(dz2, h, W2)\n"
     "_, dW1, db1 = dense_backward(sigmoid_backward(dh, h), x, W1)\n"
     "return float(E), dW1, db1, dW2, db2", "test_two_layer_backward"),
    ("skips the hidden sigmoid's derivative", "two_layer_backward",
     _TWO_LAYER_FORWARD + "E = 0.5 * np.sum((y_hat - y) ** 2)\n"
     "dz2 = sigmoid_backward(y_hat - y, y_hat)\n"
     "dh, dW2, db2 = dense_backward(dz2, h, W2)\n"
     "_, dW1, db1 = dense_backward(dh, x, W1)\n"
     "return float(E), dW1, db1, dW2, db2", "test_two_layer_backward"),
    ("one-sided difference", "numerical_gradient",
     "grad = np.zeros(x.shape)\n"
     "f0 = float(f(x))\n"
     "for i in np.ndindex(x.shape):\n"
     "    old = x[i]\n"
     "    x[i] = old + h\n"
     "    grad[i] = (float(f(x)) - f0) / h\n"
     "    x[i] = old\n"
     "return grad", "test_numerical_gradient"),
    ("restores x by adding and subtracting h", "numerical_gradient",
     "grad = np.zeros(x.shape)\n"
     "for i in np.ndindex(x.shape):\n"
     "    x[i] += h\n"
     "    f_plus = float(f(x))\n"
     "    x[i] -= 2 * h\n"
     "    f_minus = float(f(x))\n"
     "    x[i] += h\n"
     "    grad[i] = (f_plus - f_minus) / (2 * h)\n"
     "return grad", "test_numerical_gradient"),
    ("nudges a copy of x", "numerical_gradient",
     "grad = np.zeros(x.shape)\n"
     "for i in np.ndindex(x.shape):\n"
     "    xp, xm = x.copy(), x.copy()\n"
     "    xp[i] += h\n"
     "    xm[i] -= h\n"
     "    grad[i] = (float(f(xp)) - float(f(xm))) / (2 * h)\n"
     "return grad", "test_numerical_gradient"),
    ("calls nnkit's numerical_gradient", "numerical_gradient",
     "return nk.gradcheck.numerical_gradient(f, x, h)", "test_numerical_gradient"),
]

# Right answers written other ways than the solution: each must get full marks (tests/test_grading_checks.py).
RIGHT_ANSWERS = [
    ("scalars line by line, as the chapter writes it", "worked_example",
     "z1 = x[0] * W1[0, 0] + x[1] * W1[1, 0]\n"
     "z2 = x[0] * W1[0, 1] + x[1] * W1[1, 1]\n"
     "h1, h2 = float(sigmoid(z1)), float(sigmoid(z2))\n"
     "y_hat = float(sigmoid(W2[0, 0] * h1 + W2[1, 0] * h2))\n"
     "E = 0.5 * (y - y_hat) ** 2\n"
     "d_out = (y_hat - y) * y_hat * (1 - y_hat)\n"
     "d1 = d_out * W2[0, 0] * h1 * (1 - h1)\n"
     "d2 = d_out * W2[1, 0] * h2 * (1 - h2)\n"
     "dW1 = np.array([[x[0] * d1, x[0] * d2], [x[1] * d1, x[1] * d2]])\n"
     "dW2 = np.array([[h1 * d_out], [h2 * d_out]])\n"
     "return np.array([z1, z2]), np.array([h1, h2]), y_hat, float(E), dW1, dW2", "test_worked_example"),
    ("a batch of one, in matrix form (X.T @ dZ)", "worked_example",
     "X = x[None, :]\n"
     "Z = X @ W1\n"
     "H = sigmoid(Z)\n"
     "Y = sigmoid(H @ W2)\n"
     "dZ2 = (Y - y) * Y * (1 - Y)\n"
     "dZ1 = (dZ2 @ W2.T) * H * (1 - H)\n"
     "E = 0.5 * np.sum((Y - y) ** 2)\n"
     "return Z[0], H[0], float(Y[0, 0]), float(E), X.T @ dZ1, H.T @ dZ2", "test_worked_example"),
    ("dW1 in a double loop, dW2 with np.einsum", "worked_example",
     "z = np.dot(W1.T, x)\n"
     "h = sigmoid(z)\n"
     "y_hat = float(sigmoid(np.dot(W2[:, 0], h)))\n"
     "delta_out = (y_hat - y) * y_hat * (1 - y_hat)\n"
     "delta = delta_out * W2[:, 0] * h * (1 - h)\n"
     "dW1 = np.zeros((2, 2))\n"
     "for i in range(2):\n"
     "    for j in range(2):\n"
     "        dW1[i, j] = x[i] * delta[j]\n"
     "dW2 = np.einsum('j,k->jk', h, np.array([delta_out]))\n"
     "return z, h, y_hat, float(0.5 * (y_hat - y) ** 2), dW1, dW2", "test_worked_example"),
    ("sigmoid's derivative as out - out**2", "sigmoid_backward", "return dout * (out - out ** 2)",
     "test_sigmoid_backward"),
    ("local gradient first, then np.multiply by dout", "sigmoid_backward",
     "local = out * (1.0 - out)\nreturn np.multiply(local, dout)", "test_sigmoid_backward"),
    ("sigmoid_backward in a loop over every index", "sigmoid_backward",
     "dz = np.empty(np.shape(dout))\n"
     "for i in np.ndindex(dz.shape):\n"
     "    s = out[i]\n"
     "    dz[i] = dout[i] * s * (1 - s)\n"
     "return dz", "test_sigmoid_backward"),
    ("sigmoid_backward in float32", "sigmoid_backward",
     "d32, o32 = np.asarray(dout, dtype=np.float32), np.asarray(out, dtype=np.float32)\n"
     "return d32 * o32 * (np.float32(1) - o32)", "test_sigmoid_backward"),
    ("dense_backward with np.einsum", "dense_backward",
     "return np.einsum('nm,dm->nd', dout, W), np.einsum('nd,nm->dm', x, dout), np.einsum('nm->m', dout)",
     "test_dense_backward"),
    ("dW and db summed example by example in a loop", "dense_backward",
     "dW, db = np.zeros(W.shape), np.zeros(W.shape[1])\n"
     "for n in range(len(x)):\n"
     "    dW += np.outer(x[n], dout[n])\n"
     "    db += dout[n]\n"
     "return dout @ W.T, dW, db", "test_dense_backward"),
    ("np.dot with transposes, db as ones @ dout", "dense_backward",
     "return np.dot(W, dout.T).T, np.dot(dout.T, x).T, np.ones(len(dout)) @ dout", "test_dense_backward"),
    ("dense_backward in float32", "dense_backward",
     "d32, x32, W32 = (np.asarray(a, dtype=np.float32) for a in (dout, x, W))\n"
     "return d32 @ W32.T, x32.T @ d32, d32.sum(axis=0)", "test_dense_backward"),
    ("the backward pass written inline, without the helpers", "two_layer_backward",
     "h = sigmoid(x @ W1 + b1)\n"
     "y_hat = sigmoid(h @ W2 + b2)\n"
     "r = y_hat - y\n"
     "dz2 = r * y_hat * (1 - y_hat)\n"
     "dz1 = (dz2 @ W2.T) * h * (1 - h)\n"
     "return 0.5 * float(np.vdot(r, r)), x.T @ dz1, dz1.sum(axis=0), h.T @ dz2, dz2.sum(axis=0)",
     "test_two_layer_backward"),
    ("one example at a time, the loss and gradients summed in a loop", "two_layer_backward",
     "E, dW1, db1, dW2, db2 = 0.0, np.zeros(W1.shape), np.zeros(b1.shape), np.zeros(W2.shape), np.zeros(b2.shape)\n"
     "for n in range(len(x)):\n"
     "    xn, yn = x[n:n + 1], y[n:n + 1]\n"
     "    h = sigmoid(xn @ W1 + b1)\n"
     "    y_hat = sigmoid(h @ W2 + b2)\n"
     "    E += 0.5 * float(np.sum((y_hat - yn) ** 2))\n"
     "    dh, gW2, gb2 = dense_backward(sigmoid_backward(y_hat - yn, y_hat), h, W2)\n"
     "    _, gW1, gb1 = dense_backward(sigmoid_backward(dh, h), xn, W1)\n"
     "    dW1, db1, dW2, db2 = dW1 + gW1, db1 + gb1, dW2 + gW2, db2 + gb2\n"
     "return E, dW1, db1, dW2, db2", "test_two_layer_backward"),
    ("two_layer_backward with np.einsum", "two_layer_backward",
     "h = sigmoid(np.einsum('nd,dh->nh', x, W1) + b1)\n"
     "y_hat = sigmoid(np.einsum('nh,hk->nk', h, W2) + b2)\n"
     "dz2 = sigmoid_backward(y_hat - y, y_hat)\n"
     "dz1 = sigmoid_backward(np.einsum('nk,hk->nh', dz2, W2), h)\n"
     "E = 0.5 * np.einsum('nk,nk->', y_hat - y, y_hat - y)\n"
     "return float(E), np.einsum('nd,nh->dh', x, dz1), np.einsum('nh->h', dz1), np.einsum('nh,nk->hk', h, dz2), "
     "np.einsum('nk->k', dz2)", "test_two_layer_backward"),
    ("x.flat with a flat index, reshaped at the end", "numerical_gradient",
     "grad = np.zeros(x.size)\n"
     "for k in range(x.size):\n"
     "    old = x.flat[k]\n"
     "    x.flat[k] = old + h\n"
     "    f_plus = float(f(x))\n"
     "    x.flat[k] = old - h\n"
     "    f_minus = float(f(x))\n"
     "    x.flat[k] = old\n"
     "    grad[k] = (f_plus - f_minus) / (2 * h)\n"
     "return grad.reshape(x.shape)", "test_numerical_gradient"),
    ("np.nditer with multi_index (CS231n's loop)", "numerical_gradient",
     "grad = np.zeros_like(x, dtype=np.float64)\n"
     "it = np.nditer(x, flags=['multi_index'])\n"
     "while not it.finished:\n"
     "    i = it.multi_index\n"
     "    old = x[i]\n"
     "    x[i] = old + h\n"
     "    f_plus = f(x)\n"
     "    x[i] = old - h\n"
     "    f_minus = f(x)\n"
     "    x[i] = old\n"
     "    grad[i] = (f_plus - f_minus) / (2 * h)\n"
     "    it.iternext()\n"
     "return grad", "test_numerical_gradient"),
    ("itertools.product, the minus side first, restored with a try/finally", "numerical_gradient",
     "import itertools\n"
     "grad = np.empty(x.shape, dtype=np.float64)\n"
     "for i in itertools.product(*(range(n) for n in x.shape)):\n"
     "    old = x[i]\n"
     "    try:\n"
     "        x[i] = old - h\n"
     "        f_minus = float(f(x))\n"
     "        x[i] = old + h\n"
     "        f_plus = float(f(x))\n"
     "    finally:\n"
     "        x[i] = old\n"
     "    grad[i] = (f_plus - f_minus) / (2.0 * h)\n"
     "return grad", "test_numerical_gradient"),
]
