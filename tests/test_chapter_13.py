"""Chapter 13, "Architectures and pre-trained networks": every number and claim of the page, checked on the glued
values against the published architectures and against what the prose says (the AlexNet and VGG-16 arithmetic,
the receptive fields, plain against residual depth, and the transfer experiment)."""

import numpy as np

import nnkit as nk

PAGE = "13_architectures_and_transfer"
GLUE_PREFIX = "ch13_"
FEW = (1, 2, 5, 10)  # "up to ten labelled images per class"


def test_alexnet_sizes_and_parameters(glued):
    # 227 -> 55 -> 27 -> 13 -> 6; 6 * 6 * 256 = 9216; 62,378,344 parameters without the two-GPU grouping
    assert [glued(n) for n in ("alex_conv1", "alex_pool1", "alex_pool2", "alex_pool5")] == [55, 27, 13, 6]
    assert glued("alex_flat") == 9216
    assert glued("alex_params") == 62_378_344
    assert glued("alex_224") == 54                          # floor((224 - 11) / 4) + 1: 224 does not give 55
    fc6 = 9216 * 4096 + 4096
    assert abs(glued("alex_fc6_share") - 100 * fc6 / 62_378_344) < 1e-9
    # "the five convolutions hold only 6 %, but do 95 % of the multiply-adds"
    assert round(glued("alex_conv_params_pct")) == 6 and round(glued("alex_conv_macs_pct")) == 95


def test_vgg16_has_its_published_size(glued):
    assert glued("vgg16_weight_layers") == 16
    assert glued("vgg16_params") == 138_357_544


def test_stacked_3x3_receptive_fields(glued):
    assert glued("field_2") == 5 and glued("field_3") == 7
    # paths from each input to the output of three all-ones 3x3 layers: [1, 1, 1] convolved with itself 3 times
    paths = np.convolve(np.convolve([1, 1, 1], [1, 1, 1]), [1, 1, 1])
    share = paths[1:6].sum() ** 2 / paths.sum() ** 2
    assert abs(glued("field_3_centre_share") - share) < 1e-12
    assert round(100 * glued("field_3_centre_share")) == 86


def test_shortcuts_keep_the_gradient_and_let_the_network_train(glued):
    assert glued("n_seeds") == 5
    assert glued("plain_grad_max") < 1e-10 < 0.1 < glued("res_grad_min")
    assert 0.15 < glued("plain_factor") < 0.3               # "close to the sigmoid's largest derivative, 1/4"
    assert glued("plain_acc_max") < 0.15                    # "a guess among ten digits, in every seed"
    assert 0.5 < glued("res_acc_min") <= glued("res_acc_max")


def test_frozen_features_win_when_labels_are_few(glued):
    _, y = nk.data.digits()
    assert glued("n_source") == 4 * int(np.sum(y < 5)) == 3604     # four placements of every 0 to 4
    assert glued("draws_few") == 5 * len(FEW)
    assert glued("frozen_wins_few") >= 0.9 * glued("draws_few")
    for k in FEW:
        frozen = glued(f"frozen_features_k{k}")
        assert frozen > max(glued(f"from_scratch_k{k}"), glued(f"fine_tuning_k{k}"), glued(f"pixels_k{k}"))
    assert glued("frozen_features_k1") > 0.2 + 0.1          # well above chance with one image per class


def test_the_advantage_shrinks_as_labels_grow(glued):
    gap = {k: glued(f"frozen_features_k{k}") - glued(f"from_scratch_k{k}") for k in (5, 20)}
    assert gap[20] < gap[5]
    # "level with the frozen features' ..." at 20 per class
    for method in ("from_scratch", "fine_tuning"):
        assert abs(glued(f"{method}_k20") - glued("frozen_features_k20")) < 0.05


def test_pixels_are_worst_and_fine_tuning_stays_near_scratch(glued):
    assert glued("pixels_lowest") == 1 and glued("pixels_k20") < 0.5
    for k in (*FEW, 20):
        assert abs(glued(f"fine_tuning_k{k}") - glued(f"from_scratch_k{k}")) < 0.06
