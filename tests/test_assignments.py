"""The graded assignments: the release is what nbgrader makes of the solutions, and grading is fair.

For every assignment in solutions/:
- `nbgrader generate_assignment` reproduces exercises/ exactly;
- autograding the solution gives full marks, autograding the untouched release gives zero (and the
  grader does not crash);
- every typical wrong answer (``MISTAKES`` of grading/problems/<assignment>.py) loses exactly its
  part's points;
- nothing of a solution region or a hidden test appears under exercises/.
All of it runs with nbgrader's own commands in a scratch copy of the course.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from regions import HIDDEN_REGION, SOLUTION_REGION, mutate, region_lines

from grading import problems
from nnkit.selfcheck import SELF_CHECK_CELL

ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "OPENBLAS_NUM_THREADS": "1"}


def nbgrader(course: Path, *args):
    proc = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=ENV, capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def notebook_path(folder: Path, assignment: str) -> Path:
    notebooks = sorted((folder / assignment).glob("*.ipynb"))
    assert len(notebooks) == 1, f"expected one notebook in {folder / assignment}, found {notebooks}"
    return notebooks[0]


def autograde(course: Path, assignment: str, submissions: dict, filename: str, workers: int = 2):
    """Autograde every submission; return {student: {grade id: score}} and {grade id: max score}.

    `nbgrader autograde` grades one notebook after another, so the submissions are shared out among `workers`
    copies of the course (each with its own copy of the gradebook that generate_assignment made) and the
    copies are graded at the same time, one process per core.
    """
    from nbgrader.api import Gradebook

    students = list(submissions)
    courses = [course] + [shutil.copytree(course, course.with_name(f"{course.name}-{k}")) for k in range(1, workers)]
    running = []
    for k, share in enumerate(courses):
        for student in students[k::workers]:
            folder = share / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(submissions[student], folder / filename)
        # kernels talk over Unix sockets in the course's own folder, as grading/worker.py's do: two kernels
        # started at the same moment could otherwise be handed the same free TCP port
        sockets = f"--KernelManager.ip={share / 'kernel'}"
        running.append(subprocess.Popen([str(BIN / "nbgrader"), "autograde", assignment, "--create", "--force",
                                         "--KernelManager.transport=ipc", sockets],
                                        cwd=share, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True))
    for process in running:
        log, _ = process.communicate(timeout=900)
        assert process.returncode == 0, f"nbgrader autograde {assignment} failed:\n{log[-3000:]}"

    scores, points = {}, {}
    for k, share in enumerate(courses):
        with Gradebook(f"sqlite:///{share / 'gradebook.db'}") as gradebook:
            for student in students[k::workers]:
                grades = [g for nb in gradebook.find_submission(assignment, student).notebooks for g in nb.grades]
                scores[student] = {g.name: g.score for g in grades}
                points.update({g.name: g.max_score for g in grades})
    return scores, points


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory):
    """One scratch course per assignment: release generated, then every kind of submission autograded."""
    assignment = request.param
    course = tmp_path_factory.mktemp(assignment)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions" / assignment, course / "solutions" / assignment)
    nbgrader(course, "generate_assignment", assignment, "--force")

    solution_file = notebook_path(course / "solutions", assignment)
    release_file = notebook_path(course / "exercises", assignment)
    solution = nbformat.read(solution_file, as_version=4)
    module = problems.load(assignment)
    assert module is not None, f"{assignment} has no checks module grading/problems/{assignment}.py"
    mutations = module.MISTAKES
    submissions = {"solution": solution, "untouched": nbformat.read(release_file, as_version=4)}
    for k, (_, grade_id, code, _) in enumerate(mutations):
        submissions[f"mutation{k:02d}"] = mutate(solution, grade_id, code)
    scores, points = autograde(course, assignment, submissions, solution_file.name)
    return assignment, course, scores, points, mutations


def test_release_is_what_nbgrader_generates(graded):
    assignment, course, *_ = graded
    generated = notebook_path(course / "exercises", assignment)
    committed = ROOT / "exercises" / assignment / generated.name
    assert committed.exists(), f"exercises/{assignment}/{generated.name} is missing: run nbgrader generate_assignment"
    assert json.loads(committed.read_text()) == json.loads(generated.read_text()), (
        f"exercises/{assignment} is out of date: run `nbgrader generate_assignment {assignment} --force`"
    )


def test_solution_earns_full_marks(graded):
    _, _, scores, points, _ = graded
    assert scores["solution"] == points
    assert 18 <= sum(points.values()) <= 22, "about 20 points per assignment"


def test_untouched_release_earns_zero(graded):
    _, _, scores, points, _ = graded
    assert set(scores["untouched"]) == set(points)
    assert all(score == 0 for score in scores["untouched"].values())


def test_each_typical_mistake_loses_exactly_its_part(graded):
    _, _, scores, points, mutations = graded
    for k, (mistake, _, _, failing) in enumerate(mutations):
        expected = {**points, failing: 0.0}
        assert scores[f"mutation{k:02d}"] == expected, f"mistake {mistake!r}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_solution_or_hidden_test_reaches_the_release(assignment):
    solution = nbformat.read(notebook_path(ROOT / "solutions", assignment), as_version=4)
    released = "\n".join(c.source for c in nbformat.read(notebook_path(ROOT / "exercises", assignment),
                                                          as_version=4).cells)
    assert "BEGIN SOLUTION" not in released and "HIDDEN TESTS" not in released
    public = "\n".join(HIDDEN_REGION.sub("", SOLUTION_REGION.sub("", c.source)) for c in solution.cells)
    for line in region_lines(solution.cells, min_length=13):
        if not line.startswith("#") and line not in public:
            assert line not in released, f"{assignment}: a solution or hidden-test line leaked: {line}"


def test_the_graded_notebook_shows_its_own_cells_and_skips_the_self_check(graded):
    """A data cell runs its grading version (its output says so) but keeps its source; the self-check
    cell, which would run the whole notebook once more, is not run."""
    assignment, course, *_ = graded
    autograded = nbformat.read(notebook_path(course / "autograded" / "solution", assignment), as_version=4)
    release = nbformat.read(notebook_path(ROOT / "exercises", assignment), as_version=4)
    released = {c.metadata["nbgrader"]["grade_id"]: c.source for c in release.cells if "nbgrader" in c.metadata}
    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in autograded.cells if "nbgrader" in c.metadata}
    self_check = cells[SELF_CHECK_CELL]
    assert self_check.outputs == [] and self_check.execution_count is None
    for grade_id in problems.data_cells(problems.load(assignment).PARTS):
        printed = "".join(o.get("text", "") for o in cells[grade_id].outputs)
        assert cells[grade_id].source == released[grade_id] and "the split drawn for grading" in printed
