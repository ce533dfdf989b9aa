"""The figures of a run's costs, each a ``matplotlib.figure.Figure`` (no pyplot state, no
display)."""

from __future__ import annotations

import numpy as np
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from decision.model.outcomes import crossover_months, cumulative_savings
from decision.model.statistics import binomial_standard_error
from decision.model.tco import LINES, OPTIONS
from decision.report.formatting import OPTION_LABELS, usd

COLOURS = {"gpu": "#4C72B0", "asic": "#DD8452", "prior": "#8C8C8C", "posterior": "#55A868"}
#: One line under each figure in the report saying how to read it.
CAPTIONS = {
    "cumulative_cost": "Cumulative cost of each option: the line is the median draw, the dark"
                       " band holds the middle 50% of draws, the light band 90%.",
    "p_asic_cheaper": "Share of draws in which the ASIC option has cost less so far, by month;"
                      " above the dashed 50% line the ASIC is more likely ahead than not.",
    "crossover_histogram": "Month from which the ASIC stays ahead to the horizon, over the draws"
                           " that cross; the grey bar is the share that never crosses.",
    "savings": "Savings over the horizon (GPU cost minus ASIC cost) across draws; right of zero"
               " the ASIC wins.",
    "cost_lines": "Where the money goes: mean horizon total of each cost line, per option.",
}


USD = FuncFormatter(lambda value, _: usd(value))


def cumulative_cost_figure(costs: xr.Dataset) -> Figure:
    """Cumulative cost of both options over the months: median with 50% and 90% bands."""
    months = costs["month"].values
    cumulative = np.cumsum(costs["monthly_cost"].values, axis=2)
    bands = np.percentile(cumulative, [5, 25, 50, 75, 95], axis=0)  # (5, option, month)
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = fig.add_subplot()
    for i, option in enumerate(OPTIONS):
        colour = COLOURS[option]
        ax.fill_between(months, bands[0, i], bands[4, i], color=colour, alpha=0.15, lw=0)
        ax.fill_between(months, bands[1, i], bands[3, i], color=colour, alpha=0.3, lw=0)
        ax.plot(months, bands[2, i], color=colour, lw=2, label=f"{OPTION_LABELS[option]} (median)")
    ax.set(xlabel="Month", ylabel="Cumulative cost", title="Cumulative cost by option",
           xlim=(months[0], months[-1]))
    ax.yaxis.set_major_formatter(USD)
    ax.legend(loc="upper left")
    return fig


def p_asic_cheaper_figure(costs: xr.Dataset) -> Figure:
    """P(ASIC cheaper so far) by month with its Monte Carlo 95% band."""
    months = costs["month"].values
    ahead = cumulative_savings(costs) > 0
    p = ahead.mean(axis=0)
    se = binomial_standard_error(p, ahead.shape[0])
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.add_subplot()
    ax.fill_between(months, np.clip(p - 2 * se, 0, 1), np.clip(p + 2 * se, 0, 1),
                    color=COLOURS["asic"], alpha=0.3, lw=0, label="Monte Carlo 95% band")
    ax.plot(months, p, color=COLOURS["asic"], lw=2, label="P(ASIC cheaper so far)")
    ax.axhline(0.5, color="grey", ls="--", lw=1)
    ax.set(xlabel="Month", ylabel="Probability", ylim=(0, 1), xlim=(months[0], months[-1]),
           title="Probability the ASIC option has cost less by each month")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.legend(loc="upper left")
    return fig


def crossover_histogram_figure(costs: xr.Dataset) -> Figure:
    """Histogram of the crossover month, with the never-crossing share as its own bar."""
    horizon = costs.sizes["month"]
    crossover = crossover_months(cumulative_savings(costs))
    finite = crossover[np.isfinite(crossover)]
    share = 1.0 / crossover.size
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.add_subplot()
    edges = np.arange(0.5, horizon + 1.5)
    ax.hist(finite, bins=edges, weights=np.full(finite.size, share), color=COLOURS["asic"])
    never = np.isinf(crossover).mean()
    never_at = horizon + max(3, horizon // 8)
    ax.bar(never_at, never, width=max(1, horizon // 30), color="grey")
    step = 12 if horizon >= 36 else max(1, horizon // 6)
    ticks = list(range(step, horizon + 1, step))
    ax.set_xticks([*ticks, never_at], [*map(str, ticks), "never"])
    ax.set(xlabel="Crossover month", ylabel="Share of draws", xlim=(0, never_at + 2),
           title=f"When the ASIC pulls ahead for good (never: {never:.0%})")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=1))
    return fig


def savings_figure(costs: xr.Dataset) -> Figure:
    """Histogram of savings at the horizon, zero marked."""
    savings = cumulative_savings(costs)[:, -1]
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.add_subplot()
    low, high = np.percentile(savings, [0.5, 99.5])
    ax.hist(savings, bins=np.linspace(low, high, 80) if high > low else 10,
            color=COLOURS["asic"], alpha=0.8)
    ax.axvline(0, color="black", lw=1)
    ax.axvline(np.median(savings), color="grey", ls="--", lw=1, label="median")
    ax.set(xlabel="Savings over the horizon (GPU − ASIC)", ylabel="Draws",
           title=f"P(ASIC cheaper) = {(savings > 0).mean():.1%}")
    ax.xaxis.set_major_formatter(USD)
    ax.legend()
    return fig


def cost_lines_figure(costs: xr.Dataset) -> Figure:
    """Mean horizon total of each cost line, stacked per option."""
    means = costs["cost"].mean("draw")
    fig = Figure(figsize=(8, 3.2), layout="constrained")
    ax = fig.add_subplot()
    left = np.zeros(len(OPTIONS))
    palette = ["#4C72B0", "#55A868", "#C44E52", "#8172B3", "#CCB974"]
    for line, colour in zip(LINES, palette, strict=True):
        widths = means.sel(line=line).values
        ax.barh([OPTION_LABELS[o] for o in OPTIONS], widths, left=left, color=colour,
                label=line.replace("_", "-"))
        left += widths
    ax.set(xlabel="Mean total over the horizon", title="Cost lines per option")
    ax.xaxis.set_major_formatter(USD)
    ax.legend(ncols=len(LINES), loc="lower center", bbox_to_anchor=(0.5, 1.12), frameon=False)
    return fig


FIGURES = {
    "cumulative_cost": cumulative_cost_figure,
    "p_asic_cheaper": p_asic_cheaper_figure,
    "crossover_histogram": crossover_histogram_figure,
    "savings": savings_figure,
    "cost_lines": cost_lines_figure,
}
