"""grading/kernels.py: grading kernels start ahead of their notebook, each in a folder of its own.

These start real kernels, inside bubblewrap as the grader does.
"""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from grading.demo import ASSIGNMENT, make_course
from grading.kernels import Spares, start
from grading.sandbox import Limits, find_bwrap
from grading.synthetic import notebook_bytes, solution_answers, student_notebook

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module", autouse=True)
def bwrap():
    return find_bwrap()  # the grader refuses to run without it; so do these tests


def run_code(kernel, code: str) -> str:
    """What ``code`` prints in ``kernel`` (stdout), waiting up to a minute for the kernel to be up."""

    async def go():
        client = kernel.manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            msg_id = client.execute(code)
            printed = []
            while True:
                msg = await client.get_iopub_msg(timeout=60)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "stream":
                    printed.append(msg["content"]["text"])
                elif msg["msg_type"] == "error":
                    printed.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")
                elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    return "".join(printed)
        finally:
            client.stop_channels()

    return asyncio.run(go())


def test_the_spare_is_the_next_notebooks_kernel_only_if_its_limits_fit():
    spares = Spares()
    try:
        spares.prepare(Limits(), sandbox=True)
        spare = spares.peek()
        taken = spares.take(Limits(), sandbox=True)
        assert taken is spare and taken.alive()
        assert "2" in run_code(taken, "print(1 + 1)")
        taken.stop()
        assert not taken.channel.folder.exists()

        spares.prepare(Limits(memory_mb=1024), sandbox=True)
        other = spares.peek()
        fresh = spares.take(Limits(), sandbox=True)
        assert fresh is not other
        assert not other.channel.folder.exists() and not other.manager.has_kernel
        fresh.stop()
    finally:
        spares.stop_all()


def test_a_dead_spare_is_replaced():
    spares = Spares()
    try:
        spares.prepare(Limits(), sandbox=True)
        spare = spares.peek()
        spare.manager.provisioner.process.kill()
        spare.manager.provisioner.process.wait(timeout=30)
        taken = spares.take(Limits(), sandbox=True)
        assert taken is not spare and taken.alive()
        taken.stop()
    finally:
        spares.stop_all()


def test_stop_all_leaves_no_kernel_and_no_folder():
    spares = Spares()
    spares.prepare(Limits(), sandbox=True)
    spare = spares.peek()
    process = spare.manager.provisioner.process
    spares.stop_all()
    assert process.poll() is not None
    assert not spare.channel.folder.exists()
    assert spares.peek() is None


def test_the_kernel_works_in_a_copy_of_the_notebooks_folder_and_links_stay_links(tmp_path):
    secret = tmp_path / "gradebook.db"
    secret.write_text("SECRET ROWS")
    folder = tmp_path / "student"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "points.csv").write_text("1,2,3\n")
    (folder / "peek.txt").symlink_to(secret)
    kernel = start(Limits(), sandbox=True)
    try:
        kernel.take_in(folder)
        printed = run_code(kernel, "import os\n"
                                   "print(open('data/points.csv').read().strip())\n"
                                   "print('link' if os.path.islink('peek.txt') else 'file')\n"
                                   "try:\n    print(open('peek.txt').read())\n"
                                   "except OSError as e:\n    print(type(e).__name__)\n"
                                   "open('made_by_kernel.txt', 'w').write('x')")
        assert "1,2,3" in printed and "link" in printed
        assert "SECRET" not in printed and "FileNotFoundError" in printed
        assert not (folder / "made_by_kernel.txt").exists()  # the student's own folder is left as it was
    finally:
        kernel.stop()


def test_nbgrader_autograde_leaves_no_kernel_and_no_folder_behind(tmp_path):
    """The last notebook's spare kernel is stopped when nbgrader exits."""
    course = tmp_path / "course"
    make_course(course, (ASSIGNMENT,))
    release = nbformat.read(course / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    answers = solution_answers(nbformat.read(course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4))
    for student in ("s1", "s2"):
        target = course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_bytes(notebook_bytes(student_notebook(release, answers)))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run([str(BIN / "nbgrader"), "autograde", ASSIGNMENT, "--create", "--force"], cwd=course,
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    graded = nbformat.read(course / "autograded" / "s2" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    assert not any(o.get("output_type") == "error" for c in graded.cells if c.cell_type == "code"
                   for o in c.get("outputs", [])), "the second student's kernel (a spare) graded every part"
    assert [p.name for p in scratch.iterdir() if p.name.startswith("grading-channel-")] == []
