"""Typical wrong answers to problem set 3, written as mutations of the solution.

Each entry: (what the mistake is, the grade_id of the solution cell whose solution region is replaced,
the replacement code, the grade_id of the test cell that must then fail, and no other).
"""

MUTATIONS = [
    ("rounds the number of updates down", "updates_per_epoch", "return n // batch_size", "test_updates_per_epoch"),
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
    ("no bias correction", "adam_step",
     "m_new = beta1 * m + (1 - beta1) * g\nv_new = beta2 * v + (1 - beta2) * g * g\n"
     "return w - lr * m_new / (np.sqrt(v_new) + eps), m_new, v_new", "test_adam_step"),
    ("eps inside the root", "adam_step",
     "m_new = beta1 * m + (1 - beta1) * g\nv_new = beta2 * v + (1 - beta2) * g * g\n"
     "m_hat, v_hat = m_new / (1 - beta1 ** t), v_new / (1 - beta2 ** t)\n"
     "return w - lr * m_hat / np.sqrt(v_hat + eps), m_new, v_new", "test_adam_step"),
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
