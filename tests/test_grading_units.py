"""grading/: the pieces that need no kernel — cell restore, hidden-test stripping, collect, URLs."""

import copy
import re
import zipfile
from pathlib import Path

import nbformat
import pytest

from grading.cells import grade_id as gid
from grading.collect import collect
from grading.course import Course, GradingSetupError, absolute_db_url
from grading.demo import ASSIGNMENT, make_course
from grading.feedback import HIDDEN_NOTE, feedback_notebook, strip_hidden
from grading.restore import restore_cells

ROOT = Path(__file__).resolve().parent.parent
RELEASE = nbformat.read(ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)


def cell_of(nb, grade_id):
    return next(c for c in nb.cells if gid(c) == grade_id)


def ids(nb):
    return [gid(c) for c in nb.cells]


def test_an_untouched_notebook_needs_no_repair():
    nb, repairs = restore_cells(copy.deepcopy(RELEASE), RELEASE)
    assert repairs == [] and ids(nb) == ids(RELEASE)


def test_a_deleted_test_cell_comes_back_in_its_place():
    student = copy.deepcopy(RELEASE)
    student.cells = [c for c in student.cells if gid(c) != "test_relu"]
    nb, repairs = restore_cells(student, RELEASE)
    assert ids(nb) == ids(RELEASE)
    assert cell_of(nb, "test_relu").source == cell_of(RELEASE, "test_relu").source
    assert any("test_relu" in r and "missing" in r for r in repairs)


def test_a_duplicated_test_cell_keeps_one_copy_with_the_release_source():
    student = copy.deepcopy(RELEASE)
    i = ids(student).index("test_relu")
    twin = copy.deepcopy(student.cells[i])
    twin.source, twin["id"] = "pass", "twin"
    student.cells.insert(i, twin)
    nb, _ = restore_cells(student, RELEASE)
    assert ids(nb).count("test_relu") == 1
    assert cell_of(nb, "test_relu").source == cell_of(RELEASE, "test_relu").source


def test_an_edited_or_retyped_locked_cell_is_the_release_again():
    student = copy.deepcopy(RELEASE)
    cell_of(student, "test_sigmoid").source = "pass"
    cell_of(student, "test_mse").cell_type = "markdown"
    nb, repairs = restore_cells(student, RELEASE)
    for g in ("test_sigmoid", "test_mse"):
        assert cell_of(nb, g).cell_type == "code" and cell_of(nb, g).source == cell_of(RELEASE, g).source
    assert any("test_mse" in r and "markdown" in r for r in repairs)


def test_answers_and_added_cells_are_kept_and_made_up_grade_cells_ignored():
    student = copy.deepcopy(RELEASE)
    cell_of(student, "relu").source = "def relu(z):\n    return np.maximum(z, 0)"
    mine = nbformat.v4.new_code_cell("helper = 1")
    bonus = nbformat.v4.new_code_cell("pass", metadata={"nbgrader": {
        "grade": True, "grade_id": "bonus", "points": 100, "solution": False, "locked": False,
        "schema_version": 3}})
    student.cells += [mine, bonus]
    nb, repairs = restore_cells(student, RELEASE)
    assert cell_of(nb, "relu").source.endswith("np.maximum(z, 0)")
    assert nb.cells[-2].source == "helper = 1" and "nbgrader" not in nb.cells[-1].metadata
    assert any("bonus" in r for r in repairs)


def test_malformed_nbgrader_metadata_is_dropped_not_fatal():
    student = copy.deepcopy(RELEASE)
    student.cells.append(nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": "full marks please"}))
    nb, repairs = restore_cells(student, RELEASE)
    assert "nbgrader" not in nb.cells[-1].metadata and nb.cells[-1].source == "x = 1"
    assert any("malformed" in r for r in repairs)


def test_strip_hidden_keeps_public_lines_only():
    source = "assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(7) == 49\n### END HIDDEN TESTS\nprint('done')"
    assert strip_hidden(source) == f"assert f(1) == 2\n{HIDDEN_NOTE}\nprint('done')"
    assert "f(7)" not in strip_hidden("### BEGIN HIDDEN TESTS\nassert f(7) == 49")  # an unclosed region


def test_feedback_keeps_only_the_last_line_of_an_error():
    cell = nbformat.v4.new_code_cell("### BEGIN HIDDEN TESTS\nassert secret()\n### END HIDDEN TESTS", metadata={
        "nbgrader": {"grade": True, "solution": False, "grade_id": "t", "points": 2}})
    cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="wrong shape",
                                           traceback=["  assert secret()", "AssertionError: wrong shape"])]
    nb, rows = feedback_notebook(nbformat.v4.new_notebook(cells=[cell]), {"t": (0.0, 2.0)})
    assert "secret" not in nbformat.writes(nb)
    assert rows == [("t", 0.0, 2.0, "AssertionError: wrong shape")]


def test_the_feedback_table_names_parts_by_title_and_gives_the_verdict_alone():
    cell = nbformat.v4.new_code_cell("assert relu(1) == 1", metadata={
        "nbgrader": {"grade": True, "solution": False, "grade_id": "test_relu", "points": 2}})
    verdict = "Part 2: relu: on z = [-1, 0, 2], the result differs first at index (0,): expected 0.0, got -1.0."
    cell.outputs = [nbformat.v4.new_output("error", ename="GradingError", evalue=verdict,
                                           traceback=[f"GradingError: {verdict}"])]
    _, rows = feedback_notebook(nbformat.v4.new_notebook(cells=[cell]), {"test_relu": (0.0, 2.0)},
                                titles={"test_relu": "Part 2: relu"})
    assert rows == [("Part 2: relu", 0.0, 2.0,
                     "on z = [-1, 0, 2], the result differs first at index (0,): expected 0.0, got -1.0.")]


@pytest.mark.parametrize("url, expected", [
    ("sqlite:///gradebook.db", "sqlite:////course/gradebook.db?timeout=60"),
    ("sqlite:////abs/g.db?timeout=5", "sqlite:////abs/g.db?timeout=5"),
    ("postgresql+psycopg2://u@127.0.0.1:5/db", "postgresql+psycopg2://u@127.0.0.1:5/db"),
])
def test_gradebook_urls_work_from_any_folder(url, expected):
    assert absolute_db_url(url, Path("/course")) == expected


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return Course(make_course(tmp_path_factory.mktemp("collect") / "course"))


def _write(folder, name, content=b"{}"):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def test_collect_reads_canvas_zips_and_reports_what_it_cannot_place(course, tmp_path):
    nb = nbformat.writes(RELEASE).encode()
    archive = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(f"ann_101_1_{ASSIGNMENT}.ipynb", nb)
        z.writestr(f"ben_LATE_102_2_{ASSIGNMENT} (1).ipynb", nb)
        z.writestr("notes.txt", b"hello")
        z.writestr("stray.ipynb", nb)
    report = collect(course, ASSIGNMENT, archive)
    assert set(report.placed) == {"101", "102"}  # the Canvas user id, never the name
    assert report.placed["102"].name == "ben" and report.placed["102"].lms == "canvas"
    assert (course.submitted_dir / "102" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes() == nb
    notes = report.placed["102"].notes
    assert any("renamed" in n for n in notes) and any("no due date set: not penalised" in n for n in notes)
    assert any("no due date" in p for p in report.problems)
    assert {f for f, _ in report.not_collected} == {"notes.txt", "stray.ipynb"}
    assert not report.ok


def test_collect_reads_student_folders_and_never_overwrites_silently(course, tmp_path):
    _write(tmp_path / "cy", f"{ASSIGNMENT}.ipynb", b"first")
    assert collect(course, ASSIGNMENT, tmp_path).ok
    _write(tmp_path / "cy", f"{ASSIGNMENT}.ipynb", b"second")
    report = collect(course, ASSIGNMENT, tmp_path)
    assert (course.submitted_dir / "cy" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes() == b"first"
    assert any("--force" in why for _, why in report.not_collected) and not report.ok
    assert collect(course, ASSIGNMENT, tmp_path, force=True).ok
    assert (course.submitted_dir / "cy" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes() == b"second"


def test_collect_and_grading_name_what_is_missing(course, tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        collect(course, ASSIGNMENT, tmp_path / "nowhere.zip")
    with pytest.raises(GradingSetupError, match="generate_assignment ps9"):
        course.require_assignment("ps9")
    with pytest.raises(GradingSetupError, match="nbgrader_config.py"):
        Course(tmp_path)


def test_the_instructors_page_and_readme_state_what_the_code_does():
    from grading.__main__ import build_parser
    from grading.sandbox import Limits
    from grading.synthetic import make_submissions

    page = (ROOT / "book" / "instructors.md").read_text()
    readme = (ROOT / "README.md").read_text()
    count = len(make_submissions(ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                                 ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"))
    assert f"{count} synthetic" in page.replace("\n", " ") and f"{count} synthetic" in readme.replace("\n", " ")
    args = build_parser().parse_args(["autograde", ASSIGNMENT])
    assert f"`--memory-mb`, {Limits().memory_mb} by default" in page.replace("\n", " ")
    assert f"`--notebook-timeout` ({args.notebook_timeout} s by default)" in page.replace("\n", " ")
    assert f"a kernel may run at once ({Limits().processes})" in page.replace("\n", " ")
    from nbgrader.utils import parse_utc

    due = re.search(r'--duedate="([^"]+)"', page).group(1)  # 23:59 in Seoul is 14:59 UTC, not 23:59
    assert parse_utc(due).strftime("%H:%M") == "14:59", f"nbgrader reads the page's due date {due!r} in the wrong zone"
    steps = next(a for a in build_parser()._actions if a.dest == "command").choices
    assert {step for step in steps if f"python -m grading {step} " not in page} == {"demo"}, \
        "every step of the grading tool has a command on the instructors page"
    from grading.lms import FORMATS

    rows = {"canvas": "| Canvas |", "moodle": "| Moodle |", "nbgrader": "| nbgrader |", "folders": "| folders |"}
    assert [form for form in FORMATS if rows[form] not in page] == [], "each built-in download format has a row"
    checked = sorted(p.stem for p in (ROOT / "grading" / "problems").glob("ps*.py"))
    assert checked == sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir()), \
        "the instructors page says every problem set is graded outside the kernel: each needs a checks module"
