"""How an assignment went: per-part mean, median and fail rate, and a histogram of the scores.

Written to ``reports/<assignment>/``: ``scores.png`` and ``index.html`` (the table and the figure).
A part "fails" for a student when it earned less than its full points.
"""

from __future__ import annotations

import html
import statistics
from dataclasses import dataclass

from .course import Course


@dataclass
class PartStats:
    part: str
    points: float
    mean: float
    median: float
    fail_rate: float


def part_statistics(course: Course, assignment: str) -> tuple[list[PartStats], list[float], float]:
    """(per-part statistics in notebook order, each student's total, the maximum score)."""
    course.require_assignment(assignment)
    with course.gradebook() as gb:
        a = gb.find_assignment(assignment)
        submissions = list(a.submissions)
        parts = []
        for notebook in a.notebooks:
            for cell in notebook.grade_cells:
                scores = [float(gb.find_grade(cell.name, notebook.name, assignment, s.student.id).score)
                          for s in submissions]
                if scores:
                    parts.append(PartStats(cell.name, float(cell.max_score), statistics.mean(scores),
                                           statistics.median(scores),
                                           sum(x < cell.max_score for x in scores) / len(scores)))
        totals = [float(s.score) for s in submissions]
        return parts, totals, float(a.max_score)


def write_report(course: Course, assignment: str):
    """Write ``scores.png`` and ``index.html``; returns the HTML page's path."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    parts, totals, maximum = part_statistics(course, assignment)
    folder = course.report_dir(assignment)
    folder.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 3.2), dpi=100)
    ax.hist(totals, bins=range(0, int(maximum) + 2), color="#3b75af", edgecolor="white", align="left")
    ax.set(xlabel=f"score (out of {maximum:g})", ylabel="students", title=f"{assignment}: {len(totals)} submissions")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    fig.savefig(folder / "scores.png")
    plt.close(fig)
    mean = statistics.mean(totals) if totals else 0.0
    median = statistics.median(totals) if totals else 0.0
    rows = "".join(
        f"<tr><td>{html.escape(p.part)}</td><td>{p.points:g}</td><td>{p.mean:.2f}</td><td>{p.median:g}</td>"
        f"<td>{100 * p.fail_rate:.0f}%</td></tr>" for p in parts)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(assignment)}: grading report</title>
<style>body{{font-family:sans-serif;max-width:46em;margin:2em auto}} td,th{{padding:.2em .8em;text-align:right}}
td:first-child,th:first-child{{text-align:left}} table{{border-collapse:collapse}} tr:nth-child(even){{background:#f3f5f8}}</style>
</head><body>
<h1>{html.escape(assignment)}</h1>
<p>{len(totals)} submissions; mean {mean:.2f}, median {median:g} out of {maximum:g}.</p>
<img src="scores.png" alt="Histogram of the {len(totals)} total scores of {html.escape(assignment)}, out of {maximum:g}">
<table><tr><th>part</th><th>points</th><th>mean</th><th>median</th><th>fail rate</th></tr>{rows}</table>
</body></html>
"""
    (folder / "index.html").write_text(page)
    return folder / "index.html"
