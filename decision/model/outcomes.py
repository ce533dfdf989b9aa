"""From monthly costs to what the decision is about: cumulative savings and crossover months.

Savings are GPU − ASIC (positive: the ASIC is cheaper); the crossover is the first month from
which they stay positive to the horizon (``docs/model.md``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import xarray as xr


def cumulative_savings(costs: xr.Dataset) -> np.ndarray:
    """``S(m) = C_gpu(m) - C_asic(m)`` per draw, shape ``(draw, month)``."""
    monthly = costs["monthly_cost"]
    difference = monthly.sel(option="gpu").values - monthly.sel(option="asic").values
    return np.cumsum(difference, axis=1)


def crossover_months(savings: np.ndarray) -> np.ndarray:
    """First month from which savings stay positive to the horizon; ``inf`` when ``S(H) <= 0``.

    Parameters
    ----------
    savings : ndarray, shape (draw, month)
        Cumulative savings.

    Returns
    -------
    ndarray, shape (draw,)
        1-based months as floats, ``inf`` for draws that never cross.
    """
    horizon = savings.shape[1]
    not_ahead = savings <= 0
    # Index from the end of the last month that was not ahead; horizon when none was.
    from_end = np.where(not_ahead.any(axis=1), np.argmax(not_ahead[:, ::-1], axis=1), horizon)
    month = (horizon - from_end + 1).astype(float)
    return np.where(not_ahead[:, -1], np.inf, month)
