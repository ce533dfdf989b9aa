"""A seeded fuzz campaign over mutated shipped files of every kind a user writes: every file is
rejected in one line or accepted with finite results; nothing crashes, hangs or warns
(docs/priors-format.md)."""

from __future__ import annotations

import pytest

from tests.fuzz.campaign import run_campaign

#: Mutations CI runs (about 30 s); benchmarks/fuzz_priors.py runs the full 5,000.
CI_COUNT = 400


@pytest.mark.slow
def test_no_mutation_crashes_warns_or_lies() -> None:
    outcomes = run_campaign(CI_COUNT, seed=0)
    assert {k.split()[0] for k in outcomes.counts} <= {"rejected", "accepted"}, str(outcomes)
    assert outcomes.counts["rejected"] + outcomes.counts["accepted"] == CI_COUNT
    # The campaign must reach the commands (costs, claims audit, roofline), not only parsers.
    assert outcomes.counts["accepted"] >= CI_COUNT // 40
    for kind in ("priors", "claims", "model", "benchmarks"):
        assert outcomes.counts[f"accepted {kind}"] >= 1, str(outcomes)
