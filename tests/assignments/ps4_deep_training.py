"""Typical wrong answers to problem set 4, written as mutations of the solution.

Each entry: (what the mistake is, the grade_id of the solution cell whose solution region is replaced,
the replacement code, the grade_id of the test cell that must then fail, and no other).
"""

# The end of init_network, shared by the mutations that only choose the initializer wrongly
BUILD_PARAMS = ("params = {}\n"
                "for l in range(1, len(layer_sizes)):\n"
                "    n_in, n_out = layer_sizes[l - 1], layer_sizes[l]\n"
                "    params[f'W{l}'] = init((n_in, n_out), n_in, n_out, rng)\n"
                "    params[f'b{l}'] = np.zeros(n_out)\n"
                "return params")

MUTATIONS = [
    ("sigma instead of its derivative", "sigmoid_path_factor",
     "s = 1.0 / (1.0 + np.exp(-z))\nreturn float(np.prod(w * s))", "test_sigmoid_path_factor"),
    ("calls nnkit's sigmoid_grad", "sigmoid_path_factor",
     "return float(np.prod(w * nk.functional.sigmoid_grad(z)))", "test_sigmoid_path_factor"),
    ("squared norms", "layer_gradient_norms",
     "return [float(np.sum(g ** 2)) for g in grads.values()]", "test_layer_gradient_norms"),
    ("Frobenius norm that fails on 4-D arrays", "layer_gradient_norms",
     "return [float(np.linalg.norm(g, 'fro')) for g in grads.values()]", "test_layer_gradient_norms"),
    ("fraction of zero entries instead of zero columns", "dead_relu_fraction",
     "return float(np.mean(activations == 0))", "test_dead_relu_fraction"),
    ("dead if zero for some example", "dead_relu_fraction",
     "return float(np.mean(np.any(activations == 0, axis=0)))", "test_dead_relu_fraction"),
    ("per-array norm instead of the global norm", "clip_grad_norm",
     "out = {}\n"
     "for k, g in grads.items():\n"
     "    n = np.linalg.norm(g)\n"
     "    out[k] = g * (max_norm / n) if n > max_norm else g.copy()\n"
     "return out, float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))", "test_clip_grad_norm"),
    ("rescales its input in place", "clip_grad_norm",
     "total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))\n"
     "if total > max_norm:\n"
     "    for g in grads.values():\n"
     "        g *= max_norm / total\n"
     "return dict(grads), total", "test_clip_grad_norm"),
    ("calls nnkit's clip_grad_norm on copies", "clip_grad_norm",
     "copies = {k: g.copy() for k, g in grads.items()}\n"
     "return copies, nk.optim.clip_grad_norm(copies, max_norm)", "test_clip_grad_norm"),
    ("scales even below the threshold", "clip_grad_norm",
     "total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))\n"
     "return {k: g * (max_norm / total) for k, g in grads.items()}, total", "test_clip_grad_norm"),
    ("calls nnkit's xavier_uniform", "xavier_uniform",
     "return nk.init.xavier_uniform(shape, fan_in, fan_out, rng)", "test_xavier_uniform"),
    ("fan_in only in Xavier uniform", "xavier_uniform",
     "r = np.sqrt(6.0 / fan_in)\nreturn rng.uniform(-r, r, size=shape)", "test_xavier_uniform"),
    ("variance passed as the standard deviation", "xavier_normal",
     "return rng.normal(0.0, 2.0 / (fan_in + fan_out), size=shape)", "test_xavier_normal"),
    ("fan_in + fan_out in He uniform", "he_uniform",
     "r = np.sqrt(6.0 / (fan_in + fan_out))\nreturn rng.uniform(-r, r, size=shape)", "test_he_uniform"),
    ("variance passed as the standard deviation", "he_normal",
     "return rng.normal(0.0, 2.0 / fan_in, size=shape)", "test_he_normal"),
    ("global NumPy random state instead of rng", "he_normal",
     "return np.random.normal(0.0, np.sqrt(2.0 / fan_in), size=shape)", "test_he_normal"),
    ("Xavier and He swapped", "init_network",
     "init = {('tanh', 'uniform'): he_uniform, ('tanh', 'normal'): he_normal,\n"
     "        ('sigmoid', 'uniform'): he_uniform, ('sigmoid', 'normal'): he_normal,\n"
     "        ('relu', 'uniform'): xavier_uniform, ('relu', 'normal'): xavier_normal}.get((activation, dist))\n"
     "if init is None:\n"
     "    raise ValueError(activation)\n"
     + BUILD_PARAMS, "test_init_network"),
    ("ignores dist", "init_network",
     "if activation not in ('sigmoid', 'tanh', 'relu'):\n"
     "    raise ValueError(activation)\n"
     "init = he_normal if activation == 'relu' else xavier_uniform\n"
     + BUILD_PARAMS, "test_init_network"),
]
