"""A prior known only through a sample: an input derived from others (the roofline's requests
per second, say) drawn through the sample's quantile function, like any fitted prior."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from pytensor.tensor import TensorVariable

#: Points of the density PyMC interpolates (``pm.Interpolated``) when evidence updates it.
DENSITY_POINTS = 200


@dataclass(frozen=True, eq=False)
class SampledPrior:
    """The distribution of a sample, with the interface of :class:`~decision.scenario.prior.Prior`.

    The quantile function interpolates linearly between the sorted draws at their mid-ranks
    ``(i + 0.5) / n``; the CDF is its inverse. Draws through it therefore reproduce the
    sample's distribution, bounded by its smallest and largest draw.

    Parameters
    ----------
    sample : ndarray
        Draws of the quantity, finite.
    dist : str
        What produced the sample, shown where a family name would be (``"roofline"``).
    """

    sample: np.ndarray = field(repr=False)
    dist: str = "sampled"

    @cached_property
    def _sorted(self) -> np.ndarray:
        return np.sort(np.asarray(self.sample, dtype=np.float64))

    @cached_property
    def _levels(self) -> np.ndarray:
        return (np.arange(self._sorted.size) + 0.5) / self._sorted.size

    def ppf(self, u: np.ndarray | float) -> np.ndarray:
        """Quantile function of the sample."""
        return np.interp(u, self._levels, self._sorted)

    def cdf(self, x: np.ndarray | float) -> np.ndarray:
        """Cumulative distribution function, 0 below the smallest draw and 1 above the
        largest."""
        inside = np.interp(x, self._sorted, self._levels)
        return np.where(np.asarray(x) < self._sorted[0], 0.0,
                        np.where(np.asarray(x) > self._sorted[-1], 1.0, inside))

    def mass_outside(self, low: float, high: float) -> float:
        """Probability of a draw below ``low`` or above ``high``."""
        return float(self.cdf(low) + (1.0 - self.cdf(high)))

    def to_pymc(self, name: str | None = None) -> TensorVariable:
        """This prior as a PyMC ``Interpolated`` variable: the sample's density from a Gaussian
        kernel estimate on :data:`DENSITY_POINTS` points spanning the sample."""
        import pymc as pm
        from scipy.stats import gaussian_kde

        grid = np.linspace(self._sorted[0], self._sorted[-1], DENSITY_POINTS)
        density = gaussian_kde(self._sorted[:: max(1, self._sorted.size // 5000)])(grid)
        if name is None:
            return pm.Interpolated.dist(x_points=grid, pdf_points=density)
        return pm.Interpolated(name, x_points=grid, pdf_points=density)

    def to_dict(self) -> dict:
        """What produced the sample, its size and its 5th, 50th and 95th percentiles."""
        p05, p50, p95 = (float(q) for q in self.ppf([0.05, 0.5, 0.95]))
        return {"dist": self.dist, "draws": int(self._sorted.size),
                "p05": p05, "p50": p50, "p95": p95}
