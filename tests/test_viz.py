"""Tests of nnkit.viz: each plot has the artists, labels and image data it promises (Agg backend, conftest)."""

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.animation import FuncAnimation
from matplotlib.image import AxesImage

import nnkit as nk
from nnkit import data, viz
from nnkit.train import History


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def images_of(fig):
    return [im for ax in fig.axes for im in ax.images]


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


# --- decision boundary ---------------------------------------------------------------------------------

def test_decision_boundary_regions_follow_the_predictor():
    X = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    y = np.array([0, 0, 1, 1])
    ax = viz.plot_decision_boundary(lambda G: (G[:, 0] > 0).astype(float), X, y, resolution=50)
    (image,) = ax.images
    regions = image.get_array()
    assert regions.shape == (50, 50)
    assert np.all(regions[:, :20] == 0) and np.all(regions[:, -20:] == 1)   # columns run along x1
    assert legend_texts(ax) == ["class 0", "class 1"]
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    x0, x1 = ax.get_xlim()
    assert x0 < -1 and x1 > 1


def test_decision_boundary_with_a_model_and_three_classes():
    X, y = data.spirals(n=60, classes=3, rng=0)
    model = nk.layers.Sequential([nk.layers.Dense(2, 3, rng=0)])
    _, ax = plt.subplots()
    out = viz.plot_decision_boundary(model, X, y, ax=ax, resolution=30)
    assert out is ax
    regions = ax.images[0].get_array()
    assert regions.shape == (30, 30) and set(np.unique(regions)) <= {0, 1, 2}
    assert len(ax.collections) >= 3   # one scatter per class, plus the boundary contour
    assert legend_texts(ax) == ["class 0", "class 1", "class 2"]


def test_decision_boundary_threshold_for_a_logit():
    X, y = np.array([[-1.0, 0.0], [1.0, 0.0]]), np.array([0, 1])
    ax = viz.plot_decision_boundary(lambda G: G[:, :1] * 0.1, X, y, resolution=10, threshold=0.0)
    regions = ax.images[0].get_array()
    assert regions[0, 0] == 0 and regions[0, -1] == 1


def test_decision_boundary_rejects_bad_shapes():
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        viz.plot_decision_boundary(lambda G: G, np.zeros((4, 3)), np.zeros(4, dtype=int))
    with pytest.raises(TypeError):
        viz.plot_decision_boundary("not a model", np.zeros((4, 2)), np.zeros(4, dtype=int))


# --- loss curves ---------------------------------------------------------------------------------------

def test_loss_curves_train_validation_and_best_epoch():
    history = History(history={"loss": [1.0, 0.5, 0.3, 0.2], "val_loss": [1.1, 0.6, 0.7, 0.8]},
                      epochs=4, best_epoch=2, monitor="val_loss")
    ax = viz.plot_loss_curves(history, log=True)
    assert len(ax.lines) == 3
    train_line, val_line, best_line = ax.lines
    np.testing.assert_array_equal(train_line.get_xdata(), [1, 2, 3, 4])
    np.testing.assert_array_equal(val_line.get_ydata(), [1.1, 0.6, 0.7, 0.8])
    assert list(best_line.get_xdata()) == [2, 2]
    assert legend_texts(ax) == ["training", "validation", "best epoch (2)"]
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"


def test_loss_curves_of_a_watched_test_set_have_no_best_epoch():
    history = History(history={"loss": [1.0, 0.5], "val_loss": [1.1, 0.9]}, epochs=2, best_epoch=2,
                      monitor="val_loss")
    ax = viz.plot_loss_curves(history, val_label="test", mark_best=False)
    assert len(ax.lines) == 2
    assert legend_texts(ax) == ["training", "test"]


def test_loss_curves_from_a_plain_dict_and_other_metric():
    ax = viz.plot_loss_curves({"loss": [3, 2, 1]})
    assert len(ax.lines) == 1 and ax.get_yscale() == "linear"
    ax = viz.plot_loss_curves({"loss": [1, 1], "accuracy": [0.5, 0.9], "val_accuracy": [0.4, 0.8]}, metric="accuracy")
    assert len(ax.lines) == 2 and ax.get_ylabel() == "accuracy"
    with pytest.raises(KeyError, match="val_loss"):
        viz.plot_loss_curves({"loss": [1]}, metric="val_loss2")


def test_loss_curves_of_a_real_fit():
    X, y = data.xor()
    model = nk.layers.Sequential([nk.layers.Dense(2, 4, rng=0), nk.layers.Tanh(), nk.layers.Dense(4, 2, rng=0)])
    history = nk.train.fit(model, nk.losses.CrossEntropy(), nk.optim.SGD(0.5), X, y, epochs=7, batch_size=4,
                           X_val=X, y_val=y, progress=False)
    ax = viz.plot_loss_curves(history)
    assert [len(line.get_xdata()) for line in ax.lines[:2]] == [7, 7]


# --- activations and gradients -------------------------------------------------------------------------

def test_activation_histograms_one_panel_per_layer():
    rng = np.random.default_rng(0)
    acts = {"1 Tanh": np.tanh(rng.normal(size=(50, 10))), "3 Tanh": 0.1 * rng.normal(size=(50, 10)),
            "5 Tanh": np.zeros((50, 10))}
    fig = viz.plot_activation_histograms(acts, bins=20, title="tanh")
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == 3
    for ax, (name, a) in zip(axes, acts.items()):
        assert len(ax.patches) == 20
        assert sum(p.get_height() for p in ax.patches) == a.size
        assert ax.get_title().startswith(name)
    assert len({ax.get_xlim() for ax in axes}) == 1   # a shared range
    assert fig.get_suptitle() == "tanh"


def test_activation_histograms_from_a_list_and_into_given_axes():
    fig, axes = plt.subplots(1, 3)
    out = viz.plot_activation_histograms([np.arange(4.0), np.ones(4)], ax=axes, bins=5)
    assert out is fig
    assert axes[0].get_title().startswith("layer 1") and axes[1].get_title().startswith("layer 2")
    assert len(axes[2].patches) == 0
    with pytest.raises(ValueError, match="needs 3 Axes"):
        viz.plot_activation_histograms([np.ones(2)] * 3, ax=axes[:2])


def test_gradient_norms_one_network():
    ax = viz.plot_gradient_norms({"0.W": 1e-4, "2.W": 1e-2, "4.W": 1.0})
    (line,) = ax.lines
    np.testing.assert_allclose(line.get_ydata(), [1e-4, 1e-2, 1.0])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0.W", "2.W", "4.W"]
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "gradient norm"


def test_gradient_norms_several_networks_compared():
    norms = {"sigmoid": {"0.W": 1e-4, "2.W": 1e-2}, "relu": [0.1, 0.2], "tanh": np.array([0.01, 0.1])}
    ax = viz.plot_gradient_norms(norms, log=False)
    assert len(ax.lines) == 3
    assert legend_texts(ax) == ["sigmoid", "relu", "tanh"]
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [0.1, 0.2])
    assert ax.get_yscale() == "linear"


def test_gradient_norms_from_the_probe():
    X, y = data.moons(n=20, rng=0)
    model = nk.layers.Sequential([nk.layers.Dense(2, 4, rng=0), nk.layers.Sigmoid(), nk.layers.Dense(4, 2, rng=0)])
    norms = nk.train.layer_gradient_norms(model, nk.losses.CrossEntropy(), X, y)
    ax = viz.plot_gradient_norms(norms)
    assert len(ax.lines[0].get_ydata()) == 2


# --- optimizer paths -----------------------------------------------------------------------------------

def bowl(x, y):
    return x ** 2 / 20 + y ** 2


def descend(lr, steps, start=(-7.0, 2.0)):
    w = np.array(start)
    path = [w.copy()]
    for _ in range(steps):
        w = w - lr * np.array([w[0] / 10, 2 * w[1]])
        path.append(w.copy())
    return np.array(path)


def test_optimizer_paths_one_line_per_path_plus_the_minimum():
    paths = {"slow": descend(0.1, 30), "fast": descend(0.8, 20)}
    ax = viz.plot_optimizer_paths(bowl, paths, (-8, 8), (-3, 3), minimum=(0, 0))
    assert len(ax.lines) == 3
    assert legend_texts(ax) == ["slow", "fast", "minimum"]
    np.testing.assert_allclose(np.c_[ax.lines[0].get_xdata(), ax.lines[0].get_ydata()], paths["slow"])
    assert ax.get_xlim() == (-8, 8) and ax.get_ylim() == (-3, 3)
    assert len(ax.collections) >= 1   # the contours
    assert ax.get_xlabel() and ax.get_ylabel()


def test_optimizer_paths_reject_bad_input():
    with pytest.raises(ValueError, match=r"\(T, 2\)"):
        viz.plot_optimizer_paths(bowl, {"bad": np.zeros((5, 3))}, (-1, 1), (-1, 1))
    with pytest.raises(ValueError, match="element-wise"):
        viz.plot_optimizer_paths(lambda x, y: 1.0, {"p": np.zeros((2, 2))}, (-1, 1), (-1, 1))


def embedded_frames(html):
    return re.findall(r'frames\[\d+\] = "data:image/', html)


def test_animation_frames_and_page_size():
    paths = {"a": descend(0.1, 99), "b": descend(0.5, 49), "c": descend(0.9, 79)}   # 100, 50, 80 points
    anim = viz.animate_optimizer_paths(bowl, paths, (-8, 8), (-3, 3), minimum=(0, 0))
    assert isinstance(anim, FuncAnimation)
    html = anim.to_jshtml()
    assert len(embedded_frames(html)) == 30   # the default max_frames
    assert len(html) < 1_000_000


def test_animation_short_paths_get_one_frame_per_step_and_grow():
    paths = {"a": descend(0.1, 5)}   # 6 points
    anim = viz.animate_optimizer_paths(bowl, paths, (-8, 8), (-3, 3), max_frames=50)
    assert len(embedded_frames(anim.to_jshtml())) == 6
    trail = anim._fig.axes[0].lines[0]
    anim._func(0)
    assert len(trail.get_xdata()) == 1
    anim._func(5)
    np.testing.assert_allclose(trail.get_xdata(), paths["a"][:, 0])


# --- filters, feature maps, images ---------------------------------------------------------------------

def test_filters_one_channel_grid():
    W = np.random.default_rng(0).normal(size=(6, 1, 3, 3))
    fig = viz.plot_filters(W, ncols=4)
    images = images_of(fig)
    assert len(images) == 6
    assert all(im.get_array().shape == (3, 3) for im in images)
    np.testing.assert_array_equal(images[4].get_array(), W[4, 0])
    vmax = np.abs(W).max()
    assert all(im.get_clim() == (-vmax, vmax) for im in images)
    assert len(fig.axes) > 6   # the colour bar


def test_filters_several_channels_one_row_per_filter():
    W = np.arange(2 * 3 * 2 * 2, dtype=float).reshape(2, 3, 2, 2)
    images = images_of(viz.plot_filters(W))
    assert len(images) == 6
    np.testing.assert_array_equal(images[4].get_array(), W[1, 1])   # row 1 = filter 1, column 1 = channel 1
    with pytest.raises(ValueError, match="F, C, HH, WW"):
        viz.plot_filters(np.zeros((2, 3, 3)))


@pytest.mark.parametrize("shape", [(4, 5, 5), (1, 4, 5, 5)])
def test_feature_maps(shape):
    maps = np.random.default_rng(1).normal(size=shape)
    fig = viz.plot_feature_maps(maps)
    images = images_of(fig)
    assert len(images) == 4 and all(im.get_array().shape == (5, 5) for im in images)
    np.testing.assert_array_equal(images[3].get_array(), maps.reshape(4, 5, 5)[3])


def test_feature_maps_of_one_sample_only():
    with pytest.raises(ValueError, match="C, H, W"):
        viz.plot_feature_maps(np.zeros((2, 4, 5, 5)))


def test_images_of_digits_with_labels_and_predictions():
    X, y = data.digits()
    predictions = y[:10].copy()
    predictions[3] = (y[3] + 1) % 10
    fig = viz.plot_images(X[:10], y[:10], predictions=predictions, ncols=5)
    images = images_of(fig)
    assert len(images) == 10 and all(im.get_array().shape == (8, 8) for im in images)
    np.testing.assert_array_equal(images[2].get_array(), X[2, 0])
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert titles[0] == str(y[0])
    assert titles[3] == f"{predictions[3]} (true {y[3]})"


def test_images_from_flat_rows_and_limit():
    X, y = data.digits(as_images=False)
    fig = viz.plot_images(X, y, n=12)
    images = images_of(fig)
    assert len(images) == 12
    np.testing.assert_array_equal(images[0].get_array(), X[0].reshape(8, 8))
    assert all(isinstance(im, AxesImage) for im in images)
    with pytest.raises(ValueError, match="H = W"):
        viz.plot_images(np.zeros((3, 10)))


def test_animation_html_needs_no_network_and_keeps_the_player():
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation

    fig, ax = plt.subplots(figsize=(1, 1), dpi=20)
    (line,) = ax.plot([0, 1], [0, 0])
    anim = FuncAnimation(fig, lambda k: line.set_ydata([k, k]), frames=3)
    html = nk.viz.animation_html(anim, alt="a line moving")
    plt.close(fig)
    assert "https://" not in html and "http://" not in html
    assert 'class="fa ' not in html
    assert html.count('class="anim-icon"') == 9  # the nine buttons of matplotlib's player
    assert html.count("<svg ") == 9 and not re.search("[\u2300-\u23ff\u25b0-\u25ff]", html)  # no font needed
    assert ".animation img { max-width: 100%; height: auto; }" in html  # the player fits a phone's column
    assert "play_animation()" in html and html.count("data:image/png;base64") == 3
    assert re.search(r"<img id=\"_anim_img\w+\" alt=\"a line moving\"", html)


def test_animation_frames_are_stored_with_a_palette():
    import base64
    import io

    from PIL import Image

    fig, ax = plt.subplots(figsize=(2, 2), dpi=50)
    (line,) = ax.plot([0, 1], [0, 0])
    anim = FuncAnimation(fig, lambda k: line.set_ydata([k, -k]), frames=2)
    html = nk.viz.animation_html(anim)
    plt.close(fig)
    frames = re.findall(r'"data:image/png;base64,([^"]+)"', html)
    assert len(frames) == 2
    for frame in frames:
        image = Image.open(io.BytesIO(base64.b64decode(frame)))
        assert image.mode == "P" and image.size == (100, 100)


def test_compact_png_keeps_the_resolution_that_sizes_the_text():
    import io

    from PIL import Image

    from nnkit.viz._png import compact_png  # noqa: PLC2701 (the helper of a private module, tested here)

    fig, ax = plt.subplots(figsize=(2, 1), dpi=72)
    ax.plot([0, 1], [0, 1])
    raw = io.BytesIO()
    fig.savefig(raw, format="png")
    plt.close(fig)
    small = compact_png(raw.getvalue())
    image = Image.open(io.BytesIO(small))
    assert image.mode == "P" and image.size == (144, 72)
    assert round(image.info["dpi"][0]) == 72


# --- every default figure is readable on a phone ------------------------------------------------------------

def _default_figures():
    rng = np.random.default_rng(0)
    X, y = data.moons(n=40, rng=0)
    history = History({"loss": [1.0, 0.5, 0.4], "val_loss": [1.1, 0.6, 0.5]})
    yield "decision boundary", viz.plot_decision_boundary(lambda P: P[:, 0], X, y, resolution=20).figure
    yield "loss curves", viz.plot_loss_curves(history).figure
    yield "gradient norms", viz.plot_gradient_norms({"a": {"0.W": 1e-3, "2.W": 1e-1}, "b": [0.1, 0.2]}).figure
    layers = {f"layer {i}": rng.normal(size=200) for i in range(5)}
    yield "activation histograms", viz.plot_activation_histograms(layers)
    yield "images", viz.plot_images(rng.random((16, 1, 8, 8)), np.arange(16) % 10)
    yield "filters", viz.plot_filters(rng.normal(size=(16, 1, 3, 3)))
    yield "feature maps", viz.plot_feature_maps(rng.random((16, 8, 8)))
    yield "optimizer paths", viz.plot_optimizer_paths(lambda a, b: a ** 2 + b ** 2, {"SGD": [(1, 1), (0.5, 0.5)]},
                                                       xlim=(-2, 2), ylim=(-2, 2), resolution=20).figure


@pytest.mark.parametrize("name, fig", list(_default_figures()), ids=lambda v: v if isinstance(v, str) else "")
def test_default_figures_are_readable_on_a_phone(name, fig):
    """Drawn with their defaults, nnkit's figures are at most 5.2 inches wide and their text at least 10 pt: shown
    in a 342 px phone column, 10 pt at 100 dpi is 9 CSS px (book/matplotlibrc, tests/figure_text.py)."""
    width, _ = fig.get_size_inches()
    sizes = [t.get_fontsize() for t in fig.findobj(plt.Text) if t.get_visible() and t.get_text().strip()]
    assert width <= 5.2, f"{name}: {width:.1f} in wide"
    assert sizes and min(sizes) >= 10, f"{name}: text at {min(sizes)} pt"
