"""Remaining time to the next model change: closed forms against the code (no sampling)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from decision.evidence.survival import (
    LONGEST_MONTHS,
    predictive_remaining_cdf,
    predictive_remaining_quantile,
    remaining_quantile,
)

U = np.array([0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99])


@given(shape=st.floats(0.3, 4.0), scale=st.floats(1.0, 100.0), elapsed=st.floats(0.0, 60.0))
def test_remaining_quantile_inverts_the_conditional_weibull(shape: float, scale: float,
                                                            elapsed: float) -> None:
    weibull = stats.weibull_min(shape, scale=scale)
    r = remaining_quantile(U, shape, scale, elapsed)
    conditional_cdf = -np.expm1(weibull.logsf(elapsed + r) - weibull.logsf(elapsed))
    np.testing.assert_allclose(conditional_cdf, U, rtol=1e-6)


def test_exponential_remaining_time_forgets_the_elapsed_months() -> None:
    lam = 1 / 15
    for elapsed in (0.0, 8.0, 40.0):
        np.testing.assert_allclose(remaining_quantile(U, 1.0, 1 / lam, elapsed),
                                   stats.expon(scale=1 / lam).ppf(U), rtol=1e-10)


def test_an_ageing_model_is_due_sooner() -> None:
    """Shape > 1 (wear-out): the longer the model has lasted, the sooner it changes."""
    young = remaining_quantile(0.5, 2.0, 20.0, 2.0)
    old = remaining_quantile(0.5, 2.0, 20.0, 20.0)
    assert old < young


def test_predictive_of_a_gamma_rate_is_lomax() -> None:
    """Exponential time to change, rate ~ Gamma(a, b): the remaining time is Lomax(a, b)."""
    a, b = 4.0, 36.0
    rates = stats.gamma(a, scale=1 / b).ppf((np.arange(20_000) + 0.5) / 20_000)
    lomax = stats.lomax(a, scale=b)
    months = np.array([0.5, 3.0, 12.0, 40.0, 150.0])
    np.testing.assert_allclose(predictive_remaining_cdf(months, np.ones_like(rates), 1 / rates,
                                                        8.0), lomax.cdf(months), atol=1e-4)
    np.testing.assert_allclose(predictive_remaining_quantile(U, np.ones_like(rates), 1 / rates,
                                                             8.0), lomax.ppf(U), rtol=2e-3)


def test_predictive_quantile_of_one_parameter_set_is_the_closed_form() -> None:
    shape, scale = np.array([1.7]), np.array([22.0])
    np.testing.assert_allclose(predictive_remaining_quantile(U, shape, scale, 8.0),
                               remaining_quantile(U, 1.7, 22.0, 8.0), rtol=2e-3)


def test_beyond_any_horizon_is_capped() -> None:
    """A nearly-never-changing model: quantiles past the grid mean "no change in any horizon"."""
    far = predictive_remaining_quantile(np.array([0.5, 0.999999]), np.array([0.2]),
                                        np.array([1e6]), 1.0)
    assert far[1] == LONGEST_MONTHS
    assert 0 < far[0] <= LONGEST_MONTHS


@pytest.mark.parametrize("elapsed", [0.0, 12.0])
def test_predictive_quantile_is_monotone(elapsed: float) -> None:
    rng = np.random.default_rng(3)
    shape, scale = rng.lognormal(0, 0.5, 500), rng.lognormal(np.log(24), 1, 500)
    q = predictive_remaining_quantile(np.linspace(0, 0.999, 400), shape, scale, elapsed)
    assert np.all(np.diff(q) >= 0)
