"""Monte Carlo numerics shared by every analysis: percentiles, standard errors, mid-ranks."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

#: The percentiles every interval reports: 5th, median, 95th (a 90% interval).
PERCENTILES = (5, 50, 95)


def binomial_standard_error(p: ArrayLike, draws: int) -> np.ndarray:
    """Monte Carlo standard error of a share ``p`` estimated from ``draws`` draws,
    ``sqrt(p (1 - p) / draws)``."""
    p = np.asarray(p, dtype=np.float64)
    return np.sqrt(p * (1 - p) / draws)


def mean_standard_error(values: np.ndarray) -> float:
    """Monte Carlo standard error of the mean of ``values`` (0 for a single draw)."""
    return float(values.std(ddof=1) / np.sqrt(values.size)) if values.size > 1 else 0.0


def mid_rank(sample: ArrayLike, score: ArrayLike) -> np.ndarray:
    """Share of ``sample`` below ``score``, ties counting half: the mid-rank percentile
    (``scipy.stats.percentileofscore(sample, score, kind="mean") / 100``), vectorised over
    ``score`` by sorting once rather than comparing every pair."""
    ordered = np.sort(np.atleast_1d(np.asarray(sample, dtype=np.float64)))
    left = np.searchsorted(ordered, score, "left")
    right = np.searchsorted(ordered, score, "right")
    return (left + right) / (2.0 * ordered.size)
