"""The course folder as nbgrader lays it out: where submissions, grades and reports live."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sys
from pathlib import Path


def ensure_tools_on_path() -> None:
    """nbgrader runs ``alembic`` through PATH: make this Python's scripts folder findable."""
    if shutil.which("alembic") is None:
        os.environ["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])


class GradingSetupError(RuntimeError):
    """The course is not ready for this step (and the message says what to run first)."""


class Course:
    """A course folder with an ``nbgrader_config.py``; ``db_url`` overrides the gradebook's URL."""

    def __init__(self, root=".", db_url: str | None = None):
        from nbgrader.coursedir import CourseDirectory

        from .i18n import course_language
        from .worker import course_config

        ensure_tools_on_path()
        self.root = Path(root).resolve()
        if not (self.root / "nbgrader_config.py").exists():
            raise GradingSetupError(f"{self.root} has no nbgrader_config.py: run this in the course folder "
                                    "or pass --course PATH")
        self.config = course_config(self.root, db_url)
        try:
            self.language = course_language(self.config)  # c.Grading.language: what students read from the grader
        except ValueError as error:
            raise GradingSetupError(f"{self.root / 'nbgrader_config.py'}: {error}") from None
        self.db_url = self.config.CourseDirectory.db_url
        self.coursedir = CourseDirectory(config=self.config)

    def _dir(self, step: str) -> Path:
        return self.root / getattr(self.coursedir, f"{step}_directory")

    @property
    def submitted_dir(self) -> Path:
        return self._dir("submitted")

    @property
    def autograded_dir(self) -> Path:
        return self._dir("autograded")

    @property
    def feedback_dir(self) -> Path:
        return self._dir("feedback")

    def report_dir(self, assignment: str | None = None) -> Path:
        return self.root / "reports" / (assignment or "")

    def results_path(self, assignment: str) -> Path:
        """``reports/<assignment>/autograde.json``: each student's status, score and reasons."""
        return self.report_dir(assignment) / "autograde.json"

    def results(self, assignment: str) -> dict[str, dict]:
        """student id → the last autograde result (``Result.to_dict()``); empty before the first run."""
        path = self.results_path(assignment)
        return json.loads(path.read_text()) if path.exists() else {}

    def gradebook(self):
        from nbgrader.api import Gradebook

        return Gradebook(self.db_url, self.coursedir.course_id)

    def cell_scores(self, assignment: str, students=None) -> dict[tuple[str, str], float]:
        """(student, grade cell) → score in the gradebook, for ``students`` (default: every submission)."""
        with self.gradebook() as gb:
            return {(s.student.id, g.name): float(g.score) for s in gb.find_assignment(assignment).submissions
                    if students is None or s.student.id in students for nb in s.notebooks for g in nb.grades}

    def require_assignment(self, assignment: str) -> list[str]:
        """The notebook names of ``assignment``; raises if nbgrader does not know it yet."""
        from nbgrader.api import MissingEntry

        with self.gradebook() as gb:
            try:
                notebooks = [nb.name for nb in gb.find_assignment(assignment).notebooks]
            except MissingEntry:
                known = ", ".join(a.name for a in gb.assignments) or "none"
                raise GradingSetupError(
                    f"assignment {assignment!r} is not in the gradebook (known: {known}); release it first "
                    f"with `nbgrader generate_assignment {assignment}`"
                ) from None
        if not notebooks:
            raise GradingSetupError(f"assignment {assignment!r} has no notebooks in the gradebook; run "
                                    f"`nbgrader generate_assignment {assignment} --force`")
        return notebooks

    def submissions(self, assignment: str) -> dict[str, Path]:
        """student id → that student's submitted folder for ``assignment``."""
        if not self.submitted_dir.is_dir():
            return {}
        return {p.parent.name: p for p in sorted(self.submitted_dir.glob(f"*/{assignment}")) if p.is_dir()}

    def due_date(self, assignment: str, student: str | None = None) -> datetime.datetime | None:
        """The assignment's due date in the gradebook (UTC), or None when it has none.

        With ``student``: that student's, the extension nbgrader holds for them included.
        """
        from nbgrader.api import MissingEntry

        with self.gradebook() as gb:
            due = gb.find_assignment(assignment).duedate
            if due is None:
                return None
            if student is not None:
                try:
                    due = gb.find_submission(assignment, student).duedate
                except MissingEntry:
                    pass
        return due.replace(tzinfo=datetime.timezone.utc)

    def extension(self, assignment: str, student: str) -> datetime.timedelta | None:
        """The extension nbgrader holds for ``student`` on ``assignment``, if any."""
        from nbgrader.api import MissingEntry

        with self.gradebook() as gb:
            try:
                return gb.find_submission(assignment, student).extension
            except MissingEntry:
                return None

    def grant_extension(self, assignment: str, student: str, hours: float) -> None:
        """Give ``student`` ``hours`` more on ``assignment`` (0: none), in nbgrader's gradebook."""
        if hours < 0:
            raise ValueError(f"an extension of {hours:g} hours: expected 0 (none) or more")
        self.require_assignment(assignment)
        with self.gradebook() as gb:
            gb.update_or_create_student(student)
            gb.update_or_create_submission(assignment, student)
            gb.grant_extension(assignment, student, hours=hours)

    def create_students(self, students) -> None:
        with self.gradebook() as gb:
            for student in students:
                gb.update_or_create_student(student)
