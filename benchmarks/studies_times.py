"""Speed of valuing studies: three designs × 6 sizes at 100,000 draws of
``priors/merchant-asic.yaml`` (target: under 30 s) — 6 delays re-costed and 18 regressions —
on one thread, on a thread per core (the default), and on a local Dask cluster of two worker
processes (start-up apart); and the waits of its ``waiting:``.

Run: ``uv run python benchmarks/studies_times.py``. Prints a Markdown table.
"""

from __future__ import annotations

import time

from decision.analysis.evsi import DelayedNetBenefits, value_of_studies, value_of_waiting
from decision.model.conditional import ConditionalSavings
from decision.model.costs import evaluate_costs
from decision.model.sampling import draw_inputs
from decision.model.workers import start_workers
from decision.scenario.priors_file import load_scenario
from decision.scenario.studies import Study, Waiting

DESIGNS = (
    Study("throughput", "benchmark", "asic.throughput_ratio", (1, 2, 5, 10, 20, 50),
          relative_noise=0.15, cost_usd=20_000, months=1),
    Study("utilisation", "benchmark", "gpu.utilization", (1, 2, 5, 10, 20, 50),
          sd_noise=0.05, cost_usd=5_000),
    Study("model", "watch", "asic.model_freeze_months", (1, 2, 3, 6, 9, 12)),
)


class OneThread:
    """Each regression in turn, on this thread."""

    size = 1

    def map(self, function, engine, items):  # noqa: ANN001, ANN201 - the Workers protocol
        return (function(engine, item) for item in items)

    def close(self) -> None:
        return None


def timed(call) -> tuple[float, object]:  # noqa: ANN001
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main() -> None:
    scenario = load_scenario("priors/merchant-asic.yaml")
    inputs = draw_inputs(scenario)
    costs = evaluate_costs(inputs, scenario.options)
    model = ConditionalSavings.from_draws(scenario, inputs, seed=scenario.seed)
    net_benefit = -costs["monthly_cost"].sum("month").values

    def studies(where) -> tuple[float, object]:  # noqa: ANN001
        return timed(lambda: value_of_studies(model, DelayedNetBenefits(model, net_benefit),
                                              DESIGNS, where))

    serial, first = studies(OneThread())
    threads, again = studies(None)
    startup, cluster = timed(lambda: start_workers(2))
    try:
        dask, remote = studies(cluster)
    finally:
        cluster.close()
    assert first == again == remote, "the studies differ with where they ran"
    start = time.perf_counter()
    value_of_waiting(model, DelayedNetBenefits(model, net_benefit),
                     Waiting((3, 6, 12), ("asic.model_freeze_months",), 0.05))
    waiting = time.perf_counter() - start
    print("| what | time |\n|---|---:|")
    print(f"| 3 designs × 6 sizes at 100,000 draws (6 delays re-costed, 18 EVSI; target < 30 s):"
          f" one thread / a thread per core / 2 Dask workers (their start-up, {startup:.1f} s,"
          f" apart) | {serial:.1f} / {threads:.1f} / {dask:.1f} s |")
    print(f"| waiting 3, 6 and 12 months (model freeze and growth revealed; delays re-costed)"
          f" | {waiting:.1f} s |")


if __name__ == "__main__":
    main()
