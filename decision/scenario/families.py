"""The distribution families a priors file can name, in PyMC's names and parameterisations.

Each :class:`Family` knows its SciPy equivalent, its support, the other parameter sets it
accepts (Beta and Gamma by mean and sd, Exponential by scale), and how ``ci90: [lo, hi]``
starts (or, in closed form, ends) the search for its parameters.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from decision.errors import SpecError

if TYPE_CHECKING:
    from scipy import stats

#: ``scipy.stats.norm.ppf(0.95)``, written out so that reading a priors file need not import
#: SciPy's distributions (a test holds the two equal).
Z95 = 1.6448536269514722

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
        Canonical kwargs -> the SciPy distribution with those parameters
        (:class:`Parametrised`).
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
    to_scipy: Callable[[Kwargs], Parametrised]
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


def _triangular_scipy(kw: Kwargs) -> Parametrised:
    width = kw["upper"] - kw["lower"]
    return _parametrised("triang", c=(kw["c"] - kw["lower"]) / width, loc=kw["lower"],
                         scale=width)


def _truncated_normal_scipy(kw: Kwargs) -> Parametrised:
    mu, sigma = kw["mu"], kw["sigma"]
    lower, upper = kw.get("lower", -math.inf), kw.get("upper", math.inf)
    return _parametrised("truncnorm", (lower - mu) / sigma, (upper - mu) / sigma, loc=mu,
                         scale=sigma)


FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        Family("Normal", ("mu", "sigma"), frozenset({"sigma"}),
               lambda kw: _parametrised("norm", kw["mu"], kw["sigma"]),
               lambda kw: (-math.inf, math.inf),
               ci90_free=("mu", "sigma"), ci90_start=_normal_start),
        Family("LogNormal", ("mu", "sigma"), frozenset({"sigma"}),
               lambda kw: _parametrised("lognorm", s=kw["sigma"], scale=math.exp(kw["mu"])),
               lambda kw: (0.0, math.inf),
               ci90_free=("mu", "sigma"), ci90_start=_lognormal_start),
        Family("Beta", ("alpha", "beta"), frozenset({"alpha", "beta"}),
               lambda kw: _parametrised("beta", kw["alpha"], kw["beta"]),
               lambda kw: (0.0, 1.0),
               alternatives={("mu", "sigma"): _beta_from_mean_sd},
               ci90_free=("alpha", "beta"), ci90_start=_beta_start),
        Family("Gamma", ("alpha", "beta"), frozenset({"alpha", "beta"}),
               lambda kw: _parametrised("gamma", kw["alpha"], scale=1 / kw["beta"]),
               lambda kw: (0.0, math.inf),
               alternatives={("mu", "sigma"): _gamma_from_mean_sd},
               ci90_free=("alpha", "beta"), ci90_start=_gamma_start),
        Family("Uniform", ("lower", "upper"), frozenset(),
               lambda kw: _parametrised("uniform", kw["lower"], kw["upper"] - kw["lower"]),
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
               lambda kw: _parametrised("expon", scale=1 / kw["lam"]),
               lambda kw: (0.0, math.inf),
               alternatives={("scale",): _exponential_from_scale}),
        Family("Weibull", ("alpha", "beta"), frozenset({"alpha", "beta"}),
               lambda kw: _parametrised("weibull_min", kw["alpha"], scale=kw["beta"]),
               lambda kw: (0.0, math.inf),
               ci90_free=("alpha", "beta"), ci90_start=_weibull_start),
        Family("HalfNormal", ("sigma",), frozenset({"sigma"}),
               lambda kw: _parametrised("halfnorm", scale=kw["sigma"]),
               lambda kw: (0.0, math.inf)),
    )
}

#: Parameters that may be left out of a family's kwargs.
OPTIONAL_PARAMS = {"TruncatedNormal": {"lower", "upper"}}


class Parametrised:
    """A SciPy distribution with its parameters: ``ppf``, ``cdf``, ``logpdf`` and every other
    method of the distribution, called with them, as a frozen distribution would.

    SciPy's frozen distributions build a new distribution object, docstring included, each
    time (about 0.75 ms): solving the ``ci90`` of a priors file's Beta priors builds hundreds.
    The methods called are the same, so the numbers are too.
    """

    def __init__(self, dist: stats.rv_continuous, args: tuple[float, ...],
                 kwds: dict[str, float]) -> None:
        self.dist, self.args, self.kwds = dist, args, kwds

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_") or "dist" not in vars(self):  # pickle and copy probe first
            raise AttributeError(name)
        method = getattr(self.dist, name)

        def with_parameters(*values: Any, **options: Any) -> Any:
            return method(*values, *self.args, **self.kwds, **options)

        return with_parameters


def _parametrised(name: str, *args: float, **kwds: float) -> Parametrised:
    return Parametrised(getattr(_stats(), name), args, kwds)


def _stats():  # noqa: ANN202 - the module, imported when a distribution is first built
    from scipy import stats

    return stats

