"""From costs per draw to the answer: P(ASIC cheaper), crossover, the three columns, intervals."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import xarray as xr

from decision.formatting import round_probability, round_usd
from decision.tco import LINES, OPTIONS

SUMMARY_SCHEMA_VERSION = 1
PERCENTILES = (5, 50, 95)


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


def summarise(costs: xr.Dataset, *, scenario: str, priors_file: str, seed: int) -> dict[str, Any]:
    """The ``summary.json`` document (``docs/results.md``).

    Parameters
    ----------
    costs : xarray.Dataset
        From :func:`decision.costs.evaluate_costs`.
    scenario, priors_file : str
        Recorded as given.
    seed : int
        The seed the draws came from.

    Returns
    -------
    dict
        JSON-ready; floats rounded (USD to cents, probabilities to 1e-6) so the same seed
        gives byte-identical files.
    """
    draws = costs.sizes["draw"]
    horizon = costs.sizes["month"]
    savings_by_month = cumulative_savings(costs)
    savings = savings_by_month[:, -1]
    totals = costs["monthly_cost"].sum("month")
    p_cheaper = float((savings > 0).mean())
    crossover = crossover_months(savings_by_month)
    per_year = 12.0 / horizon
    columns = {
        "gpu_today": costs["gpu_today"].values * per_year,
        "gpu_projected": totals.sel(option="gpu").values * per_year,
        "asic_projected": totals.sel(option="asic").values * per_year,
    }
    mean_lines = costs["cost"].mean("draw")
    decision = decision_summary(costs)
    return {
        "schema_version": SUMMARY_SCHEMA_VERSION,
        "scenario": scenario,
        "priors_file": priors_file,
        "draws": draws,
        "seed": seed,
        "horizon_months": horizon,
        "recommendation": decision["recommendation"],
        "p_asic_cheaper": decision["p_asic_cheaper"],
        "p_asic_cheaper_by_month": decision["p_asic_cheaper_by_month"],
        "tco_usd": {option: _money_stats(totals.sel(option=option).values) for option in OPTIONS},
        "savings_usd": decision["savings_usd"],
        "crossover_month": _crossover_stats(crossover),
        "columns_usd_per_year": {
            name: {k: v for k, v in _money_stats(values).items() if k != "p50"}
            for name, values in columns.items()
        },
        "lines_usd": {
            option: {line: round_usd(mean_lines.sel(option=option, line=line)) for line in LINES}
            for option in OPTIONS
        },
        "mc_standard_error": {
            "p_asic_cheaper": round_probability(math.sqrt(p_cheaper * (1 - p_cheaper) / draws)),
            "savings_mean": round_usd(savings.std(ddof=1) / math.sqrt(draws) if draws > 1 else 0.0),
        },
    }


def decision_summary(costs: xr.Dataset) -> dict[str, Any]:
    """The decision alone: recommendation, P(ASIC cheaper) overall and by month, savings.

    The keys and meanings are those of :func:`summarise`; with evidence this is also computed
    for the priors alone, to say what the evidence changed.
    """
    savings_by_month = cumulative_savings(costs)
    savings = savings_by_month[:, -1]
    expected_savings = float(savings.mean())
    return {
        "recommendation": {
            "option": "asic" if expected_savings > 0 else "gpu",
            "rule": "lower expected total cost over the horizon",
        },
        "p_asic_cheaper": round_probability((savings > 0).mean()),
        "p_asic_cheaper_by_month": [round_probability(p)
                                    for p in (savings_by_month > 0).mean(axis=0)],
        "savings_usd": _money_stats(savings),
    }


def _money_stats(values: np.ndarray) -> dict[str, float]:
    p05, p50, p95 = np.percentile(values, PERCENTILES)
    return {"mean": round_usd(values.mean()), "p05": round_usd(p05), "p50": round_usd(p50),
            "p95": round_usd(p95)}


def _crossover_stats(months: np.ndarray) -> dict[str, float | int | None]:
    # Observed months only (inverted CDF); a percentile landing on never-crossing draws is null.
    p05, p50, p95 = np.percentile(months, PERCENTILES, method="inverted_cdf")
    return {
        "p05": _month(p05),
        "p50": _month(p50),
        "p95": _month(p95),
        "never": round_probability(float(np.isinf(months).mean())),
    }


def _month(value: float) -> int | None:
    return None if math.isinf(value) else int(value)


