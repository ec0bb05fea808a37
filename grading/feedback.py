"""Per-student feedback pages that show what failed and never the hidden tests.

nbgrader's ``generate_feedback`` renders the autograded notebook as it is, hidden tests included
(jupyter/nbgrader#917). Here each test cell keeps only its public lines (what the student already
saw); the region between nbgrader's hidden-test markers becomes one comment line, and an error
output keeps only its last line (``AssertionError: ...``), since a traceback quotes the code that
raised, hidden or not. Each page starts with a table of the parts, their points and the reason a
part lost them. Pages go to nbgrader's ``feedback/<student>/<assignment>/<notebook>.html``.
"""

from __future__ import annotations

import copy
import html
import re

import nbformat

from . import problems
from .cells import is_test_cell
from .course import Course
from .i18n import N_, _, current_language, language, translate
from .verdict import FAILED_PART
from .worker import late_note

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
HIDDEN_NOTE = N_("# (hidden tests: not shown)")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_hidden(source: str) -> str:
    """``source`` with every hidden-test region replaced by one comment line (an unclosed one runs to the end)."""
    out, hidden = [], False
    for line in source.splitlines():
        if line.strip() == BEGIN:
            hidden = True
            out.append(line[: len(line) - len(line.lstrip())] + translate(HIDDEN_NOTE))
        elif line.strip() == END:
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


def error_summary(output) -> str:
    """``ename: evalue`` of an error output, without the traceback or colour codes."""
    return ANSI.sub("", f"{output.get('ename', 'Error')}: {output.get('evalue', '')}").strip().rstrip(":")


def feedback_notebook(autograded, grades: dict[str, tuple[float, float]], *, titles: dict[str, str] | None = None):
    """A copy of the autograded notebook fit to show the student, and its table of parts.

    Each row is (the part's title from ``titles``, else its grade id; score; points; why points were
    lost: the verdict, without the error's name and the title it repeats).
    """
    titles = titles or {}
    nb = copy.deepcopy(autograded)
    rows = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code":
            continue
        cell.source = strip_hidden(cell.source)
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        for o in errors:
            o["traceback"] = [error_summary(o)]
        if is_test_cell(cell):
            score, points = grades.get(meta["grade_id"], (0.0, float(meta.get("points", 0))))
            title = translate(titles.get(meta["grade_id"], meta["grade_id"]))
            why = _reason(errors[-1], title) if errors else ""
            rows.append((title, score, points, why))
    return nb, rows


def _reason(error, title: str) -> str:
    """Why a part lost points: the verdict's text, without the name of the error and the part's title."""
    reason = error_summary(error)
    if error.get("ename") == FAILED_PART:
        reason = reason.removeprefix(f"{FAILED_PART}: ").removeprefix(f"{title}: ")
    return reason


TABLE_STYLE = ("<style>table.grading-parts{border-collapse:collapse;margin:1em 0}"
               ".grading-parts th,.grading-parts td{border:1px solid #ccc;padding:.4em .8em;text-align:left;"
               "vertical-align:top}.grading-parts td:nth-child(2){white-space:nowrap}</style>")


def _header(student, assignment, rows, penalty: float = 0.0, late: str = "") -> str:
    total, points = sum(r[1] for r in rows), sum(r[2] for r in rows)
    body = "".join(
        f"<tr><td>{html.escape(gid)}</td><td>{score:g} / {pts:g}</td><td>{html.escape(why)}</td></tr>"
        for gid, score, pts, why in rows)
    score = _("Score: {score:g} / {points:g}").format(score=max(0.0, total - penalty), points=points)
    if penalty:
        score += " " + _("({total:g} for the parts, less a late penalty of {penalty:g})").format(total=total,
                                                                                              penalty=penalty)
    lateness = f"<p>{html.escape(late)}</p>" if late else ""
    title = _("{assignment}: feedback for {student}").format(assignment=assignment, student=student)
    columns = "".join(f"<th>{html.escape(name)}</th>" for name in (_("part"), _("points"), _("why points were lost")))
    return (f"<h1>{html.escape(title)}</h1><p><strong>{html.escape(score)}</strong></p>{lateness}"
            f"{TABLE_STYLE}<table class='grading-parts'><tr>{columns}</tr>{body}</table><hr>")


def _after_body_tag(page: str, text: str) -> str:
    """``page`` with ``text`` inserted right after its opening ``<body ...>`` tag (unchanged if it has none)."""
    match = re.search(r"<body[^>]*>", page)
    return page if match is None else page[:match.end()] + text + page[match.end():]


def _unreadable_page(student: str, assignment: str, name: str, notes: list[str], points: float) -> str:
    """The page of a submission that could not be read as a notebook: why, and what to submit instead."""
    why = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    title = _("{assignment}: feedback for {student}").format(assignment=assignment, student=student)
    score = _("Score: {score:g} / {points:g}").format(score=0, points=points)
    unread = _("The file submitted as {name}.ipynb could not be read as a Jupyter notebook, so none of its parts "
               "was graded:").format(name=name)
    advice = _("Submit the .ipynb file itself, as Jupyter saves it (in JupyterLab: File → Download), not a PDF, a "
               "screenshot, a renamed file or a copy that was cut short; open it in Jupyter once before you submit "
               "it.")
    return f"""<!DOCTYPE html>
<html lang="{current_language()}"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>
<body data-grading-feedback style="font-family:sans-serif;max-width:50em;margin:2em auto">
<h1>{html.escape(title)}</h1>
<p><strong>{html.escape(score)}</strong></p>
<p>{html.escape(unread)}</p><ul>{why}</ul>
<p>{html.escape(advice)}</p>
</body></html>
"""


def generate_feedback(course: Course, assignment: str, *, students=None) -> list:
    """Write the feedback pages of ``students`` (default: every submission), in the course's language
    (``c.Grading.language``); returns their paths."""
    with language(course.language):
        return _write_pages(course, assignment, students)


def _write_pages(course: Course, assignment: str, students) -> list:
    from nbconvert import HTMLExporter
    from nbgrader.api import MissingEntry

    notebooks = course.require_assignment(assignment)
    checks = problems.load(assignment)
    titles = {part.grade_id: part.title for part in checks.PARTS} if checks else {}
    exporter = HTMLExporter(template_name="classic")
    results = course.results(assignment)
    written = []
    with course.gradebook() as gb:
        points = {nb.name: float(nb.max_score) for nb in gb.find_assignment(assignment).notebooks}
        for student in sorted(students or course.submissions(assignment)):
            result = results.get(student, {})
            for name in notebooks:
                path = course.autograded_dir / student / assignment / f"{name}.ipynb"
                out = course.feedback_dir / student / assignment / f"{name}.html"
                if result.get("status") == "unreadable":
                    notes = [n for n in result.get("notes", []) if n.startswith(f"{name}.ipynb")]
                    if notes:
                        out.parent.mkdir(parents=True, exist_ok=True)
                        out.write_text(_unreadable_page(student, assignment, name, notes, points[name]))
                        written.append(out)
                    continue
                if not path.exists():
                    continue
                try:
                    submission = gb.find_submission_notebook(name, assignment, student)
                    grades = {g.name: (float(g.score), float(g.max_score)) for g in submission.grades}
                    penalty = float(submission.late_submission_penalty or 0.0)
                except MissingEntry:  # not graded: every part shows 0
                    grades, penalty = {}, 0.0
                seconds_late = float(result.get("seconds_late", 0.0))
                late = late_note(seconds_late, penalty) if seconds_late > 0 else ""
                nb, rows = feedback_notebook(nbformat.read(path, as_version=4), grades, titles=titles)
                body, _resources = exporter.from_notebook_node(nb)
                body = body.replace("<body", "<body data-grading-feedback", 1)
                body = _after_body_tag(body, _header(student, assignment, rows, penalty, late))
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(body)
                written.append(out)
    return written
