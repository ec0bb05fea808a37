"""The instructor's data path with real downloads built here: Canvas, Moodle, zips made on a Mac and on
Korean Windows, a student's own zip, late work and extensions, a roster, the grades CSV, Canvas's import
CSV, the report, the similarity report, and a coordinator killed mid-batch.
"""

import csv
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from grading import problems
from grading.__main__ import main
from grading.archive import decoded_name
from grading.autograde import autograde
from grading.collect import collect
from grading.course import Course
from grading.demo import ASSIGNMENT, make_course
from grading.export import export_canvas, export_csv
from grading.report import write_report
from grading.similarity import similar_pairs
from grading.synthetic import notebook_bytes, solution_answers, student_notebook

ROOT = Path(__file__).resolve().parent.parent
RELEASE = nbformat.read(ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
SOLUTION = nbformat.read(ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
ANSWERS = solution_answers(SOLUTION)
RIGHT = notebook_bytes(student_notebook(RELEASE, ANSWERS))
UNTOUCHED = notebook_bytes(student_notebook(RELEASE, {}))
DUE = datetime.datetime(2026, 9, 1, 12, 0, tzinfo=datetime.timezone.utc)


class RawName(zipfile.ZipInfo):
    """A zip member whose name is stored as the given bytes, with no UTF-8 flag (as Korean Windows writes)."""

    def __init__(self, raw: bytes):
        super().__init__(raw.decode("cp437"))
        self.raw = raw

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own name
        return self.raw, self.flag_bits


def write_zip(path: Path, members: dict) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(RawName(name) if isinstance(name, bytes) else name, data)
    return path


def zip_bytes(members: dict) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def set_due_date(course: Course, due=DUE) -> None:
    with course.gradebook() as gb:
        gb.update_or_create_assignment(ASSIGNMENT, duedate=due.replace(tzinfo=None))


@pytest.fixture
def course(tmp_path_factory):
    """A fresh course with ps1_forward released (each test its own: collect writes into it)."""
    return Course(make_course(tmp_path_factory.mktemp("lms") / "course"))


def placed(course, student):
    return (course.submitted_dir / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes()


def accounted(report) -> set[str]:
    return ({f for p in report.placed.values() for f in p.files} | {f for f, _ in report.not_collected}
            | {s.shown for s in report.ignored})


def test_canvas_keeps_two_students_of_one_name_apart_and_records_a_late_mark(course, tmp_path):
    set_due_date(course)
    download = write_zip(tmp_path / "canvas.zip", {
        f"smithjohn_12345_6789012_{ASSIGNMENT}.ipynb": RIGHT,
        f"smithjohn_22222_6789025_{ASSIGNMENT}.ipynb": UNTOUCHED,
        f"kimminjun_LATE_30001_6789030_{ASSIGNMENT}-1.ipynb": RIGHT,
    })
    report = collect(course, ASSIGNMENT, download)
    assert report.ok, report.summary()
    assert set(report.placed) == {"12345", "22222", "30001"}
    assert placed(course, "12345") == RIGHT and placed(course, "22222") == UNTOUCHED
    with course.gradebook() as gb:
        people = {s.id: s for s in gb.students}
    assert people["12345"].last_name == people["22222"].last_name == "smithjohn"
    assert people["12345"].lms_user_id == "12345"
    stamp = (course.submitted_dir / "30001" / ASSIGNMENT / "timestamp.txt").read_text()
    assert stamp.startswith("2026-09-01 12:00:01")
    assert not (course.submitted_dir / "12345" / ASSIGNMENT / "timestamp.txt").exists()
    assert "renamed" in " ".join(report.placed["30001"].notes)


def test_a_late_mark_without_a_due_date_or_within_an_extension_is_not_penalised_and_is_reported(course, tmp_path):
    download = write_zip(tmp_path / "canvas.zip", {f"kimminjun_LATE_30001_1_{ASSIGNMENT}.ipynb": RIGHT})
    report = collect(course, ASSIGNMENT, download)
    assert not report.ok and "has no due date" in report.summary()
    assert not (course.submitted_dir / "30001" / ASSIGNMENT / "timestamp.txt").exists()
    set_due_date(course)
    course.grant_extension(ASSIGNMENT, "30001", hours=48)
    assert course.due_date(ASSIGNMENT, student="30001") == DUE + datetime.timedelta(hours=48)
    report = collect(course, ASSIGNMENT, download, force=True)
    assert "has an extension" in report.summary() and not report.ok
    assert not (course.submitted_dir / "30001" / ASSIGNMENT / "timestamp.txt").exists()


def test_a_students_own_zip_a_mac_zip_and_a_korean_windows_zip_each_give_one_student(course, tmp_path):
    own = zip_bytes({f"ps1/{ASSIGNMENT}.ipynb": RIGHT, f"__MACOSX/ps1/._{ASSIGNMENT}.ipynb": b"\x00\x05\x16\x07"})
    canvas = write_zip(tmp_path / "canvas.zip", {"martinyuki_12357_6789027_ps1.zip": own})
    report = collect(course, ASSIGNMENT, canvas)
    assert set(report.placed) == {"12357"} and report.ok, report.summary()
    assert placed(course, "12357") == RIGHT
    assert "from the student's zip" in " ".join(report.placed["12357"].notes)

    folders = write_zip(tmp_path / "folders.zip", {
        "asmith/PS1 final.ipynb": RIGHT,
        "__MACOSX/asmith/._PS1 final.ipynb": b"\x00\x05\x16\x07",
        "asmith/.DS_Store": b"\x00",
        "김민준/ps1_forward.ipynb".encode("cp949"): RIGHT,        # Korean Windows: cp949, no UTF-8 flag
        "nested/ps1_forward/ps1_forward.ipynb": RIGHT,            # nbgrader's own layout
    })
    report = collect(course, ASSIGNMENT, folders)
    assert set(report.placed) == {"asmith", "김민준", "nested"} and report.ok, report.summary()
    assert len(report.ignored) == 2 and accounted(report) == {n if isinstance(n, str) else n.decode("cp949")
                                                             for n in [
                                                                 "asmith/PS1 final.ipynb",
                                                                 "__MACOSX/asmith/._PS1 final.ipynb",
                                                                 "asmith/.DS_Store", "김민준/ps1_forward.ipynb",
                                                                 "nested/ps1_forward/ps1_forward.ipynb"]}
    # the same folder unzipped names the same students: nobody becomes two
    unzipped = tmp_path / "unzipped"
    for name, data in {"asmith/PS1 final.ipynb": RIGHT, "김민준/ps1_forward.ipynb": RIGHT,
                       "nested/ps1_forward/ps1_forward.ipynb": RIGHT}.items():
        (unzipped / name).parent.mkdir(parents=True, exist_ok=True)
        (unzipped / name).write_bytes(data)
    assert set(collect(course, ASSIGNMENT, unzipped).placed) == {"asmith", "김민준", "nested"}
    assert sorted(p.name for p in course.submitted_dir.iterdir()) == ["12357", "asmith", "nested", "김민준"]


@pytest.mark.parametrize("raw, flag, expected", [
    ("과제/ps1.ipynb".encode("cp949"), 0, "과제/ps1.ipynb"),
    ("과제/ps1.ipynb".encode(), 0x800, "과제/ps1.ipynb"),
    ("과제/ps1.ipynb".encode(), 0, "과제/ps1.ipynb"),     # UTF-8 without the flag (Info-ZIP on Linux)
    ("café/ps1.ipynb".encode("cp437"), 0, "café/ps1.ipynb"),     # not cp949: the zip format's default
])
def test_names_in_a_zip_are_decoded_as_the_zip_says_else_utf8_else_cp949_else_cp437(raw, flag, expected):
    info = zipfile.ZipInfo(raw.decode("utf-8") if flag else raw.decode("cp437"))
    info.flag_bits = flag
    assert decoded_name(info) == expected


def test_moodle_in_both_forms_is_keyed_by_the_participant_id(course, tmp_path):
    download = write_zip(tmp_path / "moodle.zip", {
        f"John Smith_12345_assignsubmission_file_/{ASSIGNMENT}.ipynb": RIGHT,
        f"John Smith_54321_assignsubmission_file_/{ASSIGNMENT}.ipynb": UNTOUCHED,
        f"김 민준_23456_assignsubmission_file_{ASSIGNMENT}.ipynb": RIGHT,   # the older flat form
        "Ann Lee_34567_assignsubmission_onlinetext_/onlinetext.html": b"<p>see attached</p>",
    })
    report = collect(course, ASSIGNMENT, download)
    assert set(report.placed) == {"12345", "54321", "23456"}
    assert placed(course, "54321") == UNTOUCHED
    assert report.placed["23456"].name == "김 민준" and report.placed["23456"].lms == "moodle"
    assert [why for _, why in report.not_collected] == [
        "Moodle's 'onlinetext' submission (only files are graded, not assignsubmission_onlinetext)"]


def test_every_file_is_collected_or_listed_and_the_exit_status_says_which(course, tmp_path, capsys):
    download = write_zip(tmp_path / "canvas.zip", {
        f"ann_101_1_{ASSIGNMENT}.ipynb": RIGHT,
        f"ben_102_2_{ASSIGNMENT}.ipynb": RIGHT,
        f"ben_102_3_{ASSIGNMENT}_old.ipynb": UNTOUCHED,
        "cy_103_4_answers.py": b"print(1)",
        "stray.ipynb": RIGHT,
    })
    report = collect(course, ASSIGNMENT, download)
    with zipfile.ZipFile(download) as z:
        assert accounted(report) == set(z.namelist())
    reasons = dict(report.not_collected)
    assert "a second file" in reasons[f"ben_102_3_{ASSIGNMENT}_old.ipynb"]
    assert reasons["cy_103_4_answers.py"] == "not a notebook (.ipynb)"
    assert "no student id" in reasons["stray.ipynb"]
    assert main(["--course", str(course.root), "collect", ASSIGNMENT, str(download)]) == 1
    empty = write_zip(tmp_path / "empty.zip", {"readme.txt": b"nothing here"})
    assert main(["--course", str(course.root), "collect", ASSIGNMENT, str(empty)]) == 1
    assert "NOTHING was collected" in capsys.readouterr().out
    good = write_zip(tmp_path / "good.zip", {f"dan_104_5_{ASSIGNMENT}.ipynb": RIGHT})
    assert main(["--course", str(course.root), "collect", ASSIGNMENT, str(good)]) == 0
    assert main(["--course", str(course.root), "collect", ASSIGNMENT, str(good), "--regexp", "(?P<student>x)"]) == 2
    assert "no group student_id or file_id" in capsys.readouterr().err


def test_a_path_that_leaves_the_folder_is_not_extracted(course, tmp_path):
    download = write_zip(tmp_path / "evil.zip", {"../../escaped.ipynb": RIGHT, f"ann_101_1_{ASSIGNMENT}.ipynb": RIGHT})
    report = collect(course, ASSIGNMENT, download)
    assert not (course.root.parent.parent / "escaped.ipynb").exists()
    assert "leaves the folder" in dict(report.not_collected)["../../escaped.ipynb"]


ROSTERS = {
    "nbgrader": "id,first_name,last_name,email,lms_user_id\n12345,John,Smith,js@u.kr,12345\n99999,민서,이,,99999\n",
    "canvas": ('Student,ID,SIS User ID,SIS Login ID,Section\n"    Points Possible",,,,\n'
               '"Smith, John",12345,2020001,jsmith,A\n"이, 민서",99999,2020002,mlee,A\n"Student, Test",77777,,,\n'),
    "moodle": ("Identifier,Full name,Email address,Status\nParticipant 12345,John Smith,js@u.kr,Submitted\n"
               "Participant 99999,이민서,ml@u.kr,No submission\n"),
}


@pytest.mark.parametrize("form", ROSTERS)
def test_a_roster_puts_every_enrolled_student_in_the_grades(course, tmp_path, form):
    roster = tmp_path / "roster.csv"
    roster.write_bytes(ROSTERS[form].encode("cp949" if form == "moodle" else "utf-8-sig"))
    download = write_zip(tmp_path / "canvas.zip", {f"smithjohn_12345_1_{ASSIGNMENT}.ipynb": RIGHT})
    assert main(["--course", str(course.root), "collect", ASSIGNMENT, str(download), "--roster", str(roster)]) == 0
    (course.results_path(ASSIGNMENT).parent).mkdir(parents=True, exist_ok=True)
    course.results_path(ASSIGNMENT).write_text("{}")  # graded once (nobody yet): the assignment is listed
    rows = {r["student_id"]: r for r in csv.DictReader(open(export_csv(course), encoding="utf-8"))}
    assert set(rows) == {"12345", "99999"}
    assert rows["99999"][ASSIGNMENT] == "0" and "no submission" in rows["99999"]["notes"]
    assert rows["12345"][ASSIGNMENT] == "" and "not graded yet" in rows["12345"]["notes"]
    assert rows["99999"]["lms_user_id"] == "99999"


def test_a_roster_in_no_known_form_is_refused_with_the_forms_it_could_be(course, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,number\nJohn,1\n")
    assert main(["--course", str(course.root), "export", "--roster", str(roster)]) == 2


# ---------------------------------------------------------------- graded downloads: the gradebook and the CSVs

@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A Canvas download graded with nbgrader's "zero" late penalty, a due date and one extension."""
    root = make_course(tmp_path_factory.mktemp("graded") / "course")
    with open(root / "nbgrader_config.py", "a") as f:
        f.write('\nc.LateSubmissionPlugin.penalty_method = "zero"\n')
    course = Course(root)
    set_due_date(course)
    course.grant_extension(ASSIGNMENT, "40004", hours=24)
    broken = student_notebook(RELEASE, ANSWERS)
    broken.cells.insert(3, nbformat.v4.new_code_cell("import os\nos._exit(1)"))
    download = write_zip(tmp_path_factory.mktemp("dl") / "canvas.zip", {
        f"smithjohn_12345_1_{ASSIGNMENT}.ipynb": RIGHT,
        f"smithjohn_22222_2_{ASSIGNMENT}.ipynb": UNTOUCHED,
        f"kimminjun_LATE_30001_3_{ASSIGNMENT}.ipynb": RIGHT,
        f"leeseo_LATE_40004_4_{ASSIGNMENT}.ipynb": RIGHT,            # late mark, but an extension
        "martinyuki_12357_5_ps1.zip": zip_bytes({f"ps1/{ASSIGNMENT}.ipynb": RIGHT}),
        f"parkjiho_50005_6_{ASSIGNMENT}.ipynb": b'{"cells": [',     # cut short
        f"choiyuna_60006_7_{ASSIGNMENT}.ipynb": notebook_bytes(broken),
    })
    report = collect(course, ASSIGNMENT, download)
    results = autograde(course, ASSIGNMENT, jobs=2, progress=False)
    export_csv(course)
    from grading.feedback import generate_feedback

    generate_feedback(course, ASSIGNMENT)
    return course, report, {r.student: r for r in results}


def test_graded_downloads_give_raw_score_penalty_and_final_in_gradebook_and_csv(graded):
    course, report, results = graded
    assert results["12345"].final == results["12357"].final == 20
    assert results["22222"].score == 0
    late = results["30001"]
    assert (late.score, late.penalty, late.final) == (20, 20, 0) and "late" in late.flags
    assert results["40004"].penalty == 0 and results["40004"].final == 20
    with course.gradebook() as gb:
        assert gb.find_submission(ASSIGNMENT, "30001").late_submission_penalty == 20
    rows = {r["student_id"]: r for r in csv.DictReader(open(course.report_dir() / "grades.csv", encoding="utf-8"))}
    assert (rows["30001"][f"{ASSIGNMENT} raw"], rows["30001"][f"{ASSIGNMENT} late penalty"],
            rows["30001"][ASSIGNMENT]) == ("20", "20", "0")
    assert "after the due date: late penalty 20" in rows["30001"]["notes"]
    assert rows["12345"]["name"] == rows["22222"]["name"] == "smithjohn"
    assert "unreadable" in rows["50005"]["notes"]
    assert "kernel died" in rows["60006"]["notes"] and "the cell that begins `import os`" in rows["60006"]["notes"]


def test_feedback_says_why_for_unreadable_late_and_dead_kernels(graded):
    course, _, _ = graded
    page = lambda s: (course.feedback_dir / s / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()  # noqa: E731
    assert "could not be read as a Jupyter notebook" in page("50005") and "Score: 0 / 20" in page("50005")
    assert "less a late penalty of 20" in page("30001") and "Score: 0 / 20" in page("30001")
    assert "the kernel died while running this cell" in page("60006")
    assert "Part 1: sigmoid" in page("12345")


def test_the_canvas_import_csv_has_canvas_columns_and_ids(graded, tmp_path):
    course, _, _ = graded
    path, left_out = export_canvas(course, tmp_path / "canvas.csv", columns={ASSIGNMENT: "Problem set 1 (123456)"})
    rows = list(csv.reader(open(path, encoding="utf-8")))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Problem set 1 (123456)"]
    assert rows[1][0] == "Points Possible" and rows[1][5] == "20"
    by_id = {r[1]: r for r in rows[2:]}
    assert by_id["30001"][5] == "0" and by_id["12345"][5] == "20" and left_out == []
    assert main(["--course", str(course.root), "export", "--output", str(tmp_path / "out" / "g.csv"),
                 "--canvas", str(tmp_path / "c.csv"), "--canvas-column", f"{ASSIGNMENT}=PS1 (1)"]) == 0
    assert (tmp_path / "out" / "g.csv").exists() and "PS1 (1)" in (tmp_path / "c.csv").read_text()
    assert main(["--course", str(course.root), "export", "--canvas", str(tmp_path / "c.csv"),
                 "--canvas-column", "ps1"]) == 2


def test_the_report_lists_students_to_review_with_links_and_the_commonest_failure(graded):
    course, _, _ = graded
    page = write_report(course, ASSIGNMENT).read_text()
    review = page.split("<h2>To review")[1]
    for student in ("30001", "50005", "60006"):
        assert f">{student}</a>" in review, student
    assert f"../../feedback/50005/{ASSIGNMENT}/{ASSIGNMENT}.html" in review
    assert "12345" not in review
    assert "not implemented yet" in page  # the untouched notebook's commonest failure
    assert (course.report_dir(ASSIGNMENT) / "parts.png").stat().st_size > 10000


# ---------------------------------------------------------------- similarity

def disguised(source: str) -> str:
    """The same code with its local names changed and a comment added: what a copier does."""
    renamed = re.sub(r"\b(out|lse|m|e|shifted|h|logits|a)\b", lambda m: {"out": "res", "lse": "norm", "m": "mx",
                                                                          "e": "ex", "shifted": "moved", "h": "hid",
                                                                          "logits": "scores", "a": "act"}[m[1]],
                     source)
    return "# my own work\n" + renamed


def test_a_disguised_copy_ranks_above_every_pair_of_independent_answers(course):
    module = problems.load(ASSIGNMENT)
    by_cell = {}
    for _, cell_id, code, _ in module.RIGHT_ANSWERS:
        by_cell.setdefault(cell_id, []).append(code)
    students = {}
    for k in range(3):  # three students, each writing every part another of the three right ways
        students[f"indep{k}"] = {cell: codes[k % len(codes)] for cell, codes in by_cell.items()}
    students["copier"] = {cell: disguised(code) for cell, code in students["indep0"].items()}
    for student, answers in students.items():
        nb = student_notebook(RELEASE, {**ANSWERS, **answers})
        if student == "copier":  # and the answers' cells moved about
            solution_cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
            others = [c for c in nb.cells if c not in solution_cells]
            nb.cells = others[:2] + solution_cells[::-1] + others[2:]
        folder = course.submitted_dir / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / f"{ASSIGNMENT}.ipynb").write_bytes(nbformat.writes(nb).encode())
    pairs, _ = similar_pairs(course, ASSIGNMENT, course.root / "similarity")
    assert {pairs[0].first, pairs[0].second} == {"copier", "indep0"}, pairs[:3]
    independent = [p for p in pairs if "copier" not in (p.first, p.second)]
    assert pairs[0].score > 0.8 and max(p.score for p in independent) < pairs[0].score - 0.3, pairs


# ---------------------------------------------------------------- a coordinator killed mid-batch

def descendants(pid: int) -> set[int]:
    """Every process below ``pid``, from /proc."""
    children = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            ppid = int(re.search(r"PPid:\s+(\d+)", status.read_text())[1])
        except (OSError, TypeError):
            continue
        children.setdefault(ppid, set()).add(int(status.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in state


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds:g} s for {what}")


def test_killing_the_coordinator_leaves_no_worker_and_a_rerun_grades_only_the_rest(course):
    slow = student_notebook(RELEASE, ANSWERS)
    slow.cells.insert(3, nbformat.v4.new_code_cell("import time\ntime.sleep(4)"))
    for k in range(8):
        folder = course.submitted_dir / f"s{k}" / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / f"{ASSIGNMENT}.ipynb").write_bytes(notebook_bytes(slow))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    coordinator = subprocess.Popen([sys.executable, "-m", "grading", "--course", str(course.root), "autograde",
                                    ASSIGNMENT, "--jobs", "2", "--no-progress"], env=env, cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = course.results_path(ASSIGNMENT)
    wait_for(lambda: results.exists() and len(json.loads(results.read_text())) >= 2, 240, "two results")
    below = descendants(coordinator.pid)
    assert len(below) >= 2, "the workers were not found"
    coordinator.send_signal(signal.SIGKILL)
    coordinator.wait()
    wait_for(lambda: not any(alive(p) for p in below), 30, f"the workers {sorted(below)} to stop")
    done = json.loads(results.read_text())
    assert 2 <= len(done) < 8, "every submission was graded before the kill: the test proves nothing"
    rows = {r["student_id"]: r for r in csv.DictReader(open(export_csv(course), encoding="utf-8"))}
    for k in range(8):
        expected = "20" if f"s{k}" in done else ""
        assert rows[f"s{k}"][ASSIGNMENT] == expected, rows[f"s{k}"]
        if f"s{k}" not in done:
            assert "not graded yet" in rows[f"s{k}"]["notes"] and "no submission" not in rows[f"s{k}"]["notes"]
    graded_at = {s: (course.autograded_dir / s / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").stat().st_mtime_ns for s in done}
    rerun = autograde(course, ASSIGNMENT, jobs=2, progress=False)
    assert [r.final for r in rerun] == [20] * 8
    assert {s: (course.autograded_dir / s / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").stat().st_mtime_ns
            for s in done} == graded_at, "a submission graded before the kill was graded again"
