"""One run end to end: priors file -> draws -> costs -> summary, report, figures, netCDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xarray as xr

from decision.analysis import crossover_months, cumulative_savings, summarise
from decision.costs import evaluate_costs
from decision.plots import FIGURES
from decision.priors import Scenario, load_scenario
from decision.report import render_report
from decision.results import write_results
from decision.sampling import draw_inputs

#: Steps reported to ``progress`` before the files are written.
STEPS = ("read priors", "draw inputs", "evaluate costs", "summarise", "draw figures")
#: Every call a run makes to ``progress``: the steps, then one per file written.
PROGRESS_CALLS = len(STEPS) + len(FIGURES) + 1


@dataclass(frozen=True)
class RunOutcome:
    """What a run produced, for the caller to print or inspect."""

    scenario: Scenario
    summary: dict[str, Any]
    folder: Path
    inputs: xr.Dataset
    costs: xr.Dataset


def draws_file_dataset(inputs: xr.Dataset, costs: xr.Dataset) -> xr.Dataset:
    """What ``draws.nc`` holds: every input and the horizon totals per draw.

    Monthly costs are left out (about 100 MB at 100,000 draws × 60 months); they are exact to
    recompute from the file with :func:`decision.costs.evaluate_costs`.
    """
    savings = cumulative_savings(costs)
    per_draw = xr.Dataset(
        {
            "cost": costs["cost"],
            "gpu_today": costs["gpu_today"],
            "savings": ("draw", savings[:, -1], {"unit": "USD", "meaning": "GPU - ASIC"}),
            "crossover_month": ("draw", crossover_months(savings),
                                {"meaning": "first month the ASIC stays ahead; inf = never"}),
        }
    )
    return xr.merge([inputs, per_draw], combine_attrs="override")


def run(
    priors_file: str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
    out: str | Path = "results",
    progress: Callable[[str], None] = lambda _: None,
) -> RunOutcome:
    """Run the whole analysis of a priors file and write ``<out>/<name>/``.

    Parameters
    ----------
    priors_file : str or Path
        The scenario.
    draws, seed : int, optional
        Override the file's ``sampling:`` settings.
    out : str or Path
        Folder that holds one sub-folder per scenario.
    progress : callable, optional
        Called with the name of each step as it starts.

    Returns
    -------
    RunOutcome

    Raises
    ------
    decision.errors.PriorsError
        When the priors file cannot be used; nothing is written then.
    """
    progress("read priors")
    scenario = load_scenario(priors_file)
    seed = scenario.seed if seed is None else seed
    progress("draw inputs")
    inputs = draw_inputs(scenario, draws, seed)
    progress("evaluate costs")
    costs = evaluate_costs(inputs)
    progress("summarise")
    summary = summarise(costs, scenario=scenario.name, priors_file=str(priors_file), seed=seed)
    progress("draw figures")
    figures = {name: make(costs) for name, make in FIGURES.items()}
    report = render_report(summary, scenario, list(figures))
    folder = write_results(
        Path(out) / scenario.name,
        summary=summary,
        report=report,
        figures=figures,
        datasets={"draws": draws_file_dataset(inputs, costs)},
        on_step=lambda name: progress(f"write {name}"),
    )
    return RunOutcome(scenario, summary, folder, inputs, costs)
