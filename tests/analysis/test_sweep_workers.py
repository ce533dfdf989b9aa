"""A sweep on Dask workers equals the sweep in this process, cell for cell and draw for draw."""

from __future__ import annotations

from pathlib import Path

import pytest
import xarray as xr
from click.testing import CliRunner
from distributed import Client, LocalCluster

from cli import main
from decision.analysis.sweep import Axis, sweep
from decision.model import workers
from decision.model.conditional import ConditionalSavings
from decision.model.sampling import draw_inputs
from decision.model.workers import DaskWorkers, InProcess
from decision.scenario.priors_file import load_scenario

ROOT = Path(__file__).parents[2]


def test_dask_workers_give_the_serial_sweep() -> None:
    scenario = load_scenario(ROOT / "priors" / "merchant-asic.yaml")
    model = ConditionalSavings.from_draws(scenario, draw_inputs(scenario, 600, 5), seed=5)
    x = Axis("workload.inferences_per_day", 1e7, 1e9, True, 4)
    y = Axis("asic.model_freeze_months", 3.0, 36.0, False, 3)
    serial = sweep(model, x, y, workers=InProcess())
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        distributed = sweep(model, x, y, workers=DaskWorkers(client))
    xr.testing.assert_identical(serial, distributed)


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:9", "foo"])
def test_an_unreachable_scheduler_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                              address: str) -> None:
    monkeypatch.setattr(workers, "CONNECT_TIMEOUT", "0.5s")
    result = CliRunner().invoke(main, ["sweep", str(ROOT / "priors" / "merchant-asic.yaml"),
                                       "--scheduler", address, "--draws", "200",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: --scheduler {address}: cannot reach")
    assert len(result.output.strip().splitlines()) == 1
    assert not any(tmp_path.iterdir())


@pytest.mark.slow
def test_a_local_cluster_of_processes_writes_the_serial_sweep(tmp_path: Path) -> None:
    grids = []
    for count in ("1", "2"):
        out = tmp_path / count
        result = CliRunner().invoke(main, ["sweep", str(ROOT / "priors" / "merchant-asic.yaml"),
                                           "--x", "asic.nre_usd=0:5e6:5", "--y",
                                           "asic.model_freeze_months:4", "--draws", "2000",
                                           "--workers", count, "--out", str(out)])
        assert result.exit_code == 0, result.output
        grids.append(xr.load_dataset(out / "merchant-asic" / "sweep.nc"))
    xr.testing.assert_identical(*grids)
