"""Inputs that used to crash or hang (issue: nothing a user types makes decide crash, hang or
lie): each is now one line naming file, line and key."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli import main
from decision.errors import PriorsError
from decision.scenario.priors_file import load_scenario

PRIORS = Path(__file__).parents[2] / "priors"

TEAM = (Path(__file__).parents[2] / "priors" / "team.yaml").read_text()
HUGE = "1" + "0" * 400  # an integer no float can hold
NETWORK = """  network_per_node_usd:
    dist: Uniform
    kwargs: {lower: 1.5e+4, upper: 2.5e+4}
    source: "seed 000: NVLink switch $15–25K per node\""""
LEAD = '  lead_time_months: {dist: LogNormal, ci90: [6, 18], source: "seed 000: custom silicon' \
       ' takes 6–18 months"}'
DISCOUNT = '  discount_rate: {value: 0.08, source: "finance partner\'s hurdle rate"}'
SAMPLING = "sampling: {draws: 100000, seed: 20261122, nuts: {target_accept: 0.95}}"
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(8))

CASES = [
    ("a distribution name that is a list", NETWORK, "  network_per_node_usd: {dist: []}",
     ":45: gpu.network_per_node_usd.dist: distribution [] is not supported"),
    ("a distribution name in a list", NETWORK, "  network_per_node_usd: {dist: ['Normal']}",
     "gpu.network_per_node_usd.dist: distribution ['Normal'] is not supported"),
    ("an integer too large for a float", LEAD, f"  lead_time_months: {HUGE}",
     "asic.lead_time_months: must be a finite number"),
    ("an infinite number", LEAD, "  lead_time_months: .inf",
     "asic.lead_time_months: must be a finite number"),
    ("a ci90 whose solve overflows", DISCOUNT,
     "  discount_rate: {dist: Gamma, ci90: [1e-300, 1e300]}",
     "finance.discount_rate.ci90: ci90 cannot be solved for Gamma"),
    ("a ci90 up to 1e308", "    ci90: [0.07, 0.11]", "    ci90: [0.07, 1e308]",
     "facility.power_price_usd_per_kwh.ci90: LogNormal with these values has no finite"),
    ("an observation too large for a float", "    observed: [0.081, 0.085, 0.092]",
     f"    observed: [{HUGE}]", "evidence.facility.power_price_usd_per_kwh.observed[0]: must"
                               " be a finite number"),
    ("a correlation naming a nested list",
     "  - {inputs: [asic.node_price_usd, asic.throughput_ratio], rank: 0.4}",
     "  - {inputs: [[asic.model_freeze_months], asic.perf_per_watt_gain], rank: 0.4}",
     "correlations: inputs must name two different inputs"),
    ("a NUTS tune too large for a float", SAMPLING,
     f"sampling: {{draws: 100000, seed: 1, nuts: {{tune: {HUGE}}}}}",
     "sampling.nuts.tune: must be a finite number"),
    ("a likelihood that is a list", "    likelihood: Beta", "    likelihood: [1, 2]",
     "evidence.gpu.utilization.likelihood: likelihood [1, 2] is not supported"),
    ("a change model that is a list", "    model: Weibull", "    model: [Weibull]",
     "evidence.asic.model_freeze_months.model:"),
    ("a NUL byte", "schema_version: 1", "schema_version: 1\x00",
     "not readable as YAML: unacceptable character #x0000"),
    ("a flow list nested 500 deep", "schema_version: 1",
     "schema_version: 1\nx: " + "[" * 500 + "]" * 500, "nesting is deeper than 20 levels"),
    ("a billion laughs under an unknown key", "schema_version: 1",
     "schema_version: 1\nlaughs:\n" + "".join(f"  {line}\n" for line in LAUGHS.splitlines()),
     "expands to more than 100,000 values"),
]


@pytest.mark.parametrize(("old", "new", "message"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_hostile_input_is_one_line_naming_the_key(tmp_path: Path, old: str, new: str,
                                                  message: str) -> None:
    assert old in TEAM
    path = tmp_path / "team.yaml"
    path.write_text(TEAM.replace(old, new, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing from NumPy or SciPy on the way
        with pytest.raises(PriorsError) as caught:
            load_scenario(path)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(TEAM + ("# " + "x" * 98 + "\n") * 12_000)
    with pytest.raises(PriorsError, match="characters; the limit is 1,000,000"):
        load_scenario(path)


def test_a_claim_metric_given_as_a_list_is_one_line(tmp_path: Path) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text("claims:\n  - {id: c1, words: w, source: s, metric: [gpu_chips],"
                      " value: 3}\n")
    result = CliRunner().invoke(main, ["stress", "priors/team.yaml", "--claims", str(claims),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "claims.c1.metric: the model cannot compute ['gpu_chips']" in result.output
    assert result.output.count("\n") == 1


@pytest.mark.parametrize("name", ["../../evil", "/etc/x", "a/b", ".hidden", "a" * 101])
def test_a_name_cannot_leave_the_results_folder(tmp_path: Path, name: str) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(TEAM.replace("name: team\n", f"name: {name!r}\n", 1))
    with pytest.raises(PriorsError, match="name: must be a plain name of at most 100"):
        load_scenario(path)


def test_out_naming_a_file_is_one_line(tmp_path: Path) -> None:
    file = tmp_path / "a_file"
    file.write_text("")
    result = CliRunner().invoke(main, ["run", "priors/team.yaml", "--out", str(file)])
    assert result.exit_code == 2 and "is a file" in result.output


def test_an_absurd_horizon_or_draw_count_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(TEAM.replace("horizon_months: 60\n", "horizon_months: 100000\n", 1))
    with pytest.raises(PriorsError, match="horizon_months: must be at most 600 months"):
        load_scenario(path)
    path.write_text(TEAM.replace("draws: 100000,", "draws: 2000000,", 1))
    with pytest.raises(PriorsError, match="sampling.draws: 2,000,000 draws x 60 months is more"):
        load_scenario(path)
    result = CliRunner().invoke(main, ["run", "priors/team.yaml", "--draws", "2000000",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 2 and "--draws: 2,000,000 draws" in result.output
    assert not (tmp_path / "team").exists()


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  redundancy: {value: 0.1, source: \"team N+1 policy\"}", "  redundancy: 1e308",
     "gpu.redundancy: must be between 1e-12 and 1e+15 in size; got 1e+308: check the unit"),
    ("  inferences_per_day: {value: 5.0e+7, source: \"seed 000: 50M inferences per day\"}",
     "  inferences_per_day: {ci90: [100, 1e300]}",
     "workload.inferences_per_day.ci90: LogNormal with these values draws numbers that are not"
     " between 1e-12 and 1e+15"),
])
def test_numbers_that_would_overflow_the_costs_are_refused(tmp_path: Path, old: str, new: str,
                                                           message: str) -> None:
    assert old in TEAM
    path = tmp_path / "team.yaml"
    path.write_text(TEAM.replace(old, new, 1))
    with pytest.raises(PriorsError, match=message.replace("(", r"\(").replace("+", r"\+")):
        load_scenario(path)


def test_a_claimed_value_too_large_for_the_costs_is_one_line(tmp_path) -> None:
    """Found by fuzzing claims files: a stated 1e308 overflowed the replay with warnings."""
    from decision.claims.spec import load_claims

    claims = yaml.safe_load((PRIORS / "claims" / "seed-claims.yaml").read_text())
    claims["claims"][6]["inputs"]["gpu.node_power_kw"] = 1e308
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump(claims))
    with pytest.raises(PriorsError) as caught:
        load_claims(path)
    assert caught.value.key.endswith("inputs.gpu.node_power_kw")
    assert "between 1e-12 and 1e+15 in size" in caught.value.message


@pytest.mark.parametrize(("folder", "name", "old", "new", "key"), [
    ("", "merchant-asic.yaml", "schema_version: 1", "schema_version: true", "schema_version"),
    ("models", "llama-3-8b.yaml", "title: Llama 3 8B", "title: [Llama]", "title"),
    ("models", "llama-3-8b.yaml", "Hugging Face (2024);", "Hugging Face;", "source"),
    ("platforms", "h100-sxm.yaml", "{value: 80, source", "{value: 1.0e+308, source",
     "specs.memory_gb.value"),
    ("platforms", "h100-sxm.yaml", "schema_version: 1", "schema_version: 1\nnote: [x]", "note"),
    ("benchmarks", "mlperf-inference.yaml",
     'source: "mlcommons/inference_results_v4.1 closed/NVIDIA/results/H200',
     'source: "mlcommons closed/NVIDIA/results/H200', "results[0].source"),
])
def test_accepted_mutations_that_passed_garbage_through_are_refused(
        tmp_path: Path, folder: str, name: str, old: str, new: str, key: str) -> None:
    """Found by reviewing what the fuzz campaign accepted: ``schema_version: true`` (true ==
    1), a title or note that is not text, a sheet figure of 1e308, a model or benchmark source
    without its year."""
    from decision.performance.benchmarks import load_benchmarks
    from decision.performance.shapes import load_model
    from decision.platforms.sheet import load_platform

    text = (PRIORS / folder / name).read_text()
    assert old in text
    path = tmp_path / name
    changed = text.replace(old, new, 1)
    if folder == "benchmarks":  # the year is in the rest of the source: cut it too
        changed = changed.replace("(2024): 31302.7", ": 31302.7", 1)
    path.write_text(changed)
    use = {"": load_scenario, "models": load_model, "platforms": load_platform,
           "benchmarks": load_benchmarks}[folder]
    with pytest.raises(PriorsError) as caught:
        use(path)
    assert caught.value.key == key, str(caught.value)


def test_a_claims_file_given_as_priors_says_what_it_is() -> None:
    """It said `horizon_months: missing required input`, which misleads."""
    result = CliRunner().invoke(main, ["validate", str(PRIORS / "claims" / "seed-claims.yaml")])
    assert result.exit_code == 2
    assert "this is a claims file, not a priors file" in result.stderr
    assert "decide stress PRIORS_FILE --claims" in result.stderr


SHIPPED = (PRIORS / "merchant-asic.yaml").read_text()


@pytest.mark.parametrize(("text", "key"), [
    ("schema_version: 1\nname: bad\nhorizon_months: 60\ngpu:\n  utilisation: 0.4\n",
     "gpu.utilisation"),
    # Every prior is checked as written before the first is fitted, so a reversed interval in
    # the file's last input is found as fast as a misspelt key.
    (SHIPPED.replace("rack_usd_per_month: {ci90: [1500, 3500]}",
                     "rack_usd_per_month: {ci90: [3500, 1500]}"),
     "facility.rack_usd_per_month.ci90"),
    # So are the evidence and the claims, read after every prior in the file.
    ((PRIORS / "team.yaml").read_text().replace("    likelihood: Beta", "    likelihod: Beta"),
     "evidence.gpu.utilization.likelihod"),
    ((PRIORS / "vendor-claim.yaml").read_text().replace("asic.perf_per_watt_gain: 4.0",
                                                        "asic.perf_per_wat_gain: 4.0"),
     "claims.vendor-perf-per-watt.inputs.asic.perf_per_wat_gain"),
    # And the studies and waits.
    (SHIPPED.replace("cost_per_unit_usd: 2083", "cost_per_unit: 2083"),
     "studies.throughput_pilot.cost_per_unit"),
    (SHIPPED.replace("  months: [3, 6, 12]", "  months: [3, 6, 60]"),
     "waiting.months"),
])
def test_a_mistake_is_reported_before_scipys_distributions_are_imported(
        tmp_path: Path, text: str, key: str) -> None:
    """Reading a file imports SciPy's distributions only when a prior is fitted, so a file
    whose mistake is in its structure or in how a prior is written fails within the import of
    the command line itself."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    probe = ("import sys\nfrom decision.errors import PriorsError\n"
             "from decision.scenario.priors_file import load_scenario\n"
             f"try:\n    load_scenario({str(bad)!r})\nexcept PriorsError as exc:\n"
             "    print(exc)\nprint('scipy.stats' in sys.modules, 'xarray' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert key in out[0]
    assert out[-1] == "False False"
