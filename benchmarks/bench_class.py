"""A whole class through ``python -m grading``: the time of each step for N submissions (200 by default).

Run from the repository root (needs bubblewrap)::

    python benchmarks/bench_class.py [--assignment ps1_forward] [--submissions 200] [--jobs 4]

The class is one Canvas download, as an instructor gets it: the solution, the untouched release and
one notebook per typical mistake of ``grading/problems/<assignment>.py``, repeated up to the count;
every display name is shared by two students (their Canvas ids differ) and every tenth file is
marked ``LATE_``. The assignment has a due date and nbgrader's ``zero`` late penalty. The steps run as
the instructors page gives them, each as its own command; the script prints the seconds each takes,
the total, and whether every student came out once, graded, with late work at 0.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_grading import submission_pool  # noqa: E402

from grading.__main__ import DEFAULT_JOBS  # noqa: E402
from grading.course import Course, ensure_tools_on_path  # noqa: E402
from grading.demo import make_course  # noqa: E402

DUE_DATE = "2025-03-14 23:59:00 Asia/Seoul"


def canvas_download(path: Path, pool: list[bytes], assignment: str, count: int) -> dict[str, bool]:
    """Write ``count`` submissions as Canvas names them; returns Canvas user id → marked late."""
    late = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for i in range(count):
            user_id, is_late = str(200000 + i), i % 10 == 9
            name = f"kimminjun{i // 2}"  # two students per name
            marker = "LATE_" if is_late else ""
            archive.writestr(f"{name}_{marker}{user_id}_{900000 + i}_{assignment}.ipynb", pool[i % len(pool)])
            late[user_id] = is_late
    return late


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="ps1_forward")
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS)
    args = parser.parse_args(argv)
    ensure_tools_on_path()
    scratch = Path(tempfile.mkdtemp(prefix="bench-class-"))
    a, n = args.assignment, args.submissions
    try:
        folder = scratch / "course"
        make_course(folder, (a,))
        config = folder / "nbgrader_config.py"
        config.write_text(config.read_text() + '\nc.LateSubmissionPlugin.penalty_method = "zero"\n')
        late = canvas_download(scratch / "canvas.zip", submission_pool(folder, a), a, n)
        steps = [
            ("due date", ["nbgrader", "db", "assignment", "add", a, f"--duedate={DUE_DATE}"]),
            ("collect", [sys.executable, "-m", "grading", "collect", a, str(scratch / "canvas.zip")]),
            (f"autograde --jobs {args.jobs}",
             [sys.executable, "-m", "grading", "autograde", a, "--jobs", str(args.jobs), "--no-progress"]),
            ("feedback", [sys.executable, "-m", "grading", "feedback", a]),
            ("export --canvas", [sys.executable, "-m", "grading", "export", "--canvas", "reports/canvas.csv"]),
            ("report", [sys.executable, "-m", "grading", "report", a]),
            ("similarity", [sys.executable, "-m", "grading", "similarity", a]),
        ]
        print(f"{n} submissions of {a} in one Canvas download, {os.cpu_count()} CPUs")
        total = 0.0
        for label, command in steps:
            start = time.perf_counter()
            subprocess.run(command, cwd=folder, check=True, capture_output=True)
            seconds = time.perf_counter() - start
            total += seconds
            print(f"{label:24s} {seconds:7.1f} s")
        print(f"{'total':24s} {total:7.1f} s  ({total / n:.2f} s per submission)")

        rows = {r["student_id"]: r for r in csv.DictReader(open(folder / "reports" / "grades.csv", encoding="utf-8"))}
        results = Course(folder).results(a)
        once = set(rows) == set(late) and len(results) == n
        graded = all(r["status"] == "graded" for r in results.values())
        late_zero = all(float(rows[s][a]) == 0 for s, is_late in late.items() if is_late)
        print(f"every student once: {once}; every submission graded: {graded}; late work at 0: {late_zero}")
        return 0 if once and graded and late_zero else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
