"""EVPI and EVPPI against closed forms and the published voi chemo reference."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.special import ndtri
from scipy.stats import norm

from decision.analysis.voi import MAX_GROUP, evpi, evppi, expected_opportunity_loss

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
