"""Grades as CSV: one row per student, one column per assignment, reasons for every zero.

Scores come from nbgrader's gradebook; a student with no submission of an assignment gets 0 and
the reason "no submission", and the reasons recorded by ``autograde`` (unreadable notebook, tampering
found, a kernel that died) are carried over, so a zero is never unexplained.
"""

from __future__ import annotations

import csv

from .course import Course


def grade_table(course: Course) -> tuple[list[str], list[dict]]:
    """(assignments, rows): each row has student_id, one score per assignment, total, max_total, notes."""
    from nbgrader.api import MissingEntry

    with course.gradebook() as gb:
        assignments = sorted(a.name for a in gb.assignments)
        maxima = {a.name: float(a.max_score) for a in gb.assignments}
        students = sorted(s.id for s in gb.students)
        results = {name: course.results(name) for name in assignments}
        rows = []
        for student in students:
            row, notes = {"student_id": student}, []
            for name in assignments:
                try:
                    score = float(gb.find_submission(name, student).score)
                except MissingEntry:  # nothing submitted
                    score = 0.0
                    notes.append(f"{name}: no submission")
                result = results[name].get(student, {})
                if result.get("status") not in (None, "graded"):
                    notes.append(f"{name}: {result['status']}: " + "; ".join(result.get("notes", [])[:2]))
                row[name] = round(score, 2)
            row["total"] = round(sum(row[a] for a in assignments), 2)
            row["max_total"] = sum(maxima.values())
            row["notes"] = " | ".join(notes)
            rows.append(row)
    return assignments, rows


def export_csv(course: Course, path=None):
    """Write the grade table to ``path`` (default ``reports/grades.csv``) and return the path."""
    assignments, rows = grade_table(course)
    path = path or course.report_dir() / "grades.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, ["student_id", *assignments, "total", "max_total", "notes"])
        writer.writeheader()
        writer.writerows(rows)
    return path
