"""The claims audit of a scenario: every input claim stress-tested, every output claim replayed,
as the ``claims`` list of ``summary.json``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from decision.claims import METRICS, Claim
from decision.conditional import ConditionalSavings
from decision.formatting import round_probability, round_significant, round_usd
from decision.replay import Replay, replay_claims
from decision.stress import InputStress, stress_claim

#: Draws of the team's beliefs each claim is evaluated on (a few dozen cost-model runs each).
CLAIM_DRAWS = 20_000


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
    """

    claims: tuple[Claim, ...]
    stressed: dict[str, InputStress]
    replayed: dict[str, Replay]
    draws: int
    p_prior: float
    savings_prior: float


def audit_claims(claims: tuple[Claim, ...], model: ConditionalSavings) -> ClaimsAudit:
    """Stress-test and replay ``claims`` on the first :data:`CLAIM_DRAWS` draws of ``model``."""
    part = model.head(CLAIM_DRAWS)
    stressed = {c.id: stress_claim(c, part) for c in claims if c.kind == "input"}
    outputs = [c for c in claims if c.kind == "output"]
    replayed = {r.claim.id: r for r in replay_claims(outputs, part)}
    savings = part.savings()
    return ClaimsAudit(claims, stressed, replayed, part.draws, float((savings > 0).mean()),
                       float(savings.mean()))


def claims_section(audit: ClaimsAudit) -> list[dict[str, Any]]:
    """The ``claims`` list of ``summary.json`` (described in ``docs/results.md``)."""
    out = []
    for claim in audit.claims:
        entry: dict[str, Any] = {
            "id": claim.id, "kind": claim.kind, "words": claim.words, "source": claim.source,
            "origin": claim.origin, "draws": audit.draws,
            "p_prior": round_probability(audit.p_prior),
            "p_claim_true": None, "break_even": None, "margin": None,
            "replay_ratio": None, "consistent": None,
        }
        if claim.kind == "input":
            entry |= _input_entry(audit.stressed[claim.id])
        else:
            entry |= _output_entry(audit.replayed[claim.id])
        out.append(entry)
    return out


def _input_entry(s: InputStress) -> dict[str, Any]:
    break_even = s.break_even
    return {
        "p_claim_true": round_probability(s.p_claim_true),
        "break_even": None if break_even is None else {
            path: round_significant(v) for path, v in break_even.items()},
        "margin": None if s.margin is None else round_significant(s.margin),
        "claimed": {path: v.as_json() for path, v in s.claim.inputs.items()},
        "team": {path: _percentile_entry(t[:3]) | {"percentile_of_claim":
                                                   round_probability(t[3])}
                 for path, t in s.team.items()},
        "asic_favoured": {path: "above" if up else "below"
                          for path, up in s.asic_favoured_above.items()},
        "expected_savings_prior_usd": round_usd(s.savings_prior),
        "expected_savings_claim_true_usd": round_usd(s.savings_claim_true),
        "haircut_to_flip": (None if s.haircut_to_flip is None
                            else round_significant(s.haircut_to_flip)),
        "favours_throughout": s.favours_throughout,
        "haircuts": [{"haircut": float(h), "p_asic_cheaper": round_probability(p),
                      "expected_savings_usd": round_usd(e)}
                     for h, p, e in zip(s.haircuts, s.p_haircut, s.savings_haircut, strict=True)],
    }


def _output_entry(r: Replay) -> dict[str, Any]:
    claim = r.claim
    return {
        "replay_ratio": None if r.ratio is None else round_significant(r.ratio),
        "consistent": r.consistent,
        "metric": claim.metric,
        "unit": METRICS[claim.metric].unit,
        "claimed": claim.value.as_json(),
        "claimed_interval": [round_significant(v) for v in claim.claimed_interval],
        "stated_inputs": {path: v.as_json() for path, v in claim.inputs.items()},
        "from_team": list(r.from_team),
        "replayed": _percentile_entry(r.replayed_percentiles),
        "team": _percentile_entry(r.team_percentiles)
                | {"percentile_of_claim": round_probability(r.team_percentile)},
    }


def _percentile_entry(values: np.ndarray) -> dict[str, float | None]:
    """5th/50th/95th percentile; ``None`` for "never" (``inf``)."""
    return {name: round_significant(v) if np.isfinite(v) else None
            for name, v in zip(("p05", "p50", "p95"), values, strict=True)}
