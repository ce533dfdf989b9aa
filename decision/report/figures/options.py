"""The figures of a run with more than two options: how likely each option is to be the
cheapest by each month (the acceptability curve), and their costs side by side."""

from __future__ import annotations

import numpy as np
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from decision.model.outcomes import cheapest_by_month, incumbent
from decision.report.figures.costs import USD, option_colours
from decision.report.formatting import OPTION_LABELS

CAPTIONS = {
    "p_cheapest": "Share of draws in which each option has the lowest cumulative cost by each"
                  " month, on the same draws for every option; the shares add up to 100% in"
                  " every month.",
    "option_costs": "Total discounted cost of each option over the horizon across draws: the"
                    " box holds the middle 50%, the whiskers 90%, the white dot is the mean.",
}


def p_cheapest_figure(costs: xr.Dataset) -> Figure:
    """P(each option has the lowest cumulative cost so far) by month."""
    months = costs["month"].values
    shares = cheapest_by_month(costs["monthly_cost"].values)
    colours = option_colours(costs)
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = fig.add_subplot()
    for i, option in enumerate(str(o) for o in costs["option"].values):
        style = "-" if option != incumbent(costs) else "--"
        ax.plot(months, shares[i], color=colours[option], lw=2, ls=style,
                label=f"{OPTION_LABELS[option]} ({shares[i, -1]:.0%} at month {months[-1]})")
    ax.set(xlabel="Month", ylabel="P(cheapest so far)", ylim=(0, 1),
           xlim=(months[0], months[-1]),
           title="Which option has cost least by each month (dashed: the incumbent)")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return fig


def option_costs_figure(costs: xr.Dataset) -> Figure:
    """Distribution of each option's horizon total: 25–75% box, 5–95% whiskers, mean dot;
    ordered by expected cost, cheapest at the top."""
    totals = costs["monthly_cost"].sum("month")
    names = [str(o) for o in costs["option"].values]
    order = np.argsort(totals.mean("draw").values)[::-1]
    colours = option_colours(costs)
    fig = Figure(figsize=(8, 1.6 + 0.55 * len(names)), layout="constrained")
    ax = fig.add_subplot()
    for row, i in enumerate(order):
        values = totals.values[:, i]
        p05, p25, p75, p95 = np.percentile(values, [5, 25, 75, 95])
        colour = colours[names[i]]
        ax.plot([p05, p95], [row, row], color=colour, lw=1.5)
        ax.barh(row, p75 - p25, left=p25, height=0.5, color=colour, alpha=0.8)
        ax.plot(values.mean(), row, "o", color="white", mec=colour, mew=1.5)
    ax.set_yticks(range(len(order)), [OPTION_LABELS[names[i]] for i in order])
    ax.set(xlabel="Total cost over the horizon (discounted)",
           title="Cost of each option on the same draws")
    ax.xaxis.set_major_formatter(USD)
    return fig


FIGURES = {"p_cheapest": p_cheapest_figure, "option_costs": option_costs_figure}
