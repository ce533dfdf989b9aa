"""The three commands end to end, each a list of named steps run in order
(:class:`~decision.pipeline.steps.Steps`): ``run`` writes ``results/<name>/``; ``run_sweep``
adds a crossover map and ``run_stress`` a claims audit to it. A priors file is read and checked
before the first step, so a mistake costs nothing and writes nothing.
"""

from decision.pipeline.run import RunOutcome, run
from decision.pipeline.stress import StressOutcome, run_stress
from decision.pipeline.sweep import SweepOutcome, run_sweep

__all__ = ["RunOutcome", "StressOutcome", "SweepOutcome", "run", "run_stress", "run_sweep"]
