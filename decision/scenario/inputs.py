"""One input as a scenario sets it, and a rank correlation between two inputs."""

from __future__ import annotations

from dataclasses import dataclass

from decision.scenario.catalogue import InputSpec
from decision.scenario.prior import Prior
from decision.scenario.sampled_prior import SampledPrior


@dataclass(frozen=True)
class InputValue:
    """One input as the scenario sets it.

    Attributes
    ----------
    spec : InputSpec
        The catalogue entry.
    value : float or None
        The fixed value, or ``None`` when the input is uncertain.
    prior : Prior or SampledPrior or None
        The distribution (a sample's, for an input derived from ``serving:``), or ``None``
        when the input is fixed.
    origin : str
        ``"file:line"`` where it was set, or ``"default"``.
    source, note : str or None
        Provenance written by the user.
    """

    spec: InputSpec
    value: float | None
    prior: Prior | SampledPrior | None
    origin: str
    source: str | None = None
    note: str | None = None

    @property
    def uncertain(self) -> bool:
        """Whether the input is drawn from a distribution."""
        return self.prior is not None

    def quantiles(self) -> tuple[float, float, float]:
        """5th percentile, median and 95th percentile (the value thrice when fixed)."""
        if self.prior is None:
            return (self.value, self.value, self.value)
        p05, p50, p95 = self.prior.ppf([0.05, 0.5, 0.95])
        return float(p05), float(p50), float(p95)


@dataclass(frozen=True)
class Correlation:
    """A rank (Spearman) correlation between two uncertain inputs."""

    first: str
    second: str
    rank: float
