"""The reading of a figure's smallest text from the code that draws it (tests/figure_text.py)."""

import io

import matplotlib.pyplot as plt
import pytest
from figure_text import default_text_points, function_points, png_dpi, rc, smallest_points


def test_the_book_draws_text_at_10_points_and_100_dpi():
    params = rc()
    assert params["font.size"] == 10 and params["figure.dpi"] == 100
    assert default_text_points(params) == 10        # ticks, labels and legends at 'medium'; titles larger


def test_explicit_sizes_in_the_cell_count():
    code = "%matplotlib inline\nax.text(0, 0, 'a', fontsize=8)\nax.tick_params(labelsize='small')\n"
    assert smallest_points(code, {}, default=10, base=10) == pytest.approx(8)
    assert smallest_points("ax.tick_params(labelsize='small')", {}, default=10, base=10) == pytest.approx(8.33)


def test_size_counts_only_where_it_is_a_font_size():
    assert smallest_points("x = rng.normal(size=3)\nax.text(0, 0, 's', size=7)", {}, 10, 10) == 7
    assert smallest_points("x = rng.normal(size=3)", {}, 10, 10) == 10
    assert smallest_points("ax.legend(prop={'size': 6})", {}, 10, 10) == 6


def test_sizes_in_called_functions_count_transitively():
    functions = function_points(["def label(ax):\n    ax.text(0, 0, 'x', fontsize=6)\n",
                                 "def draw(ax):\n    label(ax)\n", "def other():\n    pass\n"], base=10)
    assert smallest_points("draw(ax)", functions, 10, 10) == 6
    assert smallest_points("other()", functions, 10, 10) == 10
    assert smallest_points("nk.viz.draw(ax)", functions, 10, 10) == 6      # called as an attribute


def test_dpi_is_read_from_the_png_and_required():
    fig = plt.figure(figsize=(1, 1), dpi=50)
    raw = io.BytesIO()
    fig.savefig(raw, format="png")
    plt.close(fig)
    assert png_dpi(raw.getvalue()) == pytest.approx(50, abs=0.5)
    from PIL import Image
    bare = io.BytesIO()
    Image.new("RGB", (4, 4)).save(bare, format="PNG")
    with pytest.raises(ValueError, match="resolution"):
        png_dpi(bare.getvalue())
