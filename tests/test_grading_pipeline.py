"""grading/ end to end, with real kernels in the sandbox: the demo class, reruns, Dask and PostgreSQL.

The demo's synthetic submissions (grading.synthetic: correct, partial, broken and hostile ones; their count is
checked against the README and the instructors page in test_grading_units.py) each carry the outcome a fair
grader gives them; the run must reproduce every one, whatever the others do, and its feedback must not show a
line of the problem set's checks (grading/problems/ps1_forward.py).
"""

import csv
import html
import json
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import nbformat
import pytest

from grading.autograde import autograde
from grading.course import Course, GradeOptions
from grading.demo import ASSIGNMENT, run_demo
from grading.sandbox import SandboxUnavailable

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "course"
    code = run_demo(folder, jobs=4)
    return code, Course(folder)


@pytest.fixture(scope="module")
def sid(demo):
    """The student id (Canvas user id) of a synthetic student, by the name in its file."""
    _, course = demo
    ids = {v["name"]: k for k, v in json.loads((course.report_dir(ASSIGNMENT) / "demo.json").read_text()).items()}
    return ids.__getitem__


def test_every_submission_gets_the_grade_a_fair_grader_gives(demo):
    code, course = demo
    expected = json.loads((course.report_dir(ASSIGNMENT) / "demo.json").read_text())
    results = course.results(ASSIGNMENT)
    assert set(results) == set(expected)
    assert code == 0, "some submission was not graded as expected: see the demo's table above"


def test_tampering_gains_nothing_and_a_call_into_nnkit_is_named(demo, sid):
    _, course = demo
    scores = course.cell_scores(ASSIGNMENT)
    for student in (sid("s26hostilenumpy"), sid("s28hostilebuiltins"), sid("s29hostiletraceback")):
        assert course.results(ASSIGNMENT)[student]["score"] == 0, student
    helpers = {part: score for (student, part), score in scores.items() if student == sid("s27hostilehelpers")}
    assert helpers["test_relu"] == helpers["test_softmax"] == 0 and helpers["test_sigmoid"] == 2
    graded = nbformat.read(course.autograded_dir / sid("s27hostilehelpers") / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    relu_test = next(c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_relu")
    assert "calls nnkit.functional.relu" in relu_test.outputs[0]["evalue"]
    assert course.results(ASSIGNMENT)[sid("s20notanotebook")]["status"] == "unreadable"
    notes = " ".join(course.results(ASSIGNMENT)[sid("s34hostiledeletedtest")]["notes"])
    assert "cell 'test_sigmoid' was missing: put back from the release" in notes


def test_student_code_saw_nothing_outside_its_own_copy(demo, sid):
    _, course = demo
    reader = nbformat.read(course.autograded_dir / sid("s30hostilereadoutside") / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                           4)
    printed = "".join(o.get("text", "") for c in reader.cells if c.cell_type == "code" for o in c.outputs)
    assert "BEGIN SOLUTION" not in printed and "SQLite format" not in printed
    assert not (course.root / "HACKED.txt").exists()
    original = course.submitted_dir / sid("s01correct") / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert b"HACKED" not in original.read_bytes()


def _hidden_lines():
    """The lines of the problem set's checks (grading/problems/) that the release does not show."""
    checks = (ROOT / "grading" / "problems" / f"{ASSIGNMENT}.py").read_text().splitlines()
    release = nbformat.writes(nbformat.read(ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4))
    return {ln.strip() for ln in checks if len(ln.strip()) >= 12 and ln.strip() not in release}


def test_feedback_never_shows_hidden_tests_and_stays_small(demo, sid):
    _, course = demo
    hidden = _hidden_lines()
    assert len(hidden) > 20
    pages = list(course.feedback_dir.glob(f"*/{ASSIGNMENT}/*.html"))
    assert len(pages) >= 30
    for page in pages:
        text = html.unescape(page.read_text())
        student = page.parent.parent.name  # a line the student wrote too is theirs to see
        own = (course.submitted_dir / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(errors="replace")
        assert not [ln for ln in hidden if ln in text and ln not in own], f"{page} shows hidden tests"
        assert page.stat().st_size < 1_000_000, f"{page} is {page.stat().st_size} bytes"
    flood = (course.feedback_dir / sid("s25hostileoutput") / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "Score: 20 / 20" in flood


def test_export_has_one_row_per_student_and_explains_zeros(demo, sid):
    _, course = demo
    with course.gradebook() as gb:
        gb.add_student("s99absent")
    from grading.export import export_csv

    rows = {r["student_id"]: r for r in csv.DictReader(open(export_csv(course)))}
    assert float(rows[sid("s01correct")][ASSIGNMENT]) == 20
    assert float(rows["s99absent"][ASSIGNMENT]) == 0 and "no submission" in rows["s99absent"]["notes"]
    assert "unreadable" in rows[sid("s19invalidjson")]["notes"]
    assert (course.report_dir(ASSIGNMENT) / "scores.png").stat().st_size > 5000
    demo_ids = json.loads((course.report_dir(ASSIGNMENT) / "demo.json").read_text())
    names = {v["name"][3:]: k for k, v in demo_ids.items()}  # "s23hostileexit" → "hostileexit"
    assert "kernel died" in rows[names["hostileexit"]]["notes"]
    assert "the cell that begins `import os`" in rows[names["hostileexit"]]["notes"]
    assert "timed out" in rows[names["hostileloopintest"]]["notes"]
    # every submission, the unreadable one too, has a feedback page that says what happened
    pages = {p.parent.parent.name: p for p in course.feedback_dir.glob(f"*/{ASSIGNMENT}/*.html")}
    assert set(pages) == set(demo_ids)
    assert "could not be read as a Jupyter notebook" in pages[sid("s19invalidjson")].read_text()


def test_rerunning_changes_nothing_and_sequential_agrees_with_parallel(demo, sid):
    _, course = demo
    before = course.cell_scores(ASSIGNMENT)
    results = autograde(course, ASSIGNMENT, jobs=2, progress=False)  # nothing changed: nothing regraded
    assert course.cell_scores(ASSIGNMENT) == before and len(results) == len({k[0] for k in before})
    subset = [sid(name) for name in ("s01correct", "s09mutsoftmax", "s18syntaxerror", "s23hostileexit",
                                     "s26hostilenumpy", "s34hostiledeletedtest", "s37hostilebonuscell")]
    autograde(course, ASSIGNMENT, jobs=1, students=subset, force=True, options=GradeOptions(cell_timeout=10),
              progress=False)
    assert course.cell_scores(ASSIGNMENT) == before


def test_grading_refuses_to_run_unconfined_without_bwrap(demo, monkeypatch, sid):
    _, course = demo
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(SandboxUnavailable, match="--no-sandbox"):
        autograde(course, ASSIGNMENT, jobs=1, students=[sid("s01correct")], force=True, progress=False)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server from Debian's packages on a loopback port, for this module only."""
    bindir = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
    assert bindir is not None, "PostgreSQL is not installed (scripts/system-packages.sh installs it; make test runs it)"
    data = Path(tempfile.mkdtemp(prefix="grading-pg-"))  # not under pytest's tmp: the postgres user must reach it
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(data, "postgres")
    port = _free_port()
    subprocess.run([*as_user, f"{bindir}/initdb", "-D", str(data / "db"), "-U", "grader", "--auth=trust"],
                   check=True, capture_output=True)
    subprocess.run([*as_user, f"{bindir}/pg_ctl", "-D", str(data / "db"), "-l", str(data / "log"), "-w", "-o",
                    f"-p {port} -k {data} -c listen_addresses=127.0.0.1", "start"], check=True, capture_output=True)
    subprocess.run([f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "grader", "gradebook"],
                   check=True, capture_output=True)
    yield f"postgresql+psycopg2://grader@127.0.0.1:{port}/gradebook"
    subprocess.run([*as_user, f"{bindir}/pg_ctl", "-D", str(data / "db"), "-m", "fast", "stop"], capture_output=True)
    shutil.rmtree(data, ignore_errors=True)


def test_dask_cluster_with_postgresql_gradebook_gives_the_same_grades(demo, postgres, tmp_path, sid):
    from distributed import LocalCluster
    from nbgrader.apps import NbGraderAPI

    _, sqlite_course = demo
    students = [sid(name) for name in ("s01correct", "s07mutrelu", "s17untouched", "s19invalidjson",
                                       "s27hostilehelpers")]
    pg_course = Course(sqlite_course.root, db_url=postgres)
    outcome = NbGraderAPI(pg_course.coursedir, config=pg_course.config).generate_assignment(ASSIGNMENT, force=True)
    assert outcome["success"], outcome.get("log")
    # one worker process running two jobs at once: grading holds no state shared between jobs
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        results = autograde(pg_course, ASSIGNMENT, students=students, scheduler=cluster.scheduler_address,
                            force=True, progress=False)
    assert {r.status for r in results} <= {"graded", "unreadable"}
    assert (pg_course.cell_scores(ASSIGNMENT, students=students)
            == sqlite_course.cell_scores(ASSIGNMENT, students=students))
