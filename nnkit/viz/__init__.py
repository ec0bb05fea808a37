"""Plots for the course: decision boundaries, loss curves, activations and gradients by layer,
optimizer paths on 2-D surfaces, convolution filters, feature maps and digit images, animations
as self-contained HTML, and explorations (live widgets in Jupyter, precomputed frames in the static book).

Every function takes ``ax=None``: without it a new figure is made, with it the plot goes into the given
Axes (a sequence of Axes for the multi-panel plots). Single-panel plots return their ``Axes``; multi-panel
plots return the ``Figure``. Colours come from the Okabe–Ito palette, which stays distinguishable with
colour-vision deficiencies, and classes and curves also differ by marker or line style.
"""

from ._style import LINESTYLES, MARKERS, PALETTE
from .animation import animation_html
from .classification import plot_decision_boundary
from .exploration import explore
from .images import plot_feature_maps, plot_filters, plot_images
from .surfaces import animate_optimizer_paths, plot_optimizer_paths
from .training import plot_activation_histograms, plot_gradient_norms, plot_loss_curves

__all__ = [
    "PALETTE", "MARKERS", "LINESTYLES", "plot_decision_boundary", "plot_loss_curves", "plot_activation_histograms",
    "plot_gradient_norms", "plot_optimizer_paths", "animate_optimizer_paths", "plot_filters",
    "plot_feature_maps", "plot_images", "animation_html", "explore",
]
