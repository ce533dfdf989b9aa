"""Values a priors file may mean in another unit: a percentage written as a whole number,
watts for kilowatts, years for months, thousands of dollars for dollars. Each is a one-line
warning naming the key and the value likely meant; ``--strict`` makes them errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from decision.scenario.inputs import InputValue


@dataclass(frozen=True)
class Slip:
    """A unit slip to look for: where a value is suspicious, and what it likely meant."""

    paths: tuple[str, ...]
    suspicious: Callable[[float], bool]
    factor: float
    words: str


_RATES = ("workload.annual_growth", "gpu.price_trend_per_year", "asic.price_trend_per_year",
          "finance.discount_rate", "finance.cost_of_capital")
_USD_NODE = ("gpu.node_price_usd", "asic.node_price_usd")
SLIPS: tuple[Slip, ...] = (
    Slip(_RATES, lambda x: abs(x) >= 2, 0.01, "a percentage written as a whole number"),
    Slip(("gpu.redundancy", "asic.redundancy"), lambda x: x > 1, 0.01,
         "a percentage written as a whole number"),
    Slip(("gpu.node_power_kw",), lambda x: x > 100, 0.001, "watts, not kilowatts"),
    Slip(("gpu.life_months", "asic.life_months", "horizon_months"), lambda x: x < 12, 12.0,
         "years, not months"),
    Slip(_USD_NODE + ("asic.nre_usd", "asic.porting_usd"), lambda x: 0 < x < 1000, 1000.0,
         "thousands of dollars, not dollars"),
    Slip(("ops.fte_usd_per_year",), lambda x: 0 < x < 1000, 1000.0,
         "thousands of dollars, not dollars"),
    Slip(("facility.power_price_usd_per_kwh",), lambda x: x > 2, 0.001,
         "dollars per MWh, not per kWh"),
)


_SHARED = ("workload", "facility", "ops", "finance")


def _watched(slip: Slip, path: str) -> bool:
    section, _, key = path.partition(".")
    return path in slip.paths or (bool(key) and section not in _SHARED and any(
        watched.partition(".")[2] == key for watched in slip.paths))


@dataclass(frozen=True)
class SlipWarning:
    """One suspicious value: where it was written, what it is, what it likely meant."""

    origin: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"warning: {self.origin}: {self.path}: {self.message}"


def unit_slips(inputs: dict[str, InputValue]) -> list[SlipWarning]:
    """The inputs whose value (or prior median) looks written in another unit: those of
    :data:`SLIPS`, and an option's field of the same name (``h200.node_price_usd`` as
    ``gpu.node_price_usd``)."""
    out = []
    for slip in SLIPS:
        for path in (p for p in inputs if _watched(slip, p)):
            value = inputs[path]
            if value.origin == "default":
                continue
            median = value.quantiles()[1]
            if slip.suspicious(median):
                kind = "median " if value.uncertain else ""
                out.append(SlipWarning(value.origin, path,
                                   f"{kind}{median:g} {value.spec.unit} looks like {slip.words};"
                                   f" did you mean {median * slip.factor:g}? (--strict makes"
                                   " this an error)"))
    return out
