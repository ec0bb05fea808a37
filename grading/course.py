"""The course folder as nbgrader lays it out, where submissions, grades and reports live, and its configuration.

:func:`course_config` reads the course's ``nbgrader_config.py`` and hardens it for untrusted notebooks
(:func:`harden`); :class:`Course` and every grading worker read the course through it.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .sandbox import NOTEBOOK_TIMEOUT, Limits


def ensure_tools_on_path() -> None:
    """nbgrader runs ``alembic`` through PATH: make this Python's scripts folder findable."""
    if shutil.which("alembic") is None:
        os.environ["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])


def harden(config, root=".") -> None:
    """Make nbgrader's autograde fit for untrusted notebooks, in ``config`` (a course's ``c``).

    The course's ``nbgrader_config.py`` calls it, so that ``nbgrader autograde`` itself grades this way:
    :class:`~grading.restore.RestoreCells` puts the release's cells back before nbgrader's sanitising
    steps, and :class:`~grading.execute.CheckedExecute` runs each notebook in a sandboxed kernel in place
    of nbgrader's Execute, grading every part out of the student's kernel.
    """
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader import preprocessors as pp

    from .execute import CheckedExecute
    from .restore import RestoreCells

    release = config.CourseDirectory.get("release_directory", "release")
    config.RestoreCells.release_directory = str(Path(root).resolve() / release)
    # nbgrader's lists end with CheckCellMetadata, which validates each cell's nbgrader metadata against a JSON
    # schema (50 ms a notebook, a tenth of the grading). After RestoreCells every cell that has nbgrader
    # metadata carries the release's, and no other step writes any: there is nothing left to catch.
    config.Autograde.sanitize_preprocessors = [
        RestoreCells, pp.ClearOutput, pp.DeduplicateIds, pp.OverwriteKernelspec, pp.OverwriteCells]
    config.Autograde.autograde_preprocessors = [
        CheckedExecute, pp.IgnorePattern, ClearMetadataPreprocessor, pp.LimitOutput, pp.SaveAutoGrades,
        pp.AssignLatePenalties]


@dataclass(frozen=True, kw_only=True)
class GradeOptions:
    """How each notebook of a grading run executes: confined or not, with what memory, for how long."""

    sandbox: bool = True                       # False: student code runs unconfined (--no-sandbox)
    limits: Limits = Limits()                  # a kernel's resources; memory_mb is set per run (--memory-mb)
    cell_timeout: int | None = None            # seconds per cell; None: the course's Execute.timeout
    notebook_timeout: int = NOTEBOOK_TIMEOUT   # seconds per notebook


def course_config(root, *, db_url: str | None = None, options: GradeOptions | None = None):
    """nbgrader configuration of the course at ``root`` (its ``nbgrader_config.py``), hardened for untrusted
    notebooks (:func:`harden`), with this run's gradebook (``db_url``; None: the course's own) and ``options``
    (sandbox, memory limit and time limits; None: :class:`GradeOptions`' defaults)."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    options = GradeOptions() if options is None else options
    root = Path(root).resolve()
    config = Config()
    if (root / "nbgrader_config.py").exists():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config())
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = absolute_db_url(db_url or config.CourseDirectory.get("db_url", ""), root)
    harden(config, root)
    config.CheckedExecute.notebook_timeout = options.notebook_timeout
    config.CheckedExecute.sandbox = options.sandbox
    config.CheckedExecute.memory_mb = options.limits.memory_mb
    if options.cell_timeout is not None:
        config.Execute.timeout = options.cell_timeout
    return config


def absolute_db_url(db_url: str, root: Path) -> str:
    """The gradebook's URL with a relative SQLite path made absolute (workers may run elsewhere).

    SQLite files also get a 60 s busy timeout, so that parallel workers wait for each other's short
    writes instead of failing with "database is locked".
    """
    if not db_url:
        db_url = "sqlite:///gradebook.db"
    if not db_url.startswith("sqlite:///"):
        return db_url
    path, _, query = db_url[len("sqlite:///"):].partition("?")
    path = path if os.path.isabs(path) else str(Path(root) / path)
    return f"sqlite:///{path}?{query or 'timeout=60'}"


class GradingSetupError(RuntimeError):
    """The course is not ready for this step (and the message says what to run first)."""


class Course:
    """A course folder with an ``nbgrader_config.py``; ``db_url`` overrides the gradebook's URL."""

    def __init__(self, root=".", *, db_url: str | None = None):
        from nbgrader.coursedir import CourseDirectory

        from .i18n import course_language

        ensure_tools_on_path()
        self.root = Path(root).resolve()
        if not (self.root / "nbgrader_config.py").exists():
            raise GradingSetupError(f"{self.root} has no nbgrader_config.py: run this in the course folder "
                                    "or pass --course PATH")
        self.config = course_config(self.root, db_url=db_url)
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

    def cell_scores(self, assignment: str, *, students=None) -> dict[tuple[str, str], float]:
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

    def due_date(self, assignment: str, *, student: str | None = None) -> datetime.datetime | None:
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
