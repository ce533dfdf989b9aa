"""Figures of what to learn first: each study's EVSI and ENBS against its size, and deciding
now against waiting."""

from __future__ import annotations

from matplotlib.figure import Figure

from decision.report.figures.costs import USD
from decision.report.formatting import usd
from decision.report.schema import StudyValue, WaitingValue

CAPTIONS = {
    "studies": "What each proposed study is worth before deciding, against its size"
               " (measurements, or months watched): the expected value of its information (EVSI,"
               " solid, ±2 standard errors shaded), its cost with the cost of the delay (dashed),"
               " and the expected net benefit of sampling, their difference (dotted); a study"
               " pays where the solid line is above the dashed one. The horizontal line is the"
               " value of knowing the input perfectly (EVPPI).",
    "waiting": "What waiting some months and then deciding on what they revealed saves against"
               " deciding now (dots; below zero, waiting costs more): from the delay itself"
               " (orange: later go-live, the incumbent serving meanwhile) and from what the"
               " months reveal (blue).",
}


def studies_figure(studies: dict[str, StudyValue]) -> Figure:
    """One panel per study: EVSI, cost plus delay, and ENBS against size."""
    fig = Figure(figsize=(4.2 * len(studies), 3.6), layout="constrained")
    axes = fig.subplots(1, len(studies), squeeze=False)[0]
    for ax, (name, study) in zip(axes, studies.items(), strict=True):
        sizes = [int(size) for size in study.evsi_usd]
        evsi = list(study.evsi_usd.values())
        error = [2 * e for e in study.evsi_standard_error_usd.values()]
        spent = [study.cost_usd[s] + study.delay_cost_usd[s] for s in study.evsi_usd]
        ax.plot(sizes, evsi, marker="o", color="C0", label="EVSI")
        ax.fill_between(sizes, [v - e for v, e in zip(evsi, error, strict=True)],
                        [v + e for v, e in zip(evsi, error, strict=True)], color="C0",
                        alpha=0.2, lw=0)
        ax.plot(sizes, spent, ls="--", marker=".", color="C3", label="cost + delay")
        ax.plot(sizes, list(study.enbs_usd.values()), ls=":", marker=".", color="C2",
                label="ENBS")
        ax.axhline(study.evppi_usd, color="grey", lw=1, label="EVPPI")
        ax.axhline(0, color="black", lw=0.5)
        if len(sizes) > 1 and sizes[-1] / sizes[0] >= 10:
            ax.set_xscale("log")
        unit = {"benchmark": "measurements", "quote": "readings", "watch": "months watched"}
        ax.set(xlabel=unit[study.kind], title=f"{name}: {study.input}")
        ax.set_xticks(sizes, [str(s) for s in sizes])
        ax.minorticks_off()
        ax.title.set_fontsize(9)
        ax.yaxis.set_major_formatter(USD)
    axes[0].legend(fontsize=8)
    return fig


def waiting_figure(waiting: WaitingValue) -> Figure:
    """What each wait saves against deciding now, from the delay itself and from what the
    months reveal, with the total marked."""
    labels = [f"wait {m} months" for m in waiting.months]
    waits = list(waiting.months.values())
    delay = [-w.delay_cost_usd for w in waits]
    learning = [w.information_usd for w in waits]
    fig = Figure(figsize=(6.5, 3.6), layout="constrained")
    ax = fig.add_subplot()
    ax.bar(labels, delay, color="C1", alpha=0.8, label="the delay itself")
    # Learning stacks on the delay's bar where that is a saving, on zero where it is a cost.
    ax.bar(labels, learning, bottom=[max(d, 0.0) for d in delay], color="C0", alpha=0.8,
           label="what the months reveal")
    ax.scatter(labels, [w.value_usd for w in waits], color="black", zorder=3,
               label="total against deciding now")
    ax.axhline(0, color="black", lw=0.8)
    ax.set(ylabel="saved against deciding now",
           title=f"Decide now ({usd(waiting.decide_now_expected_cost_usd)} expected) or wait?")
    ax.yaxis.set_major_formatter(USD)
    ax.legend(fontsize=8)
    return fig
