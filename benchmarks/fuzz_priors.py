"""The full fuzz campaign: 5,000 seeded mutations of the shipped files a user writes (priors,
claims, platform sheets, model shapes, benchmarks).

Run: ``uv run python benchmarks/fuzz_priors.py [COUNT] [SEED]``. Prints the outcomes (rejected
in one line, accepted with finite costs, or a failure class) and the time taken; the figures
are in ``docs/priors-format.md``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # the tests package beside decision/
from tests.fuzz.campaign import run_campaign  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    start = time.perf_counter()
    outcomes = run_campaign(count, seed)
    print(f"{count:,} mutations, seed {seed}, {time.perf_counter() - start:.0f} s")
    print(outcomes)


if __name__ == "__main__":
    main()
