"""Several options on the same draws: hand-computed totals, P(cheapest), a dominated option,
EVPI against brute force."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from decision.analysis import voi
from decision.analysis.decision import summarise
from decision.model.costs import evaluate_costs
from decision.model.outcomes import cheapest_by_month
from decision.model.sampling import draw_inputs
from decision.scenario.priors_file import load_scenario
from tests.conftest import WORKED, as_options, nest

#: A rented option: 60/s/chip peak at 50% utilisation, $2 a chip-hour.
CLOUD = {"kind": "rented", "peak_inferences_per_s_per_chip": 60.0, "utilization": 0.5,
         "chip_hour_usd": 2.0}
GPU_TOTAL, ASIC_TOTAL = 695_826.0, 677_413.0  # docs/model.md, "Worked check"


def write(tmp_path: Path, more: dict, changes: dict | None = None, name: str = "opts",
          draws: int = 3) -> Path:
    document = {"schema_version": 1, "name": name, "sampling": {"draws": draws, "seed": 7},
                **nest(WORKED | (changes or {}))}
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(as_options(document, more), sort_keys=False))
    return path


def costs_of(path: Path):
    scenario = load_scenario(path)
    return scenario, evaluate_costs(draw_inputs(scenario), scenario.options)


def test_three_point_mass_options_match_hand_calculations(tmp_path: Path) -> None:
    scenario, costs = costs_of(write(tmp_path, {"cloud": CLOUD}))
    totals = costs["monthly_cost"].sum("month").isel(draw=0)
    # 250/s at 30/s a chip: ceil(8.33) = 9 chips x $2 x 730 h = $13,140 a month of rent, and
    # the serving staff ($20,000 a month); no power, racks or hardware of its own.
    cloud = 12 * (9 * 2.0 * 730 + 20_000)
    np.testing.assert_allclose(totals.values, [GPU_TOTAL, ASIC_TOTAL, cloud], rtol=1e-12)
    lines = costs["cost"].sel(option="cloud").isel(draw=0)
    assert lines.sel(line="energy") == 0 and lines.sel(line="racks") == 0
    assert lines.sel(line="hardware") == pytest.approx(12 * 9 * 2.0 * 730, rel=1e-12)
    decision = summarise(costs, scenario="s", priors_file="p", seed=7)
    assert decision.options.p_cheapest == {"gpu": 0.0, "asic": 0.0, "cloud": 1.0}
    assert decision.recommendation.option == "cloud"
    assert decision.options.results["cloud"].expected_loss_usd == 0.0
    assert decision.options.results["gpu"].expected_loss_usd == pytest.approx(GPU_TOTAL - cloud)


def test_committed_rental_discount_minimum_support_and_egress(tmp_path: Path) -> None:
    cloud = CLOUD | {"committed_discount": 0.25, "minimum_chips": 12, "support_fraction": 0.1,
                     "egress_usd_per_month": 1_000.0, "lead_time_months": 2.0}
    _, costs = costs_of(write(tmp_path, {"cloud": cloud}))
    total = float(costs["monthly_cost"].sum("month").sel(option="cloud")[0])
    rent = 12 * 2.0 * 730 * 0.75 * 1.1  # the minimum, 12 chips, above the 9 the load needs
    # Months 1-2 on the incumbent's fleet (no staff difference), then 10 months rented.
    gpu_month = GPU_TOTAL / 12
    assert total == pytest.approx(2 * gpu_month + 10 * (rent + 1_000 + 20_000), rel=1e-12)


def test_dual_running_keeps_the_incumbent_fleet_beside_the_new_one(tmp_path: Path) -> None:
    h200 = {"kind": "owned", "peak_inferences_per_s_per_chip": 120.0, "utilization": 0.5,
            "chips_per_node": 4, "node_price_usd": 240_000.0, "node_power_kw": 3.0,
            "life_months": 24, "lead_time_months": 3.0, "dual_running_months": 1.5}
    _, costs = costs_of(write(tmp_path, {"h200": h200}))
    total = float(costs["monthly_cost"].sum("month").sel(option="h200")[0])
    gpu_month = GPU_TOTAL / 12  # 3 nodes: 33,000 + 985.5 + 4,000 + 20,000 staff
    # 250/s at 60/s a chip: 2 nodes of 4 chips, $10,000 hardware, 2 x 3 kW, one rack at $2,000.
    h200_month = 20_000 + 2 * 328.5 + 2_000
    expected = 3 * gpu_month + 1.5 * (gpu_month + h200_month) + 7.5 * (h200_month + 20_000)
    assert total == pytest.approx(expected, rel=1e-12)


def test_what_a_rented_option_cannot_address_falls_back_to_an_owned_one(
        tmp_path: Path) -> None:
    h200 = {"kind": "owned", "peak_inferences_per_s_per_chip": 120.0, "utilization": 0.5,
            "chips_per_node": 4, "node_price_usd": 240_000.0, "node_power_kw": 3.0,
            "life_months": 24, "porting_usd": 10_000.0, "lead_time_months": 5.0}
    cloud = CLOUD | {"addressable_fraction": 0.6, "lead_time_months": 2.0, "fallback": "h200"}
    scenario, costs = costs_of(write(tmp_path, {"h200": h200, "cloud": cloud}))
    assert scenario.options.enters("h200.node_price_usd", ("cloud",))
    total = float(costs["monthly_cost"].sum("month").sel(option="cloud")[0])
    gpu_month = GPU_TOTAL / 12  # the incumbent alone until the cloud goes live
    # From month 3: 150/s rented at 30/s a chip, 5 chips x $2 x 730 h = $7,300; the other
    # 100/s on one h200 node (240/s): $10,000 hardware, 3 kW x 1.5 x 730 h x $0.10 = $328.5,
    # one rack $2,000; no GPU left running; staff $20,000. The h200's porting is paid too.
    fallback_month = 7_300 + 10_000 + 328.5 + 2_000 + 20_000
    assert total == pytest.approx(2 * gpu_month + 10 * fallback_month + 10_000, rel=1e-12)
    lines = costs["cost"].sel(option="cloud").isel(draw=0)
    assert lines.sel(line="one_time") == pytest.approx(10_000, rel=1e-12)
    assert lines.sel(line="energy") == pytest.approx(2 * 985.5 + 10 * 328.5, rel=1e-12)
    results = summarise(costs, scenario="s", priors_file="p", seed=7).options.results
    assert (results["cloud"].fallback, results["h200"].fallback) == ("h200", None)


def test_a_rented_incumbent_rents_chips_until_an_owned_fleet_goes_live(
        tmp_path: Path) -> None:
    h200 = {"kind": "owned", "peak_inferences_per_s_per_chip": 120.0, "utilization": 0.5,
            "chips_per_node": 4, "node_price_usd": 240_000.0, "node_power_kw": 3.0,
            "life_months": 24, "lead_time_months": 3.0}
    document = as_options({"schema_version": 1, "name": "rent",
                           "sampling": {"draws": 2, "seed": 7}, **nest(WORKED)},
                          {"h200": h200})
    document["options"] = {"cloud": CLOUD | {"incumbent": True,
                                             "egress_usd_per_month": 1_000.0},
                           "h200": h200}
    path = tmp_path / "rent.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    _, costs = costs_of(path)
    totals = costs["monthly_cost"].sum("month").isel(draw=0)
    # 250/s at 30/s a chip: 9 chips x $2 x 730 h = $13,140, egress $1,000, staff $20,000.
    cloud_month = 13_140 + 1_000 + 20_000
    # The h200 from month 4: 2 nodes ($20,000 + 2 x 328.5 + one rack $2,000) and the staff;
    # nothing rented, no egress, nothing stranded.
    h200_month = 20_000 + 2 * 328.5 + 2_000 + 20_000
    np.testing.assert_allclose(totals.values, [12 * cloud_month,
                                               3 * cloud_month + 9 * h200_month], rtol=1e-12)
    assert float(costs["cost"].sel(option="cloud", line="energy")[0]) == 0.0


def test_p_cheapest_sums_to_one_in_every_month(tmp_path: Path) -> None:
    changes = {"gpu.utilization": {"ci90": [0.3, 0.7]},
               "asic.throughput_ratio": {"ci90": [0.5, 4.0]}}
    more = {"cloud": CLOUD | {"chip_hour_usd": {"ci90": [1.0, 4.0]}}}
    _, costs = costs_of(write(tmp_path, more, changes, draws=2000))
    shares = cheapest_by_month(costs["monthly_cost"].values)
    np.testing.assert_allclose(shares.sum(axis=0), 1.0, rtol=0, atol=1e-12)
    assert 0 < shares[2, -1] < 1


def test_a_dominated_option_changes_no_other_result_nor_the_evpi(tmp_path: Path) -> None:
    changes = {"gpu.utilization": {"ci90": [0.3, 0.7]},
               "asic.throughput_ratio": {"ci90": [0.5, 4.0]}}
    dear = CLOUD | {"chip_hour_usd": {"ci90": [500.0, 900.0]}}
    _, two = costs_of(write(tmp_path, {}, changes, name="two", draws=2000))
    _, three = costs_of(write(tmp_path, {"dear": dear}, changes, name="three", draws=2000))
    kept = three["monthly_cost"].sel(option=["gpu", "asic"])
    np.testing.assert_array_equal(kept.values, two["monthly_cost"].values)
    before = voi.evpi(-two["monthly_cost"].sum("month").values)
    after = voi.evpi(-three["monthly_cost"].sum("month").values)
    assert after == before
    assert summarise(three, scenario="s", priors_file="p", seed=7).options.p_cheapest["dear"] == 0


def test_evpi_over_n_options_is_the_brute_force_value(tmp_path: Path) -> None:
    changes = {"gpu.utilization": {"ci90": [0.3, 0.7]},
               "asic.throughput_ratio": {"ci90": [0.5, 4.0]}}
    more = {"cloud": CLOUD | {"chip_hour_usd": {"ci90": [1.0, 4.0]}}}
    _, costs = costs_of(write(tmp_path, more, changes, draws=3000))
    totals = costs["monthly_cost"].sum("month").values
    brute = totals.mean(axis=0).min() - totals.min(axis=1).mean()
    assert voi.evpi(-totals) == pytest.approx(brute, rel=1e-12)
    decision = summarise(costs, scenario="s", priors_file="p", seed=7)
    best = decision.recommendation.option
    assert decision.options.results[best].expected_loss_usd == pytest.approx(brute, rel=1e-9)


def test_a_dominated_option_leaves_every_evppi_exactly(tmp_path: Path) -> None:
    changes = {"gpu.utilization": {"ci90": [0.3, 0.7]},
               "asic.throughput_ratio": {"ci90": [0.5, 4.0]}}
    dear = CLOUD | {"chip_hour_usd": {"ci90": [500.0, 900.0]}}
    scenario, three = costs_of(write(tmp_path, {"dear": dear}, changes, draws=3000))
    totals = three["monthly_cost"].sum("month").values
    utilization = draw_inputs(scenario)["gpu.utilization"].values
    with_dear = voi.evppi(-totals, utilization)
    without = voi.evppi(-totals[:, :2], utilization)
    assert with_dear.value == without.value > 0
    assert with_dear.standard_error == without.standard_error
