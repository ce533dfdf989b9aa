"""Real NUTS runs (marked slow; CI runs them): conjugate posteriors in closed form, the decision
moving the right way, and ``decide run`` with evidence as users run it."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
import yaml
from click.testing import CliRunner
from scipy import stats

from cli import EXIT_NOT_CONVERGED, main
from decision.evidence.posterior import fit_evidence
from decision.scenario.priors_file import load_scenario
from tests.conftest import WORKED, nest

pytestmark = pytest.mark.slow

NUTS = {"chains": 2, "tune": 500, "draws": 1000}


def scenario_file(tmp_path: Path, inputs: dict, evidence: dict, *, nuts: dict = NUTS,
                  name: str = "evidence", draws: int = 4000) -> Path:
    document = {"schema_version": 1, "name": name,
                "sampling": {"draws": draws, "seed": 7, "nuts": nuts},
                **nest(WORKED | inputs)}
    if evidence:
        document["evidence"] = evidence
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def within_mc_error(draws: np.ndarray, expected_mean: float, expected_sd: float) -> None:
    """Mean within 4 Monte Carlo standard errors, sd within 8%."""
    ess = draws.size / 2  # conservative: NUTS on these models mixes far better than this
    assert abs(draws.mean() - expected_mean) < 4 * expected_sd / math.sqrt(ess)
    assert draws.std() == pytest.approx(expected_sd, rel=0.08)


def test_normal_prior_normal_data_known_noise(tmp_path: Path) -> None:
    observed = [0.081, 0.085, 0.092]
    path = scenario_file(
        tmp_path, {"facility.power_price_usd_per_kwh": {"dist": "Normal",
                                                        "kwargs": {"mu": 0.09, "sigma": 0.01}}},
        {"facility.power_price_usd_per_kwh": {"observed": observed, "likelihood": "Normal",
                                              "sigma": 0.01}})
    fit = fit_evidence(load_scenario(path), seed=1)
    precision = 1 / 0.01**2 + len(observed) / 0.01**2
    mean = (0.09 / 0.01**2 + sum(observed) / 0.01**2) / precision
    draws = fit.tree["posterior"].dataset["facility.power_price_usd_per_kwh"].values.ravel()
    within_mc_error(draws, mean, 1 / math.sqrt(precision))
    assert fit.diagnostics.converged


def test_gamma_rate_with_censored_change_history(tmp_path: Path) -> None:
    """Exponential time to change, rate ~ Gamma(2, 24); changes after 5, 9 and 14 months and
    a model 8 months old: rate | data ~ Gamma(2 + 3, 24 + 36), remaining ~ Lomax(5, 60)."""
    path = scenario_file(
        tmp_path, {"asic.model_freeze_months": {"ci90": [6, 48]}},
        {"asic.model_freeze_months": {
            "change_intervals_months": [5, 9, 14], "months_since_last_change": 8,
            "model": "Exponential", "rate": {"dist": "Gamma", "kwargs": {"alpha": 2, "beta": 24}}}})
    scenario = load_scenario(path)
    fit = fit_evidence(scenario, seed=2)
    rate = fit.tree["posterior"].dataset["asic.model_freeze_months.rate"].values.ravel()
    posterior = stats.gamma(5, scale=1 / 60)
    within_mc_error(rate, posterior.mean(), posterior.std())
    u = np.array([0.1, 0.25, 0.5, 0.75, 0.9])
    np.testing.assert_allclose(fit.quantiles["asic.model_freeze_months"](u),
                               stats.lomax(5, scale=60).ppf(u), rtol=0.06)


def test_vendor_claim_through_lognormal_inflation(tmp_path: Path) -> None:
    """log gain ~ N(log 3, 0.4), log claimed = log gain + log inflation, log inflation ~
    N(log 1.5, 0.3): a normal-normal update of log gain (wrong if the Jacobian were)."""
    path = scenario_file(
        tmp_path, {"asic.perf_per_watt_gain": {"dist": "LogNormal",
                                               "kwargs": {"mu": math.log(3), "sigma": 0.4}}},
        {"asic.perf_per_watt_gain": {"claimed": 4.0, "inflation": {
            "dist": "LogNormal", "kwargs": {"mu": math.log(1.5), "sigma": 0.3}}}})
    fit = fit_evidence(load_scenario(path), seed=3)
    precision = 1 / 0.4**2 + 1 / 0.3**2
    mean = (math.log(3) / 0.4**2 + math.log(4 / 1.5) / 0.3**2) / precision
    gain = fit.tree["posterior"].dataset["asic.perf_per_watt_gain"].values.ravel()
    within_mc_error(np.log(gain), mean, 1 / math.sqrt(precision))
    inflation = fit.tree["posterior"].dataset["asic.perf_per_watt_gain.inflation"].values.ravel()
    np.testing.assert_allclose(inflation, 4.0 / gain)


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["run", *args])
    return result.exit_code, result.stdout, result.stderr


UTILISATION = {"gpu.utilization": {"dist": "Beta", "ci90": [0.3, 0.55]},
               "asic.model_freeze_months": {"ci90": [6, 48]}}
HIGH_UTILISATION = {"gpu.utilization": {"observed": [0.8, 0.82, 0.85, 0.79], "likelihood": "Beta",
                                        "concentration": {"dist": "Gamma",
                                                          "kwargs": {"alpha": 2, "beta": 0.05}}}}


def test_high_measured_utilisation_lowers_gpu_cost(tmp_path: Path) -> None:
    """Same draws, same seed: the GPU option gets cheaper and the ASIC's case weaker; the
    evidence run's 'priors alone' decision is exactly the run without evidence."""
    out = tmp_path / "results"
    plain = scenario_file(tmp_path, UTILISATION, {}, name="plain")
    measured = scenario_file(tmp_path, UTILISATION, HIGH_UTILISATION, name="measured")
    assert run_cli(str(plain), "--out", str(out))[0] == 0
    assert run_cli(str(measured), "--out", str(out))[0] == 0
    before = json.loads((out / "plain" / "summary.json").read_text())
    after = json.loads((out / "measured" / "summary.json").read_text())
    assert after["tco_usd"]["gpu"]["mean"] < 0.9 * before["tco_usd"]["gpu"]["mean"]
    assert after["savings_usd"]["mean"] < before["savings_usd"]["mean"]
    prior_decision = after["evidence"]["prior_decision"]
    assert prior_decision["p_asic_cheaper"] == before["p_asic_cheaper"]
    assert prior_decision["savings_usd"] == before["savings_usd"]
    prior = after["evidence"]["inputs"]["gpu.utilization"]["prior"]
    assert after["posterior"]["gpu.utilization"]["p50"] > prior["p95"]


@pytest.fixture(scope="module")
def evidence_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("evidence")
    evidence = HIGH_UTILISATION | {"asic.model_freeze_months": {
        "change_intervals_months": [5, 9, 14], "months_since_last_change": 8}}
    path = scenario_file(folder, UTILISATION, evidence)
    out = folder / "results"
    code, stdout, stderr = run_cli(str(path), "--out", str(out), "--strict")
    assert code == 0, stderr
    return path, out / "evidence", stdout


def test_summary_has_the_posterior_and_its_diagnostics(evidence_run) -> None:
    _, folder, stdout = evidence_run
    summary = json.loads((folder / "summary.json").read_text())
    assert list(summary["posterior"]) == ["gpu.utilization", "asic.model_freeze_months"]
    for stats_ in summary["posterior"].values():
        assert {"mean", "sd", "p05", "p95", "r_hat", "ess_bulk"} <= set(stats_)
        assert stats_["r_hat"] < 1.01
    diagnostics = summary["evidence"]["diagnostics"]
    assert diagnostics["converged"] and diagnostics["divergences"] == 0
    assert summary["evidence"]["sampler"]["chains"] == 2
    assert "Evidence on 2 inputs" in stdout and "NUTS converged" in stdout


def test_posterior_reopens_as_a_datatree(evidence_run) -> None:
    _, folder, _ = evidence_run
    tree = xr.open_datatree(folder / "posterior.nc")
    assert {"posterior", "sample_stats", "observed_data", "posterior_predictive", "prior"} <= set(
        tree.children)
    posterior = tree["posterior"].dataset
    assert posterior["gpu.utilization"].dims == ("chain", "draw")
    assert posterior.sizes == {"chain": 2, "draw": 1000}
    remaining = tree["posterior_predictive"].dataset["asic.model_freeze_months"].values
    assert remaining.shape == (2, 1000) and (remaining > 0).all()
    draws = xr.open_dataset(folder / "draws.nc")
    assert draws["gpu.utilization"].attrs["evidence"] == "measurements"


def test_report_says_how_the_decision_moved(evidence_run) -> None:
    _, folder, _ = evidence_run
    report = (folder / "report.md").read_text()
    assert "## What the evidence changed" in report
    assert "The evidence moved P(ASIC cheaper) from" in report
    assert "converged: largest R-hat" in report
    for name in ("prior_posterior", "evidence_effect"):
        assert (folder / "figures" / f"{name}.png").stat().st_size > 10_000
        assert f"figures/{name}.png" in report


def test_same_seed_same_summary(evidence_run, tmp_path: Path) -> None:
    path, folder, _ = evidence_run
    assert run_cli(str(path), "--out", str(tmp_path))[0] == 0
    assert (tmp_path / "evidence" / "summary.json").read_bytes() == (
        folder / "summary.json").read_bytes()


def test_unconverged_chains_warn_and_fail_under_strict(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, UTILISATION, HIGH_UTILISATION,
                         nuts={"chains": 2, "tune": 5, "draws": 20})
    out = tmp_path / "results"
    code, _, stderr = run_cli(str(path), "--out", str(out))
    assert code == 0
    assert stderr.startswith("warning: the NUTS chains did not converge (")
    report = (out / "evidence" / "report.md").read_text()
    assert "**Warning: NUTS" in report and "did not converge" in report
    code, _, stderr = run_cli(str(path), "--out", str(out), "--strict")
    assert code == EXIT_NOT_CONVERGED
    assert "bulk ESS" in stderr


@pytest.mark.parametrize("name", ["team", "vendor-claim"])
def test_shipped_evidence_converges_with_default_settings(name: str, tmp_path: Path) -> None:
    """The shipped examples as users run them (full NUTS settings, fewer Monte Carlo draws)."""
    priors = Path(__file__).parents[2] / "priors" / f"{name}.yaml"
    code, stdout, stderr = run_cli(str(priors), "--draws", "5000", "--out", str(tmp_path),
                                   "--strict")
    assert code == 0, stderr
    assert "NUTS converged" in stdout
    summary = json.loads((tmp_path / name / "summary.json").read_text())
    assert set(summary["posterior"]) == set(load_scenario(priors).evidence)
