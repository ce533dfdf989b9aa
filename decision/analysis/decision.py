"""From costs per draw to the answer: the recommendation, P(each option cheapest), the
contender against the incumbent (P cheaper, savings, crossover), the columns and the cost lines
(``docs/results.md``)."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from decision.model.outcomes import (
    cheapest_by_month,
    contender,
    crossover_months,
    cumulative_savings,
    horizon_totals,
    incumbent,
)
from decision.model.statistics import PERCENTILES, binomial_standard_error, mean_standard_error
from decision.model.tco import LINES
from decision.report.schema import (
    CrossoverStats,
    Decision,
    DecisionSummary,
    MoneyInterval,
    MoneyStats,
    MonteCarloError,
    OptionResult,
    OptionsSummary,
    Recommendation,
)

SUMMARY_SCHEMA_VERSION = 1
RULE = "lower expected total cost over the horizon"


def recommend(expected_savings: float, incumbent: str = "gpu", contender: str = "asic") -> str:
    """The option with the lower expected cost, given expected savings (incumbent −
    contender): the contender only when it saves in expectation."""
    return contender if expected_savings > 0 else incumbent


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
    names = [str(o) for o in costs["option"].values]
    savings = cumulative_savings(costs)[:, -1]
    totals = horizon_totals(costs)
    per_year = 12.0 / horizon
    columns = {f"{incumbent(costs)}_today": costs["incumbent_today"].values * per_year}
    columns |= {f"{o}_projected": totals.sel(option=o).values * per_year for o in names}
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
        tco_usd={option: money_stats(totals.sel(option=option).values) for option in names},
        usd_per_million_requests={
            option: money_stats(totals.sel(option=option).values / costs["requests"].values
                                * 1e6) for option in names},
        savings_usd=core.savings_usd,
        crossover_month=_crossover_stats(crossover_months(cumulative_savings(costs))),
        columns_usd_per_year={name: _interval(values) for name, values in columns.items()},
        lines_usd={option: {line: float(mean_lines.sel(option=option, line=line))
                            for line in LINES} for option in names},
        mc_standard_error=MonteCarloError(
            p_asic_cheaper=float(binomial_standard_error(core.p_asic_cheaper, draws)),
            savings_mean=mean_standard_error(savings)),
        options=options_summary(costs),
    )


def options_summary(costs: xr.Dataset) -> OptionsSummary:
    """Every option on the same draws: P(cheapest) over the horizon and by month, expected
    loss (its cost over the cheapest option's in each draw), and against the incumbent P(cheaper),
    savings and crossover."""
    names = [str(o) for o in costs["option"].values]
    base = incumbent(costs)
    totals = horizon_totals(costs).values
    by_month = cheapest_by_month(costs["monthly_cost"].values)
    loss = (totals - totals.min(axis=1, keepdims=True)).mean(axis=0)
    fallbacks = (costs["fallback"].values.tolist() if "fallback" in costs.coords
                 else [""] * len(names))
    results = {}
    for i, name in enumerate(names):
        versus = None if name == base else cumulative_savings(costs, name)
        results[name] = OptionResult(
            kind=str(costs["kind"].values[i]),
            fallback=str(fallbacks[i]) or None,
            tco_usd=money_stats(totals[:, i]),
            p_cheapest=float(by_month[i, -1]),
            p_cheapest_by_month=[float(p) for p in by_month[i]],
            expected_loss_usd=float(loss[i]),
            p_cheaper_than_incumbent=None if versus is None else float((versus[:, -1] > 0).mean()),
            savings_vs_incumbent_usd=None if versus is None else money_stats(versus[:, -1]),
            crossover_month=None if versus is None else _crossover_stats(
                crossover_months(versus)))
    return OptionsSummary(incumbent=base, contender=contender(costs),
                          p_cheapest={n: results[n].p_cheapest for n in names}, results=results)


def decision_summary(costs: xr.Dataset, versus: str | None = None) -> DecisionSummary:
    """The decision alone: recommendation, P(contender cheaper than the incumbent) overall and
    by month, savings.

    With evidence this is also computed for the priors alone, to say what the evidence
    changed, against the option ``versus`` (the posterior's contender; by default the
    contender of ``costs``).
    """
    versus = contender(costs) if versus is None else versus
    savings_by_month = cumulative_savings(costs, versus)
    savings = savings_by_month[:, -1]
    option = recommend(float(savings.mean()), incumbent(costs), versus)
    return DecisionSummary(
        recommendation=Recommendation(option, RULE),
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
