"""Monte Carlo settings every command defaults to, in one place."""

#: Draws of a run (``sampling.draws`` of a priors file, ``decide run --draws``).
DRAWS = 100_000
#: Seed of a run (``sampling.seed``, ``--seed``).
SEED = 20261122
#: Draws the analyses that re-run the cost model a few hundred times use (tornado, break-even,
#: robustness): the first this many of a run's draws.
ANALYSIS_DRAWS = 10_000
#: Draws of the team's beliefs each claim is tested on (a few dozen cost-model runs each).
CLAIM_DRAWS = 20_000
#: Draws of the other inputs, shared by every cell of ``decide sweep``.
SWEEP_DRAWS = 20_000
