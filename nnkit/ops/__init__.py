"""Every forward/backward kernel of the engine, one module per kind of layer.

A kernel is a pure function: ``<name>_forward(x, params...) -> (out, cache)`` and
``<name>_backward(dout, cache) -> dx`` or ``(dx, dparam, ...)``, with the cache a NamedTuple. The layers of
:mod:`nnkit.layers` are thin classes over these, and the book and the problem sets' checks name them here::

    nnkit.ops.dense       dense_forward / dense_backward            (x @ W + b)
    nnkit.ops.activation  sigmoid, tanh, relu, leaky_relu, elu, softmax: *_forward / *_backward
    nnkit.ops.norm        batchnorm_forward / batchnorm_eval_forward / batchnorm_backward
    nnkit.ops.dropout     dropout_forward / dropout_backward        (inverted dropout)
    nnkit.ops.geometry    conv_output_size, padding, pad2d, im2col / col2im
    nnkit.ops.conv        conv2d_forward / conv2d_backward, naive loops, true convolution
    nnkit.ops.pool        maxpool_* / avgpool_*
"""

from . import activation, conv, dense, dropout, geometry, norm, pool

__all__ = ["activation", "conv", "dense", "dropout", "geometry", "norm", "pool"]
