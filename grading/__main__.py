"""Grade the course's problem sets with nbgrader, from the LMS's download to the grades it imports.

Run in the course folder (the one with nbgrader_config.py), in this order: collect (the download, each
student under the LMS's id), autograde (sandboxed kernels, N at once), feedback (pages without the
hidden tests), export (grades CSV, and Canvas's import CSV), report (statistics per part) and
similarity (the most similar pairs of submissions). `python -m grading demo` runs them all on a
synthetic class.
"""

from __future__ import annotations

import argparse
import os
import sys

from .course import Course, GradeOptions, GradingSetupError
from .sandbox import NOTEBOOK_TIMEOUT, Limits, SandboxUnavailable

DEFAULT_JOBS = 2 * (os.cpu_count() or 1)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m grading", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--course", default=".", help="course folder with nbgrader_config.py (default: .)")
    parser.add_argument("--db-url", help="gradebook URL, e.g. postgresql+psycopg2://user@host/db "
                                         "(default: the course's, SQLite)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("collect", help="put an LMS download into submitted/<student id>/<assignment>/ "
                                       "(exit status 1 when a file was not collected)")
    p.add_argument("assignment")
    p.add_argument("source", help="the LMS's download, a .zip or a folder: Canvas, Moodle (a folder per "
                                  "participant, or the older flat form), nbgrader's layout, or a folder per student")
    p.add_argument("--regexp", help="named regular expression with (?P<student_id>...) and (?P<file_id>...), and "
                                    "optionally (?P<timestamp>...), as nbgrader's FileNameCollectorPlugin")
    p.add_argument("--roster", help="CSV of the enrolled students (nbgrader's, Canvas's gradebook export or "
                                    "Moodle's grading worksheet), imported into the gradebook first")
    p.add_argument("--force", action="store_true", help="replace submissions already collected")

    p = sub.add_parser("extension", help="give a student more time on an assignment (nbgrader's extension)")
    p.add_argument("assignment")
    p.add_argument("student", help="the student id (as collect made it)")
    p.add_argument("--days", type=float, default=0)
    p.add_argument("--hours", type=float, default=0)

    p = sub.add_parser("autograde", help="grade submissions with N sandboxed workers")
    p.add_argument("assignment")
    p.add_argument("--jobs", "-j", type=int, default=DEFAULT_JOBS,
                   help="workers (default: twice the CPU count, since a worker mostly waits for its kernel)")
    p.add_argument("--student", action="append", help="grade only this student (repeatable)")
    p.add_argument("--scheduler", help="Dask scheduler address tcp://host:port: workers run on that cluster")
    p.add_argument("--timeout", type=int, help="seconds per cell (default: the course's Execute.timeout)")
    p.add_argument("--notebook-timeout", type=int, default=NOTEBOOK_TIMEOUT,
                   help="seconds per notebook (default %(default)s)")
    p.add_argument("--memory-mb", type=int, default=Limits.memory_mb, help="memory per kernel (default %(default)s)")
    p.add_argument("--force", action="store_true", help="regrade submissions that have not changed")
    p.add_argument("--no-sandbox", action="store_true", help="run student code unconfined (dangerous)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = sub.add_parser("feedback", help="feedback pages without hidden tests")
    p.add_argument("assignment")
    p.add_argument("--student", action="append")

    p = sub.add_parser("export", help="grades CSV: raw score, late penalty, final score and notes per student")
    p.add_argument("--output", help="CSV path (default reports/grades.csv)")
    p.add_argument("--roster", help="CSV of the enrolled students, imported into the gradebook first (see collect)")
    p.add_argument("--canvas", metavar="FILE", help="also write FILE, a CSV for Canvas's gradebook import")
    p.add_argument("--canvas-column", action="append", default=[], metavar="ASSIGNMENT=TITLE",
                   help="the Canvas column an assignment's scores go to, e.g. 'ps1_forward=Problem set 1 (123456)'")

    p = sub.add_parser("report", help="per-part statistics, histograms, the commonest failures, students to review")
    p.add_argument("assignment")

    p = sub.add_parser("similarity", help="the most similar pairs of submissions, starter code left out (copydetect)")
    p.add_argument("assignment")
    p.add_argument("--pairs", type=int, default=20, help="pairs shown side by side (default %(default)s)")

    p = sub.add_parser("demo", help="synthetic submissions through collect, autograde, feedback, export, report")
    p.add_argument("--folder", default="_grading_demo", help="scratch course folder (default %(default)s)")
    p.add_argument("--jobs", "-j", type=int, default=DEFAULT_JOBS)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except (GradingSetupError, SandboxUnavailable, FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _run(args) -> int:
    if args.command == "demo":
        from .demo import run_demo

        return run_demo(args.folder, jobs=args.jobs)
    course = Course(args.course, db_url=args.db_url)
    if args.command == "collect":
        from .collect import collect

        if args.roster:
            _import_roster(course, args.roster)
        report = collect(course, args.assignment, args.source, regexp=args.regexp, force=args.force)
        print(report.summary())
        return 0 if report.ok else 1
    elif args.command == "extension":
        hours = 24 * args.days + args.hours
        course.grant_extension(args.assignment, args.student, hours)
        due = course.due_date(args.assignment, student=args.student) or "(no due date set)"
        print(f"{args.student} has {hours:g} more hour(s) for {args.assignment}: due {due}; to apply it to a graded "
              f"submission: python -m grading autograde {args.assignment} --student {args.student} --force")
    elif args.command == "autograde":
        from .autograde import autograde, summary
        from .i18n import language

        options = GradeOptions(sandbox=not args.no_sandbox, limits=Limits(memory_mb=args.memory_mb),
                               cell_timeout=args.timeout, notebook_timeout=args.notebook_timeout)
        results = autograde(course, args.assignment, jobs=args.jobs, students=args.student, scheduler=args.scheduler,
                            options=options, force=args.force, progress=not args.no_progress)
        with language(course.language):
            print(summary(results))
        return 1 if any(r.status == "failed" for r in results) else 0
    elif args.command == "feedback":
        from .feedback import generate_feedback

        pages = generate_feedback(course, args.assignment, students=args.student)
        print(f"{len(pages)} feedback page(s) in {course.feedback_dir}")
    elif args.command == "export":
        from .export import export_canvas, export_csv

        if args.roster:
            _import_roster(course, args.roster)
        print(f"grades written to {export_csv(course, args.output)}")
        if args.canvas:
            path, left_out = export_canvas(course, args.canvas, columns=_column_titles(args.canvas_column))
            print(f"Canvas gradebook import written to {path}")
            if left_out:
                print(f"NOT in it ({len(left_out)}), for want of a Canvas id (import a Canvas roster with "
                      f"--roster): {', '.join(left_out)}", file=sys.stderr)
                return 1
    elif args.command == "report":
        from .report import write_report

        print(f"report written to {write_report(course, args.assignment)}")
    elif args.command == "similarity":
        from .similarity import write_similarity_report

        print(f"similarity report written to {write_similarity_report(course, args.assignment, shown=args.pairs)}")
    return 0


def _import_roster(course: Course, path: str) -> None:
    from .roster import import_roster

    print(f"roster: {len(import_roster(course, path))} student(s) from {path}")


def _column_titles(pairs: list[str]) -> dict[str, str]:
    titles = {}
    for pair in pairs:
        assignment, sep, title = pair.partition("=")
        if not sep or not assignment.strip() or not title.strip():
            raise ValueError(f"--canvas-column {pair!r}: expected ASSIGNMENT=TITLE, e.g. "
                             "'ps1_forward=Problem set 1 (123456)'")
        titles[assignment.strip()] = title.strip()
    return titles


if __name__ == "__main__":
    sys.exit(main())
