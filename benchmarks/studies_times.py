"""Speed of valuing studies: three designs × 6 sizes at 100,000 draws of
``priors/merchant-asic.yaml`` (target: under 30 s), and the waits of its ``waiting:``.

Run: ``uv run python benchmarks/studies_times.py``. Prints a Markdown table.
"""

from __future__ import annotations

import time

from decision.analysis.evsi import DelayedNetBenefits, value_of_studies, value_of_waiting
from decision.model.conditional import ConditionalSavings
from decision.model.costs import evaluate_costs
from decision.model.sampling import draw_inputs
from decision.scenario.priors_file import load_scenario
from decision.scenario.studies import Study, Waiting

DESIGNS = (
    Study("throughput", "benchmark", "asic.throughput_ratio", (1, 2, 5, 10, 20, 50),
          relative_noise=0.15, cost_usd=20_000, months=1),
    Study("utilisation", "benchmark", "gpu.utilization", (1, 2, 5, 10, 20, 50),
          sd_noise=0.05, cost_usd=5_000),
    Study("model", "watch", "asic.model_freeze_months", (1, 2, 3, 6, 9, 12)),
)


def main() -> None:
    scenario = load_scenario("priors/merchant-asic.yaml")
    inputs = draw_inputs(scenario)
    costs = evaluate_costs(inputs, scenario.options)
    model = ConditionalSavings.from_draws(scenario, inputs, seed=scenario.seed)
    delayed = DelayedNetBenefits(model, -costs["monthly_cost"].sum("month").values)
    start = time.perf_counter()
    value_of_studies(model, delayed, DESIGNS)
    studies = time.perf_counter() - start
    start = time.perf_counter()
    value_of_waiting(model, DelayedNetBenefits(model, delayed(0.0)),
                     Waiting((3, 6, 12), ("asic.model_freeze_months",), 0.05))
    waiting = time.perf_counter() - start
    print("| what | time |\n|---|---:|")
    print(f"| 3 designs × 6 sizes at 100,000 draws (18 EVSI, 6 delays re-costed; target < 30 s)"
          f" | {studies:.1f} s |")
    print(f"| waiting 3, 6 and 12 months (model freeze and growth revealed; delays re-costed)"
          f" | {waiting:.1f} s |")


if __name__ == "__main__":
    main()
