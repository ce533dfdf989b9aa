"""The outputs an output claim can state: each metric's unit, meaning, the inputs it uses and
how it is computed from a claim's stated inputs, in one registry (:data:`METRICS`).

A stated fleet size (``gpu.nodes`` or ``gpu.chips``) sets the GPU's throughput per chip so
that today's volume needs exactly that fleet, so the core itself sizes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from decision.model import fleet, tco
from decision.model.outcomes import crossover_months
from decision.scenario.catalogue import BY_PATH, FIXED_COUNTS

if TYPE_CHECKING:
    from decision.claims.spec import Claimed
    from decision.model.conditional import ConditionalSavings

#: The crossover volume is searched from this factor below to this factor above the median
#: volume; draws whose savings do not change sign in that span are below or above it.
VOLUME_SPAN = 100.0

#: Fleet sizes an output claim may state instead of the inputs the model sizes fleets from.
FLEET_KEYS = {
    "gpu.nodes": "GPU nodes in the fleet today",
    "gpu.chips": "GPUs in the fleet today (nodes = GPUs ÷ gpu.chips_per_node, rounded up)",
}

#: The inputs that size the GPU fleet today (a stated fleet size stands for all of them).
FLEET_SIZING = ("workload.inferences_per_day", "workload.peak_to_average",
          "gpu.peak_inferences_per_s_per_chip", "gpu.utilization", "gpu.chips_per_node",
          "gpu.redundancy")
_POWER = ("gpu.node_power_kw", "facility.pue", "facility.power_price_usd_per_kwh")
_HARDWARE = ("gpu.node_price_usd", "gpu.network_per_node_usd", "gpu.life_months",
             "finance.cost_of_capital", "gpu.existing_nodes", "gpu.existing_age_months",
             "gpu.resale_fraction")
_GPU_OTHER = ("gpu.network_per_rack_usd", "gpu.nodes_per_rack", "facility.rack_usd_per_month",
              "ops.fte_usd_per_year", "ops.gpu_fte")
_EVERYTHING = tuple(path for path in BY_PATH if path != "horizon_months")


class StatedInputs:
    """The team's draws with a claim's stated inputs set: what a metric is computed from.

    Parameters
    ----------
    model : ConditionalSavings
        The team's draws.
    stated : mapping of str to Claimed
        Stated inputs, fleet sizes included; empty for the team's own distribution.
    """

    def __init__(self, model: ConditionalSavings, stated: Mapping[str, Claimed]) -> None:
        self.model = model
        self.setting = {path: value.per_draw(model.uniforms(path), whole=path in FIXED_COUNTS)
                        for path, value in stated.items() if path in BY_PATH}
        self.pinned: dict[str, np.ndarray] = {}
        fleet = [path for path in stated if path in FLEET_KEYS]
        if fleet:
            self.pinned = self._pin_fleet(fleet[0], stated[fleet[0]])

    def values(self, extra: Mapping[str, object] | None = None, **definition: float
               ) -> dict[str, np.ndarray]:
        """Every input per draw: the team's, the stated ones, ``extra`` settings (conditioned
        like stated ones), then ``definition`` overrides (what the metric itself fixes)."""
        values = self.model.inputs({**self.setting, **(extra or {})})
        values.update(self.pinned)
        values.update({path: np.asarray(v) for path, v in definition.items()})
        return values

    def _pin_fleet(self, key: str, value: Claimed) -> dict[str, np.ndarray]:
        x = self.values()
        count = value.per_draw(self.model.uniforms(key), whole=True)
        chips = count * x["gpu.chips_per_node"] if key == "gpu.nodes" else count
        per_chip = (fleet.rate_per_chip_for(fleet.peak_load(x), x["gpu.redundancy"], chips)
                    / x["gpu.utilization"])
        return {"gpu.peak_inferences_per_s_per_chip": np.broadcast_to(
            per_chip, self.model.draws).copy()}


def _year_today(inputs: StatedInputs) -> tco.TCOResult:
    values = inputs.values(**{"workload.annual_growth": 0.0, "finance.discount_rate": 0.0})
    return tco.evaluate(values, 12, inputs.model.draws)


def _gpu_line(line: str) -> Callable[[StatedInputs], np.ndarray]:
    def compute(inputs: StatedInputs) -> np.ndarray:
        return _year_today(inputs).lines[:, 0, tco.LINES.index(line)]
    return compute


def _gpu_tco(inputs: StatedInputs) -> np.ndarray:
    return _year_today(inputs).lines[:, 0, :].sum(axis=1)


def _gpu_chips(inputs: StatedInputs) -> np.ndarray:
    x = inputs.values()
    nodes = fleet.gpu_nodes(x, fleet.peak_load(x))
    return np.broadcast_to(nodes * x["gpu.chips_per_node"], inputs.model.draws).astype(float)


def _horizon_savings(inputs: StatedInputs, extra: Mapping[str, object] | None = None
                     ) -> np.ndarray:
    """Monthly savings (GPU − ASIC), shape (draw, month)."""
    monthly = tco.evaluate(inputs.values(extra), inputs.model.scenario.horizon_months,
                           inputs.model.draws).monthly
    return monthly[:, 0, :] - monthly[:, 1, :]


def _savings_per_year(inputs: StatedInputs) -> np.ndarray:
    monthly = _horizon_savings(inputs)
    return monthly.sum(axis=1) * 12 / monthly.shape[1]


def _crossover_month(inputs: StatedInputs) -> np.ndarray:
    return crossover_months(np.cumsum(_horizon_savings(inputs), axis=1))


def _crossover_volume(inputs: StatedInputs) -> np.ndarray:
    """Per draw, the volume at which horizon savings change sign; 0 where the ASIC is cheaper
    at every volume searched, ``inf`` where it never is."""
    from decision.analysis.sweep import Axis, sign_change_per_draw  # xarray, only when needed

    path = "workload.inferences_per_day"
    median = float(np.median(inputs.model.values[path]))
    axis = Axis(path, median / VOLUME_SPAN, median * VOLUME_SPAN, log=True, points=2)

    def savings_at(volume: np.ndarray | float) -> np.ndarray:
        return _horizon_savings(inputs, {path: volume}).sum(axis=1)

    ends = (savings_at(axis.low), savings_at(axis.high))
    found = sign_change_per_draw(savings_at, axis, ends)
    throughout = np.where(ends[0] > 0, 0.0, np.inf)
    return np.where(np.isnan(found), throughout, found)


@dataclass(frozen=True)
class Metric:
    """An output the model computes, that an output claim can state.

    Attributes
    ----------
    unit : str
    meaning : str
        One line for people.
    uses : tuple of str
        The inputs it depends on: those a claim does not state come from the team's draws.
    compute : callable
        :class:`StatedInputs` -> the metric per draw.
    solves : tuple of str
        Stated inputs it cannot take, because the metric is what they would fix.
    signed : bool
        Whether the metric can be negative (savings); otherwise it is positive.
    """

    unit: str
    meaning: str
    uses: tuple[str, ...]
    compute: Callable[[StatedInputs], np.ndarray]
    solves: tuple[str, ...] = ()
    signed: bool = False


#: Every metric an output claim can state, by name.
METRICS: dict[str, Metric] = {
    "gpu_chips": Metric("GPUs", "GPUs the fleet needs at today's volume", FLEET_SIZING, _gpu_chips,
                        solves=tuple(FLEET_KEYS)),
    "gpu_power_usd_per_year": Metric(
        "USD/year", "energy bill of the GPU fleet for a year at today's volume",
        FLEET_SIZING + _POWER, _gpu_line("energy")),
    "gpu_hardware_usd_per_year": Metric(
        "USD/year", "GPU hardware (nodes and per-node network) amortised, for a year at today's"
                    " volume", FLEET_SIZING + _HARDWARE, _gpu_line("hardware")),
    "gpu_tco_usd_per_year": Metric(
        "USD/year", "every cost line of the GPU option for a year at today's volume",
        FLEET_SIZING + _POWER + _HARDWARE + _GPU_OTHER, _gpu_tco),
    "savings_usd_per_year": Metric(
        "USD/year", "GPU − ASIC cost over the horizon ÷ years (the annualised columns' gap)",
        _EVERYTHING, _savings_per_year, signed=True),
    "crossover_month": Metric(
        "month", "first month from which the ASIC stays ahead to the horizon", _EVERYTHING,
        _crossover_month),
    "crossover_inferences_per_day": Metric(
        "1/day", "volume today at which savings over the horizon change sign", _EVERYTHING,
        _crossover_volume, solves=("workload.inferences_per_day",)),
}
