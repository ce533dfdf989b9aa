"""What the performance layer adds to a 100,000-draw ``decide run``: the roofline of a
``serving:`` section (``priors/llama70b-h100-vs-asic.yaml``, H100 and a custom ASIC) against
the whole run of that file, both measured in this process.

Run: ``uv run python benchmarks/serving_overhead.py``. The roofline is the best of 5; the run
is the best of 2 (results go to a temporary folder).
"""

from __future__ import annotations

import tempfile
import timeit
from pathlib import Path

from decision.performance.serving import serving_physics
from decision.pipeline.run import run
from decision.scenario.priors_file import load_scenario

PRIORS = Path(__file__).parents[1] / "priors" / "llama70b-h100-vs-asic.yaml"


def main() -> None:
    scenario = load_scenario(PRIORS)
    roofline = min(timeit.repeat(lambda: serving_physics(scenario.serving.spec, scenario.seed),
                                 number=1, repeat=5))
    with tempfile.TemporaryDirectory() as out:
        whole = min(timeit.repeat(lambda: run(PRIORS, draws=100_000, out=out), number=1,
                                  repeat=2))
    print(f"roofline of the serving: section (2 platforms, 20,000 draws): {roofline:.2f} s")
    print(f"decide run, 100,000 draws (roofline included): {whole:.2f} s")
    print(f"share of the run: {roofline / whole:.1%}")


if __name__ == "__main__":
    main()
