"""Sweeps, tornado, break-even, risk and robustness: against hand computations and single runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from click.testing import CliRunner
from scipy.stats import lognorm

from cli import main
from decision.analysis.decision import summarise
from decision.analysis.risk import exceedance, opportunity_loss, tail_loss, widened
from decision.analysis.sensitivity import (
    GRID_QUANTILES,
    OUTER_QUANTILES,
    Response,
    break_even,
    find_flip,
    refined,
    responses,
    tornado,
)
from decision.analysis.subsample import Subsample
from decision.model.conditional import ConditionalSavings
from decision.model.costs import evaluate_costs
from decision.model.sampling import draw_inputs
from decision.scenario.catalogue import Domain
from decision.scenario.priors_file import load_scenario

#: The worked check (savings 18,413 over 12 months, no discounting) with a linear stake:
#: savings = 18,413 - nre - (porting - 100,000) in every draw.
LINEAR = {"asic.nre_usd": {"dist": "Uniform", "kwargs": {"lower": 0.0, "upper": 40_000.0}},
          "asic.porting_usd": {"dist": "Uniform", "kwargs": {"lower": 95_000.0,
                                                              "upper": 105_000.0}}}
UTILISATION = {"gpu.utilization": {"dist": "Beta", "ci90": [0.3, 0.6]}}


def model_of(path: Path, draws: int = 4000) -> ConditionalSavings:
    scenario = load_scenario(path)
    inputs = draw_inputs(scenario, draws, scenario.seed)
    return ConditionalSavings.from_draws(scenario, inputs, seed=scenario.seed)


def sample_of(path: Path, draws: int = 4000, analysed: int = 2000) -> Subsample:
    """The run's draws, the first ``analysed`` of them re-evaluated."""
    model = model_of(path, draws)
    return Subsample(model, model.savings(), analysed)


def test_tornado_matches_the_hand_built_linear_case(write_priors) -> None:
    sample = sample_of(write_priors(LINEAR))
    model = sample.full
    found = responses(sample, model.uncertain)
    bars = tornado(found)
    assert [bar.path for bar in bars] == ["asic.nre_usd", "asic.porting_usd"]
    porting_mean = model.values["asic.porting_usd"].mean()
    nre = bars[0]
    assert nre.low_value == pytest.approx(np.quantile(model.values["asic.nre_usd"], 0.05))
    assert nre.savings_at_low == pytest.approx(18_413 - nre.low_value - (porting_mean - 1e5))
    assert nre.savings_at_high == pytest.approx(18_413 - nre.high_value - (porting_mean - 1e5))
    assert nre.swing == pytest.approx(nre.high_value - nre.low_value)
    # Linear in the controls (the run's savings and the input): what is left is the error of
    # the mean porting cost over all draws.
    assert nre.standard_error == pytest.approx(
        model.values["asic.porting_usd"].std() / np.sqrt(model.draws), rel=1e-3)


def test_break_even_matches_the_hand_built_linear_case(write_priors) -> None:
    sample = sample_of(write_priors(LINEAR))
    model = sample.full
    found = refined(sample, responses(sample, model.uncertain))
    nre = next(b for b in break_even(sample, found) if b.path == "asic.nre_usd")
    porting = model.values["asic.porting_usd"] - 1e5
    tolerance = 2e-3 * (nre.searched[1] - nre.searched[0])
    assert nre.savings_zero == pytest.approx(18_413 - porting.mean(), abs=tolerance)
    assert nre.p_half == pytest.approx(18_413 - np.median(porting), abs=tolerance)
    assert not nre.asic_favoured_above


def test_break_even_value_gives_even_odds_in_a_run_at_that_value(write_priors) -> None:
    sample = sample_of(write_priors(LINEAR | UTILISATION))
    model = sample.full
    found = refined(sample, responses(sample, model.uncertain))
    flips = [b for b in break_even(sample, found) if b.p_half is not None]
    assert flips
    for b in flips:
        # P(ASIC cheaper) can jump where a node is added; it straddles 50% at the value.
        step = 3e-3 * (b.searched[1] - b.searched[0])
        below, at, above = ((model.savings({b.path: v}) > 0).mean()
                            for v in (b.p_half - step, b.p_half, b.p_half + step))
        assert min(below, above) <= 0.52 and max(below, above) >= 0.48, b.path
        if b.path == "asic.nre_usd":  # continuous in NRE
            assert at == pytest.approx(0.5, abs=0.01)


def test_an_input_that_never_flips_says_which_option_it_favours(write_priors) -> None:
    narrow = {"asic.porting_usd": {"dist": "Uniform", "kwargs": {"lower": 0.0,
                                                                  "upper": 1_000.0}}}
    sample = sample_of(write_priors(narrow))
    (entry,) = break_even(sample, refined(sample, responses(sample, sample.full.uncertain)))
    assert entry.savings_zero is None and entry.p_half is None
    assert entry.favours_throughout == "asic"


def test_only_a_response_that_turns_at_the_outer_quantiles_is_refined(write_priors) -> None:
    # Expected savings -1,587 - (porting - 100,000) < 0 throughout this range.
    narrow = {"asic.porting_usd": {"dist": "Uniform", "kwargs": {"lower": 99_500.0,
                                                                  "upper": 100_500.0}}}
    sample = sample_of(write_priors(LINEAR | narrow))
    found = responses(sample, sample.full.uncertain)
    assert all(r.quantiles == OUTER_QUANTILES for r in found.values())
    fine = refined(sample, found)
    assert fine["asic.porting_usd"] is found["asic.porting_usd"]  # never flips: kept
    nre = fine["asic.nre_usd"]  # flips at about 18,413: the whole grid
    assert nre.quantiles == GRID_QUANTILES
    values = np.quantile(sample.full.values["asic.nre_usd"], GRID_QUANTILES)
    np.testing.assert_allclose(nre.values, values)
    alone = [sample.estimate("asic.nre_usd").mean(sample.model.savings({"asic.nre_usd": v}))
             for v in values]
    np.testing.assert_allclose(nre.expected_savings, alone, rtol=1e-12)


@pytest.mark.parametrize(("savings", "p", "turns"), [
    ([5.0, 4.0, 2.0, 1.0], [0.7, 0.6, 0.6, 0.55], False),
    ([5.0, 4.0, -2.0, -3.0], [0.7, 0.6, 0.4, 0.3], True),   # crosses zero
    ([5.0, 4.0, 2.0, 1.0], [0.7, 0.6, 0.45, 0.4], True),    # P crosses 50%
    ([5.0, 4.0, 4.5, 6.0], [0.7, 0.6, 0.6, 0.65], True),    # changes direction
])
def test_a_response_turns_where_a_finer_grid_may_find_a_flip(savings, p, turns) -> None:
    zeros = np.zeros(4)
    r = Response("x", OUTER_QUANTILES, np.arange(4.0), np.array(savings), np.array(p), zeros,
                 zeros)
    assert r.turns is turns


def test_setting_an_input_conditions_its_copula_partner(write_priors) -> None:
    extra = {"correlations": [{"inputs": ["asic.node_price_usd", "asic.throughput_ratio"],
                               "rank": 0.6}]}
    priors = write_priors({"asic.node_price_usd": {"ci90": [1e5, 3e5]},
                           "asic.throughput_ratio": {"ci90": [1.0, 3.0]}}, extra=extra)
    model = model_of(priors)
    ratio = model.values["asic.throughput_ratio"]
    dear = model.inputs({"asic.node_price_usd": 3e5})["asic.throughput_ratio"]
    cheap = model.inputs({"asic.node_price_usd": 1e5})["asic.throughput_ratio"]
    assert np.median(cheap) < np.median(ratio) < np.median(dear)
    # Uncorrelated inputs and the unconditioned path keep their draws exactly.
    assert np.array_equal(model.inputs({"asic.node_price_usd": 3e5}, conditioned=False)[
        "asic.throughput_ratio"], ratio)


def test_risk_on_hand_made_savings() -> None:
    savings = np.array([-300.0, -100.0, 50.0, 150.0])
    assert opportunity_loss(savings) == {"gpu": 50.0, "asic": 100.0}
    assert tail_loss(savings, "asic") == 300.0
    first, second = exceedance(savings, gpu_cost=1000.0)[:2]
    assert (first.p_asic_loses_more, first.p_gpu_loses_more) == (0.5, 0.5)
    assert second.usd == 50.0 and second.p_asic_loses_more == 0.5
    assert second.p_gpu_loses_more == 0.25


@pytest.mark.parametrize("domain", [d for d in Domain
                                    if d not in (Domain.COUNT, Domain.WHOLE, Domain.CHOICE)])
def test_widened_draws_keep_their_domain_median_and_ranks(domain: Domain) -> None:
    low = {Domain.AT_LEAST_ONE: 1.0, Domain.GROWTH: -1.0}.get(domain, 0.0)
    values = low + np.random.default_rng(5).uniform(0.01, 0.99, 1001)
    wide = widened(values, domain, 2.0)
    assert all(domain.contains(v) for v in wide)
    assert np.median(wide) == pytest.approx(np.median(values))
    assert np.array_equal(np.argsort(wide), np.argsort(values))
    assert np.allclose(widened(values, domain, 1.0), values)


def test_widening_a_lognormal_doubles_its_log_spread() -> None:
    values = lognorm(s=0.5, scale=3.0).ppf(np.linspace(0.001, 0.999, 999))
    assert np.log(widened(values, Domain.POSITIVE, 2.0)).std() == pytest.approx(
        2 * np.log(values).std())


def sweep(args: list[str], out: Path) -> tuple[object, xr.Dataset | None]:
    result = CliRunner().invoke(main, ["sweep", *args, "--workers", "1", "--out", str(out)])
    folder = next(out.iterdir(), None) if out.exists() else None
    grid = xr.load_dataset(folder / "sweep.nc") if folder and result.exit_code == 0 else None
    return result, grid


def test_sweep_cells_agree_with_single_runs_at_the_same_values(write_priors,
                                                               tmp_path: Path) -> None:
    priors = write_priors(LINEAR | UTILISATION, draws=3000)
    result, grid = sweep([str(priors), "--x", "gpu.utilization=0.3:0.6:4", "--draws", "3000"],
                         tmp_path / "sweep")
    assert result.exit_code == 0, result.output
    assert grid.attrs["draws"] == 3000 and grid["x"].attrs["scale"] == "linear"
    for i, value in enumerate(grid["x"].values):
        fixed = load_scenario(write_priors(LINEAR | {"gpu.utilization": float(value)},
                                           name=f"at{i}", draws=3000))
        single = summarise(evaluate_costs(draw_inputs(fixed)), scenario=fixed.name,
                           priors_file=fixed.file, seed=fixed.seed)
        assert grid["p_asic_cheaper"].values[i] == pytest.approx(single.p_asic_cheaper,
                                                                 abs=1e-6)
        assert grid["expected_savings"].values[i] == pytest.approx(single.savings_usd.mean,
                                                                   abs=0.01)


def test_two_input_sweep_writes_map_frontier_break_even_and_figures(write_priors,
                                                                   tmp_path: Path) -> None:
    priors = write_priors(LINEAR | UTILISATION, draws=2000)
    result, grid = sweep([str(priors), "--x", "asic.nre_usd=1:40000:log:6",
                          "--y", "gpu.utilization=0.3:0.6:5", "--draws", "2000"],
                         tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert grid["p_asic_cheaper"].dims == ("x", "y") and grid["p_asic_cheaper"].shape == (6, 5)
    assert grid["x"].attrs == {"input": "asic.nre_usd", "unit": "USD", "scale": "log"}
    assert grid["crossing"].dims == ("level", "y")
    # Savings fall with NRE, so each draw's break-even NRE is where its savings reach 0.
    model = model_of(priors, 2000)
    expected = 18_413 - (model.values["asic.porting_usd"] - 1e5)
    flips = np.isfinite(grid["break_even"].values)
    assert np.allclose(grid["break_even"].values[flips], expected[flips], rtol=1e-6)
    assert 0 < grid["break_even"].attrs["share_in_range"] <= 1
    figures = tmp_path / "out" / "check" / "figures"
    assert (figures / "sweep.png").stat().st_size > 10_000
    assert (figures / "break_even.png").stat().st_size > 10_000
    assert "50% frontier" in result.output
    assert "Break-even ASIC design cost (NRE) per draw" in result.output


def test_default_sweep_is_volume_by_model_freeze(write_priors, tmp_path: Path) -> None:
    priors = write_priors(LINEAR, draws=500)
    result, grid = sweep([str(priors), "--draws", "500"], tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert grid["x"].attrs["input"] == "workload.inferences_per_day"
    assert grid["y"].attrs["input"] == "asic.model_freeze_months"
    assert grid["x"].values[0] == pytest.approx(21.6e5)
    assert grid["x"].values[-1] == pytest.approx(21.6e7)
    assert grid.sizes == {"x": 25, "y": 25, "level": 3, "draw": 500}


@pytest.mark.parametrize(("args", "message"), [
    (["--x", "gpu.utilisation=0.3:0.6"], "error: unknown input 'gpu.utilisation'; did you"
                                          " mean 'gpu.utilization'?"),
    (["--x", "gpu.chips_per_node=1:8"], "error: gpu.chips_per_node is a whole-number count;"
                                        " sweep a continuous input"),
    (["--x", "gpu.utilization=0.6:0.3"], "error: 'gpu.utilization=0.6:0.3': LO must be below"
                                         " HI; got 0.6 and 0.3"),
    (["--x", "gpu.utilization=0.3:1.5"], "error: gpu.utilization must be a fraction in (0, 1];"
                                         " the range has 1.5"),
    (["--x", "asic.nre_usd=0:1e6:log"], "error: 'asic.nre_usd=0:1e6:log': a log axis needs"
                                        " LO > 0; got 0"),
    (["--x", "gpu.utilization=0.3:0.6:1"], "error: 'gpu.utilization=0.3:0.6:1': the number of"
                                           " points must be a whole number from 2 to 200;"
                                           " got '1'"),
    (["--x", "gpu.utilization=low:0.6"], "error: 'gpu.utilization=low:0.6': 'low' is not a"
                                         " number (write 5e6, 0.3, ...)"),
    (["--x", "gpu.utilization=0.3"], "error: 'gpu.utilization=0.3': write PATH=LO:HI,"
                                     " optionally followed by :log or :linear and :N points"),
    (["--x", "gpu.utilization:3=0.3:0.6"], "error: 'gpu.utilization:3=0.3:0.6': write"
                                           " PATH=LO:HI, optionally followed by :log or"
                                           " :linear and :N points"),
    (["--y", "gpu.utilization"], "error: --y needs --x"),
    (["--x", "gpu.utilization", "--y", "gpu.utilization"], "error: --x and --y are both"
                                                           " gpu.utilization; sweep two"
                                                           " different inputs"),
    (["--x", "asic.nre_usd"], "error: asic.nre_usd is fixed at 0 in"),
])
def test_bad_axes_are_exit_2_with_one_line(write_priors, tmp_path: Path, args: list[str],
                                           message: str) -> None:
    priors = write_priors(UTILISATION, draws=200)
    result, _ = sweep([str(priors), *args, "--draws", "200"], tmp_path / "out")
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert result.output.count("\n") == 1
    assert not (tmp_path / "out" / "check" / "sweep.nc").exists()


def test_a_step_is_reported_as_a_step_and_a_crossing_as_a_crossing() -> None:
    from decision.analysis.sensitivity import find_flip

    grid = np.linspace(1.0, 7.0, 7)

    def step(value: float) -> float:
        return 250.0 if value >= 4.2 else -100.0 - value

    flip = find_flip(step, grid, np.array([step(v) for v in grid]))
    assert flip.value == pytest.approx(4.2, abs=1e-3)
    assert flip.jump == pytest.approx((-104.2, 250.0), abs=0.01)

    def line(value: float) -> float:
        return 30.0 * (value - 4.3)

    flip = find_flip(line, grid, np.array([line(v) for v in grid]))
    assert flip.value == pytest.approx(4.3, abs=1e-3) and flip.jump is None
    assert find_flip(line, grid[:3], np.array([line(v) for v in grid[:3]])) is None


def totals_of(path: Path) -> tuple[Subsample, np.ndarray]:
    model = model_of(path, 200)
    return Subsample(model, model.savings(), 100), model.totals()


def test_model_risk_runs_every_option_of_a_choice_the_file_leaves_out(write_priors) -> None:
    from decision.analysis.model_risk import Alternative, model_risk

    # F = 6 and phi = 0.5 on the worked check: buying on after the change is cheaper.
    changes = {"asic.model_freeze_months": {"ci90": [5.0, 7.0]},
               "asic.post_change_efficiency": 0.5, "asic.after_change": None}
    risks = model_risk(*totals_of(write_priors(changes, draws=200)))
    versus, (stop, keep, by_part) = risks["asic.after_change"]
    assert versus == "asic"
    assert (stop.option, keep.option, by_part.option) == ("stop_buying",
                                                          "keep_buying_if_cheaper", "by_part")
    assert keep.expected_savings > stop.expected_savings
    # Read from the run's monthly costs, re-evaluated as horizon totals: equal to rounding.
    assert by_part == Alternative("by_part", keep.p_asic_cheaper,
                                  pytest.approx(keep.expected_savings, rel=1e-12),
                                  keep.recommendation)
    pinned = write_priors(changes | {"asic.after_change": "stop_buying"}, draws=200)
    assert model_risk(*totals_of(pinned)) == {}


def test_without_a_range_the_scale_and_points_follow_the_path(write_priors,
                                                              tmp_path: Path) -> None:
    """PATH:log:N, as the metavar PATH[=LO:HI][:log][:N] says; it was an unknown input."""
    priors = write_priors(UTILISATION, draws=200)
    result, _ = sweep([str(priors), "--x", "gpu.utilization:log:3", "--draws", "200"],
                      tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "log, 3 points" in result.output


def test_the_root_search_does_not_evaluate_the_bracket_again() -> None:
    """The grid's values bracket the root; Brent's method starts from them without new runs."""
    asked = []

    def line(value: float) -> float:
        asked.append(value)
        return 2.0 * value - 3.0

    values = np.array([0.0, 1.0, 2.0, 4.0])
    flip = find_flip(line, values, 2.0 * values - 3.0)
    assert flip.value == pytest.approx(1.5, abs=1e-3)
    assert asked and not {1.0, 2.0} & set(asked)



def test_settings_stacked_into_one_run_give_each_setting_alone(write_priors, monkeypatch) -> None:
    from decision.model import conditional

    model = model_of(write_priors(LINEAR | UTILISATION), draws=300)
    settings = [{}, {"asic.nre_usd": 5_000.0}, {"gpu.utilization": 0.35},
                {"asic.porting_usd": np.linspace(95_000, 105_000, 300)},
                {"asic.nre_usd": 5_000.0, "gpu.utilization": 0.5}]
    monkeypatch.setattr(conditional, "STACKED_DRAWS", 3 * 300)  # stacks of 3, then of 2
    stacked = model.totals_each(settings)
    assert stacked.shape == (5, 300, 2)
    for each, setting in zip(stacked, settings, strict=True):
        np.testing.assert_allclose(each, model.totals(setting), rtol=1e-12)
    np.testing.assert_allclose(model.savings_each(settings), stacked[:, :, 0] - stacked[:, :, 1],
                               rtol=1e-12)
