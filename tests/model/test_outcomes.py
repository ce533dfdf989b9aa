"""The levelised volume: requests served over the horizon, discounted like the costs."""

from __future__ import annotations

import numpy as np
import pytest

from decision.model.outcomes import discounted_requests


def test_without_growth_or_discount_it_is_volume_times_days() -> None:
    inputs = {"workload.inferences_per_day": 1e6, "workload.annual_growth": 0.0,
              "finance.discount_rate": 0.0}
    assert discounted_requests(inputs, 12) == pytest.approx(1e6 * 365.0)  # 12 x 730 h / 24


def test_growth_and_discount_month_by_month() -> None:
    inputs = {"workload.inferences_per_day": np.array([2e6, 1e6]),
              "workload.annual_growth": np.array([0.5, 0.0]),
              "finance.discount_rate": 0.1}
    months = np.arange(1, 25)
    expected = [v * sum((1 + g) ** ((m - 1) / 12) * 1.1 ** (-m / 12) * 730 / 24 for m in months)
                for v, g in ((2e6, 0.5), (1e6, 0.0))]
    np.testing.assert_allclose(discounted_requests(inputs, 24), expected, rtol=1e-12)
