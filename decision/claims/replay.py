"""Output claims replayed: the claimed number recomputed through the TCO core from the claim's
own stated inputs, and placed in the team's distribution of the same number.

Inputs a claim does not state take the team's draws (conditioned on what it does state, see
:class:`decision.model.conditional.ConditionalSavings`); a stated range is spread uniformly
over the draws. How each metric is computed: :mod:`decision.claims.metrics`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision.claims.metrics import FLEET_KEYS, FLEET_SIZING, METRICS, StatedInputs
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
        compute = METRICS[claim.metric].compute
        if claim.metric not in team:
            team[claim.metric] = compute(StatedInputs(model, {}))
        covered = set(claim.inputs)
        if any(key in FLEET_KEYS for key in claim.inputs):
            covered |= set(FLEET_SIZING) - ({"gpu.chips_per_node"} if "gpu.chips" in covered
                                      else set())
        from_team = tuple(path for path in METRICS[claim.metric].uses if path not in covered)
        out.append(Replay(claim, compute(StatedInputs(model, claim.inputs)), team[claim.metric],
                          from_team))
    return out


def _percentiles(values: np.ndarray) -> np.ndarray:
    return np.percentile(values, PERCENTILES, method="inverted_cdf")
