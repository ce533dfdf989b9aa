"""Monte Carlo standard errors that count the NUTS draws behind evidenced inputs."""

from __future__ import annotations

import numpy as np
import pytest

from decision.analysis.posterior_error import posterior_monte_carlo_error
from tests.analysis.test_decision import costs_of

DRAWS, ESS = 20_000, 400.0


def costs_with_savings(savings: np.ndarray) -> object:
    gpu = np.full((savings.size, 1), 1e6)
    return costs_of(gpu, gpu - savings[:, None])


def test_savings_set_by_the_evidenced_input_carry_its_ess() -> None:
    theta = np.random.default_rng(1).normal(size=DRAWS)
    savings = 1000 * (theta - 0.3)
    error = posterior_monte_carlo_error(costs_with_savings(savings), {"x": theta}, ESS)
    cheaper = (savings > 0).astype(float)
    assert error.savings_mean == pytest.approx(savings.std() * np.sqrt(1 / DRAWS + 1 / ESS),
                                               rel=0.01)
    assert error.p_asic_cheaper == pytest.approx(cheaper.std() * np.sqrt(1 / DRAWS + 1 / ESS),
                                                 rel=0.05)


def test_savings_unrelated_to_the_evidenced_input_keep_the_draws_error() -> None:
    rng = np.random.default_rng(2)
    theta, other = rng.normal(size=(2, DRAWS))
    savings = 1000 * (other - 0.3)
    error = posterior_monte_carlo_error(costs_with_savings(savings), {"x": theta}, ESS)
    p = (savings > 0).mean()
    assert error.p_asic_cheaper == pytest.approx(np.sqrt(p * (1 - p) / DRAWS), rel=0.1)
    assert error.savings_mean == pytest.approx(savings.std() / np.sqrt(DRAWS), rel=0.1)
