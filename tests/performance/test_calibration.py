"""``decide calibrate``: the roofline against the shipped public measurements, the table in
docs/performance.md kept true, and bad benchmark files refused in one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
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
