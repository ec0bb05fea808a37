"""Typical wrong answers to problem set 5, written as mutations of the solution.

Each entry: (what the mistake is, the grade_id of the solution cell whose solution region is replaced,
the replacement code, the grade_id of the test cell that must then fail, and no other).
"""

MUTATIONS = [
    ("dropout without the 1/(1-p) scaling", "dropout_forward",
     "if not training:\n    return x, np.ones_like(x)\nmask = (rng.random(x.shape) >= p).astype(float)\nreturn x * mask, mask",
     "test_dropout_forward"),
    ("dropout drops with probability 1 - p", "dropout_forward",
     "if not training:\n    return x, np.ones_like(x)\nmask = (rng.random(x.shape) < p) / (1 - p)\nreturn x * mask, mask",
     "test_dropout_forward"),
    ("dropout scales at test time", "dropout_forward",
     "if not training:\n    return x * (1 - p), np.ones_like(x)\nmask = (rng.random(x.shape) >= p) / (1 - p)\nreturn x * mask, mask",
     "test_dropout_forward"),
    ("dropout draws its mask another way", "dropout_forward",
     "if not training:\n    return x, np.ones_like(x)\nmask = rng.binomial(1, 1 - p, size=x.shape) / (1 - p)\nreturn x * mask, mask",
     "test_dropout_forward"),
    ("calls nnkit's dropout layer", "dropout_forward",
     "layer = nk.layers.Dropout(p, rng=rng)\nout = layer.forward(x, training=training)\n"
     "return out, (layer._cache.mask if training and p > 0 else np.ones_like(x))",
     "test_dropout_forward"),
    ("dropout backward ignores the scale", "dropout_backward", "return dout * (mask > 0)", "test_dropout_backward"),
    ("dropout backward multiplies dout in place", "dropout_backward", "dout *= mask\nreturn dout", "test_dropout_backward"),
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
     "for name, W in params.items():\n    W *= lam if name.endswith('W') else 0.0\nreturn params", "test_l2_penalty_grad"),
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
    ("batch norm centres its input in place", "batchnorm_forward",
     "x -= x.mean(axis=0)\ninv_std = 1.0 / np.sqrt((x ** 2).mean(axis=0) + eps)\n"
     "x_hat = x * inv_std\nreturn gamma * x_hat + beta, (x_hat, inv_std, gamma)",
     "test_batchnorm_forward"),
    ("evaluation mode with the batch statistics", "batchnorm_eval",
     "return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta", "test_batchnorm_eval"),
    ("calls nnkit's batchnorm_eval_forward", "batchnorm_eval",
     "return nk.layers.batchnorm.batchnorm_eval_forward(x, gamma, beta, running_mean, running_var, eps)[0]",
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
