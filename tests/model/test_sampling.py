"""Monte Carlo draws: seeding, common random numbers, correlations, the inputs Dataset."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from decision.model.sampling import draw_inputs
from decision.scenario.priors_file import load_scenario


@pytest.fixture
def uncertain(write_priors):
    return write_priors({
        "gpu.utilization": {"dist": "Beta", "ci90": [0.3, 0.55]},
        "facility.power_price_usd_per_kwh": {"ci90": [0.07, 0.11]},
        "asic.perf_per_watt_gain": {"dist": "LogNormal", "ci90": [2.0, 5.0]},
    }, extra={"correlations": [
        {"inputs": ["gpu.utilization", "asic.perf_per_watt_gain"], "rank": -0.6}]})


def test_draws_are_seeded_and_follow_the_priors(uncertain) -> None:
    scenario = load_scenario(uncertain)
    a = draw_inputs(scenario, draws=50_000, seed=1)
    b = draw_inputs(scenario, draws=50_000, seed=1)
    assert a.identical(b)
    assert not np.array_equal(a["gpu.utilization"], draw_inputs(scenario, 50_000, 2)[
        "gpu.utilization"])
    util = a["gpu.utilization"].values
    np.testing.assert_allclose(np.percentile(util, [5, 95]), [0.3, 0.55], atol=0.005)
    assert a["gpu.chips_per_node"].dims == () and float(a["gpu.chips_per_node"]) == 4
    assert a["gpu.utilization"].attrs["unit"] == "fraction"


def test_rank_correlation_is_imposed(uncertain) -> None:
    inputs = draw_inputs(load_scenario(uncertain), draws=50_000, seed=3)
    rho = stats.spearmanr(inputs["gpu.utilization"], inputs["asic.perf_per_watt_gain"])[0]
    assert rho == pytest.approx(-0.6, abs=0.02)
    independent = stats.spearmanr(inputs["gpu.utilization"],
                                  inputs["facility.power_price_usd_per_kwh"])[0]
    assert abs(independent) < 0.02


def test_an_input_keeps_its_stream_whatever_else_is_uncertain(write_priors) -> None:
    one = load_scenario(write_priors({"gpu.utilization": {"ci90": [0.3, 0.55]}}, name="one"))
    two = load_scenario(write_priors({"gpu.utilization": {"ci90": [0.3, 0.55]},
                                      "facility.pue": {"ci90": [1.2, 1.6]}}, name="two"))
    np.testing.assert_array_equal(draw_inputs(one, 1000, 9)["gpu.utilization"],
                                  draw_inputs(two, 1000, 9)["gpu.utilization"])
