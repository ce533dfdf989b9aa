"""Distribution specs: PyMC parameterisations, ci90 solving, truncation and domains."""

from __future__ import annotations

import cloudpickle
import numpy as np
import pytest
from scipy import stats

from decision.errors import SpecError
from decision.scenario.catalogue import Domain
from decision.scenario.distributions import build_prior
from decision.scenario.families import FAMILIES

CI90_CASES = [
    ("Normal", {}, Domain.GROWTH, (0.10, 0.60)),
    ("LogNormal", {}, Domain.POSITIVE, (2.0, 8.0)),
    ("Beta", {}, Domain.FRACTION, (0.30, 0.55)),
    ("Beta", {}, Domain.FRACTION, (0.001, 0.02)),
    ("Gamma", {}, Domain.POSITIVE, (2.0, 8.0)),
    ("Uniform", {}, Domain.POSITIVE, (2.0, 8.0)),
    ("Triangular", {}, Domain.POSITIVE, (2.0, 8.0)),
    ("Triangular", {"c": 3.0}, Domain.POSITIVE, (2.0, 8.0)),
    ("TruncatedNormal", {"lower": 0.0}, Domain.POSITIVE, (0.5, 8.0)),
    ("TruncatedNormal", {"lower": 0.0, "upper": 1.0}, Domain.FRACTION, (0.05, 0.9)),
    ("Weibull", {}, Domain.POSITIVE, (2.0, 8.0)),
]


@pytest.mark.parametrize(("dist", "kwargs", "domain", "ci90"), CI90_CASES)
def test_ci90_round_trips(dist: str, kwargs: dict, domain: Domain, ci90: tuple) -> None:
    spec = {"dist": dist, "ci90": list(ci90)} | ({"kwargs": kwargs} if kwargs else {})
    prior = build_prior(spec, domain)
    np.testing.assert_allclose(prior.ppf([0.05, 0.95]), ci90, rtol=1e-9, atol=1e-12)
    # The solved kwargs are a complete spec again: the round trip gives the same percentiles.
    again = build_prior(prior.to_dict(), domain)
    np.testing.assert_allclose(again.ppf([0.05, 0.95]), ci90, rtol=1e-9, atol=1e-12)


def test_ci90_with_truncation_matches_the_truncated_distribution() -> None:
    prior = build_prior({"dist": "Normal", "ci90": [0.2, 1.0], "lower": 0.0}, Domain.POSITIVE)
    assert prior.lower == 0.0
    np.testing.assert_allclose(prior.ppf([0.05, 0.95]), [0.2, 1.0], rtol=1e-9)
    assert prior.ppf(1e-12) >= 0.0


def test_ci90_alone_picks_the_family_from_the_domain() -> None:
    assert build_prior({"ci90": [1e5, 1e6]}, Domain.POSITIVE).dist == "LogNormal"
    assert build_prior({"ci90": [0.3, 0.5]}, Domain.FRACTION).dist == "Beta"
    at_least_one = build_prior({"ci90": [1.05, 1.8]}, Domain.AT_LEAST_ONE)
    assert (at_least_one.dist, at_least_one.lower) == ("LogNormal", 1.0)
    np.testing.assert_allclose(at_least_one.ppf([0.05, 0.95]), [1.05, 1.8], rtol=1e-9)


@pytest.mark.parametrize(
    ("spec", "scipy_dist"),
    [
        ({"dist": "Normal", "kwargs": {"mu": 20.0, "sigma": 2.0}}, stats.norm(20, 2)),
        ({"dist": "LogNormal", "kwargs": {"mu": 0.5, "sigma": 0.3}},
         stats.lognorm(0.3, scale=np.exp(0.5))),
        ({"dist": "Beta", "kwargs": {"alpha": 2.0, "beta": 5.0}}, stats.beta(2, 5)),
        ({"dist": "Beta", "kwargs": {"mu": 0.4, "sigma": 0.1}}, stats.beta(9.2, 13.8)),
        ({"dist": "Gamma", "kwargs": {"alpha": 3.0, "beta": 2.0}}, stats.gamma(3, scale=0.5)),
        ({"dist": "Gamma", "kwargs": {"mu": 2.0, "sigma": 1.0}}, stats.gamma(4, scale=0.5)),
        ({"dist": "Uniform", "kwargs": {"lower": 1.0, "upper": 3.0}}, stats.uniform(1, 2)),
        ({"dist": "Triangular", "kwargs": {"lower": 0.0, "c": 1.0, "upper": 4.0}},
         stats.triang(0.25, 0, 4)),
        ({"dist": "TruncatedNormal", "kwargs": {"mu": 1.0, "sigma": 1.0, "lower": 0.0}},
         stats.truncnorm(-1, np.inf, 1, 1)),
        ({"dist": "Exponential", "kwargs": {"lam": 0.5}}, stats.expon(scale=2)),
        ({"dist": "Exponential", "kwargs": {"scale": 2.0}}, stats.expon(scale=2)),
        ({"dist": "Weibull", "kwargs": {"alpha": 1.5, "beta": 10.0}},
         stats.weibull_min(1.5, scale=10)),
        ({"dist": "HalfNormal", "kwargs": {"sigma": 0.2}}, stats.halfnorm(scale=0.2)),
    ],
)
def test_pymc_parameterisations(spec: dict, scipy_dist: stats.rv_continuous) -> None:
    u = np.array([0.01, 0.3, 0.5, 0.9, 0.999])
    prior = build_prior(spec, Domain.POSITIVE)
    x = scipy_dist.ppf(u)
    np.testing.assert_allclose(prior.ppf(u), x, rtol=1e-10)
    # The distribution with its parameters answers every method as SciPy's frozen one.
    np.testing.assert_allclose(prior.base.logpdf(x), scipy_dist.logpdf(x), rtol=1e-9)
    np.testing.assert_allclose(prior.base.mean(), scipy_dist.mean(), rtol=1e-9)


def test_a_prior_pickles_with_its_distribution() -> None:
    """Dask workers receive the priors pickled, by cloudpickle (``decide sweep --workers 2``)."""
    prior = build_prior({"dist": "Beta", "ci90": [0.6, 0.9]}, Domain.POSITIVE_FRACTION)
    u = np.array([0.05, 0.5, 0.95])
    drawn = prior.ppf(u)  # the SciPy distribution is built, and pickled with the prior
    again = cloudpickle.loads(cloudpickle.dumps(prior))
    np.testing.assert_array_equal(again.ppf(u), drawn)
    np.testing.assert_array_equal(again.base.cdf(drawn), prior.base.cdf(drawn))


def test_every_family_is_covered() -> None:
    assert set(FAMILIES) == {"Normal", "LogNormal", "Beta", "Gamma", "Uniform", "Triangular",
                             "TruncatedNormal", "Exponential", "Weibull", "HalfNormal"}


@pytest.mark.parametrize(
    ("spec", "domain", "message"),
    [
        ({"dist": "Cauchy", "kwargs": {}}, Domain.POSITIVE,
         "distribution 'Cauchy' is not supported; use one of Normal, LogNormal"),
        ({"dist": "LogNormal", "kwargs": {"mu": 0, "sigma": -1}}, Domain.POSITIVE,
         "LogNormal sigma must be > 0; got -1"),
        ({"dist": "Beta", "kwargs": {"mu": 1.2, "sigma": 0.1}}, Domain.FRACTION,
         "Beta mu (the mean) must lie in (0, 1); got 1.2"),
        ({"dist": "Beta", "kwargs": {"a": 1, "b": 2}}, Domain.FRACTION,
         "Beta takes kwargs (alpha, beta | mu, sigma); got (a, b)"),
        ({"dist": "Beta", "ci90": [0.55, 0.30]}, Domain.FRACTION,
         "ci90 [0.55, 0.3] is reversed; write [0.3, 0.55]"),
        ({"dist": "Beta", "ci90": [0.3, 0.3]}, Domain.FRACTION,
         "ci90 [0.3, 0.3] has equal ends; write the number 0.3 for a fixed value"),
        ({"dist": "Beta", "ci90": [0.3, 1.5]}, Domain.FRACTION,
         "ci90 [0.3, 1.5] is outside the input's domain: values must be a fraction in [0, 1]"),
        ({"dist": "LogNormal", "ci90": [0.0, 2.0]}, Domain.NON_NEGATIVE,
         "ci90 [0, 2] must lie inside the distribution's range (0, inf)"),
        ({"dist": "Exponential", "ci90": [1, 5]}, Domain.POSITIVE,
         "Exponential has one parameter and cannot match both ends of ci90"),
        ({"dist": "Normal", "ci90": [0.01, 0.2]}, Domain.POSITIVE,
         "Normal puts 3.45% of its mass below 0, outside the input's domain (greater than 0);"
         " add lower: 0 or pick a family that fits"),
        ({"dist": "Normal", "ci90": "wide"}, Domain.POSITIVE,
         "ci90 must be two numbers [low, high]; got 'wide'"),
        ({"dist": "Normal"}, Domain.POSITIVE, "Normal needs 'kwargs' (mu, sigma) or 'ci90'"),
        ({"dist": "Uniform", "kwargs": {"lower": 3, "upper": 1}}, Domain.POSITIVE,
         "Uniform lower (3) must be below upper (1)"),
        ({"dist": "Normal", "kwargs": {"mu": "x", "sigma": 1}}, Domain.POSITIVE,
         "Normal mu must be a finite number; got 'x'"),
    ],
)
def test_bad_specs_say_what_to_fix(spec: dict, domain: Domain, message: str) -> None:
    with pytest.raises(SpecError) as info:
        build_prior(spec, domain)
    assert info.value.message.startswith(message)


def test_a_small_spill_outside_the_domain_is_shown_in_significant_digits() -> None:
    """"0.00% of its mass ... outside" contradicted itself for spills under 0.005%."""
    with pytest.raises(SpecError) as caught:
        build_prior({"dist": "Normal", "kwargs": {"mu": 4.0, "sigma": 1.0}}, Domain.POSITIVE)
    assert caught.value.message.startswith("Normal puts 0.00317% of its mass below 0")


def test_an_unrelated_key_is_not_suggested() -> None:
    from decision.scenario.located_yaml import suggest

    assert suggest("cost_per_million_tokens", ["crossover_month", "savings_usd"]).startswith(
        "; known keys:")
    assert suggest("crossover_months", ["crossover_month", "savings_usd"]) == (
        "; did you mean 'crossover_month'?")


def test_the_written_out_normal_quantile_is_scipys() -> None:
    from scipy import stats

    from decision.scenario.families import Z95

    assert stats.norm.ppf(0.95) == Z95
