"""Grade one submission: what each worker process runs, with nbgrader's own Autograde converter.

A worker keeps nbgrader imported between submissions. Each job gets its own nbgrader configuration
(:func:`grading.course.course_config`): the hardened preprocessors (:class:`grading.restore.RestoreCells` before
nbgrader's sanitising steps, :class:`grading.execute.CheckedExecute` in place of its Execute, which
starts each sandboxed kernel itself), so jobs share no state and a worker may run several at once in
threads (one fix to nbgrader makes that safe: :func:`_shared_setenv`).
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import os
import threading
import time
from dataclasses import KW_ONLY, asdict, dataclass, field
from pathlib import Path

from .course import GradeOptions, course_config
from .i18n import N_, _


@dataclass(frozen=True)
class GradeJob:
    """One submission to grade: the course, the assignment and the student, and how to run it."""

    root: str                        # the course folder (holds nbgrader_config.py)
    assignment: str
    student: str
    _: KW_ONLY
    db_url: str | None = None        # None: the course's own (nbgrader_config.py)
    options: GradeOptions = GradeOptions()


FLAGS = ("unreadable", "missing notebook", "cells put back", "timed out", "kernel died", "late")
STATUSES = (N_("graded"), N_("unreadable"), N_("failed"))  # a Result's status, named in the summary


@dataclass
class Result:
    student: str
    status: str                      # "graded", "unreadable", "failed"
    score: float = 0.0               # the raw score: what the tests gave, before any late penalty
    max_score: float = 0.0
    penalty: float = 0.0             # nbgrader's late penalty (LateSubmissionPlugin)
    seconds_late: float = 0.0        # after the student's due date, extension included
    flags: list[str] = field(default_factory=list)  # why it lost points outside the tests: some of FLAGS
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    fingerprint: str = ""            # sha256 of the submitted files: an unchanged submission is not regraded
    worker_mb: float = 0.0           # peak resident memory of the worker process so far, MiB
    kernel_mb: float = 0.0           # peak resident memory of the largest kernel the worker has run, MiB

    @property
    def final(self) -> float:
        """The score after the late penalty, as nbgrader's export computes it."""
        return max(0.0, self.score - self.penalty)

    def to_dict(self):
        return asdict(self)


def fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def grade(job: GradeJob) -> Result:
    """Autograde one student's submission; never raises for anything the submission does."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from .restore import read_repairs

    start = time.monotonic()
    _quiet_gradebook_warnings()
    _thread_safe_setenv()
    config = course_config(job.root, db_url=job.db_url, options=job.options)
    coursedir = CourseDirectory(config=config)
    folder = Path(coursedir.format_path(coursedir.submitted_directory, job.student, job.assignment))
    result = Result(job.student, "graded", fingerprint=fingerprint(folder))
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        expected = [nb.name for nb in gb.find_assignment(job.assignment).notebooks]
    unreadable = [f"{name}.ipynb: {problem}" for name in expected
                  if (problem := _unreadable(folder / f"{name}.ipynb"))]
    if unreadable:
        result.status, result.notes, result.flags = "unreadable", unreadable, ["unreadable"]
        _record_zero(coursedir, job)
    else:
        outcome = NbGraderAPI(coursedir, config=config).autograde(job.assignment, job.student, force=True,
                                                                  create=True)
        autograded = Path(coursedir.format_path(coursedir.autograded_directory, job.student, job.assignment))
        repairs = [f"{name}.ipynb: {r}" for name in expected for r in read_repairs(autograded, name)]
        missing = [f"{name}.ipynb is missing" for name in expected if not (folder / f"{name}.ipynb").exists()]
        result.notes += repairs + missing
        result.flags += (["cells put back"] if repairs else []) + (["missing notebook"] if missing else [])
        if not outcome["success"]:
            result.status = "failed"
            result.notes.append("nbgrader autograde failed: " + _last_error(outcome))
        else:
            for flag, note in _cell_problems(autograded, expected):
                result.notes.append(note)
                if flag not in result.flags:
                    result.flags.append(flag)
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        try:
            submission = gb.find_submission(job.assignment, job.student)
            result.score, result.max_score = float(submission.score), float(submission.max_score)
            result.penalty = float(submission.late_submission_penalty or 0.0)
            result.seconds_late = float(submission.total_seconds_late or 0.0)
        except MissingEntry:  # no submission row: nothing was recorded
            result.max_score = float(gb.find_assignment(job.assignment).max_score)
    if result.seconds_late > 0:
        result.flags.append("late")
        result.notes.append(late_note(result.seconds_late, result.penalty))
    result.seconds = round(time.monotonic() - start, 2)
    result.worker_mb, result.kernel_mb = _peak_memory()
    return result


def _peak_memory() -> tuple[float, float]:
    """Peak resident memory (MiB) of this process and of the largest of its finished children (the kernels)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return round(own.ru_maxrss / 1024, 1), round(children.ru_maxrss / 1024, 1)


_ENV_LOCK = threading.Lock()
_ENV_USERS: collections.Counter = collections.Counter()


@contextlib.contextmanager
def _shared_setenv(**values):
    """nbgrader.utils.setenv for jobs in several threads: the variable stays set while any job needs it.

    nbgrader 0.9's own version reads the previous value under the wrong key (the value) and so always
    deletes the variable afterwards; with two notebooks graded at once, the second deletion fails.
    """
    with _ENV_LOCK:
        for key, value in values.items():
            _ENV_USERS[key] += 1
            os.environ[key] = value
    try:
        yield
    finally:
        with _ENV_LOCK:
            for key in values:
                _ENV_USERS[key] -= 1
                if not _ENV_USERS[key]:
                    os.environ.pop(key, None)


def _thread_safe_setenv() -> None:
    from nbgrader import utils

    utils.setenv = _shared_setenv


def _quiet_gradebook_warnings() -> None:
    """nbgrader 0.9's gradebook triggers SQLAlchemy "not in session" warnings on every submission; harmless."""
    import warnings

    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)


def _unreadable(path: Path) -> str | None:
    """Why ``path`` cannot be graded as a notebook, or None if it can (a missing file is nbgrader's case)."""
    import nbformat

    if not path.exists():
        return None
    try:
        nbformat.validate(nbformat.read(path, as_version=4))
    except Exception as error:  # noqa: BLE001 - any failure to read is the submission's problem
        return f"not a valid notebook ({type(error).__name__}: {str(error).splitlines()[0][:200]})"
    return None


def _record_zero(coursedir, job: GradeJob) -> None:
    """Give every graded cell of the submission a score of zero, as nbgrader does for a missing notebook."""
    from nbgrader.api import Gradebook

    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        gb.update_or_create_student(job.student)
        submission = gb.update_or_create_submission(job.assignment, job.student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score, grade.needs_manual_grade = 0, False
        gb.db.commit()


def late_note(seconds_late: float, penalty: float) -> str:
    """How late a submission came and what it cost, for the notes."""
    import datetime

    late = datetime.timedelta(seconds=round(seconds_late))
    cost = _("late penalty {penalty:g} point(s)").format(penalty=penalty) if penalty else \
        _("no late penalty configured")
    return _("submitted {late} after the due date: {cost}").format(late=late, cost=cost)


def _cell_problems(autograded: Path, expected: list[str]) -> list[tuple[str, str]]:
    """(flag, note) for each cell that failed for a reason other than a wrong answer: a timeout or a dead kernel."""
    import nbformat

    from .cells import grade_id
    from .execute import first_line, problem_of

    problems = []
    for name in expected:
        path = autograded / f"{name}.ipynb"
        if not path.exists():
            continue
        for cell in nbformat.read(path, as_version=4).cells:
            errors = [out for out in cell.get("outputs", []) if out.get("output_type") == "error"]
            flag = problem_of(cell) or ("timed out" if any(e.get("ename") == "CellTimeoutError" for e in errors)
                                        else None)
            if flag and errors:
                where = f"cell '{grade_id(cell)}'" if grade_id(cell) else \
                    f"the cell that begins `{first_line(cell.source)}`"
                problems.append((flag, f"{name}.ipynb, {where}: {errors[-1]['ename']}: {errors[-1].get('evalue', '')}"))
    return problems


def _last_error(outcome: dict) -> str:
    text = (outcome.get("error") or outcome.get("log") or "").strip().splitlines()
    return text[-1][:300] if text else "no message"
