"""PNG files a third the size: plots have few colours, so a 256-colour palette loses nothing visible."""

from __future__ import annotations

import base64
import io
import re

from PIL import Image

# matplotlib's animation player breaks its base64 lines with a backslash-newline inside the JavaScript string
_DATA_URI = re.compile(r"data:image/png;base64,((?:[A-Za-z0-9+/=]|\\\n)+)")


def compact_png(png: bytes) -> bytes:
    """The same image as a PNG with a palette of at most 256 colours (fast octree), optimised; its resolution
    (dots per inch, which says how large its text was drawn) is kept."""
    image = Image.open(io.BytesIO(png))
    dpi = image.info.get("dpi")
    if image.mode == "RGBA":  # figures are opaque: flatten onto white rather than keep an alpha channel
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    out = io.BytesIO()
    quantized = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    quantized.save(out, format="PNG", optimize=True, **({"dpi": dpi} if dpi else {}))
    return out.getvalue()


def compact_data_uris(html: str) -> str:
    """``html`` with every base64 PNG data URI in it replaced by its :func:`compact_png` version."""
    def compact(match: re.Match) -> str:
        png = compact_png(base64.b64decode(match.group(1).replace("\\\n", "")))
        return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return _DATA_URI.sub(compact, html)
