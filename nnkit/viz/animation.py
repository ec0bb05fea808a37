"""Animations as self-contained HTML: frames, player and controls in one string, nothing from the internet.

Matplotlib's ``FuncAnimation.to_jshtml`` embeds the frames as PNG images with a small JavaScript
player, but draws the player's buttons with Font Awesome loaded from a CDN: offline (a lab machine, a
train) the buttons come out blank. :func:`animation_html` keeps matplotlib's player and replaces those
icons with Unicode symbols that any font has, so the page needs no network.
"""

from __future__ import annotations

import re
from html import escape

__all__ = ["animation_html"]

# Font Awesome 4 icon → the Unicode symbol drawn instead (buttons keep their title and aria-label)
SYMBOLS = {
    "fa-minus": "&minus;", "fa-plus": "+", "fa-fast-backward": "&#x23EE;", "fa-fast-forward": "&#x23ED;",
    "fa-step-backward": "&#x23F4;&#xFE0E;|", "fa-step-forward": "|&#x23F5;&#xFE0E;", "fa-pause": "&#x23F8;&#xFE0E;",
    "fa-play fa-flip-horizontal": "&#x25C0;&#xFE0E;", "fa-play": "&#x25B6;&#xFE0E;",
}
_ICON = re.compile(r'<i class="fa (fa-[a-z-]+(?: fa-flip-horizontal)?)"></i>')
_CDN_STYLESHEET = re.compile(r'<link rel="stylesheet"\s+href="https?://[^"]*font-awesome[^"]*">\s*')


def animation_html(anim, alt: str = "", default_mode="once", **kwargs) -> str:
    """``anim.to_jshtml(...)`` without the Font Awesome stylesheet from the CDN, with alt text.

    Parameters
    ----------
    anim : matplotlib.animation.Animation
    alt : str
        What the animation shows, for readers who cannot see it (the frame image's ``alt``).
    default_mode : {"once", "loop", "reflect"}
    **kwargs : passed on to ``to_jshtml`` (``fps``, ``embed_frames``)

    Returns
    -------
    str
        HTML for ``IPython.display.HTML``: works in a notebook, in the built book, and from ``file://``.
    """
    html = anim.to_jshtml(default_mode=default_mode, **kwargs)
    html = _CDN_STYLESHEET.sub("", html)
    html = re.sub(r'(<img id="_anim_img\w+")', lambda m: f'{m.group(1)} alt="{escape(alt, quote=True)}"', html)
    return _ICON.sub(lambda m: f'<span class="anim-icon">{SYMBOLS.get(m.group(1), "?")}</span>', html)
