"""The decision from the costs of every draw (the first keys of ``summary.json``)."""

from __future__ import annotations

from dataclasses import dataclass

from decision.report.schema.rounding import USD, Probability


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
class OptionResult:
    """One option's results over the draws: what it is (its kind, and the option that serves
    what it cannot address when that is not the incumbent), its cost, how often it is cheapest
    and what choosing it would lose, and how it compares with the incumbent (``None`` for
    the incumbent itself)."""

    kind: str
    fallback: str | None
    tco_usd: MoneyStats
    p_cheapest: Probability
    p_cheapest_by_month: list[Probability]
    expected_loss_usd: USD
    p_cheaper_than_incumbent: Probability | None
    savings_vs_incumbent_usd: MoneyStats | None
    crossover_month: CrossoverStats | None


@dataclass(frozen=True)
class OptionsSummary:
    """Every option on the same draws: the incumbent, the contender (the other option with
    the lowest expected cost, which the two-option keys and the sensitivity analyses
    compare with the incumbent), P(cheapest) of each and the per-option results."""

    incumbent: str
    contender: str
    p_cheapest: dict[str, Probability]
    results: dict[str, OptionResult]


@dataclass(frozen=True)
class Decision:
    """The decision from the costs of every draw: what was run, the recommendation, its
    probability, the totals and the levelised cost of a million requests, crossover, columns
    and cost lines."""

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
    usd_per_million_requests: dict[str, MoneyStats]
    savings_usd: MoneyStats
    crossover_month: CrossoverStats
    columns_usd_per_year: dict[str, MoneyInterval]
    lines_usd: dict[str, dict[str, USD]]
    mc_standard_error: MonteCarloError
    options: OptionsSummary
