"""Crossover months, summary statistics and figures from known cost paths."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from decision.analysis.decision import summarise
from decision.model.outcomes import crossover_months
from decision.report.figures.costs import FIGURES, p_asic_cheaper_figure
from decision.report.schema import CrossoverStats


def test_crossover_month_is_first_month_that_stays_ahead() -> None:
    savings = np.array([
        [-3.0, -1.0, 2.0, 4.0],    # ahead from month 3
        [1.0, -1.0, 1.0, 2.0],     # ahead at 1, behind at 2: crossover 3
        [1.0, 2.0, 3.0, 4.0],      # ahead from the start
        [-1.0, 1.0, 2.0, 0.0],     # level at the horizon is not ahead: never
        [-1.0, -2.0, -3.0, -4.0],  # never
    ])
    np.testing.assert_array_equal(crossover_months(savings), [3, 3, 1, np.inf, np.inf])


def costs_of(gpu: np.ndarray, asic: np.ndarray) -> xr.Dataset:
    monthly = np.stack([gpu, asic], axis=1)
    draws, _, months = monthly.shape
    return xr.Dataset(
        {"monthly_cost": (("draw", "option", "month"), monthly),
         "cost": (("draw", "option", "line"), np.zeros((draws, 2, 5))),
         "incumbent_today": ("draw", gpu.sum(axis=1), {"option": "gpu"}),
         "requests": ("draw", np.full(draws, 1e6))},
        coords={"draw": np.arange(draws), "option": ["gpu", "asic"],
                "kind": ("option", ["owned", "custom"]),
                "line": ["hardware", "energy", "racks", "staff", "one_time"],
                "month": np.arange(1, months + 1)},
    )


def test_summary_statistics_of_known_draws() -> None:
    gpu = np.full((4, 3), 10.0)
    asic = np.array([[5.0] * 3, [20.0, 5.0, 5.0], [15.0] * 3, [30.0, 1.0, 1.0]])
    summary = summarise(costs_of(gpu, asic), scenario="s", priors_file="p.yaml", seed=0)
    # Savings at the horizon: 15, 0, -15, -2 -> only the first is a win.
    assert summary.p_asic_cheaper == 0.25
    assert summary.savings_usd.mean == pytest.approx(-0.5)
    assert summary.p_asic_cheaper_by_month == [0.25, 0.25, 0.25]
    assert summary.crossover_month == CrossoverStats(p05=1, p50=None, p95=None, never=0.75)
    assert summary.recommendation.option == "gpu"
    assert summary.mc_standard_error.p_asic_cheaper == pytest.approx(np.sqrt(0.25 * 0.75 / 4))
    assert summary.columns_usd_per_year["gpu_projected"].mean == 120.0
    # A million requests in each draw: the cost of a million is the total.
    assert summary.usd_per_million_requests["asic"].mean == pytest.approx((15 + 30 + 45 + 32) / 4)


def test_figures_draw_what_they_say() -> None:
    gpu = np.full((200, 12), 10.0)
    asic = np.where(np.arange(200)[:, None] < 50, 20.0, 5.0) * np.ones((1, 12))
    costs = costs_of(gpu, asic)
    fig = p_asic_cheaper_figure(costs)
    line = fig.axes[0].get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), 0.75)
    for make in FIGURES.values():
        figure = make(costs)
        assert figure.axes and figure.axes[0].get_title()


def test_cost_figures_say_what_they_show() -> None:
    from decision.report.figures.costs import (
        crossover_histogram_figure,
        cumulative_cost_figure,
        savings_figure,
    )

    # 150 draws where the ASIC never wins, 50 where it pulls ahead from month 1.
    gpu = np.full((200, 12), 10.0)
    asic = np.where(np.arange(200)[:, None] < 50, 5.0, 20.0) * np.ones((1, 12))
    costs = costs_of(gpu, asic)
    savings = savings_figure(costs).axes[0]
    assert savings.get_title() == "The ASIC is cheaper in 25.0% of draws"
    labels = savings.get_legend_handles_labels()[1]
    assert labels[:2] == ["GPU cheaper: 75.0% of draws", "ASIC cheaper: 25.0% of draws"]
    heights = sum(p.get_height() for p in savings.patches)
    assert heights == pytest.approx(1.0)  # shares of all draws
    crossing = crossover_histogram_figure(costs).axes[0]
    assert "in 25.0% of draws within 12 months, never in 75.0%" in crossing.get_title()
    assert sum(p.get_height() for p in crossing.patches) == pytest.approx(0.25)
    cost, paired = cumulative_cost_figure(costs).axes
    assert "discounted" in cost.get_ylabel() and "discounted" in paired.get_ylabel()
    assert "ASIC ahead at the horizon in 25.0%" in paired.get_title()
    assert set(paired.get_legend_handles_labels()[1]) == {"median", "middle 50% of draws",
                                                          "middle 90% of draws"}
