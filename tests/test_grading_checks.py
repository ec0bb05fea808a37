"""The out-of-process checks without a kernel: problem-set modules, the channel, and the verdicts.

The harness (grading/harness.py) is run here in a thread of the test process, on a namespace of
functions, as it runs in a kernel; the verdicts are those the grader writes into feedback.
"""

import functools
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest
from regions import mutate

import nnkit as nk
from grading import problems
from grading.channel import Channel, Unreadable, read_answer
from grading.verdict import grade_part, judge
from nnkit.selfcheck import SELF_CHECK_CELL

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "grading"))
from harness import Harness, encode  # noqa: E402  (a script in the kernel, a module here)

CONVERTED = sorted(p.stem for p in (ROOT / "grading" / "problems").glob("ps*.py"))


CHANNELS = tempfile.TemporaryDirectory(prefix="grading-checks-")  # removed when the tests end


def serve(namespace):
    """A harness answering requests on ``namespace`` in a daemon thread; returns its channel."""
    channel = Channel.create(parent=CHANNELS.name)
    harness = Harness(str(channel.inbox), str(channel.outbox), namespace)
    threading.Thread(target=harness.serve, daemon=True).start()
    return channel


SEED = 12345  # the seed of every part's inputs here, as part_seed gives one per student and part when graded


def run(part, namespace, seconds=20.0):
    channel = serve(namespace)
    return grade_part(part, channel, SEED, time.monotonic() + seconds, lambda: True)


def notebook_cells(assignment):
    return nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4).cells


def solution_namespace(assignment, cells=None):
    """The solution notebook's code cells (tests and the self-check left out) run in one namespace, as a
    kernel would when graded: a part's data cell runs its grading version for ``SEED``."""
    namespace = {}
    data_cells = problems.data_cells(problems.load(assignment).PARTS)
    for cell in cells or notebook_cells(assignment):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and not meta.get("grade") and meta.get("grade_id") != SELF_CHECK_CELL:
            part = data_cells.get(meta.get("grade_id"))
            source = problems.graded_source(part, SEED) if part else cell.source
            exec(compile(source, meta.get("grade_id", "cell"), "exec"), namespace)  # noqa: S102
    return namespace


@pytest.mark.parametrize("assignment", CONVERTED)
def test_every_test_cell_has_its_part_with_the_same_title_and_points(assignment):
    parts = {part.grade_id: part for part in problems.load(assignment).PARTS}
    tests = [c for c in notebook_cells(assignment) if c.metadata.get("nbgrader", {}).get("grade")
             and not c.metadata["nbgrader"].get("solution")]
    assert [c.metadata["nbgrader"]["grade_id"] for c in tests] == list(parts)
    for cell in tests:
        part = parts[cell.metadata["nbgrader"]["grade_id"]]
        assert cell.metadata["nbgrader"]["points"] == part.points
        assert re.search(r'public_checks_passed\("([^"]+)"\)\s*$', cell.source).group(1) == part.title
        assert "BEGIN HIDDEN TESTS" not in cell.source


@pytest.mark.parametrize("assignment", CONVERTED)
def test_the_solution_passes_every_part(assignment):
    module = problems.load(assignment)
    namespace = solution_namespace(assignment)
    for part in module.PARTS:
        verdict = run(part, namespace)
        assert verdict.passed, verdict.message


@functools.cache
def _solution_namespace(assignment):
    return solution_namespace(assignment)


FORMULATIONS = [(assignment, entry) for assignment in CONVERTED
                for entry in getattr(problems.load(assignment), "RIGHT_ANSWERS", [])]


@pytest.mark.parametrize("assignment", CONVERTED)
def test_every_part_has_three_right_answers_that_differ_from_the_solution(assignment):
    module = problems.load(assignment)
    counts = {part.grade_id: 0 for part in module.PARTS}
    for _, _, _, test_id in getattr(module, "RIGHT_ANSWERS", []):
        counts[test_id] += 1
    assert all(n >= 3 for n in counts.values()), counts


@pytest.mark.parametrize(("assignment", "entry"), FORMULATIONS, ids=[f"{a}: {e[0]}" for a, e in FORMULATIONS])
def test_a_right_answer_written_another_way_gets_full_marks(assignment, entry):
    """Another formula, a loop, float32, a stable variant: each of RIGHT_ANSWERS passes its part."""
    description, cell_id, code, test_id = entry
    solution = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    cell = next(c for c in mutate(solution, cell_id, code).cells if c.metadata.get("nbgrader", {}).get("grade_id")
                == cell_id)
    namespace = dict(_solution_namespace(assignment))  # the other cells as the solution left them
    exec(compile(cell.source, cell_id, "exec"), namespace)  # noqa: S102
    part = next(p for p in problems.load(assignment).PARTS if p.grade_id == test_id)
    verdict = run(part, namespace)
    assert verdict.passed, f"{description}: {verdict.message}"


@pytest.mark.parametrize("assignment", CONVERTED)
def test_no_released_notebook_spells_out_a_substitute(assignment):
    release = nbformat.read(ROOT / "exercises" / assignment / f"{assignment}.ipynb", as_version=4)
    code = "\n".join(c.source for c in release.cells if c.cell_type == "code")
    assert "substituted(" not in code and "check_function(" not in code
    for part in problems.load(assignment).PARTS:
        for spec in problems.substitute_specs(part).values():
            if spec[0] == "source":  # the substitute's body runs on np and nk alone, and is not in the release
                namespace = {"np": np, "nk": nk}
                exec(spec[1], namespace)  # noqa: S102
                assert callable(namespace[spec[2]])
                body = [ln.strip() for ln in spec[1].splitlines()[1:] if ln.strip().startswith("return")]
                assert not [ln for ln in body if ln in code], f"{part.title}: the release spells out {body}"


def test_a_call_into_nnkit_is_seen_however_it_is_reached():
    part = problems.load("ps1_forward").PARTS[3]  # softmax
    registry = {"softmax": nk.functional.softmax}
    routes = {
        "default argument": "def softmax(z, _impl=nk.functional.softmax):\n    return _impl(z, axis=1)",
        "dict of functions": "def softmax(z):\n    return REG['softmax'](z, axis=1)",
        "from-import alias": "from nnkit.functional import softmax as sm\ndef softmax(z):\n    return sm(z, axis=1)",
        "log_softmax then exp": "def softmax(z):\n    return np.exp(nk.functional.log_softmax(z, axis=1))",
        "closure": "def make():\n    f = nk.functional.softmax\n    return lambda z: f(z, axis=1)\nsoftmax = make()",
    }
    for route, source in routes.items():
        namespace = {"np": np, "nk": nk, "REG": registry}
        exec(source, namespace)  # noqa: S102
        verdict = run(part, namespace)
        assert not verdict.passed and "calls nnkit.functional." in verdict.message, route


ADAM_THROUGH = "    opt = {cls}(lr, beta1, beta2, eps)\n" \
    "    w, m, v = w.copy(), m.copy(), v.copy()\n" \
    "    opt.state['w'] = {{'m': m, 'v': v, 't': t - 1}}\n" \
    "    opt.step({{'w': w}}, {{'w': g}})\n" \
    "    return w, m, v\n"
SHORTCUTS = {
    ("ps4_deep_training", "test_xavier_uniform"): {
        "the initializer registry": "def xavier_uniform(shape, fan_in, fan_out, rng):\n"
                                    "    return nk.init.get('xavier_uniform')(shape, fan_in, fan_out, rng)",
        "the registry's private dict": "def xavier_uniform(shape, fan_in, fan_out, rng):\n"
                                       "    return nk.init._BY_NAME['glorot_uniform'](shape, fan_in, fan_out, rng)",
        "an alias": "def xavier_uniform(shape, fan_in, fan_out, rng):\n"
                    "    return nk.init.glorot_uniform(shape, fan_in, fan_out, rng)",
        "a name built at run time": "def xavier_uniform(shape, fan_in, fan_out, rng):\n"
                                    "    return getattr(nk.init, 'xavier' + '_uniform')(shape, fan_in, fan_out, rng)",
        "importlib and functools.partial": "import importlib, functools\n"
                                           "def xavier_uniform(shape, fan_in, fan_out, rng):\n"
                                           "    f = functools.partial(importlib.import_module('nnkit.init').__dict__"
                                           "['xavier_uniform'], shape)\n"
                                           "    return f(fan_in, fan_out, rng)",
    },
    ("ps3_optimization", "test_adam_step"): {
        "a class found through __subclasses__": "def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
        + ADAM_THROUGH.format(cls="{c.__name__: c for c in nk.optim.Optimizer.__subclasses__()}['Adam']"),
        "a subclass of its own": "class Mine(nk.optim.Adam):\n    pass\n"
                                 "def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
        + ADAM_THROUGH.format(cls="Mine"),
        "the module's __dict__": "def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
        + ADAM_THROUGH.format(cls="vars(nk.optim)['Adam']"),
    },
}


@pytest.mark.parametrize(("assignment", "test_id", "route"),
                         [(a, t, r) for (a, t), routes in SHORTCUTS.items() for r in routes])
def test_a_shortcut_into_the_reference_earns_nothing_and_is_named_in_plain_words(assignment, test_id, route):
    """Registries, aliases, names built at run time, class lookups, subclasses: each call is seen."""
    part = next(p for p in problems.load(assignment).PARTS if p.grade_id == test_id)
    namespace = {"np": np, "nk": nk}
    exec(SHORTCUTS[assignment, test_id][route], namespace)  # noqa: S102
    verdict = run(part, namespace)
    assert not verdict.passed, route
    assert re.search(r"calls nnkit\.(init|optim)\.\w+", verdict.message), verdict.message
    assert "object has no attribute" not in verdict.message and "Trap" not in verdict.message


def test_a_substitute_may_call_nnkit_where_the_student_may_not():
    part = problems.load("ps1_forward").PARTS[5]  # two_layer_forward: sigmoid is nnkit's while it runs
    namespace = {"np": np, "nk": nk}
    exec("def two_layer_forward(x, W1, b1, W2, b2):\n"
         "    return sigmoid(dense_forward(sigmoid(dense_forward(x, W1, b1)), W2, b2))", namespace)  # noqa: S102
    assert run(part, namespace).passed
    assert "sigmoid" not in namespace  # put back as it was


def test_timeouts_missing_functions_and_exceptions_have_their_messages():
    parts = problems.load("ps1_forward").PARTS
    namespace = {"np": np}
    exec("def relu(z):\n    while True:\n        pass\n"
         "def sigmoid(z):\n    raise NotImplementedError()\n"
         "def mse(y_hat, y):\n    return undefined_name\n", namespace)  # noqa: S102
    assert "did not return within" in run(parts[1], namespace, seconds=1.0).message
    assert "not implemented yet" in run(parts[0], namespace).message
    assert "raised NameError" in run(parts[6], namespace).message
    assert "defines no `softmax`" in run(parts[3], namespace).message


def test_the_channel_carries_values_and_refuses_what_it_cannot_read(tmp_path):
    arrays = {}
    value = (np.arange(6.0).reshape(2, 3), {"W": np.float32(1.5), "n": 3}, [None, True, "text"], object())
    node = encode(value, arrays)
    np.savez(tmp_path / "0.npz", **arrays)
    import json

    record = {"nonce": "n", "cases": [{"called": [], "result": node, "args": encode([], {}), "kwargs": encode({}, {})}]}
    (tmp_path / "0.json").write_text(json.dumps(record))
    got = read_answer(tmp_path / "0.json", tmp_path / "0.npz", "n")["cases"][0]["result"]
    assert isinstance(got, tuple) and np.array_equal(got[0], value[0]) and got[1]["W"] == np.float32(1.5)
    assert isinstance(got[1]["W"], np.float32) and got[2] == [None, True, "text"] and "object" in repr(got[3])
    with pytest.raises(Unreadable, match="does not belong"):
        read_answer(tmp_path / "0.json", tmp_path / "0.npz", "another nonce")
    np.savez(tmp_path / "1.npz", a0=np.array([object()], dtype=object))  # a pickle inside: never loaded
    record["cases"][0]["result"] = {"t": "array", "a": "a0"}
    (tmp_path / "1.json").write_text(json.dumps(record))
    with pytest.raises(Unreadable):
        read_answer(tmp_path / "1.json", tmp_path / "1.npz", "n")


def test_judge_reports_in_place_changes_and_hints():
    part = problems.load("ps1_forward").PARTS[3]  # softmax
    z = np.array([[1.0, 2.0, 3.0]])
    case = problems.Case("z = [[1, 2, 3]]", z)
    wrong = np.exp(z) / np.exp(z).sum(axis=0, keepdims=True)
    answer = {"cases": [{"called": [], "profile_off": False, "args": [z], "kwargs": {}, "result": wrong}]}
    verdict = judge(part, [case], answer)
    assert not verdict.passed and "Hint: normalize each row (axis=1)" in verdict.message
    answer["cases"][0]["args"] = [z - 3.0]
    assert "changed its argument 1 in place (at index (0, 0) it was 1.0 and is -2.0 afterwards)" in \
        judge(part, [case], answer).message


@pytest.mark.parametrize("assignment", CONVERTED)
def test_every_forbidden_function_is_one_the_kernel_can_see_being_called(assignment):
    from harness import nnkit_code_index

    index = nnkit_code_index()
    for part in problems.load(assignment).PARTS:
        for name in problems.forbidden_names(part):
            assert index.get(name), f"{part.title}: the kernel cannot watch {name}"


def test_an_answer_that_cannot_be_written_costs_its_part_only(monkeypatch):
    import harness

    parts = problems.load("ps1_forward").PARTS
    namespace = solution_namespace("ps1_forward")
    channel = serve(namespace)
    real_savez, calls = harness._savez, []

    def savez_once_failing(*args, **kwargs):  # the first answer hits the file size limit, say
        calls.append(1)
        if len(calls) == 1:
            raise OSError(27, "File too large")
        return real_savez(*args, **kwargs)

    monkeypatch.setattr(harness, "_savez", savez_once_failing)
    first = grade_part(parts[0], channel, 1, time.monotonic() + 20, lambda: True)
    assert not first.passed and "could not be sent: OSError" in first.message
    assert grade_part(parts[1], channel, 1, time.monotonic() + 20, lambda: True).passed


def test_a_generator_argument_comes_back_as_its_state():
    """What dropout's evaluation mode is checked with: a generator drawn from no longer has its state."""
    from grading.channel import decode, generator_state

    rng = np.random.default_rng(2024)
    untouched = generator_state(np.random.default_rng(2024))
    arrays = {}
    assert decode(encode(rng, arrays), arrays) == untouched
    rng.random(3)
    assert decode(encode(rng, arrays), arrays) != untouched
    big = np.random.Generator(np.random.PCG64(2 ** 100))  # states past 2**64 travel as text
    assert decode(encode(big, arrays), arrays) == generator_state(np.random.Generator(np.random.PCG64(2 ** 100)))


INIT_NETWORK_TRANSPOSED = """def init_network(layer_sizes, activation, rng, dist="uniform"):
    if activation in ("sigmoid", "tanh"):
        init = xavier_uniform if dist == "uniform" else xavier_normal
    else:
        init = he_uniform if dist == "uniform" else he_normal
    params = {}
    for l in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = init((n_out, n_in), n_in, n_out, rng).T
        params[f"b{l}"] = np.zeros(n_out)
    return params"""

BATCHNORM_BACKWARD = """def batchnorm_backward(dout, cache):
    x_hat, inv_std, gamma = cache
    dx_hat = dout * gamma
    dx = inv_std * (dx_hat - dx_hat.mean(axis={axis}, keepdims=True)
                    - x_hat * (dx_hat * x_hat).mean(axis={axis}, keepdims=True))
    return dx{divided}, np.sum(dout * x_hat, axis=0), np.sum(dout, axis=0)"""


SEEN_MISTAKES = [
    ("ps1_forward", "test_dense_forward",
     "def dense_forward(x, W, b):\n    out = x @ W\n    out[0] = out[0] + b\n    return out",
     "not to one row only"),
    ("ps1_forward", "test_cross_entropy", "def cross_entropy(logits, labels):\n"
     "    z = logits - logits.max(axis=1, keepdims=True)\n"
     "    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))\n"
     "    return float(-np.mean(logp[:, labels]))", "logp[:, labels] takes whole columns"),
    ("ps4_deep_training", "test_xavier_uniform", "def xavier_uniform(shape, fan_in, fan_out, rng):\n"
     "    r = np.sqrt(6 / (fan_in + fan_out))\n"
     "    return rng.uniform(-r, r, size=shape[::-1]).T", "drawing the reversed shape and transposing it"),
    ("ps4_deep_training", "test_init_network", INIT_NETWORK_TRANSPOSED, "W_l has shape (n_in, n_out)"),
    ("ps4_deep_training", "test_he_normal", "def he_normal(shape, fan_in, fan_out, rng):\n"
     "    rng = np.random.default_rng(0)\n"
     "    return rng.normal(0.0, np.sqrt(2 / fan_in), size=shape)", "drew nothing from its argument 4"),
    ("ps4_deep_training", "test_xavier_normal", "def xavier_normal(shape, fan_in, fan_out, rng):\n"
     "    return np.random.normal(0.0, np.sqrt(2 / (fan_in + fan_out)), size=shape)",
     "drew nothing from its argument 4"),
    ("ps5_regularization", "test_dropout_forward", "def dropout_forward(x, p, training=True, rng=None):\n"
     "    if not training:\n"
     "        return x, np.ones_like(x)\n"
     "    mask = (np.random.default_rng(42).random(x.shape) >= p) / (1 - p)\n"
     "    return x * mask, mask", "drew nothing from its argument 4"),
    ("ps5_regularization", "test_batchnorm_backward", BATCHNORM_BACKWARD.format(axis=1, divided=""),
     "the means in dx run over axis 0"),
    ("ps5_regularization", "test_batchnorm_backward", BATCHNORM_BACKWARD.format(axis=0, divided=" / len(dout)"),
     "dx is not divided by N once more"),
    ("ps6_cnn", "test_conv2d_naive", "def conv2d_naive(x, W, b, stride=1, padding=0):\n"
     "    N, C, H, Wd = x.shape\n"
     "    F, _, HH, WW = W.shape\n"
     "    Ho, Wo = (H + 2 * padding - HH) // stride + 1, (Wd + 2 * padding - WW) // stride + 1\n"
     "    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))\n"
     "    out = np.zeros((N, F, Ho, Wo))\n"
     "    for n in range(N):\n"
     "        for f in range(F):\n"
     "            for c in range(C):\n"
     "                for i in range(Ho):\n"
     "                    for j in range(Wo):\n"
     "                        window = xp[n, c, i * stride:i * stride + HH, j * stride:j * stride + WW]\n"
     "                        out[n, f, i, j] += np.sum(window * W[f, c]) + b[f]\n"
     "    return out", "not once for every input channel"),
]


@pytest.mark.parametrize(("assignment", "test_id", "source", "hint"), SEEN_MISTAKES,
                         ids=[f"{test_id}: {hint}" for _, test_id, _, hint in SEEN_MISTAKES])
def test_a_mistake_students_made_gets_its_hint(assignment, test_id, source, hint):
    """Mistakes seen in students' work (besides MISTAKES, which the grading demo also submits)."""
    part = next(p for p in problems.load(assignment).PARTS if p.grade_id == test_id)
    namespace = {"np": np, "nk": nk}
    exec(source, namespace)  # noqa: S102
    verdict = run(part, namespace)
    assert not verdict.passed and hint in verdict.message, verdict.message


ADAM_WITHOUT_EPS = """def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    m_hat, v_hat = m_new / (1 - beta1 ** t), v_new / (1 - beta2 ** t)
    return w - lr * m_hat / np.sqrt(v_hat), m_new, v_new"""

TOLD_APART = [
    ("ps1_forward", "test_cross_entropy", "def cross_entropy(logits, labels):\n"
     "    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)\n"
     "    return float(-np.mean(np.log(p[np.arange(len(labels)), labels])))", "use the log-sum-exp form"),
    ("ps3_optimization", "test_adam_step", ADAM_WITHOUT_EPS, "add eps after the square root"),
    ("ps6_cnn", "test_conv_output_size", "def conv_output_size(n, m, p, s):\n    return (n + p - m) // s + 1",
     "p zeros go on each side"),
    ("ps6_cnn", "test_conv_output_size", "def conv_output_size(n, m, p, s):\n    return (n + 2 * p - m) // s",
     "add 1: the kernel's first position"),
]


@pytest.mark.parametrize(("assignment", "test_id", "source", "hint"), TOLD_APART,
                         ids=[f"{test_id}: {hint}" for _, test_id, _, hint in TOLD_APART])
def test_the_first_case_a_mistake_fails_tells_it_from_its_neighbours(assignment, test_id, source, hint):
    """Mistakes that once got another mistake's hint: the first case each fails now tells the two apart (an
    overflow that both turn into nan, p counted once and a missing + 1 that both give 5)."""
    part = next(p for p in problems.load(assignment).PARTS if p.grade_id == test_id)
    namespace = {"np": np, "nk": nk}
    exec(source, namespace)  # noqa: S102
    verdict = run(part, namespace)
    assert not verdict.passed and hint in verdict.message, verdict.message


def test_the_cnn_is_graded_on_images_that_no_variable_of_the_notebook_holds():
    """ps6's data cell, when graded, splits the digits by the part's seed and keeps the test images back."""
    module = problems.load("ps6_cnn")
    part = next(p for p in module.PARTS if p.grade_id == "test_cnn")
    graded = {}
    for seed in (SEED, SEED + 1):
        namespace = {"np": np, "nk": nk}
        exec(problems.graded_source(part, seed), namespace)  # noqa: S102
        images = part.cases(np.random.default_rng(seed))[0].args[0]
        held = {image.tobytes() for image in images}
        handed_over = {image.tobytes() for name in ("X_train", "X_test", "X_digits") for image in namespace[name]}
        assert len(held) == 360 and not held & handed_over
        assert len(handed_over) == 1797 - 360   # every other image is there to train on
        _, _, _, labels = nk.data.train_test_split(*nk.data.digits(), test_size=0.2, rng=module.split_seed(
            np.random.default_rng(seed)), stratify=True)
        assert np.array_equal(module.labels_of(images), labels)   # the labels judged against are the split's
        assert np.bincount(labels, minlength=10).min() >= 35   # stratified: every digit is graded
        graded[seed] = held
    assert graded[SEED] != graded[SEED + 1]   # another student, another split
