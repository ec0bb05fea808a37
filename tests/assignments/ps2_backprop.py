"""Typical wrong answers to problem set 2, written as mutations of the solution.

Each entry: (what the mistake is, the grade_id of the solution cell whose solution region is replaced,
the replacement code, the grade_id of the test cell that must then fail, and no other).
"""

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

MUTATIONS = [
    ("forgets the output sigmoid's derivative", "worked_example",
     _EXAMPLE_FORWARD + "delta_out = y_hat - y\n"
     "delta = delta_out * W2[:, 0] * h * (1 - h)\n"
     "return z, h, y_hat, E, np.outer(x, delta), (h * delta_out)[:, None]", "test_worked_example"),
    ("dW1 transposed (hidden unit by input)", "worked_example",
     _EXAMPLE_FORWARD + "delta_out = (y_hat - y) * y_hat * (1 - y_hat)\n"
     "delta = delta_out * W2[:, 0] * h * (1 - h)\n"
     "return z, h, y_hat, E, np.outer(delta, x), (h * delta_out)[:, None]", "test_worked_example"),
    ("lets nnkit's layers do the backward pass", "worked_example",
     "net = nk.layers.Sequential([nk.layers.Dense(2, 2), nk.layers.Sigmoid(), nk.layers.Dense(2, 1), nk.layers.Sigmoid()])\n"
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
    ("dx without the transpose", "dense_backward", "return dout @ W, x.T @ dout, dout.sum(axis=0)", "test_dense_backward"),
    ("db not summed over the batch", "dense_backward", "return dout @ W.T, x.T @ dout, dout", "test_dense_backward"),
    ("divides by the batch size", "dense_backward",
     "n = len(x)\nreturn dout @ W.T, x.T @ dout / n, dout.sum(axis=0) / n", "test_dense_backward"),
    ("calls nnkit's dense_backward", "dense_backward",
     "return nk.layers.dense.dense_backward(dout, nk.layers.dense.DenseCache(x, W))", "test_dense_backward"),
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
