"""The TCO core wrapped for xarray: an inputs Dataset in, a labelled costs Dataset out."""

from __future__ import annotations

import numpy as np
import xarray as xr

from decision.model import tco
from decision.model.options import TWO_OPTIONS, Option, OptionSet
from decision.model.outcomes import discounted_requests


def evaluate_costs(inputs: xr.Dataset, options: OptionSet | None = None) -> xr.Dataset:
    """Evaluate every option for every draw of ``inputs``.

    Parameters
    ----------
    inputs : xarray.Dataset
        As made by :func:`decision.model.sampling.draw_inputs`: one variable per input path,
        ``(draw,)`` or 0-d, and a ``horizon_months`` attribute.
    options : OptionSet, optional
        The scenario's options (:attr:`decision.scenario.priors_file.Scenario.options`); by
        default those ``inputs`` record in their ``options`` attribute (a ``gpu:``/``asic:``
        file's without one).

    Returns
    -------
    xarray.Dataset
        ``monthly_cost (draw, option, month)``: discounted cost of each month;
        ``cost (draw, option, line)``: discounted horizon total of each line;
        ``incumbent_today (draw)``: horizon total of the incumbent without growth. USD.
        ``requests (draw)``: requests served over the horizon, discounted like the costs.
    """
    if options is None:
        recorded = inputs.attrs.get("options")
        options = TWO_OPTIONS if recorded is None else OptionSet.from_json(recorded)
    horizon = int(inputs.attrs["horizon_months"])
    draws = inputs.sizes.get("draw", 1)
    values = {str(path): variable.values for path, variable in inputs.data_vars.items()
              if "origin" in variable.attrs}  # the inputs, not costs a draws.nc also holds
    result = tco.evaluate(values, horizon, draws, options)
    coords = {
        "draw": inputs["draw"].values if "draw" in inputs.coords else np.arange(draws),
        "option": list(options.names),
        "kind": ("option", [_kind_shown(o, options, values) for o in options.options]),
        "fallback": ("option", [o.fallback.name if o.fallback else "" for o in options.options]),
        "line": list(tco.LINES),
        "month": np.arange(1, horizon + 1),
    }
    usd = {"unit": "USD", "discounted": "yes"}
    return xr.Dataset(
        {
            "monthly_cost": (("draw", "option", "month"), result.monthly, usd),
            "cost": (("draw", "option", "line"), result.lines, usd),
            "incumbent_today": ("draw", result.incumbent_today,
                                usd | {"option": options.incumbent}),
            "requests": ("draw", np.broadcast_to(discounted_requests(values, horizon), draws),
                         {"unit": "requests", "discounted": "yes"}),
        },
        coords=coords,
    )


def _kind_shown(option: Option, options: OptionSet, values: dict[str, np.ndarray]) -> str:
    """The option's kind as results name it: ``merchant`` for a custom option with no NRE in
    any draw (a part bought off the shelf, as the core's ``by_part`` reads it), else its own."""
    nre = "asic.nre_usd" if options.two_option else f"{option.name}.nre_usd"
    if option.kind == "custom" and nre in values and not np.any(values[nre]):
        return "merchant"
    return option.kind
