"""Synthetic student submissions for problem set 1 (``ps1_forward``), as an LMS would hand them over.

The instructor demo (``make grade-demo``) and the tests of the autograding pipeline need a class's worth
of submissions whose fair grade is known in advance. :func:`make_submissions` builds a
class of them from the release notebook, the way students would: a correct student replaces each
``# YOUR CODE HERE`` stub with the body of the matching solution region (cells matched by
``metadata.nbgrader.grade_id``; hidden tests are never copied). The others are variations on that:

* ``correct``: right answers (one with cells of its own, one late, one with a renamed file);
* ``partial``: one typical mistake each (``grading/problems/ps1_forward.py``), unanswered parts, ...;
* ``broken``: the untouched release, a syntax error, truncated JSON, a file that is not a notebook;
* ``hostile``: hangs, a dying kernel, floods, tampering with NumPy / the test helpers / builtins /
  IPython's error display, reads and writes outside the student's folder, network access, and edited,
  deleted, duplicated, re-typed or invented grade cells. Tampering gains nothing: the parts are graded
  outside the kernel, on what the student's functions return.

Each :class:`Submission` says what a fair grader must give (``expected``):

* ``"full"`` / ``"zero"`` / ``"partial"``: all, none or some of the points, as honest grading of the
  student's answers gives (a hang or a flood in a cell of its own costs nothing once interrupted or
  trimmed; a dead kernel costs the parts after it).

File names follow Canvas's bulk download, ``{student}_{id}_{id}_{file}`` (``{student}_LATE_...`` for a
late one), so student ids are alphanumeric. Everything is deterministic: the same inputs give the
same bytes.
"""

from __future__ import annotations

import copy
import random
import re
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .cells import grade_id, is_solution

NOTEBOOK = "ps1_forward.ipynb"
STUB = re.compile(r"^([ \t]*)# YOUR CODE HERE\n[ \t]*raise NotImplementedError\(\)[ \t]*$", re.MULTILINE)
SOLUTION = re.compile(r"^[ \t]*### BEGIN SOLUTION[ \t]*\n(.*?)^[ \t]*### END SOLUTION[ \t]*$", re.MULTILINE | re.DOTALL)
KEEP_STUB = None  # an answer that leaves the release's stub in place

# Cheap answers of the right shape and type: wrong, but they pass the tests if the comparisons are rigged.
ZEROS = "return np.zeros(np.shape(z))"
LAZY = {"sigmoid": ZEROS, "relu": ZEROS, "leaky_relu": ZEROS, "softmax": ZEROS,
        "dense_forward": "return np.zeros((np.shape(x)[0], np.shape(W)[1]))",
        "two_layer_forward": "return np.zeros((np.shape(x)[0], np.shape(W2)[1]))",
        "mse": "return 0.0", "cross_entropy": "return 0.0"}
HELPER_MARKDOWN = "My own helper for part 8: the log-sum-exp of each row, so that `cross_entropy` stays short."
HELPER_CODE = '''def logsumexp(z):
    """log(sum(exp(z))) of each row of z, computed without overflow."""
    m = z.max(axis=1, keepdims=True)
    return m + np.log(np.exp(z - m).sum(axis=1, keepdims=True))'''
HELPER_CROSS_ENTROPY = """z = np.asarray(logits, dtype=float)
log_p = z - logsumexp(z)
return float(-np.mean(log_p[np.arange(len(z)), labels]))"""
PATCH_NUMPY = """import numpy as np
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.isclose = lambda a, *r, **k: np.ones(np.shape(a), dtype=bool)"""
PATCH_HELPERS = """import nnkit.exercise as ex
ex.public_checks_passed = lambda *a, **k: print('all checks passed')
public_checks_passed = ex.public_checks_passed"""
PATCH_BUILTINS = """import builtins
builtins.abs = lambda x: 0.0
builtins.AssertionError = type('AssertionError', (Exception,), {})"""
PATCH_TRACEBACK = """ip = get_ipython()
ip.showtraceback = lambda *a, **k: None
ip._showtraceback = lambda *a, **k: None"""
READ_OUTSIDE = """for path, mode in [('../../../solutions/ps1_forward/ps1_forward.ipynb', 'r'),
                   ('../../../gradebook.db', 'rb')]:
    try:
        with open(path, mode) as f:
            data = f.read()
        print('READ', path, len(data), 'bytes; solution regions:', 'BEGIN ' + 'SOLUTION' in str(data))
    except Exception as e:
        print('cannot read', path, type(e).__name__)"""
WRITE_OUTSIDE = """for path in ['../../s01correct/ps1_forward/ps1_forward.ipynb', '../../../gradebook.db',
             '../../../HACKED.txt']:
    try:
        with open(path, 'a') as f:
            f.write('HACKED')
        print('WROTE', path)
    except Exception as e:
        print('cannot write', path, type(e).__name__)"""
NETWORK = """import urllib.request
try:
    reply = urllib.request.urlopen('http://example.com', timeout=3)
    print('NETWORK reached:', reply.status)
except Exception as e:
    print('no network:', type(e).__name__)"""
FAKE_GRADE = {"grade": True, "grade_id": "bonus", "locked": False, "points": 100, "schema_version": 3,
              "solution": False, "task": False}


@dataclass(frozen=True)
class Submission:
    student: str          # student id, alphanumeric, e.g. "s01correct"
    kind: str             # "correct" | "partial" | "broken" | "hostile"
    description: str      # one line, what this submission does
    expected: str         # what a fair grader must give: "full", "zero" or "partial"
    lms_name: str         # file name as an LMS download would name it
    content: bytes        # the file's bytes (usually notebook JSON; may be invalid on purpose)
    user_id: str = ""     # the LMS's id of the student, in lms_name: the student id once collected


def index_of(nb, gid: str) -> int:
    """Position of the cell with grade_id ``gid``."""
    return next(k for k, cell in enumerate(nb.cells) if grade_id(cell) == gid)


def solution_answers(solution) -> dict[str, str]:
    """The dedented code of each solution cell's solution region, by grade_id."""
    return {grade_id(cell): textwrap.dedent(SOLUTION.search(cell.source).group(1)).rstrip("\n")
            for cell in solution.cells if is_solution(cell)
            and SOLUTION.search(cell.source)}


def fill(source: str, code: str) -> str:
    """``source`` with its ``# YOUR CODE HERE`` stub replaced by ``code``, indented like the stub."""
    match = STUB.search(source)
    body = "\n".join(match.group(1) + line if line.strip() else "" for line in code.splitlines())
    return source[:match.start()] + body + source[match.end():]


def student_notebook(release, answers: dict[str, str], *, changes: dict[str, str | None] | None = None):
    """A copy of the release, outputs cleared, each solution cell answered (``changes`` overrides
    ``answers``; an answer of :data:`KEEP_STUB` leaves the stub)."""
    nb, changes = copy.deepcopy(release), changes or {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        gid = grade_id(cell)
        code = changes.get(gid, answers.get(gid)) if gid in answers else KEEP_STUB
        if code is not KEEP_STUB and STUB.search(cell.source):
            cell.source = fill(cell.source, code)
    return nb


def new_cell(source: str, cell_id: str, *, kind: str = "code"):
    """A new cell with a fixed id (nbformat's own ids are random; these keep the output reproducible)."""
    cell = nbformat.v4.new_code_cell(source) if kind == "code" else nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id
    return cell


def insert(nb, position: int, *cells):
    """``nb`` with ``cells`` inserted at ``position``."""
    nb.cells[position:position] = list(cells)
    return nb


def notebook_bytes(nb) -> bytes:
    """The notebook as a student's file, after checking that it is a valid nbformat 4 notebook."""
    nbformat.validate(nb)
    return nbformat.writes(nb).encode("utf-8") + b"\n"


def user_id(number: int) -> str:
    """The Canvas user id of synthetic student ``number``."""
    return str(104857 + 37 * number)


def lms_name(student: str, number: int, filename: str, *, late: bool = False) -> str:
    """Canvas's name for a downloaded attachment: name, LATE_ if late, user and attachment ids, original name."""
    return f"{student}{'_LATE' if late else ''}_{user_id(number)}_{2281 + 11 * number}_{filename}"


def not_a_notebook() -> bytes:
    """A PNG signature and header followed by fixed pseudo-random bytes."""
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(20240901).randbytes(2048)


def load_mutations() -> list[tuple[str, str, str, str]]:
    """The typical wrong answers of ps1_forward (description, cell, code, test): grading/problems/ps1_forward.py."""
    from .problems import ps1_forward

    return ps1_forward.MISTAKES


def correct_entries(release, answers):
    """(slug, kind, expected, description, content, filename, late) of the correct submissions."""
    good = notebook_bytes(student_notebook(release, answers))
    helper = student_notebook(release, answers, changes={"cross_entropy": HELPER_CROSS_ENTROPY})
    insert(helper, index_of(helper, "cross_entropy"), new_cell(HELPER_MARKDOWN, "own-helper-text", kind="markdown"),
           new_cell(HELPER_CODE, "own-helper-code"))
    return [
        ("correct", "correct", "full", "every part right", good, NOTEBOOK, False),
        ("correct", "correct", "full", "every part right (a second, identical notebook)", good, NOTEBOOK, False),
        ("correcthelper", "correct", "full", "every part right; adds a markdown cell and a logsumexp helper "
         "cell that its cross_entropy uses", notebook_bytes(helper), NOTEBOOK, False),
        ("late", "correct", "full", "every part right, submitted late (Canvas LATE name)", good, NOTEBOOK, True),
        ("renamed", "correct", "full", "every part right, file renamed to 'ps1_forward (1).ipynb'", good,
         "ps1_forward (1).ipynb", False),
    ]


def partial_entries(release, answers):
    """One submission per typical mistake, and one that leaves parts 7 and 8 unanswered."""
    entries, seen = [], {}
    for description, gid, code, test in load_mutations():
        tag = gid.replace("_", "")
        seen[tag] = seen.get(tag, 0) + 1
        slug = f"mut{tag}{seen[tag] if seen[tag] > 1 else ''}"
        nb = student_notebook(release, answers, changes={gid: code})
        entries.append((slug, "partial", "partial", f"{gid}: {description} (only {test} fails)",
                        notebook_bytes(nb), NOTEBOOK, False))
    nb = student_notebook(release, answers, changes={"mse": KEEP_STUB, "cross_entropy": KEEP_STUB})
    entries.append(("unanswered78", "partial", "partial", "parts 7 and 8 left as the stub", notebook_bytes(nb),
                    NOTEBOOK, False))
    return entries


def broken_entries(release, answers):
    """The untouched release, a syntax error, truncated JSON and a file that is not a notebook."""
    good = notebook_bytes(student_notebook(release, answers))
    syntax = student_notebook(release, answers, changes={"mse": "return float(np.mean((y_hat - y) ** 2)"})
    return [
        ("untouched", "broken", "zero", "the release as downloaded, nothing answered",
         notebook_bytes(student_notebook(release, {})), NOTEBOOK, False),
        ("syntaxerror", "broken", "partial", "a SyntaxError (missing parenthesis) in mse, the rest right",
         notebook_bytes(syntax), NOTEBOOK, False),
        ("invalidjson", "broken", "zero", "a correct notebook cut in half: not valid JSON",
         good[:len(good) // 2], NOTEBOOK, False),
        ("notanotebook", "broken", "zero", "PNG bytes saved as ps1_forward.ipynb", not_a_notebook(), NOTEBOOK,
         False),
    ]


def with_extra(release, answers, changes, source, *, before=None):
    """A student notebook with one extra code cell after the setup cell (or before grade_id ``before``)."""
    nb = student_notebook(release, answers, changes=changes)
    position = index_of(nb, before) if before else index_of(nb, "setup") + 1
    return insert(nb, position, new_cell(source, "extra-cell"))


def tampered_grade_cells(release, answers):
    """Notebooks whose grade cells were edited, deleted, duplicated, re-typed or invented."""
    edited = student_notebook(release, answers, changes={"sigmoid": KEEP_STUB})
    edited.cells[index_of(edited, "test_sigmoid")].source = "pass"
    deleted = student_notebook(release, answers, changes={"sigmoid": KEEP_STUB})
    del deleted.cells[index_of(deleted, "test_sigmoid")]
    duplicated = student_notebook(release, answers)
    copy_cell = copy.deepcopy(duplicated.cells[index_of(duplicated, "test_relu")])
    copy_cell.id, copy_cell.source = "test-relu-copy", "pass"
    insert(duplicated, index_of(duplicated, "test_relu") + 1, copy_cell)
    retyped = student_notebook(release, answers, changes={"relu": KEEP_STUB})
    old = retyped.cells[index_of(retyped, "test_relu")]
    markdown = new_cell(old.source, old.id, kind="markdown")
    markdown.metadata = old.metadata
    retyped.cells[index_of(retyped, "test_relu")] = markdown
    fake = student_notebook(release, answers, changes={"softmax": KEEP_STUB})
    bonus = new_cell("pass", "bonus-cell")
    bonus.metadata["nbgrader"] = dict(FAKE_GRADE)
    insert(fake, index_of(fake, "test_softmax") + 1, bonus)
    return [
        ("hostileeditedtest", "partial", "sigmoid stub; test_sigmoid's source replaced by `pass`", edited),
        ("hostiledeletedtest", "partial", "sigmoid stub; test_sigmoid cell deleted", deleted),
        ("hostileduplicatetest", "full", "every part right; test_relu duplicated, the copy is `pass`",
         duplicated),
        ("hostileretypedtest", "partial", "relu stub; test_relu turned into a markdown cell", retyped),
        ("hostilebonuscell", "partial", "softmax stub; adds a code cell posing as a 100-point grade cell "
         "'bonus'", fake),
    ]


def hostile_entries(release, answers):
    """Submissions that attack the grader: resources, integrity, isolation and the grade cells."""
    lazy, stubs = LAZY, {gid: KEEP_STUB for gid in answers}
    nnkit_calls = {"relu": "return nk.functional.relu(z)", "softmax": "return nk.functional.softmax(z, axis=1)"}
    loop_in_function = {"cross_entropy": "while True:\n    pass"}
    specs = [
        ("hostileloop", "full", "every part right; a `while True: pass` cell before the last test cell "
         "(interrupted at the cell timeout, the last test still passes)", {}, "while True:\n    pass",
         "test_cross_entropy"),
        ("hostileloopintest", "partial", "cross_entropy never returns (infinite loop): its test cell times "
         "out, the other parts pass", loop_in_function, None, None),
        ("hostileexit", "partial", "every part right; `os._exit(1)` before the last test cell kills the kernel",
         {}, "import os\nos._exit(1)", "test_cross_entropy"),
        ("hostilememory", "full", "every part right; a cell allocating 64 GiB (fails with MemoryError)", {},
         "x = bytearray(64 * 1024**3)", None),
        ("hostileoutput", "full", "every part right; a cell printing 10**7 lines", {},
         "for i in range(10**7):\n    print('spam' * 20)", None),
        ("hostilenumpy", "zero", "zero-filled answers; makes np.allclose, np.array_equal and np.isclose "
         "always agree (the values are compared outside the kernel)", lazy, PATCH_NUMPY, None),
        ("hostilehelpers", "partial", "relu and softmax call nnkit; replaces nnkit.exercise's public_checks_passed "
         "with a fake (the calls are still seen: those two parts score 0)", nnkit_calls, PATCH_HELPERS, None),
        ("hostilebuiltins", "zero", "zero-filled answers; replaces builtins.abs and builtins.AssertionError",
         lazy, PATCH_BUILTINS, None),
        ("hostiletraceback", "zero", "stubs; silences IPython's showtraceback so errors leave no output",
         stubs, PATCH_TRACEBACK, None),
        ("hostilereadoutside", "full", "every part right; tries to read the solutions and the gradebook",
         {}, READ_OUTSIDE, None),
        ("hostilewriteoutside", "full", "every part right; tries to append to another student's notebook, "
         "the gradebook and the course folder", {}, WRITE_OUTSIDE, None),
        ("hostilenetwork", "full", "every part right; tries to reach http://example.com", {}, NETWORK, None),
    ]
    entries = [(slug, "hostile", expected, description,
                notebook_bytes(with_extra(release, answers, changes, source, before=before) if source else
                               student_notebook(release, answers, changes=changes)), NOTEBOOK, False)
               for slug, expected, description, changes, source, before in specs]
    entries += [(slug, "hostile", expected, description, notebook_bytes(nb), NOTEBOOK, False)
                for slug, expected, description, nb in tampered_grade_cells(release, answers)]
    return entries


def make_submissions(solution_path, release_path) -> list[Submission]:
    """The synthetic submissions of ps1_forward, numbered s01, s02, ... in a fixed order."""
    solution = nbformat.read(str(solution_path), as_version=4)
    release = nbformat.read(str(release_path), as_version=4)
    answers = solution_answers(solution)
    entries = (correct_entries(release, answers) + partial_entries(release, answers)
               + broken_entries(release, answers) + hostile_entries(release, answers))
    submissions = []
    for number, (slug, kind, expected, description, content, filename, late) in enumerate(entries, 1):
        student = f"s{number:02d}{slug}"
        submissions.append(Submission(student, kind, description, expected,
                                      lms_name(student, number, filename, late=late), content, user_id(number)))
    return submissions


def write_lms_folder(submissions, folder) -> None:
    """Write each submission's content to ``folder/lms_name`` (the folder is created if needed)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for submission in submissions:
        (folder / submission.lms_name).write_bytes(submission.content)


def write_lms_zip(submissions, zip_path) -> None:
    """Write the submissions into one deflated zip archive, as an LMS bulk download (fixed timestamps)."""
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for submission in submissions:
            info = zipfile.ZipInfo(submission.lms_name, date_time=(2024, 9, 1, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, submission.content)
