"""The figures of a run, each a ``matplotlib.figure.Figure`` (no pyplot state, no display)."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from decision.analysis import crossover_months, cumulative_savings
from decision.formatting import number, usd
from decision.priors import Scenario
from decision.tco import LINES, OPTIONS

COLOURS = {"gpu": "#4C72B0", "asic": "#DD8452", "prior": "#8C8C8C", "posterior": "#55A868"}
LABELS = {"gpu": "Stay on GPUs", "asic": "ASIC program"}
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
    "prior_posterior": "Each evidenced input before (grey, the prior) and after the evidence"
                       " (green, the posterior draws the costs used); black ticks are the"
                       " observations, the dashed line a vendor's claimed figure.",
    "evidence_effect": "What the evidence changed: P(ASIC cheaper so far) by month under the"
                       " priors alone (grey) and with the evidence (green), on the same draws of"
                       " every other input; bands are Monte Carlo 95% intervals.",
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
        ax.plot(months, bands[2, i], color=colour, lw=2, label=f"{LABELS[option]} (median)")
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
    se = np.sqrt(p * (1 - p) / ahead.shape[0])
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
        ax.barh([LABELS[o] for o in OPTIONS], widths, left=left, color=colour,
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


def prior_posterior_figure(scenario: Scenario, prior_inputs: xr.Dataset,
                           posterior_inputs: xr.Dataset) -> Figure:
    """Prior and posterior draws of every evidenced input, one panel each, data marked."""
    paths = list(scenario.evidence)
    columns = min(2, len(paths))
    rows = math.ceil(len(paths) / columns)
    fig = Figure(figsize=(5 * columns, 3.2 * rows), layout="constrained")
    for i, path in enumerate(paths):
        ax = fig.add_subplot(rows, columns, i + 1)
        evidence = scenario.evidence[path]
        prior = np.broadcast_to(prior_inputs[path].values, posterior_inputs[path].shape)
        posterior = posterior_inputs[path].values
        marks = list(evidence.measurements.observed) if evidence.measurements else []
        low, high = np.percentile(np.concatenate([prior, posterior]), [0.5, 99.5])
        low, high = min([low, *marks]), max([high, *marks])
        if evidence.claim is not None:
            high = max(high, evidence.claim.claimed)
        bins = np.linspace(low, high, 60) if high > low else 10
        for draws, name in ((prior, "prior"), (posterior, "posterior")):
            ax.hist(draws, bins=bins, density=True, histtype="stepfilled", alpha=0.45,
                    color=COLOURS[name], label=name)
        if marks:
            ax.plot(marks, np.zeros(len(marks)), "|", color="black", ms=14, mew=2,
                    label="observed")
        if evidence.claim is not None:
            ax.axvline(evidence.claim.claimed, color="black", ls="--", lw=1,
                       label=f"claimed {number(evidence.claim.claimed)}")
        unit = scenario.inputs[path].spec.unit
        ax.set(title=f"{path} ({evidence.kind})", xlabel=unit, yticks=[])
        ax.title.set_fontsize(9)
        ax.legend(fontsize=8)
    return fig


def evidence_effect_figure(prior_costs: xr.Dataset, costs: xr.Dataset) -> Figure:
    """P(ASIC cheaper so far) by month under the priors alone and with the evidence."""
    months = costs["month"].values
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.add_subplot()
    for data, name, words in ((prior_costs, "prior", "priors alone"),
                              (costs, "posterior", "with evidence")):
        ahead = cumulative_savings(data) > 0
        p = ahead.mean(axis=0)
        se = np.sqrt(p * (1 - p) / ahead.shape[0])
        ax.fill_between(months, np.clip(p - 2 * se, 0, 1), np.clip(p + 2 * se, 0, 1),
                        color=COLOURS[name], alpha=0.3, lw=0)
        ax.plot(months, p, color=COLOURS[name], lw=2,
                label=f"{words}: {p[-1]:.1%} at month {months[-1]}")
    ax.axhline(0.5, color="grey", ls="--", lw=1)
    ax.set(xlabel="Month", ylabel="P(ASIC cheaper so far)", ylim=(0, 1),
           xlim=(months[0], months[-1]), title="What the evidence changed")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.legend(loc="upper left")
    return fig


#: Figures a run with evidence adds.
EVIDENCE_FIGURES = ("prior_posterior", "evidence_effect")
