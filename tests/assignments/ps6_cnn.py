"""Typical wrong answers to problem set 6, written as mutations of the solution.

Each entry: (what the mistake is, the grade_id of the solution cell whose solution region is replaced,
the replacement code, the grade_id of the test cell that must then fail, and no other).
"""

_NAIVE = """N, C, H, Wd = x.shape
F, _, HH, WW = W.shape
Ho = conv_output_size(H, HH, padding, stride)
Wo = conv_output_size(Wd, WW, padding, stride)
xp = pad2d(x, padding)
out = np.zeros((N, F, Ho, Wo))
for n in range(N):
    for f in range(F):
        for i in range(Ho):
            for j in range(Wo):
                window = xp[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
                out[n, f, i, j] = {value}
return out"""

_BACKWARD = """x, size, stride = cache
N, C, Ho, Wo = dout.shape
dx = np.zeros(x.shape)
for i in range(Ho):
    for j in range(Wo):
        window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
        mask = window == window.max(axis=(2, 3), keepdims=True)
        dx[:, :, i * stride:i * stride + size, j * stride:j * stride + size] {assign} mask * dout[:, :, i:i + 1, j:j + 1]
return dx"""

MUTATIONS = [
    ("forgets the floor", "conv_output_size", "return (n + 2 * p - m) / s + 1", "test_conv_output_size"),
    ("forgets the +1", "conv_output_size", "return (n + 2 * p - m) // s", "test_conv_output_size"),
    ("pads the batch and channel axes too", "pad2d", "return np.pad(x, p)", "test_pad2d"),
    ("calls nnkit's pad2d", "pad2d", "return nk.conv_geometry.pad2d(x, p)", "test_pad2d"),
    ("flips the kernel", "conv2d_naive",
     _NAIVE.format(value="np.sum(window * W[f, :, ::-1, ::-1]) + b[f]"), "test_conv2d_naive"),
    ("forgets the bias", "conv2d_naive", _NAIVE.format(value="np.sum(window * W[f])"), "test_conv2d_naive"),
    ("cross-correlation instead of true convolution", "convolve2d",
     "return conv2d_naive(x[None, None], w[None, None], np.zeros(1), 1, (w.shape[0] - 1) // 2)[0, 0]",
     "test_convolve2d"),
    ("rotates the kernel in place", "convolve2d",
     "w[:] = w[::-1, ::-1]\n"
     "return conv2d_naive(x[None, None], w[None, None], np.zeros(1), 1, (w.shape[0] - 1) // 2)[0, 0]",
     "test_convolve2d"),
    ("average instead of max", "maxpool_forward",
     "N, C, H, W = x.shape\n"
     "Ho, Wo = conv_output_size(H, size, 0, stride), conv_output_size(W, size, 0, stride)\n"
     "out = np.zeros((N, C, Ho, Wo))\n"
     "for i in range(Ho):\n"
     "    for j in range(Wo):\n"
     "        out[:, :, i, j] = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size].mean(axis=(2, 3))\n"
     "return out, (x, size, stride)", "test_maxpool_forward"),
    ("gradient to every tied maximum", "maxpool_backward", _BACKWARD.format(assign="+="), "test_maxpool_backward"),
    ("overwrites where windows overlap", "maxpool_backward",
     "x, size, stride = cache\n"
     "N, C, Ho, Wo = dout.shape\n"
     "dx = np.zeros(x.shape)\n"
     "n, c = np.indices((N, C))\n"
     "for i in range(Ho):\n"
     "    for j in range(Wo):\n"
     "        window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size].reshape(N, C, -1)\n"
     "        a, b = np.divmod(window.argmax(axis=2), size)\n"
     "        dx[n, c, i * stride + a, j * stride + b] = dout[:, :, i, j]\n"
     "return dx", "test_maxpool_backward"),
    ("calls nnkit's im2col", "im2col", "return nk.conv_ops.im2col(x, HH, WW, stride, padding)", "test_im2col"),
    ("columns ordered by position, then image", "im2col",
     "N, C, H, W = x.shape\n"
     "Ho, Wo = conv_output_size(H, HH, padding, stride), conv_output_size(W, WW, padding, stride)\n"
     "xp = pad2d(x, padding)\n"
     "cols = np.zeros((C, HH, WW, Ho, Wo, N))\n"
     "for a in range(HH):\n"
     "    for b in range(WW):\n"
     "        cols[:, a, b] = xp[:, :, a:a + stride * Ho:stride, b:b + stride * Wo:stride].transpose(1, 2, 3, 0)\n"
     "return cols.reshape(C * HH * WW, -1)", "test_im2col"),
    ("an untrained network", "cnn",
     "model = nk.layers.Sequential([nk.layers.Flatten(), nk.layers.Dense(64, 10, rng=0)])", "test_cnn"),
    ("too few epochs", "cnn",
     "model = nk.layers.Sequential([nk.layers.Flatten(), nk.layers.Dense(64, 10, rng=0)])\n"
     "nk.train.fit(model, nk.losses.CrossEntropy(), nk.optim.SGD(0.01), X_train, y_train, epochs=1, batch_size=64,\n"
     "             progress=False, rng=0)", "test_cnn"),
]
