"""The exercise checker: right answers pass, each kind of wrong answer gets its own actionable message."""

import numpy as np
import pytest

import nnkit as nk
from nnkit.exercise import Case, GradingError, check_function, substituted

PART = "Part 4: stable softmax"


def reference(z):
    return nk.functional.softmax(z, axis=1)


def cases():
    rng = np.random.default_rng(0)
    return [Case("z of shape (3, 4), seed 0", rng.standard_normal((3, 4))),
            Case("large logits z = [[1000, 1001, 1002]]", np.array([[1000.0, 1001.0, 1002.0]]))]


def student_right(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def student_no_shift(z):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def student_in_place(z):
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def student_calls_nnkit(z):
    return nk.functional.softmax(z, axis=1)


def student_wrong_axis(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def check(fn, **kwargs):
    check_function(PART, fn, reference, cases(), forbidden=["nnkit.functional.softmax"],
                   hints=[(student_no_shift, "subtract each row's maximum before exp")], **kwargs)


def test_a_right_answer_passes():
    check(student_right)


def test_a_forgotten_shift_names_the_input_the_position_and_the_hint():
    with pytest.raises(GradingError) as failure:
        check(student_no_shift)
    message = str(failure.value)
    assert message.startswith(PART)
    assert "large logits" in message and "index (0, 0)" in message
    assert "Hint: subtract each row's maximum" in message


def test_wrong_axis_reports_the_first_difference():
    with pytest.raises(GradingError, match=r"on z of shape \(3, 4\), seed 0, the result differs first at index"):
        check(student_wrong_axis)


def test_changing_the_input_in_place_is_caught():
    with pytest.raises(GradingError, match="changed its argument 1 in place"):
        check(student_in_place)


def test_calling_the_reference_earns_nothing_even_under_another_name():
    with pytest.raises(GradingError, match="calls nnkit.functional.softmax"):
        check(student_calls_nnkit)
    from nnkit.functional import softmax as my_softmax

    def sneaky(z):
        return my_softmax(z, axis=1)

    with pytest.raises(GradingError, match="calls nnkit.functional.softmax"):
        check(sneaky)
    assert nk.functional.softmax is not None and my_softmax.__name__ == "softmax"  # restored


def test_unimplemented_and_crashing_functions_get_a_message():
    def todo(z):
        raise NotImplementedError()

    def crash(z):
        return z @ np.ones(5)

    with pytest.raises(GradingError, match="not implemented yet"):
        check(todo)
    with pytest.raises(GradingError, match=r"your function raised ValueError"):
        check(crash)


def test_shape_dtype_and_tuple_results():
    def ref(x):
        return x.sum(axis=0), x.mean()

    case = [Case("x of shape (2, 3)", np.arange(6.0).reshape(2, 3))]
    with pytest.raises(GradingError, match=r"result\[0\] should have shape \(3,\); got shape \(2,\)"):
        check_function("P", lambda x: (x.sum(axis=1), x.mean()), ref, case)
    with pytest.raises(GradingError, match=r"result\[1\] should be 2.5; got 15"):
        check_function("P", lambda x: (x.sum(axis=0), x.sum()), ref, case)
    with pytest.raises(GradingError, match="should be a tuple of 2 values"):
        check_function("P", lambda x: x.sum(axis=0), ref, case)


def test_error_shows_only_its_message_in_ipython():
    error = GradingError("Part 1: wrong\nHint: think")
    assert error._render_traceback_() == ["GradingError: Part 1: wrong", "Hint: think"]


def test_substituted_restores_the_namespace():
    namespace = {"f": 1}
    with substituted(namespace, f=2, g=3):
        assert namespace == {"f": 2, "g": 3}
    assert namespace == {"f": 1}


def test_the_alias_actually_called_is_named():
    def pad(x):
        return nk.conv_geometry.pad2d(x, 1)

    def ref(x):
        return np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))

    case = [Case("x of shape (1, 1, 2, 2)", np.ones((1, 1, 2, 2)))]
    with pytest.raises(GradingError, match=r"calls nnkit.conv_geometry.pad2d, the nnkit function"):
        check_function("P", pad, ref, case, forbidden=["nnkit.conv_ops.pad2d", "nnkit.conv_geometry.pad2d"])


def test_dicts_lists_and_none_are_compared_by_item():
    case = [Case("a dict of two arrays", {"W": np.ones((2, 2)), "b": np.zeros(2)})]

    def ref(params):
        return {k: 2 * v for k, v in params.items()}

    check_function("P", lambda params: {k: v + v for k, v in params.items()}, ref, case)
    with pytest.raises(GradingError, match=r"the result\['b'\] should have shape \(2,\); got shape \(3,\)"):
        check_function("P", lambda params: {"W": 2 * params["W"], "b": np.zeros(3)}, ref, case)
    with pytest.raises(GradingError, match=r"should be a dict with the keys \['W', 'b'\]; got \['W'\]"):
        check_function("P", lambda params: {"W": 2 * params["W"]}, ref, case)
    with pytest.raises(GradingError, match="should be None"):
        check_function("P", lambda x: x, lambda x: None, [Case("x = 1", 1.0)])


def test_changes_inside_a_dict_argument_are_caught():
    def scale_in_place(params):
        params["W"] *= 2
        return params

    case = [Case("params with W of shape (2, 2)", {"W": np.ones((2, 2))})]
    with pytest.raises(GradingError, match=r"on params with W of shape \(2, 2\), your function changed its argument 1"):
        check_function("P", scale_in_place, lambda p: {"W": 2 * p["W"]}, case)
