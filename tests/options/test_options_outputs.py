"""What a user of several options sees: the terminal, report.md, the option figures, and the
sweep's winner map, on a three-option point-mass file whose answers are known by hand."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
import yaml
from click.testing import CliRunner

from cli import main
from decision.costs import evaluate_costs
from decision.report.figures.options import p_cheapest_figure, winner_map_figure
from tests.options.test_options_core import CLOUD, write

#: Rent at which the rented option costs as much as the custom one over 12 months:
#: 12 (9 chips x p x 730 h + $20,000 staff) = $677,413.
BREAK_EVEN_RENT = (677_413 / 12 - 20_000) / (9 * 730)


def test_run_prints_and_reports_every_option(tmp_path: Path) -> None:
    path = write(tmp_path, {"cloud": CLOUD})
    document = yaml.safe_load(path.read_text())
    del document["options"]["asic"]["after_change"]  # left to its default: model risk
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    result = CliRunner().invoke(main, ["run", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Decision: rent cloud — cheapest of 3 options in 100.0% of draws" in result.output
    assert "Options (P cheapest · expected total · expected loss):" in result.output
    folder = tmp_path / "out" / "opts"
    report = (folder / "report.md").read_text()
    assert "# opts: which of 3 options?" in report and "## Every option" in report
    assert "| cloud | rented | 100.0% | $398K |" in report
    for name in ("p_cheapest", "option_costs", "cumulative_cost", "cost_lines"):
        assert (folder / "figures" / f"{name}.png").stat().st_size > 0
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["options"]["p_cheapest"] == {"gpu": 0.0, "asic": 0.0, "cloud": 1.0}
    assert summary["recommendation"]["option"] == "cloud"
    assert set(summary["columns_usd_per_year"]) == {"gpu_today", "gpu_projected",
                                                    "asic_projected", "cloud_projected"}
    # draws.nc records the options: its monthly costs recompute without the priors file.
    with xr.open_dataset(folder / "draws.nc") as draws:
        totals = evaluate_costs(draws.load())["monthly_cost"].sum("month").isel(draw=0)
    np.testing.assert_allclose(totals.values, [695_826, 677_413, 397_680], rtol=1e-12)
    # The custom option's choices move only its costs: read against the incumbent, the
    # decision stays the rented option's.
    risks = {r["input"]: r for r in summary["model_risk"]}
    assert risks["asic.after_change"]["versus"] == "asic"
    assert {a["recommendation"] for r in risks.values() for a in r["alternatives"]} == {"cloud"}
    assert all(a["p_asic_cheaper"] == 1.0 for a in risks["asic.after_change"]["alternatives"])


def test_the_acceptability_curve_draws_each_option_share_by_month() -> None:
    monthly = np.zeros((4, 3, 2))
    monthly[:, 0, :] = [[5, 5], [1, 9], [9, 9], [9, 9]]   # cheapest in draw 0 at first
    monthly[:, 1, :] = [[6, 0], [2, 2], [1, 1], [8, 8]]
    monthly[:, 2, :] = 7
    costs = xr.Dataset(
        {"monthly_cost": (("draw", "option", "month"), monthly),
         "incumbent_today": ("draw", np.zeros(4), {"option": "a"})},
        coords={"option": ["a", "b", "c"], "month": [1, 2]})
    lines = p_cheapest_figure(costs).axes[0].get_lines()
    shares = [line.get_ydata().tolist() for line in lines]
    # Month 1: a in draws 0 and 1 (5 < 6, 1 < 2), b in draw 2, c in draw 3 (9, 8, 7).
    # Month 2, cumulative: a 10, 10, 18, 18; b 6, 4, 2, 16; c 14 each: b, b, b, c.
    assert shares == [[0.5, 0.0], [0.25, 0.75], [0.25, 0.25]]
    assert lines[0].get_linestyle() == "--"  # the incumbent


def test_the_sweep_maps_which_option_wins_where(tmp_path: Path) -> None:
    path = write(tmp_path, {"cloud": CLOUD})
    result = CliRunner().invoke(main, ["sweep", str(path), "--x", "cloud.chip_hour_usd=1:10:10",
                                       "--workers", "1", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "opts"
    grid = xr.open_dataset(folder / "sweep.nc")
    names = grid["winner"].attrs["flag_meanings"].split()
    winners = [names[i] for i in grid["winner"].values]
    expected = ["cloud" if rent < BREAK_EVEN_RENT else "asic" for rent in grid["x"].values]
    assert winners == expected and "cloud" in winners and "asic" in winners
    np.testing.assert_array_equal(grid["p_best"].values, 1.0)
    assert (folder / "figures" / "sweep_winner.png").stat().st_size > 0
    legend = winner_map_figure(grid.load()).axes[0].get_legend()
    assert sorted(t.get_text() for t in legend.get_texts()) == ["ASIC program", "cloud"]
    assert "Lowest expected cost by cell: cloud in 70%, asic in 30%" in result.output


def test_other_likely_options_get_their_own_tornado_against_the_incumbent(
        tmp_path: Path) -> None:
    changes = {"gpu.utilization": {"ci90": [0.3, 0.7]},
               "asic.throughput_ratio": {"ci90": [0.5, 4.0]}}
    more = {"cloud": CLOUD | {"chip_hour_usd": {"ci90": [1.0, 9.0]}}}
    path = write(tmp_path, more, changes, draws=2000)
    result = CliRunner().invoke(main, ["run", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out" / "opts" / "summary.json").read_text())
    options = summary["options"]
    likely = {name for name, p in options["p_cheapest"].items()
              if p >= 0.05 and name not in (options["incumbent"], options["contender"])}
    assert likely and set(summary["against_incumbent"]) == likely
    for entry in summary["against_incumbent"].values():
        assert entry["tornado"] and len(entry["tornado"]) <= 5
        swings = [bar["swing_usd"] for bar in entry["tornado"]]
        assert swings == sorted(swings, reverse=True)
    appendix = (tmp_path / "out" / "opts" / "appendix.md").read_text()
    assert "## Other likely options against gpu" in appendix


def test_a_study_and_a_wait_in_a_file_of_several_options(tmp_path: Path) -> None:
    from decision.analysis.evsi import (
        DelayedNetBenefits,
        _later,
        value_of_studies,
        value_of_waiting,
    )
    from decision.model.conditional import ConditionalSavings
    from decision.model.sampling import draw_inputs
    from decision.scenario.priors_file import load_scenario

    changes = {"asic.throughput_ratio": {"ci90": [1.0, 3.0]},
               "asic.model_freeze_months": {"ci90": [4.0, 10.0]}}
    path = write(tmp_path, {"cloud": CLOUD}, changes, draws=400)
    document = yaml.safe_load(path.read_text())
    document["studies"] = {"pilot": {"kind": "benchmark", "input": "asic.throughput_ratio",
                                     "noise": {"relative": 0.2}, "sizes": [1, 5],
                                     "cost_usd": 1000, "months": 2}}
    document["waiting"] = {"months": [2]}
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    scenario = load_scenario(path)
    model = ConditionalSavings.from_draws(scenario, draw_inputs(scenario), seed=scenario.seed)
    # Deciding later moves every challenger's go-live, not the incumbent's fleet.
    assert set(_later(model, 2.0)) == {"asic.lead_time_months", "cloud.lead_time_months"}
    delayed = DelayedNetBenefits(model, -model.totals())
    assert delayed(2.0)[:, 0] == pytest.approx(delayed(0.0)[:, 0])
    (one, five), = value_of_studies(model, delayed, scenario.studies).values()
    assert (one.size, five.size) == (1, 5) and 0 <= one.evsi <= five.evsi + 3 * five.standard_error
    assert one.delay_cost == pytest.approx(delayed.cost_of(2.0))
    assert scenario.waiting.watched == ("asic.model_freeze_months",)
    (wait,) = value_of_waiting(model, delayed, scenario.waiting)
    assert wait.delay_cost == one.delay_cost and wait.information >= 0


def test_responses_costed_once_for_every_option_equal_each_pair_costed_alone(
        tmp_path: Path) -> None:
    from decision.analysis.sensitivity import responses, responses_against_incumbent
    from decision.analysis.subsample import Subsample
    from decision.model.conditional import ConditionalSavings
    from decision.model.sampling import draw_inputs
    from decision.scenario.priors_file import load_scenario

    changes = {"gpu.utilization": {"ci90": [0.3, 0.7]},
               "asic.throughput_ratio": {"ci90": [0.5, 4.0]}}
    more = {"cloud": CLOUD | {"chip_hour_usd": {"ci90": [1.0, 9.0]}}}
    scenario = load_scenario(write(tmp_path, more, changes, draws=600))
    model = ConditionalSavings.from_draws(scenario, draw_inputs(scenario), seed=scenario.seed)
    model.contender = "asic"
    totals = model.totals()
    savings = {name: totals[:, 0] - totals[:, i] for i, name in enumerate(scenario.options.names)}
    sample = Subsample(model, savings["asic"], 300)
    samples = {"asic": sample, "cloud": sample.versus("cloud", savings["cloud"])}
    together = responses_against_incumbent(samples)
    # The cloud's price moves only the cloud's savings; the utilisation moves both.
    assert "cloud.chip_hour_usd" in together["cloud"]
    assert "cloud.chip_hour_usd" not in together["asic"]
    assert "gpu.utilization" in together["asic"] and "gpu.utilization" in together["cloud"]
    for name, versus in samples.items():
        alone = responses(versus, versus.full.uncertain_in_pair)
        assert list(together[name]) == list(alone)
        for path, response in alone.items():
            np.testing.assert_array_equal(together[name][path].expected_savings,
                                          response.expected_savings)
            np.testing.assert_array_equal(together[name][path].p_asic_cheaper,
                                          response.p_asic_cheaper)
