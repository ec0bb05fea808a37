"""nnkit: a small NumPy engine for learning how neural networks work from the inside.

Modules, one idea each::

    nnkit.functional  activations, their derivatives, stable softmax
    nnkit.init        LeCun / Xavier (Glorot) / He initializers
    nnkit.layers      Dense, activations, Conv2D, pooling, Dropout, BatchNorm, Flatten, Sequential
    nnkit.conv_ops    padding, output size, im2col / col2im, convolution kernels
    nnkit.losses      MSE, MAE, SSE, binary and softmax cross-entropy, KL divergence
    nnkit.optim       SGD ... Nadam, weight decay, learning-rate schedules, gradient clipping
    nnkit.gradcheck   numerical gradients and relative errors
    nnkit.data        toy data sets and scikit-learn's digits; splits and mini-batches
    nnkit.train       fit(): the training loop
    nnkit.viz         plots of boundaries, curves, activations, gradients, filters
"""

from . import conv_ops, data, functional, gradcheck, init, layers, losses, optim, train, viz

__version__ = "0.1.0"
__all__ = [
    "conv_ops", "data", "functional", "gradcheck", "init", "layers", "losses", "optim", "train", "viz",
]
