"""Output claims replayed: the claimed number recomputed through the TCO core from the claim's
own stated inputs, and placed in the team's distribution of the same number.

Inputs a claim does not state take the team's draws (conditioned on what it does state, see
:class:`decision.model.conditional.ConditionalSavings`); a stated range is spread uniformly
over the draws. How each metric is computed: :mod:`decision.claims.metrics`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision.claims.metrics import FLEET_SIZING, METRICS, StatedInputs, fleet_size
from decision.claims.spec import Claim
from decision.model.conditional import ConditionalSavings
from decision.model.statistics import PERCENTILES, mid_rank


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
    option : str
        The option it concerns: the fleet of a metric of a fleet, the option against the
        incumbent of a metric of savings.
    """

    claim: Claim
    replayed: np.ndarray
    team: np.ndarray
    from_team: tuple[str, ...]
    option: str

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
    beliefs (each metric's team distribution computed once per option it concerns)."""
    options = model.scenario.options
    team: dict[tuple[str, str, str], np.ndarray] = {}
    out = []
    for claim in claims:
        metric = METRICS[claim.metric]
        fleet = claim.fleet(options)
        versus = model.contender if metric.of_fleet or claim.option is None else claim.option
        key = (claim.metric, fleet, versus)
        if key not in team:
            team[key] = metric.compute(StatedInputs(model, {}, fleet, versus))
        covered = set(claim.inputs)
        size = next((fleet_size(path, fleet) for path in claim.inputs
                     if fleet_size(path, fleet)), None)
        if size is not None:  # a stated fleet stands for what sizes it
            covered |= {path.replace("gpu.", f"{fleet}.", 1) for path in FLEET_SIZING}
            if size == "chips":
                covered.discard(f"{fleet}.chips_per_node")
        uses = metric.uses_in(options, model.values, fleet, versus)
        out.append(Replay(claim, metric.compute(StatedInputs(model, claim.inputs, fleet,
                                                             versus)),
                          team[key], tuple(path for path in uses if path not in covered),
                          fleet if metric.of_fleet else versus))
    return out


def _percentiles(values: np.ndarray) -> np.ndarray:
    return np.percentile(values, PERCENTILES, method="inverted_cdf")
