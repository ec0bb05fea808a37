"""python -m grading: each command-line option reaches the keyword of the same meaning, never a position.

The grading steps themselves are replaced by recorders, so these tests need no course, kernel or gradebook.
"""

from types import SimpleNamespace

import pytest

import grading.__main__ as cli
from grading.course import GradeOptions
from grading.sandbox import NOTEBOOK_TIMEOUT, Limits


class FakeCourse:
    language = "en"
    feedback_dir = "feedback"

    def __init__(self, root=".", *, db_url=None):
        self.root, self.db_url = root, db_url

    def due_date(self, assignment, *, student=None):
        return None

    def grant_extension(self, assignment, student, hours):
        pass


@pytest.fixture
def calls(monkeypatch):
    """step name -> (positional arguments after the course, keyword arguments) of its last call."""
    recorded = {}

    def recorder(name, value):
        def step(*args, **kwargs):
            recorded[name] = (args[1:] if args and isinstance(args[0], FakeCourse) else args, kwargs)
            return value
        return step

    monkeypatch.setattr(cli, "Course", FakeCourse)
    report = SimpleNamespace(ok=True, summary=lambda: "collected")
    for module, name, value in [("autograde", "autograde", []), ("collect", "collect", report),
                                ("feedback", "generate_feedback", []), ("export", "export_csv", "grades.csv"),
                                ("export", "export_canvas", ("canvas.csv", [])),
                                ("similarity", "write_similarity_report", "similarity.html"),
                                ("report", "write_report", "report.html"), ("demo", "run_demo", 0)]:
        monkeypatch.setattr(f"grading.{module}.{name}", recorder(name, value))
    return recorded


def test_autograde_passes_every_option_by_name(calls):
    assert cli.main(["--course", "c", "--db-url", "sqlite:///g.db", "autograde", "ps1_forward", "--jobs", "3",
                     "--student", "a", "--student", "b", "--scheduler", "tcp://127.0.0.1:8786", "--timeout", "7",
                     "--notebook-timeout", "99", "--memory-mb", "512", "--force", "--no-sandbox",
                     "--no-progress"]) == 0
    args, kwargs = calls["autograde"]
    assert args == ("ps1_forward",)
    assert kwargs == {"jobs": 3, "students": ["a", "b"], "scheduler": "tcp://127.0.0.1:8786", "force": True,
                      "progress": False,
                      "options": GradeOptions(sandbox=False, limits=Limits(memory_mb=512), cell_timeout=7,
                                              notebook_timeout=99)}


def test_autograde_defaults_are_the_sandbox_and_the_course_s_timeouts(calls):
    cli.main(["autograde", "ps1_forward"])
    options = calls["autograde"][1]["options"]
    assert options == GradeOptions(limits=Limits(), notebook_timeout=NOTEBOOK_TIMEOUT)
    assert options.sandbox and options.cell_timeout is None


def test_the_other_steps_pass_their_options_by_name(calls):
    cli.main(["collect", "ps1_forward", "download.zip", "--regexp", "(?P<student_id>.+)", "--force"])
    assert calls["collect"] == (("ps1_forward", "download.zip"), {"regexp": "(?P<student_id>.+)", "force": True})
    cli.main(["feedback", "ps1_forward", "--student", "a"])
    assert calls["generate_feedback"] == (("ps1_forward",), {"students": ["a"]})
    cli.main(["similarity", "ps1_forward", "--pairs", "5"])
    assert calls["write_similarity_report"] == (("ps1_forward",), {"shown": 5})
    cli.main(["export", "--output", "grades.csv", "--canvas", "canvas.csv", "--canvas-column",
              "ps1_forward=Problem set 1 (123456)"])
    assert calls["export_canvas"] == (("canvas.csv",), {"columns": {"ps1_forward": "Problem set 1 (123456)"}})
    cli.main(["demo", "--folder", "scratch", "--jobs", "3"])
    assert calls["run_demo"] == (("scratch",), {"jobs": 3})
