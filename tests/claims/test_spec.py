"""Every mistake in a claim: exit code 2, one line naming the file, the line and the claim."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from cli import main
from decision.claims.metrics import METRICS
from decision.claims.spec import load_claims
from decision.scenario.catalogue import BY_PATH, FIXED_COUNTS
from decision.scenario.priors_file import load_scenario

GOOD = {"id": "ppw", "words": "4x throughput per watt", "source": "a datasheet",
        "inputs": {"asic.perf_per_watt_gain": 4}}
POWER = {"id": "bill", "words": "power is $280K a year", "source": "an article",
         "metric": "gpu_power_usd_per_year", "value": 280_000,
         "inputs": {"gpu.nodes": 7, "gpu.node_power_kw": 3.25}}


def claims_text(*claims: dict) -> str:
    return yaml.safe_dump({"claims": list(claims)}, sort_keys=False)


def changed(base: dict, **changes: object) -> dict:
    out = {**base, **changes}
    return {k: v for k, v in out.items() if v is not None}


CASES = [
    pytest.param(changed(GOOD, inputs={"asic.perf_per_wat": 4}),
                 "claims.ppw.inputs.asic.perf_per_wat", "asic.perf_per_wat",
                 "unknown input; did you mean 'asic.perf_per_watt_gain'?", id="unknown-input"),
    pytest.param(changed(GOOD, inputs={"asic.perf_per_watt_gain": "four"}),
                 "claims.ppw.inputs.asic.perf_per_watt_gain", "asic.perf_per_watt_gain",
                 "must be a number or a range [low, high] with low < high; got 'four'",
                 id="non-numeric"),
    pytest.param(changed(GOOD, inputs={"asic.perf_per_watt_gain": [4, 2]}),
                 "claims.ppw.inputs.asic.perf_per_watt_gain", "asic.perf_per_watt_gain",
                 "must be a number or a range [low, high] with low < high; got [4, 2]",
                 id="reversed-range"),
    pytest.param(changed(POWER, metric="gpu_carbon_tonnes_per_year"), "claims.bill.metric",
                 "metric:", "the model cannot compute 'gpu_carbon_tonnes_per_year'; did you mean"
                 " 'gpu_tco_usd_per_year'?", id="metric-model-cannot-compute"),
    pytest.param(changed(GOOD, inputs={"gpu.utilization": 1.5}),
                 "claims.ppw.inputs.gpu.utilization", "gpu.utilization",
                 "must be a fraction in (0, 1]; got 1.5", id="outside-domain"),
    pytest.param(changed(GOOD, inputs={"asic.nre_usd": 0}), "claims.ppw.inputs.asic.nre_usd",
                 "asic.nre_usd", "a claimed 0 cannot be discounted (a haircut scales the claim);"
                 " write the value the claim implies", id="zero-input-claim"),
    pytest.param(changed(GOOD, inputs={"asic.chips_per_node": 8}),
                 "claims.ppw.inputs.asic.chips_per_node", "asic.chips_per_node",
                 "is a count fixed by the design, not a performance claim to stress",
                 id="count-input-claim"),
    pytest.param(changed(GOOD, inputs={"gpu.nodes": 7}), "claims.ppw.inputs.gpu.nodes",
                 "gpu.nodes", "unknown input; a fleet size belongs to a claim about an output"
                 " (with metric:)", id="fleet-in-input-claim"),
    pytest.param(changed(GOOD, inputs={"horizon_months": 24}),
                 "claims.ppw.inputs.horizon_months", "horizon_months",
                 "claims use the scenario's horizon", id="horizon"),
    pytest.param(changed(GOOD, inputs={}), "claims.ppw.inputs", "inputs:",
                 "must map input paths to values, e.g. {asic.perf_per_watt_gain: 4}; got {}",
                 id="empty-inputs"),
    pytest.param(changed(GOOD, inputs=None), "claims.ppw", "- id: ppw",
                 "missing 'inputs:', the input values the claim asserts (or 'metric:' and"
                 " 'value:' for a claim about an output)", id="no-inputs"),
    pytest.param(changed(GOOD, id=None), "claims[1]", "words:",
                 "missing 'id:' (every claim has an id, its words and its source)",
                 id="missing-id"),
    pytest.param(changed(GOOD, id="4x claim"), "claims[1].id", "id:",
                 "must be a plain name (letters, digits, - _ .); got '4x claim'", id="bad-id"),
    pytest.param(changed(GOOD, words=""), "claims.ppw.words", "words:", "must be text; got ''",
                 id="empty-words"),
    pytest.param(changed(GOOD, claimed=4), "claims.ppw.claimed", "claimed:",
                 "unknown key; known keys: id, words, source, note, option, inputs, metric, value,"
                 " tolerance", id="unknown-key"),
    pytest.param(changed(GOOD, value=4), "claims.ppw.value", "value:",
                 "'value:' belongs to a claim about an output; add 'metric:' or remove it",
                 id="value-without-metric"),
    pytest.param(changed(POWER, value=None), "claims.bill", "- id: bill",
                 "missing 'value:', the gpu_power_usd_per_year the claim states",
                 id="metric-without-value"),
    pytest.param(changed(POWER, value="a lot"), "claims.bill.value", "value:",
                 "must be a number or a range [low, high] with low < high; got 'a lot'",
                 id="non-numeric-value"),
    pytest.param(changed(POWER, value=-5), "claims.bill.value", "value:",
                 "gpu_power_usd_per_year is positive; got -5", id="negative-metric"),
    pytest.param(changed(POWER, value=[2e5, 3e5], tolerance=0.2), "claims.bill.tolerance",
                 "tolerance:", "applies to a single value; a range is its own tolerance",
                 id="tolerance-with-range"),
    pytest.param(changed(POWER, tolerance=1.5), "claims.bill.tolerance", "tolerance:",
                 "must be a fraction in [0, 1) (0.1 is ±10%); got 1.5", id="tolerance-range"),
    pytest.param(changed(POWER, inputs={"gpu.nodes": 7, "gpu.chips": 28}), "claims.bill.inputs",
                 "inputs:", "state gpu.nodes or gpu.chips, not both", id="two-fleet-sizes"),
    pytest.param(changed(POWER, inputs={"gpu.nodes": 6.5}), "claims.bill.inputs.gpu.nodes",
                 "gpu.nodes", "must be a whole number of at least 1; got 6.5",
                 id="fractional-fleet"),
    pytest.param(changed(POWER, metric="crossover_inferences_per_day", value=2e7,
                         inputs={"workload.inferences_per_day": 5e7}),
                 "claims.bill.inputs.workload.inferences_per_day", "workload.inferences_per_day",
                 "is what crossover_inferences_per_day solves for; leave it out",
                 id="metric-solves-stated"),
]


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(("claim", "key", "line_fragment", "message"), CASES)
def test_bad_claim_in_a_claims_file_is_one_clear_line(
        tmp_path: Path, write_priors, claim: dict, key: str, line_fragment: str,
        message: str) -> None:
    claims = tmp_path / "claims.yaml"
    text = claims_text(GOOD | {"id": "fine"}, claim)
    claims.write_text(text)
    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["stress", str(write_priors()), "--claims", str(claims),
                                       "--out", str(out)])
    assert result.exit_code == 2, result.output
    # The bad claim comes second: its line is searched from the second item on.
    second = [i for i, row in enumerate(text.splitlines()) if row.startswith("- ")][1]
    line = second + line_of("\n".join(text.splitlines()[second:]), line_fragment)
    assert result.stderr == f"error: {claims}:{line}: {key}: {message}\n"
    assert result.stdout == ""
    assert not out.exists()


def test_bad_claim_in_a_priors_file_stops_the_run(tmp_path: Path, write_priors) -> None:
    priors = write_priors(extra={"claims": [changed(GOOD, inputs={"asic.perf_per_wat": 4})]})
    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["run", str(priors), "--out", str(out)])
    assert result.exit_code == 2
    line = line_of(priors.read_text(), "asic.perf_per_wat")
    assert result.stderr == (f"error: {priors}:{line}: claims.ppw.inputs.asic.perf_per_wat:"
                             " unknown input; did you mean 'asic.perf_per_watt_gain'?\n")
    assert not out.exists()


def test_an_id_in_both_files_is_named_with_the_first_place(tmp_path: Path,
                                                           write_priors) -> None:
    priors = write_priors(extra={"claims": [GOOD]})
    claims = tmp_path / "claims.yaml"
    claims.write_text(claims_text(GOOD))
    result = CliRunner().invoke(main, ["stress", str(priors), "--claims", str(claims)])
    assert result.exit_code == 2
    first = line_of(priors.read_text(), "- id: ppw")
    assert result.stderr == (f"error: {claims}:2: claims.ppw.id: is also the id of the claim at"
                             f" {priors}:{first}; ids must be unique\n")


@pytest.mark.parametrize(("text", "line", "message"), [
    ("description: nothing\n", None, "has no 'claims:' list"),
    ("claim: []\n", 1, "claim: unknown key; did you mean 'claims'?"),
    ("claims: {ppw: 4}\n", 1, "claims: must be a list of claims, each starting with '- id: ...';"
                              " got {'ppw': 4}"),
    ("claims:\n  - 4\n", 2, "claims[0]: must be a mapping with id, words, source and inputs;"
                            " got 4"),
])
def test_bad_claims_file_shape(tmp_path: Path, write_priors, text: str, line: int | None,
                               message: str) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text(text)
    result = CliRunner().invoke(main, ["stress", str(write_priors()), "--claims", str(claims)])
    assert result.exit_code == 2
    where = str(claims) if line is None else f"{claims}:{line}"
    assert result.stderr == f"error: {where}: {message}\n"


def test_stress_without_any_claim_says_where_to_put_them(tmp_path: Path, write_priors) -> None:
    priors = write_priors()
    result = CliRunner().invoke(main, ["stress", str(priors), "--out", str(tmp_path / "r")])
    assert result.exit_code == 2
    assert result.stderr == (f"error: {priors}: has no claims: section; add one or pass --claims"
                             " FILE (e.g. priors/claims/seed-claims.yaml)\n")


@pytest.mark.parametrize("name", list(METRICS))
def test_a_metric_depends_on_no_input_outside_its_uses(name: str, write_priors) -> None:
    from decision.claims.metrics import StatedInputs
    from decision.model.conditional import ConditionalSavings
    from decision.model.sampling import draw_inputs

    scenario = load_scenario(write_priors({"gpu.utilization": {"ci90": [0.3, 0.6]}}, draws=50))
    model = ConditionalSavings.from_draws(scenario, draw_inputs(scenario), seed=scenario.seed)
    metric = METRICS[name]
    assert set(metric.uses) <= set(BY_PATH)
    base = metric.compute(StatedInputs(model, {}))
    assert base.shape == (model.draws,)
    unused = [path for path in BY_PATH if path not in metric.uses and path != "horizon_months"
              and path not in FIXED_COUNTS]
    for path in unused:
        moved = ConditionalSavings(scenario, model.values | {path: model.values[path] * 1.5 + 0.1},
                                   model.normals, model.quantiles, seed=model.seed)
        np.testing.assert_array_equal(metric.compute(StatedInputs(moved, {})), base,
                                      err_msg=path)


def test_a_priors_file_keeps_its_claims_in_order(write_priors) -> None:
    priors = write_priors(extra={"claims": [GOOD, POWER]})
    scenario = load_scenario(priors)
    assert [(c.id, c.kind) for c in scenario.claims] == [("ppw", "input"), ("bill", "output")]
    assert scenario.claims[1].claimed_interval == pytest.approx((252_000, 308_000))
    assert scenario.claims[0].origin == f"{priors}:{line_of(priors.read_text(), '- id: ppw')}"


SEEDS = Path(__file__).parents[3] / "shared" / "seeds"


def test_seed_claims_quote_their_seed_files() -> None:
    claims = load_claims("priors/claims/seed-claims.yaml")
    assert len(claims) >= 10
    assert {c.kind for c in claims} == {"input", "output"}
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds/ is not beside this checkout")
    texts = {path.name: " ".join(path.read_text().split()) for path in SEEDS.glob("*.txt")}
    for claim in claims:
        seed = next(name for name in texts if name in claim.source)
        words = " ".join(claim.words.split())
        assert words in texts[seed].replace("’", "'"), claim.id


def test_validate_lists_the_claims() -> None:
    result = CliRunner().invoke(main, ["validate", "priors/vendor-claim.yaml"])
    assert result.exit_code == 0, result.output
    assert "claim vendor-perf-per-watt about asic.perf_per_watt_gain (priors/vendor-claim.yaml:"\
        in result.stdout
    assert "claim vendor-power-bill about gpu_power_usd_per_year" in result.stdout
