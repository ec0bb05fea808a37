"""How ps6's accuracy bar separates right networks from wrong ones over the splits drawn at grading time.

Run from the repository root::

    python benchmarks/bench_cnn_bar.py [--splits 20] [--jobs 2]

When ps6 is graded, its data cell splits the digits by a seed drawn for each student
(``grading/problems/ps6_cnn.py``): the network is trained on 1437 images and scored on 360 it never
held. This trains the solution's network, every right answer (``RIGHT_ANSWERS``) and every typical
mistake (``MISTAKES``) of Part 8 on the same ``--splits`` splits, in this process as the kernel would,
and prints each one's lowest, mean and highest accuracy on the held-out images, and how many splits
reach the bar (``MIN_ACCURACY``). A right answer should reach it on every split, a mistake on none.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# one BLAS thread per process: the processes share the cores (several BLAS threads each only contend)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import nbformat  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nnkit as nk  # noqa: E402
from grading.problems import graded_source, ps6_cnn  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PART = next(part for part in ps6_cnn.PARTS if part.grade_id == "test_cnn")


def networks() -> list[tuple[str, str]]:
    """(what it is, the code of the cell that defines ``model``): the solution, right answers, mistakes."""
    solution = nbformat.read(ROOT / "solutions" / "ps6_cnn" / "ps6_cnn.ipynb", as_version=4)
    cell = next(c for c in solution.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "cnn")
    right = [(f"right: {what}", code) for what, cell_id, code, _ in ps6_cnn.RIGHT_ANSWERS if cell_id == "cnn"]
    wrong = [(f"mistake: {what}", code) for what, cell_id, code, _ in ps6_cnn.MISTAKES if cell_id == "cnn"]
    return [("the solution", cell.source)] + right + wrong


def accuracy(code: str, seed: int) -> float:
    """The accuracy of the network ``code`` trains when the grader's data cell ran with ``seed``."""
    namespace = {"np": np, "nk": nk}
    with contextlib.redirect_stdout(io.StringIO()):  # the data cell's print
        exec(graded_source(PART, seed), namespace)  # noqa: S102
    exec(code, namespace)  # noqa: S102
    images = PART.cases(np.random.default_rng(seed))[0].args[0]
    scores = nk.train.predict(namespace["model"], images)
    return float(np.mean(np.argmax(scores, axis=1) == ps6_cnn.labels_of(images)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", type=int, default=20, help="splits drawn, one per seed")
    parser.add_argument("--first-seed", type=int, default=0, help="the seeds are first-seed, first-seed + 1, ...")
    parser.add_argument("--jobs", type=int, default=2, help="processes training networks side by side")
    args = parser.parse_args()
    entries = networks()
    with ProcessPoolExecutor(args.jobs) as pool:
        seeds = range(args.first_seed, args.first_seed + args.splits)
        futures = {(name, seed): pool.submit(accuracy, code, seed) for name, code in entries for seed in seeds}
        for name, _ in entries:
            scores = np.array([futures[name, seed].result() for seed in seeds])
            passed = int(np.sum(scores >= ps6_cnn.MIN_ACCURACY))
            print(f"{scores.min():.4f}  {scores.mean():.4f}  {scores.max():.4f}  {passed:>3}/{args.splits}  {name}",
                  flush=True)
    print(f"(lowest, mean, highest accuracy on the 360 held-out images; splits reaching {ps6_cnn.MIN_ACCURACY})")


if __name__ == "__main__":
    main()
