"""What a wrong call costs, and whether the call survives wider priors.

- Expected opportunity loss of each option: the mean of what choosing it costs against the
  cheaper option of each draw. The recommended option (lower expected cost) has the smallest,
  and it equals the EVPI.
- Loss exceedance: P(the ASIC costs more than the GPU fleet by more than X), and the reverse.
- Robustness: every prior's spread widened around its median in an unbounded scale (log for
  positive inputs, logit for fractions), the decision recomputed on the same draws (the first
  of them, :mod:`decision.analysis.subsample`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit, logit

from decision.analysis.decision import recommend
from decision.analysis.subsample import Subsample
from decision.scenario.catalogue import Domain

#: Loss thresholds, as shares of the GPU fleet's expected total cost over the horizon.
LOSS_SHARES = (0.0, 0.05, 0.1, 0.25, 0.5)
WIDENINGS = (1.5, 2.0)
#: Share of worst draws whose mean loss is the tail risk (conditional value at risk).
TAIL = 0.05


@dataclass(frozen=True)
class Exceedance:
    """P(each option loses more than ``usd`` against the other) over the horizon."""

    usd: float
    share_of_gpu_cost: float
    p_asic_loses_more: float
    p_gpu_loses_more: float


@dataclass(frozen=True)
class Robustness:
    """The decision with every prior's spread multiplied by ``factor``."""

    factor: float
    p_asic_cheaper: float
    expected_savings: float
    pair: tuple[str, str] = ("gpu", "asic")

    @property
    def option(self) -> str:
        """The option with the lower expected cost."""
        return recommend(self.expected_savings, *self.pair)


def opportunity_loss(savings: np.ndarray, pair: tuple[str, str] = ("gpu", "asic")
                     ) -> dict[str, float]:
    """Expected opportunity loss of each option of ``pair`` (incumbent, contender) from
    savings (incumbent − contender) per draw."""
    return {pair[0]: float(np.maximum(savings, 0).mean()),
            pair[1]: float(np.maximum(-savings, 0).mean())}


def tail_loss(savings: np.ndarray, contender_loses: bool) -> float:
    """Mean loss in the worst :data:`TAIL` of draws (0 when it never loses) of the contender
    (``contender_loses``) or of the incumbent, from savings (incumbent − contender)."""
    loss = -savings if contender_loses else savings
    worst = np.sort(loss)[-max(1, int(round(TAIL * loss.size))):]
    return float(max(worst.mean(), 0.0))


def exceedance(savings: np.ndarray, gpu_cost: float) -> list[Exceedance]:
    """Loss exceedance at :data:`LOSS_SHARES` of the GPU fleet's expected cost."""
    return [Exceedance(share * gpu_cost, share, float((savings < -share * gpu_cost).mean()),
                       float((savings > share * gpu_cost).mean()))
            for share in LOSS_SHARES]


def widened(values: np.ndarray, domain: Domain, factor: float) -> np.ndarray:
    """``values`` spread ``factor`` times wider around their median in an unbounded scale.

    The scale is log for positive inputs (log of ``x - 1`` above 1, of ``1 + x`` above -1) and
    logit for fractions, so widened draws stay in the input's domain; ranks are kept.
    """
    to, back = _SCALES[domain]
    with np.errstate(divide="ignore"):
        t = to(values)
    centre = np.median(t)
    if not np.isfinite(centre):  # most draws on the domain's edge: nothing to widen around
        return values
    with np.errstate(invalid="ignore"):
        spread = np.where(np.isfinite(t), centre + factor * (t - centre), t)
    return back(spread)


def robustness(sample: Subsample, domains: dict[str, Domain],
               keep: frozenset[str] = frozenset()) -> list[Robustness]:
    """The decision at 1x (the run's savings) and at each of :data:`WIDENINGS`.

    Parameters
    ----------
    sample : Subsample
    domains : dict of str to Domain
        The domain of each input.
    keep : frozenset of str
        Inputs left as they are (inputs updated by evidence: their spread is the data's).
    """
    model, pair = sample.full, sample.full.pair
    out = [Robustness(1.0, float((sample.savings > 0).mean()), float(sample.savings.mean()),
                      pair)]
    estimate = sample.estimate()
    for factor in WIDENINGS:
        # Widened around the median of every draw, then evaluated on the first few.
        setting = {p: widened(model.values[p], domains[p], factor)[:sample.draws]
                   for p in model.uncertain if p not in keep}
        savings = sample.model.savings(setting, conditioned=False)
        out.append(Robustness(factor, float(np.clip(estimate.mean(savings > 0), 0.0, 1.0)),
                              float(estimate.mean(savings)), pair))
    return out


def _logit(x: np.ndarray) -> np.ndarray:
    # Fractions on the domain's edge (0 or 1) would map to infinity and could not be widened.
    return logit(np.clip(x, 1e-12, 1 - 1e-12))


_SCALES = {
    Domain.POSITIVE: (np.log, np.exp),
    Domain.NON_NEGATIVE: (np.log, np.exp),
    Domain.FRACTION: (_logit, expit),
    Domain.POSITIVE_FRACTION: (_logit, expit),
    Domain.AT_LEAST_ONE: (lambda x: np.log(x - 1.0), lambda t: 1.0 + np.exp(t)),
    Domain.GROWTH: (np.log1p, np.expm1),
}
