"""The ``evidence:`` section as users write it: what it parses to, and every mistake as one line.

Nothing here samples: a bad evidence block must be rejected before PyMC is even imported.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli import main
from decision.evidence.spec import FREEZE_INPUT, NutsSettings
from decision.scenario.priors_file import load_scenario
from tests.conftest import WORKED, nest

UNCERTAIN = {
    "gpu.utilization": {"dist": "Beta", "ci90": [0.3, 0.55]},
    "facility.power_price_usd_per_kwh": {"ci90": [0.07, 0.11]},
    "asic.perf_per_watt_gain": {"dist": "LogNormal", "ci90": [2.0, 5.0]},
    "asic.model_freeze_months": {"ci90": [6, 48]},
}
BASE = yaml.safe_dump({"schema_version": 1, **nest(WORKED | UNCERTAIN)}, sort_keys=False)

GOOD = """evidence:
  facility.power_price_usd_per_kwh:
    observed: [0.081, 0.085, 0.092]
    likelihood: Normal
    sigma: 0.01
    source: "last three power bills"
  gpu.utilization:
    observed: [0.41, 0.38, 0.45, 0.52, 0.36]
    likelihood: Beta
    concentration: {dist: Gamma, kwargs: {alpha: 2, beta: 0.05}}
  asic.model_freeze_months:
    change_intervals_months: [5, 9, 14]
    months_since_last_change: 8
    model: Weibull
  asic.perf_per_watt_gain:
    claimed: 4.0
    inflation: {dist: LogNormal, ci90: [1.0, 2.5]}
    observed: [2.1, 2.8]
    likelihood: LogNormal
    sigma: 0.15
"""


def test_the_issue_example_parses(tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(BASE + GOOD)
    evidence = load_scenario(path).evidence
    assert list(evidence) == ["facility.power_price_usd_per_kwh", "gpu.utilization",
                              FREEZE_INPUT, "asic.perf_per_watt_gain"]
    price = evidence["facility.power_price_usd_per_kwh"]
    assert price.measurements.observed == (0.081, 0.085, 0.092)
    assert (price.measurements.noise.value, price.measurements.noise.prior) == (0.01, None)
    assert price.source == "last three power bills"
    assert price.kind == "measurements"
    utilisation = evidence["gpu.utilization"].measurements
    assert utilisation.likelihood == "Beta"
    assert utilisation.noise.prior.dist == "Gamma"
    assert dict(utilisation.noise.prior.kwargs) == {"alpha": 2.0, "beta": 0.05}
    history = evidence[FREEZE_INPUT].history
    assert history.intervals_months == (5.0, 9.0, 14.0)
    assert history.months_since_last_change == 8.0
    assert [p.name for p in history.parameters] == ["shape", "scale"]
    assert evidence[FREEZE_INPUT].kind == "change history"
    gain = evidence["asic.perf_per_watt_gain"]
    assert gain.kind == "measurements and vendor claim"
    assert gain.claim.claimed == 4.0
    assert gain.claim.inflation.ppf([0.05, 0.95]) == pytest.approx([1.0, 2.5], rel=1e-9)
    assert [p.name for p in gain.parameters] == ["sigma", "inflation"]


def test_defaults_likelihood_from_the_domain_and_priors_for_the_change_model(
        tmp_path: Path) -> None:
    path = tmp_path / "defaults.yaml"
    path.write_text(BASE + "evidence:\n  gpu.utilization: {observed: [0.4], concentration: 30}\n"
                    f"  {FREEZE_INPUT}:\n    change_intervals_months: [12]\n"
                    "    months_since_last_change: 3\n    model: Exponential\n")
    scenario = load_scenario(path)
    assert scenario.evidence["gpu.utilization"].measurements.likelihood == "Beta"
    (rate,) = scenario.evidence[FREEZE_INPUT].history.parameters
    assert rate.name == "rate"
    assert rate.prior.dist == "Gamma"
    assert float(rate.prior.ppf(0.5)) == pytest.approx(math.log(2) / 12)
    assert scenario.nuts == NutsSettings()


def test_nuts_settings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "nuts.yaml"
    path.write_text(BASE.replace("schema_version: 1", "schema_version: 1\nsampling:\n"
                                 "  nuts: {chains: 2, tune: 300, draws: 200, target_accept: 0.95}"))
    assert load_scenario(path).nuts == NutsSettings(2, 300, 200, 0.95)


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def case(evidence: str, key: str, line_fragment: str, message: str, name: str, *,
         base: str = BASE):
    text = base + evidence
    return pytest.param(text, key, line_of(text, line_fragment), message, id=name)


E = "evidence:\n  "
CASES = [
    case(E + "gpu.utilisation: {observed: [0.4], concentration: 30}\n",
         "evidence.gpu.utilisation", "utilisation",
         "unknown input; did you mean 'gpu.utilization'?", "unknown-input"),
    case(E + "gpu.utilization: {observed: [], concentration: 30}\n",
         "evidence.gpu.utilization.observed", "observed: []",
         "must be a non-empty list of numbers; got []", "empty-list"),
    case(E + "gpu.utilization: {observed: [0.4, 1.2], concentration: 30}\n",
         "evidence.gpu.utilization.observed", "observed",
         "item 2 (1.2) is outside the Beta likelihood's support (0, 1)", "outside-beta-support"),
    case(E + "asic.perf_per_watt_gain: {observed: [2.1, -1], likelihood: LogNormal, sigma: 0.1}\n",
         "evidence.asic.perf_per_watt_gain.observed", "observed",
         "item 2 (-1) is outside the LogNormal likelihood's support (0, inf)",
         "outside-lognormal-support"),
    case(E + "gpu.utilization: {observed: [high], concentration: 30}\n",
         "evidence.gpu.utilization.observed", "observed",
         "item 1 is not a number: 'high'", "not-a-number"),
    case(E + "asic.perf_per_watt_gain: {observed: [2.1], likelihood: Beta, concentration: 9}\n",
         "evidence.asic.perf_per_watt_gain.likelihood", "observed",
         "Beta fits fractions; asic.perf_per_watt_gain is in ratio: use LogNormal or Normal",
         "beta-for-a-ratio"),
    case(E + "gpu.utilization: {observed: [0.4], likelihood: Poisson}\n",
         "evidence.gpu.utilization.likelihood", "observed",
         "likelihood 'Poisson' is not supported; use one of Normal, LogNormal, Beta",
         "unknown-likelihood"),
    case(E + "facility.power_price_usd_per_kwh: {observed: [0.08], likelihood: Normal}\n",
         "evidence.facility.power_price_usd_per_kwh", "facility.power_price_usd_per_kwh: {",
         "a Normal likelihood needs 'sigma': the measurement noise: a number or a prior such as"
         " {dist: HalfNormal, kwargs: {sigma: 0.1}}", "missing-noise"),
    case(E + "gpu.utilization: {observed: [0.4], sigma: 0.1}\n",
         "evidence.gpu.utilization.sigma", "observed",
         "a Beta likelihood takes 'concentration', not 'sigma'", "wrong-noise"),
    case(E + "facility.power_price_usd_per_kwh:\n    observed: [0.08]\n    likelihood: Normal\n"
         "    sigma: {dist: Normal, kwargs: {mu: 0, sigma: 1}}\n",
         "evidence.facility.power_price_usd_per_kwh.sigma.dist", "sigma: {",
         "Normal puts 50% of its mass below 0, outside the input's domain (greater than 0);"
         " add lower: 0"
         " or pick a family that fits", "noise-prior-not-positive"),
    case(E + "facility.power_price_usd_per_kwh: {observed: [0.08], likelihood: Normal,"
         " sigma: -0.01}\n",
         "evidence.facility.power_price_usd_per_kwh.sigma", "observed",
         "must be a number > 0 or a prior {dist, kwargs}; got -0.01", "negative-noise"),
    case(E + "ops.gpu_fte: {observed: [1.0, 1.5], likelihood: Normal, sigma: 0.2}\n",
         "evidence.ops.gpu_fte", "ops.gpu_fte",
         "ops.gpu_fte is fixed in the file; evidence updates a prior, so write the input as a"
         " distribution, e.g. {ci90: [low, high]}", "fixed-input"),
    case(E + "gpu.chips_per_node: {observed: [8], likelihood: Normal, sigma: 1}\n",
         "evidence.gpu.chips_per_node", "chips_per_node: {observed",
         "is a fixed setting, not an uncertain input; evidence cannot update it", "count"),
    case(E + "gpu.utilization: {concentration: 30}\n",
         "evidence.gpu.utilization", "gpu.utilization: {",
         "needs 'observed: [...]' (measurements) or 'claimed:' with 'inflation:' (a vendor claim)",
         "nothing-observed"),
    case(E + "gpu.utilization: {observd: [0.4], concentration: 30}\n",
         "evidence.gpu.utilization.observd", "observd", "unknown key; did you mean 'observed'?",
         "unknown-key"),
    case(E + "asic.perf_per_watt_gain: {claimed: 4.0}\n",
         "evidence.asic.perf_per_watt_gain.claimed", "claimed",
         "'claimed' needs 'inflation': a claim is evidence only through an inflation factor"
         " (claimed ÷ realised) with its own prior", "claim-without-inflation"),
    case(E + "asic.perf_per_watt_gain: {claimed: 4.0, inflation: 1.5}\n",
         "evidence.asic.perf_per_watt_gain.inflation", "claimed",
         "must be a prior such as {dist: LogNormal, ci90: [1.0, 2.5]}; got 1.5",
         "inflation-not-a-prior"),
    case(E + "asic.perf_per_watt_gain: {claimed: four, inflation: {ci90: [1, 2]}}\n",
         "evidence.asic.perf_per_watt_gain.claimed", "claimed",
         "must be a positive number within the input's domain (greater than 0); got 'four'",
         "claim-not-a-number"),
    case(E + "gpu.utilization: {change_intervals_months: [5, 9], months_since_last_change: 2}\n",
         "evidence.gpu.utilization.change_intervals_months", "change_intervals",
         f"change history applies only to {FREEZE_INPUT} (or a custom option's"
         " model_freeze_months)", "history-wrong-input"),
    case(E + f"{FREEZE_INPUT}: {{change_intervals_months: [], months_since_last_change: 2}}\n",
         f"evidence.{FREEZE_INPUT}.change_intervals_months", "change_intervals",
         "must be a non-empty list of months between past changes; got []", "history-empty"),
    case(E + f"{FREEZE_INPUT}: {{change_intervals_months: [5], months_since_last_change: -1}}\n",
         f"evidence.{FREEZE_INPUT}.months_since_last_change", "change_intervals",
         "must be a number of months >= 0; got -1", "history-negative-elapsed"),
    case(E + f"{FREEZE_INPUT}: {{change_intervals_months: [5, 0], months_since_last_change: 1}}\n",
         f"evidence.{FREEZE_INPUT}.change_intervals_months", "change_intervals",
         "item 2 must be a number of months > 0; got 0", "history-zero-interval"),
    case(E + f"{FREEZE_INPUT}: {{change_intervals_months: [5], months_since_last_change: 1,"
         " model: Gompertz}\n",
         f"evidence.{FREEZE_INPUT}.model", "change_intervals",
         "model 'Gompertz' is not supported; use one of Weibull, Exponential", "history-model"),
    case(E + f"{FREEZE_INPUT}: {{change_intervals_months: [5], months_since_last_change: 1,"
         " rate: {dist: Gamma, kwargs: {alpha: 1, beta: 12}}}\n",
         f"evidence.{FREEZE_INPUT}.rate", "change_intervals",
         "a Weibull model takes shape, scale, not 'rate'", "history-wrong-parameter"),
    case(E + f"{FREEZE_INPUT}: {{change_intervals_months: [5]}}\n",
         f"evidence.{FREEZE_INPUT}", "change_intervals",
         "change history needs 'months_since_last_change'", "history-no-elapsed"),
    case(E + f"{FREEZE_INPUT}: {{change_intervals_months: [5], months_since_last_change: 1,"
         " observed: [3]}\n",
         f"evidence.{FREEZE_INPUT}.observed", "change_intervals",
         "change history stands alone; give measurements or claims of the freeze as its prior"
         " instead", "history-mixed"),
    case("evidence: [gpu.utilization]\n", "evidence", "evidence:",
         "must be a mapping of input path to its data, e.g. {gpu.utilization: {observed: [0.41,"
         " 0.38], ...}}", "evidence-not-a-mapping"),
    case("", "sampling.nuts.chains", "chains",
         "must be a whole number >= 2; got 1", "one-chain",
         base=BASE.replace("schema_version: 1", "schema_version: 1\nsampling:\n  nuts:\n"
                           "    chains: 1")),
]


@pytest.mark.parametrize(("text", "key", "line", "message"), CASES)
def test_bad_evidence_is_one_clear_line(tmp_path: Path, text: str, key: str, line: int,
                                        message: str) -> None:
    priors = tmp_path / "bad.yaml"
    priors.write_text(text)
    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["run", str(priors), "--out", str(out), "--draws", "100"])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {priors}:{line}: {key}: {message}\n"
    assert result.stdout == ""
    assert not out.exists()
