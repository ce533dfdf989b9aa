"""Progress off a terminal: silent for quick work, a line every few seconds for long work."""

from __future__ import annotations

import time

import pytest

from decision.report.progress import Progress


def test_quick_work_prints_nothing_off_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    with Progress(interactive=False, heartbeat=5.0) as progress:
        progress.step("draw inputs", 0, 3)
    assert capsys.readouterr().err == ""


def test_long_work_prints_the_running_step_at_a_low_rate(
        capsys: pytest.CaptureFixture[str]) -> None:
    with Progress(interactive=False, heartbeat=0.05) as progress:
        progress.step("draw inputs", 0, 3)
        progress.step("analyse the decision", 1, 3)
        time.sleep(0.28)
    lines = capsys.readouterr().err.splitlines()
    assert 3 <= len(lines) <= 6
    assert all(line.startswith("… analyse the decision (step 2 of 3), ") for line in lines)
    assert lines[-1].endswith(" s so far")
