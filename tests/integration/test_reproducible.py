"""The same file and seed give the same ``summary.json`` byte for byte, whether PyTensor compiles
the evidence model for the first time (a new machine) or loads it from its cache (marked slow:
real NUTS, in fresh processes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.mark.slow
def test_cold_and_warm_compile_cache_give_the_same_summary(tmp_path: Path) -> None:
    environment = os.environ | {"PYTENSOR_FLAGS": f"base_compiledir={tmp_path / 'cache'}"}
    summaries = []
    for run in ("cold", "warm"):
        subprocess.run([sys.executable, "-m", "cli", "run", "priors/team.yaml", "--draws",
                        "2000", "--out", str(tmp_path / run)], cwd=ROOT, env=environment,
                       check=True, capture_output=True)
        summaries.append((tmp_path / run / "team" / "summary.json").read_bytes())
    assert summaries[0] == summaries[1]
