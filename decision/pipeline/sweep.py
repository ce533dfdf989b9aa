"""``decide sweep``: the draws of a scenario -> a crossover map over one or two inputs, added
to ``results/<name>/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import xarray as xr

from decision.defaults import SWEEP_DRAWS
from decision.pipeline.steps import Draws, Progress, Steps, silent
from decision.scenario.priors_file import Scenario, as_scenario

if TYPE_CHECKING:
    from decision.report.schema import Diagnostics


@dataclass(frozen=True)
class SweepOutcome:
    """A sweep's grid, where it was written, and the evidence's NUTS diagnostics if any."""

    scenario: Scenario
    sweep: xr.Dataset
    files: list[Path]
    diagnostics: Diagnostics | None = None


def run_sweep(
    priors_file: str | Path | Scenario,
    x: str | None = None,
    y: str | None = None,
    *,
    draws: int = SWEEP_DRAWS,
    seed: int | None = None,
    out: str | Path = "results",
    progress: Progress = silent,
    workers: int | None = None,
    scheduler: str | None = None,
) -> SweepOutcome:
    """Sweep one or two inputs of a priors file and add ``sweep.nc`` and two figures to
    ``<out>/<name>/``.

    Parameters
    ----------
    priors_file : str, Path or Scenario
    x, y : str, optional
        Axes as ``PATH[=LO:HI][:log|:linear][:N]``; without ``x`` the default map is
        volume × model freeze.
    draws : int
        Draws of the other inputs, shared by every cell.
    seed : int, optional
    out : str or Path
    progress : callable, optional
        See :data:`Progress`.
    workers : int, optional
        1: evaluate the grid in this process. More: on a local Dask cluster of that many
        processes. Default: a process per free core.
    scheduler : str, optional
        Address of an existing Dask scheduler to run on instead.

    Raises
    ------
    decision.errors.PriorsError, decision.errors.SweepError
        When the file or an axis cannot be used; nothing is written then.
    """
    from decision.analysis.sweep import check_axes, default_axes, parse_axis, sweep
    from decision.model.sampling import draw_inputs
    from decision.report.figures.analysis import break_even_figure, sweep_figure
    from decision.report.files import add_results

    scenario = as_scenario(priors_file)
    seed = scenario.seed if seed is None else seed
    texts = [t for t in ([x, y] if x else default_axes(scenario)) if t]
    values = {p: np.asarray(v.value) for p, v in scenario.inputs.items() if not v.uncertain}
    prior_inputs = draw_inputs(scenario, draws, seed)
    values |= {p: prior_inputs[p].values for p in scenario.uncertain}
    axes = [parse_axis(text, scenario, values) for text in texts]  # before any NUTS
    check_axes(axes)

    made = Draws(scenario, draws, seed)
    result: dict[str, Any] = {}
    steps = Steps(progress)
    made.register(steps)

    def fill_grid() -> None:
        from decision.model.workers import start_workers

        running = start_workers(workers, scheduler)
        try:
            grid = sweep(made.conditional(), *axes, workers=running,
                         progress=lambda done, total: steps.report(f"sweep row {done}/{total}"))
        finally:
            running.close()
        grid.attrs |= {"seed": seed, "priors_file": scenario.file}
        if made.diagnostics is not None:
            grid.attrs["nuts_converged"] = int(made.diagnostics.converged)
        result["grid"] = grid

    def write() -> None:
        grid = result["grid"]
        figures = {"sweep": sweep_figure(grid), "break_even": break_even_figure(grid)}
        if "winner" in grid:
            from decision.report.figures.options import winner_map_figure

            figures["sweep_winner"] = winner_map_figure(grid)
        result["files"] = add_results(Path(out) / scenario.name, figures=figures,
                                      datasets={"sweep": grid})

    steps.add("sweep the grid", fill_grid)
    steps.add("write files", write)
    steps.run()
    return SweepOutcome(scenario, result["grid"], result["files"], made.diagnostics)
