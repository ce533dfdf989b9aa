"""The cost core over several options: ``priors/llama70b-platforms.yaml``'s draws costed with
2 options (the incumbent and one other), 4 and all 7, at 100,000 draws x 60 months, and the
same number of options made 8 by adding a copy of a rented option under another name. The
issue's target: 8 options within 8x the time of one option against the incumbent.

Run: ``uv run python benchmarks/options_core.py``. Each timing is the best of 3, in this
process, so the ratios hold on a shared, noisy machine.
"""

from __future__ import annotations

import timeit
from dataclasses import replace
from pathlib import Path

from decision.model import tco
from decision.model.options import Option
from decision.model.sampling import draw_inputs
from decision.scenario.priors_file import load_scenario

PRIORS = Path(__file__).parents[1] / "priors" / "llama70b-platforms.yaml"
DRAWS = 100_000


def main() -> None:
    scenario = load_scenario(PRIORS)
    inputs = draw_inputs(scenario, DRAWS)
    values = {str(k): v.values for k, v in inputs.data_vars.items()}
    options = scenario.options
    # An eighth option: the Inferentia2 option's inputs under another name.
    values |= {f"inferentia2_b.{k.partition('.')[2]}": v for k, v in values.items()
               if k.startswith("inferentia2.")}
    eight = replace(options, options=(*options.options, Option("inferentia2_b", "rented")))
    sets = {"incumbent alone": options.subset((options.incumbent,)),
            "2 options": options.subset((options.incumbent, "mi300x")),
            "4 options": options.subset((options.incumbent, "h200", "mi300x", "tpu_v5e")),
            "7 options": options, "8 options": eight}
    times = {name: min(timeit.repeat(lambda s=s: tco.evaluate(values, 60, DRAWS, s), number=1,
                                     repeat=3)) for name, s in sets.items()}
    one = times["2 options"] - times["incumbent alone"]
    for name, seconds in times.items():
        print(f"{name:<16} {seconds:6.2f} s   {seconds / times['2 options']:.2f}x the 2-option"
              " core")
    eighth = times["8 options"]
    print(f"8 options: {eighth:.2f} s = {eighth / times['2 options']:.2f}x the two-option core;"
          f" one option against the incumbent costs {one:.2f} s, so 8 options are"
          f" {eighth / one:.2f}x one option's time (target: at most 8x)")


if __name__ == "__main__":
    main()
