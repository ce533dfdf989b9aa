"""From costs per draw to the answer: the recommendation, P(ASIC cheaper), crossover, the
three columns and the cost lines (``docs/results.md``)."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from decision.model.outcomes import crossover_months, cumulative_savings
from decision.model.statistics import PERCENTILES, binomial_standard_error, mean_standard_error
from decision.model.tco import LINES, OPTIONS
from decision.report.schema import (
    CrossoverStats,
    Decision,
    DecisionSummary,
    MoneyInterval,
    MoneyStats,
    MonteCarloError,
    Recommendation,
)

SUMMARY_SCHEMA_VERSION = 1
RULE = "lower expected total cost over the horizon"


def recommend(expected_savings: float) -> str:
    """The option with the lower expected cost, given expected savings (GPU − ASIC)."""
    return "asic" if expected_savings > 0 else "gpu"


def summarise(costs: xr.Dataset, *, scenario: str, priors_file: str, seed: int) -> Decision:
    """The decision from the costs of every draw.

    Parameters
    ----------
    costs : xarray.Dataset
        From :func:`decision.model.costs.evaluate_costs`.
    scenario, priors_file : str
        Recorded as given.
    seed : int
        The seed the draws came from.

    Returns
    -------
    Decision
    """
    draws = costs.sizes["draw"]
    horizon = costs.sizes["month"]
    savings = cumulative_savings(costs)[:, -1]
    totals = costs["monthly_cost"].sum("month")
    per_year = 12.0 / horizon
    columns = {
        "gpu_today": costs["gpu_today"].values * per_year,
        "gpu_projected": totals.sel(option="gpu").values * per_year,
        "asic_projected": totals.sel(option="asic").values * per_year,
    }
    mean_lines = costs["cost"].mean("draw")
    core = decision_summary(costs)
    return Decision(
        schema_version=SUMMARY_SCHEMA_VERSION,
        scenario=scenario,
        priors_file=priors_file,
        draws=draws,
        seed=seed,
        horizon_months=horizon,
        recommendation=core.recommendation,
        p_asic_cheaper=core.p_asic_cheaper,
        p_asic_cheaper_by_month=core.p_asic_cheaper_by_month,
        tco_usd={option: money_stats(totals.sel(option=option).values) for option in OPTIONS},
        usd_per_million_requests={
            option: money_stats(totals.sel(option=option).values / costs["requests"].values
                                * 1e6) for option in OPTIONS},
        savings_usd=core.savings_usd,
        crossover_month=_crossover_stats(crossover_months(cumulative_savings(costs))),
        columns_usd_per_year={name: _interval(values) for name, values in columns.items()},
        lines_usd={option: {line: float(mean_lines.sel(option=option, line=line))
                            for line in LINES} for option in OPTIONS},
        mc_standard_error=MonteCarloError(
            p_asic_cheaper=float(binomial_standard_error(core.p_asic_cheaper, draws)),
            savings_mean=mean_standard_error(savings)),
    )


def decision_summary(costs: xr.Dataset) -> DecisionSummary:
    """The decision alone: recommendation, P(ASIC cheaper) overall and by month, savings.

    With evidence this is also computed for the priors alone, to say what the evidence
    changed.
    """
    savings_by_month = cumulative_savings(costs)
    savings = savings_by_month[:, -1]
    return DecisionSummary(
        recommendation=Recommendation(recommend(float(savings.mean())), RULE),
        p_asic_cheaper=float((savings > 0).mean()),
        p_asic_cheaper_by_month=[float(p) for p in (savings_by_month > 0).mean(axis=0)],
        savings_usd=money_stats(savings),
    )


def money_stats(values: np.ndarray) -> MoneyStats:
    """Mean and 5th, 50th, 95th percentile of an amount over the draws."""
    p05, p50, p95 = np.percentile(values, PERCENTILES)
    return MoneyStats(float(values.mean()), float(p05), float(p50), float(p95))


def _interval(values: np.ndarray) -> MoneyInterval:
    stats = money_stats(values)
    return MoneyInterval(stats.mean, stats.p05, stats.p95)


def _crossover_stats(months: np.ndarray) -> CrossoverStats:
    # Observed months only (inverted CDF); a percentile landing on never-crossing draws is null.
    p05, p50, p95 = np.percentile(months, PERCENTILES, method="inverted_cdf")
    return CrossoverStats(_month(p05), _month(p50), _month(p95),
                          float(np.isinf(months).mean()))


def _month(value: float) -> int | None:
    return None if math.isinf(value) else int(value)
