"""Layers: thin classes over pure forward/backward kernels.

Every layer has ``forward(x, training=False) -> out``, ``backward(dout) -> dx`` and the dicts
``params`` / ``grads`` with matching keys.
"""

from .activation import ELU, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from .base import Layer
from .batchnorm import BatchNorm
from .conv import Conv2D
from .dense import Dense
from .dropout import Dropout
from .flatten import Flatten
from .pool import AvgPool2D, MaxPool2D
from .residual import Residual
from .sequential import Sequential

__all__ = [
    "Layer", "Dense", "ReLU", "Sigmoid", "Tanh", "LeakyReLU", "ELU", "Softmax",
    "Conv2D", "MaxPool2D", "AvgPool2D", "Flatten", "Dropout", "BatchNorm", "Sequential",
    "Residual",
]
