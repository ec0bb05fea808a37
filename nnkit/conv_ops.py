"""The public interface's name for the convolution kernels and their geometry.

``nk.conv_ops.conv2d``, ``pad2d``, ``conv_output_size``, ``im2col`` … are the same functions as in
:mod:`nnkit.ops.conv` and :mod:`nnkit.ops.geometry`, where they are defined; this module only hands them on,
so that code written against the interface keeps working.
"""

from .ops.conv import ConvCache, conv1d, conv2d, conv2d_backward, conv2d_forward, conv2d_naive, convolve2d
from .ops.geometry import PADDING_MODES, col2im, conv_output_size, im2col, pad2d, padding_amount

__all__ = [
    "PADDING_MODES", "conv_output_size", "padding_amount", "pad2d", "im2col", "col2im", "ConvCache",
    "conv2d_naive", "conv2d_forward", "conv2d_backward", "conv2d", "convolve2d", "conv1d",
]
