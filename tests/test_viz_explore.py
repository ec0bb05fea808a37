"""nnkit.viz.explore: live ipywidgets in Jupyter, every setting's figure precomputed for the static book.

The script that swaps the frames in a browser is tested on the built book's pages (test_site.py).
"""

import base64
import io
import json
import re

import IPython.display
import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from nnkit import viz


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def shown(monkeypatch):
    """What explore displays, in order (IPython's display, replaced)."""
    outputs = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs: outputs.extend(objs))
    return outputs


def line_plot(calls):
    def draw(slope=2.0, shape="line"):
        calls.append((slope, shape))
        _, ax = plt.subplots(figsize=(2, 1.5), dpi=50)
        x = np.linspace(0, 1, 5)
        ax.plot(x, slope * x if shape == "line" else slope * x**2)
    return draw


def payload(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json">(.*?)</script>', html, re.DOTALL).group(1))


def test_static_draws_every_combination_once_and_shows_the_default(shown):
    calls = []
    viz.explore(line_plot(calls), static=True, slope=[1.0, 2.0, 3.0], shape=["line", "parabola"])
    assert sorted(calls) == sorted((s, k) for s in (1.0, 2.0, 3.0) for k in ("line", "parabola"))
    (controls,) = shown
    assert isinstance(controls, IPython.display.HTML)
    data = payload(controls.data)
    assert data["sizes"] == [3, 2] and data["labels"] == [["1", "2", "3"], ["line", "parabola"]]
    assert len(data["frames"]) == 6 and sorted(data["lookup"]) == list(range(6))
    # the image shown is the figure at draw's defaults, slope=2 (index 1) and "line" (index 0): row-major 1*2+0
    figure = re.search(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)">', controls.data)
    assert figure.group(1) == data["frames"][data["lookup"][2]]
    assert figure.group(2) == "slope = 2, shape = line"
    frame = Image.open(io.BytesIO(base64.b64decode(figure.group(1))))
    assert frame.size == (100, 75) and frame.mode == "P"  # 2 × 1.5 inches at 50 dpi, a 256-colour palette
    assert '<input type="range"' in controls.data and 'value="1"' in controls.data  # slope starts at 2
    assert re.search(r'<option value="0" selected>line</option>', controls.data)
    assert "http://" not in controls.data and "https://" not in controls.data
    assert plt.get_fignums() == []  # every figure drawn was closed


def test_identical_figures_are_stored_once(shown):
    def draw(slope=1.0, unused="a"):
        _, ax = plt.subplots(figsize=(2, 1.5), dpi=50)
        ax.plot([0, 1], [0, slope])

    viz.explore(draw, static=True, slope=[1.0, 2.0], unused=["a", "b", "c"])
    data = payload(shown[0].data)
    assert len(data["frames"]) == 2 and data["lookup"] == [0, 0, 0, 1, 1, 1]


def test_a_dict_of_settings_shows_its_labels_and_passes_its_values(shown):
    calls = []

    def draw(weights=None):
        calls.append(weights)
        plt.subplots(figsize=(1, 1), dpi=20)

    options = {"small": np.zeros(2), "large": np.ones(2)}
    viz.explore(draw, static=True, weights=options)
    assert [c.sum() for c in calls] == [0.0, 2.0]
    assert payload(shown[0].data)["labels"] == [["small", "large"]]
    assert "<select" in shown[0].data and 'type="range"' not in shown[0].data


def test_a_default_outside_the_settings_starts_at_the_first(shown):
    calls = []
    viz.explore(line_plot(calls), static=True, slope=[5.0, 6.0])
    assert 'value="0"' in shown[0].data


def test_the_build_switches_to_static_through_the_environment(shown, monkeypatch):
    monkeypatch.setenv("NNKIT_EXPLORE", "static")
    calls = []
    viz.explore(line_plot(calls), slope=[1.0, 2.0])
    assert len(calls) == 2 and "nnkit-explore" in shown[0].data


def test_live_offers_a_slider_for_numbers_and_a_dropdown_otherwise(monkeypatch):
    monkeypatch.delenv("NNKIT_EXPLORE", raising=False)
    seen = {}
    monkeypatch.setattr(ipywidgets, "interact", lambda f, **w: seen.update(f=f, **w))
    calls = []
    draw = line_plot(calls)
    viz.explore(draw, slope=[1.0, 2.0, 3.0], shape=["line", "parabola"])
    assert seen["f"] is draw and calls == []  # nothing is drawn until the widgets move
    assert isinstance(seen["slope"], ipywidgets.SelectionSlider) and seen["slope"].value == 2.0
    assert not seen["slope"].continuous_update  # a slow figure is redrawn when the slider is let go
    assert isinstance(seen["shape"], ipywidgets.Dropdown) and seen["shape"].value == "line"


@pytest.mark.parametrize("settings, message", [
    ({}, "at least one"),
    ({"slope": 2.0}, "must be a list"),
    ({"slope": []}, "offers no settings"),
    ({"slope": list(range(61))}, "61 figures to precompute; at most 60"),
])
def test_bad_settings_are_named(settings, message):
    with pytest.raises((TypeError, ValueError), match=message):
        viz.explore(line_plot([]), static=True, **settings)


def test_a_draw_that_shows_or_closes_its_figure_is_told_why(shown):
    def draw(slope=1.0):
        fig, _ = plt.subplots()
        plt.close(fig)

    with pytest.raises(ValueError, match=r"draw\(slope=1.0\) left 0 new figures open.*do not call plt.show"):
        viz.explore(draw, static=True, slope=[1.0])
