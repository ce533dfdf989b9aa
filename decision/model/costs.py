"""The TCO core wrapped for xarray: an inputs Dataset in, a labelled costs Dataset out."""

from __future__ import annotations

import numpy as np
import xarray as xr

from decision.model import tco
from decision.model.outcomes import discounted_requests
from decision.scenario.catalogue import CATALOGUE


def evaluate_costs(inputs: xr.Dataset) -> xr.Dataset:
    """Evaluate both options for every draw of ``inputs``.

    Parameters
    ----------
    inputs : xarray.Dataset
        As made by :func:`decision.model.sampling.draw_inputs`: one variable per input path,
        ``(draw,)`` or 0-d, and a ``horizon_months`` attribute.

    Returns
    -------
    xarray.Dataset
        ``monthly_cost (draw, option, month)``: discounted cost of each month;
        ``cost (draw, option, line)``: discounted horizon total of each line;
        ``gpu_today (draw)``: horizon total of option GPU without growth. USD.
        ``requests (draw)``: requests served over the horizon, discounted like the costs.
    """
    horizon = int(inputs.attrs["horizon_months"])
    draws = inputs.sizes.get("draw", 1)
    values = {spec.path: inputs[spec.path].values for spec in CATALOGUE}
    result = tco.evaluate(values, horizon, draws)
    coords = {
        "draw": inputs["draw"].values if "draw" in inputs.coords else np.arange(draws),
        "option": list(tco.OPTIONS),
        "line": list(tco.LINES),
        "month": np.arange(1, horizon + 1),
    }
    usd = {"unit": "USD", "discounted": "yes"}
    return xr.Dataset(
        {
            "monthly_cost": (("draw", "option", "month"), result.monthly, usd),
            "cost": (("draw", "option", "line"), result.lines, usd),
            "gpu_today": ("draw", result.gpu_today, usd),
            "requests": ("draw", np.broadcast_to(discounted_requests(values, horizon), draws),
                         {"unit": "requests", "discounted": "yes"}),
        },
        coords=coords,
    )
