"""Problem set 4, training deep networks: the gradient along one sigmoid path, each layer's gradient norm,
dead ReLU units, clipping by the global norm, the Xavier and He initializers, and a whole network's
initialization."""

import numpy as np

import nnkit as nk

from ..compare import ATOL, RTOL, compare_values, describe
from ..i18n import N_, _
from . import Case, Mismatch, Part


def in_order(params):
    """A dict as compared: the dict itself (its keys and values) and its values in its own order.

    Comparing a dict checks its keys but not their order; with the values in order, a dict with the
    right keys in another order matches neither the reference nor a typical wrong answer (so it gets no
    misleading hint). The order itself is checked by the part's ``compare``, against the reference's
    dict: ``adapt`` sees only the result, not the ``grads`` or ``layer_sizes`` that set the keys.
    """
    return params, (tuple(params.values()) if isinstance(params, dict) else ())


def keys_problem(template, got, expected):
    """None if ``got`` is a dict with the keys of ``expected`` in the same order, else what is wrong.

    ``template`` (marked with N_) is the sentence, with the placeholders ``{keys}`` and ``{got}``.
    """
    keys = list(expected)
    if isinstance(got, dict) and list(got) == keys:
        return None
    found = list(got) if isinstance(got, dict) else getattr(got, "type_name", type(got).__name__)  # Opaque: its type
    return _(template).format(keys=keys, got=found)


def path_reference(z, w):
    return float(np.prod(w * nk.functional.sigmoid_grad(z)))


def path_with_sigma(z, w):
    return float(np.prod(w * nk.functional.sigmoid(z)))


def path_summed(z, w):
    return float(np.sum(w * nk.functional.sigmoid_grad(z)))


def path_without_weights(z, w):
    return float(np.prod(nk.functional.sigmoid_grad(z)))


def path_cases(rng):
    return [Case(_("z of length 15, standard normal; w normal with standard deviation 2 (edge: a deep path; catches "
                   "sigma(z) in place of its derivative, a sum in place of the product, and w left out)"),
                 rng.standard_normal(15), rng.normal(0, 2, 15)),
            Case(_("z of length 4, standard normal times 3; w standard normal (edge: a short path with large z; "
                   "catches the same slips)"), rng.standard_normal(4) * 3, rng.standard_normal(4)),
            Case(_("saturated units z = [-30, 8, 0, 30], w = [1, 2, 3, 4] (edge: derivatives near 0 at both ends; "
                   "catches sigma(z) in place of sigma'(z))"),
                 np.array([-30.0, 8.0, 0.0, 30.0]), np.array([1.0, 2.0, 3.0, 4.0])),
            Case(_("one layer, z = [0.5], w = [-3] (edge: a single factor, where the sum and the product agree; "
                   "catches w left out)"), np.array([0.5]), np.array([-3.0])),
            Case(_("40 layers, z = 0, w = 4 (edge: each factor is 4 * sigma'(0) = 1, so the product is 1; catches a "
                   "sum (40) and w left out (4**-40))"), np.zeros(40), np.full(40, 4.0))]


def norms_reference(grads):
    return tuple(float(np.linalg.norm(g)) for g in grads.values())


def norms_answer(norms):
    """Part 2's result as compared: the norms as a tuple."""
    try:
        return tuple(norms)
    except TypeError:
        raise Mismatch(_("layer_gradient_norms should return a list of floats, one per layer; got {got}"
                         ).format(got=describe(norms))) from None


def norms_squared(grads):
    return tuple(float(np.sum(g ** 2)) for g in grads.values())


def norms_reversed(grads):
    return norms_reference(grads)[::-1]


def norms_max(grads):
    return tuple(float(np.max(np.abs(g))) for g in grads.values())


def norms_rms(grads):
    return tuple(float(np.sqrt(np.mean(g ** 2))) for g in grads.values())


def deep_sigmoid_grads():
    """The weight gradients of the deep sigmoid network of Part 2's test cell, built as the cell builds them.

    Their norms are those nnkit measures on that network (nk.train.layer_gradient_norms), which the
    notebook's test graded them against.
    """
    rng = np.random.default_rng(2)
    layers = []
    for _layer in range(8):
        layers += [nk.layers.Dense(16, 16, init="xavier_normal", rng=rng), nk.layers.Sigmoid()]
    model = nk.layers.Sequential(layers + [nk.layers.Dense(16, 3, init="xavier_normal", rng=rng)])
    X, y = rng.standard_normal((64, 16)), rng.integers(0, 3, 64)
    loss = nk.losses.CrossEntropy()
    loss.forward(model.forward(X), y)
    model.backward(loss.backward())
    return {name: g.copy() for name, g in model.grads.items() if name.endswith(".W")}


def norms_cases(rng):
    return [Case(_("3 layers with gradients (6, 5), (5, 4), (4, 2), standard normal times 1, 3 and 0.1 "
                   "(items: one per layer, in order; edge: layers of different scales; catches squared norms, the "
                   "reversed order, the largest entry and the root mean square)"),
                 {"0.W": rng.standard_normal((6, 5)), "2.W": rng.standard_normal((5, 4)) * 3,
                  "4.W": rng.standard_normal((4, 2)) * 0.1}),
            Case(_("a conv gradient (8, 3, 3, 3), standard normal, then dense (72, 10), standard normal times 0.01 "
                   "(items: one per layer, in order; edge: a 4-D gradient; catches np.linalg.norm(g, 'fro'), which "
                   "fails on it)"),
                 {"conv.W": rng.standard_normal((8, 3, 3, 3)), "dense.W": rng.standard_normal((72, 10)) * 0.01}),
            Case(_("tiny gradients, standard normal times 1e-12, (3, 3) and (3, 1) (edge: norms near 1e-12; catches "
                   "squared norms, which are near 1e-24)"),
                 {"a": rng.standard_normal((3, 3)) * 1e-12, "b": rng.standard_normal((3, 1)) * 1e-12}),
            Case(_("one layer of zeros (4, 4) (edge: a single layer whose norm is exactly 0; the result is still "
                   "a list, [0.0])"), {"0.W": np.zeros((4, 4))}),
            Case(_("the weight gradients of the 8-layer sigmoid network above (items: one per layer, in order; edge: "
                   "the notebook's own network, whose gradients shrink towards the input; catches the reversed "
                   "order)"), deep_sigmoid_grads())]


def dead_reference(activations):
    return float(np.mean(np.all(activations == 0, axis=0)))


def relu_layer(rng, n, m, shift):
    """ReLU outputs of a He-initialized dense layer whose biases were shifted (chapter 8's damage)."""
    dense = nk.layers.Dense(m, m, init="he_normal", rng=rng)
    dense.params["b"] += shift
    return nk.functional.relu(dense.forward(rng.standard_normal((n, m))))


def dead_cases(rng):
    mixed = nk.functional.relu(rng.standard_normal((40, 12)) + np.where(np.arange(12) % 3 == 0, -9.0, 0.0))
    return [Case(_("ReLU outputs (40, 12), every third unit dead (edge: dead units next to live ones with zeros; "
                   "catches counting zero entries, testing rows, np.any and a count)"), mixed),
            Case(_("ReLU outputs (200, 64) of a dense layer with biases shifted by -3 (edge: most units dead; catches "
                   "the same slips)"), relu_layer(rng, 200, 64, -3.0)),
            Case(_("ReLU outputs (100, 32) of a healthy He-initialized layer (edge: no unit dead though about half the "
                   "entries are 0; catches counting zero entries and np.any)"), relu_layer(rng, 100, 32, 0.0)),
            Case(_("a single example, outputs [[0, 0.3, 0, 0, 2, 0]] (edge: N = 1, where a unit is dead if its one "
                   "output is 0; catches testing rows and a count)"), np.array([[0.0, 0.3, 0.0, 0.0, 2.0, 0.0]])),
            Case(_("a single unit, outputs (5, 1) with one non-zero (edge: one unit kept alive by one example; catches "
                   "counting zero entries, testing rows and np.any)"),
                 np.array([[0.0], [0.0], [0.0], [0.7], [0.0]]))]


def clip_reference(grads, max_norm):
    copies = {k: g.copy() for k, g in grads.items()}
    total = nk.optim.clip_grad_norm(copies, max_norm)
    return in_order(copies), total


def clip_answer(result):
    """Part 4's result as compared: (clipped, in order) and total_norm."""
    try:
        clipped, total = result
    except (TypeError, ValueError):
        raise Mismatch(_("clip_grad_norm should return a tuple (clipped, total_norm); got {got}"
                         ).format(got=describe(result))) from None
    return in_order(clipped), total


def clip_compare(got, expected):
    """clipped has the keys of grads in their order; then its arrays and total_norm, as the cases say."""
    ((clipped, values), total), ((reference, reference_values), reference_total) = got, expected
    return (keys_problem(N_("clipped should be a dict with the keys {keys} in that order; got {got}"), clipped,
                         reference)
            or compare_values(values + (total,), reference_values + (reference_total,), rtol=RTOL, atol=ATOL))


def clip_per_array(grads, max_norm):
    out = {}
    for k, g in grads.items():
        n = np.linalg.norm(g)
        out[k] = g * (max_norm / n) if n > max_norm else g.copy()
    return in_order(out), clip_reference(grads, max_norm)[-1]


def clip_always(grads, max_norm):
    total = clip_reference(grads, max_norm)[-1]
    return in_order({k: g * (max_norm / total) for k, g in grads.items()}), total


def clip_norm_after(grads, max_norm):
    clipped, total = clip_reference(grads, max_norm)
    return clipped, min(max_norm, total)


def clip_inverted(grads, max_norm):
    total = clip_reference(grads, max_norm)[-1]
    scale = total / max_norm if total > max_norm else 1.0
    return in_order({k: g * scale for k, g in grads.items()}), total


CLIPPED_W_B = N_("compared as (clipped['W'], clipped['b'], total_norm)")


def clip_cases(rng):
    return [Case(_("grads W (5, 4), b (4,), standard normal, max_norm = 1; {compared} (edge: a global norm "
                   "above max_norm; catches clipping each array by its own norm, the norm after clipping and the "
                   "factor norm / max_norm)").format(compared=_(CLIPPED_W_B)),
                 {"W": rng.standard_normal((5, 4)), "b": rng.standard_normal(4)}, 1.0),
            Case(_("grads W (3, 3), b (3,), standard normal, norm below max_norm = 100; {compared} (edge: nothing "
                   "to clip; catches rescaling anyway)").format(compared=_(CLIPPED_W_B)),
                 {"W": rng.standard_normal((3, 3)), "b": rng.standard_normal(3)}, 100.0),
            Case(_("exploding grads conv (4, 2, 3, 3), W (36, 10), b (10,), standard normal times 1e3, max_norm = 5; "
                   "compared as (clipped['conv'], clipped['W'], clipped['b'], total_norm) (edge: three arrays of "
                   "different sizes, far above max_norm; catches clipping each array by its own norm)"),
                 {"conv": rng.standard_normal((4, 2, 3, 3)) * 1e3, "W": rng.standard_normal((36, 10)) * 1e3,
                  "b": rng.standard_normal(10) * 1e3}, 5.0),
            Case(_("zero grads W (2, 2), b (2,), max_norm = 1; {compared} (edge: a norm of 0; catches a division "
                   "by the norm, 0 / 0)").format(compared=_(CLIPPED_W_B)), {"W": np.zeros((2, 2)), "b": np.zeros(2)},
                 1.0)]


INITIALIZER_INPUTS = [(N_("shape (3, 4), fan_in 3, fan_out 4"), (3, 4), 3, 4,
                       N_("fan_in differs from fan_out and the shape is not square; catches Xavier's and He's scales "
                          "swapped and a transposed draw")),
                      (N_("shape (64, 32), fan_in 64, fan_out 32"), (64, 32), 64, 32,
                       N_("a large layer, whose scale is far below 1; catches a scale without its square root")),
                      (N_("a conv kernel of shape (8, 3, 3, 3), fan_in 27, fan_out 72"), (8, 3, 3, 3), 27, 72,
                       N_("a 4-D kernel whose fans are not two numbers of its shape; catches fans read off the "
                          "shape")),
                      (N_("shape (1, 1), fan_in 1, fan_out 1"), (1, 1), 1, 1,
                       N_("a single weight with the largest scale; catches a wrong scale or interval"))]


def seeded_cases(first_seed):
    """An initializer's cases: each input with a generator of its own, seeded first_seed, first_seed + 1, ..."""
    def cases(rng):
        return [Case(_("{inputs}, a generator seeded with {seed} (edge: {edge})").format(
                         inputs=_(text), seed=first_seed + k, edge=_(edge)),
                     shape, fan_in, fan_out, np.random.default_rng(first_seed + k))
                for k, (text, shape, fan_in, fan_out, edge) in enumerate(INITIALIZER_INPUTS)]
    return cases


def wrong_initializer(kind, scale):
    """An initializer that draws from U[-s, s] or N(0, s^2) with s = scale(fan_in, fan_out)."""
    def draw(shape, fan_in, fan_out, rng):
        s = scale(fan_in, fan_out)
        return rng.uniform(-s, s, size=shape) if kind == "uniform" else rng.normal(0.0, s, size=shape)
    return draw


def transposed(initializer):
    """``initializer`` drawing the reversed shape and transposing it: the right numbers in the wrong places."""
    return lambda shape, fan_in, fan_out, rng: initializer(tuple(reversed(shape)), fan_in, fan_out, rng).T


TRANSPOSED = N_("draw the array in its own shape, size=shape: drawing the reversed shape and transposing it (.T) "
                "puts the same numbers in other places.")


def network(layer_sizes, rng, init):
    """init_network's parameters drawn layer after layer with ``init``, in order."""
    params = {}
    for layer, (n_in, n_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params[f"W{layer}"] = init((n_in, n_out), n_in, n_out, rng)
        params[f"b{layer}"] = np.zeros(n_out)
    return in_order(params)


def scheme(activation, dist, swap=False):
    xavier = activation in ("sigmoid", "tanh")
    return getattr(nk.init, ("xavier_" if xavier != swap else "he_") + dist)


def init_network_reference(layer_sizes, activation, rng, dist="uniform"):
    return network(layer_sizes, rng, scheme(activation, dist))


def init_network_compare(got, expected):
    """The keys W1, b1, W2, b2, ... in that order; then the arrays, as (W1, b1, W2, b2, ...)."""
    (params, values), (reference, reference_values) = got, expected
    return (keys_problem(N_("init_network should return a dict with the keys {keys} in that order; got {got}"),
                         params, reference)
            or compare_values(values, reference_values, rtol=RTOL, atol=ATOL))


NETWORK_ORDER = N_("compared as (W1, b1, W2, b2, ...)")


def init_network_cases(rng):
    compared = _(NETWORK_ORDER)
    return [Case(_("layer_sizes [4, 3, 2], 'tanh', a generator seeded with 901, default dist; {compared} "
                   "(edge: dist left out, 'uniform'; catches Xavier and He swapped, always 'normal' and transposed "
                   "weights)").format(compared=compared), [4, 3, 2], "tanh", np.random.default_rng(901)),
            Case(_("layer_sizes [5, 8, 8, 3], 'relu', a generator seeded with 902, dist 'normal'; {compared} "
                   "(edge: three ReLU layers drawn from one generator in turn; catches Xavier and He swapped and "
                   "dist ignored)").format(compared=compared),
                 [5, 8, 8, 3], "relu", np.random.default_rng(902), dist="normal"),
            Case(_("layer_sizes [6, 4, 1], 'sigmoid', a generator seeded with 903, dist 'normal'; {compared} "
                   "(edge: sigmoid, a normal draw and one output; catches Xavier and He swapped and dist "
                   "ignored)").format(compared=compared),
                 [6, 4, 1], "sigmoid", np.random.default_rng(903), dist="normal"),
            Case(_("layer_sizes [3, 7, 2], 'relu', a generator seeded with 904, dist 'uniform'; {compared} "
                   "(edge: ReLU with a uniform draw; catches Xavier and He swapped and always "
                   "'normal')").format(compared=compared),
                 [3, 7, 2], "relu", np.random.default_rng(904), dist="uniform"),
            Case(_("a single layer [10, 10], 'tanh', a generator seeded with 905, dist 'uniform'; {compared} "
                   "(edge: one square layer, where a transposed W has the right shape; catches the transpose and a "
                   "layer too many or too few)").format(compared=compared),
                 [10, 10], "tanh", np.random.default_rng(905), dist="uniform")]


NORMS_HINTS = ((norms_squared, N_("take the square root of the sum of squares: the norm, not the squared norm.")),
               (norms_reversed, N_("keep the dict's order (input side first); do not reverse it.")),
               (norms_max, N_("the L2 norm uses every entry: sqrt(sum of squares), not the largest |entry|.")),
               (norms_rms, N_("sum the squares; do not average them (that is the root mean square).")))

PARTS = [
    Part("test_sigmoid_path_factor", N_("Part 1: sigmoid_path_factor"), "sigmoid_path_factor", 2, path_reference,
         # rtol: s * (1 - s) is a right answer, and off by about 0.1 % at z = 30, where 1 - s loses digits to
         # cancellation; the wrong answers below are off by factors
         path_cases, forbidden=(nk.functional.sigmoid_grad,), rtol=5e-3, atol=0.0,
         hints=((path_with_sigma, N_("use the sigmoid's derivative sigma(z) * (1 - sigma(z)), not sigma(z) itself.")),
                (path_summed, N_("the chain rule multiplies the factors (np.prod); it does not add them.")),
                (path_without_weights, N_("multiply each derivative by its weight w_l as well.")))),
    Part("test_layer_gradient_norms", N_("Part 2: layer_gradient_norms"), "layer_gradient_norms", 2, norms_reference,
         norms_cases, forbidden=(nk.train.layer_gradient_norms,), atol=0.0, hints=NORMS_HINTS, adapt=norms_answer),
    Part("test_dead_relu_fraction", N_("Part 3: dead_relu_fraction"), "dead_relu_fraction", 2, dead_reference,
         dead_cases,
         hints=((lambda a: float(np.mean(a == 0)),
                 N_("count units (columns) that are 0 for every example, not zero entries.")),
                (lambda a: float(np.mean(np.all(a == 0, axis=1))),
                 N_("columns are units, rows are examples: test each column (axis=0).")),
                (lambda a: float(np.mean(np.any(a == 0, axis=0))),
                 N_("a unit is dead only if it is 0 for all examples (np.all), not for some.")),
                (lambda a: float(np.sum(np.all(a == 0, axis=0))),
                 N_("return the fraction of the units, not their number.")))),
    Part("test_clip_grad_norm", N_("Part 4: clip_grad_norm"), "clip_grad_norm", 3, clip_reference, clip_cases,
         forbidden=(nk.optim.clip_grad_norm,), adapt=clip_answer, compare=clip_compare,
         in_place_advice=N_("Leave grads unchanged and return new arrays (g * scale, not g *= scale)."),
         hints=((clip_per_array, N_("use one global norm over all the arrays together and scale every array by the "
                                    "same factor max_norm / norm; do not clip each array by its own norm.")),
                (clip_always, N_("only rescale when the global norm is larger than max_norm; otherwise leave the "
                                 "values as they are.")),
                (clip_norm_after, N_("return the global norm before clipping, not after.")),
                (clip_inverted, N_("the factor is max_norm / norm (it shrinks the gradient), not norm / max_norm.")))),
    Part("test_xavier_uniform", N_("Part 5: xavier_uniform"), "xavier_uniform", 2, nk.init.xavier_uniform,
         seeded_cases(501), forbidden=(nk.init.xavier_uniform,),
         hints=((wrong_initializer("uniform", lambda n, m: np.sqrt(6 / n)),
                 N_("Xavier uses fan_in + fan_out: r = sqrt(6 / (fan_in + fan_out)) (sqrt(6 / fan_in) is He's).")),
                (wrong_initializer("uniform", lambda n, m: np.sqrt(2 / (n + m))),
                 N_("that is the normal form's sigma; the uniform range is r = sqrt(3) * sigma = "
                    "sqrt(6 / (fan_in + fan_out)).")),
                (wrong_initializer("uniform", lambda n, m: 6 / (n + m)),
                 N_("take the square root: r = sqrt(6 / (fan_in + fan_out)).")),
                (lambda shape, n, m, rng: rng.uniform(0.0, np.sqrt(6 / (n + m)), size=shape),
                 N_("draw from the whole interval [-r, r]: rng.uniform(-r, r, size=shape).")),
                (transposed(nk.init.xavier_uniform), TRANSPOSED))),
    Part("test_xavier_normal", N_("Part 6: xavier_normal"), "xavier_normal", 2, nk.init.xavier_normal,
         seeded_cases(511), forbidden=(nk.init.xavier_normal,),
         hints=((wrong_initializer("normal", lambda n, m: 2 / (n + m)),
                 N_("rng.normal's second argument is the standard deviation: sigma = sqrt(2 / (fan_in + fan_out)), "
                    "not the variance 2 / (fan_in + fan_out).")),
                (wrong_initializer("normal", lambda n, m: np.sqrt(2 / n)),
                 N_("Xavier uses fan_in + fan_out: sigma = sqrt(2 / (fan_in + fan_out)) (sqrt(2 / fan_in) is He's).")),
                (wrong_initializer("normal", lambda n, m: np.sqrt(6 / (n + m))),
                 N_("sqrt(6 / (fan_in + fan_out)) is the uniform form's range r; the normal form's sigma is "
                    "sqrt(2 / (fan_in + fan_out)).")),
                (transposed(nk.init.xavier_normal), TRANSPOSED))),
    Part("test_he_uniform", N_("Part 7: he_uniform"), "he_uniform", 2, nk.init.he_uniform, seeded_cases(521),
         forbidden=(nk.init.he_uniform,),
         hints=((wrong_initializer("uniform", lambda n, m: np.sqrt(6 / (n + m))),
                 N_("He uses fan_in only: r = sqrt(6 / fan_in) (sqrt(6 / (fan_in + fan_out)) is Xavier's).")),
                (wrong_initializer("uniform", lambda n, m: np.sqrt(3 / n)),
                 N_("He doubles LeCun's variance for ReLU: r = sqrt(6 / fan_in), not sqrt(3 / fan_in).")),
                (wrong_initializer("uniform", lambda n, m: np.sqrt(2 / n)),
                 N_("that is the normal form's sigma; the uniform range is r = sqrt(3) * sigma = sqrt(6 / fan_in).")),
                (lambda shape, n, m, rng: rng.uniform(0.0, np.sqrt(6 / n), size=shape),
                 N_("draw from the whole interval [-r, r]: rng.uniform(-r, r, size=shape).")),
                (transposed(nk.init.he_uniform), TRANSPOSED))),
    Part("test_he_normal", N_("Part 8: he_normal"), "he_normal", 2, nk.init.he_normal, seeded_cases(531),
         forbidden=(nk.init.he_normal,),
         hints=((wrong_initializer("normal", lambda n, m: 2 / n),
                 N_("rng.normal's second argument is the standard deviation: sigma = sqrt(2 / fan_in), not the "
                    "variance 2 / fan_in.")),
                (wrong_initializer("normal", lambda n, m: np.sqrt(2 / (n + m))),
                 N_("He uses fan_in only: sigma = sqrt(2 / fan_in) (sqrt(2 / (fan_in + fan_out)) is Xavier's).")),
                (wrong_initializer("normal", lambda n, m: np.sqrt(1 / n)),
                 N_("He doubles LeCun's variance for ReLU: sigma = sqrt(2 / fan_in), not sqrt(1 / fan_in).")),
                (wrong_initializer("normal", lambda n, m: np.sqrt(6 / n)),
                 N_("sqrt(6 / fan_in) is the uniform form's range r; the normal form's sigma is sqrt(2 / fan_in).")),
                (transposed(nk.init.he_normal), TRANSPOSED))),
    Part("test_init_network", N_("Part 9: init_network"), "init_network", 3, init_network_reference, init_network_cases,
         substitutes={"xavier_uniform": nk.init.xavier_uniform, "xavier_normal": nk.init.xavier_normal,
                      "he_uniform": nk.init.he_uniform, "he_normal": nk.init.he_normal},
         adapt=in_order, compare=init_network_compare,
         hints=((lambda s, a, rng, dist="uniform": network(s, rng, scheme(a, dist, swap=True)),
                 N_("Xavier goes with sigmoid and tanh, He with ReLU; you have them the other way round.")),
                (lambda s, a, rng, dist="uniform": network(s, rng, scheme(a, "uniform")),
                 N_("use the dist argument: xavier_normal / he_normal when dist == 'normal'.")),
                (lambda s, a, rng, dist="uniform": network(s, rng, scheme(a, "normal")),
                 N_("use the dist argument: xavier_uniform / he_uniform when dist == 'uniform' (the default).")),
                (lambda s, a, rng, dist="uniform": network(s, rng, transposed(scheme(a, dist))),
                 # the whole sentence, TRANSPOSED included, is one message to translate
                 N_("W_l has shape (n_in, n_out), layer_sizes[l - 1] rows and layer_sizes[l] columns: draw the array "
                    "in its own shape, size=shape: drawing the reversed shape and transposing it (.T) puts the same "
                    "numbers in other places.")))),
]


# The end of init_network, shared by the mistakes that only choose the initializer wrongly
BUILD_PARAMS = ("params = {}\n"
                "for l in range(1, len(layer_sizes)):\n"
                "    n_in, n_out = layer_sizes[l - 1], layer_sizes[l]\n"
                "    params[f'W{l}'] = init((n_in, n_out), n_in, n_out, rng)\n"
                "    params[f'b{l}'] = np.zeros(n_out)\n"
                "return params")

MISTAKES = [
    ("sigma instead of its derivative", "sigmoid_path_factor",
     "s = 1.0 / (1.0 + np.exp(-z))\nreturn float(np.prod(w * s))", "test_sigmoid_path_factor"),
    ("calls nnkit's sigmoid_grad", "sigmoid_path_factor",
     "return float(np.prod(w * nk.functional.sigmoid_grad(z)))", "test_sigmoid_path_factor"),
    ("squared norms", "layer_gradient_norms",
     "return [float(np.sum(g ** 2)) for g in grads.values()]", "test_layer_gradient_norms"),
    ("Frobenius norm that fails on 4-D arrays", "layer_gradient_norms",
     "return [float(np.linalg.norm(g, 'fro')) for g in grads.values()]", "test_layer_gradient_norms"),
    ("fraction of zero entries instead of zero columns", "dead_relu_fraction",
     "return float(np.mean(activations == 0))", "test_dead_relu_fraction"),
    ("dead if zero for some example", "dead_relu_fraction",
     "return float(np.mean(np.any(activations == 0, axis=0)))", "test_dead_relu_fraction"),
    ("per-array norm instead of the global norm", "clip_grad_norm",
     "out = {}\n"
     "for k, g in grads.items():\n"
     "    n = np.linalg.norm(g)\n"
     "    out[k] = g * (max_norm / n) if n > max_norm else g.copy()\n"
     "return out, float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))", "test_clip_grad_norm"),
    ("rescales its input in place", "clip_grad_norm",
     "total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))\n"
     "if total > max_norm:\n"
     "    for g in grads.values():\n"
     "        g *= max_norm / total\n"
     "return dict(grads), total", "test_clip_grad_norm"),
    ("calls nnkit's clip_grad_norm on copies", "clip_grad_norm",
     "copies = {k: g.copy() for k, g in grads.items()}\n"
     "return copies, nk.optim.clip_grad_norm(copies, max_norm)", "test_clip_grad_norm"),
    ("scales even below the threshold", "clip_grad_norm",
     "total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))\n"
     "return {k: g * (max_norm / total) for k, g in grads.items()}, total", "test_clip_grad_norm"),
    ("calls nnkit's xavier_uniform", "xavier_uniform",
     "return nk.init.xavier_uniform(shape, fan_in, fan_out, rng)", "test_xavier_uniform"),
    ("fan_in only in Xavier uniform", "xavier_uniform",
     "r = np.sqrt(6.0 / fan_in)\nreturn rng.uniform(-r, r, size=shape)", "test_xavier_uniform"),
    ("variance passed as the standard deviation", "xavier_normal",
     "return rng.normal(0.0, 2.0 / (fan_in + fan_out), size=shape)", "test_xavier_normal"),
    ("fan_in + fan_out in He uniform", "he_uniform",
     "r = np.sqrt(6.0 / (fan_in + fan_out))\nreturn rng.uniform(-r, r, size=shape)", "test_he_uniform"),
    ("variance passed as the standard deviation", "he_normal",
     "return rng.normal(0.0, 2.0 / fan_in, size=shape)", "test_he_normal"),
    ("global NumPy random state instead of rng", "he_normal",
     "return np.random.normal(0.0, np.sqrt(2.0 / fan_in), size=shape)", "test_he_normal"),
    ("Xavier and He swapped", "init_network",
     "init = {('tanh', 'uniform'): he_uniform, ('tanh', 'normal'): he_normal,\n"
     "        ('sigmoid', 'uniform'): he_uniform, ('sigmoid', 'normal'): he_normal,\n"
     "        ('relu', 'uniform'): xavier_uniform, ('relu', 'normal'): xavier_normal}.get((activation, dist))\n"
     "if init is None:\n"
     "    raise ValueError(activation)\n"
     + BUILD_PARAMS, "test_init_network"),
    ("ignores dist", "init_network",
     "if activation not in ('sigmoid', 'tanh', 'relu'):\n"
     "    raise ValueError(activation)\n"
     "init = he_normal if activation == 'relu' else xavier_uniform\n"
     + BUILD_PARAMS, "test_init_network"),
]

# Right answers written other ways than the solution: each must get full marks (tests/test_grading_checks.py).
RIGHT_ANSWERS = [
    ("sigmoid derivative as 1 / (4 cosh^2(z / 2))", "sigmoid_path_factor",
     "z, w = np.asarray(z, dtype=float), np.asarray(w, dtype=float)\n"
     "return float(np.prod(w / (4.0 * np.cosh(z / 2.0) ** 2)))", "test_sigmoid_path_factor"),
    ("sigmoid derivative as e / (1 + e)^2 with e = exp(-|z|)", "sigmoid_path_factor",
     "e = np.exp(-np.abs(np.asarray(z, dtype=float)))\n"
     "return float(np.prod(np.asarray(w, dtype=float) * e / (1.0 + e) ** 2))", "test_sigmoid_path_factor"),
    ("sigmoid derivative as sigma(z) * sigma(-z)", "sigmoid_path_factor",
     "def sig(t):\n"
     "    return 1.0 / (1.0 + np.exp(-t))\n"
     "z = np.asarray(z, dtype=float)\n"
     "return float(np.prod(np.asarray(w, dtype=float) * sig(z) * sig(-z)))", "test_sigmoid_path_factor"),
    ("textbook s * (1 - s), multiplied layer by layer in a Python loop", "sigmoid_path_factor",
     "factor = 1.0\n"
     "for z_l, w_l in zip(z, w):\n"
     "    s = 1.0 / (1.0 + np.exp(-z_l))\n"
     "    factor *= w_l * s * (1.0 - s)\n"
     "return float(factor)", "test_sigmoid_path_factor"),
    ("in log space: the sign times exp of the sum of log |w sigma'(z)|", "sigmoid_path_factor",
     "z, w = np.asarray(z, dtype=float), np.asarray(w, dtype=float)\n"
     "log_grad = -np.abs(z) - 2.0 * np.log1p(np.exp(-np.abs(z)))   # log sigma'(z), stable\n"
     "return float(np.prod(np.sign(w)) * np.exp(np.sum(np.log(np.abs(w)) + log_grad)))", "test_sigmoid_path_factor"),
    ("np.linalg.norm of the flattened array", "layer_gradient_norms",
     "return [float(np.linalg.norm(np.ravel(g))) for g in grads.values()]", "test_layer_gradient_norms"),
    ("sum of squares in a Python loop over the entries", "layer_gradient_norms",
     "norms = []\n"
     "for name in grads:\n"
     "    total = 0.0\n"
     "    for v in np.asarray(grads[name]).flat:\n"
     "        total += v * v\n"
     "    norms.append(float(np.sqrt(total)))\n"
     "return norms", "test_layer_gradient_norms"),
    ("np.einsum of the flattened array with itself", "layer_gradient_norms",
     "return [float(np.sqrt(np.einsum('i,i->', g.ravel(), g.ravel()))) for g in grads.values()]",
     "test_layer_gradient_norms"),
    ("scaled by the largest entry first (no underflow or overflow)", "layer_gradient_norms",
     "norms = []\n"
     "for g in grads.values():\n"
     "    m = float(np.max(np.abs(g)))\n"
     "    norms.append(m * float(np.sqrt(np.sum((g / m) ** 2))) if m > 0 else 0.0)\n"
     "return norms", "test_layer_gradient_norms"),
    ("norms computed in float32", "layer_gradient_norms",
     "return [float(np.sqrt(np.sum(np.square(np.asarray(g, dtype=np.float32))))) for g in grads.values()]",
     "test_layer_gradient_norms"),
    ("no column with any non-zero entry (np.any), counted", "dead_relu_fraction",
     "a = np.asarray(activations)\n"
     "return float(np.sum(~np.any(a, axis=0)) / a.shape[1])", "test_dead_relu_fraction"),
    ("a Python loop over the columns with np.count_nonzero", "dead_relu_fraction",
     "a = np.asarray(activations)\n"
     "dead = 0\n"
     "for j in range(a.shape[1]):\n"
     "    if np.count_nonzero(a[:, j]) == 0:\n"
     "        dead += 1\n"
     "return dead / a.shape[1]", "test_dead_relu_fraction"),
    ("the largest |output| of each unit is 0", "dead_relu_fraction",
     "a = np.asarray(activations)\n"
     "return float(np.count_nonzero(np.abs(a).max(axis=0) == 0) / a.shape[1])", "test_dead_relu_fraction"),
    ("the mean of a list comprehension over the transposed columns", "dead_relu_fraction",
     "return float(np.mean([not column.any() for column in np.asarray(activations).T]))",
     "test_dead_relu_fraction"),
    ("the norm of all the arrays concatenated, copies below the threshold", "clip_grad_norm",
     "total = float(np.linalg.norm(np.concatenate([np.ravel(g) for g in grads.values()])))\n"
     "if total > max_norm:\n"
     "    return {k: g * (max_norm / total) for k, g in grads.items()}, total\n"
     "return {k: g.copy() for k, g in grads.items()}, total", "test_clip_grad_norm"),
    ("a loop with np.vdot and the factor max_norm / max(total, max_norm)", "clip_grad_norm",
     "squares = 0.0\n"
     "for g in grads.values():\n"
     "    squares += float(np.vdot(g, g))\n"
     "total = squares ** 0.5\n"
     "scale = max_norm / max(total, max_norm)\n"
     "clipped = {}\n"
     "for k in grads:\n"
     "    clipped[k] = grads[k] * scale\n"
     "return clipped, total", "test_clip_grad_norm"),
    ("the global norm by np.hypot of the arrays' norms, divided by total / max_norm", "clip_grad_norm",
     "total = 0.0\n"
     "for g in grads.values():\n"
     "    total = float(np.hypot(total, np.linalg.norm(g)))\n"
     "if total <= max_norm:\n"
     "    return {k: np.array(g) for k, g in grads.items()}, total\n"
     "return {k: g / (total / max_norm) for k, g in grads.items()}, total", "test_clip_grad_norm"),
    ("clipping computed in float32", "clip_grad_norm",
     "g32 = {k: np.asarray(g, dtype=np.float32) for k, g in grads.items()}\n"
     "total = float(np.sqrt(sum(np.sum(g * g) for g in g32.values())))\n"
     "scale = np.float32(max_norm / total) if total > max_norm else np.float32(1.0)\n"
     "return {k: g * scale for k, g in g32.items()}, total", "test_clip_grad_norm"),
    ("Xavier: r with ** 0.5 and keyword arguments", "xavier_uniform",
     "r = (6 / (fan_in + fan_out)) ** 0.5\n"
     "return rng.uniform(low=-r, high=r, size=shape)", "test_xavier_uniform"),
    ("r = sqrt(3) * sigma, from the variance r^2 / 3", "xavier_uniform",
     "sigma = np.sqrt(2.0 / (fan_in + fan_out))\n"
     "r = np.sqrt(3.0) * sigma\n"
     "return rng.uniform(-r, r, shape)", "test_xavier_uniform"),
    ("Xavier: the same draws from rng.random, mapped to [-r, r]", "xavier_uniform",
     "import math\n"
     "r = math.sqrt(6 / (fan_in + fan_out))\n"
     "return -r + 2 * r * rng.random(shape)", "test_xavier_uniform"),
    ("sigma with ** 0.5 and keyword arguments", "xavier_normal",
     "sigma = (2.0 / (fan_in + fan_out)) ** 0.5\n"
     "return rng.normal(loc=0.0, scale=sigma, size=shape)", "test_xavier_normal"),
    ("sigma times rng.standard_normal", "xavier_normal",
     "return np.sqrt(2.0 / (fan_in + fan_out)) * rng.standard_normal(shape)", "test_xavier_normal"),
    ("sigma = r / sqrt(3) from the uniform form's range", "xavier_normal",
     "import math\n"
     "sigma = math.sqrt(6 / (fan_in + fan_out)) / math.sqrt(3)\n"
     "return rng.normal(0, sigma, shape)", "test_xavier_normal"),
    ("r = sqrt(3) * sqrt(2 / fan_in)", "he_uniform",
     "r = np.sqrt(3.0) * np.sqrt(2.0 / fan_in)\n"
     "return rng.uniform(-r, r, size=shape)", "test_he_uniform"),
    ("He: r with ** 0.5, keyword arguments and a tuple shape", "he_uniform",
     "r = (6 / fan_in) ** 0.5\n"
     "return rng.uniform(low=-r, high=r, size=tuple(shape))", "test_he_uniform"),
    ("He: the same draws from rng.random, mapped to [-r, r]", "he_uniform",
     "r = np.sqrt(6.0 / fan_in)\n"
     "return r * (2.0 * rng.random(shape) - 1.0)", "test_he_uniform"),
    ("rng.standard_normal times sigma", "he_normal",
     "return rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)", "test_he_normal"),
    ("sigma = sqrt(2) / sqrt(fan_in)", "he_normal",
     "sigma = np.sqrt(2.0) / np.sqrt(fan_in)\n"
     "return rng.normal(0.0, sigma, size=shape)", "test_he_normal"),
    ("a unit normal scaled by (2 / fan_in) ** 0.5", "he_normal",
     "return rng.normal(0.0, 1.0, size=shape) * (2 / fan_in) ** 0.5", "test_he_normal"),
    ("the initializer looked up by name, zip of the sizes, 'W' + str(l)", "init_network",
     "kinds = {'sigmoid': 'xavier', 'tanh': 'xavier', 'relu': 'he'}\n"
     "if activation not in kinds:\n"
     "    raise ValueError(f'unknown activation {activation!r}')\n"
     "init = {'xavier_uniform': xavier_uniform, 'xavier_normal': xavier_normal,\n"
     "        'he_uniform': he_uniform, 'he_normal': he_normal}[kinds[activation] + '_' + dist]\n"
     "params = {}\n"
     "for l, (n_in, n_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):\n"
     "    params['W' + str(l)] = init((n_in, n_out), n_in, n_out, rng)\n"
     "    params['b' + str(l)] = np.zeros((n_out,))\n"
     "return params", "test_init_network"),
    ("nested conditionals, dict.update and np.zeros_like of a row", "init_network",
     "if activation not in ('sigmoid', 'tanh', 'relu'):\n"
     "    raise ValueError(activation)\n"
     "xavier = activation != 'relu'\n"
     "if dist == 'uniform':\n"
     "    init = xavier_uniform if xavier else he_uniform\n"
     "else:\n"
     "    init = xavier_normal if xavier else he_normal\n"
     "params = {}\n"
     "for l in range(len(layer_sizes) - 1):\n"
     "    W = init((layer_sizes[l], layer_sizes[l + 1]), layer_sizes[l], layer_sizes[l + 1], rng)\n"
     "    params.update({f'W{l + 1}': W, f'b{l + 1}': np.zeros_like(W[0])})\n"
     "return params", "test_init_network"),
    ("a match statement, all the weights drawn first, then dict() of the pairs", "init_network",
     "match activation, dist:\n"
     "    case ('sigmoid' | 'tanh', 'uniform'):\n"
     "        init = xavier_uniform\n"
     "    case ('sigmoid' | 'tanh', 'normal'):\n"
     "        init = xavier_normal\n"
     "    case ('relu', 'uniform'):\n"
     "        init = he_uniform\n"
     "    case ('relu', 'normal'):\n"
     "        init = he_normal\n"
     "    case _:\n"
     "        raise ValueError(f'unknown activation {activation!r}')\n"
     "weights = [init((n_in, n_out), n_in, n_out, rng) for n_in, n_out in zip(layer_sizes, layer_sizes[1:])]\n"
     "pairs = []\n"
     "for l, W in enumerate(weights, start=1):\n"
     "    pairs += [(f'W{l}', W), (f'b{l}', np.zeros(W.shape[1]))]\n"
     "return dict(pairs)", "test_init_network"),
]
