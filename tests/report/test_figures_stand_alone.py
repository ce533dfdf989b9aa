"""Figures that stand alone, checked on what they drew (Agg backend, no display)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import xarray as xr

from decision.evidence.spec import ChangeHistory, Evidence, Measurements, Parameter
from decision.report.figures.analysis import worth_measuring
from decision.report.figures.evidence import evidence_effect_figure, prior_posterior_figure
from tests.analysis.test_decision import costs_of


def scenario_with(evidence: dict[str, Evidence]) -> SimpleNamespace:
    return SimpleNamespace(evidence=evidence, horizon_months=60)


def test_prior_posterior_has_no_empty_panel_and_marks_the_change_history() -> None:
    rng = np.random.default_rng(1)
    history = ChangeHistory((5.0, 9.0, 14.0), 8.0, "weibull", ())
    noise = Parameter("sigma", 0.05, None)
    utilisation = Measurements((0.4, 0.45), "Normal", noise)
    evidence = {"asic.model_freeze_months": Evidence("asic.model_freeze_months", "f:1",
                                                     history=history),
                "gpu.utilization": Evidence("gpu.utilization", "f:2", utilisation),
                "facility.power_price_usd_per_kwh": Evidence(
                    "facility.power_price_usd_per_kwh", "f:3", Measurements(
                        (0.08, 0.09), "Normal", noise))}
    draws = {"asic.model_freeze_months": rng.gamma(2.0, 10.0, 2000),
             "gpu.utilization": rng.beta(8, 10, 2000),
             "facility.power_price_usd_per_kwh": rng.normal(0.085, 0.01, 2000)}
    data = xr.Dataset({p: ("draw", v) for p, v in draws.items()})
    fig = prior_posterior_figure(scenario_with(evidence), data, data)
    assert len(fig.axes) == 3  # one row of three, no empty fourth panel
    freeze = fig.axes[0]
    assert freeze.get_xlim() == (0.0, 60.0)
    labels = freeze.get_legend_handles_labels()[1]
    assert "past intervals between changes" in labels
    assert "the model now, 8 months old and running" in labels
    assert any(label.startswith("posterior (") and "beyond 60 months" in label
               for label in labels)
    assert "%" in fig.axes[1].get_title()  # the unit is named
    assert all(len(ax.get_xticks()) <= 6 for ax in fig.axes)  # labels with units stay apart


def test_evidence_effect_zooms_to_the_probabilities_it_shows() -> None:
    gpu = np.full((400, 12), 10.0)
    rare = np.where(np.arange(400)[:, None] < 8, 5.0, 20.0) * np.ones((1, 12))
    ax = evidence_effect_figure(costs_of(gpu, rare), costs_of(gpu, rare)).axes[0]
    assert ax.get_ylim()[1] < 0.1  # 2% of draws: not drawn against 0–100%
    assert ax.get_title() == "The evidence moves P(ASIC cheaper) at month 12 from 2.0% to 2.0%"


def test_nothing_worth_measuring_draws_no_chart() -> None:
    group = SimpleNamespace(evppi_usd=5.0, standard_error_usd=10.0)
    nothing = SimpleNamespace(evppi_usd={"a": 0.0, "b": 3.0},
                              evppi_standard_error_usd={"a": 0.0, "b": 2.0},
                              groups={"g": group})
    assert not worth_measuring(nothing)
    nothing.evppi_usd["b"] = 50.0
    assert worth_measuring(nothing)


def test_p_cheaper_title_says_when_the_challenger_is_ahead_more_often_than_not() -> None:
    from decision.report.figures.costs import p_asic_cheaper_figure

    gpu = np.full((100, 12), 10.0)
    asic = np.full((100, 12), 10.0)
    asic[:70, 0], asic[:70, 1:] = 40.0, 6.0  # 70 draws catch up in month 9, the rest never
    ax = p_asic_cheaper_figure(costs_of(gpu, asic)).axes[0]
    assert ax.get_title() == ("The ASIC has cost less so far in 70.0% of draws by month 12\n"
                              "(more likely ahead than not from month 9)")
    assert "discounted" in ax.get_ylabel()


def test_cost_lines_name_a_merchant_part_and_the_largest_line() -> None:
    from decision.report.figures.costs import cost_lines_figure

    costs = costs_of(np.full((10, 12), 10.0), np.full((10, 12), 8.0))
    lines = np.zeros((10, 2, 5))
    lines[:, 0] = [60.0, 10.0, 10.0, 20.0, 0.0]
    lines[:, 1] = [50.0, 5.0, 5.0, 30.0, 6.0]
    costs["cost"] = (("draw", "option", "line"), lines)
    costs = costs.assign_coords(kind=("option", ["owned", "merchant"]))
    ax = cost_lines_figure(costs).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Stay on GPUs", "Merchant part"]
    assert ax.get_title() == "Where the money goes (Stay on GPUs: hardware 60% of its cost)"
    assert ax.get_xlabel() == "Mean total over 12 months, discounted (USD)"
