"""``decide sweep --workers 1`` (here, a thread per core) against ``--workers 2`` (a local
Dask cluster of two processes, started and stopped within the time): the default 25 x 25 map
of ``priors/merchant-asic.yaml`` at 20,000 draws; checks that both give the same sweep.

Run: ``uv run python benchmarks/sweep_workers.py [--draws N]``. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import tempfile
import time

import xarray as xr

from decision.pipeline.sweep import run_sweep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=20_000)
    args = parser.parse_args()
    grids, rows = {}, []
    for label, workers in (("`--workers 1`: this process, a thread per core", 1),
                           ("`--workers 2`: a local Dask cluster of two processes", 2)):
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as out:
            grids[label] = run_sweep("priors/merchant-asic.yaml", draws=args.draws, out=out,
                                     workers=workers).sweep
        rows.append((label, time.perf_counter() - start))
    first = next(iter(grids.values()))
    for grid in grids.values():
        xr.testing.assert_identical(first, grid)
    print(f"| 25 x 25 sweep at {args.draws:,} draws | wall time (s) |\n|---|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.1f} |")


if __name__ == "__main__":
    main()
