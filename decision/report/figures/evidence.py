"""The figures a run with evidence adds: each evidenced input before and after, and what the
evidence changed in the decision."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from decision.model.outcomes import contender, cumulative_savings
from decision.model.statistics import binomial_standard_error
from decision.report.figures.costs import COLOURS
from decision.report.formatting import OPTION_SHORT, input_label, input_value
from decision.scenario.priors_file import Scenario

#: One line under each figure in the report saying how to read it.
CAPTIONS = {
    "prior_posterior": "Each evidenced input before (grey, the prior) and after the evidence"
                       " (green, the posterior draws the costs used); black ticks are the"
                       " observations, the dashed line a vendor's claimed figure.",
    "evidence_effect": "What the evidence changed: P(ASIC cheaper so far) by month under the"
                       " priors alone (grey) and with the evidence (green), on the same draws of"
                       " every other input; bands are Monte Carlo 95% intervals.",
}


def prior_posterior_figure(scenario: Scenario, prior_inputs: xr.Dataset,
                           posterior_inputs: xr.Dataset) -> Figure:
    """Prior and posterior draws of every evidenced input, one panel each (no empty panel for
    up to four), the data marked; a time-to-event input is drawn up to the horizon."""
    paths = list(scenario.evidence)
    columns = 2 if len(paths) == 4 else min(3, len(paths))
    rows = math.ceil(len(paths) / columns)
    fig = Figure(figsize=(5 * columns, 3.4 * rows), layout="constrained")
    for i, path in enumerate(paths):
        ax = fig.add_subplot(rows, columns, i + 1)
        evidence = scenario.evidence[path]
        prior = np.broadcast_to(prior_inputs[path].values, posterior_inputs[path].shape)
        posterior = posterior_inputs[path].values
        history = evidence.history
        marks = (list(evidence.measurements.observed) if evidence.measurements
                 else list(history.intervals_months) if history else [])
        low, high = np.percentile(np.concatenate([prior, posterior]), [0.5, 99.5])
        low, high = min([low, *marks]), max([high, *marks])
        if evidence.claim is not None:
            high = max(high, evidence.claim.claimed)
        beyond = ""
        if history is not None:  # months from now: what lies past the horizon is one number
            low, high = 0.0, float(max(scenario.horizon_months, *marks))
            beyond = f" ({(posterior > high).mean():.0%} beyond {high:g} months)"
        bins = np.linspace(low, high, 60) if high > low else 10
        for draws, name in ((prior, "prior"), (posterior, "posterior")):
            ax.hist(draws, bins=bins, density=True, histtype="stepfilled", alpha=0.45,
                    color=COLOURS[name], label=name + (beyond if name == "posterior" else ""))
        if marks:
            ax.plot(marks, np.zeros(len(marks)), "|", color="black", ms=14, mew=2,
                    label="past intervals between changes" if history else "observed")
        if history is not None:
            ax.plot([history.months_since_last_change], [0], ">", color="black", ms=8,
                    label=f"the model now, {history.months_since_last_change:g} months old"
                          " and running")
        if evidence.claim is not None:
            ax.axvline(evidence.claim.claimed, color="black", ls="--", lw=1,
                       label=f"claimed {input_value(path, evidence.claim.claimed)}")
        ax.set(title=f"{input_label(path)}: {evidence.kind}", yticks=[], xlim=(low, high))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _, p=path: input_value(p, v)))
        ax.xaxis.set_major_locator(MaxNLocator(5))  # values with units are wide
        ax.title.set_fontsize(9)
        ax.legend(fontsize=7)
    return fig


def evidence_effect_figure(prior_costs: xr.Dataset, costs: xr.Dataset) -> Figure:
    """P(contender cheaper so far) by month under the priors alone and with the evidence,
    the same contender (the posterior's) in both."""
    months = costs["month"].values
    versus = contender(costs)
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.add_subplot()
    at_horizon = []
    for data, name, words in ((prior_costs, "prior", "priors alone"),
                              (costs, "posterior", "with evidence")):
        ahead = cumulative_savings(data, versus) > 0
        p = ahead.mean(axis=0)
        at_horizon.append(p[-1])
        se = binomial_standard_error(p, ahead.shape[0])
        ax.fill_between(months, np.clip(p - 2 * se, 0, 1), np.clip(p + 2 * se, 0, 1),
                        color=COLOURS[name], alpha=0.3, lw=0)
        ax.plot(months, p, color=COLOURS[name], lw=2,
                label=f"{words}: {p[-1]:.1%} at month {months[-1]}")
    top = max(line.get_ydata().max() for line in ax.get_lines())
    if top > 0.4:  # the even-odds line only where the curves come near it
        ax.axhline(0.5, color="grey", ls="--", lw=1)
    ax.set(xlabel="Month", ylabel=f"P({OPTION_SHORT[versus]} cheaper so far; costs discounted)",
           ylim=(0, 1 if top > 0.4 else max(1.25 * top, 0.01)), xlim=(months[0], months[-1]),
           title=f"The evidence moves P({OPTION_SHORT[versus]} cheaper) at month {months[-1]}"
                 f" from {at_horizon[0]:.1%} to {at_horizon[1]:.1%}")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))
    ax.legend(loc="upper left")
    return fig


#: Figures a run with evidence adds.
EVIDENCE_FIGURES = ("prior_posterior", "evidence_effect")
