"""Shared test settings: a non-interactive matplotlib backend and seeded generators."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")


@pytest.fixture
def rng():
    return np.random.default_rng(1234)
