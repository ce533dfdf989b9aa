"""Monte Carlo numerics shared by every analysis: random streams, percentiles, standard
errors, mid-ranks."""

from __future__ import annotations

import hashlib

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


def random_stream(name: str, seed: int) -> np.random.Generator:
    """The random stream of its own that ``name`` (an input path, or any name) gets for
    ``seed``: seeded by the seed and the first 8 bytes of the name's SHA-256."""
    entropy = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little")
    return np.random.default_rng(np.random.SeedSequence([seed, entropy]))
