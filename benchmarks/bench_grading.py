"""Throughput of ``python -m grading autograde --jobs N`` against one sequential ``nbgrader autograde``.

Run from the repository root (needs bubblewrap)::

    python benchmarks/bench_grading.py [--assignment ps1_forward] [--submissions 60] [--jobs 4]

Three identical scratch courses get the same submissions: the solution, the untouched release and one
notebook per typical mistake of ``grading/problems/<assignment>.py``, repeated up to the count.

* nbgrader's own command grades one in one run, as the course configures it (``nbgrader_config.py``:
  sandboxed kernels, every part judged outside the kernel): the same grading, one notebook at a time;
* nbgrader's own command grades another with its stock configuration (its Execute, no sandbox, the test
  cells run in the kernel, which now hold only the public checks): what plain nbgrader costs;
* ``python -m grading autograde --jobs N`` grades the third.

The script prints the wall-clock times, the speed-ups, the peak memory of a worker process and of a
kernel, and whether the first and the last gradebook hold the same score for every grade cell.
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

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grading import problems  # noqa: E402
from grading.__main__ import DEFAULT_JOBS  # noqa: E402
from grading.course import Course, ensure_tools_on_path  # noqa: E402
from grading.demo import make_course  # noqa: E402
from grading.synthetic import notebook_bytes, solution_answers, student_notebook  # noqa: E402
from nnkit.selfcheck import SELF_CHECK_CELL  # noqa: E402


def submission_pool(folder: Path, assignment: str, stock: bool = False) -> list[bytes]:
    """The solution, the untouched release and one notebook per typical mistake, as students' files.

    For stock nbgrader the release's self-check cell is left out: the course's grader skips it, stock
    nbgrader would run the whole notebook once more in it.
    """
    name = f"{assignment}.ipynb"
    release = nbformat.read(folder / "exercises" / assignment / name, as_version=4)
    if stock:
        release.cells = [cell for cell in release.cells
                         if cell.metadata.get("nbgrader", {}).get("grade_id") != SELF_CHECK_CELL]
    answers = solution_answers(nbformat.read(folder / "solutions" / assignment / name, as_version=4))
    pool = [student_notebook(release, answers), student_notebook(release, {})]
    pool += [student_notebook(release, answers, changes={cell: code})
             for _, cell, code, _ in problems.load(assignment).MISTAKES]
    return [notebook_bytes(nb) for nb in pool]


def prepare(folder: Path, assignment: str, count: int, stock: bool = False) -> Course:
    make_course(folder, (assignment,))
    if stock:  # the course's configuration without grading's hardening: nbgrader as it comes
        config = folder / "nbgrader_config.py"
        config.write_text(config.read_text().split("from grading.course import harden")[0])
    pool = submission_pool(folder, assignment, stock)
    for i in range(count):
        target = folder / "submitted" / f"b{i:03d}" / assignment / f"{assignment}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_bytes(pool[i % len(pool)])
    return Course(folder)


def nbgrader_autograde(course: Course, assignment: str) -> float:
    """Seconds that one sequential ``nbgrader autograde`` of every submission takes."""
    start = time.perf_counter()
    subprocess.run(["nbgrader", "autograde", assignment, "--force", "--log-level=ERROR"], cwd=course.root,
                   check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="ps1_forward")
    parser.add_argument("--submissions", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS)
    args = parser.parse_args(argv)
    ensure_tools_on_path()
    scratch = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    assignment, n = args.assignment, args.submissions
    try:
        sequential, stock = prepare(scratch / "seq", assignment, n), prepare(scratch / "stock", assignment, n, True)
        parallel = prepare(scratch / "par", assignment, n)
        print(f"{n} submissions of {assignment}, {os.cpu_count()} CPUs")
        t_seq, t_stock = nbgrader_autograde(sequential, assignment), nbgrader_autograde(stock, assignment)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "grading", "autograde", assignment, "--jobs", str(args.jobs),
                        "--no-progress"], cwd=parallel.root, check=True, capture_output=True)
        t_par = time.perf_counter() - start
        same = sequential.cell_scores(assignment) == parallel.cell_scores(assignment)
        results = parallel.results(assignment).values()
        worker_mb, kernel_mb = max(r["worker_mb"] for r in results), max(r["kernel_mb"] for r in results)
        print(f"nbgrader autograde, the course's grading   {t_seq:7.1f} s  {t_seq / n:5.2f} s each")
        print(f"nbgrader autograde, stock                  {t_stock:7.1f} s  {t_stock / n:5.2f} s each")
        print(f"grading autograde --jobs {args.jobs}                {t_par:7.1f} s  {t_par / n:5.2f} s each")
        print(f"speed-up {t_seq / t_par:.2f}x over the course's grading, {t_stock / t_par:.2f}x over stock nbgrader; "
              f"peak memory: {worker_mb:.0f} MiB per worker, {kernel_mb:.0f} MiB per kernel; identical gradebooks: "
              f"{same}")
        return 0 if same else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
