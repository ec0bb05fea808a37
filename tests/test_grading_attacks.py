"""Attacks on the grader from inside a student's notebook, for problem sets 1 and 3.

Each attack is a cell put right after the setup cell, written against a grader that runs its tests in
the student's kernel: it rewrites later cells (input and AST transformers), replaces IPython's cell
runner, registers event hooks, patches NumPy and the builtins, traces the interpreter, shadows names,
swallows exceptions, prints each cell's source, and starts a thousand processes. The parts are graded outside the kernel
(grading/execute.py), so none of it may matter:

* with zero-filled or trivial functions, an attack earns at most 10 % of the points;
* with correct functions, the same attack costs nothing: full marks;
* a notebook that starts processes without end is stopped by the sandbox's bound, in its own cell;
* no line of the problem set's checks (grading/problems/<assignment>.py) appears in a feedback page or
  in the outputs of the graded notebook.
"""

import html
import re
from pathlib import Path

import nbformat
import pytest

from grading.autograde import autograde
from grading.course import Course, GradeOptions
from grading.demo import make_course
from grading.feedback import generate_feedback
from grading.synthetic import index_of, insert, new_cell, notebook_bytes, solution_answers, student_notebook

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = ["ps1_forward", "ps3_optimization"]

# What a student who answers nothing of substance writes: right names, right types, wrong values.
TRIVIAL = {
    "ps1_forward": {gid: "return np.zeros(np.shape(z))" for gid in ("sigmoid", "relu", "leaky_relu", "softmax")} | {
        "dense_forward": "return np.zeros((np.shape(x)[0], np.shape(W)[1]))",
        "two_layer_forward": "return np.zeros((np.shape(x)[0], np.shape(W2)[1]))",
        "mse": "return 0.0", "cross_entropy": "return 0.0"},
    "ps3_optimization": {
        "updates_per_epoch": "return 1", "sgd_step": "return float(b)", "batch_gradient": "return 0.0",
        "minibatch_epoch": "return np.full(len(order), float(b))", "exponential_decay": "return float(lr0 * 0.5)",
        "momentum_step": "return w, v", "rmsprop_step": "return w, Eg2", "adam_step": "return w, m, v"},
}

# A test cell is recognised by its call of public_checks_passed (or, for older graders, its asserts).
IS_TEST = "def _is_test(source):\n    return 'public_checks_passed' in source or 'assert ' in source\n"
ATTACKS = {
    "input_transformer": IS_TEST + """
get_ipython().input_transformers_cleanup.append(
    lambda lines: ['pass\\n'] if _is_test(''.join(lines)) else lines)""",
    "ast_transformer": """import ast

class _NoChecks(ast.NodeTransformer):
    def visit_Assert(self, node):
        return ast.Pass()
    def visit_Call(self, node):
        name = getattr(node.func, 'id', getattr(node.func, 'attr', ''))
        if name in ('check_function', 'public_checks_passed', 'grade_part'):
            return ast.Constant(None)
        return self.generic_visit(node)

get_ipython().ast_transformers.append(_NoChecks())""",
    "run_cell": IS_TEST + """
from IPython.core.interactiveshell import ExecutionResult, ExecutionInfo
_shell = get_ipython()
_real_run_cell = _shell.run_cell

def _run_cell(raw_cell, *args, **kwargs):
    if _is_test(raw_cell):
        result = ExecutionResult(ExecutionInfo(raw_cell, False, False, False, None))
        return result
    return _real_run_cell(raw_cell, *args, **kwargs)

_shell.run_cell = _run_cell
_shell.should_run_async = lambda *a, **k: False""",
    "event_hooks": """import sys

def _show_source(info):
    print('CELL SOURCE:', info.raw_cell)

def _fake_success(result):
    result.error_in_exec = None
    print('all checks passed')

get_ipython().events.register('pre_run_cell', _show_source)
get_ipython().events.register('post_run_cell', _fake_success)""",
    "patched_modules": """import builtins
import numpy as np
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.isclose = lambda a, *r, **k: np.ones(np.shape(a), dtype=bool)
np.testing.assert_allclose = lambda *a, **k: None
builtins.abs = lambda x: 0.0
builtins.AssertionError = type('AssertionError', (Exception,), {})""",
    "settrace": IS_TEST + """import linecache
import sys

def _skip_tests(frame, event, arg):
    # in a test cell, jump from its first line to its last: the checks in between never run
    if event != 'call' or frame.f_code.co_name != '<module>':
        return None
    lines = linecache.getlines(frame.f_code.co_filename)
    if not _is_test(''.join(lines)):
        return None
    def jump(frame, event, arg):
        if event == 'line' and frame.f_lineno < len(lines):
            try:
                frame.f_lineno = len(lines)
            except ValueError:
                pass
        return jump
    return jump

sys.settrace(_skip_tests)""",
    "shadowed_names": """import types
public_checks_passed = lambda *a, **k: print('all checks passed')
isinstance = lambda *a: True
abs = lambda x: 0.0
np = types.SimpleNamespace(**{k: getattr(__import__('numpy'), k) for k in dir(__import__('numpy'))
                              if not k.startswith('__')})
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True""",
    "swallowed_exceptions": """get_ipython().set_custom_exc((BaseException,),
                             lambda shell, etype, evalue, tb, tb_offset=None: None)""",
    "processes": """import subprocess
started = []
try:
    for _ in range(1000):
        started.append(subprocess.Popen(['sleep', '60']))
except OSError as error:
    print(f'stopped after {len(started)} processes: {type(error).__name__}')
for process in started:
    process.kill()
    process.wait()""",
    "output_from_hook": """import builtins
_print = builtins.print

def _after(result):
    _print('Part 1: sigmoid: passed (2 of 2 points).')
    _print(open(__file__).read() if '__file__' in globals() else '')

get_ipython().events.register('post_execute', _after)""",
}


def attacked(release, answers, attack: str):
    """The release answered with ``answers`` and the attack cell right after the setup cell."""
    nb = student_notebook(release, answers)
    return insert(nb, index_of(nb, "setup") + 1, new_cell(ATTACKS[attack], "attack-cell"))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Both problem sets, each attack with trivial and with correct functions, graded once."""
    folder = make_course(tmp_path_factory.mktemp("attacks") / "course", ASSIGNMENTS)
    course = Course(folder)
    for assignment in ASSIGNMENTS:
        name = f"{assignment}.ipynb"
        release = nbformat.read(folder / "exercises" / assignment / name, as_version=4)
        correct = solution_answers(nbformat.read(folder / "solutions" / assignment / name, as_version=4))
        for attack in ATTACKS:
            for kind, answers in (("trivial", TRIVIAL[assignment]), ("correct", correct)):
                target = course.submitted_dir / f"{kind}{attack.replace('_', '')}" / assignment
                target.mkdir(parents=True)
                (target / name).write_bytes(notebook_bytes(attacked(release, answers, attack)))
        results = autograde(course, assignment, jobs=4, options=GradeOptions(cell_timeout=20, notebook_timeout=120),
                            progress=False)
        assert {r.status for r in results} == {"graded"}, [(r.student, r.notes) for r in results]
        generate_feedback(course, assignment)
    return course


def _score(course, assignment, student):
    result = course.results(assignment)[student]
    return result["score"], result["max_score"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_an_attack_with_trivial_functions_earns_at_most_a_tenth(graded, assignment, attack):
    score, maximum = _score(graded, assignment, f"trivial{attack.replace('_', '')}")
    assert maximum >= 18 and score <= 0.1 * maximum, f"{attack}: {score} of {maximum}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_an_attack_with_correct_functions_keeps_full_marks(graded, assignment, attack):
    score, maximum = _score(graded, assignment, f"correct{attack.replace('_', '')}")
    assert score == maximum, f"{attack}: {score} of {maximum}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_line_of_the_checks_reaches_feedback_or_graded_outputs(graded, assignment):
    checks = (ROOT / "grading" / "problems" / f"{assignment}.py").read_text().splitlines()
    release = (ROOT / "exercises" / assignment / f"{assignment}.ipynb").read_text()
    secret = {ln.strip() for ln in checks if len(ln.strip()) >= 12 and ln.strip() not in release}
    assert len(secret) > 40
    pages = sorted(graded.feedback_dir.glob(f"*/{assignment}/*.html"))
    assert len(pages) == 2 * len(ATTACKS)
    for page in pages:
        text = html.unescape(page.read_text())
        own = _submitted(graded, page.parent.parent.name, assignment)  # a line the student wrote is theirs to see
        assert not [ln for ln in secret if ln in text and ln not in own], f"{page} shows the checks"
    for notebook in graded.autograded_dir.glob(f"*/{assignment}/*.ipynb"):
        outputs = "".join(str(o) for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"
                          for o in c.outputs)
        own = _submitted(graded, notebook.parent.parent.name, assignment)
        assert not [ln for ln in secret if ln in outputs and ln not in own], f"{notebook} shows the checks"


def _submitted(course, student, assignment):
    return (course.submitted_dir / student / assignment / f"{assignment}.ipynb").read_text()


def test_a_notebook_cannot_start_processes_without_end(graded):
    from grading import processes
    from grading.sandbox import Limits

    if processes.method() == "none":
        pytest.fail("no way to bound a kernel's processes here: run as root with a pids cgroup, or as a user")
    notebook = graded.autograded_dir / "correctprocesses" / "ps1_forward" / "ps1_forward.ipynb"
    cell = next(c for c in nbformat.read(notebook, as_version=4).cells if c.get("id") == "attack-cell")
    printed = "".join(o.get("text", "") for o in cell.outputs)
    started = int(re.search(r"stopped after (\d+) processes", printed).group(1))
    assert 0 < started < Limits.processes, printed
