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


def wall(command: list[str]) -> float:
    best = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best.append(time.perf_counter() - start)
    return statistics.median(best)


def main() -> None:
    out = tempfile.mkdtemp()
    rows = [("imports only (cli + decision.pipeline; asserts PyMC is not imported)",
             wall([sys.executable, "-c", PROBE]))]
    for priors, draws in (("merchant-asic", 10_000), ("merchant-asic", 100_000),
                          ("team", 100_000)):
        what = f"decide run priors/{priors}.yaml --draws {draws:,}"
        if priors == "team":
            what += " (with evidence: NUTS, compile cache warm)"
        rows.append((what, wall([sys.executable, "-m", "cli", "run", f"priors/{priors}.yaml",
                                 "--draws", str(draws), "--out", out])))
    print("| what | median wall time (s) |\n|---|---:|")
    for what, seconds in rows:
        print(f"| {what} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
