"""The PyMC model the evidence builds, checked term by term against SciPy (no sampling)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pymc as pm
import pytest
from pymc.model.transform.conditioning import remove_value_transforms
from scipy import stats

from decision.evidence.pymc_model import build_model
from decision.scenario.catalogue import Domain
from decision.scenario.distributions import build_prior
from decision.scenario.prior import Prior
from decision.scenario.priors_file import load_scenario
from tests.evidence.test_spec import BASE, GOOD


@pytest.mark.parametrize(
    ("prior", "points"),
    [
        (Prior("Normal", {"mu": 1.0, "sigma": 2.0}), [-1.0, 0.5, 4.0]),
        (Prior("LogNormal", {"mu": 0.2, "sigma": 0.7}), [0.3, 1.0, 5.0]),
        (Prior("Beta", {"alpha": 2.0, "beta": 5.0}), [0.05, 0.3, 0.9]),
        (Prior("Gamma", {"alpha": 3.0, "beta": 0.5}), [0.5, 4.0, 20.0]),
        (Prior("Uniform", {"lower": 1.0, "upper": 4.0}), [1.5, 3.9]),
        (Prior("Triangular", {"lower": 0.0, "c": 1.0, "upper": 4.0}), [0.5, 1.0, 3.0]),
        (Prior("TruncatedNormal", {"mu": 1.0, "sigma": 1.0, "lower": 0.0}), [0.1, 2.0]),
        (Prior("Exponential", {"lam": 0.5}), [0.1, 3.0]),
        (Prior("Weibull", {"alpha": 1.5, "beta": 10.0}), [1.0, 10.0, 30.0]),
        (Prior("HalfNormal", {"sigma": 0.2}), [0.01, 0.3]),
        (Prior("LogNormal", {"mu": 0.0, "sigma": 0.5}, lower=1.0), [1.1, 2.0]),
        (build_prior({"dist": "Normal", "ci90": [1.0, 3.0], "lower": 0.5, "upper": 3.5},
                     Domain.POSITIVE), [0.6, 2.0, 3.4]),
    ],
    ids=lambda value: getattr(value, "dist", None) or "",
)
def test_pymc_and_scipy_agree_on_every_family(prior: Prior, points: list[float]) -> None:
    """Monte Carlo draws through SciPy and NUTS samples through PyMC: one distribution."""
    x = np.array(points)
    expected = prior.base.logpdf(x) - math.log(
        (1.0 if prior.upper is None else prior.base.cdf(prior.upper))
        - (0.0 if prior.lower is None else prior.base.cdf(prior.lower))
    )
    np.testing.assert_allclose(pm.logp(prior.to_pymc(), x).eval(), expected, rtol=1e-6)


def test_the_model_is_the_joint_density_written_out(tmp_path: Path) -> None:
    """The issue's example evidence: the model's log density at a point equals the sum of the
    priors and likelihoods computed by hand, including the claim's Jacobian and the censored
    running interval."""
    path = tmp_path / "good.yaml"
    path.write_text(BASE + GOOD)
    scenario = load_scenario(path)
    model = remove_value_transforms(build_model(scenario))
    point = {
        "facility.power_price_usd_per_kwh": 0.086,
        "gpu.utilization": 0.42,
        "gpu.utilization.concentration": 40.0,
        "asic.model_freeze_months.shape": 1.3,
        "asic.model_freeze_months.scale": 15.0,
        "asic.perf_per_watt_gain": 2.6,
    }
    logp = model.compile_logp(jacobian=False)(point)

    def prior(path: str) -> stats.rv_continuous:
        return scenario.inputs[path].prior.base

    price, util, kappa = (point[k] for k in list(point)[:3])
    shape, scale, gain = (point[k] for k in list(point)[3:])
    inflation = scenario.evidence["asic.perf_per_watt_gain"].claim.inflation.base
    expected = (
        prior("facility.power_price_usd_per_kwh").logpdf(price)
        + stats.norm(price, 0.01).logpdf([0.081, 0.085, 0.092]).sum()
        + prior("gpu.utilization").logpdf(util)
        + stats.gamma(2, scale=1 / 0.05).logpdf(kappa)
        + stats.beta(util * kappa, (1 - util) * kappa).logpdf([0.41, 0.38, 0.45, 0.52, 0.36]).sum()
        + stats.lognorm(0.5).logpdf(shape)
        + stats.lognorm(1.0, scale=24).logpdf(scale)
        + stats.weibull_min(shape, scale=scale).logpdf([5, 9, 14]).sum()
        + stats.weibull_min(shape, scale=scale).logsf(8)
        + prior("asic.perf_per_watt_gain").logpdf(gain)
        + stats.lognorm(0.15, scale=gain).logpdf([2.1, 2.8]).sum()
        + inflation.logpdf(4.0 / gain) - math.log(gain)
    )
    assert logp == pytest.approx(expected, abs=1e-7)


def test_exponential_history_and_fixed_noise_add_no_free_parameters(tmp_path: Path) -> None:
    path = tmp_path / "fixed.yaml"
    path.write_text(BASE + "evidence:\n  gpu.utilization: {observed: [0.4], concentration: 30}\n"
                    "  asic.model_freeze_months:\n    change_intervals_months: [12, 20]\n"
                    "    months_since_last_change: 0\n    model: Exponential\n    rate: 0.05\n")
    model = build_model(load_scenario(path))
    assert [rv.name for rv in model.free_RVs] == ["gpu.utilization"]
    assert [rv.name for rv in model.observed_RVs] == ["gpu.utilization.observed",
                                                     "asic.model_freeze_months.change_intervals"]
    # No running interval when the model just changed: only the two completed ones.
    assert model["asic.model_freeze_months.change_intervals"].eval().shape == (2,)
