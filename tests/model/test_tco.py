"""The TCO core against the worked check of docs/model.md and cases computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from decision.model.fleet import node_count
from decision.model.outcomes import crossover_months
from decision.model.tco import BLOCK_ELEMENTS, LINES, evaluate, horizon_totals
from tests.conftest import WORKED

GPU_MONTH = 33_000 + 985.5 + 4_000 + 20_000          # 3 GPU nodes, 1 rack, 1 FTE
GPU_FLEET_MONTH = 33_000 + 985.5 + 4_000             # the same fleet without staff
ASIC_BEFORE_LIVE = GPU_FLEET_MONTH + 30_000          # on GPUs, 1.5 FTE
ASIC_NODE_MONTH = 200_000 / 24 + 328.5 + 2_000 + 20_000 / 24  # one ASIC node and its rack
ASIC_LIVE = ASIC_NODE_MONTH + 30_000


def totals(changes: dict[str, float] | None = None) -> tuple[float, float]:
    inputs = WORKED | (changes or {})
    result = evaluate(inputs, int(inputs["horizon_months"]))
    gpu, asic = result.monthly.sum(axis=2)[0]
    return float(gpu), float(asic)


def test_worked_check_monthly_costs() -> None:
    result = evaluate(WORKED, 12)
    gpu, asic = result.monthly[0]
    np.testing.assert_allclose(gpu, 57_985.5, rtol=1e-12)
    # Porting is spent evenly over the 3-month lead time.
    np.testing.assert_allclose(asic[:3], 100_000 / 3 + 67_985.5, rtol=1e-12)
    np.testing.assert_allclose(asic[3:], 41_495.0 + 1 / 6, rtol=1e-12)


def test_worked_check_totals_savings_and_crossover() -> None:
    result = evaluate(WORKED, 12)
    gpu, asic = result.monthly.sum(axis=2)[0]
    assert gpu == pytest.approx(695_826, rel=1e-12)
    assert asic == pytest.approx(677_413, rel=1e-12)
    savings = np.cumsum(result.monthly[:, 0] - result.monthly[:, 1], axis=1)
    assert savings[0, -1] == pytest.approx(18_413, rel=1e-9)
    assert crossover_months(savings)[0] == 11


def test_worked_check_lines() -> None:
    lines = evaluate(WORKED, 12).lines[0]
    expected_gpu = [396_000, 11_826, 48_000, 240_000, 0]
    expected_asic = [3 * 33_000 + 9 * 200_000 / 24, 3 * 985.5 + 9 * 328.5,
                     3 * 4_000 + 9 * (2_000 + 20_000 / 24), 360_000, 100_000]
    np.testing.assert_allclose(lines[0], expected_gpu, rtol=1e-12)
    np.testing.assert_allclose(lines[1], expected_asic, rtol=1e-12)
    assert LINES == ("hardware", "energy", "racks", "staff", "one_time")


def test_growth_adds_a_node_after_month_seven() -> None:
    # 300/s today at 44%/year: month 7 starts at exactly 1.2 x 300 = 360/s = 3 full nodes
    # (float noise must not buy a 4th); month 8 needs 4 nodes.
    gpu, _ = totals({"workload.inferences_per_day": 300 * 86_400,
                     "workload.annual_growth": 0.44})
    four_nodes = 44_000 + 4 * 328.5 + 4_000 + 20_000
    assert gpu == pytest.approx(7 * GPU_MONTH + 5 * four_nodes, rel=1e-12)


def test_gpu_today_column_ignores_growth() -> None:
    inputs = WORKED | {"workload.inferences_per_day": 300 * 86_400,
                       "workload.annual_growth": 0.44}
    assert evaluate(inputs, 12).incumbent_today[0] == pytest.approx(12 * GPU_MONTH, rel=1e-12)


def test_redundancy_buys_spare_nodes() -> None:
    # 240/s fills exactly 2 nodes of 120/s; 25% spare makes 300/s: 3 nodes.
    day = 240 * 86_400
    two_nodes = 22_000 + 2 * 328.5 + 4_000 + 20_000
    assert totals({"workload.inferences_per_day": day})[0] == pytest.approx(12 * two_nodes)
    assert totals({"workload.inferences_per_day": day, "gpu.redundancy": 0.25})[0] == (
        pytest.approx(12 * GPU_MONTH))


def test_model_change_before_go_live_strands_nothing() -> None:
    _, asic = totals({"asic.model_freeze_months": 2.0, "asic.if_changed_before_live": 0.0})
    assert asic == pytest.approx(100_000 + 12 * ASIC_BEFORE_LIVE, rel=1e-12)


def test_a_program_abandoned_at_the_change_pays_what_was_spent_by_then() -> None:
    # The model changes at month 2 of a 3-month lead time: two thirds of the porting are
    # spent, the half extra engineer ($10,000 a month) leaves, the GPUs serve everything.
    gpu, asic = totals({"asic.model_freeze_months": 2.0})
    assert asic == pytest.approx(gpu + 100_000 * 2 / 3 + 2 * 10_000, rel=1e-12)
    assert asic == pytest.approx(782_492.0 + 2 / 3, rel=1e-12)
    # At 1.5 months the spending and the staff stop inside month 2.
    _, asic = totals({"asic.model_freeze_months": 1.5})
    assert asic == pytest.approx(gpu + 100_000 * 1.5 / 3 + 1.5 * 10_000, rel=1e-12)


def test_model_change_after_go_live_strands_the_asic_fleet() -> None:
    # Live and frozen in months 4-6; from month 7 the one ASIC node stays owned but idle
    # (phi = 0) and the GPUs serve everything again.
    stranded = 200_000 / 24 + 2_000 + 20_000 / 24 + GPU_FLEET_MONTH + 30_000
    _, asic = totals({"asic.model_freeze_months": 6.0})
    assert asic == pytest.approx(100_000 + 3 * ASIC_BEFORE_LIVE + 3 * ASIC_LIVE + 6 * stranded,
                                 rel=1e-12)
    assert asic == pytest.approx(903_355, rel=1e-12)


def test_a_change_inside_a_month_splits_it_pro_rata() -> None:
    # F = 5.5: months 4-5 live and frozen; month 6 is half frozen (the ASIC node serves) and
    # half changed (the node is kept idle, phi = 0, and the GPU fleet serves everything).
    kept_idle = 200_000 / 24 + 2_000 + 20_000 / 24 + GPU_FLEET_MONTH
    month_6 = 0.5 * ASIC_NODE_MONTH + 0.5 * kept_idle + 30_000
    _, asic = totals({"asic.model_freeze_months": 5.5})
    assert asic == pytest.approx(100_000 + 3 * ASIC_BEFORE_LIVE + 2 * ASIC_LIVE + month_6
                                 + 6 * (kept_idle + 30_000), rel=1e-12)
    assert asic == pytest.approx(922_183.5, rel=1e-12)


def test_go_live_inside_a_month_splits_it_pro_rata() -> None:
    # L = 3.5: month 4 is half on GPUs, half on the ASIC node.
    month_4 = 0.5 * GPU_FLEET_MONTH + 0.5 * ASIC_NODE_MONTH + 30_000
    _, asic = totals({"asic.lead_time_months": 3.5})
    assert asic == pytest.approx(100_000 + 3 * ASIC_BEFORE_LIVE + month_4 + 8 * ASIC_LIVE,
                                 rel=1e-12)


def test_worked_check_with_times_inside_months() -> None:
    """docs/model.md: lead time 3.5 and freeze 5.5."""
    result = evaluate(WORKED | {"asic.lead_time_months": 3.5, "asic.model_freeze_months": 5.5},
                      12)
    asic = result.monthly[0, 1]
    # Porting is spent evenly over the 3.5-month lead time: half a month of it in month 4.
    np.testing.assert_allclose(asic[3:6], [54_740.0 + 1 / 3 + 100_000 / 7, 41_495.0 + 1 / 6,
                                           60_323.0 + 2 / 3], rtol=1e-12)
    assert asic.sum() == pytest.approx(935_428.0 + 2 / 3, rel=1e-12)


def test_a_part_live_for_part_of_a_month_is_deployed() -> None:
    # F = 4 and L = 3.5: live and frozen for half of month 4 only, then the node is kept idle.
    # On a whole-month grid no month was live and frozen, so the part was never deployed.
    kept_idle = 200_000 / 24 + 2_000 + 20_000 / 24 + GPU_FLEET_MONTH + 30_000
    month_4 = 0.5 * GPU_FLEET_MONTH + 0.5 * ASIC_NODE_MONTH + 30_000
    _, asic = totals({"asic.lead_time_months": 3.5, "asic.model_freeze_months": 4.0})
    assert asic == pytest.approx(100_000 + 3 * ASIC_BEFORE_LIVE + month_4 + 8 * kept_idle,
                                 rel=1e-12)


def test_costs_move_continuously_with_lead_time_across_month_boundaries() -> None:
    # Without growth every month costs the same, so the ASIC total is linear in L: no step at
    # a whole month.
    leads = np.linspace(2.25, 4.75, 11)
    asic = np.array([totals({"asic.lead_time_months": lead})[1] for lead in leads])
    np.testing.assert_allclose(np.diff(asic, 2), 0.0, atol=1e-6)
    assert asic[0] < asic[-1]


def test_post_change_efficiency_keeps_serving_part_of_the_load() -> None:
    # phi = 0.5: the node serves 8 chips x 60/s x 0.5 = 240 of 250/s; one GPU node serves 10/s.
    after = (200_000 / 24 + 328.5 + 2_000 + 20_000 / 24) + (11_000 + 328.5 + 4_000) + 30_000
    _, asic = totals({"asic.model_freeze_months": 6.0, "asic.post_change_efficiency": 0.5,
                      "asic.after_change": 0.0})
    assert asic == pytest.approx(100_000 + 3 * ASIC_BEFORE_LIVE + 3 * ASIC_LIVE + 6 * after,
                                 rel=1e-12)
    assert asic == pytest.approx(769_384, rel=1e-12)


def test_stranded_nodes_retire_at_end_of_life() -> None:
    # ASIC life 5 months from go-live at 3: owned in months 4-8 only.
    node = 200_000 / 5
    rack = 2_000 + 20_000 / 5
    frozen = node + 328.5 + rack + 30_000
    changed = node + rack + GPU_FLEET_MONTH + 30_000
    _, asic = totals({"asic.model_freeze_months": 6.0, "asic.life_months": 5.0})
    assert asic == pytest.approx(
        100_000 + 3 * ASIC_BEFORE_LIVE + 3 * frozen + 2 * changed + 4 * ASIC_BEFORE_LIVE,
        rel=1e-12)
    assert asic == pytest.approx(1_032_855, rel=1e-12)


def test_discounting_by_month() -> None:
    # D_m = 1.1^(-m/12): a geometric series with ratio q.
    q = 1.1 ** (-1 / 12)
    d = q ** np.arange(1, 13)
    gpu, asic = totals({"finance.discount_rate": 0.10})
    assert gpu == pytest.approx(GPU_MONTH * d.sum(), rel=1e-12)
    expected_asic = (100_000 / 3 * d[:3].sum() + ASIC_BEFORE_LIVE * d[:3].sum()
                     + (ASIC_LIVE) * d[3:].sum())
    assert asic == pytest.approx(expected_asic, rel=1e-12)
    assert gpu == pytest.approx(661_062.99, rel=1e-8)  # 57,985.5 x q (1 - q^12) / (1 - q)


def test_addressable_fraction_leaves_the_rest_on_gpus() -> None:
    # Half of 250/s on the ASIC (1 node), 125/s stays on GPUs: 2 GPU nodes in the same rack.
    _, asic = totals({"asic.addressable_fraction": 0.5})
    gpus = 22_000 + 2 * 328.5 + 4_000
    live = ASIC_NODE_MONTH + gpus + 30_000
    assert asic == pytest.approx(100_000 + 3 * ASIC_BEFORE_LIVE + 9 * live, rel=1e-12)


def test_node_count_tolerates_float_noise_only() -> None:
    assert node_count(np.array([360.0 * (1 + 1e-12)]), 0.0, 30.0, 4.0)[0] == 3
    assert node_count(np.array([360.0 * (1 + 1e-6)]), 0.0, 30.0, 4.0)[0] == 4
    assert node_count(np.array([0.0]), 0.0, 30.0, 4.0)[0] == 0


def test_vectorised_draws_match_single_evaluations() -> None:
    rng = np.random.default_rng(3)
    edge = BLOCK_ELEMENTS // 12
    n = edge + 100
    util = rng.uniform(0.2, 0.9, n)
    freeze = rng.uniform(1, 20, n)
    batch = evaluate(WORKED | {"gpu.utilization": util, "asic.model_freeze_months": freeze}, 12)
    for i in (0, edge - 1, edge, n - 1):  # both sides of a block boundary
        single = evaluate(WORKED | {"gpu.utilization": util[i],
                                    "asic.model_freeze_months": freeze[i]}, 12)
        np.testing.assert_array_equal(batch.monthly[i], single.monthly[0])
        np.testing.assert_array_equal(batch.lines[i], single.lines[0])


def test_cost_of_capital_amortises_hardware_as_an_annuity() -> None:
    # 12%/year: i = 1.12^(1/12) - 1 a month; one node-month of 264,000 over 24 months costs
    # the annuity payment P i / (1 - (1 + i)^-24) instead of P / 24.
    i = 1.12 ** (1 / 12) - 1
    payment = i / (1 - (1 + i) ** -24)
    gpu, _ = totals({"finance.cost_of_capital": 0.12})
    month = 3 * 264_000 * payment + 985.5 + 2_000 + 48_000 * payment + 20_000
    assert gpu == pytest.approx(12 * month, rel=1e-12)
    assert payment * 24 > 1.12  # dearer than straight-line


def test_an_annuity_at_the_discount_rate_is_worth_the_price() -> None:
    # Owning one ASIC node for its whole 24-month life from go-live at month 3, financed at the
    # discount rate: the discounted payments add up to the price paid at go-live.
    inputs = WORKED | {"horizon_months": 27, "asic.lead_time_months": 3.0,
                       "asic.life_months": 24.0, "asic.model_freeze_months": 100.0,
                       "finance.discount_rate": 0.08, "finance.cost_of_capital": 0.08,
                       "asic.network_per_rack_usd": 0.0}
    result = evaluate(inputs, 27)
    gpu_months = evaluate(inputs | {"asic.node_price_usd": 1e-9}, 27)
    hardware = result.lines[0, 1, 0] - gpu_months.lines[0, 1, 0]
    assert hardware == pytest.approx(200_000 * 1.08 ** (-3 / 12), rel=1e-9)


def test_a_programmable_part_keeps_being_bought_while_cheaper() -> None:
    # F = 6, phi = 0.5: after the change a node serves 240 of 250/s. Stopping keeps that node
    # and adds a GPU node (26,823.67 a month); buying on gets 2 ASIC nodes in one rack
    # (2 x 8,333.33 + 2 x 328.5 + 2,833.33 = 20,157), which is cheaper, so it is bought.
    keep = 2 * 200_000 / 24 + 2 * 328.5 + 2_000 + 20_000 / 24 + 30_000
    _, asic = totals({"asic.model_freeze_months": 6.0, "asic.post_change_efficiency": 0.5})
    assert asic == pytest.approx(100_000 + 3 * ASIC_BEFORE_LIVE + 3 * ASIC_LIVE + 6 * keep,
                                 rel=1e-12)
    assert asic == pytest.approx(729_384, rel=1e-12)


def test_buying_on_is_chosen_month_by_month_only_where_cheaper() -> None:
    # With a 5-month life each ASIC node costs 40,000 a month: buying on (86,657) is dearer
    # than keeping the one node and a GPU node (61,657) before it retires at month 8, and than
    # GPUs alone (37,985.5) after, so the answer is the same as stopping.
    changes = {"asic.model_freeze_months": 6.0, "asic.post_change_efficiency": 0.5,
               "asic.life_months": 5.0}
    assert totals(changes) == pytest.approx(totals(changes | {"asic.after_change": 0.0}),
                                            rel=1e-12)


def test_by_part_buys_on_a_merchant_part_and_stops_for_a_custom_one() -> None:
    changes = {"asic.model_freeze_months": 6.0, "asic.post_change_efficiency": 0.5}
    assert totals(changes) == totals(changes | {"asic.after_change": 1.0})  # NRE 0: merchant
    custom = changes | {"asic.nre_usd": 1_000_000.0}
    assert totals(custom) == totals(custom | {"asic.after_change": 0.0})


def test_gpus_owned_today_and_displaced_are_paid_for_less_their_resale() -> None:
    # 3 nodes owned today, new (24 months of life left): from go-live at month 3 the ASIC
    # serves everything and the 3 GPU nodes are spare. Reselling fetches 25% of book value,
    # so 75% of their 11,000 a month is still paid in months 4-12. The GPU option needs all 3.
    owned = {"gpu.existing_nodes": 3, "gpu.resale_fraction": 0.25}
    gpu, asic = totals(owned)
    assert gpu == pytest.approx(695_826, rel=1e-12)
    assert asic == pytest.approx(677_413 + 9 * 3 * 11_000 * 0.75, rel=1e-12)
    assert asic == pytest.approx(900_163, rel=1e-12)


def test_owned_gpus_cost_nothing_more_past_their_life() -> None:
    # Bought 20 months ago with a 24-month life, their life ends 4 months from now: spare in
    # months 4-12 but paid for in month 4 only; bought 20.5 months ago, for half of month 4.
    _, asic = totals({"gpu.existing_nodes": 3, "gpu.existing_age_months": 20.0})
    assert asic == pytest.approx(677_413 + 1 * 3 * 11_000, rel=1e-12)
    _, asic = totals({"gpu.existing_nodes": 3, "gpu.existing_age_months": 20.5})
    assert asic == pytest.approx(677_413 + 0.5 * 3 * 11_000, rel=1e-12)


OWNED_TRENDING = {"horizon_months": 24, "gpu.existing_nodes": 4, "gpu.existing_age_months": 6.0,
                  "gpu.resale_fraction": 0.25, "gpu.price_trend_per_year": -0.19}


def test_worked_check_of_an_owned_fleet_a_price_trend_and_abandonment() -> None:
    """docs/model.md: the third worked check, computed by hand."""
    monthly = evaluate(WORKED | OWNED_TRENDING, 24).monthly[0]
    np.testing.assert_allclose(monthly[0, :18], 66_235.5, rtol=1e-12)
    np.testing.assert_allclose(monthly[0, 18:], 49_042.5, rtol=1e-12)
    np.testing.assert_allclose(monthly[1, :3], 109_568.0 + 5 / 6, rtol=1e-12)
    np.testing.assert_allclose(monthly[1, 3:18], 74_495.0 + 1 / 6, rtol=1e-12)
    np.testing.assert_allclose(monthly[1, 18:], 41_495.0 + 1 / 6, rtol=1e-12)
    assert totals(OWNED_TRENDING) == pytest.approx((1_486_494, 1_695_105), rel=1e-12)
    changed_early = OWNED_TRENDING | {"asic.model_freeze_months": 2.0}
    assert totals(changed_early)[1] == pytest.approx(1_573_160.0 + 2 / 3, rel=1e-12)
    assert totals(changed_early | {"asic.if_changed_before_live": 0.0})[1] == pytest.approx(
        1_826_494, rel=1e-12)


def test_draws_evaluated_together_match_each_evaluated_alone() -> None:
    # Abandonment, buying on and pro-rata months all decided per draw inside one block.
    rng = np.random.default_rng(3)
    n = 60
    inputs = WORKED | {
        "asic.lead_time_months": rng.uniform(0, 10, n),
        "asic.model_freeze_months": rng.uniform(0.5, 12, n),
        "finance.discount_rate": rng.uniform(0, 0.2, n),
        "asic.extra_fte": rng.uniform(0, 3, n),
        "asic.nre_usd": rng.choice([0.0, 1e6], n),
        "asic.post_change_efficiency": rng.uniform(0, 1, n),
        "gpu.price_trend_per_year": rng.uniform(-0.4, 0.1, n),
    }
    together = evaluate(inputs, 24)
    for i in range(0, n, 6):
        alone = evaluate({k: (v[i] if np.ndim(v) else v) for k, v in inputs.items()}, 24)
        np.testing.assert_allclose(alone.monthly[0], together.monthly[i], rtol=1e-12, atol=1e-6)
        np.testing.assert_allclose(alone.lines[0], together.lines[i], rtol=1e-12, atol=1e-6)


def test_horizon_totals_are_the_lines_and_the_months_summed() -> None:
    rng = np.random.default_rng(5)
    n = 300
    inputs = WORKED | {
        "asic.lead_time_months": rng.uniform(0, 10, n),
        "asic.model_freeze_months": rng.uniform(0.5, 12, n),
        "finance.discount_rate": rng.uniform(0, 0.2, n),
        "asic.nre_usd": rng.choice([0.0, 1e6], n),
        "gpu.price_trend_per_year": rng.uniform(-0.4, 0.1, n),
        "gpu.existing_nodes": rng.integers(0, 6, n).astype(float),
    }
    full = evaluate(inputs, 24)
    totals = horizon_totals(inputs, 24)
    np.testing.assert_array_equal(totals, full.lines.sum(axis=2))
    np.testing.assert_allclose(totals, full.monthly.sum(axis=2), rtol=1e-12)


def test_the_core_keeps_its_temporaries_on_a_glibc_heap() -> None:
    import platform

    from decision.model.allocator import keep_temporaries_on_the_heap

    assert keep_temporaries_on_the_heap() is (platform.libc_ver()[0] == "glibc")
