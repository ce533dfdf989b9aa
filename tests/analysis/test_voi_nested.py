"""EVPPI of single inputs of a shipped file against nested Monte Carlo through the cost model
(marked slow: a few hundred cost-model runs)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from decision.analysis.voi import EVPPIRegressions
from decision.model.conditional import ConditionalSavings
from decision.model.sampling import draw_inputs
from decision.scenario.priors_file import load_scenario

PRIORS = Path(__file__).parents[2] / "priors" / "merchant-asic.yaml"
#: Stratified values of the input at which the inner expectation is taken.
OUTER = 40


@pytest.mark.slow
@pytest.mark.parametrize("path", ["asic.node_price_usd", "asic.porting_usd",
                                  "gpu.node_price_usd"])
def test_evppi_matches_nested_monte_carlo(path: str) -> None:
    """``E_x[max(0, E(savings | x))] - max(0, E savings)`` with the inner expectation over all
    20,000 draws of the other inputs at 40 quantiles of ``x``: the regression's estimate is
    within three of its standard errors."""
    scenario = load_scenario(PRIORS)
    model = ConditionalSavings.from_draws(scenario, draw_inputs(scenario, 20_000, 3), seed=3)
    quantiles = np.quantile(model.values[path], (np.arange(OUTER) + 0.5) / OUTER)
    conditional = model.savings_each([{path: v} for v in quantiles]).mean(axis=1)
    nested = np.maximum(conditional, 0).mean() - max(model.savings().mean(), 0)
    result = EVPPIRegressions(-model.totals(), {path: model.values[path]}).single(path)
    assert nested > 0
    assert abs(result.value - nested) < 3 * result.standard_error
