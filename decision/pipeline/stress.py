"""``decide stress``: the draws of a scenario -> every claim stress-tested or replayed ->
``claims.md``, ``claims.json`` and figures added to ``results/<name>/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision.defaults import CLAIM_DRAWS
from decision.errors import PriorsError
from decision.pipeline.steps import CLAIMS_STEP, Draws, Progress, Steps, scenario_claims, silent
from decision.scenario.priors_file import Scenario, as_scenario

if TYPE_CHECKING:
    from decision.report.schema import ClaimEntry, Diagnostics


@dataclass(frozen=True)
class StressOutcome:
    """A claims audit, the files it wrote, and the evidence's NUTS diagnostics if any."""

    scenario: Scenario
    claims: list[ClaimEntry]
    files: list[Path]
    diagnostics: Diagnostics | None = None


def run_stress(
    priors_file: str | Path | Scenario,
    claims_file: str | Path | None = None,
    *,
    draws: int = CLAIM_DRAWS,
    seed: int | None = None,
    out: str | Path = "results",
    progress: Progress = silent,
) -> StressOutcome:
    """Stress-test the claims of a priors file (and of ``claims_file``) against its beliefs.

    Adds ``claims.md``, ``claims.json`` and the claims figures to ``<out>/<name>/``.

    Parameters
    ----------
    priors_file : str, Path or Scenario
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

    scenario = as_scenario(priors_file)
    claims = scenario_claims(scenario, claims_file)
    if not claims:
        raise PriorsError(scenario.file, None, None, "has no claims: section; add one or"
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
        document = ClaimsDocument(scenario.name, scenario.file,
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
