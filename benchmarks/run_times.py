"""Wall time of ``decide run`` end to end, and of its imports, in fresh processes (the
evidence fit's parts are in ``evidence_times.py``).

Run: ``uv run python benchmarks/run_times.py``. Prints a Markdown table for the README.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time

REPEATS = 3
PROBE = "import sys, cli, decision.pipeline; assert 'pymc' not in sys.modules, 'pymc was imported'"
#: The stacks the speed targets are ratios to: what a run without, and with, evidence needs.
STACK = "import numpy, scipy.stats, xarray, matplotlib, yaml, click"
STACK_WITH_PYMC = STACK + ", pymc, arviz"


def wall(command: list[str]) -> float:
    best = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best.append(time.perf_counter() - start)
    return statistics.median(best)


def main() -> None:
    out = tempfile.mkdtemp()
    stack = wall([sys.executable, "-c", STACK])
    stack_with_pymc = wall([sys.executable, "-c", STACK_WITH_PYMC])
    rows = [(f"`{STACK}`", stack), ("the same with pymc and arviz", stack_with_pymc),
            ("imports only (cli + decision.pipeline; asserts PyMC is not imported)",
             wall([sys.executable, "-c", PROBE]))]
    for priors, draws in (("merchant-asic", 10_000), ("merchant-asic", 100_000),
                          ("team", 100_000), ("llama70b-platforms", 20_000)):
        what = f"decide run priors/{priors}.yaml --draws {draws:,}"
        if priors == "team":
            what += " (with evidence: NUTS, compile cache warm)"
        rows.append((what, wall([sys.executable, "-m", "cli", "run", f"priors/{priors}.yaml",
                                 "--draws", str(draws), "--out", out])))
    print("| what | median wall time (s) | ratio to its stack's import |\n|---|---:|---:|")
    for what, seconds in rows:
        base = stack_with_pymc if "evidence" in what else stack
        ratio = f"{seconds / base:.1f}x" if what.startswith(("imports", "decide")) else ""
        print(f"| {what} | {seconds:.2f} | {ratio} |")


if __name__ == "__main__":
    main()
