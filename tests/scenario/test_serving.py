"""A ``serving:`` section supplies the throughput and node inputs from the roofline and the
platform sheets; the file's own numbers override; every bad entry is one line naming its key."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from scipy.stats import spearmanr

from cli import main
from decision.errors import PriorsError
from decision.model.sampling import draw_inputs
from decision.model.statistics import random_stream
from decision.performance.serving import SERVING_DRAWS, serving_physics
from decision.scenario.priors_file import load_scenario
from decision.scenario.sampled_prior import SampledPrior

DESIGN = Path(__file__).parents[2] / "priors" / "designs" / "llama-asic.yaml"
#: Inputs a serving section with both sheets supplies.
SUPPLIED = ("gpu.peak_inferences_per_s_per_chip", "gpu.chips_per_node", "gpu.node_price_usd",
            "gpu.node_power_kw", "asic.throughput_ratio", "asic.perf_per_watt_gain",
            "asic.chips_per_node", "asic.node_price_usd")
SERVING = {"model": "llama-3-70b", "precision": "fp8",
           "input_tokens": {"ci90": [500, 2000], "source": "logs"},
           "output_tokens": {"ci90": [100, 400]}, "ttft_ms": 2000, "tpot_ms": 100,
           "gpu_platform": "h100-sxm", "asic_platform": str(DESIGN)}


@pytest.fixture
def serving_priors(write_priors):
    def write(serving: dict | None = None, changes: dict | None = None,
              extra_evidence: dict | None = None, **kwargs) -> Path:
        removed = {path: None for path in SUPPLIED} | (changes or {})
        extra = {"serving": {**SERVING, **(serving or {})}}
        if extra_evidence:
            extra["evidence"] = extra_evidence
        return write_priors(removed, extra=extra, **kwargs)
    return write


def test_serving_supplies_throughput_from_the_roofline_and_nodes_from_the_sheets(
        serving_priors) -> None:
    scenario = load_scenario(serving_priors())
    physics = serving_physics(scenario.serving.spec, scenario.seed)
    gpu, asic = physics.platforms["gpu"], physics.platforms["asic"]
    g, a = gpu.result.requests_per_s_per_chip, asic.result.requests_per_s_per_chip
    expected = {"gpu.peak_inferences_per_s_per_chip": g, "asic.throughput_ratio": a / g,
                "asic.perf_per_watt_gain": (a / asic.watts_per_chip) / (g / gpu.watts_per_chip)}
    for path, sample in expected.items():
        prior = scenario.inputs[path].prior
        assert isinstance(prior, SampledPrior) and prior.dist == "roofline"
        np.testing.assert_allclose(prior.ppf([0.05, 0.5, 0.95]),
                                   np.quantile(sample, [0.05, 0.5, 0.95]), rtol=1e-3)
        assert scenario.inputs[path].source.startswith("roofline of llama-3-70b at fp8")
    # Node wall power per chip: the H100 sheet's prior on its own stream, over 8 GPUs.
    uniforms = random_stream("serving.h100-sxm.node_wall_kw", scenario.seed).random(SERVING_DRAWS)
    sheet_kw = scenario.serving.spec.platforms["gpu"].entries["node_wall_kw"].prior.ppf(uniforms)
    np.testing.assert_allclose(gpu.watts_per_chip, sheet_kw * 1e3 / 8)
    assert scenario.inputs["gpu.chips_per_node"].value == 8
    assert scenario.inputs["gpu.node_price_usd"].origin.endswith("h100-sxm.yaml:26")
    assert scenario.inputs["asic.node_price_usd"].source.startswith("user-supplied design")
    pairs = {frozenset((c.first, c.second)): c.rank for c in scenario.correlations}
    ratio_gain = pairs[frozenset(("asic.throughput_ratio", "asic.perf_per_watt_gain"))]
    assert ratio_gain == pytest.approx(spearmanr(a / g, expected["asic.perf_per_watt_gain"])
                                       .statistic)


def test_draws_keep_the_roofline_marginals_and_rank_correlations(serving_priors) -> None:
    scenario = load_scenario(serving_priors(draws=20_000))
    draws = draw_inputs(scenario)
    ratio = draws["asic.throughput_ratio"].values
    gain = draws["asic.perf_per_watt_gain"].values
    sample = scenario.inputs["asic.throughput_ratio"].prior.sample
    np.testing.assert_allclose(np.quantile(ratio, [0.1, 0.5, 0.9]),
                               np.quantile(sample, [0.1, 0.5, 0.9]), rtol=0.03)
    wanted = next(c.rank for c in scenario.correlations if c.second == "asic.perf_per_watt_gain"
                  and c.first == "asic.throughput_ratio")
    assert spearmanr(ratio, gain).statistic == pytest.approx(wanted, abs=0.03)


def test_numbers_in_the_file_override_the_roofline_and_the_sheets(serving_priors) -> None:
    scenario = load_scenario(serving_priors(changes={
        "gpu.peak_inferences_per_s_per_chip": 9.0, "gpu.node_price_usd": 300_000.0}))
    assert scenario.inputs["gpu.peak_inferences_per_s_per_chip"].value == 9.0
    assert scenario.inputs["gpu.node_price_usd"].value == 300_000.0
    assert isinstance(scenario.inputs["asic.throughput_ratio"].prior, SampledPrior)
    assert all("gpu.peak_inferences_per_s_per_chip" not in (c.first, c.second)
               for c in scenario.correlations)


def test_without_an_asic_sheet_its_inputs_come_from_the_file(serving_priors) -> None:
    path = serving_priors(changes={"asic.throughput_ratio": 2.0, "asic.perf_per_watt_gain": 3.0,
                                   "asic.chips_per_node": 8, "asic.node_price_usd": 1e5})
    path.write_text(path.read_text().replace(f"  asic_platform: {DESIGN}\n", ""))
    scenario = load_scenario(path)
    assert set(scenario.serving.platforms) == {"gpu"}
    assert scenario.inputs["asic.throughput_ratio"].value == 2.0


@pytest.mark.parametrize(("serving", "key", "words"), [
    ({"modle": "x"}, "serving.modle", "did you mean 'model'"),
    ({"model": "llama-3-7b"}, "serving.model", "did you mean"),
    ({"model": "missing.yaml"}, "serving.model", "no model shape file"),
    ({"precision": "fp4"}, "serving.precision", "bf16, fp8, int8"),
    ({"precision": []}, "serving.precision", "bf16, fp8, int8"),  # found by fuzzing
    ({"kv_precision": "fp4"}, "serving.kv_precision", "bf16, fp8, int8"),
    ({"input_tokens": -3}, "serving.input_tokens", "greater than 0"),
    ({"output_tokens": 0}, "serving.output_tokens", "at least 1"),
    ({"tpot_ms": "fast"}, "serving.tpot_ms", "milliseconds"),
    ({"gpu_platform": "h100"}, "serving.gpu_platform", "did you mean"),
    ({"gpu_platform": "h200"}, "serving.gpu_platform", "gpu.node_price_usd is not in the file"),
    ({"asic_platform": "mtia-v2"}, "specs.fp8_dense_tflops", "not public"),
    ({"asic_platform": "mtia-v2", "precision": "int8", "model": "llama-3-8b", "tpot_ms": 1e4},
     "serving.asic_platform", "perf_per_watt_gain cannot be"),
    ({"tpot_ms": 1}, "serving.gpu_platform", "no batch meets the 1 ms time per output token"),
    ({"model": {"name": "m", "architecture": "decoder", "source": "s 2024",
                "shape": {"parameters_b": 1}}}, "serving.model.shape", "layers is missing"),
    ({"model": {"name": "m", "architecture": "decoder", "source": "s 2024",  # found by fuzzing
                "shape": {"parameters_b": 1e308, "layers": 2, "hidden_size": 64,
                          "attention_heads": 2, "kv_heads": 1, "head_dim": 32}}},
     "serving.model.shape.parameters_b", "between 1e-12 and 1e+15"),
])
def test_bad_serving_entries_are_one_line_naming_the_key(serving_priors, serving, key,
                                                         words) -> None:
    changes = ({"asic.node_price_usd": 1e5, "asic.chips_per_node": 8}
               if serving.get("asic_platform") == "mtia-v2" else None)  # not sold
    path = serving_priors(serving, changes)
    with pytest.raises(PriorsError) as caught:
        load_scenario(path)
    assert caught.value.key == key and words in caught.value.message
    assert "\n" not in str(caught.value)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_run_reports_what_the_physics_says(serving_priors, tmp_path: Path) -> None:
    priors = serving_priors(name="served")
    result = CliRunner().invoke(main, ["run", str(priors), "--draws", "500", "--out",
                                       str(tmp_path)])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "served" / "summary.json").read_text())
    physics = summary["physics"]
    assert physics["model"] == "llama-3-70b" and set(physics["options"]) == {"gpu", "asic"}
    gpu = physics["options"]["gpu"]
    assert gpu["platform"] == "h100-sxm" and gpu["bound"] in gpu["bound_shares"]
    tokens = float(np.mean(load_scenario(priors).serving.output_tokens))
    assert gpu["usd_per_million_tokens"]["mean"] == pytest.approx(
        summary["usd_per_million_requests"]["gpu"]["mean"] / tokens, abs=0.005)  # cents
    assert len(physics["check_first"]) == 4
    report = (tmp_path / "served" / "report.md").read_text()
    assert "## What the physics says" in report
    assert "## What to check in the roofline" in (tmp_path / "served" / "appendix.md").read_text()
    assert "Roofline of llama-3-70b (fp8), median per chip:" in result.output


def test_the_shipped_example_sizes_both_fleets_from_the_roofline() -> None:
    scenario = load_scenario(Path(__file__).parents[2] / "priors" / "llama70b-h100-vs-asic.yaml")
    derived = [p for p, v in scenario.inputs.items() if isinstance(v.prior, SampledPrior)]
    assert derived == ["gpu.peak_inferences_per_s_per_chip", "asic.throughput_ratio",
                       "asic.perf_per_watt_gain"]


def test_a_sampled_prior_is_the_sample_s_distribution() -> None:
    sample = np.random.default_rng(0).lognormal(0.0, 0.5, 5000)
    prior = SampledPrior(sample, "roofline")
    x = np.quantile(sample, [0.1, 0.5, 0.9])
    np.testing.assert_allclose(prior.ppf(prior.cdf(x)), x)
    assert prior.cdf(sample.min() / 2) == 0.0 and prior.cdf(sample.max() * 2) == 1.0
    assert prior.ppf(0.0) == sample.min() and prior.ppf(1.0) == sample.max()
    assert prior.mass_outside(x[0], x[2]) == pytest.approx(0.2, abs=1e-3)
    assert prior.to_dict()["dist"] == "roofline" and prior.to_dict()["draws"] == 5000


@pytest.mark.slow
def test_a_measured_throughput_updates_the_roofline_prior_through_nuts(serving_priors,
                                                                       tmp_path: Path) -> None:
    evidence = {"gpu.peak_inferences_per_s_per_chip": {
        "observed": [9.1, 8.7, 9.6], "likelihood": "LogNormal", "sigma": 0.1}}
    priors = serving_priors(name="measured", extra_evidence=evidence)
    result = CliRunner().invoke(main, ["run", str(priors), "--draws", "2000", "--out",
                                       str(tmp_path)])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "measured" / "summary.json").read_text())
    prior = summary["evidence"]["inputs"]["gpu.peak_inferences_per_s_per_chip"]["prior"]
    posterior = summary["posterior"]["gpu.peak_inferences_per_s_per_chip"]
    assert prior["p95"] - prior["p05"] > 4 * (posterior["p95"] - posterior["p05"])
    assert 8.5 < posterior["p50"] < 9.6


def test_efficiency_priors_set_in_the_file_replace_the_family_defaults(serving_priors) -> None:
    narrow = {"gpu": {"memory": {"dist": "Beta", "ci90": [0.79, 0.81], "source": "fit"},
                      "compute": {"dist": "Beta", "ci90": [0.54, 0.56], "source": "fit"}}}
    default = load_scenario(serving_priors())
    fitted = load_scenario(serving_priors({"efficiency": narrow}))
    assert fitted.serving.spec.efficiency_of("gpu").source.endswith(
        "(memory: fit; compute: fit)")

    def spread(scenario) -> float:
        p05, _, p95 = scenario.inputs["gpu.peak_inferences_per_s_per_chip"].quantiles()
        return p95 / p05
    assert spread(fitted) < spread(default)


@pytest.mark.parametrize(("efficiency", "key", "words"), [
    ({"gpus": {}}, "serving.efficiency.gpus", "unknown platform family; did you mean 'gpu'"),
    ({"gpu": {"memory": {"ci90": [0.6, 0.9]}}}, "serving.efficiency.gpu", "needs both"),
    ({"gpu": {"memory": {"ci90": [0.6, 1.9]}, "compute": {"ci90": [0.4, 0.7]}}},
     "serving.efficiency.gpu.memory.ci90", ""),
    ({"gpu": {"memory": 0.8, "compute": {"ci90": [0.4, 0.7]}}},
     "serving.efficiency.gpu.memory", "must be a prior"),
])
def test_bad_efficiency_priors_are_one_line(serving_priors, efficiency, key, words) -> None:
    with pytest.raises(PriorsError) as caught:
        load_scenario(serving_priors({"efficiency": efficiency}))
    assert caught.value.key == key and words in caught.value.message


def test_a_kv_cache_at_lower_precision_fits_a_larger_batch(serving_priors) -> None:
    same = load_scenario(serving_priors({"precision": "bf16"}))
    smaller = load_scenario(serving_priors({"precision": "bf16", "kv_precision": "fp8"}))
    assert smaller.serving.spec.kv_precision == "fp8"
    batch = {name: np.median(s.serving.platforms["gpu"].result.batch)
             for name, s in (("same", same), ("smaller", smaller))}
    assert batch["smaller"] > batch["same"]
