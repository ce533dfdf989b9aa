"""Distribution specs: the ``{dist, kwargs}`` / ``{dist, ci90}`` dicts of a priors file, made
into a :class:`~decision.scenario.prior.Prior`.

A spec uses PyMC's names and parameterisations (:mod:`decision.scenario.families`).
``ci90: [lo, hi]`` solves the family's free parameters so that the 5th and 95th percentiles of
the distribution *as drawn* (after any ``lower``/``upper`` truncation) are exactly ``lo`` and
``hi``: in closed form where one exists, otherwise by root finding, checked to 1e-9.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np

from decision.errors import SpecError
from decision.scenario.catalogue import PLAUSIBLE_WORDS, Domain
from decision.scenario.families import FAMILIES, OPTIONAL_PARAMS, Family, Kwargs
from decision.scenario.prior import Prior

#: The tail probability whose quantiles must be plausible: no run draws beyond it in practice.
TAIL = 1e-7

CI90_TOLERANCE = 1e-9
#: Largest probability a distribution may put outside its input's domain before it must be
#: truncated explicitly; below it the domain is applied as a truncation silently.
OUTSIDE_DOMAIN_TOLERANCE = 1e-6


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
    family, lower, upper = check_spec(spec, domain)
    name, has_ci90 = family.name, "ci90" in spec
    given = dict(spec.get("kwargs") or {})
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            kwargs = (_solve_ci90(family, spec["ci90"], given, lower, upper, domain) if has_ci90
                      else _canonical_kwargs(family, given))
        except SpecError:
            raise
        except (ArithmeticError, ValueError) as exc:
            what = "ci90" if has_ci90 else "kwargs"
            raise SpecError(f"{what} cannot be solved for {name} ({exc}); use less extreme"
                            " values or another family", what) from None
    # An extreme spec can overflow inside SciPy: that is the user's spec to fix, not a crash,
    # and none of SciPy's warnings reach the terminal.
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            prior = _fit_to_domain(Prior(name, kwargs, lower, upper), domain)
            central = prior.ppf(np.array([0.05, 0.5, 0.95]))
            tails = prior.ppf(np.array([TAIL, 1.0 - TAIL]))
        except SpecError:
            raise
        except (ArithmeticError, ValueError) as exc:
            raise SpecError(f"cannot be solved as written ({exc}); use a narrower range",
                            "ci90" if has_ci90 else "kwargs") from None
    if not np.all(np.isfinite(central)) or not all(math.isfinite(v) for v in kwargs.values()):
        raise SpecError(f"{name} with these values has no finite 90% interval; use a narrower"
                        " range", "ci90" if has_ci90 else "kwargs")
    if not all(np.isfinite(t) and domain.plausible(float(t)) for t in tails):
        raise SpecError(f"{name} with these values draws numbers that are not"
                        f" {PLAUSIBLE_WORDS} (its 1-in-10-million tails are {tails[0]:.3g} and"
                        f" {tails[1]:.3g}); narrow it or check the unit",
                        "ci90" if has_ci90 else "kwargs")
    return prior


def check_spec(spec: Mapping, domain: Domain) -> tuple[Family, float | None, float | None]:
    """What can be checked of a distribution spec without fitting it (nor importing SciPy):
    the family, the bounds, that ``kwargs`` or ``ci90`` is given, and a ``ci90`` read.

    Returns
    -------
    tuple
        The family, and the lower and upper bounds (``None`` where open).

    Raises
    ------
    SpecError
        As :func:`build_prior`.
    """
    name = spec.get("dist")
    implied_lower = None
    if name is None:
        if "ci90" not in spec:
            raise SpecError("a distribution needs 'dist' (e.g. dist: LogNormal) or 'ci90'", "dist")
        name = domain.default_family
        if domain is Domain.AT_LEAST_ONE:
            implied_lower = 1.0
    if not isinstance(name, str) or name not in FAMILIES:
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
    if not (has_ci90 or has_kwargs):
        raise SpecError(f"{name} needs 'kwargs' ({', '.join(family.params)}) or 'ci90'", "kwargs")
    if has_ci90:
        _parse_ci90(spec["ci90"])
    return family, lower, upper


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
    optional = OPTIONAL_PARAMS.get(family.name, set())
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

    from scipy import optimize  # only for families without a closed form

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
            f"{prior.dist} puts {outside * 100:.3g}% of its mass {side} {bound:g}, outside the"
            f" input's domain ({domain.describe()}); add {key}: {bound:g} or pick a family that"
            " fits",
            "dist",
        )
    if outside == 0.0:
        return prior
    lower = low if prior.lower is None else max(prior.lower, low)
    upper = prior.upper
    if math.isfinite(high):
        upper = high if upper is None else min(upper, high)
    return Prior(prior.dist, prior.kwargs, lower, upper)
