"""Convolution and pooling kernels: sizes, padding, im2col / col2im, naive vs fast, lecture 1's numbers.

Expected values come from the lectures, from hand computation, from explicit loops written here, or
from NumPy / SciPy / PyTorch — never from running the code under test.
"""

import itertools
import math

import numpy as np
import pytest

from nnkit import conv_ops as co
from nnkit.ops import pool as po

# --- Lecture 1's worked examples ------------------------------------------------------------------
LECTURE1_X = np.array([[2, 1, 2], [5, 0, 1], [1, 7, 3]], dtype=float)
LECTURE1_W = np.array([[0.5, 0.7, 0.4], [0.3, 0.4, 0.1], [0.5, 1, 0.5]])
LECTURE1_W_ROTATED = np.array([[0.5, 1, 0.5], [0.1, 0.4, 0.3], [0.4, 0.7, 0.5]])
LECTURE1_TRUE_CONV = [[4.6, 3.7, 1.6], [8.7, 10.6, 7.8], [7.5, 6.8, 2.9]]
LECTURE1_CROSS_CORR = [[5.9, 4.2, 2.1], [8.3, 13.1, 8.8], [4.6, 6.3, 4.0]]

LECTURE1_X1 = np.array([[10, 255, 125, 0, 170, 100], [70, 255, 105, 25, 25, 70], [255, 0, 150, 0, 10, 10],
                        [0, 255, 10, 10, 150, 20], [70, 15, 200, 100, 95, 0], [25, 25, 100, 20, 0, 60]], dtype=float)
LECTURE1_X2 = np.array([[100, 100, 100, 50, 100, 50], [95, 255, 100, 125, 125, 170], [80, 40, 10, 10, 125, 150],
                        [255, 30, 150, 20, 120, 125], [30, 30, 150, 100, 70, 70], [70, 30, 100, 200, 70, 95]],
                       dtype=float)
LECTURE1_POOLED = [[255, 125, 170], [255, 150, 150], [70, 200, 95]]


def loop_cross_correlation(x, W, b, stride, ph, pw):
    """Reference written from the definition with scalar loops only (independent of conv2d_naive)."""
    N, C, H, Wd = x.shape
    F, _, HH, WW = W.shape
    Ho, Wo = (H + 2 * ph - HH) // stride + 1, (Wd + 2 * pw - WW) // stride + 1
    out = np.zeros((N, F, Ho, Wo))
    for n, f, oh, ow in itertools.product(range(N), range(F), range(Ho), range(Wo)):
        total = b[f]
        for c, i, j in itertools.product(range(C), range(HH), range(WW)):
            r, q = oh * stride + i - ph, ow * stride + j - pw  # position in the unpadded input
            if 0 <= r < H and 0 <= q < Wd:
                total += x[n, c, r, q] * W[f, c, i, j]
        out[n, f, oh, ow] = total
    return out


def loop_pool(x, k, s, reduce):
    N, C, H, W = x.shape
    Ho, Wo = (H - k) // s + 1, (W - k) // s + 1
    out = np.zeros((N, C, Ho, Wo))
    for n, c, i, j in itertools.product(range(N), range(C), range(Ho), range(Wo)):
        out[n, c, i, j] = reduce(x[n, c, i * s:i * s + k, j * s:j * s + k])
    return out


# --- output size and padding ---------------------------------------------------------------------
@pytest.mark.parametrize("n, m, p, s, expected", [
    (3, 3, 0, 1, 1), (3, 3, 1, 1, 3), (3, 3, 2, 1, 5),   # lecture 1's 3x3 example: valid, same, full
    (28, 5, 0, 1, 24), (28, 5, 2, 1, 28), (7, 3, 0, 2, 3), (8, 3, 0, 2, 3), (10, 4, 3, 3, 5), (5, 5, 0, 7, 1),
])
def test_output_size_by_hand(n, m, p, s, expected):
    assert co.conv_output_size(n, m, p, s) == expected


def test_output_size_counts_kernel_positions():
    for n, m, p, s in itertools.product(range(1, 9), range(1, 6), range(0, 3), range(1, 4)):
        if m <= n + 2 * p:
            positions = len(range(0, n + 2 * p - m + 1, s))  # start indices where the whole kernel fits
            assert co.conv_output_size(n, m, p, s) == positions == math.floor((n + 2 * p - m) / s) + 1


@pytest.mark.parametrize("args, word", [
    ((3, 4, 0, 1), "larger than the padded input"), ((2, 7, 2, 1), "larger than the padded input"),
    ((0, 3, 1, 1), "n must be"), ((5, 0, 0, 1), "m must be"), ((5, 3, -1, 1), "p must be"),
    ((5, 3, 0, 0), "s must be"), ((5.0, 3, 0, 1), "n must be"), ((5, 3, True, 1), "p must be"),
])
def test_output_size_errors(args, word):
    with pytest.raises(ValueError, match=word) as info:
        co.conv_output_size(*args)
    assert all(f"{k}=" in str(info.value) for k in "nmps")


@pytest.mark.parametrize("m", [1, 3, 5, 7])
def test_padding_modes_for_odd_kernels(m):
    assert co.padding_amount("valid", m) == 0
    assert co.padding_amount("full", m) == m - 1
    assert co.padding_amount("same", m) == (m - 1) // 2
    assert co.padding_amount("SAME", m) == (m - 1) // 2
    assert co.padding_amount(2, m) == 2
    n = 11  # same keeps the size, full grows it by m - 1, valid shrinks it by m - 1
    assert co.conv_output_size(n, m, co.padding_amount("same", m), 1) == n
    assert co.conv_output_size(n, m, co.padding_amount("full", m), 1) == n + m - 1
    assert co.conv_output_size(n, m, co.padding_amount("valid", m), 1) == n - m + 1


def test_padding_mode_errors():
    with pytest.raises(ValueError, match="odd kernel size; got 4"):
        co.padding_amount("same", 4)
    assert co.padding_amount("full", 4) == 3  # full and valid do not care about parity
    for bad in ("half", -1, 1.5, None):
        with pytest.raises(ValueError, match="padding must be"):
            co.padding_amount(bad, 3)


def test_pad2d_matches_np_pad():
    rng = np.random.default_rng(0)
    x4 = rng.standard_normal((2, 3, 4, 5))
    np.testing.assert_array_equal(co.pad2d(x4, 2), np.pad(x4, ((0, 0), (0, 0), (2, 2), (2, 2))))
    np.testing.assert_array_equal(co.pad2d(x4, (1, 3)), np.pad(x4, ((0, 0), (0, 0), (1, 1), (3, 3))))
    np.testing.assert_array_equal(co.pad2d(x4, "same", kernel_size=(3, 5)),
                                  np.pad(x4, ((0, 0), (0, 0), (1, 1), (2, 2))))
    x2 = LECTURE1_X
    np.testing.assert_array_equal(co.pad2d(x2, "full", kernel_size=3), np.pad(x2, 2))
    np.testing.assert_array_equal(co.pad2d(x2, "same", kernel_size=3)[1:-1, 1:-1], x2)  # the lecture's padded X
    assert co.pad2d(x2, "same", kernel_size=3).shape == (5, 5)
    unpadded = co.pad2d(x2, "valid", kernel_size=3)
    np.testing.assert_array_equal(unpadded, x2)
    assert unpadded is not x2
    assert co.pad2d(x4.astype(np.float32), 1).dtype == np.float32
    with pytest.raises(ValueError, match="kernel_size"):
        co.pad2d(x2, "same")
    with pytest.raises(ValueError, match=r"\(N, C, H, W\) or \(H, W\)"):
        co.pad2d(np.zeros((2, 3, 4)), 1)


# --- im2col / col2im -----------------------------------------------------------------------------
def test_im2col_layout_entry_by_entry():
    rng = np.random.default_rng(1)
    N, C, H, W, HH, WW, s, p = 2, 3, 6, 5, 3, 2, 2, 1
    x = rng.standard_normal((N, C, H, W))
    cols = co.im2col(x, HH, WW, stride=s, padding=p)
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    Ho, Wo = (H + 2 * p - HH) // s + 1, (W + 2 * p - WW) // s + 1
    assert cols.shape == (C * HH * WW, N * Ho * Wo)
    for c, i, j, n, oh, ow in itertools.product(range(C), range(HH), range(WW), range(N), range(Ho), range(Wo)):
        assert cols[(c * HH + i) * WW + j, (n * Ho + oh) * Wo + ow] == xp[n, c, oh * s + i, ow * s + j]


@pytest.mark.parametrize("shape, HH, WW, s, p", [
    ((2, 3, 7, 6), 3, 3, 1, 0), ((2, 3, 7, 6), 3, 2, 2, 1), ((1, 2, 9, 9), 5, 5, 3, 2),
    ((3, 1, 5, 8), 1, 4, 1, "full"), ((2, 2, 6, 6), 3, 3, 2, "same"), ((2, 2, 4, 4), 4, 4, 1, "valid"),
])
def test_col2im_is_the_adjoint_of_im2col(shape, HH, WW, s, p):
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape)
    cols = co.im2col(x, HH, WW, s, p)
    c = rng.standard_normal(cols.shape)
    lhs = np.sum(cols * c)
    rhs = np.sum(x * co.col2im(c, shape, HH, WW, s, p))
    assert lhs == pytest.approx(rhs, rel=1e-12, abs=1e-12)


def test_col2im_counts_how_often_each_pixel_is_used():
    # Folding a matrix of ones gives, per pixel, the number of windows that cover it: by hand for
    # a 4x4 image, 3x3 kernel, stride 1, no padding, the corner is covered once and the centre 4 times.
    cols = np.ones((9, 4))
    counts = co.col2im(cols, (1, 1, 4, 4), 3, 3)
    np.testing.assert_array_equal(counts[0, 0], [[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2], [1, 2, 2, 1]])


def test_col2im_rejects_a_wrong_shape():
    # 2 images of 5x5 under a 3x3 kernel: 2 * 3 * 3 = 18 columns of 3 * 3 * 3 = 27 rows
    with pytest.raises(ValueError, match=r"cols must have shape .*\(27, 18\).*got \(27, 17\)"):
        co.col2im(np.zeros((27, 17)), (2, 3, 5, 5), 3, 3, 1, 0)


# --- cross-correlation: naive loops vs im2col ----------------------------------------------------
CASES = [  # (N, C, H, W), (F, HH, WW), stride, padding
    ((2, 3, 7, 6), (4, 3, 3), 1, 0), ((2, 3, 7, 6), (4, 3, 3), 1, 1), ((1, 2, 9, 7), (3, 3, 2), 2, 0),
    ((2, 1, 8, 8), (2, 5, 5), 2, 2), ((2, 2, 10, 9), (3, 3, 3), 3, 1), ((1, 3, 11, 5), (2, 2, 4), 3, 0),
    ((3, 2, 5, 5), (2, 3, 3), 1, "same"), ((1, 2, 5, 4), (2, 3, 3), 2, "full"), ((2, 1, 6, 7), (1, 1, 1), 1, 0),
    ((1, 1, 4, 4), (1, 4, 4), 1, "valid"), ((2, 4, 7, 7), (5, 3, 5), 1, "same"), ((1, 2, 13, 13), (2, 3, 3), 3, 2),
]


@pytest.mark.parametrize("xs, ws, s, p", CASES)
def test_naive_and_im2col_agree_with_the_definition(xs, ws, s, p):
    rng = np.random.default_rng(3)
    x = rng.standard_normal(xs)
    W = rng.standard_normal((ws[0], xs[1], ws[1], ws[2]))
    b = rng.standard_normal(ws[0])
    ph, pw = co.padding_amount(p, ws[1]), co.padding_amount(p, ws[2])
    expected = loop_cross_correlation(x, W, b, s, ph, pw)
    np.testing.assert_allclose(co.conv2d_naive(x, W, b, s, p), expected, rtol=1e-12, atol=1e-12)
    out, _ = co.conv2d_forward(x, W, b, s, p)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(co.conv2d(x, W, b, s, p), expected, rtol=1e-12, atol=1e-12)


def test_naive_by_hand():
    # all-ones 3x3 image, all-ones 2x2 kernel, bias 0.5, stride 1: each output = 4 + 0.5
    out = co.conv2d_naive(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)), np.array([0.5]))
    np.testing.assert_array_equal(out, np.full((1, 1, 2, 2), 4.5))
    # with padding 1 the corners see only one pixel: 1 + 0.5
    out = co.conv2d_naive(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)), np.array([0.5]), padding=1)
    np.testing.assert_array_equal(out[0, 0], [[1.5, 2.5, 2.5, 1.5], [2.5, 4.5, 4.5, 2.5],
                                              [2.5, 4.5, 4.5, 2.5], [1.5, 2.5, 2.5, 1.5]])


# --- true convolution vs cross-correlation -------------------------------------------------------
def test_lecture1_golden_numbers():
    np.testing.assert_array_equal(np.flip(LECTURE1_W), LECTURE1_W_ROTATED)
    np.testing.assert_allclose(co.convolve2d(LECTURE1_X, LECTURE1_W, padding="same"), LECTURE1_TRUE_CONV, atol=1e-12)
    np.testing.assert_allclose(co.conv2d(LECTURE1_X, LECTURE1_W, padding="same"), LECTURE1_CROSS_CORR, atol=1e-12)
    # the lecture's route: cross-correlate the padded X with the rotated kernel
    np.testing.assert_allclose(co.conv2d(LECTURE1_X, LECTURE1_W_ROTATED, padding=1), LECTURE1_TRUE_CONV, atol=1e-12)
    # centre entry by hand: sum(X * W^r) = 1 + 1 + 1 + 0.5 + 0 + 0.3 + 0.4 + 4.9 + 1.5
    assert co.convolve2d(LECTURE1_X, LECTURE1_W, padding="valid")[0, 0] == pytest.approx(10.6)
    assert co.conv2d(LECTURE1_X, LECTURE1_W, padding="valid").shape == (1, 1)


def test_true_convolution_is_cross_correlation_with_the_flipped_kernel():
    rng = np.random.default_rng(4)
    x, W, b = rng.standard_normal((2, 3, 8, 7)), rng.standard_normal((4, 3, 3, 5)), rng.standard_normal(4)
    for s, p in [(1, 0), (1, "same"), (2, 1), (3, "full")]:
        np.testing.assert_allclose(co.convolve2d(x, W, b, s, p), co.conv2d(x, W[:, :, ::-1, ::-1], b, s, p),
                                   rtol=1e-12, atol=1e-12)
        assert not np.allclose(co.convolve2d(x, W, b, s, p), co.conv2d(x, W, b, s, p))
    symmetric = np.array([[1.0, 2.0, 1.0], [0.5, 3.0, 0.5], [1.0, 2.0, 1.0]])  # unchanged by a 180° turn
    img = rng.standard_normal((6, 5))
    np.testing.assert_allclose(co.convolve2d(img, symmetric, padding="same"),
                               co.conv2d(img, symmetric, padding="same"), rtol=1e-12)


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_2d_convolution_and_correlation_match_scipy(mode):
    signal = pytest.importorskip("scipy.signal")
    rng = np.random.default_rng(5)
    for shape, kshape in [((7, 6), (3, 3)), ((9, 5), (5, 3)), ((4, 4), (1, 3))]:
        img, k = rng.standard_normal(shape), rng.standard_normal(kshape)
        np.testing.assert_allclose(co.convolve2d(img, k, padding=mode), signal.convolve2d(img, k, mode=mode),
                                   rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(co.conv2d(img, k, padding=mode), signal.correlate2d(img, k, mode=mode),
                                   rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("n, m", [(5, 3), (8, 1), (10, 5), (7, 7), (12, 3)])
def test_conv1d_matches_np_convolve(mode, n, m):
    rng = np.random.default_rng(6)
    x, w = rng.standard_normal(n), rng.standard_normal(m)
    np.testing.assert_allclose(co.conv1d(x, w, mode), np.convolve(x, w, mode), rtol=1e-12, atol=1e-12)


def test_conv1d_lecture1_formula_by_hand():
    # y[i] = sum_k x[i - k] w[k]: x = [1, 2, 3], w = [1, 0, -1] gives full [1, 2, 2, -2, -3]
    np.testing.assert_allclose(co.conv1d([1, 2, 3], [1, 0, -1], "full"), [1, 2, 2, -2, -3])
    np.testing.assert_allclose(co.conv1d([1, 2, 3], [1, 0, -1], "same"), [2, 2, -2])
    np.testing.assert_allclose(co.conv1d([1, 2, 3], [1, 0, -1], "valid"), [2])
    np.testing.assert_allclose(co.conv1d([1, 2, 3], [1, 0, -1], 1), [2, 2, -2])
    with pytest.raises(ValueError, match="larger than the padded input"):
        co.conv1d([1, 2], [1, 2, 3])


# --- clear errors --------------------------------------------------------------------------------
def test_errors_name_what_was_expected_and_what_came():
    x, W, b = np.zeros((2, 3, 5, 5)), np.zeros((4, 3, 3, 3)), np.zeros(4)
    with pytest.raises(ValueError, match=r"larger than the padded input"):
        co.conv2d_forward(np.zeros((1, 3, 2, 2)), W, b)
    co.conv2d_forward(np.zeros((1, 3, 2, 2)), W, b, padding=1)  # padding makes it fit
    with pytest.raises(ValueError, match=r"x must have shape \(N, C, H, W\); got an array of shape \(3, 5, 5\)"):
        co.conv2d_forward(np.zeros((3, 5, 5)), W, b)
    with pytest.raises(ValueError, match=r"W must have shape \(F, C, HH, WW\)"):
        co.conv2d_forward(x, np.zeros((4, 3, 3)), b)
    with pytest.raises(ValueError, match=r"channel mismatch.*C=3.*C=2"):
        co.conv2d_forward(x, np.zeros((4, 2, 3, 3)), b)
    with pytest.raises(ValueError, match=r"b must have shape \(F,\) = \(4,\); got \(3,\)"):
        co.conv2d_forward(x, W, np.zeros(3))
    with pytest.raises(ValueError, match="odd kernel size; got 2"):
        co.conv2d_forward(x, np.zeros((4, 3, 2, 2)), b, padding="same")
    with pytest.raises(ValueError, match="stride must be an integer >= 1; got 0"):
        co.conv2d_forward(x, W, b, stride=0)
    with pytest.raises(ValueError, match="stride"):
        co.conv2d(x, W, b, stride=1.5)
    with pytest.raises(ValueError, match="2-D image"):
        co.conv2d(np.zeros((5, 5)), W)
    with pytest.raises(TypeError, match="real numbers"):
        co.conv2d_forward(np.array([["a"]]), W, b)
    _, cache = co.conv2d_forward(x, W, b)
    with pytest.raises(ValueError, match=r"dout must have the forward output's shape \(2, 4, 3, 3\)"):
        co.conv2d_backward(np.zeros((2, 4, 3, 4)), cache)


# --- dtypes --------------------------------------------------------------------------------------
def test_float32_stays_float32():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 3, 6, 6)).astype(np.float32)
    W = rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    b = rng.standard_normal(4).astype(np.float32)
    out, cache = co.conv2d_forward(x, W, b, 1, "same")
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in co.conv2d_backward(np.ones_like(out), cache))
    assert co.im2col(x, 3, 3).dtype == np.float32
    assert co.col2im(co.im2col(x, 3, 3), x.shape, 3, 3).dtype == np.float32
    assert co.conv2d(x[0, 0], W[0, 0]).dtype == np.float32
    assert co.conv1d(x[0, 0, 0], W[0, 0, 0]).dtype == np.float32
    # float64 kernels do not promote a float32 input, integer images become float64
    assert co.conv2d_forward(x, W.astype(np.float64), b.astype(np.float64))[0].dtype == np.float32
    assert co.conv2d(np.arange(9).reshape(3, 3), np.ones((2, 2), dtype=int)).dtype == np.float64


def test_backward_leaves_dout_alone():
    rng = np.random.default_rng(8)
    out, cache = co.conv2d_forward(rng.standard_normal((2, 2, 5, 5)), rng.standard_normal((3, 2, 3, 3)),
                                   np.zeros(3), 2, 1)
    dout = rng.standard_normal(out.shape)
    kept = dout.copy()
    dout.setflags(write=False)  # a read-only dout must work too
    co.conv2d_backward(dout, cache)
    np.testing.assert_array_equal(dout, kept)


# --- pooling kernels -----------------------------------------------------------------------------
def test_lecture1_pooling_two_inputs_one_summary():
    assert not np.array_equal(LECTURE1_X1, LECTURE1_X2)
    out, _ = po.maxpool_forward(np.stack([LECTURE1_X1, LECTURE1_X2])[:, None], kernel_size=2)
    np.testing.assert_array_equal(out[0, 0], LECTURE1_POOLED)
    np.testing.assert_array_equal(out[1, 0], LECTURE1_POOLED)


@pytest.mark.parametrize("k, s", [(2, 2), (3, 3), (2, 1), (3, 2), (3, 1), (2, 3)])
def test_pooling_matches_loops(k, s):
    rng = np.random.default_rng(9)
    x = rng.standard_normal((2, 3, 7, 8))
    np.testing.assert_array_equal(po.maxpool_forward(x, k, s)[0], loop_pool(x, k, s, np.max))
    np.testing.assert_allclose(po.avgpool_forward(x, k, s)[0], loop_pool(x, k, s, np.mean), rtol=1e-12)


def test_pooling_default_stride_and_shapes():
    x = np.arange(2 * 1 * 4 * 6, dtype=float).reshape(2, 1, 4, 6)
    out, _ = po.avgpool_forward(x, 2)  # stride None = 2: non-overlapping 2x2 means
    np.testing.assert_allclose(out, x.reshape(2, 1, 2, 2, 3, 2).mean(axis=(3, 5)))
    out, _ = po.maxpool_forward(x, (2, 3))
    np.testing.assert_array_equal(out, x.reshape(2, 1, 2, 2, 2, 3).max(axis=(3, 5)))
    assert po.maxpool_forward(np.zeros((1, 1, 5, 5)), 2)[0].shape == (1, 1, 2, 2)  # last row/column dropped


def test_max_pool_ties_send_the_gradient_to_the_first_maximum():
    x = np.array([[[[1.0, 3.0], [3.0, 3.0]]]])  # three tied maxima; the first in row-major order is (0, 1)
    out, cache = po.maxpool_forward(x, 2)
    dx = po.maxpool_backward(np.array([[[[5.0]]]]), cache)
    np.testing.assert_array_equal(dx, [[[[0.0, 5.0], [0.0, 0.0]]]])


def test_overlapping_windows_accumulate():
    # 1x3 input, windows of 1x2 with stride 1: the middle entry is in both windows.
    x = np.array([[[[1.0, 2.0, 0.0]]]])
    out, cache = po.maxpool_forward(x, (1, 2), 1)
    np.testing.assert_array_equal(out, [[[[2.0, 2.0]]]])
    np.testing.assert_array_equal(po.maxpool_backward(np.array([[[[1.0, 10.0]]]]), cache), [[[[0, 11.0, 0]]]])
    out, cache = po.avgpool_forward(x, (1, 2), 1)
    np.testing.assert_array_equal(out, [[[[1.5, 1.0]]]])
    np.testing.assert_array_equal(po.avgpool_backward(np.array([[[[1.0, 10.0]]]]), cache), [[[[0.5, 5.5, 5.0]]]])


def test_pooling_errors():
    with pytest.raises(ValueError, match="larger than the padded input"):
        po.maxpool_forward(np.zeros((1, 1, 2, 2)), 3)
    with pytest.raises(ValueError, match=r"x must have shape \(N, C, H, W\)"):
        po.avgpool_forward(np.zeros((4, 4)), 2)
    with pytest.raises(ValueError, match="stride must be >= 1; got 0"):
        po.maxpool_forward(np.zeros((1, 1, 4, 4)), 2, 0)
    _, cache = po.maxpool_forward(np.zeros((1, 1, 4, 4)), 2)
    with pytest.raises(ValueError, match=r"dout must have the forward output's shape \(1, 1, 2, 2\)"):
        po.maxpool_backward(np.zeros((1, 1, 2, 3)), cache)


# --- PyTorch as an outside reference -------------------------------------------------------------
@pytest.mark.parametrize("s, p", [(1, 0), (1, 1), (2, 1), (3, 2), (2, 0)])
def test_conv_matches_pytorch(s, p):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(10)
    x, W, b = rng.standard_normal((3, 2, 9, 8)), rng.standard_normal((4, 2, 3, 2)), rng.standard_normal(4)
    out, cache = co.conv2d_forward(x, W, b, s, p)
    dout = rng.standard_normal(out.shape)
    dx, dW, db = co.conv2d_backward(dout, cache)
    xt, Wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, W, b))
    out_t = torch.nn.functional.conv2d(xt, Wt, bt, stride=s, padding=p)
    out_t.backward(torch.tensor(dout))
    for ours, theirs in [(out, out_t), (dx, xt.grad), (dW, Wt.grad), (db, bt.grad)]:
        np.testing.assert_allclose(ours, theirs.detach().numpy(), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("k, s", [(2, None), (3, 1), (3, 2), (2, 1)])
def test_pooling_matches_pytorch_including_ties(k, s):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(11)
    x = rng.integers(0, 3, size=(2, 3, 7, 7)).astype(float)  # many ties
    dout_shape = po.maxpool_forward(x, k, s)[0].shape
    dout = rng.standard_normal(dout_shape)
    for ours_f, ours_b, theirs in [(po.maxpool_forward, po.maxpool_backward, torch.nn.functional.max_pool2d),
                                   (po.avgpool_forward, po.avgpool_backward, torch.nn.functional.avg_pool2d)]:
        out, cache = ours_f(x, k, s)
        xt = torch.tensor(x, requires_grad=True)
        out_t = theirs(xt, k, s)
        out_t.backward(torch.tensor(dout))
        np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-12)
        np.testing.assert_allclose(ours_b(dout, cache), xt.grad.numpy(), rtol=1e-12, atol=1e-12)
