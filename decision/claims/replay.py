"""Output claims replayed: the claimed number recomputed through the TCO core from the claim's
own stated inputs, and placed in the team's distribution of the same number.

Inputs a claim does not state take the team's draws (conditioned on what it does state, see
:class:`decision.model.conditional.ConditionalSavings`); a stated range is spread uniformly over the
draws. A stated fleet size (``gpu.nodes`` or ``gpu.chips``) sets the GPU's throughput per chip
so that the volume needs exactly that fleet, so the core itself sizes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from decision.model import tco
from decision.model.outcomes import crossover_months
from decision.claims.spec import FLEET_KEYS, Claim, Claimed
from decision.model.conditional import ConditionalSavings
from decision.model.statistics import PERCENTILES, mid_rank
from decision.scenario.catalogue import BY_PATH, FIXED_COUNTS
from decision.analysis.sweep import Axis, sign_change_per_draw

#: The crossover volume is searched from this factor below to this factor above the median
#: volume; draws whose savings do not change sign in that span are below or above it.
VOLUME_SPAN = 100.0

_FLEET = ("workload.inferences_per_day", "workload.peak_to_average",
          "gpu.peak_inferences_per_s_per_chip", "gpu.utilization", "gpu.chips_per_node",
          "gpu.redundancy")
_POWER = ("gpu.node_power_kw", "facility.pue", "facility.power_price_usd_per_kwh")
_HARDWARE = ("gpu.node_price_usd", "gpu.network_per_node_usd", "gpu.life_months")
_GPU_OTHER = ("gpu.network_per_rack_usd", "gpu.nodes_per_rack", "facility.rack_usd_per_month",
              "ops.fte_usd_per_year", "ops.gpu_fte")
_EVERYTHING = tuple(path for path in BY_PATH if path != "horizon_months")
#: The inputs each metric depends on.
USES: dict[str, tuple[str, ...]] = {
    "gpu_chips": _FLEET,
    "gpu_power_usd_per_year": _FLEET + _POWER,
    "gpu_hardware_usd_per_year": _FLEET + _HARDWARE,
    "gpu_tco_usd_per_year": _FLEET + _POWER + _HARDWARE + _GPU_OTHER,
    "savings_usd_per_year": _EVERYTHING,
    "crossover_month": _EVERYTHING,
    "crossover_inferences_per_day": _EVERYTHING,
}


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
        rate = (x["workload.inferences_per_day"] / tco.SECONDS_PER_DAY
                * x["workload.peak_to_average"] * (1 + x["gpu.redundancy"]))
        per_chip = rate / chips / x["gpu.utilization"]
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
    peak = x["workload.inferences_per_day"] / tco.SECONDS_PER_DAY * x["workload.peak_to_average"]
    nodes = tco.node_count(peak, x["gpu.redundancy"],
                           x["gpu.peak_inferences_per_s_per_chip"] * x["gpu.utilization"],
                           x["gpu.chips_per_node"])
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
    path = "workload.inferences_per_day"
    median = float(np.median(inputs.model.values[path]))
    axis = Axis(path, median / VOLUME_SPAN, median * VOLUME_SPAN, log=True, points=2)

    def savings_at(volume: np.ndarray | float) -> np.ndarray:
        return _horizon_savings(inputs, {path: volume}).sum(axis=1)

    ends = (savings_at(axis.low), savings_at(axis.high))
    found = sign_change_per_draw(savings_at, axis, ends)
    throughout = np.where(ends[0] > 0, 0.0, np.inf)
    return np.where(np.isnan(found), throughout, found)


COMPUTE: dict[str, Callable[[StatedInputs], np.ndarray]] = {
    "gpu_chips": _gpu_chips,
    "gpu_power_usd_per_year": _gpu_line("energy"),
    "gpu_hardware_usd_per_year": _gpu_line("hardware"),
    "gpu_tco_usd_per_year": _gpu_tco,
    "savings_usd_per_year": _savings_per_year,
    "crossover_month": _crossover_month,
    "crossover_inferences_per_day": _crossover_volume,
}


@dataclass(frozen=True)
class Replay:
    """An output claim against its own arithmetic and against the team's beliefs.

    Attributes
    ----------
    claim : Claim
    replayed : ndarray, shape (draws,)
        The metric from the claim's stated inputs (the team's draws for the rest).
    team : ndarray, shape (draws,)
        The metric under the team's beliefs alone.
    from_team : tuple of str
        Inputs the metric uses that the claim does not state.
    """

    claim: Claim
    replayed: np.ndarray
    team: np.ndarray
    from_team: tuple[str, ...]

    @property
    def replayed_percentiles(self) -> np.ndarray:
        """5th, 50th and 95th percentile of the replay (``inf``: never)."""
        return _percentiles(self.replayed)

    @property
    def team_percentiles(self) -> np.ndarray:
        """5th, 50th and 95th percentile of the team's distribution."""
        return _percentiles(self.team)

    @property
    def ratio(self) -> float | None:
        """Claimed ÷ replayed median; ``None`` unless both are positive and finite."""
        median = self.replayed_percentiles[1]
        central = self.claim.value.central
        if not (np.isfinite(median) and median > 0 and central > 0):
            return None
        return float(central / median)

    @property
    def consistent(self) -> bool:
        """Whether the claimed range (a single number ± its tolerance) meets the replay's 90%
        interval."""
        low, high = self.claim.claimed_interval
        p05, _, p95 = self.replayed_percentiles
        return bool(low <= p95 and p05 <= high)

    @property
    def team_percentile(self) -> float:
        """Share of the team's draws below the claimed number (ties count half)."""
        return float(mid_rank(self.team, self.claim.value.central))


def replay_claims(claims: list[Claim], model: ConditionalSavings) -> list[Replay]:
    """Recompute each output claim's metric from its stated inputs and under the team's
    beliefs (each metric's team distribution computed once)."""
    team: dict[str, np.ndarray] = {}
    out = []
    for claim in claims:
        compute = COMPUTE[claim.metric]
        if claim.metric not in team:
            team[claim.metric] = compute(StatedInputs(model, {}))
        covered = set(claim.inputs)
        if any(key in FLEET_KEYS for key in claim.inputs):
            covered |= set(_FLEET) - ({"gpu.chips_per_node"} if "gpu.chips" in covered
                                      else set())
        from_team = tuple(path for path in USES[claim.metric] if path not in covered)
        out.append(Replay(claim, compute(StatedInputs(model, claim.inputs)), team[claim.metric],
                          from_team))
    return out


def _percentiles(values: np.ndarray) -> np.ndarray:
    return np.percentile(values, PERCENTILES, method="inverted_cdf")
