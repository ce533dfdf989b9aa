"""Price trend: node-months weighted by the price of their vintage (docs/model.md)."""

from __future__ import annotations

import numpy as np
import pytest

from decision.model.vintages import FleetVintages
from tests.conftest import WORKED
from tests.model.test_tco import totals


def weighted(nodes, existing=0.0, age=0.0, life=12.0, trend=-0.2) -> np.ndarray:
    column = lambda v: np.array([[float(v)]])  # noqa: E731
    nodes = np.asarray(nodes, dtype=float)[None, :]
    months = np.arange(1.0, nodes.shape[1] + 1)[None, :]
    vintages = FleetVintages(months, column(existing), column(age), column(life),
                             column(trend), draws=1)
    return vintages.price_weighted(nodes)[0]


def test_a_fleet_bought_today_is_refreshed_at_the_price_a_life_later() -> None:
    # 3 nodes bought at the start of month 1, life 12: months 13-24 at 0.8 of today's price.
    np.testing.assert_allclose(weighted([3.0] * 24), [3.0] * 12 + [2.4] * 12, rtol=1e-12)


def test_a_node_bought_later_costs_the_price_of_its_month() -> None:
    # The 4th node is bought at the start of month 8, 7 months from now: 0.8^(7/12).
    expected = [3.0] * 7 + [3.0 + 0.8 ** (7 / 12)] * 5
    np.testing.assert_allclose(weighted([3.0] * 7 + [4.0] * 5), expected, rtol=1e-12)


def test_nodes_owned_today_are_refreshed_at_the_end_of_their_life_pro_rata() -> None:
    # Aged 17.5 months with a 24-month life: refreshed 6.5 months from now, half-way
    # through month 7, at 0.8^(6.5/12).
    new = 0.8 ** (6.5 / 12)
    expected = [3.0] * 6 + [1.5 + 1.5 * new] + [3.0 * new] * 5
    np.testing.assert_allclose(weighted([3.0] * 12, existing=3, age=17.5, life=24.0), expected,
                               rtol=1e-12)


def test_no_trend_is_the_node_count_itself() -> None:
    nodes = [1.0, 2.0, 2.5, 0.0, 4.0]
    np.testing.assert_array_equal(weighted(nodes, trend=0.0), nodes)


def brute_force(nodes: np.ndarray, existing: float, age: float, life: float,
                trend: float) -> np.ndarray:
    """Slot by slot, the month's mean price by midpoint quadrature (2,000 points a month)."""
    rate = np.log1p(trend) / 12.0
    slots = np.maximum(np.maximum.accumulate(nodes), existing)
    bought = np.diff(slots, prepend=existing)
    grid = (np.arange(2_000) + 0.5) / 2_000
    out = np.zeros(len(nodes))
    for m in range(len(nodes)):
        t = m + grid
        done = np.floor(age / life)
        cycle = np.floor((t + age) / life) - done
        old = np.where(cycle > 0, np.exp(rate * ((done + cycle) * life - age)), 1.0)
        total = existing * old.mean()
        for t0 in range(m + 1):
            last = t0 + life * np.floor((t - t0) / life)
            total += bought[t0] * np.exp(rate * last).mean()
        out[m] = nodes[m] * total / slots[m] if slots[m] > 0 else 0.0
    return out


@pytest.mark.parametrize("seed", range(12))
def test_matches_a_slot_by_slot_count(seed: int) -> None:
    rng = np.random.default_rng(seed)
    horizon = int(rng.integers(6, 36))
    nodes = rng.integers(0, 10, horizon).astype(float)
    if seed % 2:
        nodes = np.maximum.accumulate(nodes)
    existing, age = float(rng.integers(0, 6)), rng.uniform(0, 30)
    life, trend = rng.uniform(1, 30), rng.uniform(-0.5, 0.3)
    np.testing.assert_allclose(weighted(nodes, existing, age, life, trend),
                               brute_force(nodes, existing, age, life, trend), rtol=3e-4)


def test_a_gpu_price_decline_lowers_the_refreshed_gpu_option_by_hand() -> None:
    # Worked check over 24 months with a 12-month life: 3 nodes at $22,000 a month each
    # ((240,000 + 24,000) / 12), the second year at 0.8 of that.
    changes = {"horizon_months": 24, "gpu.life_months": 12.0}
    flat, _ = totals(changes)
    falling, _ = totals(changes | {"gpu.price_trend_per_year": -0.2})
    assert flat - falling == pytest.approx(3 * 22_000 * 12 * 0.2, rel=1e-12)
    # The ASIC option's GPUs (3 nodes in months 1-3, none after) are never refreshed.
    assert totals(changes | {"gpu.price_trend_per_year": -0.2})[1] == totals(changes)[1]
    assert WORKED["gpu.price_trend_per_year"] == 0.0


def test_a_fleet_of_one_size_every_month_as_one_column() -> None:
    months = np.arange(1.0, 31.0)[None, :]
    args = (np.array([[3.0]]), np.array([[17.5]]), np.array([[12.0]]), np.array([[-0.25]]))
    vintages = FleetVintages(months, *args, draws=1)
    np.testing.assert_allclose(vintages.price_weighted(np.array([[5.0]]))[0],
                               vintages.price_weighted(np.full((1, 30), 5.0))[0], rtol=1e-12)
