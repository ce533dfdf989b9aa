"""Distribution specs: the ``{dist, kwargs}`` / ``{dist, ci90}`` dicts of a priors file.

A spec uses PyMC's names and parameterisations. It becomes a :class:`Prior`, which draws
through its quantile function (so the same uniforms give common random numbers across
scenarios, and a Gaussian copula can correlate any families), and which ``decision.evidence.pymc_model``
turns into a PyMC variable.

``ci90: [lo, hi]`` solves the family's free parameters so that the 5th and 95th percentiles of
the distribution *as drawn* (after any ``lower``/``upper`` truncation) are exactly ``lo`` and
``hi``: in closed form where one exists, otherwise by root finding, checked to 1e-9.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from scipy import optimize, stats

from decision.errors import SpecError
from decision.scenario.catalogue import Domain

if TYPE_CHECKING:
    from pytensor.tensor import TensorVariable

Z95 = float(stats.norm.ppf(0.95))
CI90_TOLERANCE = 1e-9
#: Largest probability a distribution may put outside its input's domain before it must be
#: truncated explicitly; below it the domain is applied as a truncation silently.
OUTSIDE_DOMAIN_TOLERANCE = 1e-6

Kwargs = dict[str, float]


@dataclass(frozen=True)
class Family:
    """A distribution family in PyMC's parameterisation.

    Attributes
    ----------
    name : str
        PyMC's class name.
    params : tuple of str
        The canonical parameters, as PyMC names them.
    positive : frozenset of str
        Parameters that must be > 0.
    to_scipy : callable
        Canonical kwargs -> SciPy frozen distribution.
    support : callable
        Canonical kwargs -> (lowest, highest) value the distribution can take.
    alternatives : dict
        Other accepted parameter sets (sorted tuple of names) -> converter to canonical.
    ci90_free : tuple of str
        Parameters ``ci90`` solves for; the others must be given in ``kwargs``.
    ci90_start : callable or None
        ``(lo, hi, fixed) -> (kwargs, exact)``: a closed-form solution (``exact``) or a start
        for root finding. ``None`` when the family cannot match two percentiles.
    """

    name: str
    params: tuple[str, ...]
    positive: frozenset[str]
    to_scipy: Callable[[Kwargs], stats.rv_continuous]
    support: Callable[[Kwargs], tuple[float, float]]
    alternatives: dict[tuple[str, ...], Callable[[Kwargs], Kwargs]] = field(default_factory=dict)
    ci90_free: tuple[str, ...] = ()
    ci90_start: Callable[[float, float, Kwargs], tuple[Kwargs, bool]] | None = None


def _beta_from_mean_sd(kw: Kwargs) -> Kwargs:
    mu, sigma = kw["mu"], kw["sigma"]
    if not 0 < mu < 1:
        raise SpecError(f"Beta mu (the mean) must lie in (0, 1); got {mu:g}", "kwargs.mu")
    if not 0 < sigma**2 < mu * (1 - mu):
        raise SpecError(
            f"Beta sigma must be > 0 and below sqrt(mu (1 - mu)) = {math.sqrt(mu * (1 - mu)):.4g};"
            f" got {sigma:g}",
            "kwargs.sigma",
        )
    kappa = mu * (1 - mu) / sigma**2 - 1
    return {"alpha": mu * kappa, "beta": (1 - mu) * kappa}


def _gamma_from_mean_sd(kw: Kwargs) -> Kwargs:
    mu, sigma = kw["mu"], kw["sigma"]
    for name in ("mu", "sigma"):
        if not kw[name] > 0:
            raise SpecError(f"Gamma {name} must be > 0; got {kw[name]:g}", f"kwargs.{name}")
    return {"alpha": mu**2 / sigma**2, "beta": mu / sigma**2}


def _exponential_from_scale(kw: Kwargs) -> Kwargs:
    if not kw["scale"] > 0:
        raise SpecError(f"Exponential scale must be > 0; got {kw['scale']:g}", "kwargs.scale")
    return {"lam": 1.0 / kw["scale"]}


def _moments_start(lo: float, hi: float) -> tuple[float, float]:
    """Mean and sd of a normal whose 5th/95th percentiles are lo, hi."""
    return (lo + hi) / 2, (hi - lo) / (2 * Z95)


def _beta_start(lo: float, hi: float, _: Kwargs) -> tuple[Kwargs, bool]:
    mean, sd = _moments_start(lo, hi)
    sd = min(sd, 0.9 * math.sqrt(mean * (1 - mean)))
    return _beta_from_mean_sd({"mu": mean, "sigma": sd}), False


def _gamma_start(lo: float, hi: float, _: Kwargs) -> tuple[Kwargs, bool]:
    s = math.log(hi / lo) / (2 * Z95)
    alpha = 1 / s**2
    mean = math.sqrt(lo * hi) * math.exp(s**2 / 2)
    return {"alpha": alpha, "beta": alpha / mean}, False


def _weibull_start(lo: float, hi: float, _: Kwargs) -> tuple[Kwargs, bool]:
    alpha = math.log(math.log(20) / -math.log(0.95)) / math.log(hi / lo)
    return {"alpha": alpha, "beta": lo / (-math.log(0.95)) ** (1 / alpha)}, True


def _triangular_start(lo: float, hi: float, fixed: Kwargs) -> tuple[Kwargs, bool]:
    t = math.sqrt(0.025)  # symmetric triangle: F(lower + t w) = 2 t^2 = 0.05
    width = (hi - lo) / (1 - 2 * t)
    lower, upper = lo - t * width, hi + t * width
    if "c" in fixed:
        c = fixed["c"]
        return {"lower": min(lower, c - 1e-9 * width), "upper": max(upper, c + 1e-9 * width)}, False
    return {"lower": lower, "upper": upper, "c": (lower + upper) / 2}, True


def _normal_start(lo: float, hi: float, _: Kwargs) -> tuple[Kwargs, bool]:
    mean, sd = _moments_start(lo, hi)
    return {"mu": mean, "sigma": sd}, True


def _truncated_normal_start(lo: float, hi: float, fixed: Kwargs) -> tuple[Kwargs, bool]:
    mean, sd = _moments_start(lo, hi)
    bounded = math.isfinite(fixed.get("lower", -math.inf)) or math.isfinite(
        fixed.get("upper", math.inf)
    )
    return {"mu": mean, "sigma": sd}, not bounded


def _lognormal_start(lo: float, hi: float, _: Kwargs) -> tuple[Kwargs, bool]:
    return {"mu": (math.log(lo) + math.log(hi)) / 2, "sigma": math.log(hi / lo) / (2 * Z95)}, True


def _uniform_start(lo: float, hi: float, _: Kwargs) -> tuple[Kwargs, bool]:
    width = (hi - lo) / 0.9
    return {"lower": lo - 0.05 * width, "upper": hi + 0.05 * width}, True


def _triangular_scipy(kw: Kwargs) -> stats.rv_continuous:
    width = kw["upper"] - kw["lower"]
    return stats.triang(c=(kw["c"] - kw["lower"]) / width, loc=kw["lower"], scale=width)


def _truncated_normal_scipy(kw: Kwargs) -> stats.rv_continuous:
    mu, sigma = kw["mu"], kw["sigma"]
    lower, upper = kw.get("lower", -math.inf), kw.get("upper", math.inf)
    return stats.truncnorm((lower - mu) / sigma, (upper - mu) / sigma, loc=mu, scale=sigma)


FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        Family("Normal", ("mu", "sigma"), frozenset({"sigma"}),
               lambda kw: stats.norm(kw["mu"], kw["sigma"]),
               lambda kw: (-math.inf, math.inf),
               ci90_free=("mu", "sigma"), ci90_start=_normal_start),
        Family("LogNormal", ("mu", "sigma"), frozenset({"sigma"}),
               lambda kw: stats.lognorm(s=kw["sigma"], scale=math.exp(kw["mu"])),
               lambda kw: (0.0, math.inf),
               ci90_free=("mu", "sigma"), ci90_start=_lognormal_start),
        Family("Beta", ("alpha", "beta"), frozenset({"alpha", "beta"}),
               lambda kw: stats.beta(kw["alpha"], kw["beta"]),
               lambda kw: (0.0, 1.0),
               alternatives={("mu", "sigma"): _beta_from_mean_sd},
               ci90_free=("alpha", "beta"), ci90_start=_beta_start),
        Family("Gamma", ("alpha", "beta"), frozenset({"alpha", "beta"}),
               lambda kw: stats.gamma(kw["alpha"], scale=1 / kw["beta"]),
               lambda kw: (0.0, math.inf),
               alternatives={("mu", "sigma"): _gamma_from_mean_sd},
               ci90_free=("alpha", "beta"), ci90_start=_gamma_start),
        Family("Uniform", ("lower", "upper"), frozenset(),
               lambda kw: stats.uniform(kw["lower"], kw["upper"] - kw["lower"]),
               lambda kw: (-math.inf, math.inf),
               ci90_free=("lower", "upper"), ci90_start=_uniform_start),
        Family("Triangular", ("lower", "c", "upper"), frozenset(),
               _triangular_scipy,
               lambda kw: (-math.inf, math.inf),
               ci90_free=("lower", "upper"), ci90_start=_triangular_start),
        Family("TruncatedNormal", ("mu", "sigma", "lower", "upper"), frozenset({"sigma"}),
               _truncated_normal_scipy,
               lambda kw: (kw.get("lower", -math.inf), kw.get("upper", math.inf)),
               ci90_free=("mu", "sigma"), ci90_start=_truncated_normal_start),
        Family("Exponential", ("lam",), frozenset({"lam"}),
               lambda kw: stats.expon(scale=1 / kw["lam"]),
               lambda kw: (0.0, math.inf),
               alternatives={("scale",): _exponential_from_scale}),
        Family("Weibull", ("alpha", "beta"), frozenset({"alpha", "beta"}),
               lambda kw: stats.weibull_min(kw["alpha"], scale=kw["beta"]),
               lambda kw: (0.0, math.inf),
               ci90_free=("alpha", "beta"), ci90_start=_weibull_start),
        Family("HalfNormal", ("sigma",), frozenset({"sigma"}),
               lambda kw: stats.halfnorm(scale=kw["sigma"]),
               lambda kw: (0.0, math.inf)),
    )
}

#: Parameters that may be left out of a family's kwargs.
_OPTIONAL_PARAMS = {"TruncatedNormal": {"lower", "upper"}}


@dataclass(frozen=True)
class Prior:
    """A solved distribution, optionally truncated to ``[lower, upper]``.

    Parameters
    ----------
    dist : str
        PyMC family name.
    kwargs : dict
        Canonical PyMC parameters.
    lower, upper : float, optional
        Truncation bounds applied on top of the family.

    Examples
    --------
    >>> p = Prior("LogNormal", {"mu": 0.0, "sigma": 1.0})
    >>> round(float(p.ppf(0.5)), 6)
    1.0
    """

    dist: str
    kwargs: Mapping[str, float]
    lower: float | None = None
    upper: float | None = None

    @cached_property
    def family(self) -> Family:
        """The family definition."""
        return FAMILIES[self.dist]

    @cached_property
    def base(self) -> stats.rv_continuous:
        """The untruncated SciPy distribution."""
        return self.family.to_scipy(dict(self.kwargs))

    @cached_property
    def _cdf_bounds(self) -> tuple[float, float]:
        lo = 0.0 if self.lower is None else float(self.base.cdf(self.lower))
        hi = 1.0 if self.upper is None else float(self.base.cdf(self.upper))
        return lo, hi

    def ppf(self, u: np.ndarray | float) -> np.ndarray:
        """Quantile function of the (truncated) distribution."""
        lo, hi = self._cdf_bounds
        return self.base.ppf(lo + np.asarray(u) * (hi - lo))

    def cdf(self, x: np.ndarray | float) -> np.ndarray:
        """Cumulative distribution function of the (truncated) distribution."""
        lo, hi = self._cdf_bounds
        return np.clip((self.base.cdf(x) - lo) / (hi - lo), 0.0, 1.0)

    def mass_outside(self, low: float, high: float) -> float:
        """Probability of a draw below ``low`` or above ``high``."""
        return float(self.cdf(low) + (1.0 - self.cdf(high)))

    def to_pymc(self, name: str | None = None) -> TensorVariable:
        """This prior as a PyMC random variable named ``name`` (inside a model context), or,
        without a name, as an unregistered ``.dist`` (for ``pm.logp``).

        PyMC is imported here, not at module level, so runs without evidence never load it.
        """
        import pymc as pm

        family = getattr(pm, self.dist)
        kwargs = {k: float(v) for k, v in self.kwargs.items()}
        if self.lower is None and self.upper is None:
            return family.dist(**kwargs) if name is None else family(name, **kwargs)
        bounds = {"lower": self.lower, "upper": self.upper}
        if name is None:
            return pm.Truncated.dist(family.dist(**kwargs), **bounds)
        return pm.Truncated(name, family.dist(**kwargs), **bounds)

    def to_dict(self) -> dict:
        """The spec in ``{dist, kwargs[, lower, upper]}`` form, floats as plain floats."""
        out: dict = {"dist": self.dist, "kwargs": {k: float(v) for k, v in self.kwargs.items()}}
        if self.lower is not None:
            out["lower"] = float(self.lower)
        if self.upper is not None:
            out["upper"] = float(self.upper)
        return out


def default_family(domain: Domain) -> str:
    """Family used for ``{ci90: [lo, hi]}`` with no ``dist``: LogNormal for amounts, Beta for
    fractions, Normal for growth rates."""
    if domain in (Domain.FRACTION, Domain.POSITIVE_FRACTION):
        return "Beta"
    if domain is Domain.GROWTH:
        return "Normal"
    return "LogNormal"


def build_prior(spec: Mapping, domain: Domain) -> Prior:
    """Turn a distribution spec from a priors file into a :class:`Prior`.

    Parameters
    ----------
    spec : mapping
        With ``dist`` and one of ``kwargs`` / ``ci90``, optional ``lower``, ``upper``
        (provenance keys ``source``/``note`` are ignored here). Numbers already parsed.
    domain : Domain
        The input's domain; the prior must not put more than
        ``OUTSIDE_DOMAIN_TOLERANCE`` of its mass outside it.

    Returns
    -------
    Prior

    Raises
    ------
    SpecError
        With a one-sentence message and the offending field.
    """
    name = spec.get("dist")
    implied_lower = None
    if name is None:
        if "ci90" not in spec:
            raise SpecError("a distribution needs 'dist' (e.g. dist: LogNormal) or 'ci90'", "dist")
        name = default_family(domain)
        if domain is Domain.AT_LEAST_ONE:
            implied_lower = 1.0
    if name not in FAMILIES:
        raise SpecError(
            f"distribution {name!r} is not supported; use one of {', '.join(FAMILIES)}", "dist"
        )
    family = FAMILIES[name]
    lower = _bound(spec, "lower", implied_lower)
    upper = _bound(spec, "upper", None)
    if lower is not None and upper is not None and not lower < upper:
        raise SpecError(f"lower ({lower:g}) must be below upper ({upper:g})", "lower")

    has_kwargs, has_ci90 = "kwargs" in spec, "ci90" in spec
    if has_kwargs and not isinstance(spec["kwargs"], Mapping):
        raise SpecError("kwargs must be a mapping of parameter: number", "kwargs")
    given = dict(spec.get("kwargs") or {})
    if has_ci90:
        kwargs = _solve_ci90(family, spec["ci90"], given, lower, upper, domain)
    elif has_kwargs:
        kwargs = _canonical_kwargs(family, given)
    else:
        raise SpecError(f"{name} needs 'kwargs' ({', '.join(family.params)}) or 'ci90'", "kwargs")
    prior = Prior(name, kwargs, lower, upper)
    return _fit_to_domain(prior, domain)


def _bound(spec: Mapping, key: str, implied: float | None) -> float | None:
    value = spec.get(key, implied)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise SpecError(f"{key} must be a number; got {value!r}", key)
    return float(value)


def _canonical_kwargs(family: Family, given: Kwargs) -> Kwargs:
    names = tuple(sorted(given))
    for key, value in given.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
            value
        ):
            raise SpecError(f"{family.name} {key} must be a finite number; got {value!r}",
                            f"kwargs.{key}")
    optional = _OPTIONAL_PARAMS.get(family.name, set())
    if set(given) <= set(family.params) and set(family.params) - optional <= set(given):
        kwargs = {k: float(given[k]) for k in family.params if k in given}
    elif names in family.alternatives:
        kwargs = family.alternatives[names]({k: float(v) for k, v in given.items()})
    else:
        accepted = [", ".join(family.params)] + [", ".join(a) for a in family.alternatives]
        raise SpecError(
            f"{family.name} takes kwargs ({' | '.join(accepted)}); got ({', '.join(names)})",
            "kwargs",
        )
    _check_support(family, kwargs)
    return kwargs


def _check_support(family: Family, kw: Kwargs) -> None:
    for name in family.positive:
        if not kw[name] > 0:
            raise SpecError(f"{family.name} {name} must be > 0; got {kw[name]:g}", f"kwargs.{name}")
    lo, hi = kw.get("lower", -math.inf), kw.get("upper", math.inf)
    if not lo < hi:
        raise SpecError(f"{family.name} lower ({lo:g}) must be below upper ({hi:g})",
                        "kwargs.lower")
    if "c" in kw and not lo <= kw["c"] <= hi:
        raise SpecError(f"Triangular c ({kw['c']:g}) must lie between lower and upper", "kwargs.c")


def _parse_ci90(raw: object) -> tuple[float, float]:
    if (
        not isinstance(raw, list | tuple)
        or len(raw) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw)
    ):
        raise SpecError(f"ci90 must be two numbers [low, high]; got {raw!r}", "ci90")
    lo, hi = float(raw[0]), float(raw[1])
    if lo > hi:
        raise SpecError(f"ci90 [{lo:g}, {hi:g}] is reversed; write [{hi:g}, {lo:g}]", "ci90")
    if lo == hi:
        raise SpecError(
            f"ci90 [{lo:g}, {hi:g}] has equal ends; write the number {lo:g} for a fixed value",
            "ci90",
        )
    return lo, hi


def _solve_ci90(
    family: Family,
    raw: object,
    given: Kwargs,
    lower: float | None,
    upper: float | None,
    domain: Domain,
) -> Kwargs:
    lo, hi = _parse_ci90(raw)
    if family.ci90_start is None:
        raise SpecError(
            f"{family.name} has one parameter and cannot match both ends of ci90; give kwargs"
            " or use Gamma or Weibull",
            "ci90",
        )
    for end in (lo, hi):
        if not domain.contains(end):
            raise SpecError(f"ci90 [{lo:g}, {hi:g}] is outside the input's domain: values must"
                            f" be {domain.describe()}", "ci90")
    fixed = {k: float(v) for k, v in given.items() if k not in family.ci90_free}
    stray = set(given) - set(fixed)
    if stray:
        raise SpecError(f"ci90 solves {', '.join(sorted(stray))}; remove it from kwargs", "kwargs")
    unknown = set(fixed) - set(family.params)
    if unknown:
        raise SpecError(f"{family.name} has no parameter {sorted(unknown)[0]!r} to fix",
                        "kwargs")
    support = family.support(fixed)
    bounds = (max(support[0], -math.inf if lower is None else lower),
              min(support[1], math.inf if upper is None else upper))
    if not bounds[0] < lo < hi < bounds[1]:
        raise SpecError(
            f"ci90 [{lo:g}, {hi:g}] must lie inside the distribution's range"
            f" ({bounds[0]:g}, {bounds[1]:g})",
            "ci90",
        )
    start, exact = family.ci90_start(lo, hi, fixed)
    kwargs = fixed | start
    if exact and lower is None and upper is None:
        return kwargs
    return _root_find_ci90(family, kwargs, lo, hi, lower, upper)


def _root_find_ci90(
    family: Family, start: Kwargs, lo: float, hi: float, lower: float | None, upper: float | None
) -> Kwargs:
    """Solve the two free parameters so the drawn distribution's 5th/95th are lo, hi."""
    centre = start.get("c")
    free = family.ci90_free
    scale = hi - lo

    def unpack(theta: np.ndarray) -> Kwargs:
        kw = dict(start)
        for name, t in zip(free, theta, strict=True):
            if name in family.positive:
                kw[name] = math.exp(t)
            elif centre is not None and name == "lower":
                kw[name] = centre - math.exp(t)
            elif centre is not None and name == "upper":
                kw[name] = centre + math.exp(t)
            else:
                kw[name] = float(t)
        if family.name == "Uniform":
            kw["upper"] = kw["lower"] + math.exp(theta[1])
        return kw

    def pack(kw: Kwargs) -> np.ndarray:
        out = []
        for name in free:
            if name in family.positive:
                out.append(math.log(kw[name]))
            elif centre is not None:
                out.append(math.log(abs(kw[name] - centre)))
            else:
                out.append(kw[name])
        if family.name == "Uniform":
            out[1] = math.log(kw["upper"] - kw["lower"])
        return np.array(out)

    def residual(theta: np.ndarray) -> np.ndarray:
        try:
            q = Prior(family.name, unpack(theta), lower, upper).ppf(np.array([0.05, 0.95]))
        except (OverflowError, ValueError, ZeroDivisionError):
            return np.array([1e3, 1e3])
        r = (q - np.array([lo, hi])) / scale
        return np.where(np.isfinite(r), r, 1e3)

    solution = optimize.root(residual, pack(start), method="hybr", options={"xtol": 1e-14})
    theta = solution.x
    if np.max(np.abs(residual(theta))) > CI90_TOLERANCE:
        lsq = optimize.least_squares(residual, pack(start), xtol=1e-15, ftol=1e-15, gtol=1e-15)
        theta = lsq.x
    if np.max(np.abs(residual(theta))) > CI90_TOLERANCE:
        raise SpecError(
            f"no {family.name} with these bounds has 5th/95th percentiles [{lo:g}, {hi:g}];"
            " widen the bounds or pick another family",
            "ci90",
        )
    kwargs = unpack(theta)
    _check_support(family, kwargs)
    return kwargs


def _fit_to_domain(prior: Prior, domain: Domain) -> Prior:
    """Apply the input's domain as a truncation when the prior spills over it negligibly."""
    low, high = domain.bounds
    outside = prior.mass_outside(low, high)
    if outside > OUTSIDE_DOMAIN_TOLERANCE:
        side = "below" if prior.cdf(low) > OUTSIDE_DOMAIN_TOLERANCE else "above"
        bound = low if side == "below" else high
        key = "lower" if side == "below" else "upper"
        raise SpecError(
            f"{prior.dist} puts {outside:.2%} of its mass {side} {bound:g}, outside the input's"
            f" domain ({domain.describe()}); add {key}: {bound:g} or pick a family that fits",
            "dist",
        )
    if outside == 0.0:
        return prior
    lower = low if prior.lower is None else max(prior.lower, low)
    upper = prior.upper
    if math.isfinite(high):
        upper = high if upper is None else min(upper, high)
    return Prior(prior.dist, prior.kwargs, lower, upper)
