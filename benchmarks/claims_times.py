"""Speed of the claims audit: the seed claims against priors/merchant-asic.yaml's beliefs, per
kind of claim, on the 20,000 draws every claim is tested on.

Run: ``uv run python benchmarks/claims_times.py``. Prints a Markdown table.
"""

from __future__ import annotations

import time

from decision.claims.replay import replay_claims
from decision.claims.spec import load_claims
from decision.claims.stress import stress_claim
from decision.defaults import CLAIM_DRAWS
from decision.model.conditional import ConditionalSavings
from decision.model.sampling import draw_inputs
from decision.scenario.priors_file import load_scenario

MERCHANT = "priors/merchant-asic.yaml"
SEED_CLAIMS = "priors/claims/seed-claims.yaml"


def main() -> None:
    scenario = load_scenario(MERCHANT)
    claims = load_claims(SEED_CLAIMS)
    inputs = draw_inputs(scenario, CLAIM_DRAWS, scenario.seed)
    model = ConditionalSavings.from_draws(scenario, inputs, seed=scenario.seed)
    rows = []
    inputs_claims = [c for c in claims if c.kind == "input"]
    start = time.perf_counter()
    for claim in inputs_claims:
        stress_claim(claim, model)
    seconds = time.perf_counter() - start
    rows.append((f"{len(inputs_claims)} input claims (haircuts, direction, break-even), per claim",
                 seconds / len(inputs_claims)))
    for claim in (c for c in claims if c.kind == "output"):
        start = time.perf_counter()
        replay_claims([claim], model)
        rows.append((f"replay of {claim.id} ({claim.metric}, with the team's distribution)",
                     time.perf_counter() - start))
    print("| what | time |\n|---|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
