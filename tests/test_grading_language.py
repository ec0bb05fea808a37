"""The grader and the public checks in the course's language: every sentence a student reads exists in
English and Korean.

* the catalogues (grading/locales/ko/, nnkit/locales/ko/) hold exactly the sentences the code and the
  notebooks mark, each translated, with the same placeholders;
* in Korean, every part's title, hint and input description of the six problem sets reads in Korean;
* a wrong submission graded with ``c.Grading.language = "ko"`` gets a Korean feedback page that names the
  part and the input; with "en", the same page in English; the autograde summary follows the setting.
"""

from __future__ import annotations

import collections
import html
import re

import nbformat
import numpy as np
import pytest
from babel.messages.pofile import read_po
from conftest import ROOT

from grading import i18n, problems
from grading.autograde import autograde, summary
from grading.course import Course, GradingSetupError
from grading.demo import make_course
from grading.feedback import generate_feedback
from grading.messages import MESSAGES, say
from grading.synthetic import notebook_bytes, solution_answers, student_notebook

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())


def read_catalogue(path):
    with open(path, "rb") as f:
        return [m for m in read_po(f) if m.id]


CATALOGUES = {str(path.relative_to(i18n.REPO)): sentences for path, sentences in i18n.targets("ko")}


@pytest.mark.parametrize("catalogue", list(CATALOGUES))
def test_each_catalogue_holds_every_marked_sentence_translated_with_the_same_placeholders(catalogue):
    marked = set(CATALOGUES[catalogue])
    messages = read_catalogue(i18n.REPO / catalogue)
    ids = {m.id for m in messages}
    assert not marked - ids, f"not in {catalogue} (run python -m grading.i18n): {sorted(marked - ids)[:5]}"
    assert not ids - marked, f"{catalogue} holds sentences the code no longer has: {sorted(ids - marked)[:5]}"
    for m in messages:
        assert m.string and not m.fuzzy, f"{catalogue}: no Korean for {m.id!r}"
        assert HANGUL.search(m.string), f"{catalogue}: {m.string!r} is not Korean"
        assert collections.Counter(i18n.placeholders(m.string)) == collections.Counter(i18n.placeholders(m.id)), \
            f"{catalogue}: the placeholders of {m.id!r} and {m.string!r} differ"


@pytest.mark.parametrize("folder", [i18n.LOCALES, i18n.NNKIT_LOCALES], ids=["grading", "nnkit"])
def test_a_sentence_in_two_catalogues_has_one_translation(folder):
    """The catalogues of a folder are read as one table: a sentence they share must not change with the order."""
    seen = {}
    for path in sorted((folder / "ko" / "LC_MESSAGES").glob("*.po")):
        for m in read_catalogue(path):
            first = seen.setdefault(m.id, (path.name, m.string))
            assert first[1] == m.string, f"{m.id!r}: {first[0]} says {first[1]!r}, {path.name} says {m.string!r}"


def test_no_sentence_is_marked_inside_an_f_string_where_extraction_cannot_see_it():
    import ast

    for path in [p for paths in i18n.sources().values() for p in paths]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.JoinedStr):
                calls = [c for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
                         and c.func.id in ("_", "N_") and c.args and isinstance(c.args[0], ast.Constant)]
                assert not calls, f"{path.name}:{node.lineno}: a marked sentence inside an f-string"


def test_every_message_template_has_its_korean_and_fills_with_the_same_values():
    values = {"part": "Part 1: sigmoid", "case": "z", "function": "f", "points": 2.0, "error": "ValueError",
              "text": "t", "seconds": 3.0, "called": "nnkit.f", "position": 1, "where": "", "advice": "a",
              "index": (0,), "before": 1.0, "after": 2.0, "problem": "p", "hint": "h", "reason": "r",
              "shape": (2,), "dtype": "float64", "items": "", "label": "x", "got": 1.0, "expected": 1.0,
              "keys": ["W"], "kind": "tuple", "n": 2, "value": "nan"}
    for key in MESSAGES:
        english = say(key, **values)
        with i18n.language("ko"):
            korean = say(key, **values)
        assert korean != english and HANGUL.search(korean), key


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_title_hint_and_input_description_reads_in_korean(assignment):
    module = problems.load(assignment)
    with i18n.language("ko"):
        for part in module.PARTS:
            sentences = [i18n.translate(part.title)] + [i18n.translate(hint) for _wrong, hint in part.hints]
            sentences += [case.description for case in part.cases(np.random.default_rng(0))]
            sentences += [i18n.translate(text) for text in (part.in_place_advice, part.new_array) if text]
            for sentence in sentences:
                assert HANGUL.search(sentence), f"{assignment} {part.grade_id}: {sentence!r} is not in Korean"
    with i18n.language("en"):
        assert not any(HANGUL.search(case.description) for part in module.PARTS
                       for case in part.cases(np.random.default_rng(0)))


def test_a_language_the_grader_does_not_speak_is_refused_naming_the_ones_it_does(tmp_path):
    folder = make_course(tmp_path / "course", ("ps1_forward",))
    config = folder / "nbgrader_config.py"
    config.write_text(config.read_text() + '\nc.Grading.language = "kr"\n')
    with pytest.raises(GradingSetupError, match=r"'kr': expected one of 'en', 'ko'"):
        Course(folder)


WRONG = {"ps1_forward": ("sigmoid", "return 1.0 / (1.0 + np.exp(z))", "test_sigmoid"),
         "ps2_backprop": next((cell, code, part) for _name, cell, code, part in problems.load("ps2_backprop").MISTAKES)}


@pytest.fixture(scope="module")
def graded_twice(tmp_path_factory):
    """One course, one wrong submission per problem set, graded and given feedback in Korean, then in English."""
    folder = make_course(tmp_path_factory.mktemp("lang") / "course", tuple(WRONG))
    config = folder / "nbgrader_config.py"
    base = config.read_text()
    for assignment, (cell, code, _part) in WRONG.items():
        release = nbformat.read(folder / "exercises" / assignment / f"{assignment}.ipynb", as_version=4)
        answers = solution_answers(nbformat.read(folder / "solutions" / assignment / f"{assignment}.ipynb",
                                                 as_version=4))
        target = folder / "submitted" / "kim" / assignment / f"{assignment}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_bytes(notebook_bytes(student_notebook(release, answers, changes={cell: code})))
    pages = {}
    for code in ("ko", "en"):
        config.write_text(base + f'\nc.Grading.language = "{code}"\n')
        course = Course(folder)
        for assignment in WRONG:
            results = autograde(course, assignment, jobs=1, force=True, progress=False)
            assert [r.status for r in results] == ["graded"]
            with i18n.language(course.language):
                pages[code, "summary", assignment] = summary(results)
            [page] = generate_feedback(course, assignment)
            pages[code, assignment] = html.unescape(page.read_text())
    return pages


@pytest.mark.parametrize("assignment", list(WRONG))
def test_a_wrong_submission_graded_in_korean_gets_korean_feedback_naming_the_part_and_the_input(graded_twice,
                                                                                               assignment):
    part = next(p for p in problems.load(assignment).PARTS if p.grade_id == WRONG[assignment][2])
    with i18n.language("ko"):
        title = i18n.translate(part.title)
    page = graded_twice["ko", assignment]
    assert title.startswith("문항 ") and f"{title}: 입력 " in page, "the verdict names the part and the input"
    header = page.split("<hr>")[0]
    assert "점수: " in header and "kim 학생의 피드백" in header and "<th>문항</th>" in header
    assert f"<td>{title}</td>" in header and part.title not in header, "the table names the part in Korean"
    summary_text = graded_twice["ko", "summary", assignment]
    assert summary_text.startswith("학생") and "채점됨" in summary_text


@pytest.mark.parametrize("assignment", list(WRONG))
def test_the_same_submission_graded_in_english_gets_the_english_page(graded_twice, assignment):
    part = next(p for p in problems.load(assignment).PARTS if p.grade_id == WRONG[assignment][2])
    page = graded_twice["en", assignment]
    assert f"{part.title}: on " in page and "Score: " in page and "feedback for kim" in page
    assert not HANGUL.search(page.split("<hr>")[0]), "the English header has no Korean"
    assert graded_twice["en", "summary", assignment].startswith("student")


def test_the_korean_hint_for_a_typical_mistake_is_the_one_the_english_page_gives(graded_twice):
    part = next(p for p in problems.load("ps1_forward").PARTS if p.grade_id == "test_sigmoid")
    hint = part.hints[0][1]
    assert f"Hint: {hint}" in graded_twice["en", "ps1_forward"]
    with i18n.language("ko"):
        korean = i18n.translate(hint)
    assert korean != hint and f"힌트: {korean}" in graded_twice["ko", "ps1_forward"]
