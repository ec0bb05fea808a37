"""The class list: every enrolled student in nbgrader's student table, so that the grades list them all.

A roster is a CSV in one of three forms, told apart by its header:

* nbgrader's own (``nbgrader db student import``): ``id`` and optionally ``first_name``, ``last_name``,
  ``email``, ``lms_user_id``;
* Canvas's gradebook export: ``Student`` ("Last, First"), ``ID`` (the Canvas user id, the key the
  Canvas download gives), ``SIS User ID``, ``SIS Login ID``, ``Section``; its "Points Possible" row
  and Canvas's "Student, Test" are skipped;
* Moodle's grading worksheet: ``Identifier`` ("Participant 12345"), ``Full name``, ``Email address``.

The file may be UTF-8 (with or without a byte-order mark, as Excel writes it) or cp949.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .course import Course


@dataclass(frozen=True)
class Enrolled:
    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_user_id: str = ""


def read_roster(path) -> list[Enrolled]:
    """The students of the roster CSV at ``path`` (see the module docstring for the forms it reads)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"roster {path} does not exist: expected a CSV of the enrolled students")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp949", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    header = {name.strip() for name in reader.fieldnames or []}
    rows = [{(k or "").strip(): v for k, v in row.items()} for row in reader]
    if "id" in header:
        students = [_nbgrader(r) for r in rows]
    elif {"Student", "ID"} <= header:
        students = [_canvas(r) for r in rows if _is_canvas_student(r)]
    elif {"Identifier", "Full name"} <= header:
        students = [_moodle(r) for r in rows]
    else:
        raise ValueError(f"roster {path}: columns {sorted(header)} are none of the known forms: expected nbgrader's "
                         "(id, first_name, last_name, email, lms_user_id), Canvas's gradebook export (Student, ID, "
                         "...) or Moodle's grading worksheet (Identifier, Full name, ...)")
    missing = [i + 2 for i, s in enumerate(students) if not s.id]
    if missing:
        raise ValueError(f"roster {path}: row(s) {', '.join(map(str, missing))} have no student id")
    return students


def _nbgrader(row: dict) -> Enrolled:
    return Enrolled(*(str(row.get(k) or "").strip() for k in ("id", "first_name", "last_name", "email",
                                                                "lms_user_id")))


def _is_canvas_student(row: dict) -> bool:
    name = (row.get("Student") or "").strip()
    return bool(name) and "Points Possible" not in name and name != "Student, Test" and bool(row.get("ID"))


def _canvas(row: dict) -> Enrolled:
    last, _, first = (row.get("Student") or "").partition(",")
    canvas_id = (row.get("ID") or "").strip()
    return Enrolled(canvas_id, first.strip(), last.strip(), "", canvas_id)


def _moodle(row: dict) -> Enrolled:
    number = re.sub(r"\D", "", row.get("Identifier") or "")
    return Enrolled(number, "", (row.get("Full name") or "").strip(), (row.get("Email address") or "").strip(),
                    number)


def import_roster(course: Course, path) -> list[Enrolled]:
    """Put the roster's students into nbgrader's student table (their names and ids updated); returns them."""
    students = read_roster(path)
    with course.gradebook() as gb:
        for s in students:
            fields = {k: v for k, v in vars(s).items() if k != "id" and v}
            gb.update_or_create_student(s.id, **fields)
    return students
