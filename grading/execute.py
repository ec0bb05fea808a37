"""nbgrader's Execute preprocessor for untrusted notebooks, with each part graded out of the kernel.

:class:`CheckedExecute` takes the place of :class:`nbgrader.preprocessors.Execute` (in the course's
``nbgrader_config.py`` and in :mod:`grading.worker`). It starts every kernel itself
(:mod:`grading.kernels`): the harness kernel (:mod:`grading.harness`), inside bubblewrap unless
``sandbox`` is off, over Unix sockets, in a folder of its own into which the notebook's folder is
copied; the next notebook's kernel starts as soon as this one is ready. Then:

* the test cells of an assignment with a checks module (:mod:`grading.problems`) are graded in this
  process: the cell is not run in the kernel; its part's inputs go to the student's function through
  the harness and the returned values are compared with the reference here (:mod:`grading.verdict`).
  The cell's outputs become the verdict: a line saying the part passed, or a ``GradingError`` with the
  message. Whatever the student's code did to its kernel, it can only change what its functions return.
  (An assignment without a checks module runs its test cells in the kernel, as nbgrader does: a
  student's code can then forge its grade.);
* the notebook's self-check cell (:mod:`nnkit.selfcheck`) is not run;
* a part's data cell runs the part's grading version (``Part.data_cell``: data drawn from the seed of
  the part), and the notebook keeps the cell's own source;
* a time budget for the whole notebook, on top of nbgrader's per-cell timeout;
* a kernel that dies (``os._exit``, a crash) fails the cell it was running and the parts after it,
  while the parts already graded keep their points;
* a cap on the output a cell may produce while it runs.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from pathlib import Path

from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from nbconvert.preprocessors import ExecutePreprocessor
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer, Unicode, default

from nnkit.selfcheck import SELF_CHECK_CELL

from . import problems
from .cells import grade_id, is_test_cell
from .i18n import _, course_language, language
from .kernels import SPARES
from .messages import say
from .sandbox import NOTEBOOK_TIMEOUT, Limits
from .verdict import FAILED_PART, grade_part, part_seed

NOT_RUN = "CellNotRunError"
SECRET_FILE = ".grading_secret"


def mark_problem(cell, problem: str) -> None:
    """Record in ``cell``'s metadata why it failed other than by a wrong answer ("timed out", "kernel died"):
    the autograde summary's flags read it there, whatever language the message is in."""
    cell.metadata.setdefault("grading", {})["problem"] = problem


def problem_of(cell) -> str | None:
    """What :func:`mark_problem` recorded in ``cell``, or None."""
    return cell.get("metadata", {}).get("grading", {}).get("problem")


def error_output(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def course_secret(root) -> str:
    """The course's secret (``<root>/.grading_secret``, made on first use): the seed of the inputs.

    Made whole before it appears (written aside, then linked into place), so that workers starting at
    the same moment all read the same secret.
    """
    path = Path(root) / SECRET_FILE
    if not path.exists():
        draft = path.with_name(f"{SECRET_FILE}.{os.getpid()}.{threading.get_ident()}")
        draft.write_text(secrets.token_hex(32))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another worker made it first: use theirs
        finally:
            draft.unlink()
    return path.read_text().strip()


def first_line(source: str, width: int = 60) -> str:
    """The first non-blank line of a cell, shortened to ``width`` characters: how a note names the cell."""
    line = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "…"


class CheckedExecute(Execute):
    notebook_timeout = Integer(NOTEBOOK_TIMEOUT, help="Seconds the whole notebook may run.").tag(config=True)
    max_output_bytes = Integer(200_000, help="Output kept per cell while it runs.").tag(config=True)
    sandbox = Bool(True, help="Run kernels inside bubblewrap (grading.sandbox).").tag(config=True)
    memory_mb = Integer(Limits.memory_mb, help="Address space of a kernel, in MiB.").tag(config=True)
    secret = Unicode("", help="Seed of the graded inputs; default: the course's .grading_secret file.").tag(
        config=True)

    @default("shutdown_kernel")
    def _immediate_shutdown(self):
        return "immediate"  # the kernel's state is thrown away anyway; a graceful stop only costs time

    @default("raise_on_iopub_timeout")
    def _keep_going_without_output(self):
        return False  # a kernel whose output stalls (its own code broke ipykernel) still has its parts graded

    def preprocess(self, nb, resources=None, km=None):
        """Run the notebook (as nbconvert's ExecutePreprocessor.preprocess does), each part graded on the way.

        ``km`` is not used: every notebook gets a grading kernel of its own (:mod:`grading.kernels`).
        """
        self._deadline = time.monotonic() + self.notebook_timeout
        self._dead = None
        self._output_bytes = {}
        info = (resources or {}).get("nbgrader", {})
        module = problems.load(info.get("assignment", ""))
        self._parts = {part.grade_id: part for part in module.PARTS} if module else {}
        self._data_cells = problems.data_cells(module.PARTS) if module else {}
        self._student = info.get("student", "")
        self._assignment = info.get("assignment", "")
        self._last_alive_check, self._alive = 0.0, True
        self._kernel = SPARES.take(self._limits(), sandbox=self.sandbox, config=self.config)
        self._channel = self._kernel.channel
        try:
            self._kernel.take_in((resources or {}).get("metadata", {}).get("path"))
            # handed in as a kernel nbclient does not own: it connects to it, and leaves stopping it to us
            with language(course_language(self.config)):  # c.Grading.language: the verdicts' language
                return ExecutePreprocessor.preprocess(self, nb, resources, self._kernel.manager)
        finally:
            if self.kc is not None:
                self.kc.stop_channels()
                self.kc = None
            self._kernel.stop()

    def _limits(self) -> Limits:
        return Limits(memory_mb=self.memory_mb)

    def _get_timeout(self, cell):
        timeout = super()._get_timeout(cell)
        remaining = max(1, int(self._deadline - time.monotonic()))
        return remaining if timeout is None or timeout < 0 else min(timeout, remaining)

    def preprocess_cell(self, cell, resources, index):
        if index == 0:  # the kernel is up: the next notebook's kernel boots while this one runs
            SPARES.prepare(self._limits(), sandbox=self.sandbox, config=self.config)
        if cell.cell_type != "code" or not cell.source.strip() or grade_id(cell) == SELF_CHECK_CELL:
            return cell, resources   # the self-check cell runs the whole notebook again: the student's tool only
        if self._parts and is_test_cell(cell):
            cell.outputs = [self._grade(cell)]
            return cell, resources
        if self._dead:
            cell.outputs = [error_output(NOT_RUN, self._dead)]
            mark_problem(cell, "kernel died")
            return cell, resources
        if time.monotonic() >= self._deadline:
            cell.outputs = [error_output(NOT_RUN, _("not run: the notebook's time limit ({seconds} s) was used up by "
                                                    "earlier cells").format(seconds=self.notebook_timeout))]
            mark_problem(cell, "timed out")
            return cell, resources
        part = self._data_cells.get(grade_id(cell))
        shown = cell.source
        try:
            if part is not None:
                cell.source = problems.graded_source(part, self._seed(part))
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._dead = _("not run: the kernel died in the earlier cell that begins `{line}` (os._exit, a crash, "
                           "or the memory limit)").format(line=first_line(shown))
            mark_problem(cell, "kernel died")
            cell.outputs = list(cell.get("outputs", [])) + [error_output(
                "DeadKernelError", _("the kernel died while running this cell (os._exit, a crash, or the memory "
                                     "limit): the cells after it were not run"))]
            return cell, resources
        finally:
            cell.source = shown

    def _seed(self, part) -> int:
        """The seed of ``part``'s inputs (and data cell) for this student."""
        return part_seed(self.secret or course_secret(self.config.CourseDirectory.get("root", ".")),
                         self._assignment, self._student, part.grade_id)

    def _grade(self, cell) -> NotebookNode:
        """The verdict on the part of test cell ``cell``, as the cell's one output."""
        part = self._parts.get(grade_id(cell))
        if part is None:
            raise ValueError(f"test cell {grade_id(cell)!r} has no part in grading/problems/{self._assignment}.py")
        now = time.monotonic()
        if self._dead:
            mark_problem(cell, "kernel died")
            return error_output(FAILED_PART, say("kernel_died", part=part.title))
        if now >= self._deadline:
            mark_problem(cell, "timed out")
            return error_output(FAILED_PART, say("no_time", part=part.title, seconds=self.notebook_timeout))
        budget = self.timeout if self.timeout and self.timeout > 0 else self.notebook_timeout
        deadline = min(now + budget, self._deadline)
        verdict = grade_part(part, self._channel, self._seed(part), deadline, self._kernel_alive)
        if verdict.problem:
            mark_problem(cell, verdict.problem)
        if verdict.passed:
            return NotebookNode(output_type="stream", name="stdout", text=verdict.message + "\n")
        return NotebookNode(output_type="error", ename=FAILED_PART, evalue=verdict.message,
                            traceback=[f"{FAILED_PART}: {verdict.message}"])

    def _kernel_alive(self) -> bool:
        """Whether the kernel still runs (asked at most four times a second)."""
        if self._alive and time.monotonic() - self._last_alive_check > 0.25:
            self._last_alive_check = time.monotonic()
            self._alive = bool(run_sync(self.km.is_alive)())
            if not self._alive:
                self._dead = _("not run: the kernel died while a part was graded")
        return self._alive

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(str(content.get("text", ""))) + len(str(content.get("data", "")))
        used = self._output_bytes.get(cell_index, 0)
        self._output_bytes[cell_index] = used + size
        if used + size > self.max_output_bytes and msg["msg_type"] != "error":
            if used <= self.max_output_bytes:
                outs.append(NotebookNode(output_type="stream", name="stderr",
                                         text="\n" + _("[output truncated by the grader after {size} bytes]").format(
                                             size=self.max_output_bytes) + "\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)
