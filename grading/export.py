"""Grades as CSV: one row per student, raw score, late penalty and final score per assignment, and why.

Students are every student nbgrader knows (the roster, :mod:`grading.roster`, and everyone
collected); assignments are those graded at least once (an assignment released but not yet
graded is left out, so it counts against no one). For each student and assignment the state is one of

* graded: the gradebook's raw score, nbgrader's late penalty, and the final score
  ``max(0, raw - penalty)`` as ``nbgrader export`` computes it;
* no submission: 0;
* not graded yet: collected but not (or not since it changed) autograded; the scores are left empty,
  since a crash or a pending run is not a zero.

The notes carry every reason a student lost points outside the tests: unreadable, cells put back
(tampering), timed out, kernel died, late (with the penalty), no submission.

:func:`export_canvas` writes the same final scores in the form Canvas's gradebook import reads.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .course import Course
from .worker import fingerprint, late_note

CANVAS_ID_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


@dataclass
class Standing:
    """One student's result on one assignment."""

    state: str                     # "graded", "no submission", "not graded yet"
    raw: float | None = None
    penalty: float | None = None
    final: float | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Student:
    id: str
    name: str
    lms_user_id: str
    standings: dict[str, Standing]

    @property
    def total(self) -> float:
        return round(sum(s.final or 0.0 for s in self.standings.values()), 2)


def graded_assignments(course: Course) -> list[str]:
    """The assignments autograded at least once, in the gradebook's order of names."""
    with course.gradebook() as gb:
        names = sorted(a.name for a in gb.assignments)
    return [a for a in names if course.results_path(a).exists()]


def standings(course: Course) -> tuple[list[str], dict[str, float], list[Student]]:
    """(graded assignments, their maximum scores, every student with a Standing per assignment)."""
    from nbgrader.api import MissingEntry

    assignments = graded_assignments(course)
    with course.gradebook() as gb:
        maxima = {a: float(gb.find_assignment(a).max_score) for a in assignments}
        people = {s.id: s for s in gb.students}
        submitted = {a: course.submissions(a) for a in assignments}
        ids = sorted(set(people) | {s for folders in submitted.values() for s in folders})
        results = {a: course.results(a) for a in assignments}
        students = []
        for sid in ids:
            person = people.get(sid)
            row = Student(sid, display_name(person) if person else sid,
                          (person.lms_user_id or "") if person else "", {})
            for a in assignments:
                folder, result = submitted[a].get(sid), results[a].get(sid)
                if folder is None:
                    row.standings[a] = Standing("no submission", 0.0, 0.0, 0.0, ["no submission"])
                elif (result is None or result.get("status") == "failed"
                      or result.get("fingerprint") != fingerprint(folder)):
                    why = "grading failed: run autograde again" if result and result.get("status") == "failed" else \
                        "not graded yet: run autograde"
                    row.standings[a] = Standing("not graded yet", notes=[why])
                else:
                    try:
                        sub = gb.find_submission(a, sid)
                        raw, penalty = float(sub.score), float(sub.late_submission_penalty or 0.0)
                    except MissingEntry:
                        raw, penalty = float(result.get("score", 0.0)), float(result.get("penalty", 0.0))
                    row.standings[a] = Standing("graded", raw, penalty, max(0.0, raw - penalty),
                                                reasons(result, penalty))
            students.append(row)
    return assignments, maxima, students


def reasons(result: dict, penalty: float) -> list[str]:
    """The notes for a graded result: each flag autograde raised, with its first detail."""
    notes = []
    for flag in result.get("flags", []):
        if flag == "late":
            notes.append(late_note(result.get("seconds_late", 0.0), penalty))
            continue
        detail = next((n for n in result.get("notes", []) if _about(flag, n)), "")
        notes.append(f"{flag}: {detail}" if detail else flag)
    return notes


def _about(flag: str, note: str) -> bool:
    words = {"unreadable": "not a valid notebook", "missing notebook": "is missing", "timed out": "time",
             "kernel died": "kernel died", "cells put back": "put back"}
    return words.get(flag, flag) in note.lower()


def display_name(person) -> str:
    """"Last, First" as nbgrader's student table has it, or whichever of the two there is."""
    last, first = (person.last_name or "").strip(), (person.first_name or "").strip()
    return f"{last}, {first}" if last and first else last or first or person.id


def export_csv(course: Course, path=None) -> Path:
    """Write the grades to ``path`` (default ``reports/grades.csv``) and return the path."""
    assignments, maxima, students = standings(course)
    path = Path(path) if path else course.report_dir() / "grades.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = ["student_id", "name", "lms_user_id"]
    for a in assignments:
        columns += [f"{a} raw", f"{a} late penalty", a]
    columns += ["total", "max_total", "notes"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        for s in students:
            row = {"student_id": s.id, "name": s.name, "lms_user_id": s.lms_user_id, "total": s.total,
                   "max_total": sum(maxima.values())}
            for a, st in s.standings.items():
                row.update({f"{a} raw": _number(st.raw), f"{a} late penalty": _number(st.penalty),
                            a: _number(st.final)})
            row["notes"] = " | ".join(f"{a}: {n}" for a, st in s.standings.items() for n in st.notes)
            writer.writerow(row)
    return path


def export_canvas(course: Course, path, *, columns: dict[str, str] | None = None) -> tuple[Path, list[str]]:
    """Final scores as a CSV for Canvas's gradebook import; returns (path, students left out).

    Canvas matches rows by ``ID`` (the Canvas user id: the student id a Canvas download gives, or the
    roster's) and columns by assignment name; ``columns`` maps an assignment to the column title of an
    existing Canvas assignment, e.g. ``{"ps1_forward": "Problem set 1 (123456)"}``; an unmapped one gets
    a column of its own name, which Canvas's import offers to create. A student with no Canvas id is
    left out (and named in the return value). A submission not graded yet is left empty, not 0.
    """
    columns = columns or {}
    assignments, maxima, students = standings(course)
    unknown = sorted(set(columns) - set(assignments))
    if unknown:
        raise ValueError(f"--canvas-column names {', '.join(unknown)}, which has not been graded (graded: "
                         f"{', '.join(assignments) or 'none'})")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    titles = [columns.get(a, a) for a in assignments]
    left_out = [s.id for s in students if not s.lms_user_id]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CANVAS_ID_COLUMNS + titles)
        writer.writerow(["Points Possible", "", "", "", ""] + [f"{maxima[a]:g}" for a in assignments])
        for s in students:
            if s.lms_user_id:
                writer.writerow([s.name, s.lms_user_id, "", "", ""] +
                                [_number(s.standings[a].final) for a in assignments])
    return path, left_out


def _number(value: float | None) -> str:
    return "" if value is None else f"{round(value, 2):g}"
