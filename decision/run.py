"""One run end to end: priors file -> draws (-> posterior) -> costs -> summary, report, files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xarray as xr

from decision.analysis import crossover_months, cumulative_savings, summarise
from decision.costs import evaluate_costs
from decision.plots import (
    EVIDENCE_FIGURES,
    FIGURES,
    evidence_effect_figure,
    prior_posterior_figure,
)
from decision.priors import Scenario, load_scenario
from decision.report import render_report
from decision.results import write_results
from decision.sampling import draw_inputs

#: Steps reported to ``progress`` before the files are written (evidence runs add one).
STEPS = ("read priors", "draw inputs", "evaluate costs", "summarise", "draw figures")
EVIDENCE_STEP = "fit evidence with NUTS"

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class RunOutcome:
    """What a run produced, for the caller to print or inspect.

    ``inputs`` and ``costs`` are what the decision used: the posterior draws when the file has
    evidence. ``converged`` is ``None`` without evidence.
    """

    scenario: Scenario
    summary: dict[str, Any]
    folder: Path
    inputs: xr.Dataset
    costs: xr.Dataset
    converged: bool | None = None


def progress_calls(scenario: Scenario) -> int:
    """Every call a run of ``scenario`` makes to ``progress``: steps, then one per file."""
    if scenario.evidence:
        return len(STEPS) + 1 + len(FIGURES) + len(EVIDENCE_FIGURES) + 2
    return len(STEPS) + len(FIGURES) + 1


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
    progress: Progress = lambda step, total: None,
) -> RunOutcome:
    """Run the whole analysis of a priors file and write ``<out>/<name>/``.

    With an ``evidence:`` section the evidenced inputs are updated by NUTS
    (:mod:`decision.posterior`) and the decision is computed from the posterior draws; the
    same draws through the priors alone say what the evidence changed.

    Parameters
    ----------
    priors_file : str or Path
        The scenario.
    draws, seed : int, optional
        Override the file's ``sampling:`` settings.
    out : str or Path
        Folder that holds one sub-folder per scenario.
    progress : callable, optional
        Called with the name of each step as it starts and the run's total number of calls.

    Returns
    -------
    RunOutcome

    Raises
    ------
    decision.errors.PriorsError
        When the priors file cannot be used; nothing is written then.
    """
    scenario = load_scenario(priors_file)
    total = progress_calls(scenario)

    def step(name: str) -> None:
        progress(name, total)

    step("read priors")
    seed = scenario.seed if seed is None else seed
    step("draw inputs")
    prior_inputs = draw_inputs(scenario, draws, seed)
    inputs, fit = prior_inputs, None
    if scenario.evidence:
        step(EVIDENCE_STEP)
        from decision.posterior import fit_evidence  # PyMC only when there is evidence

        fit = fit_evidence(scenario, seed)
        inputs = draw_inputs(scenario, draws, seed, posterior=fit.quantiles)
    step("evaluate costs")
    costs = evaluate_costs(inputs)
    step("summarise")
    summary = summarise(costs, scenario=scenario.name, priors_file=str(priors_file), seed=seed)
    figures = {}
    datasets: dict[str, xr.Dataset | xr.DataTree] = {}
    if fit is not None:
        from decision.posterior import summary_sections

        prior_costs = evaluate_costs(prior_inputs)
        summary |= summary_sections(fit, scenario, prior_inputs, prior_costs)
        figures = {"prior_posterior": prior_posterior_figure(scenario, prior_inputs, inputs),
                   "evidence_effect": evidence_effect_figure(prior_costs, costs)}
        datasets["posterior"] = fit.tree
    step("draw figures")
    figures = {name: make(costs) for name, make in FIGURES.items()} | figures
    report = render_report(summary, scenario, list(figures))
    folder = write_results(
        Path(out) / scenario.name,
        summary=summary,
        report=report,
        figures=figures,
        datasets={"draws": draws_file_dataset(inputs, costs)} | datasets,
        on_step=lambda name: step(f"write {name}"),
    )
    converged = None if fit is None else fit.diagnostics.converged
    return RunOutcome(scenario, summary, folder, inputs, costs, converged)
