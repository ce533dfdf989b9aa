"""The typed answer of a run: what ``summary.json``, the report, the terminal and the figures
are all rendered from.

Every field keeps full precision; its annotation says how ``summary.json`` rounds it
(:mod:`decision.report.serialise`), so rounding happens once, at serialisation. Field names
are the JSON keys and field order is the key order; ``docs/results.md`` describes each.
Mappings keyed by option (``"gpu"``, ``"asic"``), input path or group name stay dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated, Any


class Rounding(Enum):
    """How a float is written to ``summary.json`` (byte-stable files)."""

    USD = "to the cent"
    PROBABILITY = "to 1e-6"
    SIGNIFICANT = "to 6 significant digits"
    DECIMALS_4 = "to 4 decimals"
    DECIMALS_1 = "to 1 decimal"


USD = Annotated[float, Rounding.USD]
Probability = Annotated[float, Rounding.PROBABILITY]
Significant = Annotated[float, Rounding.SIGNIFICANT]
Decimals4 = Annotated[float, Rounding.DECIMALS_4]
Decimals1 = Annotated[float, Rounding.DECIMALS_1]

#: ``field(**OPTIONAL)``: a key written only when present (evidence, claims, kinds of data).
OPTIONAL: dict[str, Any] = {"default": None, "kw_only": True, "metadata": {"omit_if_none": True}}
#: ``field(**INLINE)``: a part whose keys are written in place of its own (a flat file made of
#: parts computed by different stages).
INLINE: dict[str, Any] = {"metadata": {"inline": True}}
INLINE_OPTIONAL: dict[str, Any] = {"default": None, "kw_only": True,
                                   "metadata": {"inline": True, "omit_if_none": True}}


@dataclass(frozen=True)
class Recommendation:
    """The option chosen and the rule that chose it."""

    option: str
    rule: str


@dataclass(frozen=True)
class MoneyStats:
    """Mean and 5th, 50th, 95th percentile of an amount over the draws."""

    mean: USD
    p05: USD
    p50: USD
    p95: USD


@dataclass(frozen=True)
class MoneyInterval:
    """Mean and 90% interval of an amount over the draws."""

    mean: USD
    p05: USD
    p95: USD


@dataclass(frozen=True)
class CrossoverStats:
    """Percentiles of the crossover month (``None``: the percentile never crosses) and the
    share of draws that never cross."""

    p05: int | None
    p50: int | None
    p95: int | None
    never: Probability


@dataclass(frozen=True)
class MonteCarloError:
    """Standard errors of the Monte Carlo estimates."""

    p_asic_cheaper: Probability
    savings_mean: USD


@dataclass(frozen=True)
class DecisionSummary:
    """The decision alone; with evidence also computed under the priors alone."""

    recommendation: Recommendation
    p_asic_cheaper: Probability
    p_asic_cheaper_by_month: list[Probability]
    savings_usd: MoneyStats


@dataclass(frozen=True)
class EVPPIGroup:
    """The value of learning several inputs together."""

    inputs: list[str]
    evppi_usd: USD
    standard_error_usd: USD


@dataclass(frozen=True)
class ValueOfInformation:
    """EVPI, EVPPI of every uncertain input (ranked) and of each natural group."""

    evpi_usd: USD
    evppi_usd: dict[str, USD]
    evppi_standard_error_usd: dict[str, USD]
    evppi_r_squared: dict[str, Decimals4]
    groups: dict[str, EVPPIGroup]
    method: str


@dataclass(frozen=True)
class TornadoEntry:
    """One input's swing of expected savings between its 5th and 95th percentile."""

    input: str
    low: Significant
    high: Significant
    savings_at_low_usd: USD
    savings_at_high_usd: USD
    swing_usd: USD


@dataclass(frozen=True)
class Sensitivity:
    """Tornado and global importance, on the first ``draws`` draws."""

    draws: int
    expected_savings_usd: USD
    tornado: list[TornadoEntry]
    importance_pawn: dict[str, Decimals4]


@dataclass(frozen=True)
class BreakEvenEntry:
    """Where one input flips the decision within its 1st–99th percentile."""

    input: str
    median: Significant
    searched: list[Significant]
    savings_zero: Significant | None
    p_asic_cheaper_50: Significant | None
    asic_favoured: str
    favours_throughout: str | None


@dataclass(frozen=True)
class RecommendedRisk:
    """The recommended option and its expected loss against hindsight."""

    option: str
    rule: str
    expected_loss_usd: USD


@dataclass(frozen=True)
class LossExceedance:
    """P(each option loses more than ``loss_usd`` against the other)."""

    loss_usd: USD
    share_of_gpu_cost: float
    p_asic_loses_more: Probability
    p_gpu_loses_more: Probability


@dataclass(frozen=True)
class Risk:
    """What a wrong call costs."""

    recommended: RecommendedRisk
    expected_opportunity_loss_usd: dict[str, USD]
    tail_loss_usd: dict[str, USD]
    tail_share: float
    loss_exceedance: list[LossExceedance]


@dataclass(frozen=True)
class Widened:
    """The decision with every prior's spread multiplied by ``prior_spread``."""

    prior_spread: float
    option: str
    p_asic_cheaper: Probability
    expected_savings_usd: USD


@dataclass(frozen=True)
class Robustness:
    """Whether the decision survives wider priors."""

    widened: list[Widened]
    flips: bool
    kept_as_fitted: list[str]


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


@dataclass(frozen=True)
class InputClaimResult(ClaimResult):
    """A claim about inputs, stress-tested."""

    claimed: dict[str, ClaimedValue]
    team: dict[str, TeamBelief]
    asic_favoured: dict[str, str]
    expected_savings_prior_usd: USD
    expected_savings_claim_true_usd: USD
    haircut_to_flip: Significant | None
    favours_throughout: str | None
    haircuts: list[HaircutEntry]


@dataclass(frozen=True)
class OutputClaimResult(ClaimResult):
    """A claim about an output, replayed from its own stated inputs."""

    metric: str
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
class Decision:
    """The decision from the costs of every draw: what was run, the recommendation, its
    probability, the totals, crossover, columns and cost lines."""

    schema_version: int
    scenario: str
    priors_file: str
    draws: int
    seed: int
    horizon_months: int
    recommendation: Recommendation
    p_asic_cheaper: Probability
    p_asic_cheaper_by_month: list[Probability]
    tco_usd: dict[str, MoneyStats]
    savings_usd: MoneyStats
    crossover_month: CrossoverStats
    columns_usd_per_year: dict[str, MoneyInterval]
    lines_usd: dict[str, dict[str, USD]]
    mc_standard_error: MonteCarloError


@dataclass(frozen=True)
class EvidenceFitSummary:
    """With evidence: each evidenced input's posterior and what the evidence changed."""

    posterior: dict[str, PosteriorStats]
    evidence: EvidenceSection


@dataclass(frozen=True)
class MindChangers:
    """What would change our mind: the decision analysis of a run."""

    voi: ValueOfInformation
    sensitivity: Sensitivity
    break_even: list[BreakEvenEntry]
    risk: Risk
    robustness: Robustness


@dataclass(frozen=True)
class Summary:
    """The whole answer of ``decide run`` (``summary.json``, one flat document).

    ``fit`` is present with evidence, ``claims`` with claims.
    """

    decision: Decision = field(**INLINE)
    fit: EvidenceFitSummary | None = field(**INLINE_OPTIONAL)
    analysis: MindChangers = field(**INLINE)
    claims: list[ClaimEntry] | None = field(**OPTIONAL)


@dataclass(frozen=True)
class ClaimsDocument:
    """``claims.json`` of ``decide stress``."""

    scenario: str
    priors_file: str
    claims_file: str | None
    seed: int
    claims: list[ClaimEntry]
    nuts: Diagnostics | None = field(**OPTIONAL)
