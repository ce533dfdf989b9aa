"""Input claims stress-tested: the decision with the claim taken as true, discounted by a
haircut, and the discount at which the decision flips.

A haircut ``h`` discounts every claimed value against the ASIC, by the factor ``d = 1 − h``:
an input whose higher values favour the ASIC (``asic.perf_per_watt_gain``) is multiplied by
``d``, one whose lower values do (``asic.nre_usd``) is divided by it; which way each input
favours the ASIC is read from the model at the claim. The **break-even** factor ``d*`` is where
expected savings cross zero, and the **margin** ``1 / d*`` is how many times the claim can be
inflated before the decision flips (below 1: the claim is not enough even if true). Every
evaluation keeps the other inputs at the same draws, conditioned on the claimed values
(:class:`decision.model.conditional.ConditionalSavings`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision.analysis.decision import recommend
from decision.analysis.sensitivity import Flip, find_flip
from decision.claims.spec import Claim
from decision.model.conditional import ConditionalSavings
from decision.model.statistics import PERCENTILES, mid_rank
from decision.scenario.option_catalogue import spec_of

HAIRCUTS = np.round(np.linspace(0.0, 0.8, 9), 2)
#: Factors searched for the break-even, from a claim 50x inflated to one 50x understated.
SEARCH_FACTORS = np.geomspace(1 / 50, 50, 21)
#: Each input's direction is read from expected savings at the claim ×/÷ this step.
DIRECTION_STEP = 1.25


@dataclass(frozen=True)
class InputStress:
    """One input claim, stress-tested on the team's draws.

    Attributes
    ----------
    claim : Claim
    p_prior, savings_prior : float
        P(ASIC cheaper) and expected savings under the team's beliefs (the same draws).
    pair : tuple of str
        The incumbent and the option the claim concerns, whose savings these are.
    haircuts, p_haircut, savings_haircut : ndarray
        :data:`HAIRCUTS` and the decision with the claim discounted by each; the first is the
        claim taken as exactly true.
    asic_favoured_above : dict of str to bool
        Whether higher values of each claimed input favour the ASIC.
    break_even_factor : float or None
        ``d*``; ``None`` when expected savings keep one sign over :data:`SEARCH_FACTORS`.
    favours_throughout : str or None
        Without a break-even, the option every searched factor favours.
    savings_jump : tuple of float or None
        Expected savings just below and just above a break-even that is a step in the model
        (such as the model changing before or after go-live); ``None`` for a smooth crossing.
    team : dict of str to ndarray
        Each claimed input under the team's beliefs: 5th, 50th, 95th percentile and the share
        of draws below the claimed (central) value.
    """

    claim: Claim
    p_prior: float
    savings_prior: float
    pair: tuple[str, str]
    haircuts: np.ndarray
    p_haircut: np.ndarray
    savings_haircut: np.ndarray
    asic_favoured_above: dict[str, bool]
    break_even_factor: float | None
    favours_throughout: str | None
    team: dict[str, np.ndarray]
    savings_jump: tuple[float, float] | None = None

    @property
    def p_claim_true(self) -> float:
        """P(ASIC cheaper) with the claim taken as exactly true."""
        return float(self.p_haircut[0])

    @property
    def savings_claim_true(self) -> float:
        """Expected savings with the claim taken as exactly true."""
        return float(self.savings_haircut[0])

    @property
    def margin(self) -> float | None:
        """How many times the claim can be inflated before the decision flips."""
        return None if self.break_even_factor is None else 1 / self.break_even_factor

    @property
    def haircut_to_flip(self) -> float | None:
        """The haircut at which the decision flips, when the claim as stated favours the ASIC."""
        d = self.break_even_factor
        return None if d is None or d > 1 else 1 - d

    @property
    def break_even(self) -> dict[str, float] | None:
        """Each claimed input's value (a range's central value) at the break-even."""
        d = self.break_even_factor
        if d is None:
            return None
        return {path: float(_clip(path, value.central * (d if self.asic_favoured_above[path]
                                                          else 1 / d)))
                for path, value in self.claim.inputs.items()}


def stress_claim(claim: Claim, model: ConditionalSavings) -> InputStress:
    """Stress-test one input claim on ``model``'s draws."""
    claimed = {path: value.per_draw(model.uniforms(path))
               for path, value in claim.inputs.items()}
    above = _directions(claimed, model)

    def setting(d: float) -> dict[str, np.ndarray]:
        return {path: _clip(path, value * d if above[path] else value / d)
                for path, value in claimed.items()}

    factors = np.concatenate([1 - HAIRCUTS, SEARCH_FACTORS])
    savings = model.savings_each([{}] + [setting(d) for d in factors])
    prior, at_haircut, searched = savings[0], savings[1:len(HAIRCUTS) + 1], savings[1:]
    expected = searched.mean(axis=1)
    flip = _break_even_factor(lambda d: float(model.savings(setting(d)).mean()), factors,
                              expected)
    favours = recommend(float(expected.mean()), *model.pair) if flip is None else None
    return InputStress(
        claim=claim,
        p_prior=float((prior > 0).mean()),
        savings_prior=float(prior.mean()),
        pair=model.pair,
        haircuts=HAIRCUTS,
        p_haircut=(at_haircut > 0).mean(axis=1),
        savings_haircut=at_haircut.mean(axis=1),
        asic_favoured_above=above,
        break_even_factor=None if flip is None else flip.value,
        savings_jump=None if flip is None else flip.jump,
        favours_throughout=favours,
        team={path: _team_belief(model.values[path], value.central)
              for path, value in claim.inputs.items()},
    )


def _team_belief(values: np.ndarray, claimed: float) -> np.ndarray:
    values = np.atleast_1d(values)
    return np.append(np.percentile(values, PERCENTILES), mid_rank(values, claimed))


def _directions(claimed: dict[str, np.ndarray | float], model: ConditionalSavings
                ) -> dict[str, bool]:
    settings = []
    for path in claimed:
        for step in (DIRECTION_STEP, 1 / DIRECTION_STEP):
            settings.append(claimed | {path: _clip(path, claimed[path] * step)})
    expected = model.savings_each(settings).mean(axis=1).reshape(len(claimed), 2)
    return {path: bool(up >= down) for path, (up, down) in zip(claimed, expected, strict=True)}


def _break_even_factor(expected_at, factors: np.ndarray, expected: np.ndarray) -> Flip | None:
    """The factor nearest 1 on the side the claim-true decision would have to move to flip,
    found in log space; a flip that is a step in the model keeps the savings either side."""
    order = np.argsort(factors)
    d, s = factors[order], expected[order]
    changes = np.flatnonzero(np.sign(s[:-1]) != np.sign(s[1:]))
    favoured_at_claim = expected[0] > 0
    # Discounting (d < 1) can only flip a claim that favours the ASIC, and vice versa.
    changes = changes[(d[changes + 1] <= 1) if favoured_at_claim else (d[changes] >= 1)]
    if changes.size == 0:
        return None
    flip = find_flip(lambda t: expected_at(np.exp(t)), np.log(d), s,
                     bracket=int(changes[-1] if favoured_at_claim else changes[0]))
    return Flip(float(np.exp(flip.value)), flip.jump)


def _clip(path: str, value):
    """Keep a discounted value inside its input's domain."""
    domain = spec_of(path).domain
    low, high = domain.bounds
    if domain.open_lower:
        low = np.nextafter(low, np.inf)
    return np.clip(value, low, high)
