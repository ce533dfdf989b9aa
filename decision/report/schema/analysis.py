"""What would change our mind: value of information, sensitivity, break-even, risk and
robustness (``voi``, ``sensitivity``, ``break_even``, ``risk``, ``robustness``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from decision.report.schema.rounding import OPTIONAL, USD, Decimals4, Probability, Significant


@dataclass(frozen=True)
class EVPPIGroup:
    """The value of learning several inputs together.

    A group is worth at least its most valuable member; ``best_member_usd`` is that member's
    own EVPPI from the same regression, and ``below_best_member`` says the group's estimate
    fell under it (the regression could not resolve the group; read it as at least the
    member's value).
    """

    inputs: list[str]
    evppi_usd: USD
    standard_error_usd: USD
    best_member: str
    best_member_usd: USD
    below_best_member: bool


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
    """One input's swing of expected savings between its 5th and 95th percentile, and the
    larger Monte Carlo standard error of the two expectations."""

    input: str
    low: Significant
    high: Significant
    savings_at_low_usd: USD
    savings_at_high_usd: USD
    swing_usd: USD
    standard_error_usd: USD


@dataclass(frozen=True)
class Sensitivity:
    """Tornado (the cost model re-evaluated on the first ``draws`` draws, expectations
    estimated over all of them) and global importance."""

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
    savings_jump_usd: list[USD] | None
    p_asic_cheaper_50: Significant | None
    p_asic_cheaper_jump: list[Probability] | None
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
class ModelAlternative:
    """The decision with a structural choice set to one of its options."""

    option: str
    p_asic_cheaper: Probability
    expected_savings_usd: USD
    recommendation: str


@dataclass(frozen=True)
class ModelRisk:
    """A structural choice the file leaves at its default, and the decision under each option."""

    input: str
    used: str
    alternatives: list[ModelAlternative]
    decision_rests_on_it: bool
    versus: str | None = field(**OPTIONAL)


@dataclass(frozen=True)
class AgainstIncumbent:
    """One more option against the incumbent: expected savings, the widest tornado bars and
    the inputs that flip the comparison within their range."""

    p_cheapest: Probability
    expected_savings_usd: USD
    tornado: list[TornadoEntry]
    break_even: list[BreakEvenEntry]


@dataclass(frozen=True)
class MindChangers:
    """What would change our mind: the decision analysis of a run."""

    voi: ValueOfInformation
    sensitivity: Sensitivity
    break_even: list[BreakEvenEntry]
    risk: Risk
    robustness: Robustness
    model_risk: list[ModelRisk]
    against_incumbent: dict[str, AgainstIncumbent] | None = field(**OPTIONAL)
