"""How an assignment went, for the instructor: ``reports/<assignment>/index.html``.

* the totals (final scores, after late penalties) as a histogram, and each part's scores as one;
* per part: points, mean, median, fail rate, and the commonest reason it failed (the verdicts of the
  autograded notebooks, with their numbers blurred so that the same mistake on different inputs
  counts as one), with an example;
* the students to look at: unreadable, cells put back (tampering), timed out, kernel died, late,
  not graded yet, each linked to the feedback page;
* a link to the similarity report when there is one (``python -m grading similarity``).

Only graded submissions count (an assignment not graded yet has no report). A part "fails" for a
student when it earned less than its full points.
"""

from __future__ import annotations

import html
import os
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .cells import grade_id, is_test_cell
from .course import Course, GradingSetupError
from .export import standings
from .feedback import error_summary

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


@dataclass
class PartStats:
    part: str
    title: str
    points: float
    scores: list[float]
    failures: Counter = field(default_factory=Counter)   # blurred verdict → how many students
    examples: dict[str, str] = field(default_factory=dict)  # blurred verdict → one verdict as it was

    @property
    def mean(self) -> float:
        return statistics.mean(self.scores) if self.scores else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.scores) if self.scores else 0.0

    @property
    def fail_rate(self) -> float:
        return sum(x < self.points for x in self.scores) / len(self.scores) if self.scores else 0.0


def blur(verdict: str) -> str:
    """A verdict with its numbers replaced by #: the same mistake on other inputs reads the same."""
    return NUMBER.sub("#", verdict)


def part_statistics(course: Course, assignment: str) -> tuple[list[PartStats], dict[str, dict], float]:
    """(per-part statistics in notebook order, graded students' results, the maximum score)."""
    from . import problems

    notebooks = course.require_assignment(assignment)
    results = {s: r for s, r in course.results(assignment).items() if r.get("status") != "failed"}
    if not results:
        raise GradingSetupError(f"{assignment} has not been graded yet: run `python -m grading autograde {assignment}`")
    checks = problems.load(assignment)
    titles = {p.grade_id: p.title for p in checks.PARTS} if checks else {}
    scores = course.cell_scores(assignment, students=set(results))
    with course.gradebook() as gb:
        a = gb.find_assignment(assignment)
        maximum = float(a.max_score)
        parts = [PartStats(cell.name, titles.get(cell.name, cell.name), float(cell.max_score),
                           [scores.get((s, cell.name), 0.0) for s in sorted(results)])
                 for name in notebooks for cell in gb.find_notebook(name, assignment).grade_cells]
    by_id = {p.part: p for p in parts}
    for student in results:
        for name in notebooks:
            path = course.autograded_dir / student / assignment / f"{name}.ipynb"
            if not path.exists():
                continue
            for cell in nbformat.read(path, as_version=4).cells:
                errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                part = by_id.get(grade_id(cell) or "")
                if part is not None and is_test_cell(cell) and errors:
                    verdict = error_summary(errors[-1]).split(": ", 1)[-1].removeprefix(f"{part.title}: ")
                    part.failures[blur(verdict)] += 1
                    part.examples.setdefault(blur(verdict), verdict)
    return parts, results, maximum


def write_report(course: Course, assignment: str) -> Path:
    """Write ``index.html``, ``scores.png`` and ``parts.png``; returns the page's path."""
    parts, results, maximum = part_statistics(course, assignment)
    folder = course.report_dir(assignment)
    folder.mkdir(parents=True, exist_ok=True)
    _, _, students = standings(course)
    graded = [s for s in students if s.standings.get(assignment) and s.standings[assignment].state == "graded"]
    finals = [s.standings[assignment].final for s in graded]
    raws = [s.standings[assignment].raw for s in graded]
    _figures(folder, assignment, finals, parts, maximum)
    page = _page(course, assignment, folder, parts, students, finals, raws, maximum)
    (folder / "index.html").write_text(page, encoding="utf-8")
    return folder / "index.html"


def _figures(folder: Path, assignment: str, finals: list[float], parts: list[PartStats], maximum: float) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.2), dpi=100)
    ax.hist(finals, bins=range(0, int(maximum) + 2), color="#3b75af", edgecolor="white", align="left")
    ax.set(xlabel=f"final score (out of {maximum:g})", ylabel="students",
           title=f"{assignment}: {len(finals)} graded submissions")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    fig.savefig(folder / "scores.png")
    plt.close(fig)

    columns = min(4, len(parts)) or 1
    rows = -(-len(parts) // columns) or 1
    fig, axes = plt.subplots(rows, columns, figsize=(2.6 * columns, 2.1 * rows), dpi=100, squeeze=False)
    for ax in axes.flat[len(parts):]:
        ax.set_visible(False)
    for ax, part in zip(axes.flat, parts):
        points = Counter(part.scores)
        values = sorted(set(points) | {0.0, part.points})
        ax.bar([f"{v:g}" for v in values], [points.get(v, 0) for v in values], color="#3b75af")
        ax.set_title(part.title, fontsize=9)
        ax.tick_params(labelsize=8)
        ax.spines[["top", "right"]].set_visible(False)
    fig.supxlabel("points earned", fontsize=9)
    fig.supylabel("students", fontsize=9)
    fig.tight_layout()
    fig.savefig(folder / "parts.png")
    plt.close(fig)


def _page(course: Course, assignment: str, folder: Path, parts: list[PartStats], students, finals, raws,
          maximum: float) -> str:
    esc = html.escape
    mean = statistics.mean(finals) if finals else 0.0
    median = statistics.median(finals) if finals else 0.0
    penalised = sum(1 for r, f in zip(raws, finals) if f < r)
    rows = []
    for p in parts:
        common, count = (p.failures.most_common(1) or [("", 0)])[0]
        why = f"{esc(p.examples.get(common, ''))} <small>({count} student{'s' if count != 1 else ''})</small>" \
            if count else ""
        rows.append(f"<tr><td>{esc(p.title)}</td><td>{p.points:g}</td><td>{p.mean:.2f}</td><td>{p.median:g}</td>"
                    f"<td>{100 * p.fail_rate:.0f}%</td><td class='why'>{why}</td></tr>")
    review = []
    for s in students:
        standing = s.standings.get(assignment)
        if standing is None or standing.state == "no submission" or not (standing.notes or standing.state != "graded"):
            continue
        link = _feedback_link(course, assignment, s.id, folder)
        label = f"<a href='{esc(link)}'>{esc(s.id)}</a>" if link else esc(s.id)
        score = f"{standing.raw:g} − {standing.penalty:g} = {standing.final:g}" if standing.state == "graded" else "—"
        review.append(f"<tr><td>{label}</td><td>{esc(s.name)}</td><td>{score}</td>"
                      f"<td class='why'>{esc('; '.join(standing.notes))}</td></tr>")
    similarity = folder / "similarity.html"
    similar = "<p><a href='similarity.html'>The most similar pairs of submissions</a></p>" if similarity.exists() \
        else f"<p>No similarity report yet: <code>python -m grading similarity {esc(assignment)}</code></p>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(assignment)}: grading report</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}} td,th{{padding:.25em .8em;text-align:right;
vertical-align:top}} td:first-child,th:first-child,td.why,th.why{{text-align:left}} td:nth-child(2){{text-align:left}}
table{{border-collapse:collapse;margin:1em 0}} tr:nth-child(even){{background:#f3f5f8}} small{{color:#666}}</style>
</head><body>
<h1>{esc(assignment)}</h1>
<p>{len(finals)} graded submissions; final scores (after late penalties, {penalised} penalised): mean {mean:.2f},
median {median:g} out of {maximum:g}.</p>
<img src="scores.png" alt="Histogram of the {len(finals)} final scores of {esc(assignment)}, out of {maximum:g}">
<h2>Parts</h2>
<table><tr><th>part</th><th>points</th><th>mean</th><th>median</th><th>fail rate</th>
<th class='why'>commonest reason it failed</th></tr>{''.join(rows)}</table>
<img src="parts.png" alt="One histogram per part of {esc(assignment)}: how many students earned each number of points">
<h2>To review ({len(review)})</h2>
<p>Unreadable, cells put back, timed out, kernel died, late, or not graded yet; each links to the feedback page.</p>
<table><tr><th>student</th><th>name</th><th>raw − penalty = final</th>
<th class='why'>why</th></tr>{''.join(review)}</table>
{similar}
</body></html>
"""


def _feedback_link(course: Course, assignment: str, student: str, folder: Path) -> str:
    pages = sorted((course.feedback_dir / student / assignment).glob("*.html"))
    return os.path.relpath(pages[0], folder) if pages else ""
