"""The claims audit of a scenario: every input claim stress-tested, every output claim replayed,
as the ``claims`` list of ``summary.json``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from decision.claims.metrics import METRICS
from decision.claims.replay import Replay, replay_claims
from decision.claims.spec import Claim
from decision.claims.stress import InputStress, stress_claim
from decision.defaults import CLAIM_DRAWS
from decision.model.conditional import ConditionalSavings
from decision.report.schema import (
    ClaimEntry,
    HaircutEntry,
    InputClaimResult,
    OutputClaimResult,
    Percentiles,
    TeamBelief,
)


@dataclass(frozen=True)
class ClaimsAudit:
    """Every claim of a scenario, tested on the same draws.

    Attributes
    ----------
    claims : tuple of Claim
        In file order.
    stressed : dict of str to InputStress
        Input claims by id.
    replayed : dict of str to Replay
        Output claims by id.
    draws : int
    p_prior, savings_prior : float
        The decision under the team's beliefs on those draws.
    options : int
        How many options the scenario compares.
    """

    claims: tuple[Claim, ...]
    stressed: dict[str, InputStress]
    replayed: dict[str, Replay]
    draws: int
    p_prior: float
    savings_prior: float
    options: int


def audit_claims(claims: tuple[Claim, ...], model: ConditionalSavings) -> ClaimsAudit:
    """Stress-test and replay ``claims`` on the first :data:`CLAIM_DRAWS` draws of ``model``;
    an input claim against the incumbent of the option it concerns (:func:`claim_option`)."""
    part = model.head(CLAIM_DRAWS)
    stressed = {c.id: stress_claim(c, part.versus(claim_option(c, part)))
                for c in claims if c.kind == "input"}
    outputs = [c for c in claims if c.kind == "output"]
    replayed = {r.claim.id: r for r in replay_claims(outputs, part)}
    savings = part.savings()
    return ClaimsAudit(claims, stressed, replayed, part.draws, float((savings > 0).mean()),
                       float(savings.mean()), len(model.scenario.options.options))


def claim_option(claim: Claim, model: ConditionalSavings) -> str:
    """The option a claim concerns: the one other than the incumbent whose inputs it names,
    or the contender when it names none (or inputs of several)."""
    options = model.scenario.options
    named = {path.partition(".")[0] for path in claim.inputs} & {
        o.name for o in options.challengers}
    return named.pop() if len(named) == 1 else model.contender


def claims_section(audit: ClaimsAudit) -> list[ClaimEntry]:
    """Every claim's result, in file order (``docs/results.md``)."""
    out: list[ClaimEntry] = []
    for claim in audit.claims:
        common = {"id": claim.id, "kind": claim.kind, "words": claim.words,
                  "source": claim.source, "origin": claim.origin, "draws": audit.draws,
                  "p_prior": audit.p_prior}
        if claim.kind == "input":
            stress = audit.stressed[claim.id]
            common["p_prior"] = stress.p_prior
            if audit.options > 2:
                common["versus"] = list(stress.pair)
            out.append(_input_result(stress, common))
        else:
            out.append(_output_result(audit.replayed[claim.id], common))
    return out


def _input_result(s: InputStress, common: dict[str, Any]) -> InputClaimResult:
    return InputClaimResult(
        **common,
        p_claim_true=s.p_claim_true,
        break_even=s.break_even,
        margin=s.margin,
        replay_ratio=None,
        consistent=None,
        claimed={path: v.as_json() for path, v in s.claim.inputs.items()},
        team={path: TeamBelief(*_percentiles(t[:3]), percentile_of_claim=float(t[3]))
              for path, t in s.team.items()},
        asic_favoured={path: "above" if up else "below"
                       for path, up in s.asic_favoured_above.items()},
        expected_savings_prior_usd=s.savings_prior,
        expected_savings_claim_true_usd=s.savings_claim_true,
        haircut_to_flip=s.haircut_to_flip,
        savings_jump_usd=None if s.savings_jump is None else list(s.savings_jump),
        favours_throughout=s.favours_throughout,
        haircuts=[HaircutEntry(float(h), float(p), float(e))
                  for h, p, e in zip(s.haircuts, s.p_haircut, s.savings_haircut, strict=True)],
    )


def _output_result(r: Replay, common: dict[str, Any]) -> OutputClaimResult:
    claim = r.claim
    return OutputClaimResult(
        **common,
        p_claim_true=None,
        break_even=None,
        margin=None,
        replay_ratio=r.ratio,
        consistent=r.consistent,
        metric=claim.metric,
        option=r.option,
        unit=METRICS[claim.metric].unit,
        claimed=claim.value.as_json(),
        claimed_interval=list(claim.claimed_interval),
        stated_inputs={path: v.as_json() for path, v in claim.inputs.items()},
        from_team=list(r.from_team),
        replayed=Percentiles(*_percentiles(r.replayed_percentiles)),
        team=TeamBelief(*_percentiles(r.team_percentiles),
                        percentile_of_claim=r.team_percentile),
    )


def _percentiles(values: np.ndarray) -> tuple[float | None, ...]:
    """5th/50th/95th percentile; ``None`` for "never" (``inf``)."""
    return tuple(float(v) if np.isfinite(v) else None for v in values)
