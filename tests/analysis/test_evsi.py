"""EVSI against closed forms, its bounds, and the value of each study of a priors file."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from decision.analysis.evsi import evsi, simulated_statistic
from decision.analysis.voi import evppi
from decision.scenario.studies import Study

PRIOR_MEAN, PRIOR_SD, NOISE = 0.2, 1.0, 1.0
DRAWS = 100_000


def expected_gain(mean: float, variance: float) -> float:
    """``E[max(0, m)] - max(0, E m)`` for ``m ~ N(mean, variance)``."""
    sd = np.sqrt(variance)
    return mean * norm.cdf(mean / sd) + sd * norm.pdf(mean / sd) - max(mean, 0.0)


@pytest.fixture(scope="module")
def linear_case() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A normal prior, net benefit linear in it (option 1 against 0), normal readings."""
    rng = np.random.default_rng(7)
    theta = rng.normal(PRIOR_MEAN, PRIOR_SD, DRAWS)
    return np.column_stack([np.zeros(DRAWS), theta]), theta, rng.standard_normal(DRAWS)


@pytest.mark.parametrize("size", [1, 4, 25])
def test_evsi_matches_the_preposterior_closed_form(linear_case, size: int) -> None:
    nb, theta, normals = linear_case
    study = Study("pilot", "benchmark", "x", (size,), sd_noise=NOISE)
    result = evsi(nb, simulated_statistic(study, theta, size, normals, NOISE))
    # The posterior mean given n readings is normal with variance s0^4 / (s0^2 + sigma^2 / n).
    exact = expected_gain(PRIOR_MEAN, PRIOR_SD**4 / (PRIOR_SD**2 + NOISE**2 / size))
    assert result.value == pytest.approx(exact, abs=3 * result.standard_error + 2e-3)
    assert 0 < result.standard_error < 0.02 * exact


def test_evsi_grows_towards_the_evppi_and_never_exceeds_it(linear_case) -> None:
    nb, theta, normals = linear_case
    ceiling = evppi(nb, theta).value
    values = []
    for size in (1, 10, 100, 10_000):
        study = Study("pilot", "benchmark", "x", (size,), sd_noise=NOISE)
        values.append(evsi(nb, simulated_statistic(study, theta, size, normals, NOISE)).value)
    assert values == sorted(values)
    assert values[-1] <= ceiling + 1e-3
    assert values[-1] == pytest.approx(ceiling, rel=0.01)


def test_a_study_of_something_the_decision_does_not_depend_on_is_worth_nothing(
        linear_case) -> None:
    nb, theta, normals = linear_case
    unrelated = np.random.default_rng(8).normal(size=DRAWS)
    study = Study("pilot", "benchmark", "x", (5,), sd_noise=NOISE)
    result = evsi(nb, simulated_statistic(study, unrelated, 5, normals, NOISE))
    assert abs(result.value) < max(3 * result.standard_error, 1e-3 * evppi(nb, theta).value)


def test_two_statistics_together_are_worth_at_least_each() -> None:
    rng = np.random.default_rng(9)
    a, b = rng.normal(size=(2, 50_000))
    nb = np.column_stack([np.zeros(50_000), a + b])
    both = evsi(nb, np.column_stack([a, b]))
    assert both.value >= max(evsi(nb, a).value, evsi(nb, b).value)
    assert both.value == pytest.approx(expected_gain(0.0, 2.0), rel=0.03)


def test_relative_readings_and_watching() -> None:
    truth = np.array([1.0, 4.0, 10.0])
    relative = Study("q", "quote", "x", (1,), relative_noise=0.5)
    assert np.allclose(simulated_statistic(relative, truth, 4, np.ones(3), 0.5),
                       np.log(truth) + 0.25)
    watch = Study("w", "watch", "x", (6,))
    assert np.array_equal(simulated_statistic(watch, truth, 6, np.ones(3), None),
                          [1.0, 4.0, 6.0])
    assert watch.delay(6) == 6.0 and relative.delay(1) == 0.0


def test_a_wait_that_reveals_nothing_is_worth_only_its_delay(write_priors) -> None:
    from decision.analysis.evsi import DelayedNetBenefits, value_of_waiting
    from decision.model.conditional import ConditionalSavings
    from decision.model.sampling import draw_inputs
    from decision.scenario.priors_file import load_scenario
    from decision.scenario.studies import Waiting

    scenario = load_scenario(write_priors({"asic.node_price_usd": {"ci90": [1e5, 3e5]}}))
    model = ConditionalSavings.from_draws(scenario, draw_inputs(scenario, 2000, 7), seed=7)
    delayed = DelayedNetBenefits(model, -model.totals())
    (wait,) = value_of_waiting(model, delayed, Waiting((3,), ()))
    assert wait.information == 0.0
    # Three months later the ASIC goes live three months later, on the same draws.
    later = model.totals({"asic.lead_time_months": model.values["asic.lead_time_months"] + 3})
    assert wait.delay_cost == pytest.approx(delayed.now - (-later).mean(axis=0).max())
    assert wait.expected_cost == pytest.approx(-delayed.now + wait.delay_cost)


def test_the_growth_the_months_measure_narrows_as_they_pass() -> None:
    # The least-squares trend of k monthly log volumes, noise s: 12 s sqrt(12 / (k (k^2 - 1))).
    spread = [12 * 0.05 * np.sqrt(12.0 / (k * (k * k - 1))) for k in (2, 6, 12)]
    rng = np.random.default_rng(3)
    for k, expected in zip((2, 6, 12), spread, strict=True):
        months = np.arange(k)
        noise = rng.normal(0.0, 0.05, size=(20_000, k))
        slopes = np.polyfit(months, noise.T, 1)[0] * 12
        assert np.std(slopes) == pytest.approx(expected, rel=0.03)


def test_an_uncertain_error_is_drawn_once_per_draw(linear_case) -> None:
    from decision.scenario.catalogue import Domain
    from decision.scenario.distributions import build_prior

    nb, theta, normals = linear_case
    sure = Study("pilot", "benchmark", "x", (4,), sd_noise=NOISE)
    unsure = Study("pilot", "benchmark", "x", (4,),
                   sd_noise=build_prior({"ci90": [0.5, 2.0]}, Domain.POSITIVE))
    errors = unsure.error(np.random.default_rng(4).random(DRAWS))
    assert np.quantile(errors, [0.05, 0.95]) == pytest.approx([0.5, 2.0], rel=0.03)
    # A study sure of its error when it is 0.5 is worth more than one whose error may be 2.
    exact = evsi(nb, simulated_statistic(sure, theta, 4, normals, 0.5)).value
    drawn = evsi(nb, simulated_statistic(unsure, theta, 4, normals, errors)).value
    noisy = evsi(nb, simulated_statistic(sure, theta, 4, normals, 2.0)).value
    assert noisy < drawn < exact
