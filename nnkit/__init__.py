"""nnkit: a small NumPy engine for learning how neural networks work from the inside.

Modules, one idea each::

    nnkit.functional  activations, their derivatives, stable softmax
    nnkit.init        LeCun / Xavier (Glorot) / He initializers
    nnkit.ops         every layer's forward/backward kernels: dense, activation, norm, dropout, geometry,
                      conv, pool (pure functions with NamedTuple caches)
    nnkit.layers      Dense, activations, Conv2D, pooling, Dropout, BatchNorm, Flatten, Sequential: thin
                      classes over nnkit.ops
    nnkit.conv_ops    the public interface's name for nnkit.ops.conv and nnkit.ops.geometry
    nnkit.losses      MSE, MAE, SSE, binary and softmax cross-entropy, KL divergence
    nnkit.optim       SGD ... Nadam, weight decay
    nnkit.schedules   learning-rate schedules and gradient clipping (re-exported by optim)
    nnkit.gradcheck   numerical gradients and relative errors
    nnkit.data        toy data sets and scikit-learn's digits; splits and mini-batches
    nnkit.train       fit(): the training loop
    nnkit.viz         plots of boundaries, curves, activations, gradients, filters
    nnkit.exercise    what a graded exercise's test cell calls (the grade is decided by the course's grader)

"Lecture 0" … "lecture 4" in the docstrings are the course's five lecture notes, numbered 0 to 4, whose worked
examples the engine reproduces; the book's introduction (book/intro.md) describes them.
"""

from . import conv_ops, data, exercise, functional, gradcheck, init, layers, losses, ops, optim, schedules, train

__version__ = "0.1.0"
__all__ = [
    "conv_ops", "data", "exercise", "functional", "gradcheck", "init", "layers", "losses", "ops", "optim", "schedules",
    "train", "viz",  # noqa: F822 - viz is imported on first access, by __getattr__ below
]


def __getattr__(name):
    """``nnkit.viz`` (PEP 562), imported on first access; any other name raises ``AttributeError``."""
    # nnkit.viz imports matplotlib.pyplot (about 0.3 s): load it on first use, not with the engine.
    if name == "viz":
        import importlib

        return importlib.import_module(f"{__name__}.viz")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
