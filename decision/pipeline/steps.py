"""What every command shares: steps registered in order and run with progress, the draws a
decision uses (priors, then the NUTS posterior with evidence), and the claims to test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import xarray as xr

from decision.defaults import size_problem
from decision.errors import PriorsError
from decision.scenario.priors_file import Scenario

if TYPE_CHECKING:
    from decision.claims.spec import Claim
    from decision.evidence.posterior import EvidenceFit
    from decision.model.conditional import ConditionalSavings
    from decision.report.schema import Diagnostics

#: Called with the name of each step as it starts, the steps done before it and their total.
Progress = Callable[[str, int, int], None]
EVIDENCE_STEP = "fit evidence with NUTS"
CLAIMS_STEP = "stress-test claims"


def silent(name: str, done: int, total: int) -> None:
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
        for done, (name, action) in enumerate(self.steps):
            self.done = done
            self.progress(name, done, len(self.steps))
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

    def __post_init__(self) -> None:
        problem = (None if self.draws is None
                   else size_problem(self.draws, self.scenario.horizon_months))
        if problem:
            raise PriorsError("--draws", None, None, problem)

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
    return scenario.claims + load_claims(
        claims_file, known=scenario.claims,
        catalogue={path: value.spec for path, value in scenario.inputs.items()},
        options=scenario.options)
