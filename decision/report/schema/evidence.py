"""With evidence: each evidenced input's posterior, what the evidence was and what it changed
(``posterior``, ``evidence``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from decision.report.schema.decision import DecisionSummary
from decision.report.schema.rounding import OPTIONAL, Decimals1, Decimals4, Significant


@dataclass(frozen=True)
class PosteriorStats:
    """Posterior statistics of one sampled quantity."""

    mean: Significant
    sd: Significant
    p05: Significant
    p50: Significant
    p95: Significant
    r_hat: Decimals4
    ess_bulk: Decimals1
    mcse_mean: Significant = 0.0  # Monte Carlo standard error of the mean (from the ESS)


@dataclass(frozen=True)
class PriorStats:
    """Statistics of an input's prior draws."""

    mean: Significant
    p05: Significant
    p50: Significant
    p95: Significant


@dataclass(frozen=True)
class EvidenceInput:
    """One evidenced input: its kind, its prior, the data as given and the evidence model's
    parameters."""

    kind: str
    prior: PriorStats
    observed: list[float] | None = field(**OPTIONAL)
    likelihood: str | None = field(**OPTIONAL)
    claimed: float | None = field(**OPTIONAL)
    change_intervals_months: list[float] | None = field(**OPTIONAL)
    months_since_last_change: float | None = field(**OPTIONAL)
    model: str | None = field(**OPTIONAL)
    parameters: dict[str, PosteriorStats] | None = field(**OPTIONAL)


@dataclass(frozen=True)
class SamplerSettings:
    """How NUTS sampled."""

    sampler: str
    chains: int
    tune: int
    draws: int
    target_accept: float


@dataclass(frozen=True)
class Diagnostics:
    """Whether NUTS can be trusted, and why not when it cannot."""

    converged: bool
    divergences: int
    max_r_hat: Decimals4
    min_ess_bulk: Decimals1
    problems: list[str]


@dataclass(frozen=True)
class EvidenceSection:
    """What the evidence was and what it changed."""

    inputs: dict[str, EvidenceInput]
    sampler: SamplerSettings
    diagnostics: Diagnostics
    prior_decision: DecisionSummary


@dataclass(frozen=True)
class EvidenceFitSummary:
    """With evidence: each evidenced input's posterior and what the evidence changed."""

    posterior: dict[str, PosteriorStats]
    evidence: EvidenceSection
