"""Figures of the claims audit: P(ASIC cheaper) against the haircut, and output claims against
their own arithmetic and the team's beliefs. Drawn from the ``claims`` list of the summary."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, PercentFormatter

from decision.report.figures.costs import COLOURS
from decision.report.formatting import metric_value
from decision.report.schema import ClaimEntry

CAPTIONS = {
    "claims_haircut": "P(ASIC cheaper over the horizon) with each input claim taken as true and"
                      " then discounted against the ASIC by the haircut; the dashed line is the"
                      " team's own beliefs, crosses mark where expected savings change sign.",
    "claims_replay": "Each output claim: the claimed range (orange band), the number its own"
                     " stated inputs give through the cost model (blue: median and 90%"
                     " interval), and the team's distribution of the same number (grey).",
}


#: A row is drawn on a log axis when its values span more than this factor.
LOG_SPAN = 8


def claims_figures(entries: list[ClaimEntry]) -> dict[str, Figure]:
    """The figures the claims in ``entries`` call for (none for a kind with no claims)."""
    figures = {}
    if any(e.kind == "input" for e in entries):
        figures["claims_haircut"] = haircut_figure(entries)
    if any(e.kind == "output" for e in entries):
        figures["claims_replay"] = replay_figure(entries)
    return figures


def haircut_figure(entries: list[ClaimEntry]) -> Figure:
    """P(ASIC cheaper) against the haircut, one line per input claim."""
    inputs = [e for e in entries if e.kind == "input"]
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = fig.add_subplot()
    for entry in inputs:
        haircut = np.array([h.haircut for h in entry.haircuts])
        p = np.array([h.p_asic_cheaper for h in entry.haircuts])
        (line,) = ax.plot(haircut, p, marker="o", ms=3, lw=1.5, label=entry.id)
        flip = entry.haircut_to_flip
        if flip is not None and flip <= haircut[-1]:
            ax.plot(flip, np.interp(flip, haircut, p), "x", ms=9, mew=2, color=line.get_color())
    ax.axhline(inputs[0].p_prior, color="black", ls="--", lw=1, label="team's beliefs")
    ax.axhline(0.5, color="grey", ls=":", lw=1)
    ax.set(xlabel="Haircut on the claim (discounted against the ASIC)",
           ylabel="P(ASIC cheaper over the horizon)", ylim=(0, 1),
           title="If the claim were true — and if it were inflated")
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return fig


def replay_figure(entries: list[ClaimEntry]) -> Figure:
    """One row per output claim: claimed range, replay and team's distribution."""
    outputs = [e for e in entries if e.kind == "output"]
    fig = Figure(figsize=(8, 1.5 * len(outputs) + 0.8), layout="constrained")
    axes = fig.subplots(len(outputs), 1, squeeze=False)[:, 0]
    for ax, entry in zip(axes, outputs, strict=True):
        low, high = entry.claimed_interval
        ax.axvspan(low, high, color=COLOURS["asic"], alpha=0.35, lw=0, label="claimed")
        rows = ((1, entry.replayed, COLOURS["gpu"], "its own inputs"),
                (0, entry.team, COLOURS["prior"], "team's beliefs"))
        shown = [low, high] + [v for _, stats, _, _ in rows
                               for v in (stats.p05, stats.p50, stats.p95) if v is not None]
        right = max(shown) * 1.1
        for y, stats, colour, label in rows:
            p05, p50, p95 = stats.p05, stats.p50, stats.p95
            if p05 is not None:
                # A 95th percentile of "never" runs the bar off the right edge.
                ax.plot([p05, right if p95 is None else p95], [y, y], color=colour, lw=4,
                        alpha=0.6)
            if p95 is None:
                ax.annotate("never →" if p50 is None else "95th: never →", (right, y),
                            xytext=(-4, 6), textcoords="offset points", ha="right",
                            fontsize=7, color=colour)
            if p50 is not None:
                ax.plot(p50, y, "o", color=colour, label=label)
        label = FuncFormatter(lambda value, _, unit=entry.unit: metric_value(value, unit))
        if min(shown) > 0 and max(shown) / min(shown) > LOG_SPAN:
            ax.set_xscale("log")
            ax.xaxis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
            ax.xaxis.set_minor_formatter(label)
            ax.tick_params(axis="x", which="minor", labelsize=7)
        ax.set_xlim(right=right)
        ax.xaxis.set_major_formatter(label)
        ax.set_yticks([0, 1], ["team", "replay"])
        ax.set_ylim(-0.6, 1.6)
        ax.set_title(f"{entry.id}: {entry.metric}", fontsize=9, loc="left")
    axes[0].legend(fontsize=7, loc="upper right", ncols=3)
    return fig
