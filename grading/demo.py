"""``make grade-demo``: a class of synthetic submissions of ps1_forward through the whole pipeline.

Builds a scratch course (``_grading_demo/`` by default) from this repository's ``solutions/``,
releases the assignment with nbgrader's own ``generate_assignment``, writes the submissions of
:mod:`grading.synthetic` as one Canvas-style zip, and runs collect → autograde → feedback →
export → similarity → report. It ends with each submission's expected outcome beside the one it got, and exits
non-zero if any differs, so the demo doubles as an end-to-end test.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ASSIGNMENT = "ps1_forward"
REPO = Path(__file__).resolve().parent.parent
DUE_DATE = "2024-09-01 12:00:00 UTC"
DEMO_CELL_TIMEOUT, DEMO_NOTEBOOK_TIMEOUT = 10, 60  # seconds: short, so that the hanging submissions cost little


def make_course(folder: Path, assignments=(ASSIGNMENT,)) -> Path:
    """A fresh course folder with this repository's configuration and the assignments' sources, released."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    from .course import ensure_tools_on_path

    ensure_tools_on_path()
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "solutions").mkdir(parents=True)
    shutil.copy(REPO / "nbgrader_config.py", folder)
    for assignment in assignments:
        shutil.copytree(REPO / "solutions" / assignment, folder / "solutions" / assignment)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(folder)).load_config()
    config.CourseDirectory.root = str(folder)
    config.CourseDirectory.db_url = f"sqlite:///{folder}/gradebook.db"
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    for assignment in assignments:
        outcome = api.generate_assignment(assignment, force=True)
        if not outcome["success"]:
            raise RuntimeError(f"nbgrader generate_assignment failed:\n{outcome.get('error') or outcome.get('log')}")
    return folder


def outcome_matches(expected: str, status: str, score: float, maximum: float) -> bool:
    """Whether a result is what a fair grader gives a submission labelled ``expected``."""
    return {"full": score == maximum and status == "graded",
            "zero": score == 0,
            "partial": 0 < score < maximum}[expected]


def run_demo(folder="_grading_demo", *, jobs=4) -> int:
    """Run the whole pipeline on a synthetic class in ``folder`` with ``jobs`` workers; 1 if an outcome differs."""
    from nbgrader.utils import parse_utc

    from .autograde import autograde, summary
    from .collect import collect
    from .course import Course, GradeOptions
    from .export import export_csv
    from .feedback import generate_feedback
    from .report import write_report
    from .similarity import write_similarity_report
    from .synthetic import make_submissions, write_lms_zip

    folder = make_course(Path(folder).resolve())
    submissions = make_submissions(folder / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                                   folder / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    archive = folder / "lms_download.zip"
    write_lms_zip(submissions, archive)
    print(f"1. {len(submissions)} synthetic submissions in {archive}\n")
    course = Course(folder)
    with course.gradebook() as gb:  # the late submission is late for this due date (LATE_ in its name)
        gb.update_or_create_assignment(ASSIGNMENT, duedate=parse_utc(DUE_DATE))
    print("2. collect\n" + collect(course, ASSIGNMENT, archive).summary() + "\n")
    print(f"3. autograde (sandboxed, {DEMO_CELL_TIMEOUT} s per cell, {DEMO_NOTEBOOK_TIMEOUT} s per notebook)")
    options = GradeOptions(cell_timeout=DEMO_CELL_TIMEOUT, notebook_timeout=DEMO_NOTEBOOK_TIMEOUT)
    results = autograde(course, ASSIGNMENT, jobs=jobs, options=options)
    print(summary(results) + "\n")
    pages = generate_feedback(course, ASSIGNMENT)
    print(f"4. feedback: {len(pages)} pages in {course.feedback_dir}")
    print(f"5. grades: {export_csv(course)}")
    print(f"6. similarity: {write_similarity_report(course, ASSIGNMENT)}")
    print(f"7. report: {write_report(course, ASSIGNMENT)}\n")

    by_student = {r.student: r for r in results}
    wrong = []
    print(f"{'student':22s} {'id':7s} {'expected':9s} {'got':18s} description")
    for s in submissions:
        r = by_student.get(s.user_id)
        got = f"{r.status} {r.score:g}/{r.max_score:g}" if r else "not collected"
        ok = r is not None and outcome_matches(s.expected, r.status, r.score, r.max_score)
        wrong += [] if ok else [s.student]
        print(f"{s.student:22s} {s.user_id:7s} {s.expected:9s} {got:18s} {'' if ok else 'UNEXPECTED  '}"
              f"{s.description}")
    (course.report_dir(ASSIGNMENT) / "demo.json").write_text(json.dumps(
        {s.user_id: {"name": s.student, "expected": s.expected, "description": s.description} for s in submissions},
        indent=1))
    print(f"\n{len(submissions) - len(wrong)} of {len(submissions)} submissions graded as expected")
    return 1 if wrong else 0
