"""From monthly costs to what the decision is about: which option is cheapest, cumulative
savings and crossover months.

Savings are incumbent − option (positive: the option is cheaper); the crossover is the first
month from which they stay positive to the horizon (``docs/model.md``). The levelised cost of a
request is an option's discounted total over the requests served, discounted alike
(``docs/results.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from decision.model.fleet import HOURS_PER_MONTH

if TYPE_CHECKING:
    import xarray as xr


def incumbent(costs: xr.Dataset) -> str:
    """The option every other is compared with."""
    return str(costs["incumbent_today"].attrs["option"])


def horizon_totals(costs: xr.Dataset) -> xr.DataArray:
    """Each option's total over the horizon per draw, ``(draw, option)``: its monthly costs
    summed (costs have no missing months, so nothing is skipped)."""
    return costs["monthly_cost"].sum("month", skipna=False)


def contender(costs: xr.Dataset) -> str:
    """The option other than the incumbent with the lowest expected total (the first such in
    order on a tie)."""
    expected = horizon_totals(costs).mean("draw")
    others = expected.drop_sel(option=incumbent(costs))
    return str(others["option"].values[int(np.argmin(others.values))])


def cumulative_savings(costs: xr.Dataset, option: str | None = None) -> np.ndarray:
    """``S(m) = C_incumbent(m) - C_option(m)`` per draw, shape ``(draw, month)``; ``option``
    is the :func:`contender` by default."""
    monthly = costs["monthly_cost"]
    option = contender(costs) if option is None else option
    difference = (monthly.sel(option=incumbent(costs)).values
                  - monthly.sel(option=option).values)
    return np.cumsum(difference, axis=1)


def cheapest_by_month(monthly: np.ndarray) -> np.ndarray:
    """Share of draws in which each option has the lowest cumulative cost by each month.

    Parameters
    ----------
    monthly : ndarray, shape (draw, option, month)

    Returns
    -------
    ndarray, shape (option, month)
        Each column sums to 1; a tie goes to the first option in order.
    """
    draws, options, months = monthly.shape
    running = np.zeros((draws, options))
    shares = np.empty((options, months))
    for month in range(months):  # a running sum: no (draw, option, month) copy
        running += monthly[:, :, month]
        shares[:, month] = np.bincount(running.argmin(axis=1), minlength=options) / draws
    return shares


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


def discounted_requests(inputs: Mapping[str, ArrayLike], horizon_months: int) -> np.ndarray:
    """Requests served over the horizon, each month's discounted like its costs:
    ``R = sum_m D_m V_0 (1 + g)^((m - 1) / 12) h / 24``, per draw.

    Parameters
    ----------
    inputs : mapping of str to array_like
        ``workload.inferences_per_day``, ``workload.annual_growth`` and
        ``finance.discount_rate``, each a scalar or shape ``(draw,)``.
    horizon_months : int
    """
    months = np.arange(1, horizon_months + 1, dtype=np.float64)
    growth = np.log1p(np.asarray(inputs["workload.annual_growth"], float))[..., None]
    discount = np.log1p(np.asarray(inputs["finance.discount_rate"], float))[..., None]
    monthly = np.exp(growth * (months - 1.0) / 12.0 - discount * months / 12.0)
    volume = np.asarray(inputs["workload.inferences_per_day"], float)
    return volume * monthly.sum(axis=-1) * HOURS_PER_MONTH / 24.0
