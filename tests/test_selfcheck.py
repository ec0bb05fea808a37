"""nnkit.selfcheck: a student's check before submitting, run as the grader runs the notebook."""

import copy
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from nnkit.selfcheck import SELF_CHECK_CELL, check_notebook, main

ROOT = Path(__file__).resolve().parent.parent
PS = "ps1_forward"


@pytest.fixture(scope="module")
def solution(tmp_path_factory):
    folder = tmp_path_factory.mktemp("selfcheck")
    target = folder / f"{PS}.ipynb"
    target.write_bytes((ROOT / "solutions" / PS / f"{PS}.ipynb").read_bytes())
    return target


def test_the_solution_passes_every_part_and_exits_zero(solution, capsys):
    assert main([str(solution)]) == 0
    printed = capsys.readouterr().out
    assert "FAILED" not in printed and "All 8 parts pass" in printed


def test_the_untouched_release_fails_every_part_with_its_message_and_exits_one(tmp_path):
    release = tmp_path / f"{PS}.ipynb"
    release.write_bytes((ROOT / "exercises" / PS / f"{PS}.ipynb").read_bytes())
    results = check_notebook(release)
    assert len(results) == 8 and not any(r.passed for r in results)
    assert all("NotImplementedError" in r.reason or "NameError" in r.reason for r in results), results
    completed = subprocess.run([sys.executable, "-m", "nnkit.selfcheck", str(release), "--lang", "ko"],
                               capture_output=True, text=True, timeout=600)
    assert completed.returncode == 1 and "실패" in completed.stdout and "문항 8개 가운데 8개" in completed.stdout


def test_a_deleted_test_cell_and_a_wrong_answer_are_named(solution, tmp_path):
    nb = nbformat.read(solution, as_version=4)
    broken = copy.deepcopy(nb)
    broken.cells = [c for c in broken.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "test_relu"]
    softmax = next(c for c in broken.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "softmax")
    softmax.source = "def softmax(z):\n    e = np.exp(z)\n    return e / e.sum()\n"
    path = tmp_path / f"{PS}.ipynb"
    nbformat.write(broken, path)
    results = {r.part: r for r in check_notebook(path)}
    relu_part = next(r for r in results.values() if "missing" in r.reason)
    assert not relu_part.passed
    failing = [r for r in results.values() if not r.passed and "missing" not in r.reason]
    assert len(failing) == 1 and failing[0].reason.startswith("AssertionError")
    assert main([str(path)]) == 1


def test_a_path_that_is_not_a_notebook_gets_a_clear_message(tmp_path, capsys):
    assert main([str(tmp_path / "nowhere.ipynb")]) == 2
    assert "no notebook at" in capsys.readouterr().err
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    assert main([str(bad)]) == 2
    assert "is not a notebook that can be read" in capsys.readouterr().err


def test_the_student_guides_command_switches_off_the_instructor_tools(tmp_path):
    """book/exercises.md's command, run for one user: formgrader, create-assignment and courses are off."""
    import os
    import shlex

    guide = (ROOT / "book" / "exercises.md").read_text()
    line = next(ln for ln in guide.splitlines() if ln.startswith("jupyter labextension disable"))
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path)}
    jupyter = str(Path(sys.executable).parent / "jupyter")
    subprocess.run([jupyter, *shlex.split(line)[1:], "--level=user"], env=env, check=True, capture_output=True,
                   timeout=300)
    listed = subprocess.run([jupyter, "labextension", "list"], env=env, capture_output=True, text=True, timeout=300)
    disabled = (listed.stdout + listed.stderr).split("Disabled extensions:")[1]
    for plugin in ("formgrader", "create-assignment", "course-list"):
        assert f"@jupyter/nbgrader:{plugin}" in disabled
    assert "@jupyter/nbgrader:assignment-list" not in disabled


def test_the_self_check_cell_is_not_run_within_the_check(solution, tmp_path):
    """The release's last cell starts the self-check; run inside it, it would start itself again."""
    nb = nbformat.read(solution, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == SELF_CHECK_CELL)
    assert "nnkit.selfcheck" in cell.source and f"{PS}.ipynb" in cell.source
    marker = tmp_path / "self_check_ran"
    cell.source = f"open({str(marker)!r}, 'w').close()"
    path = tmp_path / f"{PS}.ipynb"
    nbformat.write(nb, path)
    assert all(r.passed for r in check_notebook(path)) and not marker.exists()


def test_the_self_check_cell_checks_the_saved_notebook_from_a_kernel(solution):
    """The cell as released, run in a Jupyter kernel beside the saved notebook, prints the check's table."""
    from nbclient import NotebookClient

    nb = nbformat.read(solution, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == SELF_CHECK_CELL)
    only = nbformat.v4.new_notebook(cells=[copy.deepcopy(cell)], metadata=nb.metadata)
    NotebookClient(only, timeout=600, resources={"metadata": {"path": str(solution.parent)}}).execute()
    printed = "".join(o.get("text", "") for o in only.cells[0].outputs)
    assert "All 8 parts pass" in printed, printed
