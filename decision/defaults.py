"""Monte Carlo settings every command defaults to, in one place."""

#: Draws of a run (``sampling.draws`` of a priors file, ``decide run --draws``).
DRAWS = 100_000
#: The fewest draws a run takes: a Monte Carlo estimate (and its standard error) needs two.
MIN_DRAWS = 2
#: Seed of a run (``sampling.seed``, ``--seed``).
SEED = 20261122
#: Draws the analyses that re-run the cost model a few hundred times re-evaluate (tornado,
#: break-even, robustness, model risk): the first this many of a run's draws, their averages
#: estimated over all of them (decision.analysis.subsample).
ANALYSIS_DRAWS = 2_000
#: Draws the global importance ranking (PAWN) reads: the first this many of a run's. More than
#: 10,000: up to that SciPy's two-sample KS test also computes exact p-values, which PAWN does
#: not use, and 20,000 draws take less time than 10,000.
PAWN_DRAWS = 20_000
#: Draws of the team's beliefs each claim is tested on (a few dozen cost-model runs each).
CLAIM_DRAWS = 20_000
#: Draws of the other inputs, shared by every cell of ``decide sweep``.
SWEEP_DRAWS = 20_000

#: The longest horizon a scenario may have (50 years).
MAX_HORIZON_MONTHS = 600
#: Draws x months a run may evaluate: its monthly costs take 16 bytes each (about 1 GB here).
MAX_DRAW_MONTHS = 60_000_000


def size_problem(draws: int, horizon_months: int) -> str | None:
    """Why ``draws`` over ``horizon_months`` is too large to run, or ``None``."""
    if draws * horizon_months > MAX_DRAW_MONTHS:
        return (f"{draws:,} draws x {horizon_months} months is more than the"
                f" {MAX_DRAW_MONTHS:,} draw-months a run may evaluate; use at most"
                f" {MAX_DRAW_MONTHS // horizon_months:,} draws")
    return None
