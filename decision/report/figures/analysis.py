"""Figures of the decision analysis: value of information, tornado, crossover map and curve."""

from __future__ import annotations

import numpy as np
import xarray as xr
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter, PercentFormatter

from decision.report.figures.costs import COLOURS, USD
from decision.report.formatting import input_label, input_value, number, usd
from decision.report.schema import Sensitivity, ValueOfInformation

CAPTIONS = {
    "value_of_information": "What resolving each uncertainty before deciding is worth (EVPPI,"
                            " USD): bars are single inputs and groups, whiskers ±2 standard"
                            " errors of the regression; the dashed line is the EVPI, the value"
                            " of resolving everything.",
    "tornado": "Expected savings (GPU − ASIC) with one input at its 5th (light) or 95th (dark)"
               " percentile and every other input still uncertain; the vertical line is the"
               " expected savings now, right of zero favours the ASIC.",
    "sweep": "P(ASIC cheaper over the horizon) over the swept values, every cell on the same"
             " draws of the other inputs; the black line is the 50% crossover frontier, dashed"
             " lines 10% and 90%.",
    "break_even": "The swept input's break-even value in each draw (where savings change"
                  " sign), with the share of draws that never flip in range.",
}
#: Figures :func:`decision.pipeline.run` adds to every run.
ANALYSIS_FIGURES = ("value_of_information", "tornado")
TOP = 12


def worth_measuring(voi: ValueOfInformation) -> bool:
    """Whether any input or group is worth more than twice its standard error: otherwise the
    value-of-information chart would be empty bars, and the report says so in a sentence."""
    return (any(v > 2 * voi.evppi_standard_error_usd[p] for p, v in voi.evppi_usd.items())
            or any(g.evppi_usd > 2 * g.standard_error_usd for g in voi.groups.values()))


def value_of_information_figure(voi: ValueOfInformation) -> Figure:
    """Horizontal bars of EVPPI (inputs and groups, largest first) against the EVPI."""
    items = [(input_label(path), value, voi.evppi_standard_error_usd[path])
             for path, value in voi.evppi_usd.items()][:TOP]
    items += [(f"{name} (group)", g.evppi_usd, g.standard_error_usd)
              for name, g in voi.groups.items()]
    items.sort(key=lambda item: item[1])
    fig = Figure(figsize=(8, 0.35 * len(items) + 1.6), layout="constrained")
    ax = fig.add_subplot()
    names = [name for name, _, _ in items]
    colours = [COLOURS["posterior"] if name.endswith("(group)") else COLOURS["asic"]
               for name in names]
    ax.barh(names, [v for _, v, _ in items], xerr=[2 * se for _, _, se in items],
            color=colours, error_kw={"lw": 1, "capsize": 2})
    ax.axvline(voi.evpi_usd, color="black", ls="--", lw=1,
               label=f"EVPI {usd(voi.evpi_usd)}")
    ax.set(xlabel="Expected value of (partial) perfect information",
           title="What knowing an input before deciding is worth")
    ax.xaxis.set_major_formatter(USD)
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(loc="lower right")
    return fig


def tornado_figure(sensitivity: Sensitivity) -> Figure:
    """Tornado of expected savings, widest swing on top."""
    bars = sensitivity.tornado[:TOP][::-1]
    base = sensitivity.expected_savings_usd
    fig = Figure(figsize=(8, 0.4 * len(bars) + 1.6), layout="constrained")
    ax = fig.add_subplot()
    for i, bar in enumerate(bars):
        for end, shade in (("low", 0.45), ("high", 0.95)):
            value = getattr(bar, f"savings_at_{end}_usd")
            ax.barh(i, value - base, left=base, color=COLOURS["gpu"], alpha=shade)
            ax.annotate(input_value(bar.input, getattr(bar, end)), (value, i), fontsize=7,
                        va="center",
                        ha="left" if value >= base else "right",
                        xytext=(3 if value >= base else -3, 0), textcoords="offset points")
    ax.set_yticks(range(len(bars)), [input_label(bar.input) for bar in bars], fontsize=8)
    ax.axvline(base, color="black", lw=1)
    ax.axvline(0, color="grey", ls="--", lw=1)
    ax.set(xlabel="Expected savings over the horizon (GPU − ASIC)",
           title="What moves the expected savings (5th ↔ 95th percentile)")
    ax.xaxis.set_major_formatter(USD)
    ax.margins(x=0.15)
    return fig


def sweep_figure(sweep: xr.Dataset) -> Figure:
    """Heat map with 10/50/90% contours for two inputs; the curve with its band for one."""
    x = sweep["x"]
    fig = Figure(figsize=(8, 5) if "y" in sweep.dims else (8, 4), layout="constrained")
    ax = fig.add_subplot()
    p = sweep["p_asic_cheaper"]
    if "y" in sweep.dims:
        y = sweep["y"]
        mesh = ax.pcolormesh(x, y, p.values.T, cmap="RdBu_r", shading="nearest",
                             norm=TwoSlopeNorm(0.5, 0.0, 1.0))
        contours = ax.contour(x, y, p.values.T, levels=[0.1, 0.5, 0.9], colors="black",
                              linestyles=["--", "-", "--"], linewidths=[1, 2, 1])
        ax.clabel(contours, fmt=lambda level: f"{level:.0%}", fontsize=8)
        fig.colorbar(mesh, ax=ax, label="P(ASIC cheaper)", format=PercentFormatter(1.0))
        _axis(ax.yaxis, ax.set_yscale, y)
        ax.set_ylabel(y.attrs["input"])
    else:
        se = sweep["mc_standard_error"]
        ax.fill_between(x, np.clip(p - 2 * se, 0, 1), np.clip(p + 2 * se, 0, 1),
                        color=COLOURS["asic"], alpha=0.3, lw=0, label="Monte Carlo 95% band")
        ax.plot(x, p, color=COLOURS["asic"], lw=2, label="P(ASIC cheaper)")
        for level in (0.1, 0.5, 0.9):
            ax.axhline(level, color="grey", ls="-" if level == 0.5 else ":", lw=1)
        ax.set(ylim=(0, 1), ylabel="P(ASIC cheaper over the horizon)")
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.legend(loc="best")
    _axis(ax.xaxis, ax.set_xscale, x)
    ax.set(xlabel=x.attrs["input"], title=f"Crossover map: {sweep.attrs['scenario']}")
    return fig


def break_even_figure(sweep: xr.Dataset) -> Figure:
    """Histogram of the per-draw break-even value of the swept input."""
    x = sweep["x"]
    values = sweep["break_even"].values
    finite = values[np.isfinite(values)]
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.add_subplot()
    log = x.attrs["scale"] == "log"
    low, high = float(x.min()), float(x.max())
    bins = np.geomspace(low, high, 50) if log else np.linspace(low, high, 50)
    ax.hist(finite, bins=bins, weights=np.full(finite.size, 1 / values.size),
            color=COLOURS["asic"])
    _axis(ax.xaxis, ax.set_xscale, x)
    shares = sweep["break_even"].attrs
    ax.set(xlabel=f"Break-even {x.attrs['input']}", ylabel="Share of draws",
           title=f"Break-even per draw: flips in range {shares['share_in_range']:.0%},"
                 f" ASIC cheaper throughout {shares['share_asic_throughout']:.0%},"
                 f" GPU cheaper throughout {shares['share_gpu_throughout']:.0%}")
    ax.title.set_fontsize(10)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=1))
    return fig


def _axis(axis, set_scale, values: xr.DataArray) -> None:
    if values.attrs["scale"] == "log":
        set_scale("log")
        axis.set_minor_formatter(NullFormatter())
    axis.set_major_formatter(lambda value, _: number(value))
