"""One run end to end: priors file -> draws (-> posterior) -> costs -> summary, report, files;
and a sweep: the same draws -> a crossover map added to the scenario's results."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import xarray as xr

from decision.analysis import crossover_months, cumulative_savings, summarise
from decision.analysis_plots import (
    ANALYSIS_FIGURES,
    break_even_figure,
    sweep_figure,
    tornado_figure,
    value_of_information_figure,
)
from decision.audit import CLAIM_DRAWS, audit_claims, claims_section
from decision.claims import Claim, load_claims
from decision.claims_plots import claims_figures
from decision.claims_report import claims_markdown
from decision.conditional import ConditionalSavings
from decision.costs import evaluate_costs
from decision.errors import PriorsError
from decision.mind_changers import mind_changers
from decision.plots import (
    EVIDENCE_FIGURES,
    FIGURES,
    evidence_effect_figure,
    prior_posterior_figure,
)
from decision.priors import Scenario, load_scenario
from decision.report import render_report
from decision.results import add_results, write_results
from decision.sampling import draw_inputs
from decision.sweep import DEFAULT_AXES, check_axes, parse_axis, sweep
from decision.sweep import DEFAULT_DRAWS as DEFAULT_SWEEP_DRAWS

if TYPE_CHECKING:
    from decision.posterior import EvidenceFit

#: Steps reported to ``progress`` before the files are written (evidence runs add one).
STEPS = ("read priors", "draw inputs", "evaluate costs", "summarise",
         "analyse the decision (value of information, sensitivity, break-even, risk)",
         "draw figures")
EVIDENCE_STEP = "fit evidence with NUTS"
CLAIMS_STEP = "stress-test claims (haircuts, break-even, replay)"

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


def progress_calls(scenario: Scenario, claims: tuple[Claim, ...] = ()) -> int:
    """Every call a run of ``scenario`` makes to ``progress``: steps, then one per file."""
    figures = len(FIGURES) + len(ANALYSIS_FIGURES)
    calls = len(STEPS) + figures + 1
    if scenario.evidence:
        calls += 1 + len(EVIDENCE_FIGURES) + 1
    if claims:
        calls += 1 + len({claim.kind for claim in claims})
    return calls


def scenario_claims(scenario: Scenario, claims_file: str | Path | None) -> tuple[Claim, ...]:
    """The scenario's own claims, then those of ``claims_file``.

    Raises
    ------
    decision.errors.PriorsError
        When the claims file cannot be used or repeats an id.
    """
    if claims_file is None:
        return scenario.claims
    return scenario.claims + load_claims(claims_file, known=scenario.claims)


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


def decision_inputs(scenario: Scenario, draws: int | None, seed: int,
                    step: Callable[[str], None] = lambda name: None
                    ) -> tuple[xr.Dataset, xr.Dataset, EvidenceFit | None]:
    """The draws a decision uses: the priors', then, with evidence, the posterior's.

    Returns
    -------
    prior_inputs, inputs : xarray.Dataset
        The same object when the scenario has no evidence.
    fit : EvidenceFit or None
    """
    step("draw inputs")
    prior_inputs = draw_inputs(scenario, draws, seed)
    if not scenario.evidence:
        return prior_inputs, prior_inputs, None
    step(EVIDENCE_STEP)
    from decision.posterior import fit_evidence  # PyMC only when there is evidence

    fit = fit_evidence(scenario, seed)
    return prior_inputs, draw_inputs(scenario, draws, seed, posterior=fit.quantiles), fit


def run(
    priors_file: str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
    out: str | Path = "results",
    claims_file: str | Path | None = None,
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
    claims_file : str or Path, optional
        Claims to stress-test besides the file's own ``claims:``; with any claim the run adds
        a ``claims`` summary section, ``claims.md`` and their figures.
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
    claims = scenario_claims(scenario, claims_file)
    total = progress_calls(scenario, claims)

    def step(name: str) -> None:
        progress(name, total)

    step("read priors")
    seed = scenario.seed if seed is None else seed
    prior_inputs, inputs, fit = decision_inputs(scenario, draws, seed, step)
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
    step(STEPS[4])
    model = ConditionalSavings.from_draws(scenario, inputs, seed=seed,
                                          posterior=None if fit is None else fit.quantiles)
    summary |= mind_changers(model, costs)
    texts = {}
    if claims:
        step(CLAIMS_STEP)
        summary["claims"] = claims_section(audit_claims(claims, model))
    step("draw figures")
    figures = ({name: make(costs) for name, make in FIGURES.items()} | figures
               | {"value_of_information": value_of_information_figure(summary["voi"]),
                  "tornado": tornado_figure(summary["sensitivity"])}
               | claims_figures(summary.get("claims", [])))
    if claims:
        texts["claims.md"] = claims_markdown(summary["claims"], scenario.name,
                                             scenario.description, list(figures))
    report = render_report(summary, scenario, list(figures))
    folder = write_results(
        Path(out) / scenario.name,
        summary=summary,
        report=report,
        figures=figures,
        datasets={"draws": draws_file_dataset(inputs, costs)} | datasets,
        texts=texts,
        on_step=lambda name: step(f"write {name}"),
    )
    converged = None if fit is None else fit.diagnostics.converged
    return RunOutcome(scenario, summary, folder, inputs, costs, converged)


@dataclass(frozen=True)
class SweepOutcome:
    """A sweep's grid and where it was written."""

    scenario: Scenario
    sweep: xr.Dataset
    files: list[Path]


def run_sweep(
    priors_file: str | Path,
    x: str | None = None,
    y: str | None = None,
    *,
    draws: int = DEFAULT_SWEEP_DRAWS,
    seed: int | None = None,
    out: str | Path = "results",
    progress: Progress = lambda step, total: None,
) -> SweepOutcome:
    """Sweep one or two inputs of a priors file and add ``sweep.nc`` and two figures to
    ``<out>/<name>/``.

    Parameters
    ----------
    priors_file : str or Path
    x, y : str, optional
        Axes as ``PATH[=LO:HI][:log|:linear][:N]``; without ``x`` the default map is
        volume × model freeze.
    draws : int
        Draws of the other inputs, shared by every cell.
    seed : int, optional
    out : str or Path
    progress : callable, optional

    Raises
    ------
    decision.errors.PriorsError, decision.errors.SweepError
        When the file or an axis cannot be used; nothing is written then.
    """
    scenario = load_scenario(priors_file)
    seed = scenario.seed if seed is None else seed
    texts = [x, y] if x else list(DEFAULT_AXES)
    texts = [t for t in texts if t]
    values = {p: np.asarray(v.value) for p, v in scenario.inputs.items() if not v.uncertain}
    prior_inputs = draw_inputs(scenario, draws, seed)
    values |= {p: prior_inputs[p].values for p in scenario.uncertain}
    axes = [parse_axis(text, scenario, values) for text in texts]  # before any NUTS
    check_axes(axes)

    steps = 2 + axes[0].points + 1 + (1 if scenario.evidence else 0)
    _, inputs, fit = decision_inputs(scenario, draws, seed,
                                     lambda name: progress(name, steps))
    model = ConditionalSavings.from_draws(scenario, inputs, seed=seed,
                                          posterior=None if fit is None else fit.quantiles)
    grid = sweep(model, *axes,
                 progress=lambda done, total: progress(f"sweep row {done}/{total}", steps))
    grid.attrs["seed"] = seed
    grid.attrs["priors_file"] = str(priors_file)
    progress("write files", steps)
    files = add_results(Path(out) / scenario.name,
                        figures={"sweep": sweep_figure(grid),
                                 "break_even": break_even_figure(grid)},
                        datasets={"sweep": grid})
    return SweepOutcome(scenario, grid, files)


@dataclass(frozen=True)
class StressOutcome:
    """A claims audit and the files it wrote."""

    scenario: Scenario
    claims: list[dict[str, Any]]
    files: list[Path]


def run_stress(
    priors_file: str | Path,
    claims_file: str | Path | None = None,
    *,
    draws: int = CLAIM_DRAWS,
    seed: int | None = None,
    out: str | Path = "results",
    progress: Progress = lambda step, total: None,
) -> StressOutcome:
    """Stress-test the claims of a priors file (and of ``claims_file``) against its beliefs.

    Adds ``claims.md``, ``claims.json`` and the claims figures to ``<out>/<name>/``.

    Parameters
    ----------
    priors_file : str or Path
    claims_file : str or Path, optional
    draws : int
        Draws of the team's beliefs every claim is tested on.
    seed : int, optional
    out : str or Path
    progress : callable, optional

    Raises
    ------
    decision.errors.PriorsError
        When a file cannot be used or there is no claim; nothing is written then.
    """
    scenario = load_scenario(priors_file)
    claims = scenario_claims(scenario, claims_file)
    if not claims:
        raise PriorsError(str(priors_file), None, None, "has no claims: section; add one or"
                          " pass --claims FILE (e.g. priors/claims/seed-claims.yaml)")
    seed = scenario.seed if seed is None else seed
    steps = 4 + (1 if scenario.evidence else 0)
    progress("read priors", steps)
    _, inputs, fit = decision_inputs(scenario, draws, seed, lambda name: progress(name, steps))
    model = ConditionalSavings.from_draws(scenario, inputs, seed=seed,
                                          posterior=None if fit is None else fit.quantiles)
    progress(CLAIMS_STEP, steps)
    entries = claims_section(audit_claims(claims, model))
    progress("write files", steps)
    figures = claims_figures(entries)
    document = {"scenario": scenario.name, "priors_file": str(priors_file),
                "claims_file": None if claims_file is None else str(claims_file),
                "seed": seed, "claims": entries}
    files = add_results(
        Path(out) / scenario.name, figures=figures,
        texts={"claims.md": claims_markdown(entries, scenario.name, scenario.description,
                                            list(figures)),
               "claims.json": json.dumps(document, indent=2) + "\n"})
    return StressOutcome(scenario, entries, files)
