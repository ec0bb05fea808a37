"""Bad input across nnkit's public interface: every call below is refused with the documented kind of error,
and the message names what was expected and what came.

``TypeError`` when an argument is not a number (or array, or flag) at all, or parameters would get an integer
dtype; ``ValueError`` for a number that is not an acceptable one, or an array of the wrong shape."""

import numpy as np
import pytest

import nnkit as nk

L, Opt, D, F = nk.layers, nk.optim, nk.data, nk.functional
X4, Y4 = np.zeros((4, 2)), np.zeros(4, dtype=int)
IMG = np.zeros((1, 1, 4, 4))
GRADS = {"W": np.ones(2)}


def _fit(**options):
    kwargs = {"epochs": 1, "batch_size": 2, "progress": False, **options}
    return nk.train.fit(L.Dense(2, 2), nk.losses.CrossEntropy(), Opt.SGD(0.1), X4, Y4, **kwargs)


def _forward(layer, x):
    return layer.forward(x)


def _backward_after(layer, x, dout):
    layer.forward(x, training=True)
    return layer.backward(dout)


# (call, error, what is expected, what came): both fragments must appear in the message
BAD = [
    # sizes: an integer >= 1, not a bool, a float or a string
    ("Dense(True, 3)", lambda: L.Dense(True, 3), ValueError, "in_features must be an integer >= 1", "True"),
    ("Dense('a', 3)", lambda: L.Dense("a", 3), TypeError, "in_features must be an integer", "'a' (str)"),
    ("Dense(2, 3.0)", lambda: L.Dense(2, 3.0), ValueError, "out_features must be an integer", "3.0"),
    ("Dense(0, 3)", lambda: L.Dense(0, 3), ValueError, "in_features must be an integer >= 1", "got 0"),
    ("Dense(2, None)", lambda: L.Dense(2, None), TypeError, "out_features must be an integer", "None"),
    ("Dense(2, 2, dtype=int64)", lambda: L.Dense(2, 2, dtype=np.int64), TypeError, "floating dtype", "int64"),
    ("Dense(2, 2, dtype=bool)", lambda: L.Dense(2, 2, dtype=bool), TypeError, "floating dtype", "bool"),
    ("Dense(2, 2, dtype='x')", lambda: L.Dense(2, 2, dtype="x"), TypeError, "floating dtype", "'x'"),
    ("Dense(2, 2, init='nope')", lambda: L.Dense(2, 2, init="nope"), ValueError, "expected one of", "'nope'"),
    ("Dense(2, 2, rng=RandomState)", lambda: L.Dense(2, 2, rng=np.random.RandomState(0)), TypeError,
     "numpy.random.Generator", "RandomState"),
    ("Dense(2, 2, rng=-1)", lambda: L.Dense(2, 2, rng=-1), ValueError, "non-negative integer", "-1"),
    ("Conv2D(0, 2, 3)", lambda: L.Conv2D(0, 2, 3), ValueError, "in_channels must be an integer >= 1", "got 0"),
    ("Conv2D('1', 2, 3)", lambda: L.Conv2D("1", 2, 3), TypeError, "in_channels must be an integer", "'1' (str)"),
    ("Conv2D(1, 2.5, 3)", lambda: L.Conv2D(1, 2.5, 3), ValueError, "out_channels must be an integer", "2.5"),
    ("Conv2D(1, 2, (3, 3, 3))", lambda: L.Conv2D(1, 2, (3, 3, 3)), ValueError, "kernel_size must be an int or a pair",
     "(3, 3, 3)"),
    ("Conv2D(1, 2, 0)", lambda: L.Conv2D(1, 2, 0), ValueError, "kernel_size must be >= 1", "got 0"),
    ("Conv2D(1, 2, 'x')", lambda: L.Conv2D(1, 2, "x"), TypeError, "kernel_size must be an int or a pair", "'x' (str)"),
    ("Conv2D(stride=0)", lambda: L.Conv2D(1, 2, 3, stride=0), ValueError, "stride must be an integer >= 1", "got 0"),
    ("Conv2D(stride=1.5)", lambda: L.Conv2D(1, 2, 3, stride=1.5), ValueError, "stride must be an integer", "1.5"),
    ("Conv2D(padding='half')", lambda: L.Conv2D(1, 2, 3, padding="half"), ValueError, "padding must be", "'half'"),
    ("Conv2D(padding=-1)", lambda: L.Conv2D(1, 2, 3, padding=-1), ValueError, "padding must be", "-1"),
    ("Conv2D(4, padding='same')", lambda: L.Conv2D(1, 2, 4, padding="same"), ValueError, "odd kernel size", "got 4"),
    ("Conv2D(padding=(1, -1))", lambda: L.Conv2D(1, 2, 3, padding=(1, -1)), ValueError, "padding must be >= 0",
     "(1, -1)"),
    ("Conv2D(dtype=int32)", lambda: L.Conv2D(1, 2, 3, dtype=np.int32), TypeError, "floating dtype", "int32"),
    ("MaxPool2D(0)", lambda: L.MaxPool2D(0), ValueError, "kernel_size must be >= 1", "got 0"),
    ("MaxPool2D('a')", lambda: L.MaxPool2D("a"), TypeError, "kernel_size must be an int or a pair", "'a' (str)"),
    ("AvgPool2D(2, stride=1.5)", lambda: L.AvgPool2D(2, stride=1.5), ValueError, "stride must be an int or a pair",
     "1.5"),
    ("BatchNorm('a')", lambda: L.BatchNorm("a"), TypeError, "num_features must be an integer", "'a' (str)"),
    ("BatchNorm(0)", lambda: L.BatchNorm(0), ValueError, "num_features must be an integer >= 1", "got 0"),
    ("BatchNorm(3, momentum=1.5)", lambda: L.BatchNorm(3, momentum=1.5), ValueError, "momentum must be in [0.0, 1.0]",
     "1.5"),
    ("BatchNorm(3, momentum='x')", lambda: L.BatchNorm(3, momentum="x"), TypeError, "momentum must be a real number",
     "'x' (str)"),
    ("BatchNorm(3, eps=0)", lambda: L.BatchNorm(3, eps=0), ValueError, "eps must be a finite positive number", "0"),
    ("BatchNorm(3, dtype=int64)", lambda: L.BatchNorm(3, dtype=np.int64), TypeError, "floating dtype", "int64"),
    # rates and probabilities: real numbers in range
    ("Dropout(1.0)", lambda: L.Dropout(1.0), ValueError, "p must be in [0.0, 1.0)", "1.0"),
    ("Dropout(-0.1)", lambda: L.Dropout(-0.1), ValueError, "p must be in [0.0, 1.0)", "-0.1"),
    ("Dropout('a')", lambda: L.Dropout("a"), TypeError, "p must be a real number", "'a' (str)"),
    ("Dropout(True)", lambda: L.Dropout(True), ValueError, "p must be a real number", "True"),
    ("LeakyReLU(-0.1)", lambda: L.LeakyReLU(-0.1), ValueError, "alpha must be in [0.0, 1.0)", "-0.1"),
    ("LeakyReLU('a')", lambda: L.LeakyReLU("a"), TypeError, "alpha must be a real number", "'a' (str)"),
    ("ELU('x')", lambda: L.ELU("x"), TypeError, "alpha must be a real number", "'x' (str)"),
    ("ELU(0)", lambda: L.ELU(0), ValueError, "alpha must be a finite positive number", "0"),
    ("ELU(inf)", lambda: L.ELU(float("inf")), ValueError, "alpha must be a finite positive number", "inf"),
    ("SGD('0.1')", lambda: Opt.SGD("0.1"), TypeError, "lr must be a real number", "'0.1' (str)"),
    ("SGD(True)", lambda: Opt.SGD(True), ValueError, "lr must be a real number", "True"),
    ("SGD(0)", lambda: Opt.SGD(0), ValueError, "lr must be a finite positive number", "0"),
    ("SGD(nan)", lambda: Opt.SGD(float("nan")), ValueError, "lr must be a finite positive number", "nan"),
    ("SGD(weight_decay=1.5)", lambda: Opt.SGD(0.1, weight_decay=1.5), ValueError, "weight_decay must be in", "1.5"),
    ("Momentum(momentum='a')", lambda: Opt.Momentum(0.1, "a"), TypeError, "momentum must be a real number", "'a'"),
    ("Momentum(momentum=1.0)", lambda: Opt.Momentum(0.1, 1.0), ValueError, "momentum must be in", "1.0"),
    ("Nesterov(lr=-1)", lambda: Opt.Nesterov(-1), ValueError, "lr must be a finite positive number", "-1"),
    ("Adagrad(eps=0)", lambda: Opt.Adagrad(0.1, eps=0), ValueError, "eps must be a finite positive number", "0"),
    ("RMSprop(rho=1.0)", lambda: Opt.RMSprop(0.1, rho=1.0), ValueError, "rho must be in", "1.0"),
    ("Adadelta(rho=-0.5)", lambda: Opt.Adadelta(rho=-0.5), ValueError, "rho must be in", "-0.5"),
    ("Adam(beta1=1.0)", lambda: Opt.Adam(0.1, beta1=1.0), ValueError, "beta1 must be in [0.0, 1.0)", "1.0"),
    ("Adam(beta2=None)", lambda: Opt.Adam(0.1, beta2=None), TypeError, "beta2 must be a real number", "None"),
    ("Nadam(lr='fast')", lambda: Opt.Nadam("fast"), TypeError, "lr must be a real number", "'fast' (str)"),
    ("step(keys differ)", lambda: Opt.SGD(0.1).step({"W": np.zeros(2)}, {"b": np.zeros(2)}), KeyError,
     "grads has no entry for params['W']", "['b']"),
    ("exponential_decay(steps='a')", lambda: Opt.exponential_decay(0.1, 0.5, "a"), TypeError,
     "decay_steps must be an integer", "'a' (str)"),
    ("exponential_decay(steps=2.5)", lambda: Opt.exponential_decay(0.1, 0.5, 2.5), ValueError,
     "decay_steps must be an integer", "2.5"),
    ("exponential_decay(rate=1.5)", lambda: Opt.exponential_decay(0.1, 1.5, 10), ValueError, "decay_rate", "1.5"),
    ("schedule(-1)", lambda: Opt.exponential_decay(0.1, 0.5, 2)(-1), ValueError, "the step t must be an integer >= 0",
     "-1"),
    ("schedule('a')", lambda: Opt.exponential_decay(0.1, 0.5, 2)("a"), TypeError, "the step t must be an integer",
     "'a' (str)"),
    ("clip_grad_norm(-1)", lambda: Opt.clip_grad_norm(GRADS, -1), ValueError, "max_norm must be a finite positive",
     "-1"),
    ("clip_grad_norm('a')", lambda: Opt.clip_grad_norm(GRADS, "a"), TypeError, "max_norm must be a real number", "'a'"),
    ("clip_grad_value(0)", lambda: Opt.clip_grad_value(GRADS, 0), ValueError, "clip_value must be a finite positive",
     "0"),
    # arrays: the layout and the shapes the forward pass produced
    ("Dense.forward 3-D", lambda: _forward(L.Dense(2, 2), np.zeros((2, 2, 2))), ValueError, "x must have shape (N, D)",
     "(2, 2, 2)"),
    ("Dense.forward wrong D", lambda: _forward(L.Dense(3, 2), np.zeros((2, 2))), ValueError, "(D, M) = (2, M)",
     "(3, 2)"),
    ("Dense.forward strings", lambda: _forward(L.Dense(2, 2), np.array([["a", "b"]])), TypeError, "real numbers",
     "<U1"),
    ("Dense.backward wrong dout", lambda: _backward_after(L.Dense(2, 3), np.zeros((4, 2)), np.zeros((4, 2))),
     ValueError, "dout must have the forward output's shape (4, 3)", "(4, 2)"),
    ("ReLU.backward wrong dout", lambda: _backward_after(L.ReLU(), np.zeros((2, 2)), np.zeros(3)), ValueError,
     "dout must have the forward output's shape (2, 2)", "(3,)"),
    ("Softmax.forward 1-D", lambda: _forward(L.Softmax(), np.zeros(3)), ValueError, "x must have shape (N, K)", "(3,)"),
    ("Conv2D.forward 3-D", lambda: _forward(L.Conv2D(1, 1, 3), np.zeros((1, 4, 4))), ValueError,
     "x must have shape (N, C, H, W)", "(1, 4, 4)"),
    ("Conv2D.forward channels", lambda: _forward(L.Conv2D(3, 1, 3), IMG), ValueError, "channel mismatch", "C=1"),
    ("MaxPool2D.forward too small", lambda: _forward(L.MaxPool2D(5), IMG), ValueError, "larger than the padded input",
     "m=5"),
    ("BatchNorm.forward features", lambda: _forward(L.BatchNorm(3), np.zeros((2, 2))), ValueError,
     "needs x with 3 features", "(2, 2)"),
    ("BatchNorm training one row", lambda: L.BatchNorm(2).forward(np.zeros((1, 2)), training=True), ValueError,
     "more than one value per feature", "(1, 2)"),
    ("Flatten.forward 1-D", lambda: _forward(L.Flatten(), np.zeros(3)), ValueError, "(N, ...)", "(3,)"),
    ("Dropout.backward first", lambda: L.Dropout(0.5).backward(np.zeros(2)), RuntimeError,
     "backward was called before forward", "Dropout"),
    ("Sequential([1])", lambda: L.Sequential([1]), TypeError, "Sequential takes nnkit layers", "int"),
    ("Sequential(Dense)", lambda: L.Sequential(L.Dense(2, 2)), TypeError, "a list of layers", "Dense"),
    ("Residual(1)", lambda: L.Residual(1), TypeError, "Residual wraps an nnkit layer", "int"),
    ("Residual shape change", lambda: _forward(L.Residual(L.Dense(2, 3)), X4), ValueError, "input's shape",
     "(4, 3)"),
    # the kernels and functions
    ("maxout(z, 0)", lambda: F.maxout(np.ones((2, 4)), 0), ValueError, "pieces must be an integer >= 1", "got 0"),
    ("maxout(z, '2')", lambda: F.maxout(np.ones((2, 4)), "2"), TypeError, "pieces must be an integer", "'2' (str)"),
    ("maxout(z, 3)", lambda: F.maxout(np.ones((2, 4)), 3), ValueError, "(N, M * pieces) with pieces=3", "(2, 4)"),
    ("softmax(axis='a')", lambda: F.softmax(np.ones((2, 3)), axis="a"), TypeError, "axis must be an integer", "'a'"),
    ("softmax(axis=2)", lambda: F.softmax(np.ones((2, 3)), axis=2), ValueError, "out of range", "(2, 3)"),
    ("sigmoid('a')", lambda: F.sigmoid("a"), TypeError, "real numbers", "<U1"),
    ("leaky_relu(alpha='a')", lambda: F.leaky_relu(np.ones(2), "a"), TypeError, "alpha must be a real number", "'a'"),
    ("elu(alpha=-1)", lambda: F.elu(np.ones(2), -1), ValueError, "alpha must be a finite positive number", "-1"),
    ("conv_output_size(5.0, ...)", lambda: nk.ops.geometry.conv_output_size(5.0, 3, 0, 1), ValueError,
     "n must be an integer >= 1", "5.0"),
    ("conv_output_size('5', ...)", lambda: nk.ops.geometry.conv_output_size("5", 3, 0, 1), TypeError,
     "n must be an integer", "'5' (str)"),
    ("pad2d(mode without kernel)", lambda: nk.ops.geometry.pad2d(np.zeros((3, 3)), "same"), ValueError,
     "pass kernel_size", "'same'"),
    ("pad2d(1-D)", lambda: nk.ops.geometry.pad2d(np.zeros(3), 1), ValueError, "(N, C, H, W) or (H, W)", "(3,)"),
    ("col2im(wrong cols)", lambda: nk.ops.geometry.col2im(np.zeros((2, 2)), (1, 1, 4, 4), 3, 3), ValueError,
     "(C*HH*WW, N*Ho*Wo) = (9, 4)", "(2, 2)"),
    ("conv2d(stride=0)", lambda: nk.ops.conv.conv2d(np.zeros((4, 4)), np.zeros((3, 3)), stride=0), ValueError,
     "stride must be an integer >= 1", "got 0"),
    ("maxpool_forward(stride=0)", lambda: nk.ops.pool.maxpool_forward(IMG, 2, 0), ValueError, "stride must be >= 1",
     "got 0"),
    ("dense_forward(b wrong)", lambda: nk.ops.dense.dense_forward(X4, np.zeros((2, 3)), np.zeros(2)), ValueError,
     "b must have shape (M,) = (3,)", "(2,)"),
    ("dropout_forward(mask wrong)", lambda: nk.ops.dropout.dropout_forward(X4, 0.5, mask=np.ones(3, bool)),
     ValueError, "mask must have the shape of x (4, 2)", "(3,)"),
    ("batchnorm_forward(gamma wrong)", lambda: nk.ops.norm.batchnorm_forward(X4, np.ones(3), np.zeros(2)),
     ValueError, "gamma must have shape (2,)", "(3,)"),
    # losses
    ("MSE(reduction='x')", lambda: nk.losses.MSE(reduction="x"), ValueError, '"mean" or "sum"', "'x'"),
    ("MSE shapes", lambda: nk.losses.MSE().forward(np.zeros((2, 2)), np.zeros((2, 3))), ValueError, "shape", "(2, 3)"),
    ("BCE pred 1.5", lambda: nk.losses.BinaryCrossEntropy().forward(np.array([1.5]), np.array([1.0])), ValueError,
     "probabilities in [0, 1]", "1.5"),
    ("BCE target 2", lambda: nk.losses.BinaryCrossEntropy().forward(np.array([0.5]), np.array([2.0])), ValueError,
     "target of binary cross-entropy must hold values in [0, 1]", "[0, 1]"),
    ("CrossEntropy label 0.5", lambda: nk.losses.CrossEntropy().forward(np.zeros((2, 3)), np.array([0.5, 1])),
     ValueError, "labels must be integers in [0, K)", "0.5"),
    ("CrossEntropy label 3", lambda: nk.losses.CrossEntropy().forward(np.zeros((2, 3)), np.array([0, 3])),
     ValueError, "labels must be integers in [0, K) with K = 3", "label 3"),
    ("loss.backward first", lambda: nk.losses.MSE().backward(), RuntimeError, "forward", "backward"),
    # initializers
    ("xavier_uniform(shape='a')", lambda: nk.init.xavier_uniform("a", 2, 2), TypeError, "every size in shape",
     "'a' (str)"),
    ("he_normal(shape=(2, -1))", lambda: nk.init.he_normal((2, -1), 2), ValueError, "every size in shape", "-1"),
    ("he_normal(fan_in=2.0)", lambda: nk.init.he_normal((2, 2), 2.0), ValueError, "fan_in must be an integer >= 1",
     "2.0"),
    ("init.get('x')", lambda: nk.init.get("x"), ValueError, "expected one of", "'x'"),
    ("init.fans 3-D", lambda: nk.init.fans((2, 3, 4)), ValueError, "(D, M) or conv (F, C, HH, WW)", "(2, 3, 4)"),
    # data
    ("moons(n='a')", lambda: D.moons("a"), TypeError, "n must be an integer", "'a' (str)"),
    ("moons(n=10.5)", lambda: D.moons(10.5), ValueError, "n must be an integer", "10.5"),
    ("moons(noise=-0.1)", lambda: D.moons(noise=-0.1), ValueError, "noise", "-0.1"),
    ("digits(as_images='x')", lambda: D.digits(as_images="x"), TypeError, "as_images must be True or False", "'x'"),
    ("train_test_split(test_size=2.0)", lambda: D.train_test_split(X4, Y4, test_size=2.0), ValueError,
     "test_size must be in (0.0, 1.0)", "2.0"),
    ("train_test_split(rows differ)", lambda: D.train_test_split(X4, np.zeros(3)), ValueError,
     "same number of rows", "4 and 3"),
    ("minibatches(batch_size=0)", lambda: list(D.minibatches(X4, Y4, 0)), ValueError,
     "batch_size must be an integer >= 1", "got 0"),
    ("minibatches(batch_size='a')", lambda: list(D.minibatches(X4, Y4, "a")), TypeError,
     "batch_size must be an integer", "'a' (str)"),
    ("minibatches(shuffle='yes')", lambda: list(D.minibatches(X4, Y4, 2, shuffle="yes")), TypeError,
     "shuffle must be True or False", "'yes'"),
    ("one_hot(label 5 of 3)", lambda: D.one_hot(np.array([0, 5]), 3), ValueError, "[0, K) with K = 3", "label 5"),
    # the training loop
    ("fit(epochs='a')", lambda: _fit(epochs="a"), TypeError, "epochs must be an integer", "'a' (str)"),
    ("fit(epochs=0)", lambda: _fit(epochs=0), ValueError, "epochs must be an integer >= 1", "got 0"),
    ("fit(batch_size=2.5)", lambda: _fit(batch_size=2.5), ValueError, "batch_size must be an integer", "2.5"),
    ("fit(progress='no')", lambda: _fit(progress="no"), TypeError, "progress must be True or False", "'no'"),
    ("fit(shuffle=1)", lambda: _fit(shuffle=1), TypeError, "shuffle must be True or False", "1"),
    ("fit(clip_norm=-1)", lambda: _fit(clip_norm=-1), ValueError, "clip_norm must be a finite positive number",
     "-1"),
    ("fit(early_stopping without X_val)", lambda: _fit(early_stopping=3), ValueError, "pass X_val and y_val", "X_val"),
    ("fit(metrics=['precision'])", lambda: _fit(metrics=["precision"]), ValueError, "unknown metric", "precision"),
    ("fit(10 positional)", lambda: nk.train.fit(L.Dense(2, 2), nk.losses.CrossEntropy(), Opt.SGD(0.1), X4, Y4, 1, 2,
                                                None, None, False), TypeError, "positional argument", "10"),
    # gradient checking
    ("numerical_gradient(h=0)", lambda: nk.gradcheck.numerical_gradient(lambda x: 0.0, np.zeros(2), h=0), ValueError,
     "h must be a finite positive number", "0"),
    ("numerical_gradient(x='abc')", lambda: nk.gradcheck.numerical_gradient(lambda x: 0.0, "abc"), TypeError,
     "floating-point ndarray", "str"),
    ("rel_error(shapes differ)", lambda: nk.gradcheck.rel_error(np.zeros(2), np.zeros(3)), ValueError,
     "arrays of one shape", "(2,) and (3,)"),
    ("check_layer('a')", lambda: nk.gradcheck.check_layer("a", np.zeros(2)), TypeError,
     "a layer with forward and backward", "str"),
]


def test_there_are_at_least_80_bad_inputs():
    assert len(BAD) >= 80
    assert len({name for name, *_ in BAD}) == len(BAD)


@pytest.mark.parametrize("call, error, expected, came", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_a_bad_input_is_refused_with_what_was_expected_and_what_came(call, error, expected, came):
    with pytest.raises(Exception) as info:
        call()
    assert type(info.value) is error, f"raised {type(info.value).__name__} ({info.value}), expected {error.__name__}"
    message = str(info.value)
    assert expected in message, f"the message does not say what was expected ({expected!r}): {message}"
    assert came in message, f"the message does not say what came ({came!r}): {message}"
