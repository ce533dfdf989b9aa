"""Speed of the decision analysis against its targets: a 25 × 25 crossover map at 20,000 draws
per cell, EVPPI of 30 inputs at 100,000 draws in under 5 s (two options, and the seven of
``priors/llama70b-platforms.yaml``); and what the analysis adds to ``decide run``.

Run: ``uv run python benchmarks/decision_analysis_times.py``. Prints a Markdown table.
"""

from __future__ import annotations

import time

import numpy as np

from decision.analysis.mind_changers import mind_changers
from decision.analysis.sweep import DEFAULT_AXES, parse_axis, sweep
from decision.analysis.voi import EVPPIRegressions
from decision.model.conditional import ConditionalSavings
from decision.model.costs import evaluate_costs
from decision.model.sampling import draw_inputs
from decision.scenario.priors_file import load_scenario

MERCHANT = "priors/merchant-asic.yaml"
PLATFORMS = "priors/llama70b-platforms.yaml"


def timed(label: str, work) -> tuple[str, float]:
    start = time.perf_counter()
    work()
    return label, time.perf_counter() - start


def main() -> None:
    scenario = load_scenario(MERCHANT)
    rows = []

    inputs = draw_inputs(scenario, 20_000, scenario.seed)
    model = ConditionalSavings.from_draws(scenario, inputs, seed=scenario.seed)
    values = {p: inputs[p].values for p in inputs.data_vars}
    axes = [parse_axis(path, scenario, values) for path in DEFAULT_AXES]
    rows.append(timed("crossover map 25 × 25 at 20,000 draws per cell (+ break-even per draw)",
                      lambda: sweep(model, *axes)))

    rng = np.random.default_rng(0)
    x = rng.uniform(size=(100_000, 30))
    stake = 1e5 * (x[:, 0] - 0.4) + 3e4 * np.sin(6 * x[:, 1]) + 2e4 * rng.normal(size=100_000)
    nb = np.column_stack([np.zeros(100_000), stake])
    named = {str(j): x[:, j] for j in range(30)}
    rows.append(timed("EVPPI of 30 single inputs at 100,000 draws, 2 options (with standard"
                      " errors)", lambda: EVPPIRegressions(nb, named).each()))
    platforms = load_scenario(PLATFORMS)
    drawn = draw_inputs(platforms, 100_000, platforms.seed)
    engine = ConditionalSavings.from_draws(platforms, drawn, seed=platforms.seed)
    totals = engine.totals()
    first = {p: engine.values[p] for p in engine.uncertain[:30]}
    rows.append(timed("EVPPI of 30 single inputs at 100,000 draws, the 7 options of"
                      " llama70b-platforms.yaml", lambda: EVPPIRegressions(-totals, first).each()))

    inputs = draw_inputs(scenario)
    costs = evaluate_costs(inputs)
    model = ConditionalSavings.from_draws(scenario, inputs, seed=scenario.seed)
    rows.append(timed("decision analysis of merchant-asic.yaml in `decide run` (100,000 draws;"
                      " VOI of 20 inputs + 5 groups, tornado, break-even, PAWN, widening)",
                      lambda: mind_changers(model, costs)))

    print("| what | time |\n|---|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.1f} s |")


if __name__ == "__main__":
    main()
