"""``studies:`` of a priors file: designs that run, and one-line errors for bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main

UNCERTAIN = {"asic.throughput_ratio": {"ci90": [1.5, 3.5]},
             "asic.node_price_usd": {"ci90": [1e5, 3e5]}}
PILOT = {"kind": "benchmark", "input": "asic.throughput_ratio",
         "noise": {"relative": {"ci90": [0.1, 0.3]}},
         "sizes": [1, 4, 16], "cost_usd": 1000, "cost_per_unit_usd": 100, "months": 1}
QUOTE = {"kind": "quote", "input": "asic.node_price_usd", "noise": {"relative": 0.1},
         "cost_usd": 500}


def test_a_run_values_every_study_at_every_size(write_priors, tmp_path: Path) -> None:
    priors = write_priors(UNCERTAIN, extra={"studies": {"pilot": PILOT, "quote": QUOTE}})
    result = CliRunner().invoke(main, ["run", str(priors), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    studies = json.loads((tmp_path / "out" / "check" / "summary.json").read_text())["studies"]
    pilot = studies["pilot"]
    assert list(pilot["evsi_usd"]) == ["1", "4", "16"]
    assert pilot["cost_usd"] == {"1": 1100.0, "4": 1400.0, "16": 2600.0}
    assert pilot["delay_months"] == {"1": 1.0, "4": 1.0, "16": 1.0}
    for size, value in pilot["evsi_usd"].items():
        # Without the delay, a study is worth at most perfect knowledge of its input.
        assert pilot["enbs_usd"][size] == pytest.approx(
            value - pilot["delay_cost_usd"][size] - pilot["cost_usd"][size], abs=0.02)
    assert studies["quote"]["delay_cost_usd"] == {"1": 0.0}
    assert studies["quote"]["evsi_usd"]["1"] <= studies["quote"]["evppi_usd"] + 3 * (
        studies["quote"]["evsi_standard_error_usd"]["1"])
    report = (tmp_path / "out" / "check" / "report.md").read_text()
    assert "What to learn first" in report


@pytest.mark.parametrize(("design", "key", "words"), [
    ({"kind": "pilot"}, "studies.s.kind", "must be one of benchmark, quote, watch"),
    ({**PILOT, "input": "asic.throughput"}, "studies.s.input", "unknown input"),
    ({**PILOT, "input": "gpu.chips_per_node"}, "studies.s.input", "is fixed in this file"),
    ({**PILOT, "sizes": [0, 5]}, "studies.s.sizes", "each > 0"),
    ({**PILOT, "sizes": [2.5]}, "studies.s.sizes", "whole numbers"),
    ({**PILOT, "cost_usd": -5}, "studies.s.cost_usd", "must be a number >= 0"),
    ({k: v for k, v in PILOT.items() if k != "cost_usd"}, "studies.s", "missing cost_usd"),
    ({**PILOT, "noise": 0.1}, "studies.s.noise", "{relative: 0.1}"),
    ({**PILOT, "noise": {"relative": 0}}, "studies.s.noise.relative", "must be a number > 0"),
    ({**PILOT, "noise": {"relative": {"ci90": [0.3, 0.1]}}}, "studies.s.noise.relative.ci90",
     "reversed"),
    ({**QUOTE, "sizes": [1, 2]}, "studies.s.sizes", "a quote is one reading"),
    ({"kind": "watch", "input": "asic.throughput_ratio", "cost_usd": 0, "months": 2},
     "studies.s.months", "a watch waits the months of its sizes"),
    ({**PILOT, "trials": 3}, "studies.s.trials", "unknown key"),
])
def test_a_bad_design_is_one_line_naming_the_key(write_priors, tmp_path: Path, design: dict,
                                                  key: str, words: str) -> None:
    priors = write_priors(UNCERTAIN, extra={"studies": {"s": design}})
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(priors), "--out", str(out)])
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and f": {key}:" in line and words in line, line
    assert not out.exists()


def test_a_run_compares_deciding_now_with_waiting(write_priors, tmp_path: Path) -> None:
    changes = UNCERTAIN | {"asic.model_freeze_months": {"ci90": [3.0, 10.0]},
                           "workload.annual_growth": {"ci90": [0.1, 0.6]}}
    priors = write_priors(changes, extra={"waiting": {"months": [2, 4], "traffic_noise": 0.05}})
    result = CliRunner().invoke(main, ["run", str(priors), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out" / "check" / "summary.json").read_text())
    waiting = summary["waiting"]
    assert waiting["reveals"] == ["asic.model_freeze_months", "workload.annual_growth"]
    assert list(waiting["months"]) == ["2", "4"]
    now = waiting["decide_now_expected_cost_usd"]
    # Deciding now costs the cheaper option's expected total.
    assert now == pytest.approx(min(s["mean"] for s in summary["tco_usd"].values()), rel=1e-9)
    for wait in waiting["months"].values():
        assert wait["information_usd"] >= 0
        assert wait["value_usd"] == pytest.approx(
            wait["information_usd"] - wait["delay_cost_usd"], abs=0.02)
        assert wait["expected_cost_usd"] == pytest.approx(now - wait["value_usd"], abs=0.02)
    best = waiting["best_months"]
    assert (best is None) == all(w["value_usd"] <= 0 for w in waiting["months"].values())
    report = (tmp_path / "out" / "check" / "report.md").read_text()
    assert "| decide now |" in report and (tmp_path / "out" / "check" / "figures"
                                            / "waiting.png").exists()


@pytest.mark.parametrize(("block", "key", "words"), [
    ({"months": [0]}, "waiting.months", "each > 0"),
    ({"months": [12]}, "waiting.months", "shorter than the horizon (12)"),
    ({"traffic_noise": -1}, "waiting.traffic_noise", "must be a number > 0"),
    ({"weeks": [2]}, "waiting.weeks", "unknown key"),
    ([3, 6], "waiting", "must be a mapping"),
])
def test_a_bad_waiting_section_is_one_line(write_priors, tmp_path: Path, block: object,
                                           key: str, words: str) -> None:
    priors = write_priors(UNCERTAIN, extra={"waiting": block})
    result = CliRunner().invoke(main, ["run", str(priors), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and f": {key}:" in line and words in line, line
