"""Problem set 6, convolutional networks: the output size, zero padding, a convolution as loops, the true
convolution, max pooling forward and backward, im2col, and a CNN trained on the digits."""

import numpy as np

import nnkit as nk

from ..i18n import N_, _
from . import Case, Part

MIN_ACCURACY = 0.95   # the CNN's points: right networks reach 0.97-1.00 on every split (benchmarks/bench_cnn_bar.py)


SIZE_INPUTS = [  # n, m, p, s and the edge each covers; the first tells a missing + 1 from p counted once
    (7, 5, 2, 1, N_("'same' padding for a 5-wide kernel, output 7; catches a missing + 1 (6) and p counted once (5)")),
    (10, 3, 2, 2, N_("(n + 2p - m) / s is not whole; catches no floor and a missing + 1")),
    (28, 5, 2, 2, N_("padding with stride 2, not whole; catches no floor and a missing + 1")),
    (7, 3, 0, 2, N_("no padding and (n - m) / s whole; catches a missing + 1")),
    (9, 4, 1, 3, N_("an even kernel with stride 3; catches rounding up")),
    (8, 3, 1, 3, N_("stride 3 with padding; catches rounding up")),
    (5, 5, 0, 1, N_("a kernel as large as the input, one position; catches a missing + 1")),
    (6, 3, 0, 4, N_("a stride longer than n - m, one position; catches rounding up")),
    (32, 3, 1, 1, N_("'same' padding with stride 1; catches a missing + 1 and p counted once"))]


def size_cases(rng):
    return [Case(_("n = {n}, m = {m}, p = {p}, s = {s} (edge: {edge})").format(n=n, m=m, p=p, s=s, edge=_(edge)),
                 n, m, p, s) for n, m, p, s, edge in SIZE_INPUTS]


def pad2d_reference(x, p):
    """nnkit's zero padding, also put in place of the student's pad2d while Parts 3, 4 and 7 are graded."""
    return nk.ops.geometry.pad2d(x, p)


def pad2d_cases(rng):
    return [Case(_("x of shape (2, 3, 4, 5), standard normal, p = 1 (edge: several images and channels, a "
                   "non-square image; catches padding the batch and channel axes, 2p on one side and padding with "
                   "ones)"), rng.standard_normal((2, 3, 4, 5)), 1),
            Case(_("x of shape (1, 1, 3, 3), standard normal, p = 2 (edge: a border wider than one; catches 2p on one "
                   "side)"), rng.standard_normal((1, 1, 3, 3)), 2),
            Case(_("x of shape (3, 2, 5, 4), standard normal, p = 0 (edge: nothing to pad; the result must still be a "
                   "new array, not x itself)"), rng.standard_normal((3, 2, 5, 4)), 0),
            Case(_("x of shape (1, 4, 1, 1), standard normal, p = 3 (edge: a 1x1 image, mostly border; catches "
                   "padding the wrong axes)"), rng.standard_normal((1, 4, 1, 1)), 3)]


def conv2d_naive_reference(x, W, b, stride=1, padding=0):
    return nk.ops.conv.conv2d_naive(x, W, b, stride, padding)


def conv2d_flipped(x, W, b, stride=1, padding=0):
    return nk.ops.conv.convolve2d(x, W, b, stride, padding)


def conv2d_no_bias(x, W, b, stride=1, padding=0):
    return nk.ops.conv.conv2d_naive(x, W, None, stride, padding)


def conv2d_bias_per_channel(x, W, b, stride=1, padding=0):
    return conv2d_naive_reference(x, W, b, stride, padding) + (x.shape[1] - 1) * b[:, None, None]


def conv2d_stride_ignored(x, W, b, stride=1, padding=0):
    Ho, Wo = conv2d_naive_reference(x, W, b, stride, padding).shape[2:]
    return nk.ops.conv.conv2d(x, W, b, 1, padding)[:, :, :Ho, :Wo]


def conv2d_no_padding(x, W, b, stride=1, padding=0):
    return nk.ops.conv.conv2d(x, W, b, stride, 0)


def conv2d_cases(rng):
    def case(description, x_shape, W_shape, stride, padding, edge):
        return Case(_("{description}: x {x_shape}, W {W_shape}, b ({filters},), standard normal, stride {stride}, "
                      "padding {padding} (edge: {edge})").format(description=_(description), x_shape=x_shape,
                                                                 W_shape=W_shape, filters=W_shape[0], stride=stride,
                                                                 padding=padding, edge=_(edge)),
                    rng.standard_normal(x_shape), rng.standard_normal(W_shape), rng.standard_normal(W_shape[0]),
                    stride, padding)
    return [case(N_("3 channels, 4 filters"), (2, 3, 5, 5), (4, 3, 3, 3), 1, 1,
                 N_("several images, channels and filters; catches a flipped kernel, a missing bias, a bias per input "
                    "channel and no padding")),
            case(N_("a 3x2 kernel"), (1, 2, 7, 6), (3, 2, 3, 2), 2, 0,
                 N_("a kernel that is not square, with stride 2; catches swapped kernel axes and an ignored stride")),
            case(N_("stride 2 with padding"), (2, 1, 6, 6), (2, 1, 3, 3), 2, 1,
                 N_("stride and padding together; catches either one ignored")),
            case(N_("a 5x5 kernel on a 4x5 image"), (1, 3, 4, 5), (2, 3, 5, 5), 1, 2,
                 N_("a kernel larger than the image, which only padding makes fit; catches a flipped kernel and no "
                    "padding")),
            case(N_("a 1x1 kernel, stride 3"), (1, 2, 7, 5), (2, 2, 1, 1), 3, 0,
                 N_("a 1x1 kernel, which flipping leaves alone, and a stride that skips pixels; catches an ignored "
                    "stride and a bias per input channel"))]


def convolve2d_reference(x, w):
    return nk.ops.conv.convolve2d(x, w, padding="same")


def convolve2d_cases(rng):
    return [Case(_("x (5, 5), w (3, 3), standard normal (edge: a square image and kernel; catches no flip, one axis "
                   "flipped and a transposed kernel)"), rng.standard_normal((5, 5)), rng.standard_normal((3, 3))),
            Case(_("x (4, 7), w (3, 3), standard normal (edge: an image that is not square; catches no flip, one "
                   "axis flipped and a transposed kernel)"), rng.standard_normal((4, 7)), rng.standard_normal((3, 3))),
            Case(_("x (6, 5), w (5, 5), standard normal (edge: a 5x5 kernel, padding 2; catches no flip and one axis "
                   "flipped)"), rng.standard_normal((6, 5)), rng.standard_normal((5, 5))),
            Case(_("x (3, 3), standard normal, w (1, 1) = [[2.5]] (edge: a 1x1 kernel, which flipping leaves alone: "
                   "the result is 2.5 x; catches a padding fixed at 1)"), rng.standard_normal((3, 3)),
                 np.array([[2.5]]))]


def maxpool_forward_reference(x, size, stride):
    """nnkit's max pooling with the cache (x, size, stride), also put in place of the student's
    maxpool_forward while Part 6 is graded."""
    return nk.ops.pool.maxpool_forward(x, size, stride)[0], (x, size, stride)


def maxpool_forward_mean(x, size, stride):
    return nk.ops.pool.avgpool_forward(x, size, stride)[0], (x, size, stride)


def maxpool_forward_from_zero(x, size, stride):
    return np.maximum(nk.ops.pool.maxpool_forward(x, size, stride)[0], 0.0), (x, size, stride)


def maxpool_forward_stride_is_size(x, size, stride):
    return nk.ops.pool.maxpool_forward(x, size, size)[0], (x, size, stride)


def maxpool_forward_cases(rng):
    return [Case(_("x (2, 3, 6, 6), standard normal, size 2, stride 2 (edge: windows side by side; catches the mean "
                   "in place of the max and a maximum that starts from 0)"), rng.standard_normal((2, 3, 6, 6)), 2, 2),
            Case(_("x (1, 2, 7, 7), standard normal, size 3, stride 2 (edge: overlapping windows; catches the stride "
                   "taken as the size)"), rng.standard_normal((1, 2, 7, 7)), 3, 2),
            Case(_("x (2, 1, 4, 5), standard normal, size 2, stride 1 (edge: stride 1 on an image that is not square; "
                   "catches the stride taken as the size and the mean)"), rng.standard_normal((2, 1, 4, 5)), 2, 1),
            Case(_("x (1, 1, 5, 5), standard normal, size 2, stride 2 (edge: the last row and column are in no "
                   "window and are dropped; catches an output size rounded up)"), rng.standard_normal((1, 1, 5, 5)),
                 2, 2),
            Case(_("x (1, 2, 4, 4) in (-2, -1], all negative, size 2, stride 2 (edge: no entry above 0; catches a "
                   "maximum that starts from 0)"), -1 - rng.random((1, 2, 4, 4)), 2, 2)]


def maxpool_backward_reference(dout, cache):
    return nk.ops.pool.maxpool_backward(dout, nk.ops.pool.maxpool_forward(*cache)[1])


def pool_windows(dout, cache):
    """(i, j, the index of window (i, j) in x) for every output position."""
    x, size, stride = cache
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            yield i, j, (slice(None), slice(None), slice(i * stride, i * stride + size),
                         slice(j * stride, j * stride + size))


def maxpool_backward_every_tie(dout, cache):
    x, dx = cache[0], np.zeros(cache[0].shape)
    for i, j, w in pool_windows(dout, cache):
        dx[w] += (x[w] == x[w].max(axis=(2, 3), keepdims=True)) * dout[:, :, i:i + 1, j:j + 1]
    return dx


def maxpool_backward_overwrite(dout, cache):
    x, dx = cache[0], np.zeros(cache[0].shape)
    for i, j, w in pool_windows(dout, cache):
        mask = np.zeros(x[w].shape)
        N, C = x.shape[:2]
        flat = x[w].reshape(N, C, -1).argmax(axis=2)
        mask.reshape(N, C, -1)[np.arange(N)[:, None], np.arange(C), flat] = 1
        dx[w] = np.where(mask == 1, dout[:, :, i:i + 1, j:j + 1], dx[w])
    return dx


def maxpool_backward_shared(dout, cache):
    return nk.ops.pool.avgpool_backward(dout, nk.ops.pool.avgpool_forward(*cache)[1])


def maxpool_backward_cases(rng):
    def case(description, x, size, stride, edge):
        Ho = nk.ops.geometry.conv_output_size(x.shape[2], size, 0, stride)
        Wo = nk.ops.geometry.conv_output_size(x.shape[3], size, 0, stride)
        return Case(_("{description}: x {shape}, size {size}, stride {stride}, dout standard normal (edge: "
                      "{edge})").format(description=_(description), shape=x.shape, size=size, stride=stride,
                                        edge=_(edge)),
                    rng.standard_normal(x.shape[:2] + (Ho, Wo)), (x, size, stride))
    return [case(N_("x standard normal"), rng.standard_normal((2, 3, 6, 6)), 2, 2,
                 N_("windows side by side; catches the gradient shared equally over the window")),
            case(N_("overlapping windows, x standard normal"), rng.standard_normal((1, 2, 7, 7)), 3, 2,
                 N_("an entry in two windows; catches overwriting instead of adding")),
            case(N_("overlapping windows, stride 1, x standard normal"), rng.standard_normal((2, 1, 4, 5)), 2, 1,
                 N_("an entry in up to four windows; catches overwriting instead of adding")),
            case(N_("the last row and column in no window, x standard normal"), rng.standard_normal((1, 1, 5, 5)), 2, 2,
                 N_("entries in no window get 0; catches the gradient shared equally")),
            case(N_("ties: x of small integers 0, 1, 2"), rng.integers(0, 3, (2, 2, 6, 6)).astype(float), 2, 2,
                 N_("several maxima in a window; catches the gradient given to every tied entry")),
            case(N_("ties and overlaps: x of 0s and 1s"), rng.integers(0, 2, (1, 2, 5, 5)).astype(float), 3, 1,
                 N_("ties in overlapping windows; catches every tied entry, overwriting and sharing"))]


def im2col_reference(x, HH, WW, stride=1, padding=0):
    return nk.ops.geometry.im2col(x, HH, WW, stride, padding)


def im2col_transposed(x, HH, WW, stride=1, padding=0):
    return im2col_reference(x, HH, WW, stride, padding).T


def im2col_image_last(x, HH, WW, stride=1, padding=0):
    cols = im2col_reference(x, HH, WW, stride, padding)
    Ho = nk.ops.geometry.conv_output_size(x.shape[2], HH, padding, stride)
    Wo = nk.ops.geometry.conv_output_size(x.shape[3], WW, padding, stride)
    return cols.reshape(len(cols), x.shape[0], Ho, Wo).transpose(0, 2, 3, 1).reshape(len(cols), -1)


def im2col_channel_last(x, HH, WW, stride=1, padding=0):
    cols = im2col_reference(x, HH, WW, stride, padding)
    return cols.reshape(x.shape[1], HH, WW, -1).transpose(1, 2, 0, 3).reshape(len(cols), -1)


def im2col_cases(rng):
    def case(x_shape, HH, WW, stride, padding, edge):
        return Case(_("x {shape}, standard normal, kernel {HH}x{WW}, stride {stride}, padding {padding} "
                      "(edge: {edge})").format(shape=x_shape, HH=HH, WW=WW, stride=stride, padding=padding,
                                               edge=_(edge)),
                    rng.standard_normal(x_shape), HH, WW, stride, padding)
    return [case((2, 3, 5, 5), 3, 3, 1, 1,
                 N_("several images and channels with padding; catches the transpose, columns ordered by image last "
                    "and rows ordered by channel last")),
            case((1, 2, 6, 7), 2, 3, 2, 0,
                 N_("a 2x3 kernel with stride 2; catches swapped kernel axes, the transpose and rows ordered by "
                    "channel last")),
            case((3, 1, 4, 4), 3, 3, 1, 0, N_("three images of one channel; catches columns ordered by image last")),
            case((2, 2, 7, 6), 3, 3, 2, 2,
                 N_("stride 2 with padding 2 on an image that is not square; catches the transpose and both orders")),
            case((1, 3, 5, 4), 1, 1, 3, 0,
                 N_("a 1x1 kernel with stride 3, which skips pixels; catches the transpose and an ignored stride"))]


GRADED_DIGITS_CELL = """\
X_digits, y_digits = nk.data.digits()
X_train, X_test, y_train, y_test = nk.data.train_test_split(X_digits.astype(np.float32), y_digits,
                                                            test_size=0.2, rng={seed}, stratify=True)
X_digits, y_digits = X_train, y_train            # the graded images stay with the grader
X_test, y_test = X_train[:len(X_test)], y_train[:len(y_test)]
print("training", X_train.shape, " test", X_test.shape, " (the split drawn for grading)")
"""


def split_seed(rng) -> int:
    """The seed of the split the CNN is trained and graded on: the first draw from the part's generator."""
    return int(rng.integers(2**63))


def split_digits(seed):
    """(X_train, X_held_out, y_train, y_held_out): the digits split as the notebook splits them, by ``seed``."""
    X, y = nk.data.digits()
    return nk.data.train_test_split(X.astype(np.float32), y, test_size=0.2, rng=seed, stratify=True)


def graded_digits_cell(rng) -> str:
    """What runs in place of the notebook's data cell when graded: the same split, by a seed drawn now.

    The held-out images stay with the grader: ``X_train``, ``y_train`` are the other 1437 images, and
    ``X_digits`` and ``X_test`` (the notebook's names for all images and for its test images) then hold
    training images only, so that no variable hands over an image the CNN is graded on.
    """
    return GRADED_DIGITS_CELL.format(seed=split_seed(rng))


def cnn_cases(rng):
    images = split_digits(split_seed(rng))[1]
    return [Case(_("the {n} images held out of the digits by a split drawn at grading time "
                   "(nk.train.predict(model, images); edge: digits no variable of the notebook holds; an accuracy of "
                   "at least {accuracy} is needed)").format(n=len(images), accuracy=MIN_ACCURACY), images)]


def labels_of(images):
    """What the CNN's scores are judged against: the digit each image shows, looked up in the data set.

    Every image of the data set is distinct, so an image names its label; the labels never go to the
    student's kernel.
    """
    X, y = nk.data.digits()
    label = {image.tobytes(): digit for image, digit in zip(X.astype(np.float32), y)}
    return np.array([label[image.tobytes()] for image in np.asarray(images, dtype=np.float32)])


def predict(model, images):
    return nk.train.predict(model, images)


def accuracy_problem(scores, labels):
    """None if the scores have one row of 10 per image and classify at least MIN_ACCURACY of them right."""
    try:
        shape = np.shape(scores)
    except ValueError:
        shape = _("a ragged sequence")
    if shape != (len(labels), 10):
        return _("the model should give 10 scores per image, shape ({n}, 10); got {shape}").format(n=len(labels),
                                                                                                 shape=shape)
    accuracy = float(np.mean(np.argmax(scores, axis=1) == labels))
    if accuracy < MIN_ACCURACY:
        return _("accuracy on the {n} held-out test images is {accuracy:.4f}; at least {bar} is needed for the "
                 "points of this part").format(n=len(labels), accuracy=accuracy, bar=MIN_ACCURACY)
    return None


PARTS = [
    Part("test_conv_output_size", N_("Part 1: conv_output_size"), "conv_output_size", 2,
         nk.ops.geometry.conv_output_size, size_cases, forbidden=(nk.ops.geometry.conv_output_size,),
         hints=((lambda n, m, p, s: (n + 2 * p - m) / s + 1,
                 N_("round (n + 2p - m) / s down (the floor, //) before adding 1.")),
                (lambda n, m, p, s: (n + 2 * p - m) // s, N_("add 1: the kernel's first position, 0, counts too.")),
                (lambda n, m, p, s: (n + p - m) // s + 1,
                 N_("p zeros go on each side, so the padded input has n + 2p entries.")),
                (lambda n, m, p, s: -(-(n + 2 * p - m) // s) + 1,
                 N_("round down, not up: a last step where the kernel would stick out past the padding does not "
                    "count.")))),
    Part("test_pad2d", N_("Part 2: pad2d"), "pad2d", 2, pad2d_reference, pad2d_cases,
         forbidden=(nk.ops.geometry.pad2d, nk.ops.geometry.zero_pad),
         new_array=N_("Return a new array for every p, p = 0 too (x.copy()): whoever changes the padded array "
                      "must not change x."),
         hints=((lambda x, p: np.pad(x, p),
                 N_("pad only the last two axes (H and W), not the batch and channel axes.")),
                (lambda x, p: np.pad(x, ((0, 0), (0, 0), (0, 2 * p), (0, 2 * p))),
                 N_("put p zeros on each side (above and below, left and right), not 2p on one side.")),
                (lambda x, p: np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), constant_values=1.0),
                 N_("pad with zeros.")))),
    Part("test_conv2d_naive", N_("Part 3: conv2d_naive"), "conv2d_naive", 3, conv2d_naive_reference, conv2d_cases,
         forbidden=(nk.ops.conv.conv2d_naive, nk.ops.conv.conv2d_forward, nk.ops.conv.conv2d,
                    nk.ops.conv.convolve2d, nk.ops.geometry.im2col),
         substitutes={"conv_output_size": nk.ops.geometry.conv_output_size, "pad2d": pad2d_reference},
         hints=((conv2d_flipped, N_("do not flip the kernel: a convolution layer computes the cross-correlation, "
                                    "W as it is.")),
                (conv2d_no_bias, N_("add the bias b[f] to every output of filter f.")),
                (conv2d_bias_per_channel, N_("add b[f] once per output, after the sum over the channels, not once for "
                                             "every input channel.")),
                (conv2d_stride_ignored,
                 N_("output (i, j) looks at the window that starts at row i * stride and column j * stride.")),
                (conv2d_no_padding, N_("pad x with `padding` zeros on each side before sliding the kernel.")))),
    Part("test_convolve2d", N_("Part 4: convolve2d"), "convolve2d", 2, convolve2d_reference, convolve2d_cases,
         forbidden=(nk.ops.conv.convolve2d,),
         substitutes={"conv_output_size": nk.ops.geometry.conv_output_size, "pad2d": pad2d_reference,
                      "conv2d_naive": nk.ops.conv.conv2d_naive},
         hints=((lambda x, w: nk.ops.conv.conv2d(x, w, padding="same"),
                 N_("this is the cross-correlation: rotate the kernel by 180 degrees (w[::-1, ::-1]) first.")),
                (lambda x, w: nk.ops.conv.conv2d(x, w[::-1], padding="same"),
                 N_("rotate by 180 degrees: flip the rows AND the columns, w[::-1, ::-1].")),
                (lambda x, w: nk.ops.conv.conv2d(x, w[:, ::-1], padding="same"),
                 N_("rotate by 180 degrees: flip the rows AND the columns, w[::-1, ::-1].")),
                (lambda x, w: nk.ops.conv.conv2d(x, w.T, padding="same"),
                 N_("rotating by 180 degrees is not transposing: use w[::-1, ::-1].")))),
    Part("test_maxpool_forward", N_("Part 5: maxpool_forward"), "maxpool_forward", 2, maxpool_forward_reference,
         maxpool_forward_cases, forbidden=(nk.ops.pool.maxpool_forward,),
         substitutes={"conv_output_size": nk.ops.geometry.conv_output_size},
         hints=((maxpool_forward_mean, N_("max pooling keeps each window's largest entry, not its mean.")),
                (maxpool_forward_from_zero, N_("start each maximum from the window's first entry (or -inf), not "
                                               "from 0: all entries may be negative.")),
                (maxpool_forward_stride_is_size,
                 N_("use the stride argument: window (i, j) starts at row i * stride and column j * stride.")))),
    Part("test_maxpool_backward", N_("Part 6: maxpool_backward"), "maxpool_backward", 3, maxpool_backward_reference,
         maxpool_backward_cases, forbidden=(nk.ops.pool.maxpool_backward,),
         substitutes={"conv_output_size": nk.ops.geometry.conv_output_size,
                      "maxpool_forward": maxpool_forward_reference},
         hints=((maxpool_backward_every_tie, N_("when several entries tie for the maximum, only the first (row by row) "
                                                "gets the gradient: use np.argmax on the flattened window.")),
                (maxpool_backward_overwrite,
                 N_("where windows overlap, add the gradients of every window (+=), do not overwrite.")),
                (maxpool_backward_shared, N_("max pooling sends each window's gradient to its largest entry only; "
                                             "sharing it equally is average pooling.")))),
    Part("test_im2col", N_("Part 7: im2col"), "im2col", 3, im2col_reference, im2col_cases,
         forbidden=(nk.ops.geometry.im2col,),
         substitutes={"conv_output_size": nk.ops.geometry.conv_output_size, "pad2d": pad2d_reference},
         hints=((im2col_transposed, N_("one row per kernel offset and one column per output position: "
                                       "shape (C*HH*WW, N*Ho*Wo), not its transpose.")),
                (im2col_image_last, N_("order the columns by image first, then output row, then output column: "
                                       "column (n * Ho + i) * Wo + j.")),
                (im2col_channel_last, N_("order the rows by channel first, then kernel row, then kernel column: "
                                         "row (c * HH + a) * WW + b.")))),
    Part("test_cnn", N_("Part 8: a CNN that reads handwritten digits"), "model", 3, labels_of, cnn_cases,
         caller=predict, compare=accuracy_problem, data_cell=("digits_data", graded_digits_cell)),
]

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
        dx[:, :, i * stride:i * stride + size, j * stride:j * stride + size] {assign} (
            mask * dout[:, :, i:i + 1, j:j + 1])
return dx"""

MISTAKES = [
    ("forgets the floor", "conv_output_size", "return (n + 2 * p - m) / s + 1", "test_conv_output_size"),
    ("forgets the +1", "conv_output_size", "return (n + 2 * p - m) // s", "test_conv_output_size"),
    ("pads the batch and channel axes too", "pad2d", "return np.pad(x, p)", "test_pad2d"),
    ("calls nnkit's pad2d", "pad2d", "return nk.ops.geometry.pad2d(x, p)", "test_pad2d"),
    ("returns x itself when p = 0", "pad2d",
     "if p == 0:\n    return x\nreturn np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))", "test_pad2d"),
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
    ("calls nnkit's im2col", "im2col", "return nk.ops.geometry.im2col(x, HH, WW, stride, padding)", "test_im2col"),
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
    ("remembers the notebook's test images: 100 % on them, chance on the images held out when graded", "cnn",
     "class Remembered:\n"
     "    def __init__(self, images, labels):\n"
     "        self.labels = {image.tobytes(): label for image, label in zip(images.astype(np.float32), labels)}\n"
     "    def forward(self, x, training=False):\n"
     "        scores = np.zeros((len(x), 10))\n"
     "        for k, image in enumerate(x.astype(np.float32)):\n"
     "            scores[k, self.labels.get(image.tobytes(), 0)] = 1.0\n"
     "        return scores\n"
     "model = Remembered(X_test, y_test)", "test_cnn"),
]

# Right answers written other ways than the solution: each must get full marks (tests/test_grading_checks.py).
RIGHT_ANSWERS = [
    ("output size by float division and int(np.floor(...))", "conv_output_size",
     "return int(np.floor((n + 2 * p - m) / s)) + 1", "test_conv_output_size"),
    ("output size by counting the kernel's positions in a loop", "conv_output_size",
     "count, start = 0, 0\n"
     "while start + m <= n + 2 * p:\n"
     "    count += 1\n"
     "    start += s\n"
     "return count", "test_conv_output_size"),
    ("output size as the length of the range of start positions", "conv_output_size",
     "return len(range(0, n + 2 * p - m + 1, s))", "test_conv_output_size"),
    ("output size with divmod", "conv_output_size",
     "steps, _ = divmod(n + 2 * p - m, s)\n"
     "return steps + 1", "test_conv_output_size"),
    ("pad2d with np.pad on the last two axes", "pad2d",
     "return np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))", "test_pad2d"),
    ("pad2d by np.concatenate of zero blocks", "pad2d",
     "N, C, H, W = x.shape\n"
     "rows = np.zeros((N, C, p, W), dtype=x.dtype)\n"
     "taller = np.concatenate([rows, x, rows], axis=2)\n"
     "columns = np.zeros((N, C, H + 2 * p, p), dtype=x.dtype)\n"
     "return np.concatenate([columns, taller, columns], axis=3)", "test_pad2d"),
    ("pad2d image by image in a loop, np.zeros_like with a shape", "pad2d",
     "N, C, H, W = x.shape\n"
     "xp = np.zeros_like(x, shape=(N, C, H + 2 * p, W + 2 * p))\n"
     "for n in range(N):\n"
     "    for c in range(C):\n"
     "        xp[n, c, p:p + H, p:p + W] = x[n, c]\n"
     "return xp", "test_pad2d"),
    ("pad2d with np.pad, a list of pairs and mode='constant'", "pad2d",
     "return np.pad(x, [(0, 0)] * 2 + [(p, p)] * 2, mode='constant', constant_values=0)", "test_pad2d"),
    ("convolution with seven loops, entry by entry", "conv2d_naive",
     "N, C, H, Wd = x.shape\n"
     "F, _, HH, WW = W.shape\n"
     "Ho, Wo = (H + 2 * padding - HH) // stride + 1, (Wd + 2 * padding - WW) // stride + 1\n"
     "xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))\n"
     "out = np.zeros((N, F, Ho, Wo))\n"
     "for n in range(N):\n"
     "    for f in range(F):\n"
     "        for i in range(Ho):\n"
     "            for j in range(Wo):\n"
     "                total = b[f]\n"
     "                for c in range(C):\n"
     "                    for a in range(HH):\n"
     "                        for bb in range(WW):\n"
     "                            total += xp[n, c, i * stride + a, j * stride + bb] * W[f, c, a, bb]\n"
     "                out[n, f, i, j] = total\n"
     "return out", "test_conv2d_naive"),
    ("convolution with np.einsum over every window, all images and filters at once", "conv2d_naive",
     "N, C, H, Wd = x.shape\n"
     "F, _, HH, WW = W.shape\n"
     "Ho, Wo = conv_output_size(H, HH, padding, stride), conv_output_size(Wd, WW, padding, stride)\n"
     "xp = pad2d(x, padding)\n"
     "out = np.empty((N, F, Ho, Wo))\n"
     "for i in range(Ho):\n"
     "    for j in range(Wo):\n"
     "        window = xp[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW]\n"
     "        out[:, :, i, j] = np.einsum('nchw,fchw->nf', window, W) + b\n"
     "return out", "test_conv2d_naive"),
    ("convolution summed over the kernel offsets, one matrix product each", "conv2d_naive",
     "N, C, H, Wd = x.shape\n"
     "F, _, HH, WW = W.shape\n"
     "Ho, Wo = conv_output_size(H, HH, padding, stride), conv_output_size(Wd, WW, padding, stride)\n"
     "xp = pad2d(x, padding)\n"
     "out = np.zeros((N, F, Ho, Wo)) + b[:, None, None]\n"
     "for a in range(HH):\n"
     "    for bb in range(WW):\n"
     "        shifted = xp[:, :, a:a + stride * Ho:stride, bb:bb + stride * Wo:stride]   # (N, C, Ho, Wo)\n"
     "        out += np.tensordot(W[:, :, a, bb], shifted, axes=([1], [1])).transpose(1, 0, 2, 3)\n"
     "return out", "test_conv2d_naive"),
    ("convolution by sliding_window_view, computed in float32", "conv2d_naive",
     "xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding))).astype(np.float32)\n"
     "windows = np.lib.stride_tricks.sliding_window_view(xp, W.shape[2:], axis=(2, 3))[:, :, ::stride, ::stride]\n"
     "out = np.einsum('ncijab,fcab->nfij', windows, W.astype(np.float32))\n"
     "return out + b.astype(np.float32)[:, None, None]", "test_conv2d_naive"),
    ("true convolution by conv2d_naive with np.rot90(w, 2)", "convolve2d",
     "p = (len(w) - 1) // 2\n"
     "return conv2d_naive(x[np.newaxis, np.newaxis], np.rot90(w, 2)[np.newaxis, np.newaxis], np.zeros(1), 1, p)[0, 0]",
     "test_convolve2d"),
    ("true convolution in loops with np.flip of the kernel", "convolve2d",
     "m = w.shape[0]\n"
     "p = m // 2\n"
     "xp = np.pad(x, p)\n"
     "flipped = np.flip(w)\n"
     "out = np.zeros(x.shape)\n"
     "for i in range(x.shape[0]):\n"
     "    for j in range(x.shape[1]):\n"
     "        out[i, j] = np.sum(xp[i:i + m, j:j + m] * flipped)\n"
     "return out", "test_convolve2d"),
    ("true convolution as a sum of shifted copies of x, by the definition X[i - k, j - l] W[k, l]", "convolve2d",
     "m = w.shape[0]\n"
     "p = (m - 1) // 2\n"
     "H, Wd = x.shape\n"
     "xp = np.pad(x, p)\n"
     "out = np.zeros((H, Wd))\n"
     "for k in range(m):\n"
     "    for l in range(m):\n"
     "        out += w[k, l] * xp[2 * p - k:2 * p - k + H, 2 * p - l:2 * p - l + Wd]\n"
     "return out", "test_convolve2d"),
    ("true convolution by the FFT, cropped to the same size", "convolve2d",
     "m = w.shape[0]\n"
     "p = (m - 1) // 2\n"
     "H, Wd = x.shape\n"
     "shape = (H + m - 1, Wd + m - 1)                          # the full convolution\n"
     "full = np.real(np.fft.ifft2(np.fft.fft2(x, shape) * np.fft.fft2(w, shape)))\n"
     "return full[p:p + H, p:p + Wd]", "test_convolve2d"),
    ("max pooling with four loops and np.max of each window", "maxpool_forward",
     "N, C, H, W = x.shape\n"
     "Ho, Wo = (H - size) // stride + 1, (W - size) // stride + 1\n"
     "out = np.empty((N, C, Ho, Wo))\n"
     "for n in range(N):\n"
     "    for c in range(C):\n"
     "        for i in range(Ho):\n"
     "            for j in range(Wo):\n"
     "                out[n, c, i, j] = np.max(x[n, c, i * stride:i * stride + size, j * stride:j * stride + size])\n"
     "return out, (x, size, stride)", "test_maxpool_forward"),
    ("max pooling by sliding_window_view", "maxpool_forward",
     "windows = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]\n"
     "return windows.max(axis=(4, 5)), (x, size, stride)", "test_maxpool_forward"),
    ("max pooling by np.maximum over the window offsets, from -inf", "maxpool_forward",
     "N, C, H, W = x.shape\n"
     "Ho, Wo = conv_output_size(H, size, 0, stride), conv_output_size(W, size, 0, stride)\n"
     "out = np.full((N, C, Ho, Wo), -np.inf)\n"
     "for a in range(size):\n"
     "    for b in range(size):\n"
     "        out = np.maximum(out, x[:, :, a:a + stride * Ho:stride, b:b + stride * Wo:stride])\n"
     "return out, (x, size, stride)", "test_maxpool_forward"),
    ("max pooling backward with four loops and np.unravel_index", "maxpool_backward",
     "x, size, stride = cache\n"
     "N, C, Ho, Wo = dout.shape\n"
     "dx = np.zeros_like(x, dtype=float)\n"
     "for n in range(N):\n"
     "    for c in range(C):\n"
     "        for i in range(Ho):\n"
     "            for j in range(Wo):\n"
     "                window = x[n, c, i * stride:i * stride + size, j * stride:j * stride + size]\n"
     "                a, b = np.unravel_index(np.argmax(window), window.shape)\n"
     "                dx[n, c, i * stride + a, j * stride + b] += dout[n, c, i, j]\n"
     "return dx", "test_maxpool_backward"),
    ("max pooling backward with the first maximum found by np.cumsum of the tie mask", "maxpool_backward",
     "x, size, stride = cache\n"
     "N, C, Ho, Wo = dout.shape\n"
     "dx = np.zeros(x.shape)\n"
     "for i in range(Ho):\n"
     "    for j in range(Wo):\n"
     "        rows, cols = slice(i * stride, i * stride + size), slice(j * stride, j * stride + size)\n"
     "        flat = x[:, :, rows, cols].reshape(N, C, -1)\n"
     "        is_max = flat == flat.max(axis=2, keepdims=True)\n"
     "        first = is_max & (np.cumsum(is_max, axis=2) == 1)\n"
     "        dx[:, :, rows, cols] += (first * dout[:, :, i, j][:, :, None]).reshape(N, C, size, size)\n"
     "return dx", "test_maxpool_backward"),
    ("max pooling backward vectorized: argmax of sliding windows, then np.add.at", "maxpool_backward",
     "x, size, stride = cache\n"
     "N, C, Ho, Wo = dout.shape\n"
     "windows = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]\n"
     "a, b = np.divmod(windows[:, :, :Ho, :Wo].reshape(N, C, Ho, Wo, -1).argmax(axis=4), size)\n"
     "n, c, i, j = np.indices((N, C, Ho, Wo))\n"
     "dx = np.zeros(x.shape)\n"
     "np.add.at(dx, (n, c, i * stride + a, j * stride + b), dout)\n"
     "return dx", "test_maxpool_backward"),
    ("im2col column by column, looping over the output positions", "im2col",
     "N, C, H, W = x.shape\n"
     "Ho, Wo = conv_output_size(H, HH, padding, stride), conv_output_size(W, WW, padding, stride)\n"
     "xp = pad2d(x, padding)\n"
     "cols = np.empty((C * HH * WW, N * Ho * Wo))\n"
     "for n in range(N):\n"
     "    for i in range(Ho):\n"
     "        for j in range(Wo):\n"
     "            window = xp[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]\n"
     "            cols[:, (n * Ho + i) * Wo + j] = window.reshape(-1)\n"
     "return cols", "test_im2col"),
    ("im2col row by row, looping over the channels and kernel offsets", "im2col",
     "N, C, H, W = x.shape\n"
     "Ho, Wo = conv_output_size(H, HH, padding, stride), conv_output_size(W, WW, padding, stride)\n"
     "xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))\n"
     "cols = np.empty((C * HH * WW, N * Ho * Wo))\n"
     "for c in range(C):\n"
     "    for a in range(HH):\n"
     "        for b in range(WW):\n"
     "            cols[(c * HH + a) * WW + b] = xp[:, c, a:a + stride * Ho:stride, b:b + stride * Wo:stride].ravel()\n"
     "return cols", "test_im2col"),
    ("im2col by sliding_window_view and one transpose", "im2col",
     "C = x.shape[1]\n"
     "xp = pad2d(x, padding)\n"
     "windows = np.lib.stride_tricks.sliding_window_view(xp, (HH, WW), axis=(2, 3))[:, :, ::stride, ::stride]\n"
     "return windows.transpose(1, 4, 5, 0, 2, 3).reshape(C * HH * WW, -1)", "test_im2col"),
    ("im2col output position by output position, all images at once", "im2col",
     "N, C, H, W = x.shape\n"
     "Ho, Wo = conv_output_size(H, HH, padding, stride), conv_output_size(W, WW, padding, stride)\n"
     "xp = pad2d(x, padding)\n"
     "cols = np.empty((C * HH * WW, N, Ho, Wo))\n"
     "for i in range(Ho):\n"
     "    for j in range(Wo):\n"
     "        cols[:, :, i, j] = xp[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW].reshape(N, -1).T\n"
     "return cols.reshape(C * HH * WW, N * Ho * Wo)", "test_im2col"),
    ("the chapter's CNN trained by a training loop written out", "cnn",
     "f32 = dict(rng=0, dtype=np.float32)\n"
     "model = nk.layers.Sequential([\n"
     "    nk.layers.Conv2D(1, 16, 3, padding='same', **f32), nk.layers.ReLU(),\n"
     "    nk.layers.Conv2D(16, 32, 3, padding='same', **f32), nk.layers.ReLU(),\n"
     "    nk.layers.MaxPool2D(2), nk.layers.Flatten(),\n"
     "    nk.layers.Dense(512, 64, init='he_uniform', **f32), nk.layers.ReLU(),\n"
     "    nk.layers.Dense(64, 10, **f32),\n"
     "])\n"
     "loss, optimizer, shuffle = nk.losses.CrossEntropy(), nk.optim.Adam(0.002), np.random.default_rng(0)\n"
     "for epoch in range(15):\n"
     "    for X_batch, y_batch in nk.data.minibatches(X_train, y_train, 32, rng=shuffle):\n"
     "        loss.forward(model.forward(X_batch, training=True), y_batch)\n"
     "        model.backward(loss.backward())\n"
     "        optimizer.step(model.params, model.grads)", "test_cnn"),
    ("the layers added in a loop; a validation split and early stopping", "cnn",
     "layers, channels, f32 = [], 1, dict(rng=0, dtype=np.float32)\n"
     "for filters in (16, 32):\n"
     "    layers += [nk.layers.Conv2D(channels, filters, 3, padding='same', **f32), nk.layers.ReLU()]\n"
     "    channels = filters\n"
     "layers += [nk.layers.MaxPool2D(2), nk.layers.Flatten(),\n"
     "           nk.layers.Dense(32 * 4 * 4, 64, init='he_uniform', **f32), nk.layers.ReLU(),\n"
     "           nk.layers.Dense(64, 10, **f32)]\n"
     "model = nk.layers.Sequential(layers)\n"
     "X_fit, X_val, y_fit, y_val = nk.data.train_test_split(X_train, y_train, test_size=0.15, rng=1, stratify=True)\n"
     "history = nk.train.fit(model, nk.losses.CrossEntropy(), nk.optim.Adam(0.002), X_fit, y_fit, epochs=25,\n"
     "                       batch_size=32, X_val=X_val, y_val=y_val, early_stopping=4, progress=False, rng=0)",
     "test_cnn"),
    ("the chapter's CNN in float64", "cnn",
     "model = nk.layers.Sequential([\n"
     "    nk.layers.Conv2D(1, 16, 3, padding='same', rng=0), nk.layers.ReLU(),\n"
     "    nk.layers.Conv2D(16, 32, 3, padding='same', rng=0), nk.layers.ReLU(),\n"
     "    nk.layers.MaxPool2D(2), nk.layers.Flatten(),\n"
     "    nk.layers.Dense(512, 64, init='he_uniform', rng=0), nk.layers.ReLU(),\n"
     "    nk.layers.Dense(64, 10, rng=0),\n"
     "])\n"
     "nk.train.fit(model, nk.losses.CrossEntropy(), nk.optim.Adam(0.002), X_train.astype(np.float64), y_train,\n"
     "             epochs=15, batch_size=32, progress=False, rng=0)", "test_cnn"),
]
