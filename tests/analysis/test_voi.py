"""EVPI and EVPPI against closed forms and the published voi chemo reference."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.special import ndtri
from scipy.stats import norm

from decision.analysis.voi import (
    MAX_GROUP,
    EVPPIRegressions,
    evpi,
    evppi,
    expected_opportunity_loss,
)

CHEMO = Path(__file__).parents[3] / "shared" / "validation" / "voi-chemo"


def stratified_normal(n: int) -> np.ndarray:
    """Standard normal quantiles at (i + 1/2) / n: a near-exact sample of the distribution."""
    return ndtri((np.arange(n) + 0.5) / n)


@pytest.mark.parametrize(("mean", "sd"), [(0.0, 1.0), (1.0, 2.0), (-3.0, 1.5)])
def test_evpi_of_normal_incremental_net_benefit_is_closed_form(mean: float, sd: float) -> None:
    incremental = mean + sd * stratified_normal(200_000)
    nb = np.column_stack([np.zeros_like(incremental), incremental])
    exact = sd * norm.pdf(mean / sd) + mean * norm.cdf(mean / sd) - max(mean, 0.0)
    assert evpi(nb) == pytest.approx(exact, rel=1e-3)


def test_opportunity_loss_of_the_better_option_is_the_evpi() -> None:
    rng = np.random.default_rng(1)
    nb = rng.normal([0.0, 0.3, -0.2], 1.0, size=(5000, 3))
    loss = expected_opportunity_loss(nb)
    assert loss.min() == pytest.approx(evpi(nb))
    assert np.argmin(loss) == np.argmax(nb.mean(axis=0))


def test_evppi_of_the_only_uncertain_input_equals_evpi() -> None:
    theta = np.random.default_rng(2).uniform(0, 1, 20_000)
    nb = np.column_stack([np.zeros_like(theta), 1000 * (np.sin(3 * theta) - 0.6)])
    result = evppi(nb, theta)
    assert result.value == pytest.approx(evpi(nb), rel=0.01)
    assert result.r_squared > 0.999


def test_evppi_of_an_input_the_model_ignores_is_about_zero() -> None:
    rng = np.random.default_rng(3)
    theta, ignored = rng.normal(size=(2, 20_000))
    nb = np.column_stack([np.zeros_like(theta), 100 * theta + 20])
    result = evppi(nb, ignored)
    assert result.value < 0.01 * evpi(nb)
    assert result.value < 3 * result.standard_error + 1e-9


def test_evppi_of_a_group_covers_its_members_and_a_fixed_input_is_worth_nothing() -> None:
    rng = np.random.default_rng(4)
    a, b = rng.normal(size=(2, 20_000))
    nb = np.column_stack([np.zeros_like(a), 50 * a + 50 * b + 10])
    both = evppi(nb, np.column_stack([a, b])).value
    assert both == pytest.approx(evpi(nb), rel=0.02)
    assert both > evppi(nb, a).value
    assert evppi(nb, np.full_like(a, 3.0)).value == 0.0


#: Log-normal prices whose net benefit is linear in each: E(NB | prices) is known exactly.
SIGMAS = np.array([0.5, 0.8, 0.3, 1.0, 0.6, 0.4, 0.9])
SLOPES = np.array([-30.0, 20.0, -50.0, 8.0, -15.0, 25.0, -5.0])


def linear_in_prices(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Net benefit, the 7 prices, and the exact ``E(incremental NB | prices)`` per draw."""
    rng = np.random.default_rng(seed)
    prices = np.exp(rng.normal(0.0, SIGMAS, size=(n, SIGMAS.size)))
    conditional = 25 + (prices - np.exp(SIGMAS**2 / 2)) @ SLOPES
    incremental = conditional + rng.normal(0.0, 40.0, n)  # inputs outside the group
    return np.column_stack([np.zeros(n), incremental]), prices, conditional


def exact_evppi(conditional: np.ndarray) -> float:
    return float(np.maximum(conditional, 0).mean() - max(conditional.mean(), 0))


def test_evppi_of_a_group_linear_in_heavy_tailed_prices_is_exact_within_its_error() -> None:
    nb, prices, conditional = linear_in_prices(50_000, seed=5)
    result = evppi(nb, prices)
    assert abs(result.value - exact_evppi(conditional)) < 3 * result.standard_error
    assert result.standard_error < 0.1 * result.value
    assert result.value > max(result.members)


def test_evppi_of_a_price_that_flips_the_decision_only_in_its_tail() -> None:
    """A linear effect that crosses zero in about 1% of draws, far in a log-normal tail that
    ranks compress into one basis function."""
    rng = np.random.default_rng(6)
    price = np.exp(rng.normal(0.0, 1.5, 100_000))
    conditional = 60 - 2.0 * (price - np.exp(1.5**2 / 2))
    nb = np.column_stack([np.zeros_like(price), conditional + rng.normal(0, 300, price.size)])
    result = evppi(nb, price)
    exact = exact_evppi(conditional)
    assert 0.1 < exact
    assert abs(result.value - exact) < 3 * result.standard_error


def test_standard_error_covers_the_spread_over_replications() -> None:
    """Over 12 replications the estimates' spread is what the reported standard error says
    (the draws' error included), and they centre on the exact value."""
    estimates, errors = [], []
    for seed in range(12):
        nb, prices, _ = linear_in_prices(5_000, seed)
        result = evppi(nb, prices[:, :4])
        estimates.append(result.value)
        errors.append(result.standard_error)
    prices = np.exp(np.random.default_rng(99).normal(0.0, SIGMAS[:4], size=(1_000_000, 4)))
    exact = exact_evppi(25 + (prices - np.exp(SIGMAS[:4] ** 2 / 2)) @ SLOPES[:4])
    spread, reported = np.std(estimates, ddof=1), np.mean(errors)
    assert 0.6 < spread / reported < 1.4
    assert abs(np.mean(estimates) - exact) < 3 * spread / np.sqrt(len(estimates))


def test_a_group_reports_each_members_own_value() -> None:
    nb, prices, _ = linear_in_prices(20_000, seed=7)
    named = {f"p{j}": prices[:, j] for j in range(3)}
    regressions = EVPPIRegressions(nb, named | {"fixed": np.ones(20_000)})
    group = regressions.group(["p0", "fixed", "p2"])
    assert group.members == (regressions.single("p0").value, 0.0,
                             regressions.single("p2").value)
    singles, groups = regressions.each(["p0"], {"two": ["p0", "p2"]})
    assert singles["p0"] == regressions.single("p0")
    assert groups["two"].value >= max(groups["two"].members)


@pytest.mark.parametrize(("nb", "inputs", "message"), [
    (np.zeros(10), np.zeros(10), "net_benefit must have shape (draws, options)"),
    (np.zeros((10, 2)), np.zeros(9), "inputs must have shape (draws,) or (draws, k) with 10"),
    (np.full((10, 2), np.nan), np.zeros(10), "net_benefit has non-finite values"),
    (np.zeros((10, 2)), np.random.default_rng(0).normal(size=(10, MAX_GROUP + 1)),
     f"at most {MAX_GROUP} inputs can be learnt together"),
])
def test_bad_arrays_are_refused_with_one_line(nb, inputs, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        evppi(nb, inputs)


@pytest.fixture(scope="module")
def chemo() -> tuple[np.ndarray, dict[str, np.ndarray]]:
    if not CHEMO.is_dir():
        pytest.skip("the shared voi-chemo reference is not beside this clone")
    nb = np.genfromtxt(CHEMO / "chemo_nb.csv", delimiter=",", names=True)
    pars = np.genfromtxt(CHEMO / "chemo_pars.csv", delimiter=",", names=True)
    return (np.column_stack([nb[n] for n in nb.dtype.names]),
            {n: pars[n] for n in pars.dtype.names})


def test_chemo_evpi_is_exact(chemo) -> None:
    nb, _ = chemo
    assert evpi(nb) == pytest.approx(368.6051, abs=5e-4)


def test_chemo_evppi_of_one_input_matches_the_gam_within_one_percent(chemo) -> None:
    nb, pars = chemo
    result = evppi(nb, pars["p_side_effects_t2"])
    assert result.value == pytest.approx(262.1109, rel=0.01)
    assert 0 < result.standard_error < 0.05 * result.value


def test_chemo_evppi_of_a_pair_matches_the_gam_within_one_percent(chemo) -> None:
    nb, pars = chemo
    pair = np.column_stack([pars["p_side_effects_t2"], pars["logor_side_effects"]])
    assert evppi(nb, pair).value == pytest.approx(333.4516, rel=0.01)
