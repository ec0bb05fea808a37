"""Typical wrong answers to problem set 1, written as mutations of the solution.

Each entry: (what the mistake is, the grade_id of the solution cell whose solution region is replaced,
the replacement code, the grade_id of the test cell that must then fail, and no other).
"""

MUTATIONS = [
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
     "return float(-np.sum(np.log(p[np.arange(len(p)), labels])))", "test_cross_entropy"),
]
