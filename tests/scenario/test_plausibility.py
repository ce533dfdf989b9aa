"""Values that look written in another unit: one warning line each, naming the key and the
value likely meant; ``--strict`` makes them exit 2; the shipped files raise none."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main

PRIORS = sorted((Path(__file__).parents[2] / "priors").glob("*.yaml"))


@pytest.mark.parametrize(("path", "value", "words", "meant"), [
    ("workload.annual_growth", 85.0, "a percentage written as a whole number", "0.85"),
    ("finance.discount_rate", 8.0, "a percentage written as a whole number", "0.08"),
    ("gpu.redundancy", 15.0, "a percentage written as a whole number", "0.15"),
    ("gpu.node_power_kw", 3000.0, "watts, not kilowatts", "3"),
    ("gpu.life_months", 3.0, "years, not months", "36"),
    ("asic.node_price_usd", 200.0, "thousands of dollars, not dollars", "200000"),
    ("ops.fte_usd_per_year", 240.0, "thousands of dollars, not dollars", "240000"),
    ("facility.power_price_usd_per_kwh", 80.0, "dollars per MWh, not per kWh", "0.08"),
])
def test_a_unit_slip_is_one_warning_and_strict_refuses_it(write_priors, path, value, words,
                                                          meant) -> None:
    priors = write_priors({path: value})
    result = CliRunner().invoke(main, ["validate", str(priors)])
    assert result.exit_code == 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"warning: {priors}:")
    assert f"{path}: {value:g}" in lines[0] and words in lines[0]
    assert f"did you mean {meant}?" in lines[0]
    strict = CliRunner().invoke(main, ["validate", "--strict", str(priors)])
    assert strict.exit_code == 2


def test_run_warns_before_running_and_strict_stops_it(write_priors, tmp_path: Path) -> None:
    priors = write_priors({"gpu.node_power_kw": 3000.0})
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", "--strict", str(priors), "--out", str(out)])
    assert result.exit_code == 2 and "watts, not kilowatts" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("priors", PRIORS, ids=lambda p: p.stem)
def test_the_shipped_files_raise_no_warning(priors: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--strict", str(priors)])
    assert result.exit_code == 0 and result.stderr == ""
