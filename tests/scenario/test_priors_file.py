"""Every mistake in a priors file: exit code 2, one line naming file, line and key, no output."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli import main
from decision.scenario.priors_file import load_scenario
from tests.conftest import WORKED, nest

BASE = yaml.safe_dump({"schema_version": 1, **nest(WORKED)}, sort_keys=False)


def base_with(replace: str, by: str) -> str:
    assert replace in BASE, replace
    return BASE.replace(replace, by, 1)


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def case(text: str, key: str | None, line_fragment: str, message: str, name: str):
    """A bad file, the key and the line its error must name, and the message."""
    return pytest.param(text, key, line_of(text, line_fragment), message, id=name)


CORRELATED = (base_with("  utilization: 0.5", "  utilization: {ci90: [0.3, 0.6]}")
              .replace("  node_power_kw: 3.0", "  node_power_kw: {ci90: [2.5, 3.5]}")
              .replace("  pue: 1.5", "  pue: {ci90: [1.2, 1.6]}"))

CASES = [
    case(base_with("  after_change: by_part", "  after_change: keep_buying"),
         "asic.after_change", "after_change",
         "must be one of stop_buying, keep_buying_if_cheaper, by_part; got 'keep_buying'",
         "choice-unknown-option"),
    case(base_with("  after_change: by_part", "  after_change: {ci90: [0, 1]}"),
         "asic.after_change", "after_change",
         "is a modelling choice: write one of stop_buying, keep_buying_if_cheaper, by_part, not"
         " a distribution", "choice-as-distribution"),
    case("workload:\n  inferences_per_day: [1, 2\n  growth: 3\n", None, "growth",
         "YAML syntax error, column 9: expected ',' or ']', but got ':'",
         "yaml-syntax"),
    case(base_with("  utilization: 0.5", "  utilisation: 0.5"), "gpu.utilisation", "utilisation",
         "unknown input; did you mean 'utilization'?", "unknown-input"),
    case(base_with("schema_version: 1", "schema_version: 1\nhorizon: 12"), "horizon", "horizon:",
         "unknown key; did you mean 'horizon_months'?", "unknown-top-level-key"),
    case(base_with("  utilization: 0.5", "  utilization: {dist: Beta, ci_90: [0.3, 0.5]}"),
         "gpu.utilization.ci_90", "ci_90", "unknown key; did you mean 'ci90'?", "unknown-dist-key"),
    case(base_with("  node_power_kw: 3.0\n", ""), "gpu.node_power_kw", "gpu:",
         "missing required input (wall power of one node under load, in kW); add it to the file",
         "missing-required"),
    case(base_with("  utilization: 0.5", "  utilization: high"), "gpu.utilization", "utilization",
         "must be a number or a distribution ({dist, kwargs} or {ci90: [low, high]}); got 'high'",
         "wrong-type"),
    case(base_with("ops:\n  fte_usd_per_year: 240000.0\n  gpu_fte: 1.0\n", "ops: 3\n"),
         "ops", "ops:", "must be a mapping of ops inputs; got 3",
         "section-wrong-type"),
    case(base_with("  utilization: 0.5", "  utilization: {dist: Kumaraswamy, kwargs: {a: 1}}"),
         "gpu.utilization.dist", "Kumaraswamy",
         "distribution 'Kumaraswamy' is not supported; use one of Normal, LogNormal, Beta, Gamma,"
         " Uniform, Triangular, TruncatedNormal, Exponential, Weibull, HalfNormal",
         "unsupported-dist"),
    case(base_with("  node_power_kw: 3.0",
                   "  node_power_kw:\n    dist: LogNormal\n    kwargs: {mu: 1, sigma: -0.2}"),
         "gpu.node_power_kw.kwargs.sigma", "sigma: -0.2", "LogNormal sigma must be > 0; got -0.2",
         "negative-sigma"),
    case(base_with("  utilization: 0.5",
                   "  utilization:\n    dist: Beta\n    kwargs:\n      mu: 1.3\n      sigma: 0.1"),
         "gpu.utilization.kwargs.mu", "mu: 1.3", "Beta mu (the mean) must lie in (0, 1); got 1.3",
         "beta-mean-outside"),
    case(base_with("  utilization: 0.5", "  utilization:\n    ci90: [0.55, 0.3]"),
         "gpu.utilization.ci90", "ci90", "ci90 [0.55, 0.3] is reversed; write [0.3, 0.55]",
         "ci90-reversed"),
    case(base_with("  utilization: 0.5", "  utilization: {ci90: [0.4, 0.4]}"),
         "gpu.utilization.ci90", "ci90",
         "ci90 [0.4, 0.4] has equal ends; write the number 0.4 for a fixed value", "ci90-equal"),
    case(base_with("  utilization: 0.5", "  utilization: {ci90: [0.4, 1.2]}"),
         "gpu.utilization.ci90", "ci90",
         "ci90 [0.4, 1.2] is outside the input's domain: values must be a fraction in (0, 1]",
         "ci90-outside-domain"),
    case(base_with("  utilization: 0.5", "  utilization: 1.5"), "gpu.utilization", "utilization",
         "must be a fraction in (0, 1]; got 1.5", "fraction-outside"),
    case(base_with("  extra_fte: 0.5", "  extra_fte: -1"), "asic.extra_fte",
         "extra_fte", "must be 0 or more; got -1", "negative-amount"),
    case(base_with("  chips_per_node: 4", "  chips_per_node: 4.5"), "gpu.chips_per_node",
         "chips_per_node: 4.5", "is a count and must be a whole number; got 4.5",
         "non-integer-count"),
    case(base_with("  chips_per_node: 4", "  chips_per_node: {ci90: [4, 8]}"),
         "gpu.chips_per_node", "ci90: [4, 8]",
         "is a count: write a whole number, not a distribution", "count-distribution"),
    case(base_with("horizon_months: 12", "horizon_months: 0"), "horizon_months", "horizon_months",
         "must be a whole number of at least 1; got 0", "horizon-zero"),
    case(base_with("schema_version: 1", "schema_version: 2"), "schema_version", "schema_version",
         "must be 1; got 2", "schema-version"),
    case(base_with("schema_version: 1", "schema_version: 1\nsampling:\n  draws: 0"),
         "sampling.draws", "draws: 0", "must be a whole number >= 2 (a Monte Carlo estimate"
         " needs two draws); got 0", "draws-zero"),
    case(base_with("schema_version: 1", "schema_version: 1\nsampling:\n  draws: 1"),
         "sampling.draws", "draws: 1", "must be a whole number >= 2 (a Monte Carlo estimate"
         " needs two draws); got 1", "draws-one"),
    case(CORRELATED + "correlations:\n"
         "  - {inputs: [gpu.utilization, gpu.node_power_kw], rank: 0.9}\n"
         "  - {inputs: [gpu.node_power_kw, facility.pue], rank: 0.9}\n"
         "  - {inputs: [gpu.utilization, facility.pue], rank: -0.9}\n",
         "correlations", "correlations:", "these rank correlations contradict each other (the"
         " matrix is not positive definite); weaken some of them", "correlations-not-pd"),
    case(CORRELATED + "correlations:\n  - {inputs: [gpu.utilization, ops.gpu_fte], rank: 0.5}\n",
         "correlations", "correlations:",
         "ops.gpu_fte is fixed; only uncertain inputs can be correlated",
         "correlation-fixed-input"),
]


@pytest.mark.parametrize(("text", "key", "line", "message"), CASES)
def test_bad_file_is_one_clear_line(tmp_path: Path, text: str, key: str | None, line: int,
                                    message: str) -> None:
    priors = tmp_path / "bad.yaml"
    priors.write_text(text)
    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["run", str(priors), "--out", str(out), "--draws", "100"])
    assert result.exit_code == 2, result.output
    where = f"{priors}:{line}:" + (f" {key}:" if key else "")
    assert result.stderr == f"error: {where} {message}\n"
    assert result.stdout == ""
    assert not out.exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.yaml", "no such file; check the path (examples are in priors/)"),
        (lambda p: p, "is a folder, not a priors file"),
        (lambda p: _write(p / "empty.yaml", ""),
         "the file is empty; start from `decide init FILE`"),
        (lambda p: _write(p / "list.yaml", "- 1\n- 2\n"), "must be a mapping of keys"),
        (lambda p: _write_bytes(p / "latin1.yaml", "name: caf\xe9\n".encode("latin-1")),
         "cannot be read"),
    ],
    ids=["missing", "folder", "empty", "not-a-mapping", "not-utf8"],
)
def test_unusable_files(tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_numeric_strings_are_numbers(tmp_path: Path) -> None:
    text = base_with("  inferences_per_day: 21600000.0", "  inferences_per_day: 21.6e6")
    text = text.replace("  node_price_usd: 240000.0", "  node_price_usd: 240_000")
    (tmp_path / "n.yaml").write_text(text)
    scenario = load_scenario(tmp_path / "n.yaml")
    assert scenario.inputs["workload.inferences_per_day"].value == 21.6e6
    assert scenario.inputs["gpu.node_price_usd"].value == 240_000


def test_defaults_and_provenance(tmp_path: Path) -> None:
    text = base_with("  redundancy: 0.0\n", "").replace(
        "  utilization: 0.5", "  utilization: {ci90: [0.3, 0.55], source: 'telemetry'}")
    (tmp_path / "d.yaml").write_text(text)
    scenario = load_scenario(tmp_path / "d.yaml")
    redundancy = scenario.inputs["gpu.redundancy"]
    assert (redundancy.value, redundancy.origin) == (0.0, "default")
    utilization = scenario.inputs["gpu.utilization"]
    assert utilization.source == "telemetry"
    assert utilization.origin == f"{tmp_path / 'd.yaml'}:{line_of(text, 'utilization:')}"
    assert scenario.name == "d"
