"""Results are written all or nothing, and a run killed at any moment loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from decision.report.files import STALE_SECONDS, recover

ROOT = Path(__file__).parents[2]


def test_results_moved_aside_by_a_killed_swap_go_back_in_place(tmp_path: Path) -> None:
    retired = tmp_path / ".team.old"
    retired.mkdir()
    (retired / "summary.json").write_text("{}")
    recover(tmp_path / "team")
    assert (tmp_path / "team" / "summary.json").read_text() == "{}"
    assert not retired.exists()


def test_stale_staging_folders_are_removed_and_fresh_ones_kept(tmp_path: Path) -> None:
    stale, fresh = tmp_path / ".team.abc123", tmp_path / ".team.def456"
    stale.mkdir()
    fresh.mkdir()
    old = time.time() - STALE_SECONDS - 60
    os.utime(stale, (old, old))
    recover(tmp_path / "team")
    assert not stale.exists() and fresh.exists()


@pytest.mark.slow
def test_a_run_killed_at_random_moments_keeps_the_previous_results(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "cli", "run", "priors/merchant-asic.yaml", "--draws", "3000",
               "--out", str(tmp_path)]
    folder = tmp_path / "merchant-asic"
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    duration = time.perf_counter() - start
    before = (folder / "summary.json").read_bytes()
    rng = np.random.default_rng(7)
    for delay in rng.uniform(0.2, duration, 4):
        run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait()
        recover(folder)  # what the next run does first
        # Either the previous results or a complete new set: never a partial folder.
        assert json.loads((folder / "summary.json").read_bytes())
        assert {p.name for p in folder.iterdir()} >= {"summary.json", "report.md", "figures"}
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    assert (folder / "summary.json").read_bytes() == before  # same seed, same bytes
