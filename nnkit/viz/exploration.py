"""Explorations: one call that is a live ipywidgets control in Jupyter and a precomputed one in the static book.

``explore(draw, lr=[0.01, 0.1, 1.0], optimizer=["SGD", "Adam"])`` offers each keyword's settings to
``draw(lr=..., optimizer=...)``, a function that draws one matplotlib figure and leaves it open.

- **Live** (a running notebook): ``ipywidgets.interact`` with a slider for a list of numbers and a dropdown for
  anything else; ``draw`` runs again at every move.
- **Static** (the book's build, where ``book/build.py`` sets ``NNKIT_EXPLORE=static``): ``draw`` runs once for
  every combination of settings and the figure of each is kept as a PNG. The cell shows two outputs: the
  controls (HTML with a short script, nothing from the internet) and the figure at the default settings, an
  ordinary image that takes the cell's alt text and caption, translated as any other figure's. Moving a
  control swaps the image for the precomputed one: no kernel, and it works from ``file://``.

Every combination is drawn, so the grid is the product of the lists' lengths: keep it to a few dozen figures
(identical figures are stored once). A control's default is ``draw``'s default for that argument when it is one
of the settings, else the first setting.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import io
import itertools
import json
import numbers
import os
import uuid
from html import escape

import matplotlib.pyplot as plt

from ._png import compact_png

__all__ = ["MAX_FRAMES", "explore"]

#: The most figures one static exploration may draw (a page of the book stays well under 3 MB).
MAX_FRAMES = 60

#: The environment variable that makes :func:`explore` precompute its figures (``"static"``).
MODE_VARIABLE = "NNKIT_EXPLORE"


class _Control:
    """One keyword of an exploration: its name, its settings, their labels and the default setting's index."""

    def __init__(self, name: str, settings, default):
        if isinstance(settings, dict):
            labels, values = [str(label) for label in settings], list(settings.values())
        elif isinstance(settings, (list, tuple)):
            values = list(settings)
            labels = [f"{v:g}" if _is_number(v) else str(v) for v in values]
        else:
            raise TypeError(f"explore: the settings of {name!r} must be a list, a tuple or a dict "
                            f"{{label: value}}; got {type(settings).__name__}")
        if not values:
            raise ValueError(f"explore: {name!r} offers no settings; give at least one")
        self.name, self.values, self.labels = name, values, labels
        self.default = next((i for i, v in enumerate(values) if _same(v, default)), 0)
        # a slider for two or more numbers in a list; a dropdown for anything else
        self.slider = not isinstance(settings, dict) and len(values) > 1 and all(_is_number(v) for v in values)

    def widget(self):
        """The ipywidgets control: a slider over a list of numbers (moved on release), else a dropdown."""
        import ipywidgets as widgets

        options, value = list(zip(self.labels, self.values)), self.values[self.default]
        if self.slider:
            return widgets.SelectionSlider(options=options, value=value, description=self.name,
                                           continuous_update=False)
        return widgets.Dropdown(options=options, value=value, description=self.name)

    def html(self, uid: str, position: int) -> str:
        field = f"{uid}-{position}"
        label = f'<label for="{field}"><code>{escape(self.name)}</code></label>'
        if self.slider:
            return (f'<span class="nnkit-explore-control">{label}'
                    f'<input type="range" id="{field}" min="0" max="{len(self.values) - 1}" step="1" '
                    f'value="{self.default}" aria-valuetext="{escape(self.labels[self.default])}">'
                    f'<output for="{field}">{escape(self.labels[self.default])}</output></span>')
        options = "".join(f'<option value="{i}"{" selected" if i == self.default else ""}>{escape(text)}</option>'
                          for i, text in enumerate(self.labels))
        return f'<span class="nnkit-explore-control">{label}<select id="{field}">{options}</select></span>'


def _is_number(v) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def _same(a, b) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # arrays compare elementwise
        return a is b


def _defaults(draw) -> dict:
    try:
        parameters = inspect.signature(draw).parameters.values()
    except (TypeError, ValueError):
        return {}
    return {p.name: p.default for p in parameters if p.default is not inspect.Parameter.empty}


def _png(fig) -> bytes:
    raw = io.BytesIO()
    fig.savefig(raw, format="png")
    return compact_png(raw.getvalue())


def _draw_frame(draw, settings: dict) -> bytes:
    before = set(plt.get_fignums())
    draw(**settings)
    drawn = [plt.figure(n) for n in plt.get_fignums() if n not in before]
    if len(drawn) != 1:
        for fig in drawn:
            plt.close(fig)
        shown = ", ".join(f"{k}={v!r}" for k, v in settings.items())
        raise ValueError(f"explore: draw({shown}) left {len(drawn)} new figures open; it must draw exactly one "
                         f"and leave it open (explore shows it: do not call plt.show() or plt.close())")
    png = _png(drawn[0])
    plt.close(drawn[0])
    return png


_SCRIPT = """(function () {
  var root = document.getElementById(%(uid)s);
  var data = JSON.parse(root.querySelector('script[type="application/json"]').textContent);
  var image = root.querySelector('img');
  var fields = root.querySelectorAll('input, select');
  function show() {
    var index = 0, shown = [];
    for (var c = 0; c < fields.length; c++) {
      var i = Number(fields[c].value), label = data.labels[c][i];
      index = index * data.sizes[c] + i;
      shown.push(data.names[c] + ' = ' + label);
      var out = root.querySelector('output[for="' + fields[c].id + '"]');
      if (out) { out.textContent = label; fields[c].setAttribute('aria-valuetext', label); }
    }
    image.src = 'data:image/png;base64,' + data.frames[data.lookup[index]];
    image.alt = shown.join(', ');
  }
  for (var c = 0; c < fields.length; c++) { fields[c].addEventListener('input', show); }
})();"""

_STYLE = """<style>
.nnkit-explore-controls { display: flex; flex-wrap: wrap; gap: 0.3em 1.2em; align-items: center; margin: 0.5em 0; }
.nnkit-explore img { max-width: 100%; height: auto; }
.nnkit-explore-control { display: inline-flex; align-items: center; gap: 0.4em; max-width: 100%; }
.nnkit-explore input[type=range] { width: 12em; max-width: 55vw; }
.nnkit-explore output { min-width: 3em; font-variant-numeric: tabular-nums; }
</style>"""


def static_html(controls: list[_Control], frames: list[bytes], lookup: list[int], default: int) -> str:
    """The controls of a static exploration, its figure at the default settings, the frames and the script."""
    uid = f"nnkit-explore-{uuid.uuid4().hex[:12]}"
    data = {
        "names": [c.name for c in controls],
        "sizes": [len(c.values) for c in controls],
        "labels": [c.labels for c in controls],
        "frames": [base64.b64encode(f).decode("ascii") for f in frames],
        "lookup": lookup,
    }
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    widgets = "".join(c.html(uid, i) for i, c in enumerate(controls))
    alt = ", ".join(f"{c.name} = {c.labels[c.default]}" for c in controls)
    image = base64.b64encode(frames[default]).decode("ascii")
    return (f'{_STYLE}<div class="nnkit-explore" id="{uid}"><div class="nnkit-explore-controls">{widgets}</div>'
            f'<img src="data:image/png;base64,{image}" alt="{escape(alt)}">'
            f'<script type="application/json">{payload}</script>'
            f'<script>{_SCRIPT % {"uid": json.dumps(uid)}}</script></div>')


def precompute(draw, controls: list[_Control]) -> tuple[list[bytes], list[int], int]:
    """Every combination's figure: (distinct PNGs, frame of each combination in row-major order, default's)."""
    frames, seen, lookup = [], {}, []
    for indices in itertools.product(*(range(len(c.values)) for c in controls)):
        png = _draw_frame(draw, {c.name: c.values[i] for c, i in zip(controls, indices)})
        key = hashlib.sha256(png).digest()
        if key not in seen:
            seen[key] = len(frames)
            frames.append(png)
        lookup.append(seen[key])
    default = 0
    for c in controls:
        default = default * len(c.values) + c.default
    return frames, lookup, lookup[default]


def explore(draw, /, *, static: bool | None = None, **settings) -> None:
    """Explore ``draw`` over the settings given for each of its keyword arguments.

    Parameters
    ----------
    draw : callable
        ``draw(**kwargs)`` draws one matplotlib figure and leaves it open (no ``plt.show()``).
    static : bool, optional
        Precompute the figures (the book's build) rather than show live widgets. Default: live, unless the
        environment variable ``NNKIT_EXPLORE`` is ``static``.
    **settings : list, tuple or dict
        For each argument of ``draw``, the settings offered: a list of numbers (a slider), a list of other
        values (a dropdown), or a dict ``{label: value}`` (a dropdown showing the labels).

    Displays the controls and the figure; returns nothing.
    """
    from IPython.display import HTML, display

    if not callable(draw):
        raise TypeError(f"explore: draw must be a function that draws a figure; got {type(draw).__name__}")
    if not settings:
        raise ValueError("explore: give the settings of at least one argument, e.g. explore(draw, lr=[0.01, 0.1])")
    defaults = _defaults(draw)
    controls = [_Control(name, values, defaults.get(name)) for name, values in settings.items()]
    if static is None:
        static = os.environ.get(MODE_VARIABLE, "") == "static"

    if not static:
        import ipywidgets as widgets

        widgets.interact(draw, **{c.name: c.widget() for c in controls})
        return

    total = 1
    for c in controls:
        total *= len(c.values)
    if total > MAX_FRAMES:
        sizes = " × ".join(str(len(c.values)) for c in controls)
        raise ValueError(f"explore: {sizes} = {total} figures to precompute; at most {MAX_FRAMES} "
                         f"(offer fewer settings)")
    frames, lookup, default = precompute(draw, controls)
    display(HTML(static_html(controls, frames, lookup, default)))
