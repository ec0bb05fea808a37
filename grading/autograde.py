"""Autograde every submission of an assignment with N workers, locally or on a Dask cluster.

Workers run :func:`grading.worker.grade` through a ``concurrent.futures`` executor: a process pool
that stays alive for the whole run (each process imports nbgrader once), or, with a scheduler
address, the executor of a ``dask.distributed`` client. The gradebook is nbgrader's (SQLite by
default, PostgreSQL for a cluster); results and reasons go to ``reports/<assignment>/autograde.json``.
"""

from __future__ import annotations

import collections
import json
import multiprocessing
import multiprocessing.util
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from . import processes
from .course import Course, GradeOptions
from .i18n import _
from .sandbox import find_bwrap
from .worker import GradeJob, Result, fingerprint


def autograde(course: Course, assignment: str, *, jobs: int = 2, students=None, scheduler: str | None = None,
              options: GradeOptions | None = None, force: bool = False, progress: bool = True) -> list[Result]:
    """Grade ``students`` (default: every folder in submitted/) and return one Result each.

    ``jobs`` local worker processes grade at once, or the workers of the Dask cluster at ``scheduler`` do.
    ``options`` say how each notebook runs (None: :class:`~grading.course.GradeOptions`' defaults, sandboxed).
    A submission graded before and unchanged since is not graded again unless ``force``; ``progress`` shows
    a progress bar.
    """
    from tqdm.auto import tqdm

    options = GradeOptions() if options is None else options
    course.require_assignment(assignment)
    if options.sandbox:
        find_bwrap()
        if processes.method() == "none":
            print("WARNING: kernels' processes are not bounded here (root without a writable pids cgroup): a "
                  "notebook that starts processes without end can exhaust the machine.", file=sys.stderr)
    else:
        print("WARNING: --no-sandbox: student code runs with YOUR rights and sees the whole course folder, "
              "the gradebook and the solutions.", file=sys.stderr)
    submitted = course.submissions(assignment)
    students = sorted(students or submitted)
    missing = [s for s in students if s not in submitted]
    if missing:
        raise ValueError(f"no submission of {assignment} for {', '.join(missing)} in {course.submitted_dir}")
    with _executor(jobs, scheduler) as executor:  # local workers start (and import nbgrader) meanwhile
        previous = course.results(assignment)
        todo = [s for s in students if force or not _unchanged(previous.get(s), submitted[s])]
        course.create_students(todo)  # before any job runs: no two workers create the same row
        jobs_ = [GradeJob(str(course.root), assignment, s, db_url=course.db_url, options=options) for s in todo]
        results = {s: Result(**previous[s]) for s in students if s not in todo}
        futures = {executor.submit(_grade, job): job.student for job in jobs_}
        bar = tqdm(as_completed(futures), total=len(futures), desc=f"autograde {assignment}", unit="submission",
                   disable=not progress)
        for future in bar:
            result = future.result()
            results[result.student] = result
            previous[result.student] = result.to_dict()
            _save(course.results_path(assignment), previous)  # as each finishes: a crash loses no finished work
            bar.set_postfix_str(f"{result.student}: {result.final:g}/{result.max_score:g}")
    _save(course.results_path(assignment), previous)
    return [results[s] for s in students]


def _save(path: Path, results: dict) -> None:
    """Write the results file whole or not at all (a reader never sees half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(results, indent=1, sort_keys=True))
    os.replace(partial, path)


def _grade(job: GradeJob) -> Result:
    from .worker import grade  # imported in the worker, which keeps nbgrader loaded between jobs

    try:
        return grade(job)
    except Exception as error:  # noqa: BLE001 - one broken submission must not stop the batch
        return Result(job.student, "failed", notes=[f"grading crashed: {type(error).__name__}: {error}"])


ORPHAN_CHECK_SECONDS = 0.5


def _die_with_coordinator(coordinator: int) -> None:
    """End this worker as soon as the process that started it is gone (killed with kill -9, say).

    A pool's workers otherwise outlive a killed coordinator, grading on for nobody. The kernels go with
    the worker: bubblewrap runs them with --die-with-parent.
    """
    def watch() -> None:
        while os.getppid() == coordinator:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-coordinator", daemon=True).start()


def _warm_up(coordinator: int) -> None:
    """A new worker watches its coordinator, and imports what grading a notebook needs before its first job.

    jsonschema (which nbformat and nbgrader import) builds some 35 parsers of rfc3987-syntax when it is
    imported: a second of CPU in every worker, for the "iri" format, which no notebook schema uses
    (python-jsonschema/jsonschema#1428). A worker goes without that one format check.
    """
    _die_with_coordinator(coordinator)
    # a pool's worker ends with os._exit, which skips atexit: the spare kernel and its folder go here instead
    from .kernels import SPARES

    multiprocessing.util.Finalize(SPARES, SPARES.stop_all, exitpriority=10)
    sys.modules.setdefault("rfc3987_syntax", None)  # None: `import rfc3987_syntax` raises ImportError
    from nbgrader.apps import NbGraderAPI  # noqa: F401

    from . import worker  # noqa: F401
    from .execute import CheckedExecute  # noqa: F401


def _unchanged(previous: dict | None, folder: Path) -> bool:
    return bool(previous) and previous.get("status") != "failed" and previous.get("fingerprint") == fingerprint(folder)


class _executor:
    """A process pool of ``jobs`` workers, or the executor of a Dask client at ``scheduler``."""

    def __init__(self, jobs: int, scheduler: str | None):
        self.jobs, self.scheduler, self.client = jobs, scheduler, None

    def __enter__(self):
        if self.scheduler:
            from distributed import Client

            self.client = Client(self.scheduler)
            self.pool = self.client.get_executor(pure=False)
        else:
            # spawn: a forked worker would inherit the parent's open gradebook connections
            self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_warm_up, initargs=(os.getpid(),))
            for _ in range(self.jobs):  # start the workers now, not at the first job
                self.pool.submit(int)
        return self.pool

    def __exit__(self, *exc):
        self.pool.shutdown(wait=True)
        if self.client is not None:
            self.client.close()


def summary(results: list[Result]) -> str:
    """A table of the run: one line per student, then counts by status (in the language of the context)."""
    head = (_("student"), _("status"), _("raw"), _("late"), _("final"), _("seconds"), _("notes"))
    lines = [f"{head[0]:24s} {head[1]:10s} {head[2]:>5s} {head[3]:>5s} {head[4]:>11s} {head[5]:>8s}  {head[6]}"]
    for r in results:
        note = r.notes[0] if r.notes else ""
        more = " " + _("(+{n} more)").format(n=len(r.notes) - 1) if len(r.notes) > 1 else ""
        penalty = f"-{r.penalty:g}" if r.penalty else ""
        lines.append(f"{r.student:24s} {_(r.status):10s} {r.score:5g} {penalty:>5s} {r.final:5g}/{r.max_score:<5g} "
                     f"{r.seconds:8.1f}  {note[:90]}{more}")
    counts = collections.Counter(r.status for r in results)
    lines.append("")
    lines.append(", ".join(f"{n} {_(status)}" for status, n in sorted(counts.items())) + "; " +
                 _("{n} in all").format(n=len(results)))
    return "\n".join(lines)
