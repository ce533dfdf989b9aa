"""The figures of a run's costs, each a ``matplotlib.figure.Figure`` (no pyplot state, no
display)."""

from __future__ import annotations

import numpy as np
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from decision.model.outcomes import contender, crossover_months, cumulative_savings, incumbent
from decision.model.statistics import binomial_standard_error
from decision.model.tco import LINES
from decision.report.formatting import MERCHANT_LABEL, OPTION_LABELS, OPTION_SHORT, usd

COLOURS = {"gpu": "#4C72B0", "asic": "#DD8452", "prior": "#8C8C8C", "posterior": "#55A868"}
#: Colours of the options of an ``options:`` file, in order (the incumbent's first).
PALETTE = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3",
           "#8C8C8C", "#CCB974", "#64B5CD")
#: One line under each figure in the report saying how to read it.
CAPTIONS = {
    "cumulative_cost": "Left: cumulative cost of each option, discounted; the line is the"
                       " median draw, the dark band holds the middle 50% of draws, the light"
                       " band 90%. The bands overlap more than the options differ, because"
                       " both move with the same uncertain volume and prices; right: the"
                       " savings of the same draws paired (GPU − ASIC), whose bands show how"
                       " often and by how much the ASIC is ahead.",
    "p_asic_cheaper": "Share of draws in which the ASIC option has cost less so far, by month;"
                      " above the dashed 50% line the ASIC is more likely ahead than not.",
    "crossover_histogram": "Month from which the ASIC stays ahead to the horizon, as a share of"
                           " all draws; the title gives the share that never crosses.",
    "savings": "Savings over the horizon (GPU cost minus ASIC cost, discounted) across draws;"
               " right of zero, shaded in the ASIC's colour, the ASIC wins.",
    "cost_lines": "Where the money goes: mean horizon total of each cost line, per option.",
}


USD = FuncFormatter(lambda value, _: usd(value))


def option_labels(costs: xr.Dataset) -> dict[str, str]:
    """Each option as a legend names it: a two-option file's ASIC is "Merchant part" when it
    is one (the ``kind`` coordinate), else :data:`OPTION_LABELS`."""
    names = [str(o) for o in costs["option"].values]
    kinds = (dict(zip(names, costs["kind"].values.tolist(), strict=True))
             if "kind" in costs.coords else {})
    return {o: MERCHANT_LABEL if (o == "asic" and kinds.get(o) == "merchant")
            else OPTION_LABELS[o] for o in names}


def option_colours(costs: xr.Dataset) -> dict[str, str]:
    """A colour per option: the two-option file's own, else the palette in order with the
    incumbent first."""
    names = [str(o) for o in costs["option"].values]
    if set(names) <= {"gpu", "asic"}:
        return {name: COLOURS[name] for name in names}
    ordered = [incumbent(costs)] + [n for n in names if n != incumbent(costs)]
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(ordered)}


def cumulative_cost_figure(costs: xr.Dataset) -> Figure:
    """Cumulative cost of every option over the months (median, 50% and 90% bands) and, beside
    it, the paired savings of the contender against the incumbent in the same draws."""
    months = costs["month"].values
    cumulative = np.cumsum(costs["monthly_cost"].values, axis=2)
    bands = np.percentile(cumulative, [5, 25, 50, 75, 95], axis=0)  # (5, option, month)
    colours, labels = option_colours(costs), option_labels(costs)
    banded = len(colours) <= 2  # more bands than two hide each other: see option_costs
    fig = Figure(figsize=(11 if banded else 8, 4.5), layout="constrained")
    ax = fig.add_subplot(1, 2 if banded else 1, 1)
    for i, option in enumerate(str(o) for o in costs["option"].values):
        colour = colours[option]
        if banded:
            ax.fill_between(months, bands[0, i], bands[4, i], color=colour, alpha=0.15, lw=0)
            ax.fill_between(months, bands[1, i], bands[3, i], color=colour, alpha=0.3, lw=0)
        ax.plot(months, bands[2, i], color=colour, lw=2, label=f"{labels[option]} (median)")
    if banded:
        ax.fill_between([], [], color="grey", alpha=0.3, lw=0, label="middle 50% of draws")
        ax.fill_between([], [], color="grey", alpha=0.15, lw=0, label="middle 90% of draws")
    ax.set(xlabel="Month", ylabel="Cumulative cost, discounted", xlim=(months[0], months[-1]),
           title="Cumulative cost of each option" + ("" if banded else
                                                    " (medians; spreads in option_costs.png)"))
    ax.yaxis.set_major_formatter(USD)
    ax.legend(loc="upper left", fontsize=8)
    if banded:
        _paired_savings(fig.add_subplot(1, 2, 2), costs)
    return fig


def _paired_savings(ax, costs: xr.Dataset) -> None:
    """Cumulative savings of the contender against the incumbent, draw by draw: what the two
    options' overlapping bands cannot show."""
    months = costs["month"].values
    savings = cumulative_savings(costs)
    low, q1, median, q3, high = np.percentile(savings, [5, 25, 50, 75, 95], axis=0)
    base, other = OPTION_SHORT[incumbent(costs)], OPTION_SHORT[contender(costs)]
    colour = COLOURS["asic"]
    ax.fill_between(months, low, high, color=colour, alpha=0.15, lw=0,
                    label="middle 90% of draws")
    ax.fill_between(months, q1, q3, color=colour, alpha=0.3, lw=0, label="middle 50% of draws")
    ax.plot(months, median, color=colour, lw=2, label="median")
    ax.axhline(0, color="black", lw=1)
    p = (savings[:, -1] > 0).mean()
    ax.set(xlabel="Month", ylabel=f"Cumulative savings ({base} − {other}), discounted",
           xlim=(months[0], months[-1]),
           title=f"Paired draws: {other} ahead at the horizon in {p:.1%}")
    ax.yaxis.set_major_formatter(USD)
    ax.legend(loc="lower left", fontsize=8)


def p_asic_cheaper_figure(costs: xr.Dataset) -> Figure:
    """P(contender cheaper so far than the incumbent) by month with its Monte Carlo 95%
    band."""
    months = costs["month"].values
    name = OPTION_SHORT[contender(costs)]
    ahead = cumulative_savings(costs) > 0
    p = ahead.mean(axis=0)
    se = binomial_standard_error(p, ahead.shape[0])
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.add_subplot()
    ax.fill_between(months, np.clip(p - 2 * se, 0, 1), np.clip(p + 2 * se, 0, 1),
                    color=COLOURS["asic"], alpha=0.3, lw=0, label="Monte Carlo 95% band")
    ax.plot(months, p, color=COLOURS["asic"], lw=2, label=f"P({name} cheaper so far)")
    ax.axhline(0.5, color="grey", ls="--", lw=1, label="50%: as likely ahead as not")
    above = np.flatnonzero(p > 0.5)
    when = (f"more likely ahead than not from month {months[above[0]]}" if above.size
            else "never more likely ahead than not")
    ax.set(xlabel="Month", ylabel="Share of draws (cost so far, discounted)", ylim=(0, 1),
           xlim=(months[0], months[-1]),
           title=f"The {name} has cost less so far{_versus(costs)} in {p[-1]:.1%} of draws by"
                 f" month {months[-1]}\n({when})")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.legend(loc="upper left")
    return fig


def crossover_histogram_figure(costs: xr.Dataset) -> Figure:
    """Histogram of the crossover month over the draws that cross, on its own scale; the share
    that never crosses is said in the title, so a rare crossing stays visible."""
    horizon = costs.sizes["month"]
    crossover = crossover_months(cumulative_savings(costs))
    finite = crossover[np.isfinite(crossover)]
    never = np.isinf(crossover).mean()
    name = OPTION_SHORT[contender(costs)]
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.add_subplot()
    if finite.size:
        ax.hist(finite, bins=np.arange(0.5, horizon + 1.5),
                weights=np.full(finite.size, 1.0 / crossover.size), color=COLOURS["asic"])
    else:
        ax.text(0.5, 0.5, f"No draw sees the {name} pull ahead for good within {horizon} months",
                transform=ax.transAxes, ha="center", va="center")
    step = 12 if horizon >= 36 else max(1, horizon // 6)
    ax.set_xticks(range(step, horizon + 1, step))
    ax.set(xlabel="Month from which it stays ahead to the horizon", ylabel="Share of all draws",
           xlim=(0.5, horizon + 0.5),
           title=f"When the {name} pulls ahead for good{_versus(costs)}: in"
                 f" {1 - never:.1%} of draws within {horizon} months, never in {never:.1%}")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))
    return fig


def savings_figure(costs: xr.Dataset) -> Figure:
    """Histogram of savings at the horizon, the draws where the contender wins shaded in its
    colour."""
    savings = cumulative_savings(costs)[:, -1]
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.add_subplot()
    low, high = np.percentile(savings, [0.5, 99.5])
    bins = np.linspace(low, high, 80) if high > low else 10
    base, other = OPTION_SHORT[incumbent(costs)], OPTION_SHORT[contender(costs)]
    wins = savings > 0
    weight = np.full(savings.size, 1.0 / savings.size)
    for mask, colour, words in ((~wins, COLOURS["gpu"], f"{base} cheaper"),
                                (wins, COLOURS["asic"], f"{other} cheaper")):
        ax.hist(savings[mask], bins=bins, weights=weight[mask], color=colour, alpha=0.85,
                label=f"{words}: {mask.mean():.1%} of draws")
    ax.axvline(0, color="black", lw=1)
    ax.axvline(np.median(savings), color="grey", ls="--", lw=1, label="median")
    ax.set(xlabel=f"Savings over the horizon ({base} − {other}), discounted",
           ylabel="Share of draws", title=f"The {other} is cheaper in {wins.mean():.1%} of"
                                          f" draws{_versus(costs)}")
    ax.xaxis.set_major_formatter(USD)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=1))
    ax.legend(fontsize=8)
    return fig


def cost_lines_figure(costs: xr.Dataset) -> Figure:
    """Mean horizon total of each cost line, stacked per option."""
    means = costs["cost"].mean("draw")
    names = [str(o) for o in costs["option"].values]
    fig = Figure(figsize=(8, 2.2 + 0.5 * len(names)), layout="constrained")
    ax = fig.add_subplot()
    left = np.zeros(len(names))
    palette = ["#4C72B0", "#55A868", "#C44E52", "#8172B3", "#CCB974"]
    for line, colour in zip(LINES, palette, strict=True):
        widths = means.sel(line=line).values
        ax.barh([option_labels(costs)[o] for o in names], widths, left=left, color=colour,
                label=line.replace("_", "-"))
        left += widths
    totals = means.sum("line")
    first = names[0]
    largest = str(means.sel(option=first).idxmax("line").values)
    share = float(means.sel(option=first, line=largest) / totals.sel(option=first))
    ax.set(xlabel=f"Mean total over {costs.sizes['month']} months, discounted (USD)",
           title=f"Where the money goes ({option_labels(costs)[first]}:"
                 f" {largest.replace('_', '-')} {share:.0%} of its cost)")
    ax.xaxis.set_major_formatter(USD)
    ax.legend(ncols=len(LINES), loc="lower center", bbox_to_anchor=(0.5, 1.12), frameon=False)
    return fig


def _versus(costs: xr.Dataset) -> str:
    """`` than h100`` when the file has more than two options, so a title names the pair."""
    return "" if costs.sizes["option"] <= 2 else f" than {OPTION_SHORT[incumbent(costs)]}"


FIGURES = {
    "cumulative_cost": cumulative_cost_figure,
    "p_asic_cheaper": p_asic_cheaper_figure,
    "crossover_histogram": crossover_histogram_figure,
    "savings": savings_figure,
    "cost_lines": cost_lines_figure,
}
