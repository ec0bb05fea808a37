"""nbgrader's Execute preprocessor, hardened for untrusted notebooks.

Configured in place of :class:`nbgrader.preprocessors.Execute` (see :mod:`grading.worker`), it adds:

* a time budget for the whole notebook, on top of nbgrader's per-cell timeout: cells that would start
  after the budget is spent are not run and get an error output instead;
* a kernel that dies (``os._exit``, a crash) fails the cell it was running and the cells after it,
  while the tests that already passed keep their points;
* a cap on the output a cell may produce while it runs (nbgrader's LimitOutput trims afterwards, but
  a flood would first fill the grader's memory);
* the integrity guard (:mod:`grading.guard_kernel`): before each graded test cell the kernel is
  asked whether student code replaced what the tests rely on; if it did, the test cell is not run and
  fails with a :data:`TAMPERING` error that names what was replaced.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Integer, default

from .cells import is_setup_code, is_test_cell
from .worker import NOTEBOOK_TIMEOUT

TAMPERING = "GradingIntegrityError"
NOT_RUN = "CellNotRunError"
GUARD_SOURCE = (Path(__file__).with_name("guard_kernel.py")).read_text()


def error_output(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class GuardedExecute(Execute):
    notebook_timeout = Integer(NOTEBOOK_TIMEOUT, help="Seconds the whole notebook may run.").tag(config=True)
    max_output_bytes = Integer(200_000, help="Output kept per cell while it runs.").tag(config=True)

    @default("shutdown_kernel")
    def _immediate_shutdown(self):
        return "immediate"  # the kernel's state is thrown away anyway; a graceful stop only costs time

    def preprocess(self, nb, resources=None, km=None):
        self._deadline = time.monotonic() + self.notebook_timeout
        self._dead = None
        self._nonce = secrets.token_hex(16)
        self._guard_ready = False
        self._output_bytes = {}
        return super().preprocess(nb, resources, km)

    def _get_timeout(self, cell):
        timeout = super()._get_timeout(cell)
        remaining = max(1, int(self._deadline - time.monotonic()))
        return remaining if timeout is None or timeout < 0 else min(timeout, remaining)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, resources
        if self._dead:
            cell.outputs = [error_output(NOT_RUN, self._dead)]
            return cell, resources
        if time.monotonic() >= self._deadline:
            cell.outputs = [error_output(NOT_RUN, f"not run: the notebook's time limit ({self.notebook_timeout} s) "
                                                  "was used up by earlier cells")]
            return cell, resources
        try:
            if not self._guard_ready:
                self._guard_ready = self._run_guard(f"__grading_guard__ = _install({self._nonce!r})",
                                                    setup=True) == "ok"
            if is_test_cell(cell):
                verdict = self._run_guard("__grading_guard__('check')") if self._guard_ready else "ok"
                if verdict != "ok":
                    cell.outputs = [error_output(TAMPERING, f"test not run: student code replaced {verdict}")]
                    return cell, resources
            locked = is_setup_code(cell) and self._guard_ready
            if locked:
                self._run_guard("__grading_guard__('before')")
            result = super().preprocess_cell(cell, resources, index)
            if locked:
                self._run_guard("__grading_guard__('after')")
            return result
        except DeadKernelError:
            self._dead = f"not run: the kernel died in cell {index} (os._exit, a crash, or the memory limit)"
            cell.outputs = list(cell.get("outputs", [])) + [
                error_output("DeadKernelError", f"the kernel died while running this cell (cell {index})")]
            return cell, resources

    def _run_guard(self, code: str, setup: bool = False) -> str:
        """Run guard code silently in the kernel; the check's verdict, or what went wrong."""
        source = GUARD_SOURCE + "\n" + code if setup else ""
        expression = "'%s:ok'" % self._nonce if setup else code
        msg_id = self.kc.execute(source, silent=True, store_history=False, user_expressions={"r": expression})
        reply = self.wait_for_reply(msg_id)
        if reply is None:
            return "the integrity check (no answer from the kernel)"
        result = reply["content"].get("user_expressions", {}).get("r", {})
        if result.get("status") != "ok":
            return "the integrity check itself (__grading_guard__)"
        text = result["data"]["text/plain"].strip("'\"")
        nonce, _, verdict = text.partition(":")
        return verdict if nonce == self._nonce else "the integrity check itself (__grading_guard__)"

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(str(content.get("text", ""))) + len(str(content.get("data", "")))
        used = self._output_bytes.get(cell_index, 0)
        self._output_bytes[cell_index] = used + size
        if used + size > self.max_output_bytes and msg["msg_type"] != "error":
            if used <= self.max_output_bytes:
                outs.append(NotebookNode(output_type="stream", name="stderr",
                                         text=f"\n[output truncated by the grader after {self.max_output_bytes} bytes]\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)
