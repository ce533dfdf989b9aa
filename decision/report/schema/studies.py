"""What each proposed study is worth (``studies`` of ``summary.json``)."""

from __future__ import annotations

from dataclasses import dataclass

from decision.report.schema.rounding import USD, Decimals1, Decimals4


@dataclass(frozen=True)
class StudyValue:
    """One study of the priors file's ``studies:``, at each of its sizes (keys: the size as
    text: measurements, 1 for a quote, or months watched).

    ``evsi_usd`` is the expected value of its information on the decision taken after it;
    ``delay_cost_usd`` what waiting that long costs in expectation; ``enbs_usd`` the expected
    net benefit of sampling, ``evsi − delay − cost``. ``best_size`` has the largest ENBS,
    ``None`` when no size pays. ``evppi_usd`` (perfect knowledge of the input) bounds the
    EVSI without delay.
    """

    kind: str
    input: str
    evppi_usd: USD
    evsi_usd: dict[str, USD]
    evsi_standard_error_usd: dict[str, USD]
    evsi_r_squared: dict[str, Decimals4]
    delay_months: dict[str, Decimals1]
    delay_cost_usd: dict[str, USD]
    cost_usd: dict[str, USD]
    enbs_usd: dict[str, USD]
    best_size: int | None


@dataclass(frozen=True)
class WaitValue:
    """Waiting some months, then deciding on what they revealed: the strategy's expected cost,
    its value against deciding now (positive: waiting is better), what the months reveal is
    worth, and what the delay costs."""

    expected_cost_usd: USD
    value_usd: USD
    information_usd: USD
    information_standard_error_usd: USD
    delay_cost_usd: USD


@dataclass(frozen=True)
class WaitingValue:
    """Deciding now against waiting (``waiting`` of ``summary.json``); ``best_months`` is
    ``None`` when deciding now is best."""

    reveals: list[str]
    decide_now_expected_cost_usd: USD
    months: dict[str, WaitValue]
    best_months: int | None
