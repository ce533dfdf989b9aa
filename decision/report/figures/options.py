"""The figures of a run with more than two options: how likely each option is to be the
cheapest by each month (the acceptability curve), and their costs side by side."""

from __future__ import annotations

import numpy as np
import xarray as xr
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from decision.model.outcomes import cheapest_by_month, horizon_totals, incumbent
from decision.report.figures.costs import PALETTE, USD, option_colours
from decision.report.formatting import OPTION_LABELS

#: Captions of a run with more than two options (its cumulative cost has no bands).
CAPTIONS = {
    "cumulative_cost": "Cumulative cost of each option by month, discounted: the median draw;"
                       " the spread of each total is in the box plot below.",
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
    totals = horizon_totals(costs)
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


def winner_map_figure(sweep: xr.Dataset) -> Figure:
    """The option with the lowest expected total in each cell of a sweep, with contours of
    P(it is the cheapest) at 50% and 90%; for one swept input, the winner as a band under the
    curve of its P(best)."""
    names = sweep["winner"].attrs["flag_meanings"].split()
    incumbent = sweep.attrs["incumbent"]
    ordered = [incumbent] + [n for n in names if n != incumbent]
    colours = {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(ordered)}
    cmap = ListedColormap([colours[n] for n in names])
    norm = BoundaryNorm(np.arange(len(names) + 1) - 0.5, len(names))
    winner, p_best = sweep["winner"].values, sweep["p_best"].values
    x = sweep["x"]
    fig = Figure(figsize=(8, 5) if "y" in sweep.dims else (8, 4), layout="constrained")
    ax = fig.add_subplot()
    if "y" in sweep.dims:
        y = sweep["y"]
        ax.pcolormesh(x, y, winner.T, cmap=cmap, norm=norm, shading="nearest")
        contours = ax.contour(x, y, p_best.T, levels=[0.5, 0.9], colors="black",
                              linestyles=["-", "--"], linewidths=[1.5, 1])
        ax.clabel(contours, fmt=lambda level: f"P(best) {level:.0%}", fontsize=8)
        _scale(ax.set_yscale, y)
        ax.set_ylabel(f"{y.attrs['input']} ({y.attrs['unit']})")
    else:
        ax.pcolormesh(x, [0, 1], np.vstack([winner, winner]), cmap=cmap, norm=norm,
                      shading="nearest", alpha=0.35)
        ax.plot(x, p_best, color="black", lw=2)
        ax.set(ylim=(0, 1), ylabel="P(the winner is the cheapest)")
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    _scale(ax.set_xscale, x)
    shown = [names[i] for i in np.unique(winner)]
    ax.legend(handles=[Patch(color=colours[n], label=OPTION_LABELS[n]) for n in shown],
              title="lowest expected cost", loc="center left", bbox_to_anchor=(1.01, 0.5),
              frameon=False)
    ax.set(xlabel=f"{x.attrs['input']} ({x.attrs['unit']})",
           title=f"Which option wins where: {sweep.attrs['scenario']}")
    return fig


def _scale(set_scale, axis: xr.DataArray) -> None:
    if axis.attrs.get("scale") == "log":
        set_scale("log")


FIGURES = {"p_cheapest": p_cheapest_figure, "option_costs": option_costs_figure}
