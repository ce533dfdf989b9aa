"""The TCO core's time at 100,000 draws x 60 months against a baseline commit, same run.

Usage: ``uv run python benchmarks/core_against_baseline.py [REF] [--file PRIORS]``. The baseline
(default: the core before the model-realism changes) is exported with ``git archive`` to a
temporary folder; each version times its own core on its own draws of the priors file in a
fresh process, alternating, and the ratios of the medians of the best-of-3 times are printed:
the current core on the baseline's priors file (the same inputs; new inputs at their
defaults) and on the current file (every new term exercised). This machine is shared and
noisy: only the ratios mean anything.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).parents[1]
BASELINE = "2413209"  # the core before issue 12 (model realism)
TIMER = """
import sys, timeit
sys.path.insert(0, {root!r})
from decision.scenario.priors_file import load_scenario
from decision.model.sampling import draw_inputs
from decision.model.tco import evaluate
from decision.scenario.catalogue import CATALOGUE
scenario = load_scenario({priors!r})
drawn = draw_inputs(scenario, 100_000, 1)
inputs = {{s.path: drawn[s.path].values for s in CATALOGUE}}
evaluate(inputs, 60)
print(min(timeit.repeat(lambda: evaluate(inputs, 60), number=1, repeat=3)))
"""


def time_core(root: Path, priors: Path) -> float:
    """Best of 3 seconds of one core evaluation, in a fresh process."""
    code = TIMER.format(root=str(root), priors=str(priors))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=root)
    return float(out.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", nargs="?", default=BASELINE)
    parser.add_argument("--file", default="priors/team.yaml")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        archive = subprocess.run(["git", "archive", args.ref], cwd=ROOT, capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        then, same, now = [], [], []
        for _ in range(args.rounds):
            then.append(time_core(base, base / args.file))
            same.append(time_core(ROOT, base / args.file))
            now.append(time_core(ROOT, ROOT / args.file))
    then_s = statistics.median(then)
    print(f"{args.file}, 100,000 draws x 60 months, best of 3, median of {args.rounds} rounds")
    print(f"  baseline {args.ref} on its file:  {then_s:.3f} s")
    for label, times in (("now on the baseline's file", same), ("now on the current file", now)):
        print(f"  {label}: {statistics.median(times):.3f} s"
              f" ({statistics.median(times) / then_s:.2f}x)")


if __name__ == "__main__":
    main()
