"""Speed of the TCO core and of the Monte Carlo draws (pytest-benchmark).

Run: ``uv run pytest benchmarks --benchmark-columns=min,median,max``. Figures are in the README.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from decision.model.costs import evaluate_costs
from decision.model.sampling import draw_inputs
from decision.model.tco import evaluate
from decision.scenario.catalogue import CATALOGUE, Domain
from decision.scenario.priors_file import load_scenario

TEAM = load_scenario(Path(__file__).parents[1] / "priors" / "team.yaml")


def team_inputs(draws: int) -> dict:
    inputs = draw_inputs(TEAM, draws=draws, seed=1)
    return {spec.path: inputs[spec.path].values for spec in CATALOGUE}


def every_input_uncertain(draws: int) -> dict:
    """Worst case: every non-count input varies by draw (discounting and growth included)."""
    inputs = team_inputs(draws)
    for spec in CATALOGUE:
        if spec.domain is not Domain.COUNT and inputs[spec.path].ndim == 0:
            inputs[spec.path] = inputs[spec.path] * (1 + 0.01 * (inputs["gpu.utilization"] - 0.4))
    return inputs


@pytest.mark.parametrize("months", [12, 60, 120])
@pytest.mark.parametrize("draws", [10_000, 100_000])
def test_core_team_priors(benchmark, draws: int, months: int) -> None:
    inputs = team_inputs(draws)
    benchmark.group = f"core, team.yaml inputs, {months} months"
    benchmark(evaluate, inputs, months)


def test_core_every_input_uncertain(benchmark) -> None:
    inputs = every_input_uncertain(100_000)
    benchmark.group = "core, every input uncertain, 60 months"
    benchmark(evaluate, inputs, 60)


def test_draw_inputs(benchmark) -> None:
    benchmark.group = "Monte Carlo draws of team.yaml"
    benchmark(draw_inputs, TEAM, 100_000, 1)


def test_draws_and_core_labelled(benchmark) -> None:
    benchmark.group = "draws + core as xarray, team.yaml"
    benchmark(lambda: evaluate_costs(draw_inputs(TEAM, 100_000, 1)))
