"""Throughput of ``python -m grading autograde --jobs N`` against one sequential ``nbgrader autograde``.

Run from the repository root (needs bubblewrap)::

    python benchmarks/bench_grading.py [--submissions 50] [--jobs 4]

Two identical scratch courses get the same submissions (the correct, partly wrong and broken ones of
:mod:`grading.synthetic`, repeated up to the count). One is graded by nbgrader's own command in one
run, unsandboxed; the other by the parallel, sandboxed pipeline. The script prints both wall-clock
times, the speed-up, and whether the two gradebooks hold the same score for every grade cell.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grading.__main__ import DEFAULT_JOBS  # noqa: E402
from grading.course import Course, ensure_tools_on_path  # noqa: E402
from grading.demo import ASSIGNMENT, make_course  # noqa: E402
from grading.synthetic import make_submissions  # noqa: E402


def prepare(folder: Path, count: int) -> Course:
    make_course(folder)
    pool = [s for s in make_submissions(folder / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                                        folder / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
            if s.kind in ("correct", "partial") or s.student == "s17untouched"]
    for i in range(count):
        target = folder / "submitted" / f"b{i:03d}" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_bytes(pool[i % len(pool)].content)
    return Course(folder)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS)
    args = parser.parse_args(argv)
    ensure_tools_on_path()
    scratch = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        sequential, parallel = prepare(scratch / "seq", args.submissions), prepare(scratch / "par", args.submissions)
        print(f"{args.submissions} submissions of {ASSIGNMENT}, {os.cpu_count()} CPUs")
        start = time.perf_counter()
        subprocess.run(["nbgrader", "autograde", ASSIGNMENT, "--force", "--log-level=ERROR"], cwd=sequential.root,
                       check=True, capture_output=True)
        t_seq = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "grading", "autograde", ASSIGNMENT, "--jobs", str(args.jobs),
                        "--no-progress"], cwd=parallel.root, check=True, capture_output=True)
        t_par = time.perf_counter() - start
        same = sequential.cell_scores(ASSIGNMENT) == parallel.cell_scores(ASSIGNMENT)
        print(f"nbgrader autograde (sequential, unsandboxed)   {t_seq:7.1f} s  {t_seq / args.submissions:5.2f} s each")
        print(f"grading autograde --jobs {args.jobs} (sandboxed)       {t_par:7.1f} s  {t_par / args.submissions:5.2f} s each")
        print(f"speed-up {t_seq / t_par:.2f}x; identical gradebooks: {same}")
        return 0 if same else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
