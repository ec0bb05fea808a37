"""Chapter 12, "Practical methodology": every claim the page makes about its numbers, checked on the glued values
(the sanity checks, the four loss curves, the update-to-weight ratios, grid against random search, the test set)."""

import math

PAGE = "12_practical_methodology"
GLUE_PREFIX = "ch12_"

BAND = (1e-4, 1e-2)  # the rule of thumb's 1e-3, within a factor of ten


def test_the_split_uses_every_image_once(glued):
    n_train, n_val, n_test = glued("n_train"), glued("n_val"), glued("n_test")
    assert n_train + n_val + n_test == 1797
    assert abs(n_test / 1797 - 0.2) < 0.01 and abs(n_val / (n_train + n_val) - 0.25) < 0.01


def test_initial_loss_is_about_ln_k(glued):
    assert glued("ln_k") == math.log(10)
    # "a little above ln K" over five seeds; "ln K to three decimals" with small output weights
    assert glued("ln_k") < glued("first_loss_min") <= glued("first_loss_max") < glued("ln_k") + 0.5
    assert round(glued("small_first_loss"), 3) == round(math.log(10), 3)


def test_a_tiny_batch_is_memorised_not_generalised_from(glued):
    assert glued("tiny_loss") < 0.01 and glued("tiny_acc") == 1.0
    assert 0.1 + 0.2 < glued("tiny_val_acc") < glued("final_val") - 0.1  # "far better than chance, far from ..."


def test_gradient_check_tells_the_planted_bug(glued):
    assert glued("check_correct") < 1e-7
    assert glued("check_buggy") > 0.05


def test_the_four_loss_curves(glued):
    ln_k = math.log(10)
    assert glued("small_lr_last") > ln_k                           # too small: hardly below the start
    assert glued("good_lr_last") < 0.5 and abs(glued("good_lr_val_last") - glued("good_lr_last")) < 0.1
    assert glued("large_lr_first") > ln_k and abs(glued("large_lr_last") - ln_k) < 0.1   # stuck at guessing
    assert glued("large_lr_dead") >= 60                              # "a network without live units"
    assert glued("over_train_last") < 0.01
    assert glued("over_best_epoch") < 300 and glued("over_val_last") > glued("over_val_best") + 0.01


def test_update_to_weight_ratios_read_the_learning_rate(glued):
    assert glued("ratio_0_hidden") < BAND[0]                        # eta = 1e-4: below the band
    for layer in ("hidden", "output"):
        assert BAND[0] <= glued(f"ratio_1_{layer}") <= BAND[1]     # eta = 0.03: inside it
        assert glued(f"ratio_2_{layer}") > BAND[1]                  # eta = 3: above it
    assert glued("ratio_2_output_max") >= 0.5                       # "updates as large as the weights"


def test_random_search_beats_the_grid(glued):
    assert glued("grid_distinct_lr") == 3 and glued("grid_best_lr") == 0.01
    assert glued("n_trials") == 9 + 5 * 9
    assert glued("random_best_min") <= glued("random_best_max")
    assert glued("random_wins") > glued("n_draws") / 2               # the chapter's claim holds on most draws
    # "between the grid's 1e-2 and 1e-1, a range the grid never tried"
    assert 0.01 < glued("random_best_lr_min") <= glued("random_best_lr_max") < 0.1


def test_the_test_set_is_used_once_and_reads_lower(glued):
    assert glued("final_val") == glued("random_best_max")           # the same run as the search's winner
    assert glued("random_best_lr_min") <= glued("chosen_lr") <= glued("random_best_lr_max")  # one draw's best
    assert glued("final_test") < glued("final_val")
