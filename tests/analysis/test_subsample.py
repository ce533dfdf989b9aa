"""The regression (control-variate) estimator of expectations from a few re-evaluated draws."""

from __future__ import annotations

import numpy as np
import pytest

from decision.analysis.subsample import RegressionEstimate


def test_with_every_draw_it_is_the_plain_mean() -> None:
    rng = np.random.default_rng(1)
    z, y = rng.normal(size=500), rng.normal(size=500)
    estimate = RegressionEstimate([z], 800)
    assert estimate.draws == 500
    assert estimate.mean(y) == pytest.approx(y.mean(), abs=1e-12)
    assert estimate.standard_error(y) == pytest.approx(y.std(ddof=2) / np.sqrt(500), rel=0.01)


def test_a_quantity_linear_in_the_controls_is_their_mean_over_every_draw() -> None:
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=10_000), rng.gamma(2.0, size=10_000)
    estimate = RegressionEstimate([a, b], 300)
    y = 3.0 + 2.0 * a - 0.5 * b
    assert estimate.mean(y[:300]) == pytest.approx(3.0 + 2.0 * a.mean() - 0.5 * b.mean(),
                                                   abs=1e-9)
    # What is left is the error of the controls' own mean over the 10,000 draws.
    assert estimate.standard_error(y[:300]) == pytest.approx(
        np.std(2.0 * a - 0.5 * b, ddof=1) / 100.0, rel=1e-6)


def test_many_settings_at_once_and_a_control_constant_on_the_first_draws() -> None:
    rng = np.random.default_rng(3)
    z = rng.normal(size=5_000)
    rare = np.zeros(5_000)
    rare[4_000:] = 1.0  # constant (0) on the first 1,000 draws: ignored, no division by zero
    estimate = RegressionEstimate([z, rare], 1_000)
    ys = np.vstack([z[:1_000] + 1.0, 2.0 * z[:1_000]])
    assert estimate.mean(ys) == pytest.approx([z.mean() + 1.0, 2.0 * z.mean()], abs=1e-9)
    assert estimate.weights.sum() == pytest.approx(1.0)


def test_the_standard_error_matches_the_spread_over_replications() -> None:
    means, errors = [], []
    for seed in range(300):
        rng = np.random.default_rng(seed)
        z = rng.normal(size=20_000)
        # Savings under a setting: mostly the run's own savings, plus a nonlinear residual.
        y = 0.8 * z + 0.3 * z**2 + 0.5 * rng.normal(size=20_000)
        estimate = RegressionEstimate([z], 500)
        means.append(estimate.mean(y[:500]))
        errors.append(estimate.standard_error(y[:500]))
    assert np.mean(means) == pytest.approx(0.3, abs=3 * np.std(means) / np.sqrt(300))
    assert np.std(means, ddof=1) == pytest.approx(np.mean(errors), rel=0.12)
    # A plain mean of the 500 draws would spread about 1.6x more here.
    assert np.mean(errors) < 0.7 * np.sqrt(0.64 + 0.18 + 0.25) / np.sqrt(500)
