"""``decide run``: priors file -> draws (-> NUTS posterior) -> costs -> decision -> what would
change it (-> claims) -> figures -> ``results/<name>/``, written atomically."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import xarray as xr

from decision.pipeline.steps import CLAIMS_STEP, Draws, Progress, Steps, scenario_claims, silent
from decision.scenario.priors_file import Scenario, as_scenario

if TYPE_CHECKING:
    from decision.claims.spec import Claim
    from decision.model.workers import Workers
    from decision.report.schema import Diagnostics, Summary


def draws_file_dataset(inputs: xr.Dataset, costs: xr.Dataset) -> xr.Dataset:
    """What ``draws.nc`` holds: every input and the horizon totals per draw.

    Monthly costs are left out (about 100 MB at 100,000 draws × 60 months); they are exact to
    recompute from the file with :func:`decision.model.costs.evaluate_costs`.
    """
    from decision.model.outcomes import contender, crossover_months, cumulative_savings, incumbent

    savings = cumulative_savings(costs)
    pair = f"{incumbent(costs)} - {contender(costs)}"
    per_draw = xr.Dataset(
        {
            "cost": costs["cost"],
            "incumbent_today": costs["incumbent_today"],
            "savings": ("draw", savings[:, -1], {"unit": "USD", "meaning": pair}),
            "crossover_month": ("draw", crossover_months(savings),
                                {"meaning": f"first month {contender(costs)} stays ahead;"
                                            " inf = never"}),
        }
    )
    return xr.merge([inputs, per_draw], combine_attrs="override")


@dataclass(frozen=True)
class RunOutcome:
    """What a run produced, for the caller to print or inspect.

    ``inputs`` and ``costs`` are what the decision used: the posterior draws when the file has
    evidence. ``diagnostics`` is ``None`` without evidence.
    """

    scenario: Scenario
    summary: Summary
    folder: Path
    inputs: xr.Dataset
    costs: xr.Dataset
    diagnostics: Diagnostics | None = None


@dataclass
class _Run:
    """What the steps of a run fill in, in order."""

    draws: Draws
    claims: tuple[Claim, ...]
    priors_file: str
    folder: Path
    workers: Workers | None = None
    costs: xr.Dataset | None = None
    prior_costs: xr.Dataset | None = None
    summary: Summary | None = None
    figures: dict[str, Any] = field(default_factory=dict)

    def evaluate_costs(self) -> None:
        from decision.model.costs import evaluate_costs

        self.costs = evaluate_costs(self.draws.inputs, self.draws.scenario.options)

    def analyse(self) -> None:
        from decision.analysis.decision import summarise
        from decision.analysis.mind_changers import mind_changers
        from decision.report.schema import Summary

        d, scenario = self.draws, self.draws.scenario
        decision = summarise(self.costs, scenario=scenario.name, priors_file=self.priors_file,
                             seed=d.seed)
        d.conditional().contender = decision.options.contender
        fit = None
        if d.fit is not None:
            from decision.analysis.posterior_error import posterior_monte_carlo_error
            from decision.evidence.posterior import summary_sections
            from decision.model.costs import evaluate_costs

            self.prior_costs = evaluate_costs(d.prior_inputs, scenario.options)
            fit = summary_sections(d.fit, scenario, d.prior_inputs, self.prior_costs,
                                   decision.options.contender)
            evidenced = {p: d.inputs[p].values for p in scenario.evidence}
            decision = replace(decision, mc_standard_error=posterior_monte_carlo_error(
                self.costs, evidenced, min(fit.posterior[p].ess_bulk for p in evidenced)))
        physics = None
        if scenario.serving is not None:
            from decision.analysis.physics import physics_summary

            physics = physics_summary(scenario.serving, decision)
        analysis = mind_changers(d.conditional(), self.costs)
        studies = waiting = None
        if scenario.studies or scenario.waiting is not None:
            from decision.analysis.studies_section import learning_sections

            studies, waiting = learning_sections(d.conditional(), self.costs, scenario.studies,
                                                 scenario.waiting, analysis.voi, self.workers)
        self.summary = Summary(decision=decision, fit=fit, analysis=analysis, physics=physics,
                               studies=studies, waiting=waiting)

    def audit_claims(self) -> None:

        from decision.claims.audit import audit_claims, claims_section

        results = claims_section(audit_claims(self.claims, self.draws.conditional()))
        self.summary = replace(self.summary, claims=results)

    def draw_figures(self) -> None:
        from decision.report.figures.analysis import (
            tornado_figure,
            value_of_information_figure,
            worth_measuring,
        )
        from decision.report.figures.claims import claims_figures
        from decision.report.figures.costs import FIGURES

        d, analysis = self.draws, self.summary.analysis
        self.figures = {name: make(self.costs) for name, make in FIGURES.items()}
        if self.costs.sizes["option"] > 2:
            from decision.report.figures.options import FIGURES as OPTION_FIGURES

            self.figures |= {name: make(self.costs) for name, make in OPTION_FIGURES.items()}
        if d.fit is not None:
            from decision.report.figures.evidence import (
                evidence_effect_figure,
                prior_posterior_figure,
            )

            self.figures |= {
                "prior_posterior": prior_posterior_figure(d.scenario, d.prior_inputs, d.inputs),
                "evidence_effect": evidence_effect_figure(self.prior_costs, self.costs)}
        if worth_measuring(analysis.voi):
            self.figures["value_of_information"] = value_of_information_figure(analysis.voi)
        self.figures["tornado"] = tornado_figure(analysis.sensitivity)
        self.figures |= claims_figures(self.summary.claims or [])
        if self.summary.studies:
            from decision.report.figures.studies import studies_figure

            self.figures["studies"] = studies_figure(self.summary.studies)
        if self.summary.waiting is not None:
            from decision.report.figures.studies import waiting_figure

            self.figures["waiting"] = waiting_figure(self.summary.waiting)

    def write(self) -> None:
        from decision.report.appendix_markdown import render_appendix
        from decision.report.claims_markdown import claims_markdown
        from decision.report.files import write_results
        from decision.report.html import render_html
        from decision.report.markdown import render_report
        from decision.report.serialise import to_json

        d, scenario = self.draws, self.draws.scenario
        texts = {"summary.json": to_json(self.summary),
                 "report.md": render_report(self.summary, scenario, list(self.figures)),
                 "appendix.md": render_appendix(self.summary, scenario, list(self.figures))}
        if self.summary.claims:
            texts["claims.md"] = claims_markdown(self.summary.claims, scenario.name,
                                                 scenario.description, list(self.figures))
        datasets: dict[str, xr.Dataset | xr.DataTree] = {
            "draws": draws_file_dataset(d.inputs, self.costs)}
        if d.fit is not None:
            datasets["posterior"] = d.fit.tree
        linked = {name: texts[name] for name in ("appendix.md", "claims.md") if name in texts}
        write_results(self.folder, texts=texts, figures=self.figures, datasets=datasets,
                      pages={"report.html": partial(render_html, texts["report.md"], linked)})


def run(
    priors_file: str | Path | Scenario,
    *,
    draws: int | None = None,
    seed: int | None = None,
    out: str | Path = "results",
    claims_file: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress = silent,
) -> RunOutcome:
    """Run the whole analysis of a priors file and write ``<out>/<name>/``.

    With an ``evidence:`` section the evidenced inputs are updated by NUTS
    (:mod:`decision.evidence.posterior`) and the decision is computed from the posterior draws;
    the same draws through the priors alone say what the evidence changed.

    Parameters
    ----------
    priors_file : str, Path or Scenario
        The priors file, or the scenario read from it.
    draws, seed : int, optional
        Override the file's ``sampling:`` settings.
    out : str or Path
        Folder that holds one sub-folder per scenario.
    claims_file : str or Path, optional
        Claims to stress-test besides the file's own ``claims:``; with any claim the run adds
        a ``claims`` summary section, ``claims.md`` and their figures.
    workers : int, optional
        Where the value of studies and of waiting is computed: 1 or none, threads of this
        process; more, a local Dask cluster of that many processes (started only for a file
        with ``studies:`` or ``waiting:``).
    scheduler : str, optional
        An existing Dask scheduler (``tcp://host:port``) for the same.
    progress : callable, optional
        See :data:`Progress`.

    Returns
    -------
    RunOutcome

    Raises
    ------
    decision.errors.PriorsError
        When the priors file cannot be used; nothing is written then.
    """
    scenario = as_scenario(priors_file)
    claims = scenario_claims(scenario, claims_file)
    seed = scenario.seed if seed is None else seed
    running = None
    if (workers is not None or scheduler is not None) and (scenario.studies or scenario.waiting):
        from decision.model.workers import start_workers

        running = start_workers(workers, scheduler)  # an unreachable scheduler fails first
    state = _Run(Draws(scenario, draws, seed), claims, scenario.file,
                 Path(out) / scenario.name, running)
    steps = Steps(progress)
    state.draws.register(steps)
    steps.add("evaluate costs", state.evaluate_costs)
    steps.add("analyse the decision", state.analyse)
    if claims:
        steps.add(CLAIMS_STEP, state.audit_claims)
    steps.add("draw figures", state.draw_figures)
    steps.add(f"write {state.folder}", state.write)
    try:
        steps.run()
    finally:
        if running is not None:
            running.close()
    return RunOutcome(scenario, state.summary, state.folder, state.draws.inputs, state.costs,
                      state.draws.diagnostics)
