"""Tests of nnkit.train: fit, History, predict, evaluate, accuracy and the layer probes."""

import numpy as np
import pytest

import nnkit as nk
from nnkit import data, train
from nnkit.gradcheck import numerical_gradient


class RecordingOptimizer:
    """Test double: records each step's learning rate and gradient norm; moves nothing unless ``lr_scale``."""

    def __init__(self, lr=0.1, move=False):
        self.lr, self.move = lr, move
        self.lrs, self.grad_norms = [], []

    def step(self, params, grads):
        self.lrs.append(self.lr)
        self.grad_norms.append(float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))))
        if self.move:
            for k in params:
                params[k] -= self.lr * grads[k]


def mlp(sizes, seed=0, activation=nk.layers.Tanh):
    rng = np.random.default_rng(seed)
    layers = []
    for i, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nk.layers.Dense(d_in, d_out, rng=rng))
        if i < len(sizes) - 2:
            layers.append(activation())
    return nk.layers.Sequential(layers)


def log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


# --- learning ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def xor_run():
    X, y = data.xor()
    model = mlp([2, 8, 2], seed=0)
    history = train.fit(model, nk.losses.CrossEntropy(), nk.optim.Adam(0.05), X, y,
                        epochs=300, batch_size=4, progress=False, rng=0)
    return model, history


def test_xor_mlp_reaches_full_accuracy(xor_run):
    model, history = xor_run
    X, y = data.xor()
    logits = model.forward(X)
    assert list(logits.argmax(axis=1)) == list(y)
    assert history["accuracy"][-1] == 1.0


def test_xor_loss_decreases(xor_run):
    _, history = xor_run
    loss = history["loss"]
    assert loss[-1] < 0.05 < loss[0]
    assert np.mean(loss[-10:]) < np.mean(loss[:10])


def test_history_lengths_and_fields(xor_run):
    _, history = xor_run
    assert history.epochs == 300
    assert set(history.keys()) == {"loss", "accuracy"}
    assert all(len(history[k]) == 300 for k in history.keys())
    assert "val_loss" not in history
    assert not history.stopped_early
    assert history.monitor == "loss"
    assert history["loss"][history.best_epoch - 1] == min(history["loss"])
    assert repr(history).startswith("History(epochs=300, best_epoch=") and len(repr(history)) < 200


def test_xor_with_one_sigmoid_output_and_binary_cross_entropy():
    X, y = data.xor()
    model = nk.layers.Sequential([*mlp([2, 8, 1], seed=1).layers, nk.layers.Sigmoid()])
    history = train.fit(model, nk.losses.BinaryCrossEntropy(), nk.optim.Adam(0.05), X, y[:, None].astype(float),
                        epochs=400, batch_size=4, progress=False, rng=1)
    p = model.forward(X)[:, 0]
    assert list((p > 0.5).astype(int)) == list(y)
    assert history["accuracy"][-1] == 1.0


def test_validation_metrics_match_a_direct_computation():
    X, y = data.spirals(n=120, classes=3, rng=2)
    X_tr, X_val, y_tr, y_val = data.train_test_split(X, y, 0.25, rng=2)
    model = mlp([2, 16, 3], seed=2)
    history = train.fit(model, nk.losses.CrossEntropy(), nk.optim.Adam(0.02), X_tr, y_tr, epochs=5,
                        batch_size=16, X_val=X_val, y_val=y_val, progress=False, rng=2)
    assert set(history.keys()) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert history.monitor == "val_loss"
    logits = model.forward(X_val)
    expected_loss = -np.mean(log_softmax(logits)[np.arange(len(y_val)), y_val])
    assert history["val_loss"][-1] == pytest.approx(expected_loss, rel=1e-12)
    assert history["val_accuracy"][-1] == pytest.approx(np.mean(logits.argmax(1) == y_val))
    assert train.evaluate(model, nk.losses.CrossEntropy(), X_val, y_val) == pytest.approx(
        {"loss": expected_loss, "accuracy": np.mean(logits.argmax(1) == y_val)})


def test_epoch_loss_is_the_batch_size_weighted_mean():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(10, 3)), rng.normal(size=(10, 1))
    model = nk.layers.Sequential([nk.layers.Dense(3, 1, rng=0)])
    history = train.fit(model, nk.losses.MSE(), RecordingOptimizer(), X, y, epochs=2, batch_size=4,
                        progress=False, rng=0)
    # weights never move, batches of 4, 4, 2: the weighted mean is the mean over all 10 rows
    full = np.mean((model.forward(X) - y) ** 2)
    assert history["loss"] == pytest.approx([full, full], rel=1e-12)


def test_updates_per_epoch_follow_lecture4():
    X, y = np.zeros((100, 2)), np.zeros((100, 1))
    opt = RecordingOptimizer()
    train.fit(nk.layers.Dense(2, 1, rng=0), nk.losses.MSE(), opt, X, y, epochs=3, batch_size=10, progress=False)
    assert len(opt.lrs) == 3 * 10


def test_same_seed_same_run_different_seed_different_run():
    X, y = data.moons(n=64, rng=0)
    def run(seed):
        return train.fit(mlp([2, 8, 2], seed=0), nk.losses.CrossEntropy(), nk.optim.SGD(0.1), X, y,
                         epochs=3, batch_size=8, progress=False, rng=seed)["loss"]
    assert run(5) == run(5)
    assert run(5) != run(6)


def test_without_shuffle_the_rng_does_not_matter():
    X, y = data.moons(n=64, rng=0)
    def run(seed):
        return train.fit(mlp([2, 8, 2], seed=0), nk.losses.CrossEntropy(), nk.optim.SGD(0.1), X, y,
                         epochs=3, batch_size=8, progress=False, rng=seed, shuffle=False)["loss"]
    assert run(5) == run(6)


# --- early stopping ------------------------------------------------------------------------------------

def regression_with_a_turning_validation_loss():
    """Training pulls the slope from 0 towards 2; validation wants slope 1, so its loss falls, then rises."""
    x = np.linspace(-1, 1, 20)[:, None]
    return x, 2 * x, x, 1 * x


@pytest.mark.parametrize("restore_best", [True, False])
def test_early_stopping_stops_and_restores_the_best_weights(restore_best):
    X, y, X_val, y_val = regression_with_a_turning_validation_loss()
    model = nk.layers.Sequential([nk.layers.Dense(1, 1, init="zeros")])
    snapshots = []
    history = train.fit(model, nk.losses.MSE(), nk.optim.SGD(0.1), X, y, epochs=200, batch_size=20,
                        X_val=X_val, y_val=y_val, progress=False, early_stopping=3, restore_best=restore_best,
                        callbacks=lambda epoch, logs: snapshots.append(model.params["0.W"].copy()))
    val = history["val_loss"]
    assert history.stopped_early and history.epochs < 200
    best = int(np.argmin(val)) + 1
    assert history.best_epoch == best > 1 and history.epochs == best + 3
    assert val[best - 1] < val[0] and val[-1] > val[best - 1]   # it fell, then rose
    W = model.params["0.W"]
    if restore_best:
        np.testing.assert_array_equal(W, snapshots[best - 1])
        assert np.mean((model.forward(X_val) - y_val) ** 2) == pytest.approx(val[best - 1])
    else:
        np.testing.assert_array_equal(W, snapshots[-1])
    assert not np.array_equal(snapshots[best - 1], snapshots[-1])


def test_early_stopping_patience_is_not_triggered_while_improving():
    X, y, _, _ = regression_with_a_turning_validation_loss()
    history = train.fit(nk.layers.Dense(1, 1, init="zeros"), nk.losses.MSE(), nk.optim.SGD(0.1), X, y, epochs=15,
                        batch_size=20, X_val=X, y_val=y, progress=False, early_stopping=2)
    assert history.epochs == 15 and not history.stopped_early and history.best_epoch == 15


def test_a_callback_returning_true_stops_training():
    X, y = data.xor()
    seen = []
    def stop_at_two(epoch, logs):
        seen.append((epoch, sorted(logs)))
        return epoch == 2
    history = train.fit(mlp([2, 4, 2]), nk.losses.CrossEntropy(), nk.optim.SGD(0.1), X, y, epochs=10,
                        batch_size=2, progress=False, callbacks=[stop_at_two])
    assert history.epochs == 2 and history.stopped_early
    assert seen == [(1, ["accuracy", "loss"]), (2, ["accuracy", "loss"])]


# --- learning rate, clipping, progress -----------------------------------------------------------------

def test_lr_schedule_sets_the_rate_before_every_update():
    X, y = np.ones((12, 2)), np.ones((12, 1))
    opt = RecordingOptimizer(lr=1.0)
    def schedule(t):
        return 0.1 * 0.5 ** (t // 4)

    history = train.fit(nk.layers.Dense(2, 1, rng=0), nk.losses.MSE(), opt, X, y, epochs=3, batch_size=3,
                        progress=False, lr_schedule=schedule)
    assert opt.lrs == pytest.approx([0.1] * 4 + [0.05] * 4 + [0.025] * 4)
    assert history["lr"] == pytest.approx([0.1, 0.05, 0.025])


def test_lr_schedule_with_the_engines_exponential_decay():
    X, y = data.xor()
    opt = nk.optim.SGD(1.0)
    train.fit(mlp([2, 4, 2]), nk.losses.CrossEntropy(), opt, X, y, epochs=5, batch_size=1, progress=False,
              lr_schedule=nk.optim.exponential_decay(0.2, 0.5, 10))
    assert opt.lr == pytest.approx(0.2 * 0.5 ** (19 // 10))   # the 20th update has t = 19


def test_clip_norm_bounds_every_gradient_the_optimizer_sees():
    rng = np.random.default_rng(0)
    X, y = 100 * rng.normal(size=(32, 3)), 100 * rng.normal(size=(32, 1))
    unclipped, clipped = RecordingOptimizer(), RecordingOptimizer()
    for opt, clip in [(unclipped, None), (clipped, 1.0)]:
        train.fit(nk.layers.Dense(3, 1, rng=0), nk.losses.MSE(), opt, X, y, epochs=1, batch_size=8,
                  progress=False, shuffle=False, clip_norm=clip)
    assert min(unclipped.grad_norms) > 1.0
    assert clipped.grad_norms == pytest.approx([1.0] * 4)


def test_progress_false_prints_nothing(capsys):
    X, y = data.xor()
    train.fit(mlp([2, 4, 2]), nk.losses.CrossEntropy(), nk.optim.SGD(0.1), X, y, epochs=3, batch_size=2,
              progress=False)
    out, err = capsys.readouterr()
    assert out == "" and err == ""


def test_progress_true_draws_a_text_bar(capsys):
    X, y = data.xor()
    train.fit(mlp([2, 4, 2]), nk.losses.CrossEntropy(), nk.optim.SGD(0.1), X, y, epochs=3, batch_size=2)
    out, err = capsys.readouterr()
    assert out == ""
    assert "fit" in err and "/3" in err and "epoch" in err   # tqdm redraws at most every 0.1 s


# --- bad inputs ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, match", [
    ({"y": np.zeros(3, dtype=int)}, "same number of rows"),
    ({"epochs": 0}, "epochs"),
    ({"batch_size": 0}, "batch_size"),
    ({"batch_size": 2.5}, "batch_size"),
    ({"X_val": np.zeros((2, 2))}, "X_val and y_val"),
    ({"X_val": np.zeros((2, 2)), "y_val": np.zeros(3, dtype=int)}, "same number of rows"),
    ({"early_stopping": 3}, "X_val"),
    ({"early_stopping": 0, "X_val": np.zeros((2, 2)), "y_val": np.zeros(2, dtype=int)}, "early_stopping"),
    ({"lr_schedule": 0.1}, "lr_schedule"),
    ({"clip_norm": -1.0}, "clip_norm"),
    ({"metrics": ["precision"]}, "unknown metric"),
    ({"X": np.zeros((0, 2)), "y": np.zeros(0, dtype=int)}, "no rows"),
])
def test_fit_rejects_bad_inputs(kwargs, match):
    X, y = data.xor()
    args = {"X": X, "y": y, "epochs": 2, "batch_size": 2, **kwargs}
    with pytest.raises(ValueError, match=match):
        train.fit(mlp([2, 4, 2]), nk.losses.CrossEntropy(), nk.optim.SGD(0.1), progress=False, **args)


# --- predict, evaluate, accuracy -----------------------------------------------------------------------

def test_predict_in_batches_equals_all_at_once():
    X, _ = data.moons(n=50, rng=0)
    model = mlp([2, 8, 2], seed=3)
    np.testing.assert_allclose(train.predict(model, X, batch_size=7), train.predict(model, X), rtol=1e-12)
    assert train.predict(model, X, batch_size=7).shape == (50, 2)


def test_predict_uses_evaluation_mode():
    X = np.ones((200, 4))
    model = nk.layers.Sequential([nk.layers.Dropout(0.5, rng=0)])
    np.testing.assert_array_equal(train.predict(model, X), X)


def test_accuracy_rules():
    assert train.accuracy(np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 0.0]]), np.array([0, 1, 1])) == pytest.approx(2 / 3)
    assert train.accuracy(np.array([[0.2], [0.7], [0.5]]), np.array([0, 1, 0])) == pytest.approx(2 / 3)
    assert train.accuracy(np.array([0.2, 0.7]), np.array([[0.0], [1.0]])) == 1.0
    one_hot = np.eye(3)[[2, 0]]
    assert train.accuracy(np.array([[0, 1, 5.0], [9.0, 0, 0]]), one_hot) == 1.0
    assert train.accuracy(np.array([[-0.1], [0.3]]), np.array([0, 1]), threshold=0.0) == 1.0


def test_regression_fits_the_least_squares_line_and_gets_no_accuracy():
    X, y = data.toy_regression()
    model = nk.layers.Dense(1, 1, init="zeros")
    history = train.fit(model, nk.losses.MSE(), nk.optim.SGD(0.05), X, y[:, None], epochs=2000, batch_size=4,
                        progress=False)
    assert set(history.keys()) == {"loss"}
    slope, intercept = np.polyfit(X[:, 0], y, 1)
    assert model.params["W"][0, 0] == pytest.approx(slope, abs=1e-6)
    assert model.params["b"][0] == pytest.approx(intercept, abs=1e-6)


def test_custom_metric_callable():
    X, y = data.xor()
    def always_one(pred, target):
        return 1.0
    history = train.fit(mlp([2, 4, 2]), nk.losses.CrossEntropy(), nk.optim.SGD(0.1), X, y, epochs=2, batch_size=4,
                        X_val=X, y_val=y, progress=False, metrics=[always_one, "accuracy"])
    assert history["always_one"] == [1.0, 1.0] and history["val_always_one"] == [1.0, 1.0]
    assert "val_accuracy" in history


# --- probes --------------------------------------------------------------------------------------------

def test_layer_activations_follow_the_layers():
    X, _ = data.moons(n=10, rng=0)
    model = mlp([2, 5, 4, 3], seed=4)
    acts = train.layer_activations(model, X)
    assert list(acts) == ["0 Dense", "1 Tanh", "2 Dense", "3 Tanh", "4 Dense"]
    W0, b0 = model.params["0.W"], model.params["0.b"]
    np.testing.assert_allclose(acts["1 Tanh"], np.tanh(X @ W0 + b0))
    assert acts["4 Dense"].shape == (10, 3)
    only_tanh = train.layer_activations(model, X, layer_types=nk.layers.Tanh)
    assert list(only_tanh) == ["1 Tanh", "3 Tanh"]


def test_layer_gradient_norms_match_numerical_gradients():
    X, y = data.moons(n=12, rng=1)
    model = mlp([2, 5, 4, 2], seed=5)
    loss = nk.losses.CrossEntropy()
    norms = train.layer_gradient_norms(model, loss, X, y)
    assert list(norms) == ["0.W", "2.W", "4.W"]
    def objective(_):
        return -np.mean(log_softmax(model.forward(X))[np.arange(len(y)), y])
    for key, norm in norms.items():
        numeric = numerical_gradient(objective, model.params[key])
        assert norm == pytest.approx(np.linalg.norm(numeric), rel=1e-6)


def test_probes_need_a_sequential():
    with pytest.raises(TypeError, match="Sequential"):
        train.layer_activations(nk.layers.Dense(2, 2), np.zeros((1, 2)))


# --- scikit-learn's digits -----------------------------------------------------------------------------

def test_digits_mlp_reaches_97_percent_on_a_held_out_fifth():
    X, y = data.digits(as_images=False)
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, test_size=0.2, rng=0, stratify=True)
    model = mlp([64, 64, 10], seed=0, activation=nk.layers.ReLU)
    train.fit(model, nk.losses.CrossEntropy(), nk.optim.Adam(0.01), X_tr, y_tr, epochs=30, batch_size=32,
              progress=False, rng=0)
    assert len(X_te) == 360
    accuracy = np.mean(train.predict(model, X_te).argmax(axis=1) == y_te)
    assert accuracy >= 0.97


def test_fit_trains_a_small_cnn_on_digit_images():
    X, y = data.digits()
    X, y = X[:320], y[:320]
    rng = np.random.default_rng(0)
    L = nk.layers
    model = L.Sequential([L.Conv2D(1, 8, 3, padding="same", rng=rng), L.ReLU(), L.MaxPool2D(2), L.Flatten(),
                          L.Dense(8 * 4 * 4, 10, rng=rng)])
    history = train.fit(model, nk.losses.CrossEntropy(), nk.optim.Adam(0.01), X, y, epochs=5, batch_size=32,
                        progress=False, rng=0)
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert np.mean(train.predict(model, X, batch_size=100).argmax(axis=1) == y) > 0.8


def test_digits_cnn_reaches_98_percent_on_a_held_out_fifth():
    X, y = data.digits()
    X_tr, X_te, y_tr, y_te = data.train_test_split(X.astype(np.float32), y, test_size=0.2, rng=0, stratify=True)
    rng = np.random.default_rng(0)
    L = nk.layers
    model = L.Sequential([
        L.Conv2D(1, 16, 3, padding="same", rng=rng), L.ReLU(),
        L.Conv2D(16, 32, 3, padding="same", rng=rng), L.ReLU(), L.MaxPool2D(2), L.Flatten(),
        L.Dense(32 * 4 * 4, 64, init="he_uniform", rng=rng), L.ReLU(), L.Dense(64, 10, rng=rng),
    ])
    train.fit(model, nk.losses.CrossEntropy(), nk.optim.Adam(0.002), X_tr, y_tr, epochs=15, batch_size=32,
              progress=False, rng=0)
    accuracy = np.mean(train.predict(model, X_te).argmax(axis=1) == y_te)
    assert accuracy >= 0.98
