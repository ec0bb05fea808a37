"""Animations as self-contained HTML: frames, player and controls in one string, nothing from the internet.

Matplotlib's ``FuncAnimation.to_jshtml`` embeds the frames as PNG images with a small JavaScript
player, but draws the player's buttons with Font Awesome loaded from a CDN: offline (a lab machine, a
train) the buttons come out blank. :func:`animation_html` keeps matplotlib's player and draws those
icons as small inline SVG shapes instead, which need no network and no font (Unicode media symbols such as
⏮ are missing from many systems' fonts and come out as boxes). It also lets the player shrink to a phone's
column: the frame scales down with the page, and the buttons wrap onto a second row when they must. Its frames
are stored with a 256-colour palette, a third of the size.
"""

from __future__ import annotations

import re
from html import escape

from ._png import compact_data_uris

__all__ = ["animation_html"]

# Font Awesome 4 icon → the shapes drawn instead, in a 16 × 16 box (buttons keep their title and aria-label)
_BAR_L, _BAR_R = '<rect x="2" y="3" width="2" height="10"/>', '<rect x="12" y="3" width="2" height="10"/>'
SHAPES = {
    "fa-minus": '<rect x="3" y="7" width="10" height="2"/>',
    "fa-plus": '<rect x="3" y="7" width="10" height="2"/><rect x="7" y="3" width="2" height="10"/>',
    "fa-fast-backward": _BAR_L + '<path d="M9 3v10L4 8zM14 3v10L9 8z"/>',
    "fa-fast-forward": _BAR_R + '<path d="M2 3v10l5-5zM7 3v10l5-5z"/>',
    "fa-step-backward": _BAR_L + '<path d="M13 3v10L6 8z"/>',
    "fa-step-forward": _BAR_R + '<path d="M3 3v10l7-5z"/>',
    "fa-pause": '<rect x="4" y="3" width="3" height="10"/><rect x="9" y="3" width="3" height="10"/>',
    "fa-play fa-flip-horizontal": '<path d="M12 3v10L4 8z"/>',
    "fa-play": '<path d="M4 3v10l8-5z"/>',
}
_ICON = re.compile(r'<i class="fa (fa-[a-z-]+(?: fa-flip-horizontal)?)"></i>')
_CDN_STYLESHEET = re.compile(r'<link rel="stylesheet"\s+href="https?://[^"]*font-awesome[^"]*">\s*')
# After matplotlib's own styles: the frame shrinks with the column, the slider follows, and the nine buttons
# may wrap, so that the player never makes a narrow page scroll sideways.
_FIT_THE_COLUMN = """<style>
.animation { max-width: 100%; }
.animation img { max-width: 100%; height: auto; }
input[type=range].anim-slider { width: 100%; max-width: 374px; }
.anim-buttons { display: flex; flex-wrap: wrap; justify-content: center; gap: 2px; }
.anim-buttons button { min-height: 32px; }
.anim-icon { width: 1em; height: 1em; vertical-align: middle; fill: currentColor; }
</style>
"""


def _icon(name: str) -> str:
    return (f'<svg class="anim-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
            f'{SHAPES[name]}</svg>')


def animation_html(anim, alt: str = "", default_mode="once", **kwargs) -> str:
    """``anim.to_jshtml(...)`` without the Font Awesome stylesheet from the CDN, with alt text.

    Parameters
    ----------
    anim : matplotlib.animation.Animation
    alt : str
        What the animation shows, for readers who cannot see it (the frame image's ``alt``).
    default_mode : {"once", "loop", "reflect"}, default "once"
    **kwargs : passed on to ``to_jshtml`` (``fps``, ``embed_frames``)

    Returns
    -------
    str
        HTML for ``IPython.display.HTML``: works in a notebook, in the built book, and from ``file://``.
    """
    html = compact_data_uris(anim.to_jshtml(default_mode=default_mode, **kwargs))
    html = _CDN_STYLESHEET.sub("", html)
    html = re.sub(r'(<img id="_anim_img\w+")', lambda m: f'{m.group(1)} alt="{escape(alt, quote=True)}"', html)
    return _FIT_THE_COLUMN + _ICON.sub(lambda m: _icon(m.group(1)), html)
