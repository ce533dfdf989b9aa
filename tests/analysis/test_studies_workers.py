"""Studies and waits valued on Dask workers equal those valued in this process, to the bit."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from cli import main
from decision.analysis.evsi import DelayedNetBenefits, value_of_studies, value_of_waiting
from decision.model import workers
from decision.model.conditional import ConditionalSavings
from decision.model.costs import evaluate_costs
from decision.model.sampling import draw_inputs
from decision.model.workers import DaskWorkers, InProcess
from decision.scenario.priors_file import load_scenario

MERCHANT = Path(__file__).parents[2] / "priors" / "merchant-asic.yaml"


class OneThread:
    """Each item in turn on this thread: the plain loop the others must reproduce."""

    size = 1

    def map(self, function, engine, items):  # noqa: ANN001, ANN201 - the Workers protocol
        return [function(engine, item) for item in items]

    def close(self) -> None:
        return None


def valued(where) -> tuple:  # noqa: ANN001
    scenario = load_scenario(MERCHANT)
    inputs = draw_inputs(scenario, 3_000, 11)
    model = ConditionalSavings.from_draws(scenario, inputs, seed=11)
    net_benefit = -evaluate_costs(inputs, scenario.options)["monthly_cost"].sum("month").values
    delayed = DelayedNetBenefits(model, net_benefit)
    return (value_of_studies(model, delayed, scenario.studies, where),
            value_of_waiting(model, DelayedNetBenefits(model, net_benefit), scenario.waiting,
                             where))


def test_studies_and_waits_on_dask_workers_equal_the_plain_loop() -> None:
    plain = valued(OneThread())
    assert plain[0] and plain[1]
    assert valued(InProcess()) == plain
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        assert valued(DaskWorkers(client)) == plain


def test_an_unreachable_scheduler_fails_the_run_in_one_line(monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    monkeypatch.setattr(workers, "CONNECT_TIMEOUT", "0.5s")
    result = CliRunner().invoke(main, ["run", str(MERCHANT), "--scheduler", "tcp://127.0.0.1:9",
                                       "--draws", "500", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith("error: --scheduler tcp://127.0.0.1:9: cannot reach")
    assert not any(tmp_path.iterdir())


@pytest.mark.slow
def test_a_run_on_a_local_cluster_of_processes_writes_the_same_summary(tmp_path: Path) -> None:
    summaries = []
    for count in ("1", "2"):
        result = CliRunner().invoke(main, ["run", str(MERCHANT), "--draws", "3000",
                                           "--workers", count, "--out", str(tmp_path / count)])
        assert result.exit_code == 0, result.output
        summaries.append((tmp_path / count / "merchant-asic" / "summary.json").read_bytes())
    assert summaries[0] == summaries[1]
