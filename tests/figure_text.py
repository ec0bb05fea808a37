"""How large a figure's smallest text is on the reader's screen, for the tests that check figures at a phone's width.

A figure's text has a size in points, set by matplotlib's defaults (``book/matplotlibrc``, which the chapters'
kernels read because they run in ``book/``) or by an explicit ``fontsize=`` in the code that draws it. Its PNG
records its resolution (dots per inch), so a point is ``dpi / 72`` image pixels; the browser then scales the image
by its shown width over its natural width. The smallest text of a cell's figures is read from the cell's code,
from the page's own functions that code calls, and from the ``nnkit.viz`` functions it calls.
"""

from __future__ import annotations

import ast
import base64
import io
import re
from pathlib import Path

import matplotlib
from matplotlib.font_manager import font_scalings
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
RC_FILE = ROOT / "book" / "matplotlibrc"
VIZ = ROOT / "nnkit" / "viz"

# the rc settings that size the text matplotlib draws without being told
TEXT_RC = ("xtick.labelsize", "ytick.labelsize", "legend.fontsize", "axes.labelsize", "axes.titlesize",
           "figure.titlesize", "legend.title_fontsize")
FONT_KEYWORDS = ("fontsize", "labelsize", "title_fontsize")
# ``size`` means a font size only for the calls that draw text (elsewhere it is, e.g., an array's size)
TEXT_CALLS = ("text", "annotate", "set_title", "suptitle", "set_xlabel", "set_ylabel", "title", "xlabel", "ylabel")


def rc():
    """matplotlib's settings as the book's kernels see them."""
    return matplotlib.rc_params_from_file(str(RC_FILE), use_default_template=True)


def _points(value, base: float) -> float | None:
    """A font size given as a number of points or as a name ('small', 'large', ...), in points."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and value in font_scalings and font_scalings[value] is not None:
        return base * font_scalings[value]
    return None


def default_text_points(params=None) -> float:
    """The smallest text size, in points, of a figure drawn with the defaults alone."""
    params = params or rc()
    base = float(params["font.size"])
    return min(p for p in (_points(params[key], base) for key in TEXT_RC) if p is not None)


def _call_name(call: ast.Call) -> str:
    """The called function's own name: ``text`` for ``ax.text(...)``, ``draw`` for ``draw(...)``."""
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def _called_names(tree: ast.AST) -> set[str]:
    return {_call_name(node) for node in ast.walk(tree) if isinstance(node, ast.Call)}


def _explicit_points(tree: ast.AST, base: float) -> list[float]:
    """Every literal font size in the code: fontsize=, labelsize=, size= of a text call, {"size": ...} of prop=."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        for kw in node.keywords:
            value = kw.value
            if kw.arg in FONT_KEYWORDS or (kw.arg == "size" and name in TEXT_CALLS):
                if isinstance(value, ast.Constant):
                    found.append(_points(value.value, base))
            elif kw.arg == "prop" and isinstance(value, ast.Dict):
                for key, item in zip(value.keys, value.values):
                    if isinstance(key, ast.Constant) and key.value == "size" and isinstance(item, ast.Constant):
                        found.append(_points(item.value, base))
    return [p for p in found if p is not None]


def parse(code: str) -> ast.AST:
    """A notebook cell's code as Python: IPython magics (``%matplotlib inline``) become blank lines."""
    return ast.parse("\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines()))


def function_points(sources: list[str], base: float) -> dict[str, tuple[float | None, set[str]]]:
    """For each function the sources define: its smallest literal font size, and the names it calls."""
    found = {}
    for source in sources:
        for node in ast.walk(parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                sizes = _explicit_points(node, base)
                found[node.name] = (min(sizes) if sizes else None, _called_names(node))
    return found


def viz_functions(base: float) -> dict[str, tuple[float | None, set[str]]]:
    """The same for the plotting functions of ``nnkit.viz``."""
    return function_points([path.read_text(encoding="utf-8") for path in sorted(VIZ.glob("*.py"))], base)


def smallest_points(code: str, functions: dict[str, tuple[float | None, set[str]]], default: float,
                    base: float) -> float:
    """The smallest text size, in points, that a cell's figures can have: the defaults, the cell's own literal
    sizes, and those of every function it calls, directly or through other functions in ``functions``."""
    tree = parse(code)
    sizes = [default, *_explicit_points(tree, base)]
    todo, seen = list(_called_names(tree)), set()
    while todo:
        name = todo.pop()
        if name in seen or name not in functions:
            continue
        seen.add(name)
        size, calls = functions[name]
        if size is not None:
            sizes.append(size)
        todo.extend(calls)
    return min(sizes)


def png_dpi(png: bytes) -> float:
    """The resolution a PNG records (matplotlib writes it), in dots per inch."""
    dpi = Image.open(io.BytesIO(png)).info.get("dpi")
    if not dpi:
        raise ValueError("the PNG records no resolution (pHYs chunk): save it with its dpi")
    return float(dpi[0])


def image_bytes(src: str, page: Path) -> bytes:
    """The bytes of an ``<img src>``: a data URI, or a file relative to the page."""
    match = re.match(r"data:image/png;base64,(.*)", src, re.S)
    if match:
        return base64.b64decode(match.group(1))
    return (page.parent / src.split("?")[0]).read_bytes()
