"""Shared Monte Carlo numerics against the library they stand for."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import percentileofscore

from decision.model.statistics import binomial_standard_error, mean_standard_error, mid_rank


@given(st.lists(st.integers(-5, 5), min_size=1, max_size=40), st.integers(-6, 6))
def test_mid_rank_is_scipys_mean_percentile(sample: list[int], score: int) -> None:
    expected = percentileofscore(sample, score, kind="mean") / 100
    assert mid_rank(sample, score) == pytest.approx(expected)


def test_mid_rank_is_vectorised_over_scores() -> None:
    sample = np.array([1.0, 2.0, 2.0, 3.0])
    np.testing.assert_allclose(mid_rank(sample, [0.0, 2.0, 5.0]), [0.0, 0.5, 1.0])


def test_standard_errors() -> None:
    assert binomial_standard_error(0.25, 4) == pytest.approx(np.sqrt(0.25 * 0.75 / 4))
    assert mean_standard_error(np.array([1.0, 3.0])) == pytest.approx(1.0)
    assert mean_standard_error(np.array([7.0])) == 0.0
