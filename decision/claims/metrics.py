"""The outputs an output claim can state: each metric's unit, meaning, the inputs it uses and
how it is computed from a claim's stated inputs, in one registry (:data:`METRICS`).

A metric of a fleet (``gpu_*``) concerns one owned or rented option's fleet serving the whole
load (the incumbent's by default; ``gpu`` in a ``gpu:``/``asic:`` file); a metric of savings
or crossover concerns one option against the incumbent (the contender by default). A stated
fleet size (``<fleet>.nodes`` or ``<fleet>.chips``, the fleet being the incumbent's for those)
sets that fleet's throughput per chip so that today's volume needs exactly that fleet, so the
core itself sizes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from decision.model import fleet, tco
from decision.model.options import TWO_OPTIONS
from decision.model.outcomes import crossover_months
from decision.scenario.catalogue import BY_PATH, FIXED_COUNTS

if TYPE_CHECKING:
    from decision.claims.spec import Claimed
    from decision.model.conditional import ConditionalSavings
    from decision.model.options import OptionSet

#: The crossover volume is searched from this factor below to this factor above the median
#: volume; draws whose savings do not change sign in that span are below or above it.
VOLUME_SPAN = 100.0

#: Fleet sizes an output claim may state, as ``<fleet>.<size>``, instead of the inputs the
#: model sizes that fleet from.
FLEET_SIZES = {
    "nodes": "nodes in the fleet today",
    "chips": "chips in the fleet today (nodes = chips ÷ chips per node, rounded up)",
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
#: How a fleet's own view (:meth:`decision.model.options.OptionSet.fleet_view`) is costed.
FLEET_ALONE = TWO_OPTIONS.subset(("gpu",))


def fleet_size(path: str, fleet: str) -> str | None:
    """``nodes`` or ``chips`` when ``path`` states the size of option ``fleet``'s fleet."""
    name, _, size = path.partition(".")
    return size if name == fleet and size in FLEET_SIZES else None


class StatedInputs:
    """The team's draws with a claim's stated inputs set: what a metric is computed from.

    Parameters
    ----------
    model : ConditionalSavings
        The team's draws.
    stated : mapping of str to Claimed
        Stated inputs, fleet sizes included; empty for the team's own distribution.
    fleet : str, optional
        The owned or rented option whose fleet a fleet metric sizes and a stated fleet size
        sets (default: the incumbent).
    versus : str, optional
        The option a metric of savings compares with the incumbent (default: the contender).
    """

    def __init__(self, model: ConditionalSavings, stated: Mapping[str, Claimed],
                 fleet: str | None = None, versus: str | None = None) -> None:
        self.model = model
        self.fleet = model.scenario.options.incumbent if fleet is None else fleet
        self.versus = model.contender if versus is None else versus
        self.setting = {path: value.per_draw(model.uniforms(path), whole=path in FIXED_COUNTS)
                        for path, value in stated.items() if fleet_size(path, self.fleet) is None}
        self.pinned: dict[str, np.ndarray] = {}
        sizes = [path for path in stated if fleet_size(path, self.fleet)]
        if sizes:
            self.pinned = self._pin_fleet(sizes[0], stated[sizes[0]])

    def values(self, extra: Mapping[str, object] | None = None, **definition: float
               ) -> dict[str, np.ndarray]:
        """Every input per draw: the team's, the stated ones, ``extra`` settings (conditioned
        like stated ones), then ``definition`` overrides (what the metric itself fixes)."""
        values = self.model.inputs({**self.setting, **(extra or {})})
        values.update(self.pinned)
        values.update({path: np.asarray(v) for path, v in definition.items()})
        return values

    def fleet_view(self, values: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """``values`` as the core reads the :attr:`fleet` alone (under ``gpu.*``)."""
        return self.model.scenario.options.fleet_view(values, self.fleet)

    def _pin_fleet(self, key: str, value: Claimed) -> dict[str, np.ndarray]:
        x = self.fleet_view(self.values())
        count = value.per_draw(self.model.uniforms(key), whole=True)
        nodes = fleet_size(key, self.fleet) == "nodes"
        chips = count * x["gpu.chips_per_node"] if nodes else count
        per_chip = (fleet.rate_per_chip_for(fleet.peak_load(x), x["gpu.redundancy"], chips)
                    / x["gpu.utilization"])
        return {f"{self.fleet}.peak_inferences_per_s_per_chip": np.broadcast_to(
            per_chip, self.model.draws).copy()}


def _year_today(inputs: StatedInputs) -> tco.TCOResult:
    values = inputs.values(**{"workload.annual_growth": 0.0, "finance.discount_rate": 0.0})
    return tco.evaluate(inputs.fleet_view(values), 12, inputs.model.draws, FLEET_ALONE)


def _gpu_line(line: str) -> Callable[[StatedInputs], np.ndarray]:
    def compute(inputs: StatedInputs) -> np.ndarray:
        return _year_today(inputs).lines[:, 0, tco.LINES.index(line)]
    return compute


def _gpu_tco(inputs: StatedInputs) -> np.ndarray:
    return _year_today(inputs).lines[:, 0, :].sum(axis=1)


def _gpu_chips(inputs: StatedInputs) -> np.ndarray:
    x = inputs.fleet_view(inputs.values())
    nodes = fleet.gpu_nodes(x, fleet.peak_load(x))
    return np.broadcast_to(nodes * x["gpu.chips_per_node"], inputs.model.draws).astype(float)


def _horizon_savings(inputs: StatedInputs, extra: Mapping[str, object] | None = None
                     ) -> np.ndarray:
    """Monthly savings (incumbent − :attr:`StatedInputs.versus`), shape (draw, month)."""
    options = inputs.model.scenario.options
    pair = options.subset((options.incumbent, inputs.versus))
    monthly = tco.evaluate(inputs.values(extra), inputs.model.scenario.horizon_months,
                           inputs.model.draws, pair).monthly
    return (monthly[:, pair.names.index(options.incumbent), :]
            - monthly[:, pair.names.index(inputs.versus), :])


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
        Stated inputs it cannot take, because the metric is what they would fix; ``nodes`` and
        ``chips`` stand for the fleet's sizes.
    signed : bool
        Whether the metric can be negative (savings); otherwise it is positive.
    of_fleet : bool
        Whether it concerns one option's fleet alone (else one option against the incumbent).
    """

    unit: str
    meaning: str
    uses: tuple[str, ...]
    compute: Callable[[StatedInputs], np.ndarray]
    solves: tuple[str, ...] = ()
    signed: bool = False
    of_fleet: bool = True

    def uses_in(self, options: OptionSet, inputs: Mapping[str, object], fleet: str,
                versus: str) -> tuple[str, ...]:
        """:attr:`uses` under the names of a scenario with ``options`` and ``inputs``: the
        fleet's fields for ``gpu.*``; for a metric of savings, every input that enters the
        costs of the incumbent and ``versus``."""
        if options.two_option:
            return self.uses
        if not self.of_fleet:
            pair = (options.incumbent, versus)
            return tuple(p for p in inputs if p != "horizon_months" and options.enters(p, pair))
        named = (f"{fleet}.{p.partition('.')[2]}" if p.startswith("gpu.") else p
                 for p in self.uses)
        return tuple(p for p in named if p in inputs)


#: Every metric an output claim can state, by name.
METRICS: dict[str, Metric] = {
    "gpu_chips": Metric("GPUs", "chips the fleet needs at today's volume", FLEET_SIZING, _gpu_chips,
                        solves=tuple(FLEET_SIZES)),
    "gpu_power_usd_per_year": Metric(
        "USD/year", "energy bill of the fleet for a year at today's volume",
        FLEET_SIZING + _POWER, _gpu_line("energy")),
    "gpu_hardware_usd_per_year": Metric(
        "USD/year", "hardware (nodes and per-node network) amortised, or rent, for a year at"
                    " today's volume", FLEET_SIZING + _HARDWARE, _gpu_line("hardware")),
    "gpu_tco_usd_per_year": Metric(
        "USD/year", "every cost line of the fleet for a year at today's volume",
        FLEET_SIZING + _POWER + _HARDWARE + _GPU_OTHER, _gpu_tco),
    "savings_usd_per_year": Metric(
        "USD/year",
        "the incumbent's cost less the option's over the horizon ÷ years (the annualised columns'"
        " gap)",
        _EVERYTHING, _savings_per_year, signed=True, of_fleet=False),
    "crossover_month": Metric(
        "month", "first month from which the option stays ahead of the incumbent to the horizon",
        _EVERYTHING, _crossover_month, of_fleet=False),
    "crossover_inferences_per_day": Metric(
        "1/day", "volume today at which savings over the horizon change sign", _EVERYTHING,
        _crossover_volume, solves=("workload.inferences_per_day",), of_fleet=False),
}
