"""The three commands end to end, each a list of named steps run in order.

``run``: priors file -> draws (-> NUTS posterior) -> costs -> decision -> what would change it
(-> claims) -> figures -> ``results/<name>/``. ``run_sweep``: the same draws -> a crossover
map added to the folder. ``run_stress``: the same draws -> the claims audit added to it.

Each command registers its steps where it builds them (:class:`Steps`), so progress counts the
steps that run, and a priors file is read and checked before the first step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import xarray as xr

from decision.defaults import CLAIM_DRAWS, SWEEP_DRAWS
from decision.errors import PriorsError
from decision.scenario.priors_file import Scenario, load_scenario

if TYPE_CHECKING:
    from decision.claims.spec import Claim
    from decision.evidence.posterior import EvidenceFit
    from decision.model.conditional import ConditionalSavings
    from decision.report.schema import ClaimEntry, Diagnostics, Summary

#: Called with the name of each step as it starts, the steps done before it and their total.
Progress = Callable[[str, int, int], None]
EVIDENCE_STEP = "fit evidence with NUTS"
CLAIMS_STEP = "stress-test claims (haircuts, break-even, replay)"


def _silent(name: str, done: int, total: int) -> None:
    """The default progress: report nothing."""


class Steps:
    """The steps of one command, registered in order, then run with progress.

    Parameters
    ----------
    progress : callable
        See :data:`Progress`.
    """

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.steps: list[tuple[str, Callable[[], None]]] = []
        self.done = 0

    def add(self, name: str, action: Callable[[], None]) -> None:
        """Register ``action`` as the next step, called ``name`` in progress."""
        self.steps.append((name, action))

    def report(self, name: str) -> None:
        """Progress within the running step (``sweep row 3/25``)."""
        self.progress(name, self.done, len(self.steps))

    def run(self) -> None:
        """Run every registered step in order."""
        for self.done, (name, action) in enumerate(self.steps):
            self.progress(name, self.done, len(self.steps))
            action()


@dataclass
class Draws:
    """The draws a decision uses: the priors', then, with evidence, the posterior's.

    ``prior_inputs`` and ``inputs`` are the same object without evidence.
    """

    scenario: Scenario
    draws: int | None
    seed: int
    prior_inputs: xr.Dataset | None = None
    inputs: xr.Dataset | None = None
    fit: EvidenceFit | None = None
    _model: ConditionalSavings | None = None

    def register(self, steps: Steps) -> None:
        """Add the steps that make the draws: priors, then NUTS when there is evidence."""
        steps.add("draw inputs", self._draw_prior)
        if self.scenario.evidence:
            steps.add(EVIDENCE_STEP, self._fit_evidence)

    @property
    def diagnostics(self) -> Diagnostics | None:
        """NUTS diagnostics of the evidence, ``None`` without evidence."""
        return None if self.fit is None else self.fit.diagnostics

    def conditional(self) -> ConditionalSavings:
        """The analysis engine over these draws (made once)."""
        from decision.model.conditional import ConditionalSavings

        if self._model is None:
            self._model = ConditionalSavings.from_draws(
                self.scenario, self.inputs, seed=self.seed,
                posterior=None if self.fit is None else self.fit.quantiles)
        return self._model

    def _draw_prior(self) -> None:
        from decision.model.sampling import draw_inputs

        self.prior_inputs = self.inputs = draw_inputs(self.scenario, self.draws, self.seed)

    def _fit_evidence(self) -> None:
        from decision.evidence.posterior import fit_evidence  # PyMC only with evidence
        from decision.model.sampling import draw_inputs

        self.fit = fit_evidence(self.scenario, self.seed)
        self.inputs = draw_inputs(self.scenario, self.draws, self.seed,
                                  posterior=self.fit.quantiles)


def scenario_claims(scenario: Scenario, claims_file: str | Path | None) -> tuple[Claim, ...]:
    """The scenario's own claims, then those of ``claims_file``.

    Raises
    ------
    decision.errors.PriorsError
        When the claims file cannot be used or repeats an id.
    """
    from decision.claims.spec import load_claims

    if claims_file is None:
        return scenario.claims
    return scenario.claims + load_claims(claims_file, known=scenario.claims)


def draws_file_dataset(inputs: xr.Dataset, costs: xr.Dataset) -> xr.Dataset:
    """What ``draws.nc`` holds: every input and the horizon totals per draw.

    Monthly costs are left out (about 100 MB at 100,000 draws × 60 months); they are exact to
    recompute from the file with :func:`decision.model.costs.evaluate_costs`.
    """
    from decision.model.outcomes import crossover_months, cumulative_savings

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
    costs: xr.Dataset | None = None
    prior_costs: xr.Dataset | None = None
    summary: Summary | None = None
    figures: dict[str, Any] = field(default_factory=dict)

    def evaluate_costs(self) -> None:
        from decision.model.costs import evaluate_costs

        self.costs = evaluate_costs(self.draws.inputs)

    def analyse(self) -> None:
        from decision.analysis.decision import summarise
        from decision.analysis.mind_changers import mind_changers
        from decision.report.schema import Summary

        d, scenario = self.draws, self.draws.scenario
        fit = None
        if d.fit is not None:
            from decision.evidence.posterior import summary_sections
            from decision.model.costs import evaluate_costs

            self.prior_costs = evaluate_costs(d.prior_inputs)
            fit = summary_sections(d.fit, scenario, d.prior_inputs, self.prior_costs)
        self.summary = Summary(
            decision=summarise(self.costs, scenario=scenario.name,
                               priors_file=self.priors_file, seed=d.seed),
            fit=fit,
            analysis=mind_changers(d.conditional(), self.costs),
        )

    def audit_claims(self) -> None:
        from dataclasses import replace

        from decision.claims.audit import audit_claims, claims_section

        results = claims_section(audit_claims(self.claims, self.draws.conditional()))
        self.summary = replace(self.summary, claims=results)

    def draw_figures(self) -> None:
        from decision.report.figures.analysis import tornado_figure, value_of_information_figure
        from decision.report.figures.claims import claims_figures
        from decision.report.figures.costs import FIGURES

        d, analysis = self.draws, self.summary.analysis
        self.figures = {name: make(self.costs) for name, make in FIGURES.items()}
        if d.fit is not None:
            from decision.report.figures.evidence import (
                evidence_effect_figure,
                prior_posterior_figure,
            )

            self.figures |= {
                "prior_posterior": prior_posterior_figure(d.scenario, d.prior_inputs, d.inputs),
                "evidence_effect": evidence_effect_figure(self.prior_costs, self.costs)}
        self.figures |= {"value_of_information": value_of_information_figure(analysis.voi),
                         "tornado": tornado_figure(analysis.sensitivity)}
        self.figures |= claims_figures(self.summary.claims or [])

    def write(self) -> None:
        from decision.report.claims_markdown import claims_markdown
        from decision.report.files import write_results
        from decision.report.markdown import render_report
        from decision.report.serialise import to_json

        d, scenario = self.draws, self.draws.scenario
        texts = {"summary.json": to_json(self.summary),
                 "report.md": render_report(self.summary, scenario, list(self.figures))}
        if self.summary.claims:
            texts["claims.md"] = claims_markdown(self.summary.claims, scenario.name,
                                                 scenario.description, list(self.figures))
        datasets: dict[str, xr.Dataset | xr.DataTree] = {
            "draws": draws_file_dataset(d.inputs, self.costs)}
        if d.fit is not None:
            datasets["posterior"] = d.fit.tree
        write_results(self.folder, texts=texts, figures=self.figures, datasets=datasets)


def run(
    priors_file: str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
    out: str | Path = "results",
    claims_file: str | Path | None = None,
    progress: Progress = _silent,
) -> RunOutcome:
    """Run the whole analysis of a priors file and write ``<out>/<name>/``.

    With an ``evidence:`` section the evidenced inputs are updated by NUTS
    (:mod:`decision.evidence.posterior`) and the decision is computed from the posterior draws;
    the same draws through the priors alone say what the evidence changed.

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
        See :data:`Progress`.

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
    seed = scenario.seed if seed is None else seed
    state = _Run(Draws(scenario, draws, seed), claims, str(priors_file),
                 Path(out) / scenario.name)
    steps = Steps(progress)
    state.draws.register(steps)
    steps.add("evaluate costs", state.evaluate_costs)
    steps.add("analyse the decision (value of information, sensitivity, break-even, risk)",
              state.analyse)
    if claims:
        steps.add(CLAIMS_STEP, state.audit_claims)
    steps.add("draw figures", state.draw_figures)
    steps.add(f"write {state.folder}", state.write)
    steps.run()
    return RunOutcome(scenario, state.summary, state.folder, state.draws.inputs, state.costs,
                      state.draws.diagnostics)


@dataclass(frozen=True)
class SweepOutcome:
    """A sweep's grid, where it was written, and the evidence's NUTS diagnostics if any."""

    scenario: Scenario
    sweep: xr.Dataset
    files: list[Path]
    diagnostics: Diagnostics | None = None


def run_sweep(
    priors_file: str | Path,
    x: str | None = None,
    y: str | None = None,
    *,
    draws: int = SWEEP_DRAWS,
    seed: int | None = None,
    out: str | Path = "results",
    progress: Progress = _silent,
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
        See :data:`Progress`.

    Raises
    ------
    decision.errors.PriorsError, decision.errors.SweepError
        When the file or an axis cannot be used; nothing is written then.
    """
    from decision.analysis.sweep import DEFAULT_AXES, check_axes, parse_axis, sweep
    from decision.model.sampling import draw_inputs
    from decision.report.figures.analysis import break_even_figure, sweep_figure
    from decision.report.files import add_results

    scenario = load_scenario(priors_file)
    seed = scenario.seed if seed is None else seed
    texts = [t for t in ([x, y] if x else DEFAULT_AXES) if t]
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
        grid = sweep(made.conditional(), *axes,
                     progress=lambda done, total: steps.report(f"sweep row {done}/{total}"))
        grid.attrs |= {"seed": seed, "priors_file": str(priors_file)}
        if made.diagnostics is not None:
            grid.attrs["nuts_converged"] = int(made.diagnostics.converged)
        result["grid"] = grid

    def write() -> None:
        grid = result["grid"]
        result["files"] = add_results(Path(out) / scenario.name,
                                      figures={"sweep": sweep_figure(grid),
                                               "break_even": break_even_figure(grid)},
                                      datasets={"sweep": grid})

    steps.add("sweep the grid", fill_grid)
    steps.add("write files", write)
    steps.run()
    return SweepOutcome(scenario, result["grid"], result["files"], made.diagnostics)


@dataclass(frozen=True)
class StressOutcome:
    """A claims audit, the files it wrote, and the evidence's NUTS diagnostics if any."""

    scenario: Scenario
    claims: list[ClaimEntry]
    files: list[Path]
    diagnostics: Diagnostics | None = None


def run_stress(
    priors_file: str | Path,
    claims_file: str | Path | None = None,
    *,
    draws: int = CLAIM_DRAWS,
    seed: int | None = None,
    out: str | Path = "results",
    progress: Progress = _silent,
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
        See :data:`Progress`.

    Raises
    ------
    decision.errors.PriorsError
        When a file cannot be used or there is no claim; nothing is written then.
    """
    from decision.claims.audit import audit_claims, claims_section
    from decision.report.claims_markdown import claims_markdown
    from decision.report.figures.claims import claims_figures
    from decision.report.files import add_results
    from decision.report.schema import ClaimsDocument
    from decision.report.serialise import to_json

    scenario = load_scenario(priors_file)
    claims = scenario_claims(scenario, claims_file)
    if not claims:
        raise PriorsError(str(priors_file), None, None, "has no claims: section; add one or"
                          " pass --claims FILE (e.g. priors/claims/seed-claims.yaml)")
    seed = scenario.seed if seed is None else seed
    made = Draws(scenario, draws, seed)
    result: dict[str, Any] = {}
    steps = Steps(progress)
    made.register(steps)

    def audit() -> None:
        result["claims"] = claims_section(audit_claims(claims, made.conditional()))

    def write() -> None:
        entries = result["claims"]
        figures = claims_figures(entries)
        document = ClaimsDocument(scenario.name, str(priors_file),
                                  None if claims_file is None else str(claims_file), seed,
                                  entries, nuts=made.diagnostics)
        result["files"] = add_results(
            Path(out) / scenario.name, figures=figures,
            texts={"claims.md": claims_markdown(entries, scenario.name, scenario.description,
                                                list(figures)),
                   "claims.json": to_json(document)})

    steps.add(CLAIMS_STEP, audit)
    steps.add("write files", write)
    steps.run()
    return StressOutcome(scenario, result["claims"], result["files"], made.diagnostics)
