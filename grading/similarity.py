"""Which submissions of an assignment are most alike, the released starter code left out: copydetect.

Each student's code cells become one Python file; the release's code cells are copydetect's
boilerplate, so a match on the starter code counts for nothing. copydetect fingerprints each file by
winnowing its token stream, with every variable name made ``V`` and every function name ``F``: a copy
with names changed and functions reordered still shares its fingerprints, while two independent
solutions share few. The page ``reports/<assignment>/similarity.html`` ranks the pairs by the mean of
the two shares (how much of A is found in B, and of B in A) and shows the best ones side by side, the
matching code highlighted. A high score is a reason to look, not a verdict.
"""

from __future__ import annotations

import html
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .cells import is_test_cell
from .course import Course

NOISE_TOKENS = 25      # copydetect's thresholds (its defaults): matches shorter than this are noise,
GUARANTEE_TOKENS = 30  # and a match this long is always found


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    share_first: float   # the part of first's code found in second's
    share_second: float
    tokens: int          # tokens in common
    files: tuple[str, str] = ("", "")  # the two code files compared

    @property
    def score(self) -> float:
        return (self.share_first + self.share_second) / 2


def notebook_code(path: Path) -> str:
    """The code cells of a notebook as one Python file (test cells, which the release fixes, left out)."""
    nb = nbformat.read(path, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code" and not is_test_cell(c) and c.source.strip()]
    # IPython's magics and shell escapes are not Python: pygments would stumble on them
    lines = [line for cell in cells for line in cell.splitlines() + [""] if not line.lstrip().startswith(("%", "!"))]
    return "\n".join(lines)


def similar_pairs(course: Course, assignment: str, work: Path):
    """(pairs ranked from the most similar, the detector) over every readable submission of ``assignment``."""
    from copydetect import CopyDetector

    notebooks = course.require_assignment(assignment)
    shutil.rmtree(work, ignore_errors=True)
    code, boilerplate = work / "code", work / "boilerplate"
    for student, folder in course.submissions(assignment).items():
        for name in notebooks:
            path = folder / f"{name}.ipynb"
            try:
                text = notebook_code(path)
            except Exception:  # noqa: BLE001 - unreadable or missing: nothing to compare
                continue
            (code / student).mkdir(parents=True, exist_ok=True)
            (code / student / f"{name}.py").write_text(text)
    boilerplate.mkdir(parents=True)
    for name in notebooks:
        (boilerplate / f"{name}.py").write_text(notebook_code(course.root / course.coursedir.release_directory
                                                              / assignment / f"{name}.ipynb"))
    students = sorted(p.name for p in code.iterdir()) if code.exists() else []
    if len(students) < 2:
        return [], None
    logging.getLogger().setLevel(logging.ERROR)  # copydetect logs a warning per file it finds nothing in
    detector = CopyDetector(test_dirs=[str(code)], ref_dirs=[str(code)], boilerplate_dirs=[str(boilerplate)],
                            extensions=["py"], noise_t=NOISE_TOKENS, guarantee_t=GUARANTEE_TOKENS, display_t=0.0,
                            ignore_leaf=True, autoopen=False, silent=True, out_file=str(work / "copydetect.html"))
    detector.run()
    owner = [Path(f).parent.name for f in detector.test_files]
    pairs = {}
    for i, first in enumerate(detector.test_files):
        for j, second in enumerate(detector.ref_files):
            a, b = owner[i], Path(second).parent.name
            share_a, share_b = detector.similarity_matrix[i, j]
            if a < b and share_a >= 0:
                key = (a, b)
                pair = Pair(a, b, float(share_a), float(share_b), int(detector.token_overlap_matrix[i, j]),
                            (first, second))
                if key not in pairs or pair.score > pairs[key].score:
                    pairs[key] = pair
    return sorted(pairs.values(), key=lambda p: (-p.score, p.first, p.second)), detector


def write_similarity_report(course: Course, assignment: str, *, shown: int = 20) -> Path:
    """Write ``reports/<assignment>/similarity.html``, the ``shown`` most similar pairs side by side; returns
    its path."""
    folder = course.report_dir(assignment)
    folder.mkdir(parents=True, exist_ok=True)
    pairs, detector = similar_pairs(course, assignment, folder / "similarity")
    top = pairs[:shown]
    views = _side_by_side(detector, top) if top else {}
    rows = "".join(
        f"<tr><td>{k}</td><td><a href='#pair{k}'>{html.escape(p.first)} · {html.escape(p.second)}</a></td>"
        f"<td>{100 * p.score:.0f}%</td><td>{100 * p.share_first:.0f}%</td><td>{100 * p.share_second:.0f}%</td>"
        f"<td>{p.tokens}</td></tr>" for k, p in enumerate(top, 1))
    sections = "".join(
        f"<h2 id='pair{k}'>{k}. {html.escape(p.first)} and {html.escape(p.second)}: {100 * p.score:.0f}%</h2>"
        f"<div class='pair'><pre>{views.get((p.first, p.second), ('', ''))[0]}</pre>"
        f"<pre>{views.get((p.first, p.second), ('', ''))[1]}</pre></div>" for k, p in enumerate(top, 1))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(assignment)}: similar submissions</title>
<style>body{{font-family:sans-serif;max-width:80em;margin:2em auto}} td,th{{padding:.25em .8em;text-align:right}}
td:nth-child(2),th:nth-child(2){{text-align:left}} table{{border-collapse:collapse}}
tr:nth-child(even){{background:#f3f5f8}} .pair{{display:grid;grid-template-columns:1fr 1fr;gap:1em}}
pre{{background:#fafafa;border:1px solid #ddd;padding:.6em;overflow:auto;font-size:.8em}}
.highlight-red{{background:#ffd8d8}} .highlight-green{{background:#d8f5d8}}</style></head><body>
<h1>{html.escape(assignment)}: the most similar submissions</h1>
<p>{len(pairs)} pairs of {len({s for p in pairs for s in (p.first, p.second)})} submissions compared by copydetect,
the release's starter code left out; names do not count (every variable is V, every function F). The score is the
mean of the two shares: how much of each one's code is found in the other. A high score is a reason to look at the
pair, not a verdict.</p>
<table><tr><th>#</th><th>pair</th><th>score</th><th>first in second</th><th>second in first</th>
<th>tokens in common</th></tr>{rows}</table>
{sections}
</body></html>
"""
    path = folder / "similarity.html"
    path.write_text(page, encoding="utf-8")
    return path


def _side_by_side(detector, pairs: list[Pair]) -> dict[tuple[str, str], tuple[str, str]]:
    """Each pair's two files as HTML, the code they share highlighted (copydetect's own highlighting)."""
    from copydetect.utils import highlight_overlap

    views = {}
    for pair in pairs:
        a, b = pair.files
        slices = detector.slice_matrix.get((a, b))
        if slices is None:
            reverse = detector.slice_matrix.get((b, a))
            slices = [reverse[1], reverse[0]] if reverse is not None else None
        if slices is None:
            views[(pair.first, pair.second)] = (html.escape(detector.file_data[a].raw_code),
                                                html.escape(detector.file_data[b].raw_code))
            continue
        left, _ = highlight_overlap(detector.file_data[a].raw_code, slices[0], "<span class='highlight-red'>",
                                    "</span>", escape_html=True)
        right, _ = highlight_overlap(detector.file_data[b].raw_code, slices[1], "<span class='highlight-green'>",
                                     "</span>", escape_html=True)
        views[(pair.first, pair.second)] = (left, right)
    return views
