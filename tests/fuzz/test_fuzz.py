"""A seeded fuzz campaign over mutated shipped priors files: every file is rejected in one line
or accepted with finite costs; nothing crashes, hangs or warns (docs/priors-format.md)."""

from __future__ import annotations

import pytest

from tests.fuzz.campaign import run_campaign

#: Mutations CI runs (about 30 s); benchmarks/fuzz_priors.py runs the full 5,000.
CI_COUNT = 400


@pytest.mark.slow
def test_no_mutation_crashes_warns_or_lies() -> None:
    outcomes = run_campaign(CI_COUNT, seed=0)
    assert set(outcomes.counts) <= {"rejected", "accepted"}, str(outcomes)
    assert sum(outcomes.counts.values()) == CI_COUNT
    # The campaign must reach the cost model, not only the parser.
    assert outcomes.counts["accepted"] >= CI_COUNT // 20
