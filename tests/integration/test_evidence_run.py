"""``decide run`` with evidence, plumbing only: ``pm.sample`` is mocked with prior draws
(``pymc.testing.mock_sample``), so these are fast. Real NUTS: ``tests/evidence/test_nuts.py``."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import numpy as np
import pymc as pm
import pytest
import xarray as xr
from click.testing import CliRunner
from pymc.testing import mock_sample

from cli import EXIT_NOT_CONVERGED, main
from decision.command_line import check_convergence
from decision.report.schema.evidence import Diagnostics
from tests.evidence.test_spec import BASE, GOOD

pytestmark = pytest.mark.filterwarnings(
    "ignore:The effect of Potentials:UserWarning"  # mock_sample draws from the prior
)

SMALL = BASE.replace("schema_version: 1", "schema_version: 1\nname: evidence\nsampling:\n"
                     "  draws: 2000\n  nuts: {chains: 2, draws: 500}")


def mock_nuts(diverging: float) -> partial:
    return partial(mock_sample, sample_stats={"diverging": lambda size: np.full(size, diverging)})


def _mocked_run(monkeypatch: pytest.MonkeyPatch, folder: Path, diverging: float = 0.0,
                *args: str, command: str = "run"):
    monkeypatch.setattr(pm, "sample", mock_nuts(diverging))
    priors = folder / "evidence.yaml"
    priors.write_text(SMALL + GOOD)
    result = CliRunner().invoke(main, [command, str(priors), "--out", str(folder), *args])
    return result, folder / "evidence"


@pytest.fixture
def mocked_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    return partial(_mocked_run, monkeypatch, tmp_path)


@pytest.fixture(scope="module")
def converged_run(tmp_path_factory: pytest.TempPathFactory):
    """One run whose chains converged, for the tests that only read what it wrote."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        return _mocked_run(monkeypatch, tmp_path_factory.mktemp("converged"))


def test_summary_report_and_files(converged_run) -> None:
    result, folder = converged_run
    assert result.exit_code == 0, result.output
    summary = json.loads((folder / "summary.json").read_text())
    paths = ["facility.power_price_usd_per_kwh", "gpu.utilization", "asic.model_freeze_months",
             "asic.perf_per_watt_gain"]
    assert list(summary["posterior"]) == paths
    for stats in summary["posterior"].values():
        assert set(stats) == {"mean", "sd", "p05", "p50", "p95", "r_hat", "ess_bulk",
                              "mcse_mean"}
    evidence = summary["evidence"]
    assert list(evidence) == ["inputs", "sampler", "diagnostics", "prior_decision"]
    assert evidence["inputs"]["gpu.utilization"]["observed"] == [0.41, 0.38, 0.45, 0.52, 0.36]
    assert set(evidence["inputs"]["asic.model_freeze_months"]["parameters"]) == {"shape", "scale"}
    assert evidence["sampler"] == {"sampler": "pymc", "chains": 2, "tune": 1000, "draws": 500,
                                   "target_accept": 0.9}
    assert len(evidence["prior_decision"]["p_asic_cheaper_by_month"]) == 12
    report = (folder / "report.md").read_text()
    assert "## What the evidence changed" in report
    assert ("| time until the model changes, months | 3 past changes and a model 8 months old"
            in report)
    tree = xr.open_datatree(folder / "posterior.nc")
    assert tree["posterior"].dataset.sizes == {"chain": 2, "draw": 500}
    assert tree["posterior_predictive"].dataset["asic.model_freeze_months"].shape == (2, 500)
    assert "Wrote" in result.stdout and "posterior.nc" in result.stdout


def test_posterior_draws_are_what_the_costs_used(converged_run) -> None:
    """draws.nc holds the posterior draws: their quantiles match posterior.nc's."""
    _, folder = converged_run
    draws = xr.open_dataset(folder / "draws.nc")
    tree = xr.open_datatree(folder / "posterior.nc")
    for path in ("gpu.utilization", "facility.power_price_usd_per_kwh"):
        posterior = tree["posterior"].dataset[path].values.ravel()
        assert draws[path].attrs["evidence"] == "measurements"
        np.testing.assert_allclose(np.percentile(draws[path].values, [10, 50, 90]),
                                   np.percentile(posterior, [10, 50, 90]), rtol=0.05)


def test_divergences_warn_and_strict_exits_3_having_written_everything(mocked_run) -> None:
    result, folder = mocked_run(1.0, "--strict")
    assert result.exit_code == EXIT_NOT_CONVERGED
    assert result.stderr.startswith("warning: the NUTS chains did not converge (1000 divergent"
                                    " transitions)")
    assert "NUTS NOT converged" in result.stdout
    assert "**Warning: NUTS" in (folder / "report.md").read_text()


def test_without_strict_divergences_only_warn(capsys: pytest.CaptureFixture[str]) -> None:
    diverged = Diagnostics(converged=False, divergences=1000, max_r_hat=1.0, min_ess_bulk=400.0,
                           problems=["1000 divergent transitions"])
    check_convergence(diverged, strict=False)
    assert capsys.readouterr().err.startswith("warning: the NUTS chains did not converge")
    with pytest.raises(SystemExit) as exited:
        check_convergence(diverged, strict=True)
    assert exited.value.code == EXIT_NOT_CONVERGED


@pytest.mark.parametrize("command", [["sweep", "--draws", "200", "--workers", "1", "--x",
                                      "gpu.utilization=0.3:0.6:3"],
                                     ["stress", "--draws", "200", "--claims",
                                      "priors/claims/seed-claims.yaml"]])
def test_sweep_and_stress_say_whether_nuts_converged_and_honour_strict(mocked_run,
                                                                       command) -> None:
    name, *args = command
    result, folder = mocked_run(1.0, *args, "--strict", command=name)
    assert result.exit_code == EXIT_NOT_CONVERGED, result.output
    assert "Evidence: NUTS NOT converged" in result.stdout
    assert result.stderr.startswith("warning: the NUTS chains did not converge")
    if name == "stress":
        nuts = json.loads((folder / "claims.json").read_text())["nuts"]
        assert nuts["converged"] is False and nuts["divergences"] == 1000
    else:
        assert xr.open_dataset(folder / "sweep.nc").attrs["nuts_converged"] == 0
