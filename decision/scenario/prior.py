"""A solved prior: a family with its parameters, optionally truncated, that draws through its
quantile function (so the same uniforms give common random numbers across scenarios, and a
Gaussian copula can correlate any families) and becomes a PyMC variable for the evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from decision.scenario.families import FAMILIES, Family, Parametrised

if TYPE_CHECKING:
    from pytensor.tensor import TensorVariable


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
    def base(self) -> Parametrised:
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
