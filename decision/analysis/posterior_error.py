"""Monte Carlo standard errors of a decision made on posterior draws.

With evidence, each evidenced input's draws come from the quantile function of a few thousand
NUTS draws, whose information is their effective sample size (ESS), not the run's draw count.
For an estimate ``m = E[h]`` (``h`` the indicator that the contender is cheaper, or the
savings) over draws of the evidenced inputs ``theta`` and the others,

    Var(m) = Var(h) / draws + Var(E[h | theta]) / ESS

where ``E[h | theta]`` is fitted by the additive smooth of :mod:`decision.analysis.smooth` and
the ESS is the smallest bulk ESS of the evidenced inputs (conservative).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import xarray as xr

from decision.analysis.smooth import conditional_mean
from decision.model.outcomes import cumulative_savings
from decision.report.schema import MonteCarloError


def posterior_monte_carlo_error(costs: xr.Dataset, evidenced: Mapping[str, np.ndarray],
                                ess: float) -> MonteCarloError:
    """Standard errors of P(contender cheaper) and of the mean savings, counting both the run's
    draws and the NUTS draws behind the evidenced inputs.

    Parameters
    ----------
    costs : xarray.Dataset
        The costs of the posterior draws.
    evidenced : mapping of str to ndarray
        The draws of each evidenced input (at most 8), row-aligned with ``costs``.
    ess : float
        The effective sample size of the NUTS draws behind them.
    """
    savings = cumulative_savings(costs)[:, -1]
    theta = np.column_stack(list(evidenced.values()))
    errors = []
    for h in ((savings > 0).astype(np.float64), savings):
        explained = conditional_mean(h, theta).var()
        errors.append(float(np.sqrt(h.var() / h.size + explained / ess)))
    return MonteCarloError(p_asic_cheaper=errors[0], savings_mean=errors[1])
