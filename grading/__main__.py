"""Command line: ``python -m grading {collect,autograde,feedback,export,report,demo} ...``."""

from __future__ import annotations

import argparse
import os
import sys

from .course import Course, GradingSetupError
from .sandbox import Limits, SandboxUnavailable
from .worker import NOTEBOOK_TIMEOUT


DEFAULT_JOBS = 2 * (os.cpu_count() or 1)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m grading", description=__doc__.split(":")[0] + ".")
    parser.add_argument("--course", default=".", help="course folder with nbgrader_config.py (default: .)")
    parser.add_argument("--db-url", help="gradebook URL, e.g. postgresql+psycopg2://user@host/db "
                                         "(default: the course's, SQLite)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("collect", help="put LMS downloads into submitted/<student>/<assignment>/")
    p.add_argument("assignment")
    p.add_argument("source", help="a folder or a .zip of submissions (Canvas naming, or one folder per student)")
    p.add_argument("--regexp", help="named regular expression with (?P<student_id>...) and (?P<file_id>...), "
                                    "as nbgrader's FileNameCollectorPlugin.named_regexp")
    p.add_argument("--force", action="store_true", help="replace submissions already collected")

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

    p = sub.add_parser("export", help="grades CSV, one row per student")
    p.add_argument("--output", help="CSV path (default reports/grades.csv)")

    p = sub.add_parser("report", help="per-part statistics and a score histogram")
    p.add_argument("assignment")

    p = sub.add_parser("demo", help="synthetic submissions through collect, autograde, feedback, export, report")
    p.add_argument("--folder", default="_grading_demo", help="scratch course folder (default %(default)s)")
    p.add_argument("--jobs", "-j", type=int, default=DEFAULT_JOBS)
    return parser


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except (GradingSetupError, SandboxUnavailable, FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _run(args) -> int:
    if args.command == "demo":
        from .demo import run_demo

        return run_demo(args.folder, jobs=args.jobs)
    course = Course(args.course, args.db_url)
    if args.command == "collect":
        from .collect import collect

        print(collect(course, args.assignment, args.source, args.regexp, args.force).summary())
    elif args.command == "autograde":
        from .autograde import autograde, summary

        limits = Limits(memory_mb=args.memory_mb)
        results = autograde(course, args.assignment, args.jobs, args.student, args.scheduler,
                            not args.no_sandbox, limits, args.timeout, args.notebook_timeout, args.force,
                            progress=not args.no_progress)
        print(summary(results))
        return 1 if any(r.status == "failed" for r in results) else 0
    elif args.command == "feedback":
        from .feedback import generate_feedback

        pages = generate_feedback(course, args.assignment, args.student)
        print(f"{len(pages)} feedback page(s) in {course.feedback_dir}")
    elif args.command == "export":
        from .export import export_csv

        print(f"grades written to {export_csv(course, args.output)}")
    elif args.command == "report":
        from .report import write_report

        print(f"report written to {write_report(course, args.assignment)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
