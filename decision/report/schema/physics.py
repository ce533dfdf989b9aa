"""What the physics says: the roofline of each fleet of a ``serving:`` section (``summary.json``
key ``physics``)."""

from __future__ import annotations

from dataclasses import dataclass

from decision.report.schema.claims import Percentiles
from decision.report.schema.decision import MoneyStats
from decision.report.schema.rounding import Probability


@dataclass(frozen=True)
class OptionPhysics:
    """One fleet's platform under the roofline, over the sample of the serving inputs.

    ``joules_*`` are ``None`` when the sheet has no node power; ``*_tokens`` count generated
    (output) tokens and are ``None`` for an encoder.
    """

    platform: str
    precision: str
    chips_per_replica: Percentiles
    batch: Percentiles
    bound: str
    bound_shares: dict[str, Probability]
    batch_capped_by_latency: Probability
    requests_per_s_per_chip: Percentiles
    tokens_per_s_per_chip: Percentiles | None
    ttft_ms: Percentiles
    tpot_ms: Percentiles
    joules_per_request: Percentiles | None
    joules_per_token: Percentiles | None
    usd_per_million_tokens: MoneyStats | None


@dataclass(frozen=True)
class Physics:
    """The served model, its tokens and targets, each fleet's roofline, and the numbers a user
    should check first."""

    model: str
    precision: str
    kv_precision: str
    input_tokens: Percentiles
    output_tokens: Percentiles
    ttft_ms_target: float | None
    tpot_ms_target: float | None
    draws: int
    options: dict[str, OptionPhysics]
    check_first: list[str]
