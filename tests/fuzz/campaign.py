"""Run fuzzed files through what the commands do with them: a priors file is loaded, drawn and
costed (``decide run``'s first steps); a claims file is audited against a shipped scenario
(``decide stress``); a platform sheet or a model shape is run through the roofline
(``decide throughput``); a benchmark file is predicted (``decide calibrate``)."""

from __future__ import annotations

import shutil
import tempfile
import traceback
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from decision.errors import PriorsError
from tests.fuzz.mutate import mutations

#: Draws of an accepted file, enough to reach every code path of the core.
DRAWS = 64
#: The custom platform sheets shipped priors files name by a relative path.
DESIGNS = Path(__file__).parents[2] / "priors" / "designs"
#: The scenario a fuzzed claims file is audited against.
CLAIMS_SCENARIO = Path(__file__).parents[2] / "priors" / "merchant-asic.yaml"


@dataclass
class Outcomes:
    """How many files ended each way, and the first few internal errors."""

    counts: Counter = field(default_factory=Counter)
    internal: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{k}: {v}" for k, v in sorted(self.counts.items())]
        return "\n".join(lines + self.internal[:5])


def run_campaign(count: int, seed: int = 0) -> Outcomes:
    """Use each of ``count`` mutations as its command would.

    Outcomes: ``rejected`` (one-line error), ``accepted`` (finite results), and the failures
    ``internal error``, ``multi-line error``, ``warning`` and ``non-finite results``; each also
    counted by kind of file (``accepted priors``).
    """
    outcomes = Outcomes()
    with tempfile.TemporaryDirectory() as folder:
        # Sheets a shipped file names relative to itself resolve from the fuzzed copy too.
        shutil.copytree(DESIGNS, Path(folder) / DESIGNS.name)
        for kind, name, description, text in mutations(count, seed):
            # A sheet, shape or benchmark file must keep its name: its `name:` matches it.
            path = Path(folder) / (name if kind in ("sheet", "model", "benchmarks")
                                   else "fuzzed.yaml")
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    finite = USES[kind](path)
                    outcome = "accepted" if finite else "non-finite results"
                    if not finite:
                        outcomes.internal.append(f"{description}: non-finite results")
                except PriorsError as exc:
                    outcome = "multi-line error" if "\n" in str(exc) else "rejected"
                except Exception:  # noqa: BLE001 - counting them is the point
                    outcome = "internal error"
                    outcomes.internal.append(f"{description}\n{traceback.format_exc(limit=3)}")
            if caught and outcome in ("rejected", "accepted"):
                outcome = "warning"
                outcomes.internal.append(f"{description}: {caught[0].message}")
            outcomes.counts[outcome] += 1
            outcomes.counts[f"{outcome} {kind}"] += 1
    return outcomes


def _use_priors(path: Path) -> bool:
    from decision.model.costs import evaluate_costs
    from decision.model.sampling import draw_inputs
    from decision.scenario.priors_file import load_scenario

    scenario = load_scenario(path)
    costs = evaluate_costs(draw_inputs(scenario, DRAWS, scenario.seed))
    return bool(np.isfinite(costs["monthly_cost"].values).all())


def _use_claims(path: Path) -> bool:
    from decision.claims.audit import audit_claims, claims_section
    from decision.claims.spec import load_claims
    from decision.model.conditional import ConditionalSavings
    from decision.model.sampling import draw_inputs
    from decision.scenario.priors_file import load_scenario

    claims = load_claims(path)
    scenario = load_scenario(CLAIMS_SCENARIO)
    model = ConditionalSavings.from_draws(scenario, draw_inputs(scenario, DRAWS, 0), seed=0)
    entries = claims_section(audit_claims(claims, model))
    return all(entry.p_prior == entry.p_prior for entry in entries)


def _use_sheet(path: Path) -> bool:
    from decision.performance.shapes import find_model
    from decision.platforms.sheet import load_platform

    return _roofline(load_platform(path), find_model("llama-3-8b"))


def _use_model(path: Path) -> bool:
    from decision.performance.shapes import load_model
    from decision.platforms.catalogue import find_platform

    return _roofline(find_platform("h100-sxm"), load_model(path))


def _roofline(sheet, shape) -> bool:
    """``decide throughput``'s path: the sheet's chip at BF16, 512 in and 64 out tokens."""
    from decision.performance.chips import check_replica, sheet_chip
    from decision.performance.roofline import Request, RooflineError, throughput

    rng = np.random.default_rng(0)
    chip = sheet_chip(sheet, "bf16", lambda name: rng.random(DRAWS))
    output = 0.0 if shape.architecture == "encoder" else 64.0
    try:
        result = throughput(shape, chip, Request(np.full(DRAWS, 512.0),
                                                 np.full(DRAWS, output), 2.0, 2.0))
    except RooflineError as exc:  # decide throughput prints it as one line
        raise PriorsError(sheet.name, None, None, str(exc)) from None
    check_replica(sheet, result.chips, shape.name)
    return bool(np.isfinite(result.requests_per_s_per_chip).all())


def _use_benchmarks(path: Path) -> bool:
    from decision.performance.benchmarks import calibrate, load_benchmarks

    results = [calibrate(measured, draws=DRAWS) for measured in load_benchmarks(path)[:2]]
    return all(np.isfinite(result.predicted).all() for result in results)


#: How each kind of file is used.
USES = {"priors": _use_priors, "claims": _use_claims, "sheet": _use_sheet,
        "model": _use_model, "benchmarks": _use_benchmarks}
