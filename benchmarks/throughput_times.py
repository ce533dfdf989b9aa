"""Speed of the performance layer: ``decide throughput`` against its imports, and the roofline
at 100,000 draws (the size of a ``decide run``).

Run: ``uv run python benchmarks/throughput_times.py``. Each figure is the best of 3; the
imports and the command run in fresh processes.
"""

from __future__ import annotations

import subprocess
import sys
import time
import timeit

IMPORTS = "import cli, decision.pipeline.throughput, decision.report.throughput_text"
COMMAND = ["throughput", "--platform", "h100-sxm", "--model", "llama-3-70b",
           "--input-tokens", "1024", "--output-tokens", "256", "--precision", "fp8", "--json"]


def fresh(code: str) -> float:
    """Best of 3 wall times of ``code`` in a fresh interpreter."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    imports = fresh(IMPORTS)
    command = fresh(f"import sys; sys.argv = ['decide', *{COMMAND!r}]; import cli; cli.main()")
    from decision.pipeline.throughput import size

    for draws in (10_000, 100_000):
        best = min(timeit.repeat(lambda d=draws: size("h100-sxm", "llama-3-70b", 1024, 256,
                                                      "fp8", draws=d), number=1, repeat=3))
        print(f"roofline, Llama 3 70B on H100, {draws:,} draws: {best:.2f} s")
    print(f"imports alone (fresh process): {imports:.2f} s")
    print(f"decide throughput --json (fresh process): {command:.2f} s"
          f" ({command - imports:+.2f} s over its imports)")


if __name__ == "__main__":
    main()
