"""``decide calibrate``: the roofline against the shipped public measurements, the table in
docs/performance.md kept true, and bad benchmark files refused in one line."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from cli import main
from decision.performance.benchmarks import SHIPPED_BENCHMARKS, calibrate, load_benchmarks

DOCS = Path(__file__).parents[2] / "docs" / "performance.md"


@pytest.fixture(scope="module")
def calibrations():
    return [calibrate(measured) for measured in load_benchmarks(SHIPPED_BENCHMARKS)]


def test_the_docs_table_is_what_the_roofline_predicts(calibrations) -> None:
    section = DOCS.read_text().split("## Calibration against public measurements")[1]
    number = r"([\d,]+)"
    rows = re.findall(rf"^\| (?:H|MI).*\| {number} \| {number} \({number}–{number}\) \|"
                      r" ([\d.]+) \|$", section, re.MULTILINE)
    assert len(rows) == len(calibrations) == 6
    for row, result in zip(rows, calibrations, strict=True):
        measured, p50, p05, p95, ratio = (float(cell.replace(",", "")) for cell in row)
        assert measured == round(result.measured.tokens_per_s_per_chip)
        assert (p05, p50, p95) == tuple(round(value) for value in result.predicted)
        assert ratio == round(result.ratio, 2)


def test_every_measurement_has_its_source_and_lies_in_the_predicted_interval(
        calibrations) -> None:
    for result in calibrations:
        assert re.search(r"\(.*20\d\d\)", result.measured.source)
        assert result.measured_percentile == "inside"


def test_decide_calibrate_prints_one_row_per_result() -> None:
    result = CliRunner().invoke(main, ["calibrate"])
    assert result.exit_code == 0, result.output
    assert "6 of 6 measurements inside" in result.output
    assert "h100-llama2-70b-server-v4.1" in result.output


@pytest.mark.parametrize(("old", "new", "words"), [
    ("    chips: 8\n    tokens_per_s: 31302.7", "    chips: 0\n    tokens_per_s: 31302.7",
     "results[0].chips: must be a whole number"),
    ("platform: h200", "platform: h2000", "results[0].platform: unknown platform 'h2000'"),
    ("    precision: fp8\n    chips: 8\n    tokens_per_s: 31302.7",
     "    precison: fp8\n    chips: 8\n    tokens_per_s: 31302.7", "results[0].precison: unknown"),
    ("id: h100-llama2-70b-server-v4.1", "id: h200-llama2-70b-offline-v4.1", "results[1].id"),
])
def test_a_bad_benchmark_file_is_one_line_naming_the_key(tmp_path: Path, old: str, new: str,
                                                         words: str) -> None:
    text = SHIPPED_BENCHMARKS.read_text()
    assert old in text
    path = tmp_path / "mlperf-inference.yaml"
    path.write_text(text.replace(old, new, 1))
    result = CliRunner().invoke(main, ["calibrate", str(path)])
    assert result.exit_code == 2 and words in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_saturated_throughput_is_the_roofline_s_written_once_for_numpy_and_pytensor() -> None:
    import pytensor.tensor as pt

    from decision.performance.chips import sheet_chip
    from decision.performance.roofline import Request, saturated_tokens_per_chip, throughput
    from decision.performance.shapes import find_model
    from decision.platforms.catalogue import find_platform

    shape, sheet = find_model("llama-2-70b"), find_platform("h200")
    chip = sheet_chip(sheet, "fp8", lambda name: np.array([0.3]))
    request = Request(np.array([700.0]), np.array([290.0]), 1.0, 1.0)
    roofline = throughput(shape, chip, request)  # no targets: the batch memory allows
    chips = roofline.chips
    numeric = saturated_tokens_per_chip(shape, chip, request, chips)
    np.testing.assert_allclose(numeric, roofline.tokens_per_s_per_chip, rtol=1e-12)
    s_in = pt.dscalar("s_in")
    symbolic = saturated_tokens_per_chip(shape, chip, Request(s_in, 290.0, 1.0, 1.0), chips,
                                         xp=pt)
    np.testing.assert_allclose(symbolic.eval({s_in: 700.0}), numeric, rtol=1e-12)


@pytest.mark.slow
def test_calibrate_fit_updates_the_efficiencies_and_prints_them_to_use(tmp_path: Path,
                                                                       write_priors) -> None:
    result = CliRunner().invoke(main, ["calibrate", "--fit"])
    assert result.exit_code == 0, result.output
    assert "4 results without latency targets fitted; NUTS converged" in result.output
    assert "Initializing NUTS" not in result.output
    block = result.output[result.output.index("serving:\n"):]
    fitted = yaml.safe_load(block)["serving"]["efficiency"]
    assert set(fitted) == {"gpu"} and set(fitted["gpu"]) == {"memory", "compute"}
    # The posterior table in docs/performance.md is this fit's.
    section = DOCS.read_text().split("## Benchmarks as evidence for the efficiencies")[1]
    documented = re.findall(r"\| GPU \$\\eta_(\w)\$ \| [^|]+ \| ([\d.]+) \(([\d.]+)–([\d.]+)\) \|",
                            section)
    printed = {kind[0]: re.search(rf"gpu.efficiency_{kind} .*\s([\d.]+) \(([\d.]+) – ([\d.]+)\)\n",
                                  result.output).groups()
               for kind in ("memory", "compute")}
    assert {kind: tuple(values) for kind, *values in documented} == printed


def test_calibrate_fit_reports_non_convergence_like_every_nuts_command(monkeypatch) -> None:
    """The wiring, on a fit that did not converge (the real fit: the slow test above)."""
    from decision.performance import efficiency_fit
    from decision.report.schema import Diagnostics, PosteriorStats

    def unconverged(measured):
        used = tuple(m for m in measured if m.serving.tpot_ms is None)
        stats = PosteriorStats(0.5, 0.1, 0.4, 0.5, 0.6, 1.2, 50.0)
        names = ["gpu.efficiency_memory", "gpu.efficiency_compute", "misfit",
                 *(f"{m.id}.predicted" for m in used)]
        return efficiency_fit.EfficiencyFit(
            used, (), {"gpu.efficiency_memory": (0.6, 0.77, 0.9),
                       "gpu.efficiency_compute": (0.4, 0.55, 0.7)},
            dict.fromkeys(names, stats),
            Diagnostics(False, 12, 1.2, 50.0, ["12 divergent transitions"]))

    monkeypatch.setattr(efficiency_fit, "fit_efficiencies", unconverged)
    result = CliRunner().invoke(main, ["calibrate", "--fit", "--strict"])
    assert result.exit_code == 3, result.output  # without --strict: 0, the same lines
    assert "NUTS NOT converged" in result.stdout
    assert result.stderr.startswith("warning: the NUTS chains did not converge (12 divergent")
    assert "the fitted efficiencies are unreliable" in result.stderr
