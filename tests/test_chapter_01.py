"""Chapter 1, "What is deep learning": the numbers the text states, recomputed by hand, and the page's parts."""

import math
import re

PAGE = "01_what_is_deep_learning"


def test_lecture4_minibatch_arithmetic(glued):
    # lecture 4's worked example: 100 rows, batch size 10 -> 100 / 10 = 10 updates per epoch.
    assert glued("ch01_example_updates") == 10


def test_moons_split_and_updates_per_epoch(glued):
    # 200 moons points, a quarter held out: ceil(0.25 * 200) = 50 test rows, 150 training rows.
    n_train = 200 - math.ceil(0.25 * 200)
    assert glued("ch01_n_train") == n_train == 150
    assert glued("ch01_batch_size") == 25
    # ceil(150 / 25) = 6 updates per epoch, as the self-check answer says.
    assert glued("ch01_updates_per_epoch") == math.ceil(n_train / 25) == 6


def test_features_example(glued):
    # No straight line separates two concentric rings: the raw logistic unit stays near chance.
    assert glued("ch01_acc_raw") < 0.75
    # The hand-made squared radius and the learned hidden layer both separate them.
    assert glued("ch01_acc_hand") >= 0.95
    assert glued("ch01_acc_learned") >= 0.95


def test_training_loop(glued):
    # One update of steps 2-4 lowers the loss; training lowers it a lot and generalizes.
    assert glued("ch01_loss_after") < glued("ch01_loss_before")
    # A fresh binary classifier starts near the loss of guessing 0.5, ln 2.
    assert abs(glued("ch01_loss_before") - math.log(2)) < 0.3
    assert glued("ch01_train_loss") < 0.5 * glued("ch01_first_loss")
    assert glued("ch01_test_acc") >= 0.95
    assert glued("ch01_epochs") == 400


def test_width_sweep(glued):
    # One hidden unit draws a straight line (moons are not linearly separable); three bend it.
    assert glued("ch01_acc_width1") < 0.95
    assert glued("ch01_acc_width3") >= 0.95
    # the explorer's seeds: some starting points end worse with 3 or 4 units ("training can get stuck")
    assert glued("ch01_acc_width34_worst") <= glued("ch01_acc_width3") - 0.05


def test_page_has_figures_with_alt_text(html):
    images = re.findall(r'<img alt="([^"]+)" src="\.\./_images/', html)
    assert len(images) >= 4
    assert all(len(alt) > 40 for alt in images)
    for name in ("fig-ch01-ai-ml-dl", "fig-ch01-features", "fig-ch01-moons", "fig-ch01-width-grid"):
        assert f'id="{name}"' in html
