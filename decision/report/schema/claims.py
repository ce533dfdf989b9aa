"""The claims audit: one entry per claim (``claims`` of ``summary.json``, ``claims.json``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from decision.report.schema.evidence import Diagnostics
from decision.report.schema.rounding import OPTIONAL, USD, Probability, Significant


@dataclass(frozen=True)
class Percentiles:
    """5th, 50th, 95th percentile (``None``: never)."""

    p05: Significant | None
    p50: Significant | None
    p95: Significant | None


@dataclass(frozen=True)
class TeamBelief(Percentiles):
    """The team's distribution of a claimed quantity and where the claim falls in it."""

    percentile_of_claim: Probability


@dataclass(frozen=True)
class HaircutEntry:
    """The decision with a claim discounted by ``haircut``."""

    haircut: float
    p_asic_cheaper: Probability
    expected_savings_usd: USD


#: A claimed number or ``[low, high]``.
ClaimedValue = float | list[float]


@dataclass(frozen=True)
class ClaimResult:
    """What every claim's entry has; ``None`` where a key belongs to the other kind."""

    id: str
    kind: str
    words: str
    source: str
    origin: str
    draws: int
    p_prior: Probability
    p_claim_true: Probability | None
    break_even: dict[str, Significant] | None
    margin: Significant | None
    replay_ratio: Significant | None
    consistent: bool | None
    versus: list[str] | None = field(**OPTIONAL)


@dataclass(frozen=True)
class InputClaimResult(ClaimResult):
    """A claim about inputs, stress-tested."""

    claimed: dict[str, ClaimedValue]
    team: dict[str, TeamBelief]
    asic_favoured: dict[str, str]
    expected_savings_prior_usd: USD
    expected_savings_claim_true_usd: USD
    haircut_to_flip: Significant | None
    savings_jump_usd: list[USD] | None
    favours_throughout: str | None
    haircuts: list[HaircutEntry]


@dataclass(frozen=True)
class OutputClaimResult(ClaimResult):
    """A claim about an output, replayed from its own stated inputs."""

    metric: str
    option: str
    unit: str
    claimed: ClaimedValue
    claimed_interval: list[Significant]
    stated_inputs: dict[str, ClaimedValue]
    from_team: list[str]
    replayed: Percentiles
    team: TeamBelief


#: One entry of ``claims``: a claim about inputs or about an output.
ClaimEntry = InputClaimResult | OutputClaimResult


@dataclass(frozen=True)
class ClaimsDocument:
    """``claims.json`` of ``decide stress``."""

    scenario: str
    priors_file: str
    claims_file: str | None
    seed: int
    claims: list[ClaimEntry]
    nuts: Diagnostics | None = field(**OPTIONAL)
